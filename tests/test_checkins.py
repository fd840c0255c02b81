"""Check-ins: the schedule and its cadence, logging, moving, asking early, and who may see what."""
from datetime import date, datetime, time, timedelta

import pytest

from network.checkins import service
from network.models import (
    AuditEvent,
    CheckIn,
    Match,
    NewcomerProfile,
    Notification,
    Setting,
    utcnow,
)
from network.timeutil import paris_time

from .factories import make_match, make_mentor, make_newcomer, make_organizer
from .querycount import count_queries

START = date(2026, 3, 1)
NOW = datetime(2026, 3, 1, 9, 0)  # naive UTC


def _days(match):
    return [paris_time(c.due_at) for c in
            CheckIn.select().where(CheckIn.match == match.id).order_by(CheckIn.due_at)]


# The schedule and the cadence

def test_a_new_mentor_match_gets_the_default_cadence_at_six_in_the_evening(app, care):
    match, _ = care
    CheckIn.delete().execute()
    with app.test_request_context():
        assert service.create_schedule(match, START, now=NOW) == 8
    days = _days(match)
    assert [(d.date() - START).days for d in days] == [3, 7, 14, 28, 42, 56, 70, 84]
    # 18:00 in Paris on both sides of the change to summer time (March 29, 2026).
    assert {(d.hour, d.minute) for d in days} == {(18, 0)}
    assert CheckIn.get(CheckIn.due_at == datetime(2026, 3, 4, 17, 0))
    assert CheckIn.get(CheckIn.due_at == datetime(2026, 3, 29, 16, 0))


def test_create_schedule_is_idempotent_and_only_for_mentor_matches(app, care, mentor, newcomer):
    match, _ = care
    CheckIn.delete().execute()
    housing = make_match(mentor, make_newcomer(), kind="housing")
    with app.test_request_context():
        assert service.create_schedule(match, START, now=NOW) == 8
        assert service.create_schedule(match, START, now=NOW) == 0
        assert service.create_schedule(housing, START, now=NOW) == 0
    assert CheckIn.select().count() == 8


def test_the_organizers_cadence_is_used(app, care):
    match, _ = care
    CheckIn.delete().execute()
    Setting.create(key="checkin_cadence", value="2;30")
    with app.test_request_context():
        service.create_schedule(match, START, now=NOW)
    assert [(d.date() - START).days for d in _days(match)] == [2, 32, 62]


def test_extend_tops_up_to_ninety_days_once(app, care):
    match, _ = care
    CheckIn.delete().execute()
    with app.test_request_context():
        service.create_schedule(match, START, now=NOW)
        assert service.extend_schedules(NOW) == 0
        later = NOW + timedelta(days=30)
        assert service.extend_schedules(later) == 2
        assert service.extend_schedules(later) == 0
    assert [(d.date() - START).days for d in _days(match)][-3:] == [84, 98, 112]


def test_extend_follows_a_moved_check_in_and_skips_the_past(app, care):
    match, _ = care
    CheckIn.delete().execute()
    with app.test_request_context():
        service.create_schedule(match, START, now=NOW)
        last = CheckIn.select().order_by(CheckIn.due_at.desc()).get()
        CheckIn.update(due_at=last.due_at + timedelta(days=3)).where(
            CheckIn.id == last.id).execute()
        service.extend_schedules(NOW + timedelta(days=14))
        assert [(d.date() - START).days for d in _days(match)][-2:] == [87, 101]
        # After a long downtime nothing is planned in the past.
        far = NOW + timedelta(days=400)
        service.extend_schedules(far)
    assert not CheckIn.select().where((CheckIn.due_at > NOW + timedelta(days=120))
                                      & (CheckIn.due_at < far)).exists()


def test_extend_starts_a_schedule_for_an_active_match_without_one_and_skips_ended_ones(
        app, care, mentor):
    match, _ = care
    CheckIn.delete().execute()
    ended = make_match(mentor, make_newcomer(), status="ended")
    with app.test_request_context():
        assert service.extend_schedules(NOW) == 8
    assert [(d.date() - START).days for d in _days(match)][:3] == [3, 7, 14]
    assert not CheckIn.select().where(CheckIn.match == ended.id).exists()


def test_asked_check_ins_do_not_count_as_a_schedule(app, care):
    match, _ = care
    CheckIn.update(asked_by_newcomer=True).execute()
    with app.test_request_context():
        assert service.create_schedule(match, START, now=NOW) == 8


@pytest.mark.parametrize("fixed, repeat", [
    ("3,x", 14), ("7,3", 14), ("3,3", 14), ("0", 14), ("400", 14), ("3", 0), ("3", 61),
    (",".join(str(n) for n in range(1, 14)), 14), ("3,7", "abc"), ("-3", 14), ("３", 14),
])
def test_a_bad_cadence_is_refused(fixed, repeat):
    with pytest.raises(service.ServiceError):
        service.make_cadence(fixed, repeat)


def test_a_cadence_is_read_with_spaces_and_without_first_days():
    assert str(service.make_cadence(" 3, 7 14 ", "14")) == "3,7,14;14"
    assert service.make_cadence("", 7) == service.Cadence((), 7)
    assert service.parse_cadence("3,7,14;14") == service.Cadence((3, 7, 14), 14)


def test_organizers_set_the_cadence_with_clear_messages(client, auth, organizer):
    auth.login(organizer)
    page = client.get("/checkins/settings").get_data(as_text=True)
    assert 'value="3, 7, 14"' in page and 'value="14"' in page
    page = client.post("/checkins/settings", data={"fixed": "7, 3", "repeat": "14"})
    assert page.status_code == 200 and "increasing order" in page.get_data(as_text=True)
    page = client.post("/checkins/settings", data={"fixed": "3", "repeat": "99"})
    assert "every 1 to 60 days" in page.get_data(as_text=True)
    assert not Setting.select().exists()
    response = client.post("/checkins/settings", data={"fixed": "2, 5", "repeat": "10"})
    assert response.status_code == 302
    assert Setting.get(Setting.key == "checkin_cadence").value == "2,5;10"
    assert AuditEvent.get(AuditEvent.action == "settings.changed").actor_id == organizer.id


def test_mentors_cannot_change_the_cadence(client, auth, mentor):
    auth.login(mentor)
    assert client.post("/checkins/settings", data={"fixed": "1", "repeat": "1"}).status_code == 403
    assert not Setting.select().exists()


# Logging

def _log(client, checkin, **data):
    return client.post(f"/checkins/{checkin.id}/log", data={"outcome": "done", **data})


def test_the_mentor_logs_a_check_in_and_contact_clears_unreachable(client, auth, care, mentor,
                                                                  newcomer):
    _, checkin = care
    NewcomerProfile.update(unreachable_since=utcnow()).execute()
    auth.login(mentor)
    assert "Алексей" in client.get(f"/checkins/{checkin.id}/log").get_data(as_text=True)
    response = _log(client, checkin, wellbeing="4", flags=["housing", "legal"],
                    notes="Sleeps at a friend's; OFPRA letter lost.")
    assert response.status_code == 302
    logged = CheckIn.get_by_id(checkin.id)
    assert (logged.status, logged.wellbeing, logged.flags) == ("done", 4, ("housing", "legal"))
    assert logged.notes == "Sleeps at a friend's; OFPRA letter lost."
    assert logged.logged_by_id == mentor.id and logged.logged_at is not None
    assert NewcomerProfile.get(NewcomerProfile.user == newcomer).unreachable_since is None
    assert not Notification.select().exists()  # nothing alarming


def test_the_notes_are_encrypted_at_rest(client, auth, care, mentor):
    from network.db import db

    _, checkin = care
    auth.login(mentor)
    _log(client, checkin, wellbeing="3", notes="Secret note about the family")
    stored = db.execute_sql("SELECT notes FROM checkin").fetchone()[0]
    assert "Secret" not in stored


def test_could_not_reach_keeps_unreachable_and_drops_wellbeing(client, auth, care, mentor,
                                                               newcomer):
    _, checkin = care
    NewcomerProfile.update(unreachable_since=utcnow()).execute()
    auth.login(mentor)
    _log(client, checkin, outcome="not_reached", wellbeing="3")
    logged = CheckIn.get_by_id(checkin.id)
    assert (logged.status, logged.wellbeing) == ("not_reached", None)
    assert NewcomerProfile.get(NewcomerProfile.user == newcomer).unreachable_since is not None


@pytest.mark.parametrize("data, message", [
    ({"wellbeing": "0"}, "Wellbeing goes from 1 to 5."),
    ({"wellbeing": "6"}, "Wellbeing goes from 1 to 5."),
    ({"wellbeing": ""}, "Choose how the person is doing"),
    ({"wellbeing": "3", "flags": ["weapons"]}, "not a valid choice"),
    ({"wellbeing": "3", "notes": "x" * 10_000}, "The notes are too long"),
    ({"wellbeing": "3", "outcome": "teleported"}, "Not a valid choice"),
])
def test_bad_input_gets_a_message_and_writes_nothing(client, auth, care, mentor, data, message):
    _, checkin = care
    auth.login(mentor)
    response = _log(client, checkin, **data)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert CheckIn.get_by_id(checkin.id).status == "scheduled"
    assert not AuditEvent.select().where(AuditEvent.action == "checkin.logged").exists()


@pytest.mark.parametrize("kwargs", [
    dict(outcome="done", wellbeing=0), dict(outcome="done", wellbeing=6),
    dict(outcome="done", wellbeing=None), dict(outcome="done", wellbeing=3, flags=["weapons"]),
    dict(outcome="done", wellbeing=3, notes="x" * 10_000), dict(outcome="missed", wellbeing=3),
])
def test_the_service_refuses_bad_input_too(app, care, mentor, kwargs):
    _, checkin = care
    with app.test_request_context(), pytest.raises(service.ServiceError):
        service.log_checkin(service.get_checkin_for(mentor, checkin.id), mentor, **kwargs)
    assert CheckIn.get_by_id(checkin.id).status == "scheduled"


def test_a_safety_flag_alerts_every_active_organizer_once(client, auth, care, mentor):
    _, checkin = care
    organizers = [make_organizer(), make_organizer()]
    make_organizer(status="suspended")
    make_organizer(status="pending")
    auth.login(mentor)
    _log(client, checkin, wellbeing="3", flags=["safety"], notes="Followed in the street.")
    _log(client, checkin, wellbeing="2", flags=["safety", "health"])  # a correction
    alerts = list(Notification.select().where(Notification.kind == "alert"))
    assert sorted(a.recipient_id for a in alerts) == sorted(o.id for o in organizers)
    assert all(a.payload["code"] == "checkin_alert" for a in alerts)
    assert all(a.link == f"/checkins/{checkin.id}/log" for a in alerts)
    assert all("Followed" not in str(a.payload) for a in alerts)


def test_wellbeing_one_alerts_too(app, care, mentor, organizer):
    _, checkin = care
    with app.test_request_context():
        service.log_checkin(service.get_checkin_for(mentor, checkin.id), mentor, "done", 1)
    assert Notification.get().recipient_id == organizer.id


def test_the_mentor_corrects_a_logged_check_in(client, auth, care, mentor):
    _, checkin = care
    auth.login(mentor)
    _log(client, checkin, wellbeing="2", notes="first")
    page = client.get(f"/checkins/{checkin.id}/log").get_data(as_text=True)
    assert "Correct the log" in page and "first" in page
    _log(client, checkin, wellbeing="4", notes="second")
    corrected = CheckIn.get_by_id(checkin.id)
    assert (corrected.wellbeing, corrected.notes) == (4, "second")


def test_another_mentor_can_neither_read_nor_log(client, auth, care):
    _, checkin = care
    auth.login(make_mentor())
    assert client.get(f"/checkins/{checkin.id}/log").status_code == 404
    assert _log(client, checkin, wellbeing="5").status_code == 404
    assert client.post(f"/checkins/{checkin.id}/move",
                       data={"day": "2030-01-01", "at": "10:00"}).status_code == 404
    assert CheckIn.get_by_id(checkin.id).status == "scheduled"


def test_a_host_of_the_same_newcomer_cannot_read_the_check_in(client, auth, care, newcomer):
    _, checkin = care
    host = make_mentor()
    make_match(host, newcomer, kind="housing")
    auth.login(host)
    assert client.get(f"/checkins/{checkin.id}/log").status_code == 404


def test_the_mentor_of_an_ended_match_loses_access(client, auth, care, mentor):
    match, checkin = care
    Match.update(status="ended").execute()
    auth.login(mentor)
    assert client.get(f"/checkins/{checkin.id}/log").status_code == 404


def test_the_newcomer_never_sees_the_notes(client, auth, care, mentor, newcomer):
    _, checkin = care
    auth.login(mentor)
    _log(client, checkin, wellbeing="2", notes="Worried about his drinking")
    CheckIn.create(match=checkin.match_id, due_at=utcnow() + timedelta(days=5))
    auth.logout()
    auth.login(newcomer)
    assert client.get(f"/checkins/{checkin.id}/log").status_code == 403
    page = client.get("/checkins/mine").get_data(as_text=True)
    assert "Marc Mentor" in page and "drinking" not in page
    assert "drinking" not in client.get("/").get_data(as_text=True)


def test_organizers_read_a_check_in_audited_but_cannot_log_it(client, auth, care, mentor,
                                                              organizer):
    _, checkin = care
    auth.login(mentor)
    _log(client, checkin, wellbeing="3", notes="Needs a lawyer")
    auth.logout()
    auth.login(organizer)
    page = client.get(f"/checkins/{checkin.id}/log").get_data(as_text=True)
    assert "Needs a lawyer" in page and "<textarea" not in page
    event = AuditEvent.get(AuditEvent.action == "checkin.viewed")
    assert (event.actor_id, event.target_id, event.detail) == (
        organizer.id, checkin.match.newcomer_id, f"checkin {checkin.id}")
    assert _log(client, checkin, wellbeing="5", notes="overwritten").status_code == 403
    assert CheckIn.get_by_id(checkin.id).notes == "Needs a lawyer"


# Moving

def test_the_newcomer_moves_a_check_in_in_paris_time(client, auth, care, newcomer):
    _, checkin = care
    day = (paris_time(utcnow()) + timedelta(days=10)).date()
    auth.login(newcomer)
    assert client.get(f"/checkins/{checkin.id}/move").status_code == 200
    response = client.post(f"/checkins/{checkin.id}/move",
                           data={"day": day.isoformat(), "at": "09:30"})
    assert response.status_code == 302 and response.headers["Location"] == "/checkins/mine"
    moved = paris_time(CheckIn.get_by_id(checkin.id).due_at)
    assert (moved.date(), moved.time()) == (day, time(9, 30))


def test_a_check_in_cannot_be_moved_into_the_past(client, auth, care, mentor):
    _, checkin = care
    before = CheckIn.get_by_id(checkin.id).due_at
    yesterday = (paris_time(utcnow()) - timedelta(days=1)).date()
    auth.login(mentor)
    response = client.post(f"/checkins/{checkin.id}/move",
                           data={"day": yesterday.isoformat(), "at": "12:00"})
    assert response.status_code == 200
    assert "still to come" in response.get_data(as_text=True)
    page = client.post(f"/checkins/{checkin.id}/move", data={"day": "soon", "at": "noon"})
    assert page.status_code == 200 and "Not a valid date" in page.get_data(as_text=True)
    assert CheckIn.get_by_id(checkin.id).due_at == before


def test_a_logged_check_in_cannot_be_moved(app, care, mentor):
    _, checkin = care
    CheckIn.update(status="done").execute()
    with app.test_request_context(), pytest.raises(service.ServiceError):
        service.move_checkin(service.get_checkin_for(mentor, checkin.id), mentor,
                             date(2099, 1, 1), time(10))


def test_another_newcomer_cannot_move_it(client, auth, care):
    _, checkin = care
    auth.login(make_newcomer())
    assert client.get(f"/checkins/{checkin.id}/move").status_code == 404


# Asking early

def test_i_need_to_talk_reaches_the_mentor_once_while_open(client, auth, care, mentor, newcomer):
    auth.login(newcomer)
    assert client.post("/checkins/ask").status_code == 302
    asked = CheckIn.get(CheckIn.asked_by_newcomer == True)  # noqa: E712
    assert asked.due_at <= utcnow()
    note = Notification.get(Notification.recipient == mentor.id)
    assert note.payload["code"] == "checkin_asked" and note.link == f"/checkins/{asked.id}/log"
    page = client.post("/checkins/ask", follow_redirects=True).get_data(as_text=True)
    assert "already asked" in page
    assert CheckIn.select().where(CheckIn.asked_by_newcomer == True).count() == 1  # noqa: E712
    # Once the mentor has logged it, the newcomer may ask again.
    CheckIn.update(status="done").where(CheckIn.id == asked.id).execute()
    client.post("/checkins/ask")
    assert CheckIn.select().where(CheckIn.asked_by_newcomer == True).count() == 2  # noqa: E712


def test_without_a_mentor_asking_is_refused_politely(client, auth, app):
    alone = make_newcomer()
    auth.login(alone)
    page = client.post("/checkins/ask", follow_redirects=True).get_data(as_text=True)
    assert "You do not have a mentor yet" in page
    assert not CheckIn.select().exists() and not Notification.select().exists()


# The mentor's list

def test_the_mentor_sees_overdue_first_then_upcoming(client, auth, care, mentor):
    match, checkin = care
    late = CheckIn.create(match=match, due_at=utcnow() - timedelta(hours=5))
    missed = CheckIn.create(match=match, due_at=utcnow() - timedelta(days=4), status="missed")
    CheckIn.create(match=match, due_at=utcnow() - timedelta(days=3), status="done")
    with client.application.test_request_context():
        overdue, upcoming = service.mentor_checkins(mentor)
    assert [c.id for c in overdue] == [missed.id, late.id]
    assert [c.id for c in upcoming] == [checkin.id]
    assert overdue[0].match.newcomer.display_name == "Алексей"
    auth.login(mentor)
    page = client.get("/checkins/").get_data(as_text=True)
    assert page.index("Overdue") < page.index(f"/checkins/{late.id}/log") < page.index("Coming up")


def test_the_mentor_list_costs_the_same_queries_with_more_check_ins(client, auth, care, mentor):
    auth.login(mentor)
    with count_queries() as few:
        client.get("/checkins/")
    for _ in range(4):
        match = make_match(mentor, make_newcomer())
        for days in (-1, 1, 2):
            CheckIn.create(match=match, due_at=utcnow() + timedelta(days=days))
    with count_queries() as many:
        page = client.get("/checkins/").get_data(as_text=True)
    assert page.count("/log") >= 13
    assert many["n"] == few["n"]


def test_the_newcomer_page_costs_the_same_queries_with_more_check_ins(client, auth, care,
                                                                      newcomer):
    auth.login(newcomer)
    with count_queries() as few:
        client.get("/checkins/mine")
    for days in range(3, 9):
        CheckIn.create(match=care[0], due_at=utcnow() + timedelta(days=days))
    with count_queries() as many:
        client.get("/checkins/mine")
    assert many["n"] == few["n"]


def test_the_newcomer_sees_coming_check_ins_and_an_open_ask_not_past_ones(app, care, newcomer):
    match, checkin = care
    CheckIn.create(match=match, due_at=utcnow() - timedelta(hours=3))
    with app.test_request_context():
        asked = service.ask_for_checkin(newcomer)
        rows = service.newcomer_checkins(newcomer, now=utcnow() + timedelta(minutes=1))
    assert [row.id for row in rows] == [asked.id, checkin.id]
    assert rows[0].match.volunteer.display_name == "Marc Mentor"


def test_the_demo_mentor_has_check_ins_past_due_and_coming_and_dates(app, client, auth):
    from network.demo import seed_demo
    from network.models import Deadline, User

    with app.app_context():
        seed_demo("demo passphrase")
    newcomer = User.get(User.email == "newcomer@demo.test")
    match = Match.get((Match.newcomer == newcomer.id) & (Match.status == "active"))
    assert (match.volunteer.email, match.offer.used) == ("mentor@demo.test", 1)
    statuses = [c.status for c in CheckIn.select().where(CheckIn.match == match.id)
                .order_by(CheckIn.due_at)]
    assert statuses[:3] == ["done", "missed", "done"] and set(statuses[3:]) == {"scheduled"}
    assert CheckIn.select().where(CheckIn.due_at == service.evening(paris_time(utcnow()).date())
                                  ).exists()
    kinds = {d.kind for d in Deadline.select().where(Deadline.newcomer == newcomer.id)}
    assert kinds == {"ofpra_interview", "ofpra_decision"}
    auth.login(match.volunteer, "demo passphrase")
    assert "Алексей" in client.get("/checkins/").get_data(as_text=True)


def test_raised_flags_lists_recent_concerns_without_notes(app, care, mentor):
    match, checkin = care
    old = CheckIn.create(match=match, due_at=utcnow() - timedelta(days=60), status="done",
                         flags="money", logged_at=utcnow() - timedelta(days=60))
    with app.test_request_context():
        service.log_checkin(service.get_checkin_for(mentor, checkin.id), mentor, "done", 3,
                            ["legal"], "private")
        rows = service.raised_flags(mentor)
    assert [(row.id, row.flags) for row in rows] == [(checkin.id, ("legal",))]
    assert old.id not in [row.id for row in rows]
    assert rows[0].match.newcomer.display_name == "Алексей"
    assert "notes" not in rows[0].__data__
