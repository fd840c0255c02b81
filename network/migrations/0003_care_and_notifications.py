"""Check-ins, procedure deadlines, notifications, the email outbox, settings, the scheduler lease."""
from peewee import *


def up(migrator, db):
    class Match(Model):
        class Meta:
            database = db
            table_name = 'help_match'

    class User(Model):
        class Meta:
            database = db
            table_name = 'account'

    class CheckIn(Model):
        match = ForeignKeyField(Match, on_delete='CASCADE')
        due_at = DateTimeField()
        status = CharField(max_length=16, default='scheduled', constraints=[Check("status IN ('scheduled', 'done', 'not_reached', 'missed')")])
        wellbeing = IntegerField(null=True, constraints=[Check('wellbeing BETWEEN 1 AND 5')])
        flags = CharField(max_length=60, default='')
        notes = TextField(default='')
        asked_by_newcomer = BooleanField(default=False)
        logged_at = DateTimeField(null=True)
        logged_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        class Meta:
            database = db
            table_name = 'checkin'
            indexes = ((('status', 'due_at'), False), (('match', 'due_at'), False))
    db.create_tables([CheckIn])

    class Deadline(Model):
        newcomer = ForeignKeyField(User, on_delete='CASCADE')
        kind = CharField(max_length=20, constraints=[Check("kind IN ('ofpra_interview', 'ofpra_decision', 'cnda_appeal', 'cnda_hearing', 'prefecture', 'permit_renewal', 'other')")])
        date = DateField(index=True)
        label = CharField(max_length=120, default='')
        done = BooleanField(default=False)
        source = ForeignKeyField('self', null=True, on_delete='CASCADE')
        created_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'deadline'
    db.create_tables([Deadline])

    class Notification(Model):
        recipient = ForeignKeyField(User, on_delete='CASCADE')
        kind = CharField(max_length=20)
        dedupe_key = CharField(unique=True, max_length=160)
        payload = TextField(default='{}')
        link = CharField(max_length=200, default='')
        created_at = DateTimeField()
        read_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'notification'
            indexes = ((('recipient', 'read_at'), False),)
    db.create_tables([Notification])

    class OutboxEmail(Model):
        notification = ForeignKeyField(Notification, unique=True, on_delete='CASCADE')
        to_address = CharField(max_length=254)
        subject = CharField(max_length=200)
        body = TextField()
        attempts = IntegerField(default=0)
        next_try_at = DateTimeField()
        sent_at = DateTimeField(null=True)
        last_error = CharField(max_length=300, default='')
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'outbox_email'
            indexes = ((('sent_at', 'next_try_at'), False),)
    db.create_tables([OutboxEmail])

    class SchedulerLease(Model):
        name = CharField(unique=True, max_length=40)
        holder = CharField(max_length=80)
        until = DateTimeField()
        class Meta:
            database = db
            table_name = 'scheduler_lease'
    db.create_tables([SchedulerLease])

    class Setting(Model):
        key = CharField(unique=True, max_length=60)
        value = TextField()
        class Meta:
            database = db
            table_name = 'setting'
    db.create_tables([Setting])

    migrator.migrate(migrator.add_column('account', 'email_off', CharField(max_length=120, default='')))
    migrator.migrate(migrator.add_column('newcomer_profile', 'unreachable_since', DateTimeField(null=True)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column('newcomer_profile', 'unreachable_since'))
    migrator.migrate(migrator.drop_column('account', 'email_off'))
    migrator.migrate(migrator.drop_table('setting'))
    migrator.migrate(migrator.drop_table('scheduler_lease'))
    migrator.migrate(migrator.drop_table('outbox_email'))
    migrator.migrate(migrator.drop_table('notification'))
    migrator.migrate(migrator.drop_table('deadline'))
    migrator.migrate(migrator.drop_table('checkin'))

