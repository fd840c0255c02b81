"""Seats and the waitlist: registering, leaving, and the waitlist moving up."""
from flask_babel import lazy_gettext as _l
from peewee import IntegrityError, fn

from ..core.errors import ServiceError
from ..db import write_transaction
from ..models import RSVP, Occurrence, utcnow
from ..notify.service import link, notify_many
from .access import may_attend


class _Refused(Exception):
    """A conditional update found the row changed: undo the whole step."""


def open_for_rsvp(now):
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
            status = take_seat(occurrence.id, user.id, now, mine)
            if status is None:
                raise ServiceError(_l("This date has begun or is cancelled: registration is "
                                      "closed."))
    except (_Refused, IntegrityError):
        raise ServiceError(_l("You are already registered for this date.")) from None
    return status


def take_seat(occurrence_id, user_id, now, mine=None):
    """A seat if one is free, else the waitlist: the status, or None if the date is closed.

    Inside the caller's transaction; `mine` is the person's cancelled RSVP for it, if any.
    """
    seated = (Occurrence.update(seats_taken=Occurrence.seats_taken + 1)
              .where((Occurrence.id == occurrence_id) & open_for_rsvp(now)
                     & (Occurrence.seats_taken < Occurrence.capacity))
              .execute())
    if not seated and not Occurrence.select().where(
            (Occurrence.id == occurrence_id) & open_for_rsvp(now)).exists():
        return None
    status = "going" if seated else "waitlist"
    position = 0 if seated else _next_position(occurrence_id)
    if mine is None:
        RSVP.create(occurrence=occurrence_id, user=user_id, status=status, position=position,
                    created_at=now, updated_at=now)
    elif not (RSVP.update(status=status, position=position, updated_at=now)
              .where((RSVP.id == mine.id) & (RSVP.status == "cancelled")).execute()):
        raise _Refused
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
        if not release(occurrence.id, user.id, now):
            raise ServiceError(_l("You were not registered for this date."))


def release(occurrence_id, user_id, now):
    """Inside the caller's transaction: give up a seat or a waitlist place; False if none."""
    mine = (RSVP.user == user_id) & (RSVP.occurrence == occurrence_id)
    left = RSVP.update(status="cancelled", updated_at=now).where(
        mine & (RSVP.status == "going")).execute()
    if left:
        Occurrence.update(seats_taken=Occurrence.seats_taken - 1).where(
            (Occurrence.id == occurrence_id) & (Occurrence.seats_taken > 0)).execute()
        promote(occurrence_id, now)
        return True
    return bool(RSVP.update(status="cancelled", updated_at=now).where(
        mine & (RSVP.status == "waitlist")).execute())


def promote(occurrence_id, now):
    """Free seats go to the first on the waitlist, who are told; inside the caller's transaction."""
    promoted = []
    while True:
        first = (RSVP.select(RSVP.id, RSVP.user, RSVP.position)
                 .where((RSVP.occurrence == occurrence_id) & (RSVP.status == "waitlist"))
                 .order_by(RSVP.position, RSVP.updated_at, RSVP.id).first())
        if first is None:
            break
        seated = (Occurrence.update(seats_taken=Occurrence.seats_taken + 1)
                  .where((Occurrence.id == occurrence_id) & open_for_rsvp(now)
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
