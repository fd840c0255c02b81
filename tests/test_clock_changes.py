"""Clock changes in Paris: a time the clocks skip is refused with a reason, and "the day
before" reminders come at the same wall-clock hour, 23 or 25 hours ahead."""
from datetime import date, datetime, time, timedelta

import pytest

from network import jobs
from network.checkins import service as checkins
from network.core.errors import ServiceError
from network.meetings import reminders, seats, series
from network.models import CheckIn, Meeting, Notification

from .factories import make_match
from .meetingkit import SPRING, dates_of, in_request, make_meeting

SPRING_CHANGE = date(2027, 3, 28)  # Sunday: 02:00 becomes 03:00
AUTUMN_CHANGE = date(2027, 10, 31)  # Sunday: 03:00 becomes 02:00 again


def _refused(app, function, *args, **kwargs):
    with pytest.raises(ServiceError) as refusal, app.test_request_context():
        function(*args, **kwargs)
    return str(refusal.value)


def test_a_meeting_at_a_skipped_time_is_refused_and_says_why(app, mentor):
    message = _refused(app, make_meeting, app, mentor, day=SPRING_CHANGE, now=SPRING,
                       recurrence="none", starts=time(2, 30), ends=time(3, 30))
    assert "02:30" in message and "28 March 2027" in message and "clocks" in message
    assert Meeting.select().count() == 0


def test_a_weekly_series_that_would_meet_at_a_skipped_time_is_refused(app, mentor):
    message = _refused(app, make_meeting, app, mentor, day=date(2027, 3, 7), now=SPRING,
                       starts=time(2, 30), ends=time(3, 30))
    assert "28 March 2027" in message
    assert Meeting.select().count() == 0


def test_a_series_that_never_meets_on_the_change_day_keeps_its_night_hour(app, mentor):
    meeting = make_meeting(app, mentor, day=date(2027, 3, 8), now=SPRING,
                           starts=time(2, 30), ends=time(3, 30))
    assert {(d.start_at.hour, d.start_at.minute) for d in dates_of(meeting)[:6]} == {
        (1, 30), (0, 30)}


def test_an_hour_lived_twice_takes_the_first(app, mentor):
    meeting = make_meeting(app, mentor, day=AUTUMN_CHANGE, now=SPRING, recurrence="none",
                           starts=time(2, 30), ends=time(3, 30))
    # 02:30 summer time, the first of the two.
    assert Meeting.get_by_id(meeting.id).start_at == datetime(2027, 10, 31, 0, 30)


def test_one_date_cannot_be_moved_to_a_skipped_time(app, mentor):
    meeting = make_meeting(app, mentor, day=date(2027, 3, 21), now=SPRING)
    occurrence = dates_of(meeting)[0]
    before = occurrence.start_at
    message = _refused(app, series.update_occurrence, occurrence, mentor,
                       series.OccurrenceInput(day=SPRING_CHANGE, starts=time(2, 15),
                                                title="", place=""), now=SPRING)
    assert "2:15" in message
    assert dates_of(meeting)[0].start_at == before


def test_a_check_in_cannot_be_moved_to_a_skipped_time(app, mentor, newcomer):
    match = make_match(mentor, newcomer)
    checkin = CheckIn.create(match=match, due_at=datetime(2027, 3, 20, 17, 0))
    message = _refused(app, checkins.move_checkin, checkin, mentor, SPRING_CHANGE, time(2, 30),
                       now=SPRING)
    assert "2:30" in message
    assert CheckIn.get_by_id(checkin.id).due_at == datetime(2027, 3, 20, 17, 0)


def _reminders(code):
    return Notification.select().where(Notification.payload.contains(code)).count()


@pytest.mark.parametrize("day, early, on_time", [
    # 19:00 on the change day is 17:00 UTC; 19:00 the day before was still winter time.
    (SPRING_CHANGE, datetime(2027, 3, 27, 17, 59), datetime(2027, 3, 27, 18, 0)),
    # 19:00 on the autumn change day is 18:00 UTC; 19:00 the day before was summer time.
    (AUTUMN_CHANGE, datetime(2027, 10, 30, 16, 59), datetime(2027, 10, 30, 17, 0)),
])
def test_a_meeting_reminder_comes_at_the_same_hour_the_day_before(app, mentor, newcomer, day,
                                                                  early, on_time):
    meeting = make_meeting(app, mentor, day=day, now=early - timedelta(days=7),
                           recurrence="none")
    in_request(app, seats.rsvp, dates_of(meeting)[0], newcomer)
    assert in_request(app, reminders.reminders, early) == 0
    assert in_request(app, reminders.reminders, on_time) == 1
    assert _reminders("meeting_reminder") == 1


def test_a_check_in_reminder_comes_at_the_same_hour_the_day_before(app, mentor, newcomer):
    match = make_match(mentor, newcomer)
    # 18:00 in Paris on the spring change day, 16:00 UTC; 18:00 the day before is 17:00 UTC.
    CheckIn.create(match=match, due_at=datetime(2027, 3, 28, 16, 0))
    with app.test_request_context():
        assert jobs.checkin_reminders(datetime(2027, 3, 27, 16, 59)) == 0
        assert jobs.checkin_reminders(datetime(2027, 3, 27, 17, 0)) == 1
    assert _reminders("checkin_due") == 1
