"""The scheduler's jobs: plain functions of `now`, each idempotent and safe to stop at any point.

The rules live with their features; this module only lists them and wraps the daily ones.

What is due is a query; what was sent is a notification row with a unique dedupe key. A job
that dies half-way is simply run again: the keys already sent are skipped, the rest go out.
"""
from .auth.sessions import remove_expired as remove_expired_sessions
from .checkins.rules import checkin_reminders, overdue_checkins
from .checkins.service import extend_schedules
from .conversations.service import remove_expired as remove_expired_messages
from .dashboard.digest import organizer_digest
from .db import refresh_statistics
from .deadlines.reminders import deadline_reminders
from .deadlines.service import forget_removed as forget_removed_deadlines
from .meetings.recurrence import extend_occurrences
from .meetings.reminders import reminders as meeting_reminders
from .models import Setting
from .notify import mail
from .privacy.service import erase_requested, retention
from .procedure.service import cnda_alerts
from .procedure.service import forget_removed as forget_cleared_procedure_dates
from .procedure.service import reminders as procedure_reminders
from .timeutil import paris_date


def deliver_email(now):
    """Hand due emails of the outbox to the SMTP server."""
    return mail.deliver(now)


def forget_removed_dates(now):
    """Procedure dates removed more than a day ago can no longer be put back."""
    return forget_removed_deadlines(now) + forget_cleared_procedure_dates(now)


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
    ("procedure_reminders", procedure_reminders),
    ("organizer_digest", organizer_digest),
    ("checkins_planned", once_a_day("extend_schedules", extend_schedules)),
    ("meeting_dates_planned", once_a_day("extend_occurrences", extend_occurrences)),
    ("retention_erased", once_a_day("retention", retention)),
    ("erasure_requests_done", erase_requested),
    ("statistics_refreshed", once_a_day("statistics", statistics)),
    ("sessions_removed", once_a_day("sessions", remove_expired_sessions)),
    ("messages_disappeared", remove_expired_messages),
    ("removed_dates_forgotten", forget_removed_dates),
    ("emails_sent", deliver_email),
)


def run_all(now):
    """Every job once, in order; returns what each one sent."""
    return {name: job(now) for name, job in JOBS}
