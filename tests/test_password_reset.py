"""A forgotten password: a link by email, or handed over in person by two organizers."""
import re
from datetime import timedelta

import pytest

from network.models import Approval, AuditEvent, OutboxEmail, PasswordReset, utcnow

from .factories import PASSWORD, emailed_link, emails_to, make_newcomer, make_organizer

NEW = "une phrase assez longue"


@pytest.fixture
def app_config(app_config):
    """Mail waits in the outbox, where the tests read links."""
    return {**app_config, "SMTP_HOST": "smtp.invalid"}


def _log_in(client, user, password=PASSWORD):
    return client.post("/login", data={"email": user.email, "password": password})


def _reset(client, path, password=NEW):
    return client.post(path, data={"password": password, "confirm": password})


def test_the_login_page_links_to_forgot(client, app):
    assert b'href="/forgot"' in client.get("/login").data


def test_an_emailed_link_sets_the_password_and_ends_every_session(app, client, newcomer):
    elsewhere = app.test_client()
    assert _log_in(elsewhere, newcomer).status_code == 302
    assert elsewhere.get("/help/").status_code == 200
    client.post("/forgot", data={"email": newcomer.email.upper()})
    path = emailed_link(newcomer.email)
    token = path.rsplit("/", 1)[1]
    # Stored hashed: the database holds nothing that opens the link.
    assert all(token not in row.token_hash for row in PasswordReset.select())
    assert client.get(path).status_code == 200
    assert _reset(client, path).headers["Location"] == "/login"
    assert elsewhere.get("/help/").status_code == 302
    assert _log_in(app.test_client(), newcomer).status_code == 200
    assert _log_in(app.test_client(), newcomer, NEW).status_code == 302
    assert AuditEvent.get(AuditEvent.action == "password.reset").target_id == newcomer.id


def test_a_link_works_once(client, newcomer):
    client.post("/forgot", data={"email": newcomer.email})
    path = emailed_link(newcomer.email)
    _reset(client, path)
    assert _reset(client, path, "a third long password").status_code == 404
    assert _log_in(client, newcomer, "a third long password").status_code == 200


def test_an_expired_link_opens_nothing(client, newcomer):
    client.post("/forgot", data={"email": newcomer.email})
    PasswordReset.update(expires_at=utcnow() - timedelta(seconds=1)).execute()
    path = emailed_link(newcomer.email)
    assert client.get(path).status_code == 404
    assert _reset(client, path).status_code == 404
    assert _log_in(client, newcomer).status_code == 302


def test_asking_again_voids_the_earlier_link(client, newcomer):
    client.post("/forgot", data={"email": newcomer.email})
    first = emailed_link(newcomer.email)
    client.post("/forgot", data={"email": newcomer.email})
    assert client.get(first).status_code == 404
    assert client.get(emailed_link(newcomer.email)).status_code == 200


def _page(response):
    # The answer without the per-session CSRF token of the language switcher.
    return re.sub(r'value="[^"]*"', "", response.get_data(as_text=True))


def test_the_answer_is_the_same_whether_the_address_has_an_account(app, newcomer):
    known = _page(app.test_client().post("/forgot", data={"email": newcomer.email}))
    unknown = _page(app.test_client().post("/forgot", data={"email": "nobody@example.test"}))
    assert known.replace(newcomer.email, "ADDRESS") == unknown.replace("nobody@example.test",
                                                                      "ADDRESS")
    assert emails_to("nobody@example.test") == []


def test_a_suspended_account_gets_no_link(client, app):
    person = make_newcomer(status="suspended")
    client.post("/forgot", data={"email": person.email})
    assert OutboxEmail.select().count() == 0


def test_the_email_is_in_the_language_of_the_account(client, app):
    person = make_newcomer(locale="ru")
    client.post("/forgot", data={"email": person.email}, headers={"Accept-Language": "fr"})
    email = emails_to(person.email)[0]
    assert re.search("[а-яё]", email.subject) and re.search("[а-яё]", email.body)


def test_a_password_of_spaces_is_refused_and_the_link_still_works(client, newcomer):
    client.post("/forgot", data={"email": newcomer.email})
    path = emailed_link(newcomer.email)
    response = _reset(client, path, " " * 12)
    assert response.status_code == 200 and b"Use at least 10 characters." in response.data
    assert client.get(path).status_code == 200


def test_forgot_is_rate_limited_per_account(app, newcomer):
    answers = [app.test_client().post("/forgot", data={"email": newcomer.email}).status_code
               for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert len(emails_to(newcomer.email)) == 3


@pytest.fixture
def second(app, organizer):
    return make_organizer(name="Second Organizer")


def _link_on(response):
    return re.search(r"<code>https?://[^/]+(/reset/[^<]+)</code>", response.get_data(as_text=True))


def test_a_handed_over_link_needs_a_second_organizer(app, client, auth, organizer, second,
                                                      newcomer):
    auth.login(organizer)
    response = client.post(f"/people/{newcomer.id}/password-reset")
    assert response.status_code == 302 and PasswordReset.select().count() == 0
    approval = Approval.get(Approval.kind == "reset_password")
    # The organizer who asked cannot confirm, and sees no link.
    response = client.post(f"/people/approvals/{approval.id}/confirm")
    assert _link_on(response) is None and PasswordReset.select().count() == 0
    auth.logout()
    auth.login(second)
    response = client.post(f"/people/approvals/{approval.id}/confirm")
    path = _link_on(response).group(1)
    # Shown once: the approvals page does not show it again.
    assert path not in client.get("/people/approvals").get_data(as_text=True)
    person = app.test_client()
    assert _reset(person, path).status_code == 302
    assert _log_in(person, newcomer, NEW).status_code == 302


def test_an_organizer_cannot_hand_a_link_to_their_own_account(client, auth, organizer, second):
    auth.login(organizer)
    client.post(f"/people/{organizer.id}/password-reset")
    assert Approval.select().count() == 0
    auth.logout()
    auth.login(second)
    client.post(f"/people/{organizer.id}/password-reset")
    approval = Approval.get(Approval.kind == "reset_password")
    auth.logout()
    auth.login(organizer)
    response = client.post(f"/people/approvals/{approval.id}/confirm")
    assert _link_on(response) is None and PasswordReset.select().count() == 0


def test_with_one_organizer_the_link_is_shown_at_once(client, auth, organizer, newcomer):
    auth.login(organizer)
    response = client.post(f"/people/{newcomer.id}/password-reset")
    assert response.status_code == 200 and _link_on(response) is not None


def test_nobody_else_can_start_a_reset(client, auth, mentor, newcomer):
    auth.login(mentor)
    assert client.post(f"/people/{newcomer.id}/password-reset").status_code == 403
    assert PasswordReset.select().count() == 0
