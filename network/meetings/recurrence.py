"""Series and their dates: the recurrence rule in Paris time, dates kept HORIZON ahead."""
from datetime import datetime, time, timedelta

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday
from peewee import JOIN, fn

from ..core.batches import batches
from ..core.errors import ServiceError
from ..db import write_transaction
from ..models import Meeting, Occurrence, utcnow
from ..timeutil import exists_in_paris, paris_date, paris_time, paris_utc, skipped_time_message
from .membership import seat_members

# Occurrences are materialised this far ahead; extend_occurrences keeps it topped up.
HORIZON = timedelta(days=120)
# Further ahead than this, a date is a typing mistake.
MAX_AHEAD = timedelta(days=2 * 366)
BATCH = 500


def _local(moment):
    """A naive UTC instant as naive Paris wall-clock time."""
    return paris_time(moment).replace(tzinfo=None)


def as_datetime(value):
    # SQLite hands an aggregate back as text; PostgreSQL as a datetime.
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


def _rule(meeting):
    """The series as a dateutil rule in Paris wall-clock time, so 19:00 stays 19:00 across DST."""
    return _local_rule(_local(meeting.start_at), meeting.recurrence, meeting.repeat_until)


def _local_rule(first, recurrence, repeat_until):
    until = datetime.combine(repeat_until, time.max) if repeat_until else None
    if recurrence == "monthly":
        # The same weekday of the same week of the month: the second Tuesday, or the last one.
        nth = (first.day - 1) // 7 + 1
        return rrule(MONTHLY, dtstart=first, until=until,
                     byweekday=weekday(first.weekday(), -1 if nth == 5 else nth))
    interval = 2 if recurrence == "biweekly" else 1
    return rrule(WEEKLY, dtstart=first, until=until, interval=interval)


def _skipped(first, recurrence, repeat_until):
    """The first date of a meeting or series whose start the clocks skip, or None."""
    if recurrence == "none":
        return None if exists_in_paris(first) else first
    last = datetime.combine(repeat_until or (first + MAX_AHEAD).date(), time.max)
    return next((local for local in _local_rule(first, recurrence, repeat_until).between(
        first, last, inc=True) if not exists_in_paris(local)), None)


def no_skipped_start(first, recurrence="none", repeat_until=None):
    skipped = _skipped(first, recurrence, repeat_until)
    if skipped is not None:
        raise ServiceError(skipped_time_message(skipped))


def slots(meeting, after, before):
    """The series' start times (naive UTC) from `after` to `before`, both included."""
    if meeting.recurrence == "none":
        return [meeting.start_at] if after <= meeting.start_at <= before else []
    # A day's margin either side: the window is UTC, the rule runs on Paris time.
    local = _rule(meeting).between(_local(after) - timedelta(days=1),
                                   _local(before) + timedelta(days=1), inc=True)
    return [moment for moment in map(paris_utc, local) if after <= moment <= before]


def occurrence_rows(meeting, moments):
    return [dict(meeting=meeting.id, slot=moment, start_at=moment, capacity=meeting.capacity)
            for moment in moments]


def insert_occurrences(rows):
    for batch in batches(rows, BATCH):
        Occurrence.insert_many(batch).on_conflict_ignore().execute()


def extend_occurrences(now=None):
    """Top up every live series to HORIZON ahead; returns how many occurrences were added.

    The scheduler runs it daily; a second run adds nothing, and the unique (meeting, slot)
    index makes two runs at once harmless. After downtime the series goes on from now. Those
    who joined a series get their seats on its new dates.
    """
    now = now or utcnow()
    latest = fn.MAX(Occurrence.slot).alias("latest")
    series = (Meeting.select(Meeting.id, Meeting.start_at, Meeting.recurrence,
                             Meeting.repeat_until, Meeting.capacity, latest)
              .join(Occurrence, JOIN.LEFT_OUTER, on=(Occurrence.meeting == Meeting.id))
              .where(Meeting.cancelled_at.is_null() & (Meeting.recurrence != "none")
                     & (Meeting.repeat_until.is_null()
                        | (Meeting.repeat_until >= paris_date(now))))
              .group_by(Meeting.id, Meeting.start_at, Meeting.recurrence, Meeting.repeat_until,
                        Meeting.capacity))
    rows = []
    for meeting in series:
        last = as_datetime(meeting.latest)
        after = max(now, last + timedelta(seconds=1)) if last else now
        rows.extend(occurrence_rows(meeting, slots(meeting, after, now + HORIZON)))
    with write_transaction():
        insert_occurrences(rows)
        seat_members(now)
    return len(rows)
