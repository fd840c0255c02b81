"""Login sessions kept in the database, named by a random key: logging out ends a session on
every worker, and a restored backup cannot hand one person's session to another."""
from peewee import *


def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = 'account'

    class LoginSession(Model):
        key_hash = CharField(max_length=64, unique=True)
        user = ForeignKeyField(User, on_delete='CASCADE')
        second_factor_due = BooleanField(default=False)
        created_at = DateTimeField(index=True)
        totp_setup = TextField(default='')
        class Meta:
            database = db
            table_name = 'login_session'
    db.create_tables([LoginSession])

    # Ending a user's sessions now deletes their rows; a version number has nothing left to do.
    migrator.migrate(migrator.drop_column('account', 'session_version'))


def down(migrator, db):
    migrator.migrate(migrator.add_column('account', 'session_version', IntegerField(default=0)))
    migrator.migrate(migrator.drop_table('login_session'))
