"""Calendar events remind their reader, in the reader's language: read back with icalendar."""
from datetime import datetime, timedelta

import pytest
from icalendar import Calendar

from network.meetings import calendar, seats, series
from network.models import CheckIn, Deadline, HelpRequest, Match, Offer, User, utcnow

from .meetingkit import dates_of, in_request, login_as, make_meeting

CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"


@pytest.fixture
def login(auth):
    return login_as(auth)


@pytest.fixture
def agenda(app, mentor, newcomer):
    """The newcomer has a seat at a date, another date cancelled, a check-in and a procedure
    date."""
    meeting = make_meeting(app, mentor, title="Support group")
    seat, cancelled = dates_of(meeting)[:2]
    in_request(app, seats.rsvp, seat, newcomer)
    in_request(app, seats.rsvp, cancelled, newcomer)
    in_request(app, series.cancel_occurrence, cancelled, mentor)
    offer = Offer.create(volunteer=mentor, kind="mentor", used=1)
    match = Match.create(request=HelpRequest.create(newcomer=newcomer, kind="mentor",
                                                    status="matched"),
                         offer=offer, newcomer=newcomer, volunteer=mentor, kind="mentor",
                         status="active")
    CheckIn.create(match=match, due_at=utcnow() + timedelta(days=2))
    Deadline.create(newcomer=newcomer, kind="ofpra_interview", label="",
                    date=(utcnow() + timedelta(days=10)).date())


def feed_events(app, user):
    with app.test_request_context():
        body = calendar.feed(User.get_by_id(user.id))
    return Calendar.from_ical(body).walk("VEVENT")


def alarms(event):
    return event.walk("VALARM")


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_every_event_of_the_feed_carries_a_reminder_in_the_owners_language(app, newcomer,
                                                                           agenda, locale):
    User.update(locale=locale).where(User.id == newcomer.id).execute()
    events = feed_events(app, newcomer)
    assert len(events) == 4
    for event in events:
        [alarm] = alarms(event)
        assert alarm["ACTION"] == "DISPLAY"
        timed = isinstance(event.decoded("DTSTART"), datetime)
        # Two hours before a meeting or a check-in; 9:00 the day before an all-day date.
        assert alarm.decoded("TRIGGER") == (-timedelta(hours=2) if timed
                                            else -timedelta(hours=15))
        assert str(event["SUMMARY"]) in str(alarm["DESCRIPTION"])
    summaries = {str(e["SUMMARY"]) for e in events}
    descriptions = " ".join(str(alarm["DESCRIPTION"]) for e in events for alarm in alarms(e))
    if locale == "ru":
        assert {"Беседа", "Интервью в OFPRA (ведомство, решающее об убежище)",
                "Дата встречи отменена: Support group",
                "Support group"} == summaries
        assert "Через два часа: Support group" in descriptions
        assert "Завтра: Интервью в OFPRA (" in descriptions
    else:
        assert {"Check-in", "OFPRA interview", "Cancelled: Support group",
                "Support group"} == summaries
        assert "In two hours: Support group" in descriptions
        assert not any(letter in descriptions.lower() for letter in CYRILLIC)


def test_a_single_date_file_reminds_in_the_accounts_language(app, client, login, mentor,
                                                             newcomer):
    occurrence = dates_of(make_meeting(app, mentor, title="Support group"))[0]
    User.update(locale="uk").where(User.id == newcomer.id).execute()
    login(newcomer)
    # Whatever language the browser asks for, the account's own is used.
    response = client.get(f"/meetings/{occurrence.id}.ics",
                          headers={"Accept-Language": "fr"})
    [event] = Calendar.from_ical(response.data).walk("VEVENT")
    [alarm] = alarms(event)
    assert alarm.decoded("TRIGGER") == -timedelta(hours=2)
    assert str(alarm["DESCRIPTION"]) == "Через дві години: Support group"
