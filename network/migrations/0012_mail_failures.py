"""An email the receiving server refused for good is given up, and organizers see the address."""
from peewee import DateTimeField


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("outbox_email", "failed_at", DateTimeField(null=True)),
        migrator.add_index("outbox_email", ("failed_at",), False),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index("outbox_email", "outbox_email_failed_at"),
        migrator.drop_column("outbox_email", "failed_at"),
    )
