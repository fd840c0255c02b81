"""What organizers work on: a problem, an unanswered call, an unreachable newcomer, an erasure."""
from peewee import CharField, DateTimeField, ForeignKeyField

from ..core.codes import CASE_ENTRY_KINDS, CASE_KINDS, CASE_OUTCOMES, CASE_STATUSES
from ..crypto import EncryptedTextField
from ..db import BaseModel
from .accounts import User, one_of, utcnow
from .matching import Match


class Case(BaseModel):
    """One item of casework, from what opened it to the outcome it was closed with."""

    kind = CharField(max_length=16, constraints=[one_of("kind", CASE_KINDS)])
    newcomer = ForeignKeyField(User, null=True, on_delete="CASCADE", backref="cases")
    match = ForeignKeyField(Match, null=True, on_delete="SET NULL")
    # Who told us, and hears the answer; None when a job opened the case.
    reporter = ForeignKeyField(User, null=True, on_delete="SET NULL")
    # Set while the case is open, cleared on closing: one open case per cause, whoever finds it.
    open_key = CharField(max_length=80, null=True, unique=True)
    status = CharField(max_length=8, default="open",
                       constraints=[one_of("status", CASE_STATUSES)])
    assignee = ForeignKeyField(User, null=True, on_delete="SET NULL")
    taken_at = DateTimeField(null=True)
    outcome = CharField(max_length=16, null=True, constraints=[one_of("outcome", CASE_OUTCOMES)])
    created_at = DateTimeField(default=utcnow)
    closed_at = DateTimeField(null=True)
    closed_by = ForeignKeyField(User, null=True, on_delete="SET NULL")

    class Meta:
        # "case" is an SQL keyword.
        table_name = "case_item"
        indexes = ((("status", "created_at"), False),)


class CaseEntry(BaseModel):
    """A dated line of a case: an organizers' note, or an answer the reporter reads."""

    case = ForeignKeyField(Case, on_delete="CASCADE", backref="entries")
    kind = CharField(max_length=8, constraints=[one_of("kind", CASE_ENTRY_KINDS)])
    author = ForeignKeyField(User, null=True, on_delete="SET NULL")
    body = EncryptedTextField()
    created_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "case_entry"
        indexes = ((("case", "created_at"), False),)


class Lead(BaseModel):
    """The organizer who follows a newcomer: new cases go to them while they log in.

    A table of its own: a second key from the profile to the account would make every
    profile join ambiguous.
    """

    newcomer = ForeignKeyField(User, unique=True, on_delete="CASCADE", backref="lead_rows")
    organizer = ForeignKeyField(User, on_delete="CASCADE", backref="led_rows")

    class Meta:
        table_name = "newcomer_lead"
