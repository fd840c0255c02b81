"""Casework at scale: a case's notes and its answers to the reporter as dated entries (the
notes written so far become one entry), the day of a vetting interview, and the organizers'
list filters kept on their login session instead of in URLs."""
from peewee import (
    CharField,
    Check,
    DateField,
    DateTimeField,
    ForeignKeyField,
    Model,
    TextField,
)


def _table(db):
    class User(Model):
        class Meta:
            database = db
            table_name = "account"

    class Case(Model):
        class Meta:
            database = db
            table_name = "case_item"

    class CaseEntry(Model):
        case = ForeignKeyField(Case, on_delete="CASCADE")
        kind = CharField(max_length=8, constraints=[Check("kind IN ('note', 'reply')")])
        author = ForeignKeyField(User, null=True, on_delete="SET NULL")
        body = TextField()
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "case_entry"
            indexes = ((("case", "created_at"), False),)

    return CaseEntry


def up(migrator, db):
    db.create_tables([_table(db)])
    # The notes' Fernet token moves as it is: nothing is decrypted here.
    db.execute_sql("INSERT INTO case_entry (case_id, kind, author_id, body, created_at) "
                   "SELECT id, 'note', NULL, notes, created_at FROM case_item "
                   "WHERE notes IS NOT NULL AND notes <> ''")
    migrator.migrate(
        migrator.drop_column("case_item", "notes"),
        migrator.add_column("vetting_record", "interview_on", DateField(null=True)),
        migrator.add_column("login_session", "list_filters", TextField(default="")),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column("login_session", "list_filters"),
        migrator.drop_column("vetting_record", "interview_on"),
        migrator.add_column("case_item", "notes", TextField(default="")),
    )
    # Several entries cannot be joined without decrypting them: the first note of each case
    # comes back, the rest go with the table.
    db.execute_sql("UPDATE case_item SET notes = (SELECT body FROM case_entry e "
                   "WHERE e.case_id = case_item.id AND e.kind = 'note' "
                   "ORDER BY e.created_at, e.id LIMIT 1) "
                   "WHERE EXISTS (SELECT 1 FROM case_entry e WHERE e.case_id = case_item.id "
                   "AND e.kind = 'note')")
    db.drop_tables([_table(db)])
