"""Indexes the dashboard and the scheduler filter on, and one live request per kind per newcomer."""
from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_index("checkin", ("logged_at",), False),
        migrator.add_index("help_match", ("status", "responded_at"), False),
        migrator.add_index("account", ("role", "created_at"), False),
        migrator.add_index("audit_event", ("action", "at"), False),
        migrator.add_index("audit_event", ("actor_id", "at"), False),
    )
    db.execute_sql(
        "CREATE UNIQUE INDEX help_request_one_live_per_kind ON help_request (newcomer_id, kind) "
        "WHERE status IN ('open', 'proposed', 'matched')"
    )


def down(migrator, db):
    db.execute_sql("DROP INDEX help_request_one_live_per_kind")
    migrator.migrate(
        migrator.drop_index("audit_event", "audit_event_actor_id_at"),
        migrator.drop_index("audit_event", "audit_event_action_at"),
        migrator.drop_index("account", "account_role_created_at"),
        migrator.drop_index("help_match", "help_match_status_responded_at"),
        migrator.drop_index("checkin", "checkin_logged_at"),
    )
