"""Passwords, tokens and invitations: the rules, without the web."""
import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l

from ..audit.service import record
from ..core.access import is_active_volunteer
from ..core.errors import ServiceError
from ..models import Invitation, User, utcnow

_hasher = PasswordHasher()
# Verifying against this for unknown emails keeps the timing of "no such user" honest.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def normalise_email(email):
    """Emails are compared lower-cased and trimmed."""
    return (email or "").strip().lower()


def hash_password(password):
    """Argon2id hash of a password."""
    return _hasher.hash(password)


def hash_token(token):
    """Tokens are high-entropy, so a plain SHA-256 is enough to keep them useless if leaked."""
    return hashlib.sha256(token.encode()).hexdigest()


def verify_password(password_hash, password):
    """Whether the password matches the stored hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def authenticate(email, password, on_refusal=lambda: None):
    """The user whose password this is and who may log in, else None; failures are audited."""
    user = User.get_or_none(User.email == normalise_email(email))
    # Told before the audit write: a refusal still counts when a full disk refuses that write.
    if not verify_password(user.password_hash if user else _DUMMY_HASH, password) or user is None:
        on_refusal()
        record("login.failure", target=user, actor=None)
        return None
    if user.status == "suspended":
        on_refusal()
        record("login.failure", target=user, actor=None, detail="suspended")
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        User.update(password_hash=hash_password(password)).where(User.id == user.id).execute()
    return user


def complete_login(user):
    """Every factor checked: note the time and audit the success."""
    User.update(last_login_at=utcnow()).where(User.id == user.id).execute()
    record("login.success", target=user, actor=user)


def invitable_roles(user):
    """Organizers invite anyone; vetted mentors hand out newcomer referral codes."""
    if user.is_organizer:
        return ("mentor", "organizer", "newcomer")
    if is_active_volunteer(user):
        return ("newcomer",)
    return ()


def create_invitation(creator, role, email=None, label=""):
    """A new invitation and its one-time token (only its hash is stored)."""
    if role not in invitable_roles(creator):
        raise ServiceError(_l("You may not invite someone with this role."))
    token = secrets.token_urlsafe(32)
    invitation = Invitation.create(
        token_hash=hash_token(token),
        role=role,
        email=normalise_email(email) or None,
        label=label,
        created_by=creator,
        expires_at=utcnow() + timedelta(days=current_app.config["INVITATION_DAYS"]),
    )
    record("invitation.created", target=invitation, actor=creator, detail=role)
    return invitation, token


def open_invitation(token, role=None):
    """The invitation behind a token if it can still be used, else None."""
    if not token:
        return None
    invitation = Invitation.get_or_none(Invitation.token_hash == hash_token(token))
    if invitation is None or invitation.state != "open":
        return None
    if role is not None and invitation.role != role:
        return None
    return invitation


def revoke_invitation(invitation, by):
    """Revoke an unused invitation; the creator or any organizer may."""
    if not (by.is_organizer or invitation.created_by_id == by.id):
        raise ServiceError(_l("You may not revoke this invitation."))
    updated = (
        Invitation.update(revoked_at=utcnow())
        .where(
            (Invitation.id == invitation.id)
            & Invitation.used_at.is_null()
            & Invitation.revoked_at.is_null()
        )
        .execute()
    )
    if updated:
        record("invitation.revoked", target=invitation, actor=by)
    return bool(updated)


def consume_invitation(invitation, user):
    """Mark the invitation used by this new account; refused once used, revoked or expired."""
    # The conditional update is what makes a link single-use, even under a race.
    now = utcnow()
    updated = (
        Invitation.update(used_at=now, used_by=user)
        .where(
            (Invitation.id == invitation.id)
            & Invitation.used_at.is_null()
            & Invitation.revoked_at.is_null()
            & (Invitation.expires_at > now)
        )
        .execute()
    )
    if not updated:
        raise ServiceError(_l("This invitation link is no longer valid."))
    record("invitation.used", target=invitation, actor=user)


def volunteer_invitation(token, email):
    """The open volunteer invitation behind a token, for this address; else a refusal."""
    invitation = open_invitation(token)
    if invitation is None or invitation.role == "newcomer":
        raise ServiceError(_l("This invitation link is no longer valid."))
    if invitation.email and normalise_email(email) != invitation.email:
        raise ServiceError(_l("This invitation was made for another email address."))
    return invitation


def referral(code):
    """The open newcomer referral behind a code, None without a code; else a refusal."""
    if not code:
        return None
    invitation = open_invitation(code.strip(), role="newcomer")
    if invitation is None:
        raise ServiceError(_l("This referral code is not valid or has expired."))
    return invitation
