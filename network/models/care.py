"""Check-ins between mentor and newcomer, and the dates of the asylum procedure."""
from peewee import (
    BooleanField,
    CharField,
    Check,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
)

from ..core.codes import CHECKIN_STATUSES, DEADLINE_KINDS
from ..crypto import EncryptedTextField
from ..db import BaseModel
from .accounts import User, one_of, utcnow
from .fields import ListField
from .matching import Match


class CheckIn(BaseModel):
    """One planned contact between a mentor and a newcomer, and what came of it."""

    match = ForeignKeyField(Match, backref="checkins", on_delete="CASCADE")
    due_at = DateTimeField()
    status = CharField(max_length=16, default="scheduled",
                       constraints=[one_of("status", CHECKIN_STATUSES)])
    wellbeing = IntegerField(null=True, constraints=[Check("wellbeing BETWEEN 1 AND 5")])
    flags = ListField(max_length=60, default="")
    notes = EncryptedTextField(default="")
    asked_by_newcomer = BooleanField(default=False)
    logged_at = DateTimeField(null=True)
    # Indexed with logged_at below: one mentor's latest flags, without reading everyone's.
    logged_by = ForeignKeyField(User, null=True, on_delete="SET NULL", index=False)

    class Meta:
        table_name = "checkin"
        # (due_at, status, logged_at) holds all the dashboard's weekly count reads, and
        # (logged_at, wellbeing, flags) its search for recent alarms: no row visited.
        indexes = ((("status", "due_at"), False), (("match", "due_at"), False),
                   (("logged_at", "wellbeing", "flags"), False),
                   (("logged_by", "logged_at"), False),
                   (("due_at", "status", "logged_at"), False))


class Deadline(BaseModel):
    """A dated step of a newcomer's asylum procedure."""

    newcomer = ForeignKeyField(User, backref="deadlines", on_delete="CASCADE")
    kind = CharField(max_length=20, constraints=[one_of("kind", DEADLINE_KINDS)])
    date = DateField(index=True)
    # "OFPRA, 10h, Fontenay": where and when the newcomer will be.
    label = EncryptedTextField(default="")
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)


class RemovedDeadline(BaseModel):
    """A procedure date just removed, kept a while so whoever removed it can put it back."""

    # The removed row's own number: put back, it keeps it, and the audit trail still points to it.
    deadline_id = IntegerField()
    newcomer = ForeignKeyField(User, on_delete="CASCADE", backref="+")
    kind = CharField(max_length=20, constraints=[one_of("kind", DEADLINE_KINDS)])
    date = DateField()
    label = EncryptedTextField(default="")
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = DateTimeField()
    removed_by = ForeignKeyField(User, on_delete="CASCADE", backref="+")
    removed_at = DateTimeField(default=utcnow, index=True)

    class Meta:
        table_name = "removed_deadline"
