"""Peer-support meetings: series and their occurrences, seats and the waitlist, attendance,
reminders, and who may see what of them."""
from datetime import datetime, time, timedelta
from typing import NamedTuple

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday
from flask import abort
from flask_babel import lazy_gettext as _l
from peewee import JOIN, Case, IntegrityError, fn

from ..audit.service import record
from ..auth.service import normalise_email
from ..core.errors import ServiceError
from ..db import write_transaction
from ..models import (
    MAX_MEETING_CAPACITY,
    MEETING_LANGUAGES,
    RECURRENCES,
    RSVP,
    VOLUNTEER_ROLES,
    Attendance,
    Meeting,
    Occurrence,
    User,
    utcnow,
)
from ..notify.service import link, notify_many
from ..timeutil import (
    day_before,
    exists_in_paris,
    paris_date,
    paris_time,
    paris_utc,
    skipped_time_message,
)

# Occurrences are materialised this far ahead; extend_occurrences keeps it topped up.
HORIZON = timedelta(days=120)
# "The day before" is 23 to 25 hours on the clock: the query reads the widest, the rule decides.
REMIND_WINDOW = timedelta(hours=25)
# Further ahead than this, a date is a typing mistake.
MAX_AHEAD = timedelta(days=2 * 366)
PAGE_SIZE = 20
TITLE_MAX = 120
DESCRIPTION_MAX = 2000
PLACE_MAX = 300
LINK_MAX = 300
CITY_MAX = 80
MIN_DURATION = 15
MAX_DURATION = 720
MAX_ATTENDED = 1000
# A series page shows this much of the past: attendance over time, not forever.
PAST_SHOWN = 26
REPORT_WEEKS = 12
BATCH = 500
SHOWN_MATCHES = 5
LIVE_RSVP = ("going", "waitlist")


class _Refused(Exception):
    """A conditional update found the row changed: undo the whole step."""


def _local(moment):
    """A naive UTC instant as naive Paris wall-clock time."""
    return paris_time(moment).replace(tzinfo=None)


def _as_datetime(value):
    # SQLite hands an aggregate back as text; PostgreSQL as a datetime.
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


# Capabilities


def may_attend(user):
    """Vetted people take part in meetings: active newcomers, mentors and organizers."""
    return user.is_authenticated and user.status == "active"


def may_create(user):
    """Organizers and vetted mentors create meetings."""
    return user.status == "active" and user.role in VOLUNTEER_ROLES


def can_manage(user, meeting):
    """The facilitator and the organizers run a meeting, record and see who came."""
    return user.is_organizer or (may_create(user) and meeting.facilitator_id == user.id)


# Recurrence


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


def _no_skipped_start(first, recurrence="none", repeat_until=None):
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


def _occurrence_rows(meeting, moments):
    return [dict(meeting=meeting.id, slot=moment, start_at=moment, capacity=meeting.capacity)
            for moment in moments]


def _insert(rows):
    for start in range(0, len(rows), BATCH):
        Occurrence.insert_many(rows[start:start + BATCH]).on_conflict_ignore().execute()


def extend_occurrences(now=None):
    """Top up every live series to HORIZON ahead; returns how many occurrences were added.

    The scheduler runs it daily; a second run adds nothing, and the unique (meeting, slot)
    index makes two runs at once harmless. After downtime the series goes on from now.
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
        last = _as_datetime(meeting.latest)
        after = max(now, last + timedelta(seconds=1)) if last else now
        rows.extend(_occurrence_rows(meeting, slots(meeting, after, now + HORIZON)))
    with write_transaction():
        _insert(rows)
    return len(rows)


def _reschedule(meeting, now):
    """Bring the future occurrences in line with the series' schedule.

    An occurrence on a day the new schedule keeps is moved, with its RSVPs; one on a day it
    drops is deleted, or cancelled (and its people told) when someone registered for it.
    """
    wanted = {paris_date(moment): moment for moment in slots(meeting, now, now + HORIZON)}
    future = list(Occurrence.select(Occurrence.id, Occurrence.slot, Occurrence.start_at,
                                    Occurrence.cancelled_at)
                  .where((Occurrence.meeting == meeting.id) & (Occurrence.slot >= now))
                  .order_by(Occurrence.slot))
    dropped, moved = [], []
    for occurrence in future:
        moment = wanted.pop(paris_date(occurrence.slot), None)
        if moment is None:
            dropped.append(occurrence.id)
        elif moment != occurrence.slot:
            # A start moved by hand for this one date stays where it was put.
            by_hand = occurrence.start_at != occurrence.slot
            Occurrence.update(slot=moment, start_at=occurrence.start_at if by_hand else moment).where(
                Occurrence.id == occurrence.id).execute()
            if not by_hand and not occurrence.cancelled_at:
                moved.append(occurrence.id)
    if dropped:
        registered = {occurrence_id for (occurrence_id,) in
                      RSVP.select(RSVP.occurrence).where(RSVP.occurrence.in_(dropped)
                                                         & RSVP.status.in_(LIVE_RSVP)).tuples()}
        Occurrence.delete().where(Occurrence.id.in_([i for i in dropped
                                                     if i not in registered])).execute()
        _cancel(list(registered), now)
    _insert(_occurrence_rows(meeting, sorted(wanted.values())))
    return moved


# Creating and changing meetings


class MeetingInput(NamedTuple):
    """What a person typed for a meeting; `_clean` checks it and makes it the columns."""

    title: str
    description: str
    language: str
    day: object
    starts: object
    ends: object
    city: str
    place: str
    online_link: str
    capacity: object
    facilitator: object
    count_only: bool
    recurrence: str
    repeat_until: object


def _clean(values, now, current=None):
    """The columns of a meeting, or a ServiceError that says what to fix."""
    title = (values.title or "").strip()
    description = (values.description or "").strip()
    city = (values.city or "").strip()
    place = (values.place or "").strip()
    online_link = (values.online_link or "").strip()
    if not title:
        raise ServiceError(_l("Give the meeting a title."))
    if len(title) > TITLE_MAX:
        raise ServiceError(_l("The title is too long: at most %(n)s characters.", n=TITLE_MAX))
    if len(description) > DESCRIPTION_MAX:
        raise ServiceError(_l("The description is too long: at most %(n)s characters.",
                              n=DESCRIPTION_MAX))
    if values.language not in MEETING_LANGUAGES:
        raise ServiceError(_l("Choose the language of the meeting."))
    if len(city) > CITY_MAX or any(ch.isdigit() for ch in city):
        raise ServiceError(_l("Write only the name of the city, without a street, number or "
                              "postcode."))
    if len(place) > PLACE_MAX or len(online_link) > LINK_MAX:
        raise ServiceError(_l("The place or the link is too long: at most %(n)s characters.",
                              n=PLACE_MAX))
    if online_link and not online_link.startswith(("https://", "http://")):
        raise ServiceError(_l("The online link must start with https://."))
    if not place and not online_link:
        raise ServiceError(_l("Give a place or an online link."))
    if place and not city:
        raise ServiceError(_l("Say in which city the place is."))
    if not isinstance(values.capacity, int) or not 1 <= values.capacity <= MAX_MEETING_CAPACITY:
        raise ServiceError(_l("Between 1 and %(n)s people can take part.",
                              n=MAX_MEETING_CAPACITY))
    if values.day is None or values.starts is None or values.ends is None:
        raise ServiceError(_l("Choose the day, the start and the end."))
    start_local = datetime.combine(values.day, values.starts)
    duration = int((datetime.combine(values.day, values.ends) - start_local).total_seconds()
                   // 60)
    if duration <= 0:
        raise ServiceError(_l("The meeting must end after it starts."))
    if not MIN_DURATION <= duration <= MAX_DURATION:
        raise ServiceError(_l("A meeting lasts between %(min)s minutes and %(max)s hours.",
                              min=MIN_DURATION, max=MAX_DURATION // 60))
    start_at = paris_utc(start_local)
    if (current is None or start_at != current.start_at) and start_at <= now:
        raise ServiceError(_l("Choose a start that is still to come."))
    if start_at > now + MAX_AHEAD:
        raise ServiceError(_l("Choose a start within the next two years."))
    if values.recurrence not in RECURRENCES:
        raise ServiceError(_l("Choose how often the meeting takes place."))
    until = values.repeat_until if values.recurrence != "none" else None
    if until is not None and until < values.day:
        raise ServiceError(_l("The last date cannot be before the first meeting."))
    if until is not None and until > values.day + MAX_AHEAD:
        raise ServiceError(_l("A series can run for at most two years."))
    _no_skipped_start(start_local, values.recurrence, until)
    facilitator = User.get_or_none((User.id == values.facilitator) & (User.status == "active")
                                   & User.role.in_(VOLUNTEER_ROLES)) if values.facilitator else None
    if facilitator is None:
        raise ServiceError(_l("Choose a vetted volunteer as facilitator."))
    return dict(title=title, description=description, language=values.language, city=city,
                place=place, online_link=online_link, capacity=values.capacity,
                facilitator=facilitator.id, count_only=bool(values.count_only),
                recurrence=values.recurrence, repeat_until=until, start_at=start_at,
                duration=duration)


def create_meeting(by, values, now=None):
    """A new meeting or series with its occurrences for the coming months."""
    if not may_create(by):
        raise ServiceError(_l("Only vetted volunteers can create meetings."))
    now = now or utcnow()
    columns = _clean(values, now)
    with write_transaction():
        meeting = Meeting.create(created_by=by.id, **columns)
        _reschedule(meeting, now)
        record("meeting.created", target=meeting, actor=by)
    return meeting


def update_meeting(meeting, by, values, now=None):
    """Change the whole series from now on: past occurrences keep what they were."""
    if not can_manage(by, meeting):
        raise ServiceError(_l("Only the facilitator or an organizer can change this meeting."))
    if meeting.cancelled_at:
        raise ServiceError(_l("This meeting is cancelled."))
    now = now or utcnow()
    columns = _clean(values, now, current=meeting)
    reschedule = any(columns[name] != getattr(meeting, name)
                     for name in ("start_at", "recurrence", "repeat_until"))
    new_place = columns["place"] != meeting.place
    new_link = columns["online_link"] != meeting.online_link
    with write_transaction():
        Meeting.update(**columns).where(Meeting.id == meeting.id).execute()
        meeting = Meeting.get_by_id(meeting.id)
        changed = _reschedule(meeting, now) if reschedule else []
        if new_place or new_link:
            elsewhere = (Occurrence.select(Occurrence.id)
                         .where((Occurrence.meeting == meeting.id) & (Occurrence.start_at > now)
                                & Occurrence.cancelled_at.is_null()))
            if not new_link:
                # A date with a place of its own keeps it; the link is the series' alone.
                elsewhere = elsewhere.where(Occurrence.place == "")
            changed += [occurrence_id for (occurrence_id,) in elsewhere.tuples()]
        _announce_change(set(changed), now)
        _set_capacity(meeting, now)
        if meeting.count_only:
            # Switching to count only forgets who came: the numbers stay.
            Attendance.delete().where(Attendance.occurrence.in_(
                Occurrence.select(Occurrence.id).where(Occurrence.meeting == meeting.id))).execute()
        record("meeting.updated", target=meeting, actor=by)
    return meeting


def _set_capacity(meeting, now):
    """Future occurrences take the series' capacity; nobody already seated loses a seat."""
    Occurrence.update(capacity=Case(None, [(Occurrence.seats_taken > meeting.capacity,
                                            Occurrence.seats_taken)], meeting.capacity)).where(
        (Occurrence.meeting == meeting.id) & (Occurrence.start_at > now)).execute()
    waiting = (RSVP.select(RSVP.occurrence).distinct()
               .join(Occurrence, on=(RSVP.occurrence == Occurrence.id))
               .where((Occurrence.meeting == meeting.id) & (Occurrence.start_at > now)
                      & (RSVP.status == "waitlist") & (Occurrence.seats_taken < Occurrence.capacity))
               .tuples())
    for (occurrence_id,) in list(waiting):
        _promote(occurrence_id, now)


class OccurrenceInput(NamedTuple):
    """A change to one date of a series."""

    day: object
    starts: object
    title: str
    place: str


def update_occurrence(occurrence, by, values, now=None):
    """Move one date, or give it another title or place; the series stays as it is."""
    meeting = occurrence.meeting
    if not can_manage(by, meeting):
        raise ServiceError(_l("Only the facilitator or an organizer can change this meeting."))
    if occurrence.cancelled_at:
        raise ServiceError(_l("This date is cancelled."))
    now = now or utcnow()
    if occurrence.start_at <= now:
        raise ServiceError(_l("This date has already begun: it can no longer be changed."))
    title = (values.title or "").strip()
    place = (values.place or "").strip()
    if len(title) > TITLE_MAX:
        raise ServiceError(_l("The title is too long: at most %(n)s characters.", n=TITLE_MAX))
    if len(place) > PLACE_MAX:
        raise ServiceError(_l("The place or the link is too long: at most %(n)s characters.",
                              n=PLACE_MAX))
    if place and not meeting.city:
        raise ServiceError(_l("This meeting is held online: it has no place."))
    if values.day is None or values.starts is None:
        raise ServiceError(_l("Choose the day and the start."))
    _no_skipped_start(datetime.combine(values.day, values.starts))
    start_at = paris_utc(datetime.combine(values.day, values.starts))
    if start_at <= now:
        raise ServiceError(_l("Choose a start that is still to come."))
    if start_at > now + MAX_AHEAD:
        raise ServiceError(_l("Choose a start within the next two years."))
    moved = (start_at != occurrence.start_at
             or (place or meeting.place) != (occurrence.place or meeting.place))
    with write_transaction():
        # What equals the series is stored empty, so a later change of the series shows through.
        Occurrence.update(start_at=start_at,
                          title="" if title == meeting.title else title,
                          place="" if place == meeting.place else place).where(
            Occurrence.id == occurrence.id).execute()
        if moved:
            _announce_change({occurrence.id}, now)
        record("meeting.occurrence_updated", target=occurrence, actor=by)
    return Occurrence.get_by_id(occurrence.id)


def _tell_registered(occurrence_ids, code, key, key_end=""):
    """Notify everyone seated or waiting for these dates: once per key, person and date."""
    registered = (RSVP.select(RSVP.occurrence, RSVP.user)
                  .where(RSVP.occurrence.in_(list(occurrence_ids)) & RSVP.status.in_(LIVE_RSVP))
                  .tuples())
    return notify_many(
        dict(recipient=user_id, kind="meeting", code=code,
             key=f"{key}:{occurrence_id}:{user_id}{key_end}",
             link=link("meetings.occurrence", occurrence_id=occurrence_id))
        for occurrence_id, user_id in registered)


def _announce_change(occurrence_ids, now):
    """Tell everyone registered for these dates that the time or the place changed."""
    if not occurrence_ids:
        return 0
    # One notice per change: a date moved twice is announced twice.
    return _tell_registered(occurrence_ids, "meeting_changed", "meeting-changed",
                            f":{now.isoformat()}")


def _cancel(occurrence_ids, now):
    """Cancel occurrences and tell everyone registered for them, once per person and date."""
    if not occurrence_ids:
        return 0
    Occurrence.update(cancelled_at=now).where(Occurrence.id.in_(occurrence_ids)
                                              & Occurrence.cancelled_at.is_null()).execute()
    return _tell_registered(occurrence_ids, "meeting_cancelled", "meeting-cancelled")


def cancel_occurrence(occurrence, by, now=None):
    """Cancel one date; everyone registered is told."""
    if not can_manage(by, occurrence.meeting):
        raise ServiceError(_l("Only the facilitator or an organizer can cancel this meeting."))
    now = now or utcnow()
    if occurrence.cancelled_at:
        raise ServiceError(_l("This date is already cancelled."))
    if occurrence.start_at <= now:
        raise ServiceError(_l("This date has already begun: it can no longer be cancelled."))
    with write_transaction():
        _cancel([occurrence.id], now)
        record("meeting.occurrence_cancelled", target=occurrence, actor=by)


def cancel_series(meeting, by, now=None):
    """Cancel the series and every date still to come; everyone registered is told."""
    if not can_manage(by, meeting):
        raise ServiceError(_l("Only the facilitator or an organizer can cancel this meeting."))
    if meeting.cancelled_at:
        raise ServiceError(_l("This meeting is already cancelled."))
    now = now or utcnow()
    with write_transaction():
        Meeting.update(cancelled_at=now).where(Meeting.id == meeting.id).execute()
        coming = [occurrence_id for (occurrence_id,) in
                  Occurrence.select(Occurrence.id)
                  .where((Occurrence.meeting == meeting.id) & (Occurrence.start_at > now)
                         & Occurrence.cancelled_at.is_null()).tuples()]
        _cancel(coming, now)
        record("meeting.cancelled", target=meeting, actor=by)


# Seats and the waitlist


def _open_for_rsvp(now):
    return Occurrence.cancelled_at.is_null() & (Occurrence.start_at > now)


def rsvp(occurrence, user, now=None):
    """Take a seat, or a place on the waitlist when the date is full; returns the status.

    The seat is booked by one conditional UPDATE in the transaction that records the RSVP,
    so concurrent RSVPs never take more seats than there are.
    """
    if not may_attend(user):
        raise ServiceError(_l("Only people taken in by the network can register."))
    now = now or utcnow()
    try:
        with write_transaction():
            mine = RSVP.get_or_none((RSVP.occurrence == occurrence.id) & (RSVP.user == user.id))
            if mine is not None and mine.status != "cancelled":
                raise _Refused
            seated = (Occurrence.update(seats_taken=Occurrence.seats_taken + 1)
                      .where((Occurrence.id == occurrence.id) & _open_for_rsvp(now)
                             & (Occurrence.seats_taken < Occurrence.capacity))
                      .execute())
            if not seated and not Occurrence.select().where(
                    (Occurrence.id == occurrence.id) & _open_for_rsvp(now)).exists():
                raise ServiceError(_l("This date has begun or is cancelled: registration is "
                                      "closed."))
            status = "going" if seated else "waitlist"
            position = 0 if seated else _next_position(occurrence.id)
            if mine is None:
                RSVP.create(occurrence=occurrence.id, user=user.id, status=status,
                            position=position, created_at=now, updated_at=now)
            elif not (RSVP.update(status=status, position=position, updated_at=now)
                      .where((RSVP.id == mine.id) & (RSVP.status == "cancelled")).execute()):
                raise _Refused
    except (_Refused, IntegrityError):
        raise ServiceError(_l("You are already registered for this date.")) from None
    return status


def _next_position(occurrence_id):
    last = (RSVP.select(fn.MAX(RSVP.position))
            .where((RSVP.occurrence == occurrence_id) & (RSVP.status == "waitlist")).scalar())
    return (last or 0) + 1


def cancel_rsvp(occurrence, user, now=None):
    """Give up a seat or a place on the waitlist; a freed seat goes to the first waiting."""
    now = now or utcnow()
    if occurrence.start_at <= now:
        raise ServiceError(_l("This date has already begun."))
    with write_transaction():
        mine = (RSVP.user == user.id) & (RSVP.occurrence == occurrence.id)
        left = RSVP.update(status="cancelled", updated_at=now).where(
            mine & (RSVP.status == "going")).execute()
        if left:
            Occurrence.update(seats_taken=Occurrence.seats_taken - 1).where(
                (Occurrence.id == occurrence.id) & (Occurrence.seats_taken > 0)).execute()
            _promote(occurrence.id, now)
        elif not RSVP.update(status="cancelled", updated_at=now).where(
                mine & (RSVP.status == "waitlist")).execute():
            raise ServiceError(_l("You were not registered for this date."))


def _promote(occurrence_id, now):
    """Free seats go to the first on the waitlist, who are told; inside the caller's transaction."""
    promoted = []
    while True:
        first = (RSVP.select(RSVP.id, RSVP.user, RSVP.position)
                 .where((RSVP.occurrence == occurrence_id) & (RSVP.status == "waitlist"))
                 .order_by(RSVP.position, RSVP.updated_at, RSVP.id).first())
        if first is None:
            break
        seated = (Occurrence.update(seats_taken=Occurrence.seats_taken + 1)
                  .where((Occurrence.id == occurrence_id) & _open_for_rsvp(now)
                         & (Occurrence.seats_taken < Occurrence.capacity)).execute())
        if not seated:
            break
        # Only if still waiting: someone who left the waitlist meanwhile (a concurrent
        # transaction on PostgreSQL) must not be seated again; their seat goes to the next one.
        if not (RSVP.update(status="going", updated_at=now)
                .where((RSVP.id == first.id) & (RSVP.status == "waitlist")).execute()):
            Occurrence.update(seats_taken=Occurrence.seats_taken - 1).where(
                Occurrence.id == occurrence_id).execute()
            continue
        promoted.append(first)
    # The position is new each time someone joins the waitlist: a second seat is news again.
    notify_many(dict(recipient=row.user_id, kind="meeting", code="meeting_seat",
                     key=f"meeting-seat:{occurrence_id}:{row.user_id}:{row.position}",
                     link=link("meetings.occurrence", occurrence_id=occurrence_id))
                for row in promoted)
    return len(promoted)


# Reading


def get_meeting_for(user, meeting_id):
    """A series its facilitator or an organizer manages, else 404."""
    meeting = Meeting.get_or_none(Meeting.id == meeting_id)
    if meeting is None or not can_manage(user, meeting):
        abort(404)
    return meeting


def ends_at(occurrence):
    """When an occurrence ends (naive UTC)."""
    return occurrence.start_at + timedelta(minutes=occurrence.meeting.duration)


def get_occurrence_for(user, occurrence_id, now=None):
    """An occurrence with its meeting, `mine` (this person's RSVP or None) and `managed`; else 404.

    Anyone taking part sees a date still open; a cancelled or past one only those registered
    for it, its facilitator and the organizers.
    """
    occurrence = (Occurrence.select(Occurrence, Meeting)
                  .join(Meeting, on=(Occurrence.meeting == Meeting.id))
                  .where(Occurrence.id == occurrence_id).get_or_none())
    if occurrence is None or not may_attend(user):
        abort(404)
    occurrence.mine = RSVP.get_or_none((RSVP.occurrence == occurrence.id)
                                       & (RSVP.user == user.id))
    occurrence.managed = can_manage(user, occurrence.meeting)
    registered = occurrence.mine is not None and occurrence.mine.status in LIVE_RSVP
    open_now = occurrence.cancelled_at is None and ends_at(occurrence) > (now or utcnow())
    if not (occurrence.managed or registered or open_now):
        abort(404)
    return occurrence


class Location(NamedTuple):
    """Where an occurrence takes place, for the people allowed to know."""

    place: str
    online_link: str


def location(occurrence):
    """The place and link of an occurrence from get_occurrence_for, or None if hidden."""
    going = occurrence.mine is not None and occurrence.mine.status == "going"
    if not (occurrence.managed or going):
        return None
    meeting = occurrence.meeting
    return Location(occurrence.place or meeting.place, meeting.online_link)


def title_of(occurrence):
    """The title of this date: its own, or the series'."""
    return occurrence.title or occurrence.meeting.title


def listing():
    """Occurrence rows with what a list shows of their meeting; never the place or the link."""
    return (Occurrence.select(Occurrence.id, Occurrence.start_at, Occurrence.title,
                              Occurrence.capacity, Occurrence.seats_taken,
                              Occurrence.cancelled_at, Meeting.id, Meeting.title,
                              Meeting.language, Meeting.city, Meeting.duration,
                              Meeting.count_only, Meeting.cancelled_at)
            .join(Meeting, on=(Occurrence.meeting == Meeting.id)))


def upcoming(user, language=None, city=None, page=1, now=None):
    """A page of dates still open to registration, soonest first, with this person's RSVP.

    `city` "online" means meetings held only online. Returns (rows, more).
    """
    now = now or utcnow()
    query = (listing().select_extend(RSVP.status)
             .switch(Occurrence)
             .join(RSVP, JOIN.LEFT_OUTER, on=((RSVP.occurrence == Occurrence.id)
                                              & (RSVP.user == user.id)), attr="mine")
             .where(_open_for_rsvp(now) & Meeting.cancelled_at.is_null())
             .order_by(Occurrence.start_at, Occurrence.id))
    if language:
        query = query.where(Meeting.language == language)
    if city == "online":
        query = query.where(Meeting.city == "")
    elif city:
        query = query.where(Meeting.city == city)
    rows = list(query.paginate(page, PAGE_SIZE).limit(PAGE_SIZE + 1))
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def cities(now=None):
    """The cities where a meeting is still to come, for the filter."""
    now = now or utcnow()
    # EXISTS stops at a series' first date to come; a join would visit every one of them.
    to_come = Occurrence.select(1).where((Occurrence.meeting == Meeting.id) & _open_for_rsvp(now))
    return [city for (city,) in
            Meeting.select(Meeting.city).distinct()
            .where((Meeting.city != "") & Meeting.cancelled_at.is_null() & fn.EXISTS(to_come))
            .order_by(Meeting.city).tuples()]


def my_meetings(user, now=None):
    """The dates this person registered for that have not ended, cancelled ones included."""
    now = now or utcnow()
    rows = (listing().select_extend(RSVP.status, RSVP.position)
            .switch(Occurrence)
            .join(RSVP, on=(RSVP.occurrence == Occurrence.id), attr="mine")
            .where((RSVP.user == user.id) & RSVP.status.in_(LIVE_RSVP)
                   & (Occurrence.start_at > now - timedelta(minutes=MAX_DURATION)))
            .order_by(Occurrence.start_at, Occurrence.id))
    return [row for row in rows if ends_at(row) > now]


def managed_meetings(user, now=None):
    """The series this person facilitates (all of them for an organizer) with dates to come."""
    now = now or utcnow()
    query = (Meeting.select(Meeting.id, Meeting.title, Meeting.city, Meeting.language,
                            Meeting.recurrence, fn.MIN(Occurrence.start_at).alias("next_at"))
             .join(Occurrence, on=(Occurrence.meeting == Meeting.id))
             .where(Meeting.cancelled_at.is_null() & (Occurrence.start_at > now)
                    & Occurrence.cancelled_at.is_null())
             .group_by(Meeting.id, Meeting.title, Meeting.city, Meeting.language,
                       Meeting.recurrence)
             .order_by(fn.MIN(Occurrence.start_at), Meeting.id))
    if not user.is_organizer:
        query = query.where(Meeting.facilitator == user.id)
    rows = list(query.limit(PAGE_SIZE))
    for row in rows:
        row.next_at = _as_datetime(row.next_at)
    return rows


def series_dates(meeting, now=None):
    """(past, coming, {occurrence id: waitlist length}) of a series; three queries."""
    now = now or utcnow()
    coming = list(listing().where((Occurrence.meeting == meeting.id)
                                   & (Occurrence.start_at > now))
                  .order_by(Occurrence.start_at))
    past = list(listing().where((Occurrence.meeting == meeting.id)
                                 & (Occurrence.start_at <= now))
                .order_by(Occurrence.start_at.desc()).limit(PAST_SHOWN))
    waiting = dict(RSVP.select(RSVP.occurrence, fn.COUNT(RSVP.id))
                   .join(Occurrence, on=(RSVP.occurrence == Occurrence.id))
                   .where((Occurrence.meeting == meeting.id) & (Occurrence.start_at > now)
                          & (RSVP.status == "waitlist"))
                   .group_by(RSVP.occurrence).tuples())
    return past, coming, waiting


def people_registered(occurrence):
    """Who registered for a date, seated first then the waitlist in order; for its managers."""
    return list(RSVP.select(RSVP.id, RSVP.status, RSVP.position, User.id, User.display_name,
                            User.role)
                .join(User, on=(RSVP.user == User.id))
                .where((RSVP.occurrence == occurrence.id) & RSVP.status.in_(LIVE_RSVP))
                .order_by(RSVP.status == "waitlist", RSVP.position, RSVP.updated_at, RSVP.id))


# Attendance


def attendance_choices(occurrence):
    """Who may be named as having come: everyone who ever registered for this date."""
    return list(User.select(User.id, User.display_name, User.role)
                .join(RSVP, on=(RSVP.user == User.id))
                .where(RSVP.occurrence == occurrence.id)
                .order_by(User.display_name, User.id))


def attendees(occurrence):
    """The ids of the people recorded as having come."""
    return [user_id for (user_id,) in Attendance.select(Attendance.user)
            .where(Attendance.occurrence == occurrence.id).tuples()]


def record_attendance(occurrence, by, people=(), others=0, count=None, now=None):
    """The facilitator or an organizer records who came, or only how many for a count-only
    meeting, whose RSVPs are then forgotten so nothing says who came."""
    meeting = occurrence.meeting
    if not can_manage(by, meeting):
        raise ServiceError(_l("Only the facilitator or an organizer records who came."))
    now = now or utcnow()
    if occurrence.cancelled_at:
        raise ServiceError(_l("This date was cancelled."))
    if occurrence.start_at > now:
        raise ServiceError(_l("Attendance is recorded once the meeting has begun."))
    if meeting.count_only:
        if people:
            raise ServiceError(_l("This meeting keeps only the number of people, never names."))
        if not isinstance(count, int) or not 0 <= count <= MAX_ATTENDED:
            raise ServiceError(_l("Write how many people came, from 0 to %(n)s.",
                                  n=MAX_ATTENDED))
        with write_transaction():
            Occurrence.update(attended=count, attendance_recorded_at=now).where(
                Occurrence.id == occurrence.id).execute()
            RSVP.delete().where(RSVP.occurrence == occurrence.id).execute()
            record("meeting.attendance", target=occurrence, actor=by, detail=str(count))
        return count
    people = set(people)
    allowed = {user.id for user in attendance_choices(occurrence)}
    if not people <= allowed:
        raise ServiceError(_l("Only people who registered can be named; count the others."))
    if not isinstance(others, int) or not 0 <= others <= MAX_ATTENDED:
        raise ServiceError(_l("Write how many others came, from 0 to %(n)s.", n=MAX_ATTENDED))
    total = len(people) + others
    with write_transaction():
        Attendance.delete().where(Attendance.occurrence == occurrence.id).execute()
        Attendance.insert_many([dict(occurrence=occurrence.id, user=user_id, recorded_by=by.id,
                                     recorded_at=now) for user_id in sorted(people)]).execute()
        Occurrence.update(attended=total, attendance_recorded_at=now).where(
            Occurrence.id == occurrence.id).execute()
        record("meeting.attendance", target=occurrence, actor=by, detail=str(total))
    return total


def last_attended(newcomer_ids):
    """{newcomer id: start of the last meeting they were recorded at}; count-only meetings
    name nobody, so they do not count here."""
    ids = list(newcomer_ids)
    if not ids:
        return {}
    rows = (Attendance.select(Attendance.user, fn.MAX(Occurrence.start_at))
            .join(Occurrence, on=(Attendance.occurrence == Occurrence.id))
            .where(Attendance.user.in_(ids)).group_by(Attendance.user).tuples())
    return {user_id: _as_datetime(last) for user_id, last in rows}


class SeriesReport(NamedTuple):
    """A series and how many came to each of its recent dates, oldest first."""

    meeting: Meeting
    counts: list


def attendance_report(page=1, now=None):
    """A page of series, by city, with the attendance of their recent dates; two queries."""
    now = now or utcnow()
    since = now - timedelta(weeks=REPORT_WEEKS)
    meetings = list(Meeting.select(Meeting.id, Meeting.title, Meeting.city, Meeting.language,
                                   Meeting.count_only, Meeting.cancelled_at)
                    .where(Meeting.id.in_(Occurrence.select(Occurrence.meeting).where(
                        (Occurrence.start_at >= since) & (Occurrence.start_at <= now))))
                    # Titles are tokens: a city's series together, oldest first.
                    .order_by(Meeting.city, Meeting.start_at, Meeting.id)
                    .paginate(page, PAGE_SIZE).limit(PAGE_SIZE + 1))
    more, meetings = len(meetings) > PAGE_SIZE, meetings[:PAGE_SIZE]
    counts = {meeting.id: [] for meeting in meetings}
    if meetings:
        for occurrence in (Occurrence.select(Occurrence.meeting, Occurrence.start_at,
                                             Occurrence.attended, Occurrence.cancelled_at)
                           .where(Occurrence.meeting.in_(list(counts))
                                  & (Occurrence.start_at >= since)
                                  & (Occurrence.start_at <= now))
                           .order_by(Occurrence.start_at)):
            counts[occurrence.meeting_id].append(occurrence)
    return [SeriesReport(meeting, counts[meeting.id]) for meeting in meetings], more


def isolation(page=1):
    """A page of active newcomers, those who never came or came longest ago first."""
    last = fn.MAX(Occurrence.start_at)
    seen = (Attendance.select(Attendance.user.alias("user_id"), last.alias("last_at"))
            .join(Occurrence, on=(Attendance.occurrence == Occurrence.id))
            .group_by(Attendance.user).alias("seen"))
    rows = list(User.select(User.id, User.display_name, seen.c.last_at)
                .join(seen, JOIN.LEFT_OUTER, on=(seen.c.user_id == User.id))
                .where((User.role == "newcomer") & (User.status == "active"))
                .order_by(seen.c.last_at.asc(nulls="first"), User.id)
                .paginate(page, PAGE_SIZE).limit(PAGE_SIZE + 1).objects())
    for row in rows:
        row.last_at = _as_datetime(row.last_at)
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


# Reminders


def reminders(now):
    """Everyone with a seat hears of a date the day before, at its hour; once per person and date."""
    due = (RSVP.select(RSVP.occurrence, RSVP.user, Occurrence.start_at)
           .join(Occurrence, on=(RSVP.occurrence == Occurrence.id))
           .join(Meeting, on=(Occurrence.meeting == Meeting.id))
           .where((RSVP.status == "going") & Occurrence.cancelled_at.is_null()
                  & Meeting.cancelled_at.is_null() & (Occurrence.start_at > now)
                  & (Occurrence.start_at <= now + REMIND_WINDOW))
           .tuples())
    rows = [(occurrence_id, user_id) for occurrence_id, user_id, start_at in due
            if day_before(start_at) <= now]
    sent = 0
    for start in range(0, len(rows), BATCH):
        sent += notify_many(
            dict(recipient=user_id, kind="meeting", code="meeting_reminder",
                 key=f"meeting-reminder:{occurrence_id}:{user_id}",
                 link=link("meetings.occurrence", occurrence_id=occurrence_id))
            for occurrence_id, user_id in rows[start:start + BATCH])
    return sent


def facilitator_named(text):
    """The vetted volunteer with this email address, or the only one whose name holds `text`.

    Organizers type a name or an address instead of picking from every volunteer of the
    network: a menu of thousands of names and addresses is slow and shows them all at once.
    """
    volunteers = (User.select(User.id, User.display_name, User.email)
                  .where((User.status == "active") & User.role.in_(VOLUNTEER_ROLES)))
    by_email = volunteers.where(User.email == normalise_email(text)).first()
    if by_email:
        return by_email
    # Names are compared in Python: SQLite folds the case of Latin letters only.
    wanted = " ".join((text or "").split()).casefold()
    found = [user for user in volunteers.order_by(User.display_name, User.id)
             if wanted in user.display_name.casefold()] if wanted else []
    exact = [user for user in found if user.display_name.casefold() == wanted]
    if len(exact) == 1 or len(found) == 1:
        return (exact or found)[0]
    if not found:
        raise ServiceError(_l("No vetted volunteer has this name or email address."))
    names = ", ".join(f"{user.display_name} ({user.email})" for user in found[:SHOWN_MATCHES])
    raise ServiceError(_l("Several volunteers match: %(names)s. Write the email address of "
                          "the one you mean.", names=names))
