"""Indexes for a mentor's latest flags and for the cities with meetings to come."""
from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.drop_index("checkin", "checkin_logged_by_id"),
        migrator.add_index("checkin", ("logged_by_id", "logged_at"), False),
        migrator.drop_index("meeting_occurrence", "occurrence_meeting_id"),
        migrator.add_index("meeting_occurrence", ("meeting_id", "start_at"), False),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index("meeting_occurrence", "meeting_occurrence_meeting_id_start_at"),
        migrator.add_index("meeting_occurrence", ("meeting_id",), False),
        migrator.drop_index("checkin", "checkin_logged_by_id_logged_at"),
        migrator.add_index("checkin", ("logged_by_id",), False),
    )
