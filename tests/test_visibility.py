"""Who sees what of a match, and every read of a newcomer's data recorded and counted."""
from datetime import timedelta

import pytest

from network import pagecache
from network.audit.service import READ_ACTIONS, record, record_read
from network.core.access import match_view
from network.meetings import seats
from network.models import AuditEvent, CheckIn, Match, NewcomerProfile, Notification, User, utcnow

from .factories import make_match, make_mentor, make_newcomer, make_organizer, make_request
from .meetingkit import first_date, in_request, make_meeting


def _reads(**where):
    query = AuditEvent.select().where(AuditEvent.action.in_(READ_ACTIONS))
    for name, value in where.items():
        query = query.where(getattr(AuditEvent, name) == value)
    return list(query)


@pytest.fixture
def traceable(newcomer):
    """What would let a volunteer find the newcomer: a rare city and language."""
    NewcomerProfile.update(city="Montreuil", languages="uk").where(
        NewcomerProfile.user == newcomer.id).execute()
    return newcomer


# What a match shows, as one rule

def _viewer(role, user_id):
    return User(id=user_id, role=role, status="active")


@pytest.mark.parametrize("status, responded, newcomer_sees_volunteer, volunteer_sees_newcomer", [
    ("proposed", False, False, True),
    ("active", True, True, True),
    ("declined", True, False, False),
    ("ended", False, False, False),  # a proposal withdrawn before any answer
    ("ended", True, True, False),    # a match that was live and ended
])
def test_the_rule_of_who_sees_whom(status, responded, newcomer_sees_volunteer,
                                   volunteer_sees_newcomer):
    match = Match(id=1, newcomer=10, volunteer=20, kind="housing", status=status,
                  responded_at=utcnow() if responded else None)
    as_newcomer = match_view(_viewer("newcomer", 10), match)
    as_volunteer = match_view(_viewer("mentor", 20), match)
    assert as_newcomer.volunteer is newcomer_sees_volunteer and as_newcomer.newcomer
    assert as_volunteer.newcomer is volunteer_sees_newcomer and as_volunteer.volunteer
    assert as_volunteer.audited is volunteer_sees_newcomer and not as_newcomer.audited
    assert not as_volunteer.contact or status == "active"
    assert match_view(_viewer("mentor", 30), match) is None
    assert match_view(_viewer("newcomer", 30), match) is None
    assert match_view(_viewer("organizer", 30), match).audited


def test_a_suspended_volunteer_sees_no_match():
    match = Match(id=1, newcomer=10, volunteer=20, kind="mentor", status="active")
    assert match_view(User(id=20, role="mentor", status="suspended"), match) is None


# Names before a match is live

def test_the_newcomer_of_a_proposal_learns_the_volunteer_only_once_accepted(client, auth, mentor,
                                                                            newcomer):
    match = make_match(mentor, newcomer, status="proposed")
    auth.login(newcomer)
    assert "Marc Mentor" not in client.get(f"/matching/matches/{match.id}").get_data(as_text=True)
    [exported] = client.get("/account/export.json").get_json()["matches"]
    assert exported["status"] == "proposed" and exported["volunteer"] is None
    auth.logout()
    auth.login(mentor)
    client.post(f"/matching/matches/{match.id}/respond", data={"decision": "accept"})
    auth.logout()
    auth.login(newcomer)
    assert "Marc Mentor" in client.get(f"/matching/matches/{match.id}").get_data(as_text=True)
    assert client.get("/account/export.json").get_json()["matches"][0]["volunteer"] == "Marc Mentor"


def _shows_the_newcomer(page):
    return any(text in page for text in ("Алексей", "Montreuil", "<dt>Languages</dt>",
                                         "<dt>Nights</dt>"))


def test_a_volunteer_who_declined_sees_nothing_of_the_newcomer(client, auth, mentor, traceable):
    match = make_match(mentor, traceable, kind="housing", status="proposed")
    auth.login(mentor)
    assert _shows_the_newcomer(client.get(f"/matching/matches/{match.id}").get_data(as_text=True))
    client.post(f"/matching/matches/{match.id}/respond", data={"decision": "decline"})
    assert Match.get_by_id(match.id).status == "declined"
    before = len(_reads())
    response = client.get(f"/matching/matches/{match.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Declined" in page
    assert not _shows_the_newcomer(page)
    assert len(_reads()) == before  # nothing of the newcomer shown, nothing read


def test_a_withdrawn_proposal_shows_the_volunteer_nothing(client, auth, mentor, traceable):
    match = make_match(mentor, traceable, kind="housing", status="proposed")
    auth.login(traceable)
    client.post(f"/help/requests/{match.request_id}/withdraw")
    assert Match.get_by_id(match.id).status == "ended"
    auth.logout()
    auth.login(mentor)
    assert not _shows_the_newcomer(client.get(f"/matching/matches/{match.id}")
                                   .get_data(as_text=True))


# Every read by someone else is recorded

@pytest.fixture
def mentee(mentor, newcomer):
    """An active mentor match with a check-in due soon."""
    match = make_match(mentor, newcomer)
    return match, CheckIn.create(match=match, due_at=utcnow() + timedelta(days=2))


def test_a_mentor_reading_the_procedure_dates_is_recorded(client, auth, mentor, newcomer, mentee):
    auth.login(mentor)
    assert client.get(f"/deadlines/newcomer/{newcomer.id}").status_code == 200
    [event] = _reads()
    assert (event.action, event.actor_id, event.target_type, event.target_id) == (
        "deadlines.viewed", mentor.id, "user", newcomer.id)


def test_a_mentor_reading_a_check_in_is_recorded(client, auth, mentor, newcomer, mentee):
    _, checkin = mentee
    auth.login(mentor)
    assert client.get(f"/checkins/{checkin.id}/log").status_code == 200
    assert client.get(f"/checkins/{checkin.id}/move").status_code == 200
    assert [(e.action, e.actor_id, e.target_id, e.detail) for e in _reads()] == [
        ("checkin.viewed", mentor.id, newcomer.id, f"checkin {checkin.id}")] * 2


def test_opening_a_request_is_recorded(client, auth, organizer, newcomer):
    help_request = make_request(newcomer)
    auth.login(organizer)
    assert client.get(f"/matching/requests/{help_request.id}").status_code == 200
    [event] = _reads()
    assert (event.action, event.actor_id, event.target_id, event.detail) == (
        "request.viewed", organizer.id, newcomer.id, f"helprequest {help_request.id}")


def test_the_volunteer_reading_a_proposal_is_recorded(client, auth, mentor, newcomer):
    match = make_match(mentor, newcomer, status="proposed")
    auth.login(mentor)
    client.get(f"/matching/matches/{match.id}")
    [event] = _reads()
    assert (event.action, event.actor_id, event.target_id) == ("match.viewed", mentor.id,
                                                              newcomer.id)


def test_who_registered_for_a_meeting_is_a_recorded_read(app, client, auth, mentor, newcomer):
    occurrence = first_date(make_meeting(app, mentor, capacity=10))
    colleague = make_mentor()
    for person in (newcomer, colleague):
        in_request(app, seats.rsvp, occurrence, person)
    auth.login(mentor)
    client.get(f"/meetings/{occurrence.id}")
    client.get(f"/meetings/{occurrence.id}/attendance")
    assert [(e.action, e.target_id) for e in _reads()] == [("attendance.viewed", newcomer.id)] * 2


def test_the_newcomer_reading_their_own_data_is_not_a_read_by_someone_else(client, auth, mentor,
                                                                            newcomer, mentee):
    match, checkin = mentee
    auth.login(newcomer)
    for url in ("/deadlines/", f"/matching/matches/{match.id}", f"/checkins/{checkin.id}/move"):
        assert client.get(url).status_code == 200
    assert _reads() == []


def test_a_read_goes_only_through_record_read(app, newcomer):
    with app.test_request_context(), pytest.raises(ValueError):
        record("deadlines.viewed", target=newcomer)
    with app.test_request_context(), pytest.raises(ValueError):
        record_read("everything", [newcomer.id])
    assert AuditEvent.select().count() == 0


# Counted toward the unusual-access alert

def _deadlines(reader, people):
    for person in people:
        make_match(reader, person)
    return [f"/deadlines/newcomer/{person.id}" for person in people]


def _checkins(reader, people):
    checkins = [CheckIn.create(match=make_match(reader, person),
                               due_at=utcnow()) for person in people]
    return [f"/checkins/{checkin.id}/log" for checkin in checkins]


def _proposals(reader, people):
    return [f"/matching/matches/{make_match(reader, person, status='proposed').id}"
            for person in people]


def _requests(reader, people):
    return [f"/matching/requests/{make_request(person).id}" for person in people]


@pytest.mark.parametrize("role, urls", [
    ("mentor", _deadlines), ("mentor", _checkins), ("mentor", _proposals),
    ("organizer", _requests), ("organizer", _deadlines),
])
def test_every_kind_of_read_counts_toward_the_alert(app, client, auth, role, urls):
    app.config.update(UNUSUAL_ACCESS_COUNT=3, UNUSUAL_ACCESS_MINUTES=10)
    colleague = make_organizer()
    reader = make_organizer() if role == "organizer" else make_mentor()
    pages = urls(reader, [make_newcomer() for _ in range(3)])
    auth.login(reader)
    for page in pages[:2]:
        assert client.get(page).status_code == 200
    assert not Notification.select().where(Notification.recipient == colleague.id).exists()
    assert client.get(pages[2]).status_code == 200
    alert = Notification.get(Notification.recipient == colleague.id)
    assert alert.payload["code"] == "unusual_access"


def test_one_newcomer_read_many_ways_is_one_record(app, client, auth, mentor, newcomer, mentee):
    app.config.update(UNUSUAL_ACCESS_COUNT=2)
    make_organizer()
    match, checkin = mentee
    auth.login(mentor)
    for url in (f"/deadlines/newcomer/{newcomer.id}", f"/checkins/{checkin.id}/log",
                f"/matching/matches/{match.id}"):
        client.get(url)
    assert Notification.select().count() == 0


# Never kept by the page cache

def test_an_audited_page_is_never_kept_even_when_its_write_goes_unseen(client, auth, mentor,
                                                                       newcomer, mentee,
                                                                       monkeypatch):
    # The fault: the database state does not move with the audit write.
    monkeypatch.setattr(pagecache.PageCache, "database_state", lambda self: "frozen")
    auth.login(mentor)
    client.get("/")
    for _ in range(3):
        assert client.get(f"/deadlines/newcomer/{newcomer.id}").status_code == 200
    assert len(_reads(action="deadlines.viewed")) == 3
