"""Helpers for the meeting and calendar tests: meetings made through the service, and logins."""
from datetime import datetime, time, timedelta

from network.meetings import series
from network.models import Occurrence, utcnow

# Tuesday 2 March 2027, 10:00 UTC: four weeks before summer time starts (Sunday 28 March).
SPRING = datetime(2027, 3, 2, 10, 0)


def meeting_input(person, first_day, **changes):
    values = dict(title="Группа поддержки", description="Говорим по-русски.", language="ru",
                  day=first_day, starts=time(19, 0), ends=time(21, 0), city="Paris",
                  place="12 rue de la Paix, 2e étage", online_link="", capacity=3,
                  facilitator=person.id, count_only=False, recurrence="weekly",
                  repeat_until=None)
    values.update(changes)
    return series.MeetingInput(**values)


def make_meeting(app, facilitator, day=None, now=None, **changes):
    now = now or utcnow()
    day = day or (now + timedelta(days=2)).date()
    with app.test_request_context():
        return series.create_meeting(facilitator, meeting_input(facilitator, day, **changes),
                                      now=now)


def dates_of(meeting):
    return list(Occurrence.select().where(Occurrence.meeting == meeting.id)
                .order_by(Occurrence.start_at))


def first_date(meeting):
    return dates_of(meeting)[0]


def login_as(auth):
    """A function that logs in as someone, whoever was logged in before."""

    def switch(user):
        auth.logout()
        auth.login(user)

    return switch


def in_request(app, function, *args, **kwargs):
    with app.test_request_context():
        return function(*args, **kwargs)
