"""Accounts, profiles, invitations, vetting and the append-only audit trail."""
from peewee import *

SQLITE_APPEND_ONLY = """
CREATE TRIGGER audit_event_no_{op} BEFORE {op} ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END
"""
POSTGRES_APPEND_ONLY = [
    """CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit_event is append-only'; END $$""",
    """CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()""",
]


def up(migrator, db):
    class AuditEvent(Model):
        actor_id = IntegerField(index=True, null=True)
        action = CharField(index=True, max_length=48)
        target_type = CharField(max_length=32, default='')
        target_id = IntegerField(null=True)
        detail = CharField(default='')
        ip_hash = CharField(max_length=16, default='')
        at = DateTimeField(index=True)
        class Meta:
            database = db
            table_name = 'audit_event'
            indexes = ((('target_type', 'target_id'), False),)
    db.create_tables([AuditEvent])

    class User(Model):
        email = CharField(unique=True, max_length=254)
        display_name = CharField(max_length=80)
        password_hash = CharField()
        role = CharField(max_length=16, constraints=[Check("role IN ('newcomer', 'mentor', 'organizer')")])
        status = CharField(index=True, max_length=16, default='pending', constraints=[Check("status IN ('pending', 'active', 'suspended')")])
        locale = CharField(null=True, max_length=8)
        session_version = IntegerField(default=0)
        referred_by = ForeignKeyField('self', null=True, on_delete='SET NULL')
        created_at = DateTimeField()
        last_login_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'account'
            indexes = ((('role', 'status'), False),)
    db.create_tables([User])

    class Invitation(Model):
        token_hash = CharField(unique=True, max_length=64)
        role = CharField(max_length=16, constraints=[Check("role IN ('newcomer', 'mentor', 'organizer')")])
        email = CharField(null=True, max_length=254)
        label = CharField(max_length=120, default='')
        created_by = ForeignKeyField(User, on_delete='CASCADE')
        created_at = DateTimeField()
        expires_at = DateTimeField()
        used_at = DateTimeField(null=True)
        used_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        revoked_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'invitation'
    db.create_tables([Invitation])

    class NewcomerProfile(Model):
        user = ForeignKeyField(User, unique=True, on_delete='CASCADE')
        city = CharField(max_length=80, default='')
        languages = CharField(max_length=80, default='')
        arrival_date = DateField(null=True)
        needs = CharField(max_length=80, default='')
        notes = TextField(default='')
        class Meta:
            database = db
            table_name = 'newcomer_profile'
    db.create_tables([NewcomerProfile])

    class VettingRecord(Model):
        volunteer = ForeignKeyField(User, on_delete='CASCADE')
        organizer = ForeignKeyField(User, null=True, on_delete='SET NULL')
        decision = CharField(max_length=16, constraints=[Check("decision IN ('approved', 'rejected', 'suspended', 'reinstated')")])
        interview_done = BooleanField(default=False)
        references = TextField(default='')
        note = TextField(default='')
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'vetting_record'
    db.create_tables([VettingRecord])

    class VolunteerProfile(Model):
        user = ForeignKeyField(User, unique=True, on_delete='CASCADE')
        city = CharField(max_length=80, default='')
        languages = CharField(max_length=80, default='')
        bio = TextField(default='')
        class Meta:
            database = db
            table_name = 'volunteer_profile'
    db.create_tables([VolunteerProfile])

    if isinstance(db, PostgresqlDatabase):
        for sql in POSTGRES_APPEND_ONLY:
            db.execute_sql(sql)
    else:
        for op in ("UPDATE", "DELETE"):
            db.execute_sql(SQLITE_APPEND_ONLY.format(op=op))


def down(migrator, db):
    migrator.migrate(migrator.drop_table('volunteer_profile'))
    migrator.migrate(migrator.drop_table('vetting_record'))
    migrator.migrate(migrator.drop_table('newcomer_profile'))
    migrator.migrate(migrator.drop_table('invitation'))
    migrator.migrate(migrator.drop_table('account'))
    migrator.migrate(migrator.drop_table('audit_event'))

    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("DROP FUNCTION IF EXISTS audit_event_append_only()")
