"""Conversations between a newcomer and their volunteer or the organizers, and their messages."""
from peewee import SQL, BooleanField, CharField, Check, DateTimeField, ForeignKeyField, IntegerField

from ..core.codes import CONVERSATION_KINDS, CONVERSATION_STATUSES, DISAPPEAR_DAYS
from ..crypto import EncryptedTextField
from ..db import BaseModel
from .accounts import User, one_of, utcnow
from .matching import Match


class Conversation(BaseModel):
    """One per match (newcomer and volunteer) and one per newcomer with the organizers."""

    kind = CharField(max_length=16, constraints=[one_of("kind", CONVERSATION_KINDS)])
    match = ForeignKeyField(Match, null=True, unique=True, backref="conversations",
                            on_delete="CASCADE")
    # Copied from the match so "my conversations" is one indexed lookup for either side.
    newcomer = ForeignKeyField(User, backref="conversations_as_newcomer", on_delete="CASCADE")
    volunteer = ForeignKeyField(User, null=True, backref="conversations_as_volunteer",
                                on_delete="CASCADE")
    status = CharField(max_length=16, default="open",
                       constraints=[one_of("status", CONVERSATION_STATUSES)])
    disappear_days = IntegerField(default=0, constraints=[
        Check(f"disappear_days IN ({', '.join(map(str, DISAPPEAR_DAYS))})")])
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("newcomer", "status"), False), (("volunteer", "status"), False))


# One conversation with the organizers per newcomer: a double submit cannot open two.
Conversation.add_index(
    Conversation.index(Conversation.newcomer, unique=True, name="conversation_one_with_organizers")
    .where(SQL("kind = 'organizers'"))
)


class Message(BaseModel):
    """Plain text, encrypted at rest; the sender is gone with their account."""

    conversation = ForeignKeyField(Conversation, backref="messages", on_delete="CASCADE")
    sender = ForeignKeyField(User, null=True, on_delete="SET NULL")
    body = EncryptedTextField()
    created_at = DateTimeField(default=utcnow)
    # A reported message stays for the organizers when the others disappear.
    reported = BooleanField(default=False)

    class Meta:
        indexes = ((("conversation", "id"), False), (("conversation", "created_at"), False))


class ReadMark(BaseModel):
    """The last message one person has seen in one conversation."""

    conversation = ForeignKeyField(Conversation, on_delete="CASCADE")
    user = ForeignKeyField(User, on_delete="CASCADE")
    last_read = IntegerField(default=0)

    class Meta:
        table_name = "read_mark"
        indexes = ((("conversation", "user"), True),)


class Report(BaseModel):
    """A participant shows organizers one message and the ones around it they chose."""

    conversation = ForeignKeyField(Conversation, backref="reports", on_delete="CASCADE")
    message = ForeignKeyField(Message, on_delete="CASCADE")
    reporter = ForeignKeyField(User, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)


class ReportedMessage(BaseModel):
    """A message a report shows the organizers."""

    report = ForeignKeyField(Report, backref="shown", on_delete="CASCADE")
    message = ForeignKeyField(Message, on_delete="CASCADE")

    class Meta:
        table_name = "reported_message"
        indexes = ((("report", "message"), True),)


class PushSubscription(BaseModel):
    """One device's Web Push address: whoever holds it can write to that phone: encrypted."""

    user = ForeignKeyField(User, backref="push_subscriptions", on_delete="CASCADE")
    # A SHA-256 of the endpoint: finds the device again without reading the encrypted address.
    endpoint_hash = CharField(max_length=64, unique=True)
    endpoint = EncryptedTextField()
    p256dh = EncryptedTextField()
    auth = EncryptedTextField()
    created_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "push_subscription"
