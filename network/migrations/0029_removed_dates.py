"""A removed procedure date is kept a while, so whoever removed it can put it back: a procedure
date row (its description encrypted), and the dates a save of the procedure form cleared."""
from peewee import *


def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = 'account'

    class RemovedDeadline(Model):
        deadline_id = IntegerField()
        newcomer = ForeignKeyField(User, on_delete='CASCADE', backref='+')
        kind = CharField(max_length=20, constraints=[Check(
            "kind IN ('ofpra_interview', 'ofpra_decision', 'cnda_appeal', 'cnda_hearing', "
            "'prefecture', 'permit_renewal', 'other')")])
        date = DateField()
        label = TextField(default='')
        appeal_id = IntegerField(null=True)
        appeal_done = BooleanField(default=False)
        created_by = ForeignKeyField(User, null=True, on_delete='SET NULL', backref='+')
        created_at = DateTimeField()
        removed_by = ForeignKeyField(User, on_delete='CASCADE', backref='+')
        removed_at = DateTimeField(index=True)

        class Meta:
            database = db
            table_name = 'removed_deadline'

    class RemovedProcedureDates(Model):
        newcomer = ForeignKeyField(User, unique=True, on_delete='CASCADE', backref='+')
        dates = TextField()
        removed_by = ForeignKeyField(User, on_delete='CASCADE', backref='+')
        removed_at = DateTimeField(index=True)

        class Meta:
            database = db
            table_name = 'removed_procedure_dates'

    db.create_tables([RemovedDeadline, RemovedProcedureDates])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('removed_procedure_dates'),
                     migrator.drop_table('removed_deadline'))
