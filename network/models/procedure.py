"""A newcomer's asylum procedure: the dates the timeline is computed from, and their documents."""
from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from ..core.codes import PROCEDURE_TYPES
from ..crypto import EncryptedTextField
from ..db import BaseModel
from .accounts import User, one_of, utcnow


class ProcedureFile(BaseModel):
    """One per newcomer: the facts the deadlines are computed from."""

    newcomer = ForeignKeyField(User, unique=True, on_delete="CASCADE")
    procedure = CharField(max_length=12, null=True,
                          constraints=[one_of("procedure", PROCEDURE_TYPES)])
    entered = DateField(null=True)
    spada = DateField(null=True)
    registered = DateField(null=True)
    # The current attestation's end of validity, as printed on it; a renewal writes the new one.
    attestation_expires = DateField(null=True)
    ofii_offer = DateField(null=True)
    domiciliation = DateField(null=True)
    ofpra_filed = DateField(null=True)
    inbox_checked = DateField(null=True)
    # The interview, the decision and the CNDA hearing are procedure dates (Deadline): typed
    # there once, with the place and time, and read from there by the timeline.
    legal_aid_requested = DateField(null=True)
    legal_aid_decided = DateField(null=True)
    cnda_appealed = DateField(null=True)
    cnda_decided = DateField(null=True)
    protection = DateField(null=True)
    residence_permit = DateField(null=True)
    updated_at = DateTimeField(default=utcnow)
    updated_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")


class RemovedProcedureDates(BaseModel):
    """The dates one save of the procedure form cleared, kept a while for whoever cleared them."""

    newcomer = ForeignKeyField(User, unique=True, on_delete="CASCADE", backref="+")
    # {"interview": "2026-11-02", ...}: field names and ISO dates only.
    dates = TextField()
    removed_by = ForeignKeyField(User, on_delete="CASCADE", backref="+")
    removed_at = DateTimeField(default=utcnow, index=True)


class ProcedureDocument(BaseModel):
    """A scan or photo in a newcomer's folder: name and content encrypted, reached by a token."""

    newcomer = ForeignKeyField(User, on_delete="CASCADE", backref="+")
    token = CharField(max_length=64, unique=True)
    step = CharField(max_length=20)
    name = EncryptedTextField()
    content_type = CharField(max_length=40)
    size = IntegerField()
    # The file, base64 then encrypted like every sensitive field.
    content = EncryptedTextField()
    kind = CharField(max_length=24, default="")
    needs_translation = BooleanField(default=False)
    translated = BooleanField(default=False)
    uploaded_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    uploaded_at = DateTimeField(default=utcnow)
