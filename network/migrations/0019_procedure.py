"""The asylum procedure's facts, one row per newcomer, from which its deadlines are computed, and
each newcomer's encrypted folder of documents."""
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

    class ProcedureDocument(Model):
        newcomer = ForeignKeyField(User, on_delete='CASCADE', backref='+')
        token = CharField(max_length=64, unique=True)
        step = CharField(max_length=20)
        name = TextField()
        content_type = CharField(max_length=40)
        size = IntegerField()
        content = TextField()
        needs_translation = BooleanField(default=False)
        translated = BooleanField(default=False)
        uploaded_by = ForeignKeyField(User, null=True, on_delete='SET NULL', backref='+')
        uploaded_at = DateTimeField()

        class Meta:
            database = db
            table_name = 'procedure_document'
    db.create_tables([ProcedureFile, ProcedureDocument])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('procedure_document'), migrator.drop_table('procedure_file'))
