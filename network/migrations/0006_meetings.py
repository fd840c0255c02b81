"""Peer-support meetings, their occurrences, RSVPs and attendance, and private calendar feeds."""
from peewee import *


def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = 'account'

    class Meeting(Model):
        title = CharField(max_length=120)
        description = TextField(default='')
        language = CharField(max_length=8, constraints=[Check("language IN ('ru', 'uk', 'fr', 'en')")])
        city = CharField(index=True, max_length=80, default='')
        place = TextField(default='')
        online_link = TextField(default='')
        capacity = IntegerField(constraints=[Check('capacity BETWEEN 1 AND 200')])
        facilitator = ForeignKeyField(User, null=True, on_delete='SET NULL')
        created_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        count_only = BooleanField(default=False)
        recurrence = CharField(max_length=16, default='none', constraints=[Check("recurrence IN ('none', 'weekly', 'biweekly', 'monthly')")])
        repeat_until = DateField(null=True)
        start_at = DateTimeField()
        duration = IntegerField(constraints=[Check('duration BETWEEN 15 AND 720')])
        created_at = DateTimeField()
        cancelled_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'meeting'
    db.create_tables([Meeting])

    class Occurrence(Model):
        meeting = ForeignKeyField(Meeting, on_delete='CASCADE')
        slot = DateTimeField()
        start_at = DateTimeField(index=True)
        title = CharField(max_length=120, default='')
        place = TextField(default='')
        capacity = IntegerField(constraints=[Check('capacity BETWEEN 1 AND 200')])
        seats_taken = IntegerField(default=0, constraints=[Check('seats_taken >= 0 AND seats_taken <= capacity')])
        attended = IntegerField(null=True, constraints=[Check('attended >= 0')])
        attendance_recorded_at = DateTimeField(null=True)
        cancelled_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'meeting_occurrence'
            indexes = ((('meeting', 'slot'), True),)
    db.create_tables([Occurrence])

    class RSVP(Model):
        occurrence = ForeignKeyField(Occurrence, on_delete='CASCADE')
        user = ForeignKeyField(User, on_delete='CASCADE')
        status = CharField(max_length=16, constraints=[Check("status IN ('going', 'waitlist', 'cancelled')")])
        position = IntegerField(default=0)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'meeting_rsvp'
            indexes = ((('occurrence', 'user'), True), (('occurrence', 'status', 'position'), False), (('user', 'status'), False))
    db.create_tables([RSVP])

    class Attendance(Model):
        occurrence = ForeignKeyField(Occurrence, on_delete='CASCADE')
        user = ForeignKeyField(User, on_delete='CASCADE')
        recorded_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        recorded_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'meeting_attendance'
            indexes = ((('occurrence', 'user'), True), (('user', 'occurrence'), False))
    db.create_tables([Attendance])

    class CalendarFeed(Model):
        user = ForeignKeyField(User, unique=True, on_delete='CASCADE')
        token_hash = CharField(unique=True, max_length=64)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'calendar_feed'
    db.create_tables([CalendarFeed])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('calendar_feed'))
    migrator.migrate(migrator.drop_table('meeting_attendance'))
    migrator.migrate(migrator.drop_table('meeting_rsvp'))
    migrator.migrate(migrator.drop_table('meeting_occurrence'))
    migrator.migrate(migrator.drop_table('meeting'))
