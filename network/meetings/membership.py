"""Joining a whole series in one step: a seat, or the waitlist, on each of its dates to come.

A member keeps their place as the series goes on: each date added later (topping up, a new
schedule) seats them too, by the same waitlist rules as registering for it alone. Leaving a
single date leaves only that date; leaving the series gives up every date still to come.
"""
from collections import Counter

from flask_babel import lazy_gettext as _l
from peewee import JOIN, IntegrityError

from ..core.errors import ServiceError
from ..db import write_transaction
from ..models import RSVP, Occurrence, SeriesMember, User, utcnow
from .access import LIVE_RSVP, may_attend
from .seats import open_for_rsvp, release, take_seat


def is_member(meeting, user):
    """Whether this person joined the whole series."""
    return SeriesMember.select().where((SeriesMember.meeting == meeting.id)
                                       & (SeriesMember.user == user.id)).exists()


def joinable(meeting):
    """A series that meets regularly and is not cancelled can be joined whole."""
    return meeting.cancelled_at is None and meeting.recurrence != "none"


def join_series(meeting, user, now=None):
    """Join every date to come; returns how many are "going" and how many "waitlist"."""
    if not may_attend(user):
        raise ServiceError(_l("Only people taken in by the network can register."))
    if not joinable(meeting):
        raise ServiceError(_l("Only a group that meets regularly can be joined as a whole."))
    now = now or utcnow()
    try:
        with write_transaction():
            SeriesMember.create(meeting=meeting.id, user=user.id, joined_at=now)
            taken = Counter(status for status in _take_coming(meeting.id, user.id, now)
                            if status is not None)
            if not taken:
                raise ServiceError(_l("This group has no date to come."))
    except IntegrityError:
        raise ServiceError(_l("You have already joined this group.")) from None
    return taken


def _take_coming(meeting_id, user_id, now):
    """The status on each open date of the series, taking a seat where the person has none."""
    answers = {rsvp.occurrence_id: rsvp for rsvp in
               RSVP.select().join(Occurrence, on=(RSVP.occurrence == Occurrence.id))
               .where((RSVP.user == user_id) & (Occurrence.meeting == meeting_id)
                      & open_for_rsvp(now))}
    coming = (Occurrence.select(Occurrence.id)
              .where((Occurrence.meeting == meeting_id) & open_for_rsvp(now))
              .order_by(Occurrence.start_at).tuples())
    for (occurrence_id,) in coming:
        mine = answers.get(occurrence_id)
        if mine is not None and mine.status in LIVE_RSVP:
            yield mine.status
        else:
            yield take_seat(occurrence_id, user_id, now, mine)


def leave_series(meeting, user, now=None):
    """Leave the series and every date to come; freed seats go to those waiting."""
    now = now or utcnow()
    with write_transaction():
        if not SeriesMember.delete().where((SeriesMember.meeting == meeting.id)
                                           & (SeriesMember.user == user.id)).execute():
            raise ServiceError(_l("You had not joined this group."))
        coming = (RSVP.select(RSVP.occurrence)
                  .join(Occurrence, on=(RSVP.occurrence == Occurrence.id))
                  .where((RSVP.user == user.id) & (Occurrence.meeting == meeting.id)
                         & (Occurrence.start_at > now) & RSVP.status.in_(LIVE_RSVP))
                  .order_by(Occurrence.start_at).tuples())
        return sum(release(occurrence_id, user.id, now) for (occurrence_id,) in list(coming))


def seat_members(now, meeting_id=None):
    """Inside the caller's transaction: each member gets a seat, or the waitlist, on the dates
    of their series they have no answer for yet (dates added since they joined)."""
    missing = (Occurrence.select(Occurrence.id, SeriesMember.user)
               .join(SeriesMember, on=(SeriesMember.meeting == Occurrence.meeting))
               .join(User, on=(SeriesMember.user == User.id))
               .join(RSVP, JOIN.LEFT_OUTER, on=((RSVP.occurrence == Occurrence.id)
                                                & (RSVP.user == SeriesMember.user)))
               .where(RSVP.id.is_null() & open_for_rsvp(now) & (User.status == "active"))
               .order_by(Occurrence.start_at, SeriesMember.joined_at, SeriesMember.id))
    if meeting_id is not None:
        missing = missing.where(Occurrence.meeting == meeting_id)
    return sum(take_seat(occurrence_id, user_id, now) is not None
               for occurrence_id, user_id in list(missing.tuples()))
