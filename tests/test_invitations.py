"""Invitation links: hashed, single use, expiring, revocable, bound to an email if given."""
import threading
from datetime import timedelta

import pytest

from network.auth import service
from network.models import Invitation, Notification, PendingSignup, User, VolunteerProfile, utcnow

from .factories import PASSWORD, emailed_link, emails_to, follow_signup_link, make_mentor

NEW_PASSWORD = "a long enough passphrase"


SENT = b"We sent a link to"


@pytest.fixture
def app_config(app_config):
    """Mail waits in the outbox (nothing delivers it in tests), where the tests read links."""
    return {**app_config, "SMTP_HOST": "smtp.invalid"}


def _ask(client, token, email="new.volunteer@example.test", name="Nadia"):
    return client.post(f"/invite/{token}", data={
        "email": email, "display_name": name, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})


def _accept(client, token, email="new.volunteer@example.test", name="Nadia"):
    """Fill the invitation's form, then open the emailed link: what creating the account takes."""
    response = _ask(client, token, email, name)
    if SENT not in response.data:
        return response
    return follow_signup_link(client, email)


@pytest.fixture
def invite(app, organizer):
    def make(role="mentor", email=None):
        with app.app_context():
            return service.create_invitation(organizer, role, email)
    return make


def test_organizer_creates_a_link_shown_once_and_stored_hashed(client, auth, organizer):
    auth.login(organizer)
    response = client.post("/invitations", data={"role": "mentor", "label": "Forum"})
    page = response.get_data(as_text=True)
    token = page.split("/invite/")[1].split('"')[0]
    invitation = Invitation.get()
    assert invitation.token_hash == service.hash_token(token)
    assert token not in invitation.token_hash
    assert token not in client.get("/invitations").get_data(as_text=True)


def test_mentor_may_only_create_newcomer_referrals(client, auth, mentor):
    auth.login(mentor)
    response = client.post("/invitations", data={"role": "organizer"})
    assert response.status_code == 200
    assert Invitation.select().count() == 0
    client.post("/invitations", data={"role": "newcomer"})
    assert [i.role for i in Invitation.select()] == ["newcomer"]


def test_invited_volunteer_joins_pending_with_a_profile(client, invite, organizer):
    _, token = invite()
    response = _accept(client, token)
    assert response.status_code == 302
    user = User.get(User.email == "new.volunteer@example.test")
    assert (user.role, user.status, user.referred_by_id) == ("mentor", "pending", organizer.id)
    assert VolunteerProfile.get(VolunteerProfile.user == user)
    assert b"waits for vetting" in client.get("/").data


def test_a_link_works_once(app, invite):
    _, token = invite()
    assert _accept(app.test_client(), token).status_code == 302
    replay = _accept(app.test_client(), token, email="second@example.test")
    assert replay.status_code == 404
    assert User.select().where(User.email == "second@example.test").count() == 0


def test_an_expired_link_is_refused(client, invite):
    invitation, token = invite()
    Invitation.update(expires_at=utcnow() - timedelta(seconds=1)).execute()
    assert client.get(f"/invite/{token}").status_code == 404
    assert _accept(client, token).status_code == 404


def test_a_revoked_link_is_refused(client, auth, invite, organizer):
    invitation, token = invite()
    auth.login(organizer)
    client.post(f"/invitations/{invitation.id}/revoke")
    client.post("/logout")
    assert _accept(client, token).status_code == 404
    assert User.select().where(User.role == "mentor").count() == 0


def test_a_mentor_cannot_revoke_someone_elses_invitation(client, auth, invite, mentor):
    invitation, _ = invite()
    auth.login(mentor)
    assert client.post(f"/invitations/{invitation.id}/revoke").status_code == 404
    assert Invitation.get_by_id(invitation.id).revoked_at is None


def test_a_link_made_for_one_email_refuses_another(client, invite):
    _, token = invite(email="anna@example.test")
    response = _accept(client, token, email="mallory@example.test")
    assert b"This invitation was made for another email address." in response.data
    assert User.select().where(User.role == "mentor").count() == 0


def test_an_unknown_token_is_refused(client, app):
    assert client.get("/invite/not-a-real-token").status_code == 404


def test_two_people_racing_for_one_link_give_one_account(app, invite):
    _, token = invite()
    for n in range(4):
        assert SENT in _ask(app.test_client(), token, email=f"racer{n}@example.test").data
    links = [emailed_link(f"racer{n}@example.test") for n in range(4)]
    results = []

    def claim(path):
        results.append(app.test_client().post(path).status_code)

    threads = [threading.Thread(target=claim, args=(path,)) for path in links]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert User.select().where(User.role == "mentor").count() == 1
    assert sorted(results) == [302, 404, 404, 404]


def test_an_existing_address_gets_the_same_answer_and_the_link_stays_usable(client, invite):
    existing = make_mentor()
    before = User.get_by_id(existing.id).__data__
    _, token = invite()
    response = _ask(client, token, email=existing.email)
    assert response.status_code == 200 and SENT in response.data
    assert User.get_by_id(existing.id).__data__ == before
    assert PendingSignup.select().count() == 0 and Invitation.get().used_at is None
    assert Notification.get(Notification.recipient == existing).payload["code"] == "signup_attempt"
    assert len(emails_to(existing.email)) == 1
    assert _accept(client, token).status_code == 302


def test_an_invitation_revoked_before_the_link_is_opened_creates_nothing(client, invite,
                                                                       organizer):
    invitation, token = invite()
    assert SENT in _ask(client, token).data
    with client.application.app_context():
        service.revoke_invitation(invitation, organizer)
    assert client.post(emailed_link("new.volunteer@example.test")).status_code == 404
    assert User.select().where(User.role == "mentor").count() == 0


def test_referral_link_leads_newcomers_to_sign_up(client, invite):
    _, token = invite(role="newcomer")
    response = client.get(f"/invite/{token}")
    assert response.status_code == 302 and "/register?code=" in response.headers["Location"]
    assert _accept(client, token).status_code == 302  # the redirect, not an account
    assert User.select().count() == 1


def test_login_with_new_account_works(client, invite):
    _, token = invite()
    _accept(client, token)
    client.post("/logout")
    response = client.post("/login", data={"email": "new.volunteer@example.test",
                                           "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert PASSWORD != NEW_PASSWORD
