"""The hot queries of the pages and the scheduler are answered from an index, on both databases."""
import re
from datetime import timedelta

import pytest
from peewee import PostgresqlDatabase

from network.db import db
from network.models import (
    AuditEvent,
    CheckIn,
    HelpRequest,
    Match,
    NewcomerProfile,
    Notification,
    Occurrence,
    OutboxEmail,
    User,
    utcnow,
)

NOW = utcnow()
HOT = {
    "match board: open requests of a kind, oldest first": lambda: HelpRequest.select().where(
        (HelpRequest.kind == "mentor") & (HelpRequest.status == "open")).order_by(
        HelpRequest.created_at),
    "scheduler: check-ins due soon": lambda: CheckIn.select().where(
        (CheckIn.status == "scheduled") & (CheckIn.due_at >= NOW)
        & (CheckIn.due_at < NOW + timedelta(hours=24))),
    "dashboard: flags logged lately": lambda: CheckIn.select().where(
        CheckIn.logged_at >= NOW - timedelta(days=14)),
    "volunteer home: their live matches": lambda: Match.select().where(
        (Match.volunteer == 1) & (Match.status == "active")),
    "newcomer home: their matches": lambda: Match.select().where(
        (Match.newcomer == 1) & (Match.status == "active")),
    "check-ins of a match": lambda: CheckIn.select().where(CheckIn.match == 1).order_by(
        CheckIn.due_at),
    "navigation: unread notifications": lambda: Notification.select().where(
        (Notification.recipient == 1) & Notification.read_at.is_null()),
    "outbox: mail due": lambda: OutboxEmail.select().where(
        OutboxEmail.sent_at.is_null() & (OutboxEmail.next_try_at <= NOW)),
    "audit trail by actor": lambda: AuditEvent.select().where(AuditEvent.actor_id == 1),
    "audit trail by action, newest first": lambda: AuditEvent.select().where(
        AuditEvent.action == "login.failure").order_by(AuditEvent.at.desc()),
    "people lists: by role and status": lambda: User.select().where(
        (User.role == "newcomer") & (User.status == "pending")),
    "meetings list: dates to come": lambda: Occurrence.select().where(
        Occurrence.start_at >= NOW).order_by(Occurrence.start_at),
    "match board: reported problems, newest first": lambda: Match.select().where(
        Match.problem != "").order_by(Match.proposed_at.desc()),
    "dashboard: proposals unanswered for two days": lambda: Match.select().where(
        (Match.status == "proposed") & (Match.proposed_at < NOW - timedelta(days=2))).order_by(
        Match.proposed_at),
    "dashboard: unreachable newcomers": lambda: NewcomerProfile.select().where(
        NewcomerProfile.unreachable_since.is_null(False)).order_by(
        NewcomerProfile.unreachable_since),
    "mentor home: flags they logged lately": lambda: CheckIn.select().where(
        (CheckIn.logged_by == 1) & (CheckIn.logged_at >= NOW - timedelta(days=30))).order_by(
        CheckIn.logged_at.desc()),
    "meetings filter: a series' dates to come": lambda: Occurrence.select().where(
        (Occurrence.meeting == 1) & (Occurrence.start_at > NOW)),
    "dashboard: accepted matches of the period": lambda: Match.select().where(
        (Match.status == "active") & (Match.responded_at >= NOW - timedelta(weeks=12))),
}


def _plan(query):
    sql, params = query.sql()
    if isinstance(db.obj, PostgresqlDatabase):
        # Tables of a test are tiny: forbid the sequential scan to see whether an index fits.
        db.execute_sql("SET enable_seqscan = off")
        try:
            return "\n".join(row[0] for row in db.execute_sql(f"EXPLAIN {sql}", params))
        finally:
            db.execute_sql("SET enable_seqscan = on")
    return "\n".join(row[-1] for row in db.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params))


@pytest.mark.parametrize("name", sorted(HOT))
def test_hot_query_uses_an_index(app, name):
    plan = _plan(HOT[name]())
    if isinstance(db.obj, PostgresqlDatabase):
        assert "Index" in plan, plan
    else:
        assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, plan
        assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan


def test_the_unusual_access_check_reads_one_persons_last_minutes_from_its_index(app):
    """Planner statistics as the seed left them (two events), then 100,000 events: the check
    that runs on every audited view must still go to the (actor, at) index, never scan."""
    from network.audit.service import READ_ACTIONS, _recent_events
    from network.db import refresh_statistics

    seeded = NOW - timedelta(days=30)
    AuditEvent.insert_many([dict(actor_id=1, action="deadline.created", at=seeded)] * 2).execute()
    refresh_statistics()
    for first in range(0, 100_000, 10_000):
        AuditEvent.insert_many([
            dict(actor_id=1 + n % 300, action=READ_ACTIONS[n % len(READ_ACTIONS)],
                 target_type="user", target_id=n % 5000, at=NOW - timedelta(seconds=26 * n))
            for n in range(first, first + 10_000)]).execute()
    sql, params = _recent_events(1, NOW - timedelta(minutes=10)).sql()
    if isinstance(db.obj, PostgresqlDatabase):
        plan = "\n".join(row[0] for row in db.execute_sql(f"EXPLAIN {sql}", params))
        # With the seed's statistics PostgreSQL takes the index on `at` alone: bounded by the
        # same ten minutes, never the trail. Once the statistics job has run, the (actor, at)
        # index, which reads only this person's events.
        assert re.match(r"Index Scan using (audit_event_actor_id_at|auditevent_at) ", plan), plan
        refresh_statistics()
        plan = "\n".join(row[0] for row in db.execute_sql(f"EXPLAIN {sql}", params))
        assert re.match(r"Index Scan using audit_event_actor_id_at ", plan), plan
    else:
        plan = "\n".join(row[-1] for row in db.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params))
        assert "USING INDEX audit_event_actor_id_at (actor_id=? AND at>?)" in plan, plan
        assert "TEMP B-TREE" not in plan, plan


def _analyzed_tables():
    if isinstance(db.obj, PostgresqlDatabase):
        rows = db.execute_sql("SELECT relname FROM pg_stat_user_tables "
                              "WHERE last_analyze IS NOT NULL")
    else:
        rows = db.execute_sql("SELECT DISTINCT tbl FROM sqlite_stat1")
    return {name for (name,) in rows}


def _forget_statistics():
    if isinstance(db.obj, PostgresqlDatabase):
        db.execute_sql("SELECT pg_stat_reset()")
    else:
        db.execute_sql("DELETE FROM sqlite_stat1")
    assert not _analyzed_tables()


def test_seeding_and_the_daily_run_give_the_planner_statistics(app, runner):
    from network.jobs import statistics

    _forget_statistics()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert {"checkin", "help_match", "account"} <= _analyzed_tables()
    _forget_statistics()
    statistics(NOW)
    assert {"checkin", "help_match", "account"} <= _analyzed_tables()


@pytest.mark.parametrize("team", [False, True])
def test_the_unread_count_in_every_organizers_navigation_reads_no_whole_table(app, team):
    """An organizer's count covers the team's conversations too: from their own index."""
    from network.conversations.service import UNREAD

    sql, params = UNREAD[team].sql(1)
    if isinstance(db.obj, PostgresqlDatabase):
        db.execute_sql("SET enable_seqscan = off")
        try:
            plan = "\n".join(row[0] for row in db.execute_sql(f"EXPLAIN {sql}", params))
        finally:
            db.execute_sql("SET enable_seqscan = on")
        assert "Seq Scan" not in plan, plan
    else:
        plan = "\n".join(row[-1] for row in db.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params))
        assert not re.search(r"\bSCAN (t\d|conversation|message)\b(?! USING)", plan), plan
