"""Organizers' casework: a case per problem, unanswered call, unreachable newcomer or erasure
request, a lead organizer per newcomer (a table of its own), and erasure as a two-organizer act."""
from peewee import *
from playhouse.migrate import SqliteMigrator

# After 0024, which let organizers ask to read a conversation.
BEFORE = ("approve_volunteer", "suspend_organizer", "promote_organizer", "reveal_identity",
          "read_conversation")
# Erasing a newcomer becomes a two-organizer act.
AFTER = (*BEFORE, "erase_newcomer")


def _kinds(migrator, kinds):
    check = Check("kind IN (%s)" % ", ".join(f"'{kind}'" for kind in kinds))
    if isinstance(migrator, SqliteMigrator):
        # SQLite changes a column's check only by rebuilding the table, which this does.
        migrator.migrate(migrator.alter_column_type(
            "approval", "kind", CharField(max_length=20, constraints=[check])))
    else:
        migrator.migrate(migrator.drop_constraint("approval", "approval_kind_check"),
                         migrator.add_constraint("approval", "approval_kind_check", check))


def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = 'account'

    class Match(Model):
        class Meta:
            database = db
            table_name = 'help_match'

    class Case(Model):
        kind = CharField(max_length=16, constraints=[Check(
            "kind IN ('problem', 'talk', 'unreachable', 'erasure', 'message')")])
        newcomer = ForeignKeyField(User, null=True, on_delete='CASCADE')
        match = ForeignKeyField(Match, null=True, on_delete='SET NULL')
        reporter = ForeignKeyField(User, null=True, on_delete='SET NULL')
        open_key = CharField(max_length=80, null=True, unique=True)
        status = CharField(max_length=8, default='open', constraints=[Check(
            "status IN ('open', 'closed')")])
        assignee = ForeignKeyField(User, null=True, on_delete='SET NULL')
        taken_at = DateTimeField(null=True)
        notes = TextField(default='')
        outcome = CharField(max_length=16, null=True, constraints=[Check(
            "outcome IN ('resolved', 'referred', 'no_action', 'erased')")])
        created_at = DateTimeField()
        closed_at = DateTimeField(null=True)
        closed_by = ForeignKeyField(User, null=True, on_delete='SET NULL')

        class Meta:
            database = db
            table_name = 'case_item'
            indexes = ((('status', 'created_at'), False),)

    class Lead(Model):
        newcomer = ForeignKeyField(User, unique=True, on_delete='CASCADE')
        organizer = ForeignKeyField(User, on_delete='CASCADE')

        class Meta:
            database = db
            table_name = 'newcomer_lead'

    db.create_tables([Case, Lead])
    _kinds(migrator, AFTER)


def down(migrator, db):
    db.execute_sql("DELETE FROM approval WHERE kind = 'erase_newcomer'")
    _kinds(migrator, BEFORE)
    migrator.migrate(migrator.drop_table('newcomer_lead'), migrator.drop_table('case_item'))
