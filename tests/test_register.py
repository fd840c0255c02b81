"""Newcomers sign up under a pseudonym by an emailed link; they wait, pending, until an organizer
takes them in. The form answers the same whether an address has an account or not."""
import logging
import re
from datetime import timedelta

import pytest

from network.auth import service, signup
from network.db import db
from network.models import (
    HelpRequest,
    Invitation,
    NewcomerProfile,
    Notification,
    OutboxEmail,
    PendingSignup,
    User,
    utcnow,
)
from network.timeutil import paris_date

from .factories import emailed_link, emails_to, follow_signup_link, make_newcomer, make_organizer

PASSWORD = "мой длинный пароль"
SENT = b"We sent a link to"


@pytest.fixture
def app_config(app_config):
    """Mail waits in the outbox (nothing delivers it in tests), where the tests read links."""
    return {**app_config, "SMTP_HOST": "smtp.invalid"}


def _form(**changes):
    form = {"display_name": "Алексей", "email": "alexei@example.test", "password": PASSWORD,
            "confirm": PASSWORD, "city": "Lyon", "languages": ["ru", "uk"],
            "needs": ["mentor", "housing"], "notes": "Без паспорта. Говорю по-русски.",
            "contact_channel": "telegram", "contact": "@alexei_lyon"}
    form.update(changes)
    return form


def _signed_up(client, **changes):
    form = _form(**changes)
    assert SENT in client.post("/register", data=form).data
    return follow_signup_link(client, form["email"])


def test_newcomer_confirms_by_link_and_lands_pending_on_the_waiting_page(client, app):
    response = client.post("/register", data=_form())
    assert response.status_code == 200 and SENT in response.data
    assert User.select().count() == 0 and PendingSignup.select().count() == 1
    response = follow_signup_link(client, "alexei@example.test")
    assert response.status_code == 302 and response.headers["Location"] == "/help/new/housing"
    user = User.get(User.email == "alexei@example.test")
    assert (user.role, user.status, user.display_name) == ("newcomer", "pending", "Алексей")
    profile = NewcomerProfile.get(NewcomerProfile.user == user)
    assert (profile.city, list(profile.languages.items()), profile.needs) == (
        "Lyon", [("ru", "native"), ("uk", "native")], ("mentor", "housing"))
    assert profile.notes == "Без паспорта. Говорю по-русски."
    assert PendingSignup.select().count() == 0
    assert b"Your request is registered" in client.get("/").data


def test_the_language_the_page_was_in_is_kept_on_the_account(client, app):
    headers = {"Accept-Language": "ru-RU,ru;q=0.9"}
    assert client.post("/register", data=_form(), headers=headers).status_code == 200
    assert re.search("[а-яё]", emails_to("alexei@example.test")[0].subject)
    follow_signup_link(client, "alexei@example.test")
    assert User.get(User.email == "alexei@example.test").locale == "ru"


def test_needs_ticked_at_sign_up_become_open_requests_on_the_home_page(client, app):
    form = _form(needs=["mentor", "housing", "language"])
    client.post("/register", data=form)
    response = follow_signup_link(client, form["email"])
    user = User.get(User.email == form["email"])
    opened = [(r.kind, r.status) for r in HelpRequest.select().where(HelpRequest.newcomer == user)]
    assert opened == [("mentor", "open")]
    # The needs that want details are asked next, one form after the other.
    assert response.headers["Location"] == "/help/new/housing"
    tomorrow = (paris_date(utcnow()) + timedelta(days=1)).isoformat()
    response = client.post("/help/new/housing", data={"urgency": "this_week", "start": tomorrow,
                                                      "nights": 7, "people": 1})
    assert response.headers["Location"] == "/help/new/language"
    response = client.post("/help/new/language", data={"wants": "fr", "level": "a0"})
    assert response.headers["Location"] == "/help/"
    kinds = {r.kind for r in HelpRequest.select().where(HelpRequest.status == "open")}
    assert kinds == {"mentor", "housing", "language"}
    home = client.get("/").get_data(as_text=True)
    assert home.count("/help/requests/") >= 3


def test_a_sign_up_without_needs_opens_no_request(client, app):
    follow = _signed_up(client, needs=[])
    assert follow.headers["Location"] == "/"
    assert HelpRequest.select().count() == 0


def test_pending_newcomer_sees_no_one(client, app):
    _signed_up(client)
    assert client.get("/people/newcomers").status_code == 403
    assert client.get("/invitations").status_code == 403


@pytest.mark.parametrize("changes, message", [
    ({"email": "not an email"}, b"Enter a valid email address."),
    ({"password": "short", "confirm": "short"}, b"Use at least 10 characters."),
    ({"confirm": "something else entirely"}, b"The passwords do not match."),
    ({"display_name": ""}, b"This field is required."),
    ({"display_name": "x" * 81}, b"between 2 and 80 characters"),
    ({"display_name": "   "}, b"between 2 and 80 characters"),
    ({"contact_channel": "", "contact": ""}, b"This field is required."),
    ({"contact_channel": "phone", "contact": "12 34"}, b"Write a phone number"),
    ({"contact_channel": "telegram", "contact": "x" * 121}, b"This contact is too long."),
    ({"password": " " * 10, "confirm": " " * 10}, b"Use at least 10 characters."),
    ({"referral_code": "made-up-code"}, b"This referral code is not valid or has expired."),
])
def test_bad_input_gets_a_message_and_writes_nothing(client, app, changes, message):
    response = client.post("/register", data=_form(**changes))
    assert response.status_code == 200
    assert message in response.data
    assert User.select().count() == 0 and PendingSignup.select().count() == 0
    assert OutboxEmail.select().count() == 0


def _answer(app, email):
    """Status and page of a fresh visitor's sign-up, less the address and the session's token."""
    response = app.test_client().post("/register", data=_form(email=email))
    page = response.get_data(as_text=True).replace(email.lower(), "ADDRESS")
    return response.status_code, re.sub(r'name="csrf_token" value="[^"]*"', "", page)


def test_an_existing_address_gets_the_same_answer_and_its_owner_a_notice(app):
    owner = make_newcomer(email="taken@example.test", locale="ru")
    before = User.get_by_id(owner.id).__data__
    assert _answer(app, "taken@example.test") == _answer(app, "free@example.test")
    assert User.get_by_id(owner.id).__data__ == before
    assert NewcomerProfile.select().count() == 1
    assert PendingSignup.select().count() == 1  # the new address's only
    notice = emails_to("taken@example.test")[0]
    assert "пытался" in notice.subject and "/login" in notice.body
    assert Notification.get(Notification.recipient == owner).payload["code"] == "signup_attempt"
    # The same upper-cased, and again the same day: one notice a day at most.
    assert _answer(app, "TAKEN@example.test")[0] == 200
    assert len(emails_to("taken@example.test")) == 1


def test_both_answers_do_the_same_work(app, monkeypatch):
    make_newcomer(email="taken@example.test")
    hashed = []
    monkeypatch.setattr(signup, "hash_password",
                        lambda password: hashed.append(password) or service.hash_password(password))
    _answer(app, "taken@example.test")
    _answer(app, "free@example.test")
    assert hashed == [PASSWORD, PASSWORD]


@pytest.mark.parametrize("exists", [True, False])
def test_an_address_mixing_alphabets_is_refused_whether_or_not_its_twin_exists(app, exists):
    if exists:
        make_organizer(email="organizer@demo.test")
    response = app.test_client().post("/register", data=_form(email="оrganizer@demo.test"))
    assert b"mixes letters of different alphabets" in response.data
    assert PendingSignup.select().count() == 0 and OutboxEmail.select().count() == 0


def test_a_lookalike_of_an_account_gets_no_account_and_is_told_by_email(app):
    owner = make_organizer(email="organizer@demo.test")
    assert _answer(app, "0rganizer@demo.test") == _answer(app, "free@example.test")
    assert PendingSignup.select().count() == 1  # the free address's only
    refusal = emails_to("0rganizer@demo.test")[0]
    assert "looks too much like" in refusal.body and "http" not in refusal.body
    assert Notification.get(Notification.recipient == owner).payload["code"] == "signup_attempt"


def test_an_account_made_meanwhile_with_a_lookalike_voids_the_link(client, app):
    client.post("/register", data=_form(email="rnentor@example.test"))
    make_newcomer(email="mentor@example.test")
    path = emailed_link("rnentor@example.test")
    assert client.post(path).status_code == 404
    assert User.select().where(User.email == "rnentor@example.test").count() == 0


@pytest.mark.parametrize("name", ["Olga Organizer", "olga  ORGANIZER", "0lga Оrganizer",
                                  "OIga Organizer"])
def test_an_organizers_name_is_refused(client, organizer, name):
    response = client.post("/register", data=_form(display_name=name))
    assert b"too close to the name of an organizer" in response.data
    assert PendingSignup.select().count() == 0


def test_a_link_works_once(app):
    app.test_client().post("/register", data=_form())
    path = emailed_link("alexei@example.test")
    assert app.test_client().post(path).status_code == 302
    replay = app.test_client()
    assert replay.get(path).status_code == 404 and replay.post(path).status_code == 404
    assert User.select().count() == 1


def test_an_expired_link_creates_nothing(client, app):
    client.post("/register", data=_form())
    PendingSignup.update(expires_at=utcnow() - timedelta(seconds=1)).execute()
    path = emailed_link("alexei@example.test")
    assert client.get(path).status_code == 404 and client.post(path).status_code == 404
    assert User.select().count() == 0


def test_a_mail_scanner_opening_the_link_creates_nothing(client, app):
    client.post("/register", data=_form())
    assert app.test_client().get(emailed_link("alexei@example.test")).status_code == 200
    assert User.select().count() == 0 and PendingSignup.select().count() == 1


def test_the_pending_row_and_the_link_hold_no_clear_text(client, app):
    client.post("/register", data=_form(city="Besançon"))
    row = db.execute_sql("SELECT * FROM pending_signup").fetchone()
    stored = " ".join(str(value) for value in row)
    token = emailed_link("alexei@example.test").rsplit("/", 1)[1]
    for clear in ("alexei@example.test", "Алексей", "Besançon", "паспорта", "housing", PASSWORD,
                  token):
        assert clear not in stored


def test_referral_code_links_the_referrer_and_is_used_up_at_confirmation(app, mentor):
    with app.app_context():
        _, code = service.create_invitation(mentor, "newcomer")
    client = app.test_client()
    client.post("/register", data=_form(referral_code=code))
    assert Invitation.get().used_at is None
    assert follow_signup_link(client, "alexei@example.test").status_code == 302
    user = User.get(User.email == "alexei@example.test")
    assert user.referred_by_id == mentor.id and user.status == "pending"
    assert Invitation.get().used_by_id == user.id
    second = app.test_client().post("/register", data=_form(email="b@example.test",
                                                            referral_code=code))
    assert b"This referral code is not valid or has expired." in second.data


def test_a_volunteer_invitation_is_not_a_referral_code(app, organizer):
    with app.app_context():
        _, token = service.create_invitation(organizer, "organizer")
    response = app.test_client().post("/register", data=_form(referral_code=token))
    assert b"This referral code is not valid or has expired." in response.data
    assert Invitation.get().used_at is None and PendingSignup.select().count() == 0


def test_referral_code_is_prefilled_from_the_link(client, app):
    assert b'value="abc123"' in client.get("/register?code=abc123").data


def test_user_text_keeps_its_script_and_is_escaped(client, app, auth, organizer):
    _signed_up(client, notes="<script>alert(1)</script> Привіт")
    client.post("/logout")
    auth.login(organizer)
    user = User.get(User.email == "alexei@example.test")
    page = client.get(f"/people/newcomers/{user.id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Привіт" in page
    assert "<script>alert(1)" not in page


def test_without_a_mail_server_development_shows_the_link_in_the_log(client, app, caplog):
    app.config["SMTP_HOST"] = ""
    with caplog.at_level(logging.WARNING):
        assert SENT in client.post("/register", data=_form()).data
    assert OutboxEmail.select().count() == 0
    path = re.search(r"https?://\S+(/register/confirm/\S+)", caplog.text).group(1)
    assert client.post(path).status_code == 302
    assert User.get().email == "alexei@example.test"


def test_without_a_mail_server_production_logs_no_link(client, app, caplog):
    app.config.update(SMTP_HOST="", PRODUCTION=True)
    with caplog.at_level(logging.WARNING):
        assert SENT in client.post("/register", data=_form()).data
    assert "SMTP_HOST is not set" in caplog.text and "/register/confirm/" not in caplog.text
    assert "alexei@example.test" not in caplog.text
