"""Notifications, the email outbox, settings and the scheduler's lease."""
from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from ..crypto import EncryptedTextField
from ..db import BaseModel
from .accounts import User, utcnow
from .matching import JSONField


class Notification(BaseModel):
    """One message in a person's in-app inbox; the dedupe key makes sending it twice a no-op."""

    recipient = ForeignKeyField(User, backref="notifications", on_delete="CASCADE")
    kind = CharField(max_length=20)
    dedupe_key = CharField(max_length=160, unique=True)
    payload = JSONField(default=dict)
    link = CharField(max_length=200, default="")
    created_at = DateTimeField(default=utcnow)
    read_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("recipient", "read_at"), False),)


class OutboxEmail(BaseModel):
    """An email waiting to leave: retried with back-off until the server takes it."""

    # None for mail to an address that has no account yet (a sign-up link).
    notification = ForeignKeyField(Notification, unique=True, null=True, backref="emails",
                                   on_delete="CASCADE")
    to_address = EncryptedTextField()
    subject = EncryptedTextField()
    body = EncryptedTextField()
    attempts = IntegerField(default=0)
    next_try_at = DateTimeField(default=utcnow)
    sent_at = DateTimeField(null=True)
    # The receiving server refused this address for good (5xx): never tried again.
    failed_at = DateTimeField(null=True, index=True)
    # A refusing server often quotes the address.
    last_error = EncryptedTextField(default="")
    created_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "outbox_email"
        indexes = ((("sent_at", "next_try_at"), False),)


class Setting(BaseModel):
    """A network-wide setting organizers may change (e.g. the check-in cadence)."""

    key = CharField(max_length=60, unique=True)
    value = TextField()


class SchedulerLease(BaseModel):
    """On SQLite, who may run the scheduler's tick until when."""

    name = CharField(max_length=40, unique=True)
    holder = CharField(max_length=80)
    until = DateTimeField()

    class Meta:
        table_name = "scheduler_lease"
