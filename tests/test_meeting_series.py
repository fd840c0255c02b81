"""Joining a weekly group as a whole: a seat on every date to come, by the waitlist rules of
each date, kept on dates added later, and given up in one step."""
from datetime import date, time, timedelta

import pytest

from network.core.errors import ServiceError
from network.meetings import membership, recurrence, seats, series
from network.models import RSVP, Notification, Occurrence, SeriesMember, User
from network.privacy import service as privacy

from .factories import make_newcomer
from .meetingkit import (
    SPRING,
    dates_of,
    in_request,
    login_as,
    make_meeting,
    meeting_input,
)


@pytest.fixture
def login(auth):
    return login_as(auth)


def statuses(meeting, person):
    """The person's answer on each date of the series, in date order (None: no answer)."""
    answers = dict(RSVP.select(RSVP.occurrence, RSVP.status)
                   .where(RSVP.user == person.id).tuples())
    return [answers.get(occurrence.id) for occurrence in dates_of(meeting)]


def join(app, meeting, person, now=SPRING):
    return in_request(app, membership.join_series, meeting, person, now=now)


def test_joining_takes_a_seat_on_every_date_and_the_waitlist_where_full(app, mentor, newcomer):
    meeting = make_meeting(app, mentor, day=date(2027, 3, 16), now=SPRING, capacity=1)
    full = dates_of(meeting)[1]
    in_request(app, seats.rsvp, full, make_newcomer(), now=SPRING)
    taken = join(app, meeting, newcomer)
    dates = len(dates_of(meeting))
    assert (taken["going"], taken["waitlist"]) == (dates - 1, 1)
    assert statuses(meeting, newcomer) == ["going", "waitlist"] + ["going"] * (dates - 2)
    assert all(o.seats_taken == 1 for o in dates_of(meeting))
    # The waitlist of the full date moves as for anyone else: a freed seat is theirs.
    first_waiting = User.get(User.id != newcomer.id, User.role == "newcomer")
    in_request(app, seats.cancel_rsvp, Occurrence.get_by_id(full.id), first_waiting, now=SPRING)
    assert statuses(meeting, newcomer)[1] == "going"


def test_a_date_already_taken_stays_and_one_given_up_is_taken_again(app, mentor, newcomer):
    meeting = make_meeting(app, mentor, day=date(2027, 3, 16), now=SPRING)
    first, second = dates_of(meeting)[:2]
    in_request(app, seats.rsvp, first, newcomer, now=SPRING)
    in_request(app, seats.rsvp, second, newcomer, now=SPRING)
    in_request(app, seats.cancel_rsvp, Occurrence.get_by_id(second.id), newcomer, now=SPRING)
    join(app, meeting, newcomer)
    assert set(statuses(meeting, newcomer)) == {"going"}
    assert RSVP.select().where(RSVP.user == newcomer.id).count() == len(dates_of(meeting))
    assert Occurrence.get_by_id(first.id).seats_taken == 1


def test_joining_twice_a_single_meeting_or_a_past_series_is_refused(app, mentor, newcomer):
    meeting = make_meeting(app, mentor, day=date(2027, 3, 16), now=SPRING)
    join(app, meeting, newcomer)
    with pytest.raises(ServiceError, match="already joined"):
        join(app, meeting, newcomer)
    once = make_meeting(app, mentor, day=date(2027, 3, 16), now=SPRING, recurrence="none")
    with pytest.raises(ServiceError, match="meets regularly"):
        join(app, once, newcomer)
    other = make_newcomer()
    with pytest.raises(ServiceError, match="no date to come"):
        join(app, meeting, other, now=SPRING + timedelta(days=400))
    # Nothing half-written: no membership and no seat for the refused ones.
    assert not SeriesMember.select().where(SeriesMember.user == other.id).exists()
    with pytest.raises(ServiceError, match="taken in"):
        join(app, meeting, make_newcomer(status="pending"))
    assert SeriesMember.select().count() == 1


def test_leaving_gives_up_every_date_to_come_and_seats_the_waitlist(app, mentor, newcomer):
    meeting = make_meeting(app, mentor, day=date(2027, 3, 16), now=SPRING, capacity=1)
    join(app, meeting, newcomer)
    waiting = make_newcomer()
    later = dates_of(meeting)[3]
    in_request(app, seats.rsvp, later, waiting, now=SPRING)
    after_two_dates = dates_of(meeting)[1].start_at + timedelta(hours=3)
    left = in_request(app, membership.leave_series, meeting, newcomer, now=after_two_dates)
    assert left == len(dates_of(meeting)) - 2
    # The dates already held keep their record; every date to come is given up.
    assert statuses(meeting, newcomer)[:2] == ["going", "going"]
    assert set(statuses(meeting, newcomer)[2:]) == {"cancelled"}
    assert RSVP.get(RSVP.user == waiting.id).status == "going"
    assert Notification.select().where(Notification.recipient == waiting.id).count() == 1
    assert not membership.is_member(meeting, newcomer)
    with pytest.raises(ServiceError, match="had not joined"):
        in_request(app, membership.leave_series, meeting, newcomer, now=after_two_dates)


def test_dates_added_later_seat_the_members_by_the_same_rules(app, mentor, newcomer):
    meeting = make_meeting(app, mentor, day=date(2027, 3, 16), now=SPRING, capacity=1)
    join(app, meeting, newcomer)
    first_come = make_newcomer()
    join(app, meeting, first_come)
    suspended = make_newcomer()
    join(app, meeting, suspended)
    User.update(status="suspended").where(User.id == suspended.id).execute()
    one_date = dates_of(meeting)[2]
    in_request(app, seats.cancel_rsvp, one_date, newcomer, now=SPRING)
    before = len(dates_of(meeting))
    in_request(app, recurrence.extend_occurrences, SPRING + timedelta(days=30))
    new_dates = dates_of(meeting)[before:]
    assert new_dates
    for occurrence in new_dates:
        answers = dict(RSVP.select(RSVP.user, RSVP.status)
                       .where(RSVP.occurrence == occurrence.id).tuples())
        # Who joined first has the seat; the next waits; a suspended member gets nothing.
        assert answers == {newcomer.id: "going", first_come.id: "waitlist"}
        assert Occurrence.get_by_id(occurrence.id).seats_taken == 1
    # A date they gave up alone stays given up.
    assert RSVP.get(RSVP.occurrence == one_date.id, RSVP.user == newcomer.id).status == \
        "cancelled"


def test_a_new_schedule_seats_the_members_on_its_new_days(app, mentor, newcomer):
    meeting = make_meeting(app, mentor, day=date(2027, 3, 16), now=SPRING)
    join(app, meeting, newcomer)
    in_request(app, series.update_meeting, meeting, mentor,
               meeting_input(mentor, date(2027, 3, 18), starts=time(18, 0)), now=SPRING)
    coming = [o for o in dates_of(meeting) if o.cancelled_at is None]
    assert coming and {o.start_at.weekday() for o in coming} == {3}
    assert set(statuses(meeting, newcomer)[-len(coming):]) == {"going"}


def test_the_group_is_joined_and_left_from_a_dates_page(app, client, login, mentor, newcomer):
    meeting = make_meeting(app, mentor, capacity=2)
    occurrence = dates_of(meeting)[0]
    login(newcomer)
    page = client.get(f"/meetings/{occurrence.id}").get_data(as_text=True)
    assert "Join every date" in page
    page = client.post(f"/meetings/{occurrence.id}/join-series", follow_redirects=True).get_data(
        as_text=True)
    assert f"You have a seat on {len(dates_of(meeting))} dates." in page
    assert "Leave the group" in page and "Join every date" not in page
    page = client.post(f"/meetings/{occurrence.id}/leave-series",
                       follow_redirects=True).get_data(as_text=True)
    assert "You left the group" in page
    assert set(statuses(meeting, newcomer)) == {"cancelled"}
    single = make_meeting(app, mentor, recurrence="none")
    page = client.get(f"/meetings/{dates_of(single)[0].id}").get_data(as_text=True)
    assert "Join every date" not in page


def test_erasure_ends_the_membership_and_exports_list_it(app, ctx, mentor, newcomer):
    meeting = make_meeting(app, mentor, capacity=1)
    in_request(app, membership.join_series, meeting, newcomer)
    assert privacy.export(User.get_by_id(newcomer.id))["groups_joined"][0]["meeting"] == \
        "Группа поддержки"
    privacy.erase(User.get_by_id(newcomer.id))
    assert not SeriesMember.select().exists()
    assert all(o.seats_taken == 0 for o in dates_of(meeting))
