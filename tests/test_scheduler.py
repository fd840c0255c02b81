"""The scheduler: reminders, overdue alerts, deadlines, catch-up, the lock, and crashes mid-tick."""
import json
import threading
from datetime import date, datetime, timedelta

import pytest
from peewee import PostgresqlDatabase

from network.checkins import rules as checkin_rules
from network.db import db, make_database
from network.models import (
    CheckIn,
    Deadline,
    Match,
    NewcomerProfile,
    Notification,
    ProcedureFile,
    SchedulerLease,
    utcnow,
)
from network.notify import service as notify_service
from network.scheduler import LOCK_KEY, tick

from .factories import make_mentor, make_newcomer, make_offer, make_organizer, make_request

NOW = datetime(2026, 11, 24, 9, 0)  # naive UTC, 10:00 in Paris


@pytest.fixture
def care(app, organizer):
    """An active mentoring match with a check-in due soon, one long overdue, and deadlines."""
    mentor, newcomer = make_mentor(), make_newcomer()
    offer = make_offer(mentor, used=1)
    match = Match.create(request=make_request(newcomer, status="matched"), offer=offer,
                         newcomer=newcomer, volunteer=mentor, kind="mentor", status="active")
    due_soon = CheckIn.create(match=match, due_at=NOW + timedelta(hours=5))
    overdue = CheckIn.create(match=match, due_at=NOW - timedelta(days=3))
    later = CheckIn.create(match=match, due_at=NOW + timedelta(days=10))
    interview = Deadline.create(newcomer=newcomer, kind="ofpra_interview", date=date(2026, 11, 29))
    # Its CNDA appeal deadline is Monday 30 November, within the week.
    decision = Deadline.create(newcomer=newcomer, kind="ofpra_decision", date=date(2026, 10, 29))
    return dict(mentor=mentor, newcomer=newcomer, match=match, due_soon=due_soon,
                overdue=overdue, later=later, interview=interview, decision=decision,
                organizer=organizer)


def _keys():
    return sorted(k for (k,) in Notification.select(Notification.dedupe_key).tuples())


def test_one_tick_sends_what_is_due_and_a_second_sends_nothing(app, care):
    with app.app_context():
        first = tick(NOW)
        second = tick(NOW)
    assert first["checkin_reminders"] == 1
    assert first["overdue_checkins"] == 2  # the mentor and the one organizer
    # The interview, to the newcomer and the mentor; the CNDA appeal deadline is the procedure
    # timeline's: reminded to both, and an alert to the one organizer.
    assert first["deadline_reminders"] == 2
    assert first["procedure_reminders"] == 2
    assert first["cnda_alerts"] == 1
    assert first["organizer_digest"] == 1
    assert all(count == 0 for count in second.values()), second
    assert CheckIn.get_by_id(care["overdue"].id).status == "missed"
    assert CheckIn.get_by_id(care["later"].id).status == "scheduled"
    assert len(_keys()) == len(set(_keys()))


def test_the_command_prints_one_json_object(runner, care):
    first = json.loads(runner.invoke(args=["scheduler", "--once"]).output)
    second = json.loads(runner.invoke(args=["scheduler", "--once"]).output)
    assert sum(first.values()) > 0 and sum(second.values()) == 0


def test_two_missed_in_a_row_mark_unreachable_until_contact(app, care):
    CheckIn.create(match=care["match"], due_at=NOW - timedelta(days=6), status="missed")
    with app.app_context():
        tick(NOW)
    profile = NewcomerProfile.get(NewcomerProfile.user == care["newcomer"])
    assert profile.unreachable_since == NOW
    assert any(k.startswith(f"unreachable:{care['newcomer'].id}:") for k in _keys())


def test_one_missed_is_not_yet_unreachable(app, care):
    CheckIn.create(match=care["match"], due_at=NOW - timedelta(days=6), status="done")
    with app.app_context():
        tick(NOW)
    assert NewcomerProfile.get(NewcomerProfile.user == care["newcomer"]).unreachable_since is None


def test_a_tick_after_downtime_catches_up_once(app, care):
    # Down for two days: the check-in due meanwhile is now overdue, the reminder window passed.
    with app.app_context():
        tick(NOW + timedelta(days=2, hours=6))
        again = tick(NOW + timedelta(days=2, hours=7))
    assert f"checkin-overdue:{care['due_soon'].id}" in _keys()
    assert all(count == 0 for count in again.values())


def test_a_crash_between_two_sends_is_finished_by_the_rerun(app, care, monkeypatch):
    for n in range(4):
        CheckIn.create(match=care["match"], due_at=NOW + timedelta(hours=n + 1))
    monkeypatch.setattr(checkin_rules, "BATCH", 1)
    real = notify_service.notify_many
    calls = {"n": 0}

    def flaky(items):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("power cut")
        return real(items)

    monkeypatch.setattr(checkin_rules, "notify_many", flaky)
    with app.app_context(), pytest.raises(RuntimeError):
        tick(NOW)
    sent_before = len(_keys())
    assert 0 < sent_before
    monkeypatch.setattr(checkin_rules, "notify_many", real)
    with app.app_context():
        tick(NOW)
    reminders = [k for k in _keys() if k.startswith("checkin-reminder:")]
    assert len(reminders) == 5 and len(_keys()) == len(set(_keys()))
    if not isinstance(db.obj, PostgresqlDatabase):
        # The crashed tick gave its lease back rather than leaving it to expire.
        assert SchedulerLease.get().until <= utcnow() + timedelta(seconds=1)


def test_a_second_scheduler_waits_while_the_first_holds_the_lock(app, care, monkeypatch):
    if isinstance(db.obj, PostgresqlDatabase):
        other = make_database(app.config["DATABASE_URL"])
        other.execute_sql("SELECT pg_advisory_lock(%s)", (LOCK_KEY,))
    else:
        other = None
        SchedulerLease.create(name="tick", holder="another-host:1",
                              until=utcnow() + timedelta(minutes=5))
    with app.app_context():
        assert tick(NOW) == {"skipped": "another scheduler is running"}
    assert Notification.select().count() == 0
    if other is not None:
        other.close()


def test_two_schedulers_at_once_never_send_twice(app, care):
    results = []
    barrier = threading.Barrier(2)

    def run():
        barrier.wait()
        with app.app_context():
            results.append(tick(NOW))

    workers = [threading.Thread(target=run) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(_keys()) == len(set(_keys()))
    assert len([k for k in _keys() if k.startswith("checkin-reminder:")]) == 1


def test_the_digest_waits_for_eight_in_paris(app, care):
    with app.app_context():
        early = tick(datetime(2026, 11, 24, 6, 30))  # 07:30 in Paris
    assert early["organizer_digest"] == 0
    make_organizer()
    with app.app_context():
        assert tick(datetime(2026, 11, 24, 7, 5))["organizer_digest"] == 2  # 08:05 in Paris


def test_a_lodged_appeal_raises_no_alert(app, care):
    ProcedureFile.create(newcomer=care["newcomer"], cnda_appealed=date(2026, 11, 20))
    with app.app_context():
        assert tick(NOW)["cnda_alerts"] == 0


def test_daily_jobs_run_once_per_paris_day(app, care):
    with app.app_context():
        first = tick(NOW)
        same_day = tick(NOW + timedelta(hours=10))
        next_day = tick(NOW + timedelta(days=1))
    assert first["checkins_planned"] > 0
    assert same_day["checkins_planned"] == 0
    assert next_day["checkins_planned"] >= 0 and "retention_erased" in next_day


def test_the_demo_network_ticks_cleanly_twice(runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    first = runner.invoke(args=["scheduler", "--once"])
    assert first.exit_code == 0, first.output
    assert sum(json.loads(first.output).values()) > 0
    second = json.loads(runner.invoke(args=["scheduler", "--once"]).output)
    assert sum(second.values()) == 0, second
