"""A person who leaves the waitlist while a freed seat is being handed out is not seated
again (on PostgreSQL the two transactions run side by side): their "you are no longer
registered" stays true, and the seat goes to the next one waiting."""
import sys

from network.meetings import seats
from network.models import RSVP, Notification, Occurrence

from .factories import make_newcomer, make_organizer
from .meetingkit import first_date, in_request, make_meeting


class LeavesWhileSeatsAreHandedOut:
    """The Occurrence model, except that `leaver` leaves the waitlist just before the
    promotion takes a seat for them: what a concurrent "leave" does between the promotion's
    SELECT of the first in line and its UPDATE."""

    def __init__(self, occurrence, leaver):
        self.occurrence, self.leaver = occurrence, leaver

    def __getattr__(self, name):
        return getattr(Occurrence, name)

    def update(self, **changes):
        if sys._getframe(1).f_code.co_name == "promote" and self.leaver:
            RSVP.update(status="cancelled").where(
                (RSVP.occurrence == self.occurrence.id) & (RSVP.user == self.leaver.id)).execute()
            self.leaver = None
        return Occurrence.update(**changes)


def test_who_left_the_waitlist_meanwhile_is_not_seated(app, monkeypatch):
    organizer = make_organizer(email="org@example.test")
    seated, leaver, next_one = (make_newcomer(email=f"n{i}@example.test") for i in range(3))
    occurrence = first_date(make_meeting(app, organizer, capacity=1))
    for person in (seated, leaver, next_one):
        in_request(app, seats.rsvp, occurrence, person)
    monkeypatch.setattr(seats, "Occurrence", LeavesWhileSeatsAreHandedOut(occurrence, leaver))
    in_request(app, seats.cancel_rsvp, Occurrence.get_by_id(occurrence.id), seated)
    status = {r.user_id: r.status for r in RSVP.select().where(RSVP.occurrence == occurrence.id)}
    assert status == {seated.id: "cancelled", leaver.id: "cancelled", next_one.id: "going"}
    assert Occurrence.get_by_id(occurrence.id).seats_taken == 1
    told = {n.recipient_id for n in Notification.select().where(
        Notification.dedupe_key.startswith(f"meeting-seat:{occurrence.id}:"))}
    assert told == {next_one.id}
