"""Data rights: export, erasure on request, and retention; nothing personal survives erasure."""
import json
from datetime import datetime, timedelta

from network.db import db
from network.models import (
    AuditEvent,
    CheckIn,
    Deadline,
    HelpRequest,
    Match,
    NewcomerProfile,
    Notification,
    Offer,
    User,
)
from network.privacy import service

from .conftest import TEST_DATABASE_URL
from .factories import make_newcomer, make_offer, make_request


def _case(newcomer, mentor):
    NewcomerProfile.update(contact="@alexei", notes="Дезертир, в/ч 12345", identity="Иванов").where(
        NewcomerProfile.user == newcomer).execute()
    offer = make_offer(mentor, used=1)
    match = Match.create(request=make_request(newcomer, status="matched", note="Срочно"),
                         offer=offer, newcomer=newcomer, volunteer=mentor, kind="mentor",
                         status="active", problem="угрозы")
    CheckIn.create(match=match, due_at=datetime(2026, 11, 1), status="done",
                   notes="Плохо спит", flags="health", wellbeing=2)
    Deadline.create(newcomer=newcomer, kind="ofpra_interview", date=datetime(2026, 12, 1).date())
    return match


def test_a_newcomer_downloads_everything_as_json(client, auth, newcomer, mentor):
    _case(newcomer, mentor)
    auth.login(newcomer)
    response = client.get("/account/export.json")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["account"]["email"] == newcomer.email
    assert data["profile"]["contact"] == "@alexei"
    assert data["requests"][0]["note"] == "Срочно"
    assert data["matches"][0]["volunteer"] == mentor.display_name
    assert data["checkins"][0]["status"] == "done"
    assert "Плохо спит" not in response.get_data(as_text=True)  # the mentor's private notes
    assert data["deadlines"][0]["kind"] == "ofpra_interview"


def test_erasure_on_request_leaves_counts_and_no_personal_data(client, auth, app, newcomer, mentor,
                                                               organizer):
    match = _case(newcomer, mentor)
    auth.login(newcomer)
    client.post("/account/erase")
    assert User.get_by_id(newcomer.id).erasure_requested_at is not None
    assert Notification.select().where(Notification.recipient == organizer.id).count() == 1
    auth.logout()
    auth.login(organizer)
    client.post(f"/people/newcomers/{newcomer.id}/erase")
    erased = User.get_by_id(newcomer.id)
    assert erased.erased_at and erased.status == "suspended" and "alexei" not in erased.email
    profile = NewcomerProfile.get(NewcomerProfile.user == newcomer)
    assert (profile.contact, profile.notes, profile.identity, profile.city) == ("", "", "", "")
    assert Match.select().count() == 1 and Match.get().status == "ended"
    assert Offer.get_by_id(match.offer_id).used == 0
    assert CheckIn.select().count() == 1 and CheckIn.get().notes == ""
    assert Deadline.select().count() == 0
    assert HelpRequest.get().note == ""
    assert AuditEvent.select().where(AuditEvent.action == "user.erased").count() == 1
    # The erased person can no longer log in.
    fresh = app.test_client()
    fresh.post("/login", data={"email": newcomer.email, "password": "correct horse battery"})
    assert fresh.get("/account/").status_code == 302


def test_erased_data_is_not_in_the_database_file(app, ctx, newcomer, mentor):
    _case(newcomer, mentor)
    service.erase(User.get_by_id(newcomer.id))
    if TEST_DATABASE_URL:
        return
    db.execute_sql("VACUUM")
    raw = open(db.obj.database, "rb").read()
    for text in ("Срочно", newcomer.email, "Алексей"):
        assert text.encode() not in raw, text


def test_retention_erases_only_closed_old_cases(app, ctx, mentor):
    old = make_newcomer(created_at=datetime(2024, 1, 1), last_login_at=datetime(2024, 2, 1))
    active_case = make_newcomer(created_at=datetime(2024, 1, 1))
    make_request(active_case)  # still open: never erased
    recent = make_newcomer(created_at=datetime(2026, 10, 1))
    now = datetime(2026, 11, 24, 3, 0)
    assert service.retention(now) == 1
    assert User.get_by_id(old.id).erased_at is not None
    assert User.get_by_id(active_case.id).erased_at is None
    assert User.get_by_id(recent.id).erased_at is None
    assert service.retention(now + timedelta(hours=1)) == 0  # nothing left to erase


def test_a_mentor_cannot_erase_or_export_someone_else(client, auth, mentor, newcomer):
    auth.login(mentor)
    assert client.post(f"/people/newcomers/{newcomer.id}/erase").status_code == 403
    data = json.loads(client.get("/account/export.json").data)
    assert data["account"]["email"] == mentor.email
    assert User.get_by_id(newcomer.id).erased_at is None


def test_meetings_are_exported_and_an_erased_seat_goes_to_the_next(app, ctx, mentor, newcomer):
    from network.meetings import seats
    from network.models import RSVP

    from .meetingkit import first_date, make_meeting

    meeting = make_meeting(app, mentor, capacity=1)
    occurrence = first_date(meeting)
    waiting = make_newcomer()
    seats.rsvp(occurrence, User.get_by_id(newcomer.id))
    seats.rsvp(occurrence, waiting)
    data = service.export(User.get_by_id(newcomer.id))
    assert data["meetings"][0]["meeting"] == "Группа поддержки"
    service.erase(User.get_by_id(newcomer.id))
    assert RSVP.select().where(RSVP.user == newcomer.id).count() == 0
    assert RSVP.get(RSVP.user == waiting.id).status == "going"


def test_erasure_also_clears_registrations_for_past_dates(app, ctx, mentor, newcomer):
    from network.meetings import seats
    from network.models import RSVP, utcnow

    from .meetingkit import first_date, make_meeting

    past = utcnow() - timedelta(days=30)
    meeting = make_meeting(app, mentor, now=past)
    held = first_date(meeting)
    seats.rsvp(held, User.get_by_id(newcomer.id), now=past)
    service.erase(User.get_by_id(newcomer.id))
    assert RSVP.select().where(RSVP.user == newcomer.id).count() == 0
    # The seat is given back: seats taken always count the people going.
    assert type(held).get_by_id(held.id).seats_taken == 0
