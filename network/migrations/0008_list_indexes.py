"""Indexes for the lists that read whole tables on a large network: a mentor's latest flags,
the cities with meetings to come, unanswered proposals, reported problems, unreachable people,
and the check-ins counted per week."""
from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.drop_index("checkin", "checkin_logged_by_id"),
        migrator.add_index("checkin", ("logged_by_id", "logged_at"), False),
        migrator.drop_index("meeting_occurrence", "occurrence_meeting_id"),
        migrator.add_index("meeting_occurrence", ("meeting_id", "start_at"), False),
        migrator.add_index("help_match", ("status", "proposed_at"), False),
        migrator.add_index("checkin", ("due_at", "status", "logged_at"), False),
    )
    db.execute_sql("CREATE INDEX match_with_problem ON help_match (proposed_at) WHERE problem != ''")
    db.execute_sql("CREATE INDEX newcomer_profile_unreachable ON newcomer_profile "
                   "(unreachable_since) WHERE unreachable_since IS NOT NULL")


def down(migrator, db):
    db.execute_sql("DROP INDEX newcomer_profile_unreachable")
    db.execute_sql("DROP INDEX match_with_problem")
    migrator.migrate(migrator.drop_index("checkin", "checkin_due_at_status_logged_at"),
                     migrator.drop_index("help_match", "help_match_status_proposed_at"))
    migrator.migrate(
        migrator.drop_index("meeting_occurrence", "meeting_occurrence_meeting_id_start_at"),
        migrator.add_index("meeting_occurrence", ("meeting_id",), False),
        migrator.drop_index("checkin", "checkin_logged_by_id_logged_at"),
        migrator.add_index("checkin", ("logged_by_id",), False),
    )
