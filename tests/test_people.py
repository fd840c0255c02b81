"""Vetting volunteers and taking newcomers in: decisions, statuses, audit, refusals."""
from network.models import AuditEvent, User, VettingRecord

from .factories import PASSWORD, filtered, make_mentor, make_newcomer, make_organizer


def _vet(client, person, **data):
    return client.post(f"/people/volunteers/{person.id}", data=data)


def test_approval_needs_an_interview(client, auth, organizer):
    candidate = make_mentor(status="pending")
    auth.login(organizer)
    response = _vet(client, candidate, decision="approved")
    assert b"Approve a volunteer only after the interview." in response.data
    assert User.get_by_id(candidate.id).status == "pending"
    assert VettingRecord.select().count() == 0


def test_approval_after_interview_activates_and_is_audited(client, auth, organizer):
    candidate = make_mentor(status="pending")
    auth.login(organizer)
    response = _vet(client, candidate, decision="approved", interview_done="y",
                    references="Cimade Lyon", note="Calme, fiable.")
    assert response.status_code == 302
    assert User.get_by_id(candidate.id).status == "active"
    record = VettingRecord.get()
    assert (record.organizer_id, record.references, record.interview_done) == (
        organizer.id, "Cimade Lyon", True)
    actions = [e.action for e in AuditEvent.select().where(AuditEvent.target_id == candidate.id)]
    assert "vetting.recorded" in actions and "user.status_changed" in actions
    assert "Cimade Lyon" in client.get(f"/people/volunteers/{candidate.id}").get_data(as_text=True)


def test_rejection_and_suspension_lock_the_volunteer_out(app, client, auth, organizer):
    candidate = make_mentor(status="active")
    session = app.test_client()
    session.post("/login", data={"email": candidate.email, "password": PASSWORD})
    assert session.get("/invitations").status_code == 200
    auth.login(organizer)
    _vet(client, candidate, decision="suspended", note="Asked for newcomers' addresses.")
    assert User.get_by_id(candidate.id).status == "suspended"
    assert session.get("/invitations").status_code == 302
    assert session.post("/login", data={"email": candidate.email,
                                        "password": PASSWORD}).status_code == 200


def test_an_organizer_cannot_vet_themselves(client, auth, organizer):
    auth.login(organizer)
    response = _vet(client, organizer, decision="suspended")
    assert b"You cannot vet yourself." in response.data
    assert User.get_by_id(organizer.id).status == "active"


def test_vetting_a_newcomer_id_is_not_found(client, auth, organizer, newcomer):
    auth.login(organizer)
    assert client.get(f"/people/volunteers/{newcomer.id}").status_code == 404


def test_pending_volunteer_cannot_vet_anyone(client, auth):
    pending_organizer = make_organizer(status="pending")
    target = make_mentor(status="pending")
    auth.login(pending_organizer)
    assert _vet(client, target, decision="approved", interview_done="y").status_code == 403
    assert User.get_by_id(target.id).status == "pending"


def test_organizer_takes_a_newcomer_in(client, auth, organizer):
    person = make_newcomer(status="pending")
    auth.login(organizer)
    assert client.post(f"/people/newcomers/{person.id}/admit").status_code == 302
    assert User.get_by_id(person.id).status == "active"
    assert client.post(f"/people/newcomers/{person.id}/admit").status_code == 302
    assert b"not waiting to be taken in" in client.get(f"/people/newcomers/{person.id}").data


def test_suspending_a_newcomer_and_restoring(client, auth, organizer, newcomer):
    auth.login(organizer)
    client.post(f"/people/newcomers/{newcomer.id}/status", data={"status": "suspended"})
    assert User.get_by_id(newcomer.id).status == "suspended"
    client.post(f"/people/newcomers/{newcomer.id}/status", data={"status": "active"})
    assert User.get_by_id(newcomer.id).status == "active"
    client.post(f"/people/newcomers/{newcomer.id}/status", data={"status": "organizer"})
    assert User.get_by_id(newcomer.id).status == "active"


def test_viewing_a_newcomer_is_audited(client, auth, organizer, newcomer):
    auth.login(organizer)
    client.get(f"/people/newcomers/{newcomer.id}")
    event = AuditEvent.get(AuditEvent.action == "newcomer.viewed")
    assert (event.actor_id, event.target_type, event.target_id) == (
        organizer.id, "user", newcomer.id)


def test_lists_filter_by_status_and_paginate(client, auth, organizer):
    for _ in range(3):
        make_newcomer(status="pending")
    active = make_newcomer(status="active", name="Активный Иван")
    auth.login(organizer)
    page = filtered(client, "/people/newcomers", status="pending").get_data(as_text=True)
    assert active.display_name not in page
    assert active.display_name in filtered(client, "/people/newcomers",
                                           clear="1").get_data(as_text=True)
    assert filtered(client, "/people/newcomers?page=-4", status="bogus").status_code == 200


def test_two_people_of_the_same_name_are_told_apart(client, auth, organizer):
    first, second = make_newcomer(name="Иван"), make_newcomer(name="Иван")
    auth.login(organizer)
    page = client.get("/people/newcomers").get_data(as_text=True)
    assert f"#{first.id}" in page and f"#{second.id}" in page
