"""The database layer: migrations that match the models, SQLite settings, append-only audit."""
import pytest
from peewee import SqliteDatabase
from playhouse.schema_diff import diff_models

from network.audit.service import record
from network.db import db, upgrade
from network.models import MODELS, AuditEvent

from .conftest import TEST_DATABASE_URL


def test_migrations_build_exactly_the_models(app):
    assert not diff_models(db.obj, MODELS), "a model changed without a migration"


def test_upgrade_twice_applies_nothing(app):
    assert upgrade() == []


def test_the_upgrade_and_init_db_commands(runner):
    assert "up to date" in runner.invoke(args=["upgrade"]).output
    assert "Database ready" in runner.invoke(args=["init-db"]).output


@pytest.mark.skipif(TEST_DATABASE_URL is not None, reason="SQLite settings")
def test_sqlite_runs_with_wal_foreign_keys_and_busy_timeout(app):
    assert isinstance(db.obj, SqliteDatabase)
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_audit_events_cannot_be_changed_or_deleted(app, ctx):
    event = record("login.failure")
    with pytest.raises(Exception, match="append-only"):
        with db.atomic():
            AuditEvent.update(action="nothing happened").execute()
    with pytest.raises(Exception, match="append-only"):
        with db.atomic():
            AuditEvent.delete().execute()
    assert AuditEvent.get_by_id(event.id).action == "login.failure"


def test_check_constraints_hold_in_the_database(app):
    from network.models import User

    with pytest.raises(Exception):
        with db.atomic():
            User.insert(email="x@example.test", display_name="X", password_hash="h",
                        role="superuser", status="active").execute()
