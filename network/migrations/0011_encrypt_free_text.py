"""Free text that can describe a person, their whereabouts or their case becomes Fernet tokens,
existing rows included, with the app's keys."""
from peewee import *

from network import crypto

# Tokens are longer than the text: these columns become TEXT. Their former types, for down().
WIDENED = {
    ("invitation", "email"): CharField(null=True, max_length=254),
    ("invitation", "label"): CharField(max_length=120, default=''),
    ("offer", "availability"): CharField(max_length=200, default=''),
    ("help_match", "decline_reason"): CharField(max_length=500, default=''),
    ("deadline", "label"): CharField(max_length=120, default=''),
    ("meeting", "title"): CharField(max_length=120),
    ("meeting_occurrence", "title"): CharField(max_length=120, default=''),
    ("outbox_email", "to_address"): CharField(max_length=254),
    ("outbox_email", "subject"): CharField(max_length=200),
    ("outbox_email", "last_error"): CharField(max_length=300, default=''),
}
ENCRYPTED = [
    ("volunteer_profile", "bio"),
    ("invitation", "email"),
    ("invitation", "label"),
    ("vetting_record", "references"),
    ("vetting_record", "note"),
    ("offer", "availability"),
    ("offer", "house_rules"),
    ("help_request", "note"),
    ("help_match", "decline_reason"),
    ("deadline", "label"),
    ("meeting", "title"),
    ("meeting", "description"),
    ("meeting_occurrence", "title"),
    ("outbox_email", "to_address"),
    ("outbox_email", "subject"),
    ("outbox_email", "body"),
    ("outbox_email", "last_error"),
]


def _rewrite(db, table, column, convert):
    rows = Table(table, ("id", column)).bind(db)
    values = rows.select(rows.id, getattr(rows, column)).where(
        getattr(rows, column).is_null(False) & (getattr(rows, column) != "")).tuples()
    for row_id, value in list(values):
        rows.update({getattr(rows, column): convert(value)}).where(rows.id == row_id).execute()


def up(migrator, db):
    # SQLite keeps any length in any text column: only PostgreSQL has a type to widen.
    if isinstance(db, PostgresqlDatabase):
        migrator.migrate(*[migrator.alter_column_type(table, column, TextField())
                           for table, column in WIDENED])
    for table, column in ENCRYPTED:
        _rewrite(db, table, column, crypto.encrypt)


def down(migrator, db):
    for table, column in ENCRYPTED:
        _rewrite(db, table, column, crypto.decrypt)
    if isinstance(db, PostgresqlDatabase):
        migrator.migrate(*[migrator.alter_column_type(table, column, field)
                           for (table, column), field in WIDENED.items()])
