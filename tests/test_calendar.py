"""Calendar feeds and single-date downloads, read back with an independent parser (vobject)."""
from datetime import date, datetime, time, timedelta, timezone

import pytest
import vobject

from network.meetings import calendar, seats, series
from network.models import (
    CalendarFeed,
    CheckIn,
    Deadline,
    HelpRequest,
    Match,
    Occurrence,
    Offer,
    utcnow,
)
from network.timeutil import PARIS

from .factories import make_mentor, make_newcomer
from .meetingkit import SPRING, dates_of, first_date, in_request, login_as, make_meeting

UTC = timezone.utc


@pytest.fixture
def login(auth):
    return login_as(auth)


def parse(body):
    text = body.decode() if isinstance(body, bytes) else body
    return vobject.readOne(text)


def events(cal):
    return list(getattr(cal, "vevent_list", []))


def by_uid(cal, prefix):
    return sorted((e for e in events(cal) if e.uid.value.startswith(prefix)),
                  key=lambda e: e.dtstart.value if isinstance(e.dtstart.value, datetime)
                  else datetime.combine(e.dtstart.value, time(), tzinfo=UTC))


def feed_of(app, user, now=None):
    with app.test_request_context():
        return parse(calendar.feed(user, now=now))


def new_token(app, user):
    with app.test_request_context():
        return calendar.new_feed(user)


def going_to_all(app, meeting, person, now):
    for occurrence in dates_of(meeting):
        in_request(app, seats.rsvp, occurrence, person, now=now)


# Times, recurrence and daylight saving


def test_a_weekly_19h_group_is_at_19_paris_on_both_sides_of_the_spring_change(app, mentor,
                                                                             newcomer):
    meeting = make_meeting(app, mentor, day=date(2027, 3, 16), now=SPRING)
    going_to_all(app, meeting, newcomer, SPRING)
    meetings = by_uid(feed_of(app, newcomer, now=SPRING), "occurrence-")
    starts = [e.dtstart.value for e in meetings]
    assert len(starts) == len(dates_of(meeting)) >= 15
    # Every week on Tuesday at 19:00 in Paris, two hours long...
    assert all(s.astimezone(PARIS).time() == time(19, 0) for s in starts)
    assert all(s.astimezone(PARIS).weekday() == 1 for s in starts)
    assert all(b - a == timedelta(days=7) for a, b in zip(starts, starts[1:]))
    assert all(e.dtend.value - e.dtstart.value == timedelta(hours=2) for e in meetings)
    # ...which is 18:00 UTC in winter and 17:00 UTC once summer time begins on 28 March.
    utc = [s.astimezone(UTC) for s in starts[:3]]
    assert utc == [datetime(2027, 3, 16, 18, tzinfo=UTC), datetime(2027, 3, 23, 18, tzinfo=UTC),
                   datetime(2027, 3, 30, 17, tzinfo=UTC)]
    with app.test_request_context():
        body = calendar.feed(newcomer, now=SPRING).decode()
    assert "DTSTART;TZID=Europe/Paris:20270330T190000" in body


def test_a_weekly_19h_group_is_at_19_paris_on_both_sides_of_the_autumn_change(app, mentor,
                                                                             newcomer):
    now = datetime(2027, 10, 1, 10, 0)
    meeting = make_meeting(app, mentor, day=date(2027, 10, 19), now=now)
    going_to_all(app, meeting, newcomer, now)
    starts = [e.dtstart.value for e in by_uid(feed_of(app, newcomer, now=now), "occurrence-")]
    assert [s.astimezone(UTC) for s in starts[:3]] == [
        datetime(2027, 10, 19, 17, tzinfo=UTC), datetime(2027, 10, 26, 17, tzinfo=UTC),
        datetime(2027, 11, 2, 18, tzinfo=UTC)]
    assert all(s.astimezone(PARIS).time() == time(19, 0) for s in starts)


def test_the_feed_carries_a_paris_timezone_definition(app, mentor, newcomer):
    meeting = make_meeting(app, mentor, day=date(2027, 3, 16), now=SPRING)
    going_to_all(app, meeting, newcomer, SPRING)
    cal = feed_of(app, newcomer, now=SPRING)
    assert [tz.tzid.value for tz in cal.vtimezone_list] == ["Europe/Paris"]
    assert cal.version.value == "2.0"


def test_a_moved_or_cancelled_date_shows_as_such(app, mentor, newcomer):
    meeting = make_meeting(app, mentor, day=date(2027, 3, 16), now=SPRING)
    going_to_all(app, meeting, newcomer, SPRING)
    first, second = dates_of(meeting)[:2]
    in_request(app, series.cancel_occurrence, first, mentor, now=SPRING)
    in_request(app, series.update_occurrence, second, mentor,
               series.OccurrenceInput(day=date(2027, 3, 24), starts=time(18, 30),
                                       title="Пикник", place=""), now=SPRING)
    found = {e.uid.value: e for e in events(feed_of(app, newcomer, now=SPRING))}
    cancelled = found[f"occurrence-{first.id}@passage"]
    assert cancelled.status.value == "CANCELLED" and "Cancelled" in cancelled.summary.value
    moved = found[f"occurrence-{second.id}@passage"]
    assert moved.summary.value == "Пикник"
    assert moved.dtstart.value.astimezone(UTC) == datetime(2027, 3, 24, 17, 30, tzinfo=UTC)


# What a feed holds, and what it never says


@pytest.fixture
def mentorship(app, mentor, newcomer):
    """An active mentor match with a check-in, and a procedure date of the newcomer."""
    offer = Offer.create(volunteer=mentor, kind="mentor", used=1)
    match = Match.create(request=HelpRequest.create(newcomer=newcomer, kind="mentor",
                                                    status="matched"),
                         offer=offer, newcomer=newcomer, volunteer=mentor, kind="mentor",
                         status="active")
    checkin = CheckIn.create(match=match, due_at=utcnow() + timedelta(days=2),
                             notes="Спит плохо")
    deadline = Deadline.create(newcomer=newcomer, kind="ofpra_interview", label="Fontenay",
                               date=(utcnow() + timedelta(days=10)).date())
    return match, checkin, deadline


def test_the_feed_holds_meetings_check_ins_and_procedure_dates(app, client, mentor, newcomer,
                                                               mentorship):
    _, checkin, deadline = mentorship
    meeting = make_meeting(app, make_mentor(), capacity=1)
    seat, waitlisted = dates_of(meeting)[:2]
    in_request(app, seats.rsvp, seat, newcomer)
    in_request(app, seats.rsvp, waitlisted, make_newcomer())
    in_request(app, seats.rsvp, waitlisted, newcomer)
    token = new_token(app, newcomer)
    response = client.get(f"/meetings/feed/{token}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert "no-store" in response.headers["Cache-Control"]
    cal = parse(response.get_data(as_text=True))
    uids = {e.uid.value for e in events(cal)}
    # A place on the waitlist is not a meeting to go to.
    assert uids == {f"occurrence-{seat.id}@passage", f"checkin-{checkin.id}@passage",
                    f"deadline-{deadline.id}@passage"}
    [own] = by_uid(cal, "deadline-")
    assert own.summary.value == "OFPRA interview"
    assert own.dtstart.value == deadline.date and not isinstance(own.dtstart.value, datetime)
    [talk] = by_uid(cal, "checkin-")
    assert talk.dtstart.value.astimezone(UTC).replace(tzinfo=None) == checkin.due_at.replace(
        microsecond=0)


def test_the_feed_never_says_the_place_a_name_or_a_note(app, client, mentor, newcomer,
                                                        mentorship):
    meeting = make_meeting(app, mentor, online_link="https://meet.example.org/room-42")
    in_request(app, seats.rsvp, first_date(meeting), newcomer)
    for person in (mentor, newcomer):
        body = client.get(f"/meetings/feed/{new_token(app, person)}.ics").get_data(as_text=True)
        for secret in ("rue de la Paix", "room-42", "Спит плохо", "Fontenay", "Алексей",
                       "Marc Mentor"):
            assert secret not in body, (person.email, secret)
    mentor_feed = parse(client.get(f"/meetings/feed/{new_token(app, mentor)}.ics").data)
    # The mentor's feed has the mentee's date, without saying which step it is.
    [date_event] = by_uid(mentor_feed, "deadline-")
    assert date_event.summary.value == "Procedure date"
    assert by_uid(mentor_feed, "checkin-")
    assert not by_uid(mentor_feed, "occurrence-")  # facilitating is not having a seat


def test_an_ended_match_leaves_the_mentors_feed(app, client, mentor, newcomer, mentorship):
    match = mentorship[0]
    Match.update(status="ended").where(Match.id == match.id).execute()
    cal = parse(client.get(f"/meetings/feed/{new_token(app, mentor)}.ics").data)
    assert events(cal) == []


def test_the_feed_speaks_its_owners_language(app, client, newcomer, mentorship):
    newcomer.locale = "ru"
    newcomer.save()
    body = client.get(f"/meetings/feed/{new_token(app, newcomer)}.ics").get_data(as_text=True)
    summaries = {e.summary.value for e in events(parse(body))}
    assert "OFPRA interview" not in summaries and len(summaries) == 2


# Tokens


def test_a_new_link_revokes_the_old_one(app, client, login, newcomer):
    login(newcomer)
    page = client.post("/meetings/calendar/new").get_data(as_text=True)
    first = page.split("/meetings/feed/")[1].split(".ics")[0]
    assert len(first) >= 40
    assert client.get(f"/meetings/feed/{first}.ics").status_code == 200
    assert first not in client.get("/meetings/calendar").get_data(as_text=True)
    page = client.post("/meetings/calendar/new").get_data(as_text=True)
    second = page.split("/meetings/feed/")[1].split(".ics")[0]
    assert client.get(f"/meetings/feed/{first}.ics").status_code == 404
    assert client.get(f"/meetings/feed/{second}.ics").status_code == 200
    assert CalendarFeed.select().count() == 1


def test_only_the_hash_of_a_token_is_kept(app, newcomer):
    token = new_token(app, newcomer)
    stored = CalendarFeed.get().token_hash
    assert token not in stored and len(stored) == 64


@pytest.mark.parametrize("token", ["wrong", "x" * 500, "%00", ""])
def test_a_wrong_token_opens_nothing(app, client, newcomer, token):
    new_token(app, newcomer)
    assert client.get(f"/meetings/feed/{token}.ics").status_code == 404


def test_a_suspended_persons_feed_stops(app, client, newcomer):
    token = new_token(app, newcomer)
    newcomer.status = "suspended"
    newcomer.save()
    assert client.get(f"/meetings/feed/{token}.ics").status_code == 404


# A single date as a file


def test_a_single_date_downloads_with_the_place_for_those_with_a_seat(app, client, login,
                                                                      mentor, newcomer):
    occurrence = first_date(make_meeting(app, mentor))
    in_request(app, seats.rsvp, occurrence, newcomer)
    login(newcomer)
    response = client.get(f"/meetings/{occurrence.id}.ics")
    assert response.status_code == 200 and "attachment" in response.headers[
        "Content-Disposition"]
    [event] = events(parse(response.data))
    assert event.location.value == "12 rue de la Paix, 2e étage, Paris (75)"
    assert event.dtstart.value.astimezone(UTC).replace(tzinfo=None) == occurrence.start_at
    assert event.dtstart.value.astimezone(PARIS).time() == time(19, 0)


def test_a_strangers_date_does_not_download(app, client, login, mentor, newcomer):
    meeting = make_meeting(app, mentor)
    cancelled, past = dates_of(meeting)[:2]
    in_request(app, series.cancel_occurrence, cancelled, mentor)
    Occurrence.update(start_at=utcnow() - timedelta(days=1)).where(
        Occurrence.id == past.id).execute()
    login(newcomer)
    for occurrence in (cancelled, past):
        assert client.get(f"/meetings/{occurrence.id}.ics").status_code == 404
        assert client.get(f"/meetings/{occurrence.id}").status_code == 404
    assert client.get("/meetings/999999.ics").status_code == 404
    login(make_newcomer(status="pending"))
    assert client.get(f"/meetings/{dates_of(meeting)[2].id}.ics").status_code == 404
    login(mentor)
    assert client.get(f"/meetings/{cancelled.id}.ics").status_code == 200
