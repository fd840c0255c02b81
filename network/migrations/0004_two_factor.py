"""Two-factor login: a TOTP secret per account and one-time recovery codes."""
from peewee import *


def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = 'account'

    class RecoveryCode(Model):
        user = ForeignKeyField(User, on_delete='CASCADE')
        code_hash = CharField(max_length=64)
        used_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'recovery_code'
    db.create_tables([RecoveryCode])

    migrator.migrate(migrator.add_column('account', 'totp_secret', TextField(default='')))
    migrator.migrate(migrator.add_column('account', 'totp_last_step', IntegerField(default=0)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column('account', 'totp_last_step'))
    migrator.migrate(migrator.drop_column('account', 'totp_secret'))
    migrator.migrate(migrator.drop_table('recovery_code'))

