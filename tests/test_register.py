"""Newcomers sign up under a pseudonym; they wait, pending, until an organizer takes them in."""
import pytest

from network.auth import service
from network.models import Invitation, NewcomerProfile, User

PASSWORD = "мой длинный пароль"


def _form(**changes):
    form = {"display_name": "Алексей", "email": "alexei@example.test", "password": PASSWORD,
            "confirm": PASSWORD, "city": "Lyon", "languages": ["ru", "uk"],
            "needs": ["mentor", "housing"], "notes": "Без паспорта. Говорю по-русски."}
    form.update(changes)
    return form


def test_newcomer_signs_up_pending_and_sees_a_waiting_page(client, app):
    response = client.post("/register", data=_form())
    assert response.status_code == 302
    user = User.get(User.email == "alexei@example.test")
    assert (user.role, user.status, user.display_name) == ("newcomer", "pending", "Алексей")
    profile = NewcomerProfile.get(NewcomerProfile.user == user)
    assert (profile.city, profile.languages, profile.needs) == ("Lyon", "ru,uk", "mentor,housing")
    assert profile.notes == "Без паспорта. Говорю по-русски."
    assert b"Your request is registered" in client.get("/").data


def test_pending_newcomer_sees_no_one(client, app, auth):
    client.post("/register", data=_form())
    assert client.get("/people/newcomers").status_code == 403
    assert client.get("/invitations").status_code == 403


@pytest.mark.parametrize("changes, message", [
    ({"email": "not an email"}, b"Enter a valid email address."),
    ({"password": "short", "confirm": "short"}, b"Use at least 10 characters."),
    ({"confirm": "something else entirely"}, b"The passwords do not match."),
    ({"display_name": ""}, b"This field is required."),
    ({"display_name": "x" * 81}, b"between 2 and 80 characters"),
    ({"referral_code": "made-up-code"}, b"This referral code is not valid or has expired."),
])
def test_bad_input_gets_a_message_and_writes_nothing(client, app, changes, message):
    response = client.post("/register", data=_form(**changes))
    assert response.status_code == 200
    assert message in response.data
    assert User.select().count() == 0 and NewcomerProfile.select().count() == 0


def test_duplicate_email_writes_nothing(client, app, newcomer):
    response = client.post("/register", data=_form(email=newcomer.email.upper()))
    assert b"An account with this email already exists." in response.data
    assert User.select().count() == 1 and NewcomerProfile.select().count() == 1


def test_referral_code_links_the_referrer_and_is_used_up(app, mentor):
    with app.app_context():
        _, code = service.create_invitation(mentor, "newcomer")
    client = app.test_client()
    assert client.post("/register", data=_form(referral_code=code)).status_code == 302
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
    assert Invitation.get().used_at is None


def test_referral_code_is_prefilled_from_the_link(client, app):
    assert b'value="abc123"' in client.get("/register?code=abc123").data


def test_user_text_keeps_its_script_and_is_escaped(client, app, auth, organizer):
    client.post("/register", data=_form(notes="<script>alert(1)</script> Привіт"))
    client.post("/logout")
    auth.login(organizer)
    user = User.get(User.email == "alexei@example.test")
    page = client.get(f"/people/newcomers/{user.id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Привіт" in page
    assert "<script>alert(1)" not in page
