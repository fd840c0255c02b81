"""Organizers' casework: a case per problem, unanswered call, unreachable newcomer or erasure
request, and a lead organizer per newcomer (a table of its own)."""
from peewee import *


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


def down(migrator, db):
    migrator.migrate(migrator.drop_table('newcomer_lead'), migrator.drop_table('case_item'))
