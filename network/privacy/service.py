"""Exporting a person's data, erasing it, and the retention job."""
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from flask import current_app
from flask_babel import lazy_gettext as _l
from peewee import fn

from ..audit.service import record
from ..auth import sessions
from ..cases.service import open_case
from ..conversations import service as conversations
from ..core.access import match_view
from ..core.errors import ServiceError
from ..crypto import reveal
from ..db import write_transaction
from ..matching.service import end_match
from ..meetings.seats import cancel_rsvp
from ..models import (
    RSVP,
    Approval,
    Attendance,
    AuditEvent,
    CalendarFeed,
    Case,
    CaseEntry,
    CheckIn,
    Deadline,
    HelpRequest,
    Invitation,
    Lead,
    Match,
    Meeting,
    NewcomerProfile,
    Notification,
    Occurrence,
    PasswordReset,
    PushSubscription,
    RecoveryCode,
    RemovedDeadline,
    SeriesMember,
    User,
    utcnow,
)
from ..models.fields import ListField
from ..notify.messages import render
from ..notify.service import alert_organizers, link, notify
from ..procedure import service as procedure

PROFILE_FIELDS = ("city", "region", "languages", "arrival_date", "needs", "household", "gender",
                  "host_pref", "pets", "smokes", "needs_access", "contact_channel", "contact",
                  "notes")
BLANK_PROFILE = dict(city="", region="", languages="", arrival_date=None, needs="",
                     household="alone", gender="", host_pref="any", pets=False, smokes=False,
                     needs_access=False, contact_channel="", contact="", notes="", identity="",
                     unreachable_since=None)


def _when(moment):
    return moment.isoformat() if moment else None


def export(user):
    """Everything Passage holds about this person, as plain JSON-ready data."""
    profile = NewcomerProfile.get_or_none(NewcomerProfile.user == user.id)
    volunteer = User.alias()
    matches = (Match.select(Match, volunteer.display_name.alias("volunteer_name"))
               .join(volunteer, on=(Match.volunteer == volunteer.id))
               .where((Match.newcomer == user.id) | (Match.volunteer == user.id)).objects())
    return {
        "account": {"email": user.email, "name": user.display_name, "role": user.role,
                    "status": user.status, "language": user.locale,
                    "created": _when(user.created_at), "last_login": _when(user.last_login_at)},
        "profile": {name: _plain(profile, name) for name in PROFILE_FIELDS}
        if profile else None,
        "requests": [{"kind": r.kind, "status": r.status, "urgency": r.urgency,
                      "created": _when(r.created_at), "start": _when(r.start),
                      "nights": r.nights, "people": r.people, "note": r.note}
                     for r in HelpRequest.select().where(HelpRequest.newcomer == user.id)],
        "matches": [{"kind": m.kind, "status": m.status,
                     "volunteer": m.volunteer_name if match_view(user, m).volunteer else None,
                     "proposed": _when(m.proposed_at), "ended": _when(m.ended_at)}
                    for m in matches],
        # A mentor's private notes belong to the mentor's work, not to this export.
        "checkins": [{"due": _when(c.due_at), "status": c.status}
                     for c in CheckIn.select(CheckIn.due_at, CheckIn.status)
                     .join(Match, on=(CheckIn.match == Match.id))
                     .where(Match.newcomer == user.id)],
        "deadlines": [{"kind": d.kind, "date": _when(d.date), "label": d.label}
                      for d in Deadline.select().where(Deadline.newcomer == user.id)],
        "procedure": procedure.export(user.id),
        "messages": conversations.written_by(user),
        "notifications": [{"text": render(n.payload["code"], n.payload.get("params")),
                           "created": _when(n.created_at), "read": _when(n.read_at)}
                          for n in Notification.select().where(Notification.recipient == user.id)],
        "meetings": [{"meeting": reveal(title), "start": _when(start), "registration": status}
                     for title, start, status in RSVP.select(Meeting.title, Occurrence.start_at,
                                                             RSVP.status)
                     .join(Occurrence).join(Meeting)
                     .where(RSVP.user == user.id).tuples()],
        "groups_joined": [{"meeting": reveal(title), "joined": _when(joined)}
                          for title, joined in SeriesMember.select(Meeting.title,
                                                                   SeriesMember.joined_at)
                          .join(Meeting).where(SeriesMember.user == user.id).tuples()],
        "attended": [{"meeting": reveal(title), "start": _when(start)}
                     for title, start in Attendance.select(Meeting.title, Occurrence.start_at)
                     .join(Occurrence).join(Meeting)
                     .where(Attendance.user == user.id).tuples()],
        "activity": [{"action": e.action, "at": _when(e.at)}
                     for e in AuditEvent.select(AuditEvent.action, AuditEvent.at)
                     .where(AuditEvent.actor_id == user.id).order_by(AuditEvent.at)],
    }


def _plain(row, name):
    value = getattr(row, name)
    field = type(row)._meta.fields[name]
    # A list column is exported as it is stored, "ru:native,fr:a1".
    if isinstance(field, ListField):
        return field.db_value(value)
    return value.isoformat() if hasattr(value, "isoformat") else value


def erasure_date(user):
    """When the person's requested erasure is carried out, unless they cancel it before."""
    return user.erasure_requested_at + timedelta(days=current_app.config["ERASURE_GRACE_DAYS"])


def request_erasure(user, at_once=False):
    """The person asks to be forgotten: after a grace period they may cancel it in, or at once
    for their safety (a phone about to be taken leaves no time to wait)."""
    if at_once:
        erase(user)
        return True
    if user.erasure_requested_at:
        return False
    User.update(erasure_requested_at=utcnow()).where(User.id == user.id).execute()
    record("user.erasure_requested", target=user, actor=user)
    open_case("erasure", newcomer=user, reporter=user, key=f"erasure:{user.id}")
    alert_organizers(f"erasure:{user.id}", "erasure_requested",
                     link=link("people.newcomer", user_id=user.id))
    return True


def erase(newcomer, organizer=None):
    """Delete a newcomer's personal data; matches and check-ins stay, anonymous, so counts hold."""
    if newcomer.role != "newcomer":
        raise ServiceError(_l("Only a newcomer's data is erased this way."))
    if newcomer.erased_at:
        raise ServiceError(_l("This person's data is already erased."))
    with write_transaction():
        for match in Match.select().where((Match.newcomer == newcomer.id)
                                          & Match.status.in_(("proposed", "active"))):
            end_match(match, organizer, "withdrawn")
            # The volunteer hears that it ended, not why nor who: their link leads to their list.
            notify(match.volunteer_id, "match", key=f"match-erased:{match.id}",
                   code="match_ended", link=link("matching.mine"))
        HelpRequest.update(status="cancelled", closed_at=utcnow()).where(
            (HelpRequest.newcomer == newcomer.id)
            & HelpRequest.status.in_(("open", "proposed", "matched"))).execute()
        HelpRequest.update(note="").where(HelpRequest.newcomer == newcomer.id).execute()
        Match.update(problem="", decline_reason="").where(Match.newcomer == newcomer.id).execute()
        CheckIn.update(notes="", flags="").where(CheckIn.match.in_(
            Match.select(Match.id).where(Match.newcomer == newcomer.id))).execute()
        Deadline.delete().where(Deadline.newcomer == newcomer.id).execute()
        RemovedDeadline.delete().where(RemovedDeadline.newcomer == newcomer.id).execute()
        procedure.erase(newcomer.id)
        conversations.erase_for(newcomer)
        Notification.delete().where(Notification.recipient == newcomer.id).execute()
        RecoveryCode.delete().where(RecoveryCode.user == newcomer.id).execute()
        PasswordReset.delete().where(PasswordReset.user == newcomer.id).execute()
        # A phone that kept its subscription would still hear of this account.
        PushSubscription.delete().where(PushSubscription.user == newcomer.id).execute()
        # The invitation they came with names their address; the referral itself is a count.
        Invitation.update(email=None, label="").where(Invitation.used_by == newcomer.id).execute()
        Lead.delete().where(Lead.newcomer == newcomer.id).execute()
        # No seat on a date added later: their series memberships go before their seats.
        SeriesMember.delete().where(SeriesMember.user == newcomer.id).execute()
        # Their seats go to whoever waits next, as when they leave a meeting themselves.
        for rsvp in (RSVP.select(RSVP, Occurrence).join(Occurrence)
                     .where((RSVP.user == newcomer.id) & RSVP.status.in_(("going", "waitlist"))
                            & (Occurrence.start_at > utcnow()))):
            cancel_rsvp(rsvp.occurrence, newcomer)
        # A seat on a date already held is given back too: seats taken always count the going.
        held = (RSVP.select(RSVP.occurrence).join(Occurrence)
                .where((RSVP.user == newcomer.id) & (RSVP.status == "going")
                       & (Occurrence.start_at <= utcnow())))
        Occurrence.update(seats_taken=Occurrence.seats_taken - 1).where(
            Occurrence.id.in_(held) & (Occurrence.seats_taken > 0)).execute()
        RSVP.delete().where(RSVP.user == newcomer.id).execute()
        Attendance.delete().where(Attendance.user == newcomer.id).execute()
        CalendarFeed.delete().where(CalendarFeed.user == newcomer.id).execute()
        Approval.delete().where(Approval.target == newcomer.id).execute()
        # Case notes and answers speak of the person: they go, and the cases close as erased.
        CaseEntry.delete().where(CaseEntry.case.in_(
            Case.select(Case.id).where(Case.newcomer == newcomer.id))).execute()
        Case.update(status="closed", outcome="erased", open_key=None, closed_at=utcnow(),
                    closed_by=organizer.id if organizer else None).where(
            (Case.newcomer == newcomer.id) & (Case.status == "open")).execute()
        NewcomerProfile.update(**BLANK_PROFILE).where(NewcomerProfile.user == newcomer.id).execute()
        erased = f"erased-{newcomer.id}@erased.invalid"
        # The skeleton goes with the address: the person may sign up again with it.
        User.update(email=erased, email_skeleton=erased, display_name="—",
                    password_hash="!", totp_secret="", locale=None, status="suspended",
                    referred_by=None, erased_at=utcnow()).where(User.id == newcomer.id).execute()
        sessions.end_all(newcomer)
        record("user.erased", target=newcomer, actor=organizer)


def cancel_erasure(user):
    """The person changed their mind within the grace period; their erasure case closes."""
    if not user.erasure_requested_at or user.erased_at:
        return False
    with write_transaction():
        User.update(erasure_requested_at=None).where(User.id == user.id).execute()
        Case.update(status="closed", outcome="no_action", open_key=None, closed_at=utcnow(),
                    closed_by=user.id).where(Case.open_key == f"erasure:{user.id}").execute()
        record("user.erasure_cancelled", target=user, actor=user)
    return True


def erase_requested(now):
    """Erase the newcomers whose request outlived its grace period; returns how many."""
    cutoff = now - timedelta(days=current_app.config["ERASURE_GRACE_DAYS"])
    due = list(User.select().where((User.role == "newcomer") & User.erased_at.is_null()
                                   & (User.erasure_requested_at < cutoff)))
    for user in due:
        erase(user)
    return len(due)


def retention(now):
    """Erase newcomers whose case closed longer ago than the retention period."""
    cutoff = now - relativedelta(months=current_app.config["RETENTION_MONTHS"])
    live = Match.select(Match.newcomer).where(Match.status.in_(("proposed", "active")))
    open_requests = HelpRequest.select(HelpRequest.newcomer).where(
        HelpRequest.status.in_(("open", "proposed", "matched")))
    recent_match = Match.select(Match.newcomer).where(
        (Match.ended_at >= cutoff) | (Match.proposed_at >= cutoff))
    recent_checkin = (CheckIn.select(Match.newcomer).join(Match, on=(CheckIn.match == Match.id))
                      .where(CheckIn.logged_at >= cutoff))
    stale = (User.select().where(
        (User.role == "newcomer") & User.erased_at.is_null() & (User.created_at < cutoff)
        & (fn.COALESCE(User.last_login_at, User.created_at) < cutoff)
        & User.id.not_in(live) & User.id.not_in(open_requests)
        & User.id.not_in(recent_match) & User.id.not_in(recent_checkin)))
    erased = 0
    for newcomer in stale:
        erase(newcomer)
        erased += 1
    return erased
