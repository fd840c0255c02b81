"""Creating, changing and cancelling meetings and their dates; the people registered are told."""
from datetime import datetime
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from peewee import Case

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
from ..places.fields import NOWHERE, place_columns
from ..timeutil import paris_date, paris_utc
from .access import LIVE_RSVP, can_manage, may_create
from .membership import seat_members
from .recurrence import (
    HORIZON,
    MAX_AHEAD,
    insert_occurrences,
    no_skipped_start,
    occurrence_rows,
    slots,
)
from .seats import promote

TITLE_MAX = 120
DESCRIPTION_MAX = 2000
PLACE_MAX = 300
LINK_MAX = 300
MIN_DURATION = 15
MAX_DURATION = 720
SHOWN_MATCHES = 5


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
    online_only: bool = False


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
    if len(place) > PLACE_MAX or len(online_link) > LINK_MAX:
        raise ServiceError(_l("The place or the link is too long: at most %(n)s characters.",
                              n=PLACE_MAX))
    if online_link and not online_link.startswith(("https://", "http://")):
        raise ServiceError(_l("The online link must start with https://."))
    where = _where(values.online_only, city, place, online_link)
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
    no_skipped_start(start_local, values.recurrence, until)
    facilitator = User.get_or_none((User.id == values.facilitator) & (User.status == "active")
                                   & User.role.in_(VOLUNTEER_ROLES)) if values.facilitator else None
    if facilitator is None:
        raise ServiceError(_l("Choose a vetted volunteer as facilitator."))
    return dict(title=title, description=description, language=values.language, **where,
                place=place, online_link=online_link, capacity=values.capacity,
                facilitator=facilitator.id, count_only=bool(values.count_only),
                recurrence=values.recurrence, repeat_until=until, start_at=start_at,
                duration=duration)


def _where(online_only, city, place, online_link):
    """The place columns: a commune (never anything finer), or online only."""
    if online_only:
        if place:
            raise ServiceError(_l("A meeting held only online has no address: leave it "
                                  "empty, or choose a commune."))
        if not online_link:
            raise ServiceError(_l("Give the online link."))
        return {**NOWHERE, "online_only": True}
    if not place and not online_link:
        raise ServiceError(_l("Give a place or an online link."))
    return {**place_columns(city), "online_only": False}


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
                      & (RSVP.status == "waitlist")
                      & (Occurrence.seats_taken < Occurrence.capacity))
               .tuples())
    for (occurrence_id,) in list(waiting):
        promote(occurrence_id, now)


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
            start_at = occurrence.start_at if by_hand else moment
            Occurrence.update(slot=moment, start_at=start_at).where(
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
    insert_occurrences(occurrence_rows(meeting, sorted(wanted.values())))
    seat_members(now, meeting.id)
    return moved


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
    if place and meeting.online_only:
        raise ServiceError(_l("This meeting is held online: it has no place."))
    if values.day is None or values.starts is None:
        raise ServiceError(_l("Choose the day and the start."))
    no_skipped_start(datetime.combine(values.day, values.starts))
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
