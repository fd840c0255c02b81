"""The scheduler's jobs: plain functions of `now`, each idempotent and safe to stop at any point.

What is due is a query; what was sent is a notification row with a unique dedupe key. A job
that dies half-way is simply run again: the keys already sent are skipped, the rest go out.
"""
from datetime import timedelta

from peewee import fn

from .auth.sessions import remove_expired as remove_expired_sessions
from .checkins.service import extend_schedules
from .conversations.service import remove_expired as remove_expired_messages
from .db import refresh_statistics, write_transaction
from .meetings.service import extend_occurrences
from .meetings.service import reminders as meeting_reminders
from .models import (
    CheckIn,
    Deadline,
    HelpRequest,
    Match,
    NewcomerProfile,
    Setting,
    User,
)
from .notify import mail
from .notify.service import alert_organizers, link, notify_many
from .privacy.service import retention
from .timeutil import day_before, paris_date, paris_time

BATCH = 500
OVERDUE_AFTER = timedelta(hours=48)
# "The day before" is 23 to 25 hours on the clock: the query reads the widest, the rule decides.
REMIND_WINDOW = timedelta(hours=25)


def _batches(rows):
    for start in range(0, len(rows), BATCH):
        yield rows[start:start + BATCH]


def checkin_reminders(now):
    """Mentors hear of a check-in the day before, at its hour; once per check-in and due date.

    Check-ins that fell due while the scheduler was down, and are not overdue yet, count too.
    """
    due = (CheckIn.select(CheckIn.id, CheckIn.due_at, Match.volunteer)
           .join(Match, on=(CheckIn.match == Match.id))
           .where((CheckIn.status == "scheduled") & (CheckIn.due_at >= now - OVERDUE_AFTER)
                  & (CheckIn.due_at < now + REMIND_WINDOW) & (Match.status == "active"))
           .tuples())
    rows = [row for row in due if day_before(row[1]) <= now]
    sent = 0
    for batch in _batches(rows):
        sent += notify_many(
            dict(recipient=volunteer, kind="checkin_due",
                 key=f"checkin-reminder:{checkin_id}:{due_at:%Y-%m-%d}", code="checkin_due",
                 link=link("checkins.log", checkin_id=checkin_id))
            for checkin_id, due_at, volunteer in batch)
    return sent


def overdue_checkins(now):
    """A check-in not logged 48 h after it was due is missed: the mentor and organizers hear of it."""
    # Few check-ins are overdue at a tick: they are found first. Joined in one WHERE, SQLite's
    # planner walked every active match's check-ins instead (50 ms a tick on a large network).
    late = CheckIn.select(CheckIn.id).where((CheckIn.status == "scheduled")
                                            & (CheckIn.due_at < now - OVERDUE_AFTER))
    overdue = list(CheckIn.select(CheckIn.id, Match.volunteer, Match.newcomer)
                   .join(Match, on=(CheckIn.match == Match.id))
                   .where(CheckIn.id.in_(late) & (Match.status == "active"))
                   .tuples())
    sent = 0
    for batch in _batches(overdue):
        # Notifications and the status change commit together: a crash sends both or neither.
        with write_transaction():
            sent += notify_many(
                dict(recipient=volunteer, kind="checkin_overdue", key=f"checkin-overdue:{cid}",
                     code="checkin_overdue", link=link("checkins.log", checkin_id=cid))
                for cid, volunteer, _ in batch)
            for cid, _, _ in batch:
                sent += alert_organizers(f"checkin-overdue-org:{cid}", "checkin_overdue_org",
                                         link=link("checkins.log", checkin_id=cid),
                                         kind="checkin_overdue")
            CheckIn.update(status="missed").where(
                CheckIn.id.in_([cid for cid, _, _ in batch]) & (CheckIn.status == "scheduled")
            ).execute()
    return sent + mark_unreachable(now, {newcomer for _, _, newcomer in overdue})


def mark_unreachable(now, newcomers):
    """Two missed check-ins in a row, with no contact logged since, mark a newcomer unreachable."""
    sent = 0
    for newcomer in newcomers:
        last_two = [status for (status,) in
                    CheckIn.select(CheckIn.status).join(Match, on=(CheckIn.match == Match.id))
                    .where((Match.newcomer == newcomer) & (CheckIn.status != "scheduled"))
                    .order_by(CheckIn.due_at.desc()).limit(2).tuples()]
        if len(last_two) == 2 and all(s in ("missed", "not_reached") for s in last_two):
            with write_transaction():
                marked = (NewcomerProfile.update(unreachable_since=now)
                          .where((NewcomerProfile.user == newcomer)
                                 & NewcomerProfile.unreachable_since.is_null()).execute())
                if marked:
                    sent += alert_organizers(f"unreachable:{newcomer}:{now:%Y-%m-%d}",
                                             "unreachable",
                                             link=link("people.newcomer", user_id=newcomer))
    return sent


def deadline_reminders(now):
    """Newcomer and mentor hear of a procedure date 7 days before and the day before, once each."""
    today = paris_date(now)
    upcoming = list(Deadline.select(Deadline.id, Deadline.date, Deadline.newcomer)
                    .where((Deadline.date >= today) & (Deadline.date <= today + timedelta(days=7))
                           & (Deadline.done == False))  # noqa: E712 (peewee expression)
                    .tuples())
    mentors = _active_mentors({newcomer for _, _, newcomer in upcoming})
    items = []
    for deadline_id, date, newcomer in upcoming:
        days = (date - today).days
        step = 1 if days <= 1 else 7
        code = "deadline_tomorrow" if step == 1 else "deadline_soon"
        for recipient in (newcomer, *mentors.get(newcomer, ())):
            items.append(dict(recipient=recipient, kind="deadline", code=code,
                              params={"days": days}, key=f"deadline:{deadline_id}:{step}:{recipient}",
                              link=link("deadlines.for_newcomer", user_id=newcomer)
                              if recipient != newcomer else link("deadlines.mine")))
    return sum(notify_many(batch) for batch in _batches(items))


def _active_mentors(newcomers):
    found = {}
    if newcomers:
        for newcomer, volunteer in (Match.select(Match.newcomer, Match.volunteer)
                                    .where(Match.newcomer.in_(list(newcomers))
                                           & (Match.kind == "mentor") & (Match.status == "active"))
                                    .tuples()):
            found.setdefault(newcomer, []).append(volunteer)
    return found


def cnda_alerts(now):
    """A CNDA appeal deadline within 7 days with no appeal recorded alerts the organizers."""
    today = paris_date(now)
    pending = (Deadline.select(Deadline.id, Deadline.newcomer)
               .where((Deadline.kind == "cnda_appeal") & (Deadline.done == False)  # noqa: E712
                      & (Deadline.date >= today) & (Deadline.date <= today + timedelta(days=7)))
               .tuples())
    return sum(alert_organizers(f"cnda-no-appeal:{deadline_id}", "cnda_no_appeal",
                                link=link("deadlines.for_newcomer", user_id=newcomer))
               for deadline_id, newcomer in pending)


DIGEST_HOUR = 8


def organizer_digest(now):
    """Once a day, from 08:00 Paris time, each organizer gets the day's figures."""
    if paris_time(now).hour < DIGEST_HOUR:
        return 0
    today = paris_date(now)
    pending = User.select(fn.COUNT(User.id)).where(User.status == "pending").scalar()
    open_requests = HelpRequest.select(fn.COUNT(HelpRequest.id)).where(
        HelpRequest.status == "open").scalar()
    overdue = CheckIn.select(fn.COUNT(CheckIn.id)).where(CheckIn.status == "missed").scalar()
    return alert_organizers(f"digest:{today:%Y-%m-%d}", "digest", kind="digest",
                            params={"pending": pending, "open": open_requests, "overdue": overdue},
                            link=link("main.home"))


def deliver_email(now):
    """Hand due emails of the outbox to the SMTP server."""
    return mail.deliver(now)


def statistics(now):
    """The planner's table statistics, refreshed as the network grows."""
    refresh_statistics()
    return 0


def once_a_day(name, job):
    """A job that runs at the first tick of each Paris day (and again after a crash in it)."""

    def run(now):
        today = paris_date(now).isoformat()
        key = f"last_run:{name}"
        if Setting.get_or_none((Setting.key == key) & (Setting.value == today)):
            return 0
        done = job(now)
        Setting.insert(key=key, value=today).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: today}).execute()
        return done

    return run


JOBS = (
    ("checkin_reminders", checkin_reminders),
    ("overdue_checkins", overdue_checkins),
    ("deadline_reminders", deadline_reminders),
    ("cnda_alerts", cnda_alerts),
    ("meeting_reminders", meeting_reminders),
    ("organizer_digest", organizer_digest),
    ("checkins_planned", once_a_day("extend_schedules", extend_schedules)),
    ("meeting_dates_planned", once_a_day("extend_occurrences", extend_occurrences)),
    ("retention_erased", once_a_day("retention", retention)),
    ("statistics_refreshed", once_a_day("statistics", statistics)),
    ("sessions_removed", once_a_day("sessions", remove_expired_sessions)),
    ("messages_disappeared", remove_expired_messages),
    ("emails_sent", deliver_email),
)


def run_all(now):
    """Every job once, in order; returns what each one sent."""
    return {name: job(now) for name, job in JOBS}
