"""Accounts, profiles, invitations, vetting and the audit trail."""
from datetime import datetime, timezone

from flask_login import UserMixin
from peewee import (
    SQL,
    BooleanField,
    CharField,
    Check,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
)

from ..core.codes import (
    APPROVAL_KINDS,
    ROLES,
    STATUSES,
    VETTING_DECISIONS,
)
from ..crypto import EncryptedTextField
from ..db import BaseModel
from ..lookalike import skeleton
from .fields import LanguageLevelsField, ListField


def utcnow():
    """Naive UTC now: every timestamp in the database is UTC."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def one_of(column, values):
    """A CHECK that the column holds one of a code set's values."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return Check(f"{column} IN ({quoted})")


class User(UserMixin, BaseModel):
    """Anyone who logs in: newcomer, mentor or organizer."""

    email = CharField(max_length=254, unique=True)
    # What the address looks like: a lookalike of an account's address is found by this index.
    email_skeleton = CharField(max_length=512, unique=True, null=True)
    display_name = CharField(max_length=80)
    password_hash = CharField(max_length=255)
    role = CharField(max_length=16, constraints=[one_of("role", ROLES)])
    status = CharField(
        max_length=16, default="pending", index=True, constraints=[one_of("status", STATUSES)]
    )
    locale = CharField(max_length=8, null=True)
    # Notification kinds this person does not want by email (they stay in the inbox).
    email_off = ListField(max_length=120, default="")
    totp_secret = EncryptedTextField(default="")
    # The last TOTP time step accepted: a code is never accepted twice.
    totp_last_step = IntegerField(default=0)
    referred_by = ForeignKeyField("self", null=True, on_delete="SET NULL", backref="referrals")
    created_at = DateTimeField(default=utcnow)
    last_login_at = DateTimeField(null=True)
    erasure_requested_at = DateTimeField(null=True)
    erased_at = DateTimeField(null=True)

    class Meta:
        table_name = "account"
        indexes = ((("role", "status"), False), (("role", "created_at"), False))

    # The key of the login session this object was loaded for (see auth/sessions.py).
    session_key = None
    login_session_id = None

    def save(self, *args, **kwargs):
        self.email_skeleton = skeleton(self.email)
        return super().save(*args, **kwargs)

    def get_id(self):
        # A session names its account by a random key: a row id is handed out again after a restore.
        return self.session_key

    @property
    def is_active(self):
        return self.status != "suspended"

    @property
    def has_two_factor(self):
        """Whether a second factor is set up, known without decrypting its secret."""
        return bool(self.__data__.get("totp_secret"))

    @property
    def is_organizer(self):
        return self.role == "organizer" and self.status == "active"


class RecoveryCode(BaseModel):
    """A one-time code that stands in for a lost authenticator; only its hash is kept."""

    user = ForeignKeyField(User, backref="recovery_codes", on_delete="CASCADE")
    code_hash = CharField(max_length=64)
    used_at = DateTimeField(null=True)

    class Meta:
        table_name = "recovery_code"


class LoginSession(BaseModel):
    """One login on one device: the cookie holds a random key, the database only its hash."""

    key_hash = CharField(max_length=64, unique=True)
    user = ForeignKeyField(User, backref="login_sessions", on_delete="CASCADE")
    # The password was right but the second factor is still to come: not logged in yet.
    second_factor_due = BooleanField(default=False)
    created_at = DateTimeField(default=utcnow, index=True)
    # A TOTP secret being set up in this session, until a first code confirms it.
    totp_setup = EncryptedTextField(default="")
    # The organizers' list filters (pseudonyms, places) as JSON: kept here, never in a URL.
    list_filters = EncryptedTextField(default="")

    class Meta:
        table_name = "login_session"


class NewcomerProfile(BaseModel):
    """What a newcomer tells us: never a street address."""

    user = ForeignKeyField(User, unique=True, backref="newcomer_profiles", on_delete="CASCADE")
    # The commune's official name and INSEE code (network/places), never anything finer.
    city = CharField(max_length=80, default="")
    commune = CharField(max_length=5, default="")
    region = CharField(max_length=3, default="")
    # "ru:native,fr:a1": each language with the newcomer's level in it.
    languages = LanguageLevelsField(max_length=80, default="")
    arrival_date = DateField(null=True)
    needs = ListField(max_length=80, default="")
    household = CharField(max_length=16, default="alone")
    gender = CharField(max_length=16, default="")
    host_pref = CharField(max_length=16, default="any")
    pets = BooleanField(default=False)
    smokes = BooleanField(default=False)
    needs_access = BooleanField(default=False)
    contact_channel = CharField(max_length=16, default="")
    contact = EncryptedTextField(default="")
    notes = EncryptedTextField(default="")
    # Real name, legal status: shown only when a second organizer confirms the need.
    identity = EncryptedTextField(default="")
    # Set when two check-ins in a row were missed; cleared when someone logs contact.
    unreachable_since = DateTimeField(null=True)


# Few newcomers are unreachable at once: the dashboard lists them without reading every profile.
NewcomerProfile.add_index(
    NewcomerProfile.index(NewcomerProfile.unreachable_since, name="newcomer_profile_unreachable")
    .where(SQL("unreachable_since IS NOT NULL")))


class VolunteerProfile(BaseModel):
    """A mentor's or organizer's city, languages, how to reach them and a short bio."""

    user = ForeignKeyField(User, unique=True, backref="volunteer_profiles", on_delete="CASCADE")
    # The commune's official name and INSEE code (network/places), never anything finer.
    city = CharField(max_length=80, default="")
    commune = CharField(max_length=5, default="")
    region = CharField(max_length=3, default="")
    languages = ListField(max_length=80, default="")
    contact_channel = CharField(max_length=16, default="")
    contact = EncryptedTextField(default="")
    bio = EncryptedTextField(default="")


class Invitation(BaseModel):
    """A single-use, expiring link; for newcomers it is a volunteer's referral code."""

    token_hash = CharField(max_length=64, unique=True)
    role = CharField(max_length=16, constraints=[one_of("role", ROLES)])
    # Whom it is for: the invitee's address and the organizer's note about them.
    email = EncryptedTextField(null=True)
    label = EncryptedTextField(default="")
    created_by = ForeignKeyField(User, backref="invitations_sent", on_delete="CASCADE")
    created_at = DateTimeField(default=utcnow)
    expires_at = DateTimeField()
    used_at = DateTimeField(null=True)
    used_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    revoked_at = DateTimeField(null=True)

    @property
    def state(self):
        if self.revoked_at:
            return "revoked"
        if self.used_at:
            return "used"
        if self.expires_at <= utcnow():
            return "expired"
        return "open"


class PendingSignup(BaseModel):
    """A sign-up waiting for its emailed link; what the person typed is kept encrypted."""

    token_hash = CharField(max_length=64, unique=True)
    role = CharField(max_length=16, constraints=[one_of("role", ROLES)])
    invitation = ForeignKeyField(Invitation, null=True, on_delete="CASCADE")
    # JSON of the form: address, name, password hash, language, place, needs, notes.
    form = EncryptedTextField()
    created_at = DateTimeField(default=utcnow)
    expires_at = DateTimeField(index=True)

    class Meta:
        table_name = "pending_signup"


class PasswordReset(BaseModel):
    """A link that sets a new password: emailed, or handed over by two organizers."""

    user = ForeignKeyField(User, backref="password_resets", on_delete="CASCADE")
    token_hash = CharField(max_length=64, unique=True)
    created_at = DateTimeField(default=utcnow)
    expires_at = DateTimeField(index=True)

    class Meta:
        table_name = "password_reset"


class VettingRecord(BaseModel):
    """An organizer's vetting step for a volunteer: the interview, references, a decision."""

    volunteer = ForeignKeyField(User, backref="vetting_records", on_delete="CASCADE")
    organizer = ForeignKeyField(User, null=True, on_delete="SET NULL")
    decision = CharField(
        max_length=16,
        constraints=[one_of("decision", VETTING_DECISIONS)],
    )
    interview_done = BooleanField(default=False)
    interview_on = DateField(null=True)
    references = EncryptedTextField(default="")
    note = EncryptedTextField(default="")
    created_at = DateTimeField(default=utcnow)


class Approval(BaseModel):
    """A sensitive act one organizer asks for and a second, different organizer confirms."""

    kind = CharField(max_length=20, constraints=[one_of("kind", APPROVAL_KINDS)])
    target = ForeignKeyField(User, backref="approvals", on_delete="CASCADE")
    requested_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    requested_at = DateTimeField(default=utcnow)
    confirmed_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    confirmed_at = DateTimeField(null=True)
    cancelled_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("target", "kind"), False),)


class AuditEvent(BaseModel):
    """Append-only: who did what to which record, when, from which (hashed) address."""

    # Plain integers, not foreign keys: erasing a person must not erase what was done.
    actor_id = IntegerField(null=True, index=True)
    action = CharField(max_length=48, index=True)
    target_type = CharField(max_length=32, default="")
    target_id = IntegerField(null=True)
    detail = CharField(max_length=255, default="")
    ip_hash = CharField(max_length=16, default="")
    at = DateTimeField(default=utcnow, index=True)

    class Meta:
        indexes = ((("target_type", "target_id"), False), (("action", "at"), False),
                   (("actor_id", "at"), False))

