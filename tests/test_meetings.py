"""Meetings: series across daylight saving, seats and the waitlist under load, who sees the
place, attendance, reminders, and bad input."""
import threading
from datetime import date, datetime, time, timedelta

import pytest

from network.core.errors import ServiceError
from network.db import db
from network.meetings import attendance, queries, recurrence, reminders, seats, series
from network.models import (
    RSVP,
    Attendance,
    Meeting,
    Notification,
    Occurrence,
    User,
    utcnow,
)
from network.timeutil import paris_date, paris_utc

from .factories import make_mentor, make_newcomer
from .meetingkit import (
    SPRING,
    dates_of,
    first_date,
    in_request,
    login_as,
    make_meeting,
    meeting_input,
)
from .querycount import count_queries


@pytest.fixture
def login(auth):
    return login_as(auth)



def notes(code):
    return list(Notification.select().where(Notification.payload.contains(code)))


# Recurrence and daylight saving


def test_a_weekly_series_stays_at_19_paris_across_the_spring_change(app, mentor):
    meeting = make_meeting(app, mentor, day=date(2027, 3, 16), now=SPRING)
    starts = [o.start_at for o in dates_of(meeting)]
    assert starts[:3] == [datetime(2027, 3, 16, 18), datetime(2027, 3, 23, 18),
                          datetime(2027, 3, 30, 17)]
    assert all(s.weekday() == 1 for s in starts)
    assert starts[-1] <= SPRING + recurrence.HORIZON < starts[-1] + timedelta(days=7)


def test_a_weekly_series_stays_at_19_paris_across_the_autumn_change(app, mentor):
    now = datetime(2027, 10, 1, 10, 0)
    meeting = make_meeting(app, mentor, day=date(2027, 10, 26), now=now)
    assert [o.start_at for o in dates_of(meeting)][:2] == [datetime(2027, 10, 26, 17),
                                                           datetime(2027, 11, 2, 18)]


def test_every_two_weeks_and_monthly_on_the_same_weekday_until_a_date(app, mentor):
    biweekly = make_meeting(app, mentor, day=date(2027, 3, 16), now=SPRING,
                            recurrence="biweekly", repeat_until=date(2027, 4, 27))
    assert [o.start_at.date() for o in dates_of(biweekly)] == [
        date(2027, 3, 16), date(2027, 3, 30), date(2027, 4, 13), date(2027, 4, 27)]
    # The second Tuesday of each month; the horizon ends in late June.
    monthly = make_meeting(app, mentor, day=date(2027, 3, 9), now=SPRING, recurrence="monthly")
    assert [o.start_at.date() for o in dates_of(monthly)] == [
        date(2027, 3, 9), date(2027, 4, 13), date(2027, 5, 11), date(2027, 6, 8)]


def test_a_single_meeting_has_one_date(app, mentor):
    meeting = make_meeting(app, mentor, recurrence="none", repeat_until=date(2099, 1, 1))
    assert len(dates_of(meeting)) == 1
    assert Meeting.get_by_id(meeting.id).repeat_until is None


def test_topping_up_adds_the_next_dates_once_and_respects_the_end(app, mentor):
    meeting = make_meeting(app, mentor, day=date(2027, 3, 16), now=SPRING)
    ended = make_meeting(app, mentor, day=date(2027, 3, 16), now=SPRING,
                         repeat_until=date(2027, 4, 6))
    before = len(dates_of(meeting))
    later = SPRING + timedelta(days=30)
    with app.test_request_context():
        added = recurrence.extend_occurrences(later)
        assert recurrence.extend_occurrences(later) == 0
    assert added == len(dates_of(meeting)) - before in (4, 5)
    assert len(dates_of(ended)) == 4
    starts = [o.start_at for o in dates_of(meeting)]
    assert len(set(starts)) == len(starts)


def test_topping_up_skips_cancelled_series_and_does_not_bring_back_a_cancelled_date(app, mentor):
    meeting = make_meeting(app, mentor, day=date(2027, 3, 16), now=SPRING)
    stopped = make_meeting(app, mentor, day=date(2027, 3, 16), now=SPRING)
    first = first_date(meeting)
    in_request(app, series.cancel_occurrence, first, mentor, now=SPRING)
    in_request(app, series.cancel_series, stopped, mentor, now=SPRING)
    count = len(dates_of(stopped))
    in_request(app, recurrence.extend_occurrences, SPRING + timedelta(days=60))
    assert len(dates_of(stopped)) == count
    assert Occurrence.get_by_id(first.id).cancelled_at is not None
    assert Occurrence.select().where((Occurrence.meeting == meeting.id)
                                     & (Occurrence.slot == first.slot)).count() == 1


# Seats and the waitlist


def test_a_full_date_offers_the_waitlist_and_a_freed_seat_goes_to_the_first(app, mentor):
    meeting = make_meeting(app, mentor, capacity=2)
    occurrence = first_date(meeting)
    people = [make_newcomer() for _ in range(4)]
    statuses = [in_request(app, seats.rsvp, occurrence, person) for person in people]
    assert statuses == ["going", "going", "waitlist", "waitlist"]
    in_request(app, seats.cancel_rsvp, occurrence, people[0])
    rsvps = {r.user_id: r.status for r in RSVP.select()}
    assert rsvps == {people[0].id: "cancelled", people[1].id: "going",
                     people[2].id: "going", people[3].id: "waitlist"}
    assert Occurrence.get_by_id(occurrence.id).seats_taken == 2
    [seat] = notes("meeting_seat")
    assert seat.recipient_id == people[2].id and seat.kind == "meeting"
    assert seat.link == f"/meetings/{occurrence.id}"
    # Leaving the waitlist frees nothing and tells nobody.
    in_request(app, seats.cancel_rsvp, occurrence, people[3])
    assert len(notes("meeting_seat")) == 1


def test_registering_twice_or_after_the_start_is_refused(app, mentor, newcomer):
    occurrence = first_date(make_meeting(app, mentor))
    in_request(app, seats.rsvp, occurrence, newcomer)
    with pytest.raises(ServiceError):
        in_request(app, seats.rsvp, occurrence, newcomer)
    with pytest.raises(ServiceError):
        in_request(app, seats.rsvp, occurrence, make_newcomer(),
                   now=occurrence.start_at + timedelta(minutes=1))
    assert Occurrence.get_by_id(occurrence.id).seats_taken == 1


def test_leaving_then_coming_back_takes_a_seat_again(app, mentor, newcomer):
    occurrence = first_date(make_meeting(app, mentor))
    in_request(app, seats.rsvp, occurrence, newcomer)
    in_request(app, seats.cancel_rsvp, occurrence, newcomer)
    assert in_request(app, seats.rsvp, occurrence, newcomer) == "going"
    assert Occurrence.get_by_id(occurrence.id).seats_taken == 1


@pytest.mark.parametrize("threads", [8])
def test_concurrent_rsvps_never_exceed_the_capacity(app, mentor, threads):
    occurrence = first_date(make_meeting(app, mentor, capacity=3))
    people = [make_newcomer() for _ in range(threads)]
    barrier, results = threading.Barrier(threads), []

    def race(person):
        barrier.wait()
        try:
            results.append(in_request(app, seats.rsvp, occurrence, person))
        except ServiceError as exc:
            results.append(str(exc))
        finally:
            if not db.is_closed():
                db.close()

    workers = [threading.Thread(target=race, args=(person,)) for person in people]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(results) == ["going"] * 3 + ["waitlist"] * (threads - 3)
    assert Occurrence.get_by_id(occurrence.id).seats_taken == 3
    assert RSVP.select().where(RSVP.status == "going").count() == 3


def test_concurrent_leaving_and_joining_keep_the_count_true(app, mentor):
    occurrence = first_date(make_meeting(app, mentor, capacity=2))
    seated = [make_newcomer() for _ in range(2)]
    waiting = [make_newcomer() for _ in range(2)]
    for person in seated + waiting:
        in_request(app, seats.rsvp, occurrence, person)
    newcomers = [make_newcomer() for _ in range(3)]
    barrier = threading.Barrier(5)

    def act(function, person):
        barrier.wait()
        try:
            in_request(app, function, occurrence, person)
        finally:
            if not db.is_closed():
                db.close()

    jobs = ([(seats.cancel_rsvp, person) for person in seated]
            + [(seats.rsvp, person) for person in newcomers])
    workers = [threading.Thread(target=act, args=job) for job in jobs]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    going = RSVP.select().where((RSVP.occurrence == occurrence.id) & (RSVP.status == "going"))
    assert Occurrence.get_by_id(occurrence.id).seats_taken == going.count() == 2
    # The freed seats went to those who had waited, not to those who came later.
    assert {r.user_id for r in going} == {person.id for person in waiting}


# Cancelling


def test_cancelling_a_date_tells_everyone_registered_once(app, mentor):
    meeting = make_meeting(app, mentor, capacity=1)
    occurrence = first_date(meeting)
    going, waiting, left = make_newcomer(), make_newcomer(), make_newcomer()
    for person in (going, waiting):
        in_request(app, seats.rsvp, occurrence, person)
    in_request(app, seats.rsvp, dates_of(meeting)[1], left)
    in_request(app, seats.cancel_rsvp, dates_of(meeting)[1], left)
    in_request(app, series.cancel_occurrence, occurrence, mentor)
    cancelled = notes("meeting_cancelled")
    assert {n.recipient_id for n in cancelled} == {going.id, waiting.id}
    assert {n.dedupe_key for n in cancelled} == {
        f"meeting-cancelled:{occurrence.id}:{going.id}",
        f"meeting-cancelled:{occurrence.id}:{waiting.id}"}
    with pytest.raises(ServiceError):
        in_request(app, series.cancel_occurrence, Occurrence.get_by_id(occurrence.id), mentor)
    with pytest.raises(ServiceError):
        in_request(app, seats.rsvp, Occurrence.get_by_id(occurrence.id), make_newcomer())


def test_cancelling_the_series_cancels_every_date_to_come(app, client, login, mentor, newcomer):
    meeting = make_meeting(app, mentor)
    second = dates_of(meeting)[1]
    in_request(app, seats.rsvp, second, newcomer)
    login(mentor)
    assert client.post(f"/meetings/series/{meeting.id}/cancel").status_code == 302
    assert all(o.cancelled_at for o in dates_of(meeting))
    assert [n.recipient_id for n in notes("meeting_cancelled")] == [newcomer.id]
    # Those registered still see it, marked cancelled; the others no longer do.
    login(newcomer)
    page = client.get(f"/meetings/{second.id}").get_data(as_text=True)
    assert "This date is cancelled." in page
    login(make_newcomer())
    assert client.get(f"/meetings/{second.id}").status_code == 404


# Changing a series or a date


def test_moving_the_series_moves_dates_with_their_rsvps(app, mentor, newcomer):
    meeting = make_meeting(app, mentor, day=date(2027, 3, 16), now=SPRING)
    occurrence = first_date(meeting)
    in_request(app, seats.rsvp, occurrence, newcomer, now=SPRING)
    count = len(dates_of(meeting))
    values = meeting_input(mentor, date(2027, 3, 16), starts=time(18, 30), ends=time(20, 0))
    in_request(app, series.update_meeting, meeting, mentor, values, now=SPRING)
    moved = Occurrence.get_by_id(occurrence.id)
    assert moved.start_at == datetime(2027, 3, 16, 17, 30)
    assert len(dates_of(meeting)) == count
    assert RSVP.get(RSVP.user == newcomer.id).occurrence_id == occurrence.id


def test_a_day_dropped_by_a_new_schedule_is_cancelled_if_someone_registered(app, mentor,
                                                                           newcomer):
    meeting = make_meeting(app, mentor, day=date(2027, 3, 16), now=SPRING)
    registered, empty = dates_of(meeting)[1:3]
    in_request(app, seats.rsvp, registered, newcomer, now=SPRING)
    # Every two weeks from the 16th: the 23rd and the 6th of April go.
    values = meeting_input(mentor, date(2027, 3, 16), recurrence="biweekly")
    in_request(app, series.update_meeting, meeting, mentor, values, now=SPRING)
    assert Occurrence.get_by_id(registered.id).cancelled_at is not None
    assert Occurrence.get_or_none(Occurrence.id == empty.id) is not None  # the 30th stays
    assert [n.recipient_id for n in notes("meeting_cancelled")] == [newcomer.id]
    live = [o.start_at.date() for o in dates_of(meeting) if not o.cancelled_at]
    assert live[:3] == [date(2027, 3, 16), date(2027, 3, 30), date(2027, 4, 13)]


def test_fewer_seats_keep_those_seated_and_more_seats_seat_the_waitlist(app, mentor):
    meeting = make_meeting(app, mentor, capacity=2)
    occurrence = first_date(meeting)
    people = [make_newcomer() for _ in range(4)]
    for person in people:
        in_request(app, seats.rsvp, occurrence, person)
    day = paris_date(meeting.start_at)
    in_request(app, series.update_meeting, meeting, mentor,
               meeting_input(mentor, day, capacity=1))
    assert (Occurrence.get_by_id(occurrence.id).capacity, RSVP.select().where(
        RSVP.status == "going").count()) == (2, 2)
    in_request(app, series.update_meeting, Meeting.get_by_id(meeting.id), mentor,
               meeting_input(mentor, day, capacity=3))
    refreshed = Occurrence.get_by_id(occurrence.id)
    assert (refreshed.capacity, refreshed.seats_taken) == (3, 3)
    assert [n.recipient_id for n in notes("meeting_seat")] == [people[2].id]


def test_one_date_can_move_and_take_another_title_and_place(app, client, login, mentor):
    meeting = make_meeting(app, mentor)
    occurrence = first_date(meeting)
    day = (occurrence.start_at + timedelta(days=1)).date()
    login(mentor)
    response = client.post(f"/meetings/{occurrence.id}/edit", data={
        "day": day.isoformat(), "starts": "18:00", "title": "Пикник",
        "place": "Parc de Belleville"})
    assert response.status_code == 302
    changed = Occurrence.get_by_id(occurrence.id)
    assert changed.start_at == paris_utc(datetime.combine(day, time(18)))
    assert (changed.title, changed.place) == ("Пикник", "Parc de Belleville")
    assert dates_of(meeting)[1].title == ""
    in_request(app, recurrence.extend_occurrences, utcnow() + timedelta(days=1))
    assert Occurrence.select().where(Occurrence.slot == changed.slot).count() == 1


def test_a_new_time_or_place_for_one_date_is_announced_to_everyone_registered(app, mentor):
    meeting = make_meeting(app, mentor, capacity=1)
    occurrence, other = dates_of(meeting)[:2]
    going, waiting, elsewhere = make_newcomer(), make_newcomer(), make_newcomer()
    for person in (going, waiting):
        in_request(app, seats.rsvp, occurrence, person)
    in_request(app, seats.rsvp, other, elsewhere)
    day = paris_date(occurrence.start_at)

    def change(**values):
        fields = dict(day=day, starts=time(19, 0), title="", place="")
        in_request(app, series.update_occurrence, Occurrence.get_by_id(occurrence.id), mentor,
                   series.OccurrenceInput(**{**fields, **values}))
        return {n.recipient_id for n in notes("meeting_changed")}

    assert change(title="Пикник") == set()  # the same time and place: nothing to announce
    assert change(starts=time(18, 0)) == {going.id, waiting.id}
    assert len(notes("meeting_changed")) == 2
    assert change(starts=time(18, 0), place="Parc de Belleville") == {going.id, waiting.id}
    assert len(notes("meeting_changed")) == 4  # each change is told, once per person


def test_a_series_moved_or_taken_elsewhere_is_announced_for_the_dates_it_changes(app, mentor):
    meeting = make_meeting(app, mentor, day=date(2027, 3, 16), now=SPRING)
    first, second = dates_of(meeting)[:2]
    on_first, on_second = make_newcomer(), make_newcomer()
    in_request(app, seats.rsvp, first, on_first, now=SPRING)
    in_request(app, seats.rsvp, second, on_second, now=SPRING)
    in_request(app, series.update_occurrence, second, mentor, series.OccurrenceInput(
        day=date(2027, 3, 23), starts=time(19, 0), title="", place="Parc de Belleville"),
        now=SPRING)
    Notification.delete().execute()
    in_request(app, series.update_meeting, Meeting.get_by_id(meeting.id), mentor,
               meeting_input(mentor, date(2027, 3, 16), place="3 rue Neuve"), now=SPRING)
    # The second date keeps its own place: only the first one's people hear of the new one.
    assert [n.recipient_id for n in notes("meeting_changed")] == [on_first.id]
    Notification.delete().execute()
    in_request(app, series.update_meeting, Meeting.get_by_id(meeting.id), mentor,
               meeting_input(mentor, date(2027, 3, 16), place="3 rue Neuve",
                             starts=time(18, 30)), now=SPRING)
    assert {n.recipient_id for n in notes("meeting_changed")} == {on_first.id, on_second.id}


# Who sees the place


def test_the_place_is_shown_only_to_people_with_a_seat_and_those_who_run_it(app, client, login,
                                                                            mentor, organizer):
    meeting = make_meeting(app, mentor, capacity=1)
    occurrence = first_date(meeting)
    seated, waiting, stranger = make_newcomer(), make_newcomer(), make_newcomer()
    other_mentor = make_mentor()
    place = "12 rue de la Paix"
    login(stranger)
    assert place not in client.get("/meetings/").get_data(as_text=True)
    assert place not in client.get(f"/meetings/{occurrence.id}").get_data(as_text=True)
    assert place not in client.get(f"/meetings/{occurrence.id}.ics").get_data(as_text=True)
    login(seated)
    client.post(f"/meetings/{occurrence.id}/rsvp")
    assert place in client.get(f"/meetings/{occurrence.id}").get_data(as_text=True)
    assert place in client.get(f"/meetings/{occurrence.id}.ics").get_data(as_text=True)
    login(waiting)
    client.post(f"/meetings/{occurrence.id}/rsvp")
    assert RSVP.get(RSVP.user == waiting.id).status == "waitlist"
    assert place not in client.get(f"/meetings/{occurrence.id}").get_data(as_text=True)
    for person, shown in ((other_mentor, False), (mentor, True), (organizer, True)):
        login(person)
        page = client.get(f"/meetings/{occurrence.id}").get_data(as_text=True)
        assert (place in page) is shown, person.email
    # Leaving the seat hides the place again.
    login(seated)
    client.post(f"/meetings/{occurrence.id}/leave")
    assert place not in client.get(f"/meetings/{occurrence.id}").get_data(as_text=True)


def test_the_place_and_link_are_encrypted_at_rest(app, mentor):
    make_meeting(app, mentor, online_link="https://meet.example.org/room-42")
    raw = db.execute_sql("SELECT place, online_link FROM meeting").fetchone()
    assert "rue de la Paix" not in raw[0] and "room-42" not in raw[1]


def test_who_registered_is_shown_only_to_those_who_run_it(app, client, login, mentor, newcomer):
    occurrence = first_date(make_meeting(app, mentor))
    in_request(app, seats.rsvp, occurrence, newcomer)
    login(make_newcomer())
    assert "Алексей" not in client.get(f"/meetings/{occurrence.id}").get_data(as_text=True)
    login(mentor)
    assert "Алексей" in client.get(f"/meetings/{occurrence.id}").get_data(as_text=True)


# Who may do what


def test_newcomers_cannot_create_meetings_or_record_attendance(app, client, login, mentor,
                                                               newcomer):
    occurrence = first_date(make_meeting(app, mentor))
    in_request(app, seats.rsvp, occurrence, newcomer)
    login(newcomer)
    day = (utcnow() + timedelta(days=3)).date().isoformat()
    assert client.get("/meetings/new").status_code == 403
    assert client.post("/meetings/new", data=form_data(mentor, day)).status_code == 403
    assert client.post(f"/meetings/{occurrence.id}/attendance",
                       data={"people": [newcomer.id], "others": 0}).status_code == 403
    assert client.post(f"/meetings/{occurrence.id}/cancel").status_code == 403
    assert Meeting.select().count() == 1 and Attendance.select().count() == 0
    with pytest.raises(ServiceError):
        in_request(app, attendance.record_attendance, occurrence, newcomer, people=[newcomer.id],
                   now=occurrence.start_at + timedelta(hours=1))


def test_another_mentor_cannot_run_someone_elses_meeting(app, client, login, mentor):
    meeting = make_meeting(app, mentor)
    occurrence = first_date(meeting)
    login(make_mentor())
    assert client.get(f"/meetings/series/{meeting.id}/edit").status_code == 404
    assert client.post(f"/meetings/{occurrence.id}/attendance").status_code == 404
    assert client.post(f"/meetings/{occurrence.id}/cancel").status_code == 404
    assert Occurrence.get_by_id(occurrence.id).cancelled_at is None


def test_pending_people_see_no_meeting(app, client, login, mentor):
    occurrence = first_date(make_meeting(app, mentor))
    login(make_newcomer(status="pending"))
    assert client.get("/meetings/").status_code == 403
    assert client.get(f"/meetings/{occurrence.id}").status_code == 404
    assert client.post(f"/meetings/{occurrence.id}/rsvp").status_code == 404
    assert RSVP.select().count() == 0


# Attendance


def test_the_facilitator_records_who_came(app, client, login, mentor, newcomer):
    meeting = make_meeting(app, mentor)
    occurrence = first_date(meeting)
    absent = make_newcomer()
    for person in (newcomer, absent):
        in_request(app, seats.rsvp, occurrence, person)
    past = occurrence.start_at + timedelta(hours=1)
    occurrence = Occurrence.get_by_id(occurrence.id)
    total = in_request(app, attendance.record_attendance, occurrence, mentor, people=[newcomer.id],
                       others=2, now=past)
    assert total == 3 and Occurrence.get_by_id(occurrence.id).attended == 3
    assert [a.user_id for a in Attendance.select()] == [newcomer.id]
    with app.app_context():
        assert attendance.last_attended([newcomer.id, absent.id]) == {
            newcomer.id: occurrence.start_at}
    # Correcting replaces the list.
    in_request(app, attendance.record_attendance, occurrence, mentor, people=[absent.id], now=past)
    assert [a.user_id for a in Attendance.select()] == [absent.id]


def test_only_registered_people_can_be_named_and_not_before_it_begins(app, mentor, newcomer):
    occurrence = first_date(make_meeting(app, mentor))
    in_request(app, seats.rsvp, occurrence, newcomer)
    with pytest.raises(ServiceError, match="begun"):
        in_request(app, attendance.record_attendance, occurrence, mentor, people=[newcomer.id])
    with pytest.raises(ServiceError, match="registered"):
        in_request(app, attendance.record_attendance, occurrence, mentor,
                   people=[make_newcomer().id], now=occurrence.start_at + timedelta(hours=1))
    assert Attendance.select().count() == 0


def test_a_count_only_meeting_never_keeps_who_came(app, client, login, mentor, newcomer):
    meeting = make_meeting(app, mentor, count_only=True)
    occurrence = first_date(meeting)
    in_request(app, seats.rsvp, occurrence, newcomer)
    past = occurrence.start_at + timedelta(hours=1)
    with pytest.raises(ServiceError):
        in_request(app, attendance.record_attendance, occurrence, mentor, people=[newcomer.id],
                   now=past)
    in_request(app, attendance.record_attendance, occurrence, mentor, count=7, now=past)
    assert Occurrence.get_by_id(occurrence.id).attended == 7
    assert Attendance.select().count() == 0
    # Nothing says who registered either, once the number is in.
    assert RSVP.select().where(RSVP.occurrence == occurrence.id).count() == 0


def test_switching_to_count_only_forgets_who_came(app, mentor, newcomer):
    meeting = make_meeting(app, mentor)
    occurrence = first_date(meeting)
    in_request(app, seats.rsvp, occurrence, newcomer)
    in_request(app, attendance.record_attendance, occurrence, mentor, people=[newcomer.id],
               now=occurrence.start_at + timedelta(hours=1))
    in_request(app, series.update_meeting, meeting, mentor,
               meeting_input(mentor, paris_date(meeting.start_at), count_only=True),
               now=occurrence.start_at - timedelta(hours=1))
    assert Attendance.select().count() == 0
    assert Occurrence.get_by_id(occurrence.id).attended == 1


def test_the_attendance_page_records_through_the_form(app, client, login, mentor, newcomer):
    meeting = make_meeting(app, mentor)
    occurrence = first_date(meeting)
    in_request(app, seats.rsvp, occurrence, newcomer)
    Occurrence.update(start_at=utcnow() - timedelta(hours=1)).where(
        Occurrence.id == occurrence.id).execute()
    login(mentor)
    page = client.get(f"/meetings/{occurrence.id}/attendance").get_data(as_text=True)
    assert "Алексей" in page
    response = client.post(f"/meetings/{occurrence.id}/attendance",
                           data={"people": [str(newcomer.id)], "others": "1"})
    assert response.status_code == 302
    assert Occurrence.get_by_id(occurrence.id).attended == 2
    response = client.post(f"/meetings/{occurrence.id}/attendance",
                           data={"people": [str(newcomer.id)], "others": "-5"})
    assert response.status_code == 200 and "From 0 to 1000" in response.get_data(as_text=True)
    assert Occurrence.get_by_id(occurrence.id).attended == 2
    series = client.get(f"/meetings/series/{meeting.id}").get_data(as_text=True)
    assert "2 people" in series and "Record who came" not in series


def test_organizers_see_attendance_over_time_and_who_has_not_come(app, client, login, mentor,
                                                                  organizer, newcomer):
    meeting = make_meeting(app, mentor)
    occurrence = first_date(meeting)
    in_request(app, seats.rsvp, occurrence, newcomer)
    Occurrence.update(start_at=utcnow() - timedelta(days=2)).where(
        Occurrence.id == occurrence.id).execute()
    occurrence = Occurrence.get_by_id(occurrence.id)
    in_request(app, attendance.record_attendance, occurrence, mentor, people=[newcomer.id],
               others=4)
    lonely = make_newcomer(name="Одинокий")
    login(organizer)
    page = client.get("/meetings/report").get_data(as_text=True)
    assert "Группа поддержки" in page and ">5<" in page
    assert page.index("Одинокий") < page.index("Алексей")
    assert "Never" in page
    with count_queries() as few:
        client.get("/meetings/report")
    for _ in range(3):
        extra = make_meeting(app, make_mentor())
        Occurrence.update(start_at=utcnow() - timedelta(days=3), attended=2).where(
            Occurrence.id == first_date(extra).id).execute()
        make_newcomer()
    with count_queries() as many:
        client.get("/meetings/report")
    assert many["n"] == few["n"]
    assert lonely.id not in attendance.last_attended([lonely.id])


# Reminders


def test_reminders_go_to_those_with_a_seat_a_day_before_once(app, mentor, newcomer):
    meeting = make_meeting(app, mentor, capacity=1)
    occurrence, later = dates_of(meeting)[:2]
    waiting = make_newcomer()
    for person in (newcomer, waiting):
        in_request(app, seats.rsvp, occurrence, person)
    in_request(app, seats.rsvp, later, newcomer)
    early = occurrence.start_at - timedelta(hours=25)
    assert in_request(app, reminders.reminders, early) == 0
    now = occurrence.start_at - timedelta(hours=23)
    assert in_request(app, reminders.reminders, now) == 1
    assert in_request(app, reminders.reminders, now + timedelta(hours=1)) == 0
    [reminder] = notes("meeting_reminder")
    assert (reminder.recipient_id, reminder.dedupe_key) == (
        newcomer.id, f"meeting-reminder:{occurrence.id}:{newcomer.id}")
    in_request(app, series.cancel_occurrence, Occurrence.get_by_id(later.id), mentor)
    assert in_request(app, reminders.reminders, later.start_at - timedelta(hours=2)) == 0


# The list


def test_the_list_filters_by_language_and_commune_and_pages(app, client, login, mentor,
                                                            newcomer):
    make_meeting(app, mentor, title="Группа в Париже")
    make_meeting(app, mentor, title="Café français", language="fr", city="Lyon",
                 place="Place Bellecour")
    make_meeting(app, mentor, title="Онлайн-встреча", city="", place="", online_only=True,
                 online_link="https://meet.example.org/r")
    login(newcomer)
    page = client.get("/meetings/?language=fr").get_data(as_text=True)
    assert "Café français" in page and "Группа в Париже" not in page
    page = client.get("/meetings/?place=online").get_data(as_text=True)
    assert "Онлайн-встреча" in page and "Café français" not in page
    page = client.get("/meetings/?place=69123").get_data(as_text=True)
    assert "Café français" in page and "Группа в Париже" not in page
    assert 'value="69123"' in page and ">Lyon (69)</option>" in page
    page = client.get("/meetings/?place=69123&language=ru").get_data(as_text=True)
    assert "No meeting is planned" in page
    page = client.get("/meetings/").get_data(as_text=True)
    assert 'rel="next"' in page
    assert 'rel="prev"' in client.get("/meetings/?page=2").get_data(as_text=True)
    assert client.get("/meetings/?language=xx&page=abc").status_code == 200


def test_the_list_costs_the_same_queries_with_more_meetings(app, client, login, mentor, newcomer):
    occurrence = first_date(make_meeting(app, mentor))
    in_request(app, seats.rsvp, occurrence, newcomer)
    login(newcomer)
    with count_queries() as few:
        client.get("/meetings/")
    for city in ("Lyon", "Lille", "Nantes"):
        extra = make_meeting(app, make_mentor(), city=city)
        in_request(app, seats.rsvp, first_date(extra), newcomer)
    with count_queries() as many:
        client.get("/meetings/")
    assert many["n"] == few["n"]


def test_the_pages_of_a_meeting_cost_the_same_queries_with_more_people(app, client, login,
                                                                       mentor):
    meeting = make_meeting(app, mentor, capacity=10)
    occurrence = first_date(meeting)
    login(mentor)
    urls = [f"/meetings/{occurrence.id}", f"/meetings/series/{meeting.id}"]
    # One newcomer already: the audited read of who registered is part of both counts.
    in_request(app, seats.rsvp, occurrence, make_newcomer())
    with count_queries() as few:
        for url in urls:
            client.get(url)
    for _ in range(5):
        in_request(app, seats.rsvp, occurrence, make_newcomer())
    with count_queries() as many:
        for url in urls:
            client.get(url)
    assert many["n"] == few["n"]


# Creating through the form, and bad input


def form_data(facilitator, first_day, **changes):
    data = {"title": "Группа поддержки", "description": "", "language": "ru", "day": first_day,
            "starts": "19:00", "ends": "21:00", "where": "commune", "city": "Paris",
            "place": "12 rue de la Paix",
            "online_link": "", "capacity": "8", "facilitator": facilitator.email,
            "recurrence": "weekly", "repeat_until": ""}
    data.update(changes)
    return data


def test_a_mentor_creates_a_series_and_facilitates_it(app, client, login, mentor):
    login(mentor)
    day = (utcnow() + timedelta(days=3)).date().isoformat()
    other = make_mentor()
    response = client.post("/meetings/new", data=form_data(other, day))
    assert response.status_code == 302
    meeting = Meeting.get()
    # A mentor cannot name someone else: what they create, they facilitate.
    assert (meeting.facilitator_id, meeting.created_by_id) == (mentor.id, mentor.id)
    assert len(dates_of(meeting)) >= 17
    assert client.get(response.headers["Location"]).status_code == 200


def test_an_organizer_names_the_facilitator(app, client, login, organizer, mentor):
    login(organizer)
    page = client.get("/meetings/new").get_data(as_text=True)
    # The organizer's own address to start with; no menu of every volunteer of the network.
    assert f'value="{organizer.email}"' in page and mentor.display_name not in page
    day = (utcnow() + timedelta(days=3)).date().isoformat()
    assert client.post("/meetings/new", data=form_data(mentor, day)).status_code == 302
    assert Meeting.get().facilitator_id == mentor.id
    suspended = make_mentor(status="suspended")
    response = client.post("/meetings/new", data=form_data(suspended, day))
    assert "No vetted volunteer has this name or email address." in response.get_data(as_text=True)
    assert Meeting.select().count() == 1
    edit = client.get(f"/meetings/series/{Meeting.get().id}/edit").get_data(as_text=True)
    assert f'value="{mentor.email}"' in edit
    Meeting.update(facilitator=None).execute()  # the facilitator's account was erased
    edit = client.get(f"/meetings/series/{Meeting.get().id}/edit")
    assert edit.status_code == 200 and mentor.email not in edit.get_data(as_text=True)


@pytest.mark.parametrize("typed, chosen", [
    ("  СВЕТЛАНА   петрова ", "Светлана Петрова"),  # a whole name, in any case and spacing
    ("Светлана", None),  # two Svetlanas: the organizer is asked for the address
    ("svetlana.k@example.test", "Светлана Ким"),
    ("Ким", "Светлана Ким"),  # the only name that holds it
    ("петрова", "Петрова"),  # a whole name wins over the names that hold it
    ("Newcomer", None),  # newcomers never facilitate
    ("", None),
])
def test_the_facilitator_is_found_by_address_or_name(app, typed, chosen):
    make_mentor(name="Светлана Петрова")
    make_mentor(name="Светлана Ким", email="svetlana.k@example.test")
    make_mentor(name="Петрова")
    make_newcomer(name="Newcomer Nina")
    if chosen:
        assert series.facilitator_named(typed).display_name == chosen
    else:
        with pytest.raises(ServiceError):
            series.facilitator_named(typed)


def test_an_ambiguous_name_lists_who_matches(client, login, organizer):
    login(organizer)
    for n in range(7):
        make_mentor(name=f"Anna {n}")
    day = (utcnow() + timedelta(days=3)).date().isoformat()
    data = dict(form_data(organizer, day), facilitator="anna")
    page = client.post("/meetings/new", data=data).get_data(as_text=True)
    assert "Several volunteers match" in page and "Anna 4" in page and "Anna 5" not in page
    assert Meeting.select().count() == 0


@pytest.mark.parametrize("changes, message", [
    ({"capacity": "0"}, "Between 1 and 200 people"),
    ({"capacity": "many"}, "Not a valid integer"),
    ({"ends": "18:00"}, "must end after it starts"),
    ({"title": "Я" * 10_000}, "The title is too long"),
    ({"title": "   "}, "Give the meeting a title"),
    ({"repeat_until": "2020-01-01"}, "cannot be before the first meeting"),
    ({"day": "2020-01-01"}, "still to come"),
    ({"place": "", "online_link": ""}, "Give a place or an online link"),
    ({"city": "", "online_link": ""}, "Write the commune"),
    ({"city": "Saint-Denis"}, "Several communes match"),
    ({"where": "online", "online_link": "https://meet.example.org/r"}, "has no address"),
    ({"online_link": "javascript:alert(1)", "place": ""}, "https://"),
    ({"city": "75011 Paris"}, "No French commune is called"),
    ({"city": "Лион, ул. Гарибальди"}, "never a street address"),
    ({"language": "xx"}, "Not a valid choice"),
    ({"day": "not a date"}, "Not a valid date"),
])
def test_bad_input_is_answered_with_a_message_and_nothing_is_written(client, login, mentor,
                                                                     changes, message):
    login(mentor)
    day = (utcnow() + timedelta(days=3)).date().isoformat()
    response = client.post("/meetings/new", data=form_data(mentor, day, **changes))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert Meeting.select().count() == 0 and Occurrence.select().count() == 0


def test_editing_a_series_with_bad_input_changes_nothing(app, client, login, mentor):
    meeting = make_meeting(app, mentor)
    login(mentor)
    page = client.get(f"/meetings/series/{meeting.id}/edit").get_data(as_text=True)
    assert 'value="Группа поддержки"' in page and 'value="19:00"' in page
    day = paris_date(meeting.start_at).isoformat()
    response = client.post(f"/meetings/series/{meeting.id}/edit",
                           data=form_data(mentor, day, capacity="0", title="Другое"))
    assert response.status_code == 200
    assert Meeting.get_by_id(meeting.id).title == "Группа поддержки"
    response = client.post(f"/meetings/series/{meeting.id}/edit",
                           data=form_data(mentor, day, title="Другое"))
    assert response.status_code == 302 and Meeting.get_by_id(meeting.id).title == "Другое"


def test_the_service_refuses_what_the_form_would_let_through(app, mentor):
    day = (utcnow() + timedelta(days=3)).date()
    for changes in ({"capacity": 0}, {"capacity": 201}, {"ends": time(18)},
                    {"title": "x" * 121}, {"ends": time(19, 5)}, {"facilitator": 0},
                    {"repeat_until": day + timedelta(days=800)}):
        with pytest.raises(ServiceError):
            in_request(app, series.create_meeting, mentor, meeting_input(mentor, day, **changes))
    with pytest.raises(ServiceError):
        in_request(app, series.create_meeting, make_newcomer(), meeting_input(mentor, day))
    assert Meeting.select().count() == 0


def test_rsvp_through_the_pages(app, client, login, mentor, newcomer):
    occurrence = first_date(make_meeting(app, mentor, capacity=1))
    login(newcomer)
    response = client.post(f"/meetings/{occurrence.id}/rsvp", follow_redirects=True)
    assert "You have a seat." in response.get_data(as_text=True)
    login(make_newcomer())
    response = client.post(f"/meetings/{occurrence.id}/rsvp", follow_redirects=True)
    assert "you are on the waitlist" in response.get_data(as_text=True)
    response = client.post(f"/meetings/{occurrence.id}/leave", follow_redirects=True)
    assert "no longer registered" in response.get_data(as_text=True)
    response = client.post(f"/meetings/{occurrence.id}/leave", follow_redirects=True)
    assert "You were not registered" in response.get_data(as_text=True)
    assert User.select().count() == 3


# The demo


def test_the_demo_has_groups_in_paris_lyon_and_online_with_rsvps_and_attendance(app, runner):
    runner.invoke(args=["seed-demo", "--password", "demo passphrase"])
    groups = list(Meeting.select())
    assert {"Paris", "Lyon", ""} <= {m.city for m in groups}
    assert {"75056", "69123"} <= {m.commune for m in groups}
    assert all(m.online_only == (m.commune == "") for m in groups)
    assert {"ru", "fr"} <= {m.language for m in groups}
    assert {m.recurrence for m in groups} >= {"weekly", "biweekly", "monthly"}
    newcomer = User.get(User.email == "newcomer@demo.test")
    with app.app_context():
        assert queries.my_meetings(newcomer)
        assert newcomer.id in attendance.last_attended([newcomer.id])
    assert Attendance.select().count() > 0
    assert Occurrence.select().where(Occurrence.attended.is_null(False)).count() > 0
    # Seats add up, and a count-only group names nobody.
    for occurrence in Occurrence.select():
        going = RSVP.select().where((RSVP.occurrence == occurrence.id)
                                    & (RSVP.status == "going")).count()
        assert occurrence.seats_taken == going <= occurrence.capacity
    count_only = Occurrence.select(Occurrence.id).join(Meeting).where(Meeting.count_only == True)  # noqa: E712
    assert not Attendance.select().where(Attendance.occurrence.in_(count_only)).exists()
