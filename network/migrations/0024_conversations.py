"""Conversations inside Passage: messages encrypted at rest, read marks, reports, each device's
Web Push address, and an approval kind for an organizer's reading of a conversation."""
from peewee import *
from playhouse.migrate import SqliteMigrator

BEFORE = ("approve_volunteer", "suspend_organizer", "promote_organizer", "reveal_identity")
AFTER = BEFORE + ("read_conversation",)


def _kinds(migrator, kinds):
    check = Check("kind IN (%s)" % ", ".join(f"'{kind}'" for kind in kinds))
    if isinstance(migrator, SqliteMigrator):
        # SQLite changes a column's check only by rebuilding the table, which this does.
        migrator.migrate(migrator.alter_column_type(
            "approval", "kind", CharField(max_length=20, constraints=[check])))
    else:
        migrator.migrate(migrator.drop_constraint("approval", "approval_kind_check"),
                         migrator.add_constraint("approval", "approval_kind_check", check))


def _models(db):
    class User(Model):
        class Meta:
            database = db
            table_name = "account"

    class Match(Model):
        class Meta:
            database = db
            table_name = "help_match"

    class Conversation(Model):
        kind = CharField(max_length=16, constraints=[Check("kind IN ('match', 'organizers')")])
        match = ForeignKeyField(Match, null=True, unique=True, on_delete="CASCADE")
        newcomer = ForeignKeyField(User, on_delete="CASCADE")
        volunteer = ForeignKeyField(User, null=True, on_delete="CASCADE")
        status = CharField(max_length=16, default="open",
                           constraints=[Check("status IN ('open', 'closed')")])
        disappear_days = IntegerField(default=0,
                                      constraints=[Check("disappear_days IN (0, 1, 7, 30)")])
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "conversation"
            indexes = ((("newcomer", "status"), False), (("volunteer", "status"), False))

    Conversation.add_index(
        Conversation.index(Conversation.newcomer, unique=True,
                           name="conversation_one_with_organizers")
        .where(SQL("kind = 'organizers'")))

    class Message(Model):
        conversation = ForeignKeyField(Conversation, on_delete="CASCADE")
        sender = ForeignKeyField(User, null=True, on_delete="SET NULL")
        body = TextField()
        created_at = DateTimeField()
        reported = BooleanField(default=False)

        class Meta:
            database = db
            table_name = "message"
            indexes = ((("conversation", "id"), False), (("conversation", "created_at"), False))

    class ReadMark(Model):
        conversation = ForeignKeyField(Conversation, on_delete="CASCADE")
        user = ForeignKeyField(User, on_delete="CASCADE")
        last_read = IntegerField(default=0)

        class Meta:
            database = db
            table_name = "read_mark"
            indexes = ((("conversation", "user"), True),)

    class Report(Model):
        conversation = ForeignKeyField(Conversation, on_delete="CASCADE")
        message = ForeignKeyField(Message, on_delete="CASCADE")
        reporter = ForeignKeyField(User, null=True, on_delete="SET NULL")
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "report"

    class ReportedMessage(Model):
        report = ForeignKeyField(Report, on_delete="CASCADE")
        message = ForeignKeyField(Message, on_delete="CASCADE")

        class Meta:
            database = db
            table_name = "reported_message"
            indexes = ((("report", "message"), True),)

    class PushSubscription(Model):
        user = ForeignKeyField(User, on_delete="CASCADE")
        endpoint_hash = CharField(max_length=64, unique=True)
        endpoint = TextField()
        p256dh = TextField()
        auth = TextField()
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "push_subscription"

    return [Conversation, Message, ReadMark, Report, ReportedMessage, PushSubscription]


def up(migrator, db):
    db.create_tables(_models(db))
    _kinds(migrator, AFTER)


def down(migrator, db):
    db.execute_sql("DELETE FROM approval WHERE kind = 'read_conversation'")
    _kinds(migrator, BEFORE)
    db.drop_tables(list(reversed(_models(db))))

