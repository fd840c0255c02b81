"""Casework: a problem, an unanswered call, an unreachable newcomer or an erasure request
becomes one case an organizer takes, notes, answers and closes."""
from datetime import datetime, timedelta

from network.audit.service import READ_ACTIONS
from network.cases import service
from network.checkins.rules import mark_unreachable, overdue_checkins
from network.checkins.service import ask_for_checkin
from network.db import db
from network.models import AuditEvent, Case, CaseEntry, CheckIn, Notification, User, utcnow
from network.privacy.service import erase, request_erasure

from .factories import make_match, make_organizer

NOW = datetime(2026, 11, 24, 9, 0)
SECRET = "Он спрашивал адрес моей семьи"


def _present(*organizers):
    """Organizers who logged in today: nobody counts them away."""
    User.update(last_login_at=utcnow()).where(
        User.id.in_([o.id for o in organizers])).execute()


def _report(client, auth, mentor, match, text=SECRET):
    auth.login(mentor)
    client.post(f"/matching/matches/{match.id}/problem", data={"text": text})
    auth.logout()


def test_a_problem_goes_from_report_to_closed_case(app, client, auth, organizer, mentor, newcomer):
    match = make_match(mentor, newcomer)
    _report(client, auth, mentor, match)
    _report(client, auth, mentor, match, "ещё раз")
    [case] = Case.select()
    assert (case.kind, case.status, case.reporter_id) == ("problem", "open", mentor.id)

    # The organizers' alert leads to the case, where they can act, not to the match.
    alert = Notification.get(Notification.recipient == organizer.id,
                             Notification.dedupe_key.startswith("match-problem"))
    assert alert.link == f"/cases/{case.id}"
    auth.login(organizer)
    assert "Not taken" in client.get("/cases/").get_data(as_text=True)
    client.post(f"/cases/{case.id}/take")
    client.post(f"/cases/{case.id}/note", data={"text": "Appelé le mentor, à suivre"})
    noted = AuditEvent.get(AuditEvent.action == "case.noted")
    assert (noted.actor_id, noted.target_type, noted.target_id) == (organizer.id, "case", case.id)
    client.post(f"/cases/{case.id}/answer", data={"answer-text": "Nous vous appelons demain."})
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Appelé le mentor, à suivre" in page and organizer.display_name in page
    assert "Nous vous appelons demain." in page
    client.post(f"/cases/{case.id}/close", data={"outcome": "resolved"})

    closed = Case.get_by_id(case.id)
    assert (closed.status, closed.outcome, closed.assignee_id, closed.open_key) == (
        "closed", "resolved", organizer.id, None)
    answered = Notification.get(Notification.recipient == mentor.id,
                                Notification.dedupe_key.startswith("case-reply"))
    assert answered.payload["code"] == "case_replied"
    assert answered.link == f"/cases/{case.id}/report"
    # The notification says nothing: neither the notes nor the answer travel with it.
    assert "suivre" not in str(answered.payload) and "demain" not in str(answered.payload)
    # A new report after closing is a new case.
    _report(client, auth, mentor, match, "снова")
    assert Case.select().where(Case.status == "open").count() == 1


def test_a_taken_case_cannot_be_taken_from_a_present_organizer(app, client, auth, organizer,
                                                               mentor, newcomer):
    other = make_organizer(name="Camille")
    with app.app_context():
        case = service.open_case("problem", newcomer=newcomer, reporter=mentor, key="problem:x")
    auth.login(organizer)
    client.post(f"/cases/{case.id}/take")
    auth.logout()
    auth.login(other)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert organizer.display_name in page
    client.post(f"/cases/{case.id}/take")
    assert Case.get_by_id(case.id).assignee_id == organizer.id


def test_the_cases_of_an_away_lead_show_as_not_taken(app, organizer, newcomer):
    other = make_organizer(name="Camille")
    _present(organizer, other)
    with app.app_context():
        service.set_lead(newcomer.id, organizer, organizer)
        case = service.open_case("unreachable", newcomer=newcomer, key="unreachable:1")
        assert case.assignee_id == organizer.id
        [row], _ = service.open_cases()
        assert row.holder.id == organizer.id
        days = app.config["LEAD_AWAY_DAYS"]
        User.update(last_login_at=utcnow() - timedelta(days=days, minutes=1)).where(
            User.id == organizer.id).execute()
        [row], _ = service.open_cases()
        assert row.holder is None
        service.take(service.get_case(case.id), User.get_by_id(other.id))
    assert Case.get_by_id(case.id).assignee_id == other.id


def test_a_job_finding_the_same_cause_every_tick_opens_one_case(app, mentor, newcomer):
    match = make_match(mentor, newcomer)
    for due in (NOW - timedelta(days=9), NOW - timedelta(days=5)):
        CheckIn.create(match=match, due_at=due, status="missed")
    with app.app_context():
        mark_unreachable(NOW, {newcomer.id})
        key = f"unreachable:{newcomer.id}"
        first = Case.get(Case.open_key == key)
        again = service.open_case("unreachable", newcomer=newcomer, key=key)
    assert first.id == again.id
    assert Case.select().where(Case.kind == "unreachable").count() == 1


def test_an_unanswered_call_to_talk_becomes_a_case(app, mentor, newcomer):
    make_match(mentor, newcomer)
    with app.app_context():
        checkin = ask_for_checkin(newcomer, now=NOW)
        overdue_checkins(NOW + timedelta(days=3))
        overdue_checkins(NOW + timedelta(days=4))
    [case] = Case.select()
    assert (case.kind, case.newcomer_id) == ("talk", newcomer.id)
    assert case.open_key == f"talk:{checkin.id}"


def test_case_notes_are_encrypted_and_each_reading_is_audited(app, client, auth, organizer,
                                                             newcomer):
    with app.app_context():
        case = service.open_case("erasure", newcomer=newcomer, reporter=newcomer, key="e:1")
    auth.login(organizer)
    client.post(f"/cases/{case.id}/note", data={"text": SECRET})
    [(stored,)] = db.execute_sql("SELECT body FROM case_entry").fetchall()
    assert SECRET not in stored and stored
    client.get(f"/cases/{case.id}")
    read = AuditEvent.get(AuditEvent.action.in_(READ_ACTIONS))
    assert (read.action, read.actor_id, read.target_id) == ("case.viewed", organizer.id,
                                                            newcomer.id)


def test_nobody_but_an_organizer_reads_a_case(app, client, auth, mentor, newcomer):
    match = make_match(mentor, newcomer)
    _report(client, auth, mentor, match)
    case = Case.get()
    for person in (mentor, newcomer):
        auth.login(person)
        assert client.get(f"/cases/{case.id}").status_code == 403
        closing = client.post(f"/cases/{case.id}/close", data={"outcome": "resolved"})
        assert closing.status_code == 403
        auth.logout()
    assert Case.get_by_id(case.id).status == "open"


def test_a_note_too_long_or_empty_is_refused_and_nothing_is_written(app, client, auth, organizer,
                                                                   newcomer):
    with app.app_context():
        case = service.open_case("problem", newcomer=newcomer, key="p:1")
    auth.login(organizer)
    too_long = "x" * (service.NOTE_MAX + 1)
    refused = client.post(f"/cases/{case.id}/note", data={"text": too_long})
    # The typed note comes back with its error: nothing is lost, nothing is cut.
    assert too_long in refused.get_data(as_text=True)
    assert "This note is too long." in refused.get_data(as_text=True)
    empty = client.post(f"/cases/{case.id}/note", data={"text": "   "})
    assert "Write the note first." in empty.get_data(as_text=True)
    client.post(f"/cases/{case.id}/close", data={"outcome": "not-an-outcome"})
    response = client.get(f"/cases/{case.id}")
    assert response.status_code == 200
    kept = Case.get_by_id(case.id)
    assert (CaseEntry.select().count(), kept.status, kept.outcome) == (0, "open", None)


def test_an_erasure_request_is_a_case_and_erasure_closes_it_with_its_notes(app, organizer,
                                                                          newcomer):
    _present(organizer)
    with app.app_context():
        request_erasure(newcomer)
        case = Case.get(Case.kind == "erasure")
        service.add_note(case, organizer, SECRET)
        erase(User.get_by_id(newcomer.id), organizer)
    done = Case.get_by_id(case.id)
    assert (done.status, done.outcome) == ("closed", "erased")
    assert not CaseEntry.select().where(CaseEntry.case == case.id).exists()


def test_open_cases_are_in_act_now_and_paged(app, client, auth, organizer, newcomer):
    with app.app_context():
        for n in range(service.PAGE_SIZE + 1):
            service.open_case("problem", newcomer=newcomer, key=f"problem:{n}")
    auth.login(organizer)
    dashboard = client.get("/dashboard/").get_data(as_text=True)
    assert "/cases/1\"" in dashboard and "Problem reported in a match" in dashboard
    first = client.get("/cases/").get_data(as_text=True)
    second = client.get("/cases/?page=2").get_data(as_text=True)
    assert first.count("/cases/") - second.count("/cases/") == service.PAGE_SIZE - 1
