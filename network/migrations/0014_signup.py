"""Sign-up by emailed link: pending sign-ups, mail to addresses without an account, and the
skeleton of each address so a lookalike is found by one indexed query."""
from peewee import *

from network.lookalike import skeleton


def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = 'account'

    class Invitation(Model):
        class Meta:
            database = db
            table_name = 'invitation'

    class PendingSignup(Model):
        token_hash = CharField(max_length=64, unique=True)
        role = CharField(max_length=16, constraints=[Check("role IN ('newcomer', 'mentor', 'organizer')")])
        invitation = ForeignKeyField(Invitation, null=True, on_delete='CASCADE')
        form = TextField()
        created_at = DateTimeField()
        expires_at = DateTimeField(index=True)
        class Meta:
            database = db
            table_name = 'pending_signup'
    db.create_tables([PendingSignup])

    migrator.migrate(
        migrator.add_column('account', 'email_skeleton', CharField(max_length=512, null=True)),
        migrator.drop_not_null('outbox_email', 'notification_id'),
    )
    # Two accounts that already look alike keep their accounts: the later one's skeleton is
    # made unique with its number, and only new addresses are held to the rule.
    taken = set()
    for user_id, email in db.execute_sql('SELECT id, email FROM account ORDER BY id').fetchall():
        value = skeleton(email)
        if value in taken:
            value = f'{value}#{user_id}'
        taken.add(value)
        db.execute_sql(f'UPDATE account SET email_skeleton = {db.param} WHERE id = {db.param}',
                       (value, user_id))
    migrator.migrate(migrator.add_index('account', ('email_skeleton',), True))


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index('account', 'account_email_skeleton'),
        migrator.drop_column('account', 'email_skeleton'),
        migrator.add_not_null('outbox_email', 'notification_id'),
        migrator.drop_table('pending_signup'),
    )
