"""The two-organizer rule: letting volunteers in, promoting, and reading identities."""
import pytest

from network.models import Approval, AuditEvent, NewcomerProfile, User

from .factories import make_mentor, make_organizer


@pytest.fixture
def second(app, organizer):
    return make_organizer(name="Second Organizer")


def _vet(client, person):
    return client.post(f"/people/volunteers/{person.id}",
                       data={"decision": "approved", "interview_done": "y"})


def test_one_organizer_cannot_let_a_volunteer_in_alone(client, auth, organizer, second):
    candidate = make_mentor(status="pending")
    auth.login(organizer)
    _vet(client, candidate)
    assert User.get_by_id(candidate.id).status == "pending"
    approval = Approval.get()
    # The requester cannot confirm their own request.
    client.post(f"/people/approvals/{approval.id}/confirm")
    assert User.get_by_id(candidate.id).status == "pending"
    auth.logout()
    auth.login(second)
    client.post(f"/people/approvals/{approval.id}/confirm")
    assert User.get_by_id(candidate.id).status == "active"
    confirmed = AuditEvent.get(AuditEvent.action == "approval.confirmed")
    requested = AuditEvent.get(AuditEvent.action == "approval.requested")
    assert (requested.actor_id, confirmed.actor_id) == (organizer.id, second.id)
    assert f"#{organizer.id}" in confirmed.detail


def test_a_confirmation_counts_once(client, auth, organizer, second, app):
    candidate = make_mentor(status="pending")
    auth.login(organizer)
    _vet(client, candidate)
    approval = Approval.get()
    auth.logout()
    auth.login(second)
    client.post(f"/people/approvals/{approval.id}/confirm")
    response = client.post(f"/people/approvals/{approval.id}/confirm", follow_redirects=True)
    assert b"already handled" in response.data


def test_with_one_organizer_the_rule_does_not_block(client, auth, organizer):
    candidate = make_mentor(status="pending")
    auth.login(organizer)
    _vet(client, candidate)
    assert User.get_by_id(candidate.id).status == "active"


def test_promotion_needs_two_and_ends_the_promoted_persons_sessions(app, client, auth, organizer,
                                                                    second, mentor):
    session = app.test_client()
    session.post("/login", data={"email": mentor.email, "password": "correct horse battery"})
    auth.login(organizer)
    client.post(f"/people/volunteers/{mentor.id}/promote")
    assert User.get_by_id(mentor.id).role == "mentor"
    auth.logout()
    auth.login(second)
    client.post(f"/people/approvals/{Approval.get().id}/confirm")
    assert User.get_by_id(mentor.id).role == "organizer"
    assert session.get("/account/").status_code == 302


def test_a_pending_mentor_cannot_be_promoted(client, auth, organizer):
    pending = make_mentor(status="pending")
    auth.login(organizer)
    response = client.post(f"/people/volunteers/{pending.id}/promote", follow_redirects=True)
    assert b"Only an active, vetted mentor" in response.data
    assert Approval.select().count() == 0


def test_reading_an_identity_needs_a_second_organizer(client, auth, organizer, second, newcomer):
    NewcomerProfile.update(identity="Иванов Алексей Петрович, в/ч 12345").where(
        NewcomerProfile.user == newcomer).execute()
    identity = f"/people/newcomers/{newcomer.id}/identity"
    auth.login(organizer)
    page = client.get(identity).get_data(as_text=True)
    assert "Иванов" not in page
    client.post(f"/people/newcomers/{newcomer.id}/identity/request")
    assert "Иванов" not in client.get(identity).get_data(as_text=True)
    auth.logout()
    auth.login(second)
    client.post(f"/people/approvals/{Approval.get().id}/confirm")
    # The confirming organizer did not ask: they see nothing.
    assert "Иванов" not in client.get(identity).get_data(as_text=True)
    auth.logout()
    auth.login(organizer)
    assert "Иванов" in client.get(identity).get_data(as_text=True)
    assert AuditEvent.select().where(AuditEvent.action == "identity.revealed").count() == 1


def test_a_mentor_never_reaches_the_identity(client, auth, mentor, newcomer):
    auth.login(mentor)
    assert client.get(f"/people/newcomers/{newcomer.id}/identity").status_code == 403
