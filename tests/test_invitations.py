"""Invitation links: hashed, single use, expiring, revocable, bound to an email if given."""
import threading
from datetime import timedelta

import pytest

from network.auth import service
from network.models import Invitation, User, VolunteerProfile, utcnow

from .factories import PASSWORD, make_mentor

NEW_PASSWORD = "a long enough passphrase"


def _accept(client, token, email="new.volunteer@example.test", name="Nadia"):
    return client.post(f"/invite/{token}", data={
        "email": email, "display_name": name, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})


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
    results = []

    def claim(n):
        client = app.test_client()
        results.append(_accept(client, token, email=f"racer{n}@example.test").status_code)

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert User.select().where(User.role == "mentor").count() == 1
    assert sorted(results).count(302) == 1


def test_existing_email_gets_a_message_and_the_link_stays_usable(client, invite):
    existing = make_mentor()
    _, token = invite()
    response = _accept(client, token, email=existing.email)
    assert b"An account with this email already exists." in response.data
    assert Invitation.get().used_at is None
    assert _accept(client, token).status_code == 302


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
