"""The asylum procedure's facts, one row per newcomer, from which its deadlines are computed."""
from peewee import *


def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = 'account'

    class ProcedureFile(Model):
        newcomer = ForeignKeyField(User, unique=True, on_delete='CASCADE')
        procedure = CharField(max_length=12, null=True, constraints=[
            Check("procedure IN ('normal', 'accelerated', 'dublin')")])
        entered = DateField(null=True)
        registered = DateField(null=True)
        ofpra_filed = DateField(null=True)
        inbox_checked = DateField(null=True)
        interview = DateField(null=True)
        decision_notified = DateField(null=True)
        legal_aid_requested = DateField(null=True)
        legal_aid_decided = DateField(null=True)
        updated_at = DateTimeField()
        updated_by = ForeignKeyField(User, null=True, on_delete='SET NULL', backref='+')

        class Meta:
            database = db
            table_name = 'procedure_file'
    db.create_tables([ProcedureFile])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('procedure_file'))
