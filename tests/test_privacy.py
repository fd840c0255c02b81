"""Data rights: export, erasure on request, and retention; nothing personal survives erasure."""
import json
from datetime import datetime, timedelta

from network.auth.sessions import start
from network.cases.service import open_case
from network.conversations.service import open_for_match, send, with_organizers
from network.db import db
from network.models import (
    MODELS,
    Approval,
    AuditEvent,
    CalendarFeed,
    CheckIn,
    Conversation,
    Deadline,
    HelpRequest,
    Invitation,
    Lead,
    Match,
    NewcomerProfile,
    Notification,
    Offer,
    PasswordReset,
    ProcedureFile,
    RecoveryCode,
    User,
    utcnow,
)
from network.privacy import service
from network.procedure import documents
from network.push.service import subscribe

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


# What an erasure keeps, by the column that names the newcomer, and why: the counts (requests,
# matches, cases, a referral) and the blanked profile. Any other row naming them must be gone.
KEPT = {("NewcomerProfile", "user"), ("HelpRequest", "newcomer"), ("Match", "newcomer"),
        ("Case", "newcomer"), ("Case", "reporter"), ("Invitation", "used_by")}


def _everything_of(newcomer, mentor, organizer):
    """A newcomer with a row in every table a newcomer can have one in."""
    match = _case(newcomer, mentor)
    open_for_match(match)
    send(Conversation.get(Conversation.match == match.id), newcomer, "Я в Лионе")
    send(with_organizers(newcomer), newcomer, "Мне нужна помощь")
    subscribe(newcomer, "https://push.example/device-7", "p256dh-key", "auth-secret")
    PasswordReset.create(user=newcomer, token_hash="a" * 64, expires_at=utcnow())
    Invitation.create(token_hash="b" * 64, role="newcomer", email="alexei@example.org",
                      label="друг Алексея", created_by=mentor, expires_at=utcnow(),
                      used_by=newcomer, used_at=utcnow())
    Lead.create(newcomer=newcomer, organizer=organizer)
    RecoveryCode.create(user=newcomer, code_hash="c" * 64)
    CalendarFeed.create(user=newcomer, token_hash="d" * 64)
    Approval.create(kind="reveal_identity", target=newcomer, requested_by=organizer)
    ProcedureFile.create(newcomer=newcomer, registered=datetime(2026, 10, 1).date())
    documents.add(newcomer.id, newcomer, "guda", "повестка.png", b"\x89PNG\r\n\x1a\n1234")
    open_case("erasure", newcomer=newcomer, reporter=newcomer, key=f"erasure:{newcomer.id}")
    Notification.create(recipient=newcomer, kind="match", dedupe_key="n1",
                        payload={"code": "match_ended"})
    start(newcomer)


def _naming(user_id):
    """(model, column) of every row left that names this account through a foreign key."""
    left = set()
    for model in MODELS:
        for field in model._meta.refs:
            if field.rel_model is User and model is not User and \
                    model.select().where(field == user_id).exists():
                left.add((model.__name__, field.name))
    return left


def test_erasure_leaves_no_row_of_the_person_but_the_counts(app, ctx, newcomer, mentor, organizer):
    _everything_of(User.get_by_id(newcomer.id), mentor, organizer)
    assert {("PushSubscription", "user"), ("Lead", "newcomer"), ("PasswordReset", "user"),
            ("ProcedureDocument", "newcomer"), ("Conversation", "newcomer")} <= _naming(newcomer.id)
    service.erase(User.get_by_id(newcomer.id))
    assert _naming(newcomer.id) <= KEPT
    invitation = Invitation.get(Invitation.used_by == newcomer.id)
    assert (invitation.email, invitation.label) == (None, "")
