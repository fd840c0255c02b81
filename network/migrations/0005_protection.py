"""Two-organizer approvals, an encrypted identity field, and the dates of erasure."""
from peewee import *


def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = 'account'

    class Approval(Model):
        kind = CharField(max_length=20, constraints=[Check("kind IN ('approve_volunteer', 'promote_organizer', 'reveal_identity')")])
        target = ForeignKeyField(User, on_delete='CASCADE')
        requested_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        requested_at = DateTimeField()
        confirmed_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        confirmed_at = DateTimeField(null=True)
        cancelled_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'approval'
            indexes = ((('target', 'kind'), False),)
    db.create_tables([Approval])

    migrator.migrate(migrator.add_column('account', 'erasure_requested_at', DateTimeField(null=True)))
    migrator.migrate(migrator.add_column('account', 'erased_at', DateTimeField(null=True)))
    migrator.migrate(migrator.add_column('newcomer_profile', 'identity', TextField(default='')))


def down(migrator, db):
    migrator.migrate(migrator.drop_column('newcomer_profile', 'identity'))
    migrator.migrate(migrator.drop_column('account', 'erased_at'))
    migrator.migrate(migrator.drop_column('account', 'erasure_requested_at'))
    migrator.migrate(migrator.drop_table('approval'))

