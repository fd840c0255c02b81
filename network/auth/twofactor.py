"""TOTP second factor: enrolment, verification without replay, and recovery codes."""
import hashlib
import secrets
import time

import pyotp
import segno

from ..audit.service import record
from ..db import write_transaction
from ..models import LoginSession, RecoveryCode, User, utcnow

ISSUER = "Passage"
RECOVERY_CODES = 10
PERIOD = 30


def new_secret():
    """A fresh base32 secret."""
    return pyotp.random_base32()


def setup_secret(user):
    """The secret this login session sets up: made once, kept encrypted on the session's row.

    Never in the cookie, which is signed but readable by whoever holds it.
    """
    this_session = LoginSession.id == user.login_session_id
    # Conditional, so two tabs opening the page at once show the same secret.
    (LoginSession.update(totp_setup=new_secret())
     .where(this_session & (LoginSession.totp_setup == "")).execute())
    return secret_in_setup(user)


def secret_in_setup(user):
    """The secret this login session is setting up, or "" when none is."""
    row = LoginSession.get_or_none(LoginSession.id == user.login_session_id)
    return row.totp_setup if row else ""


def qr_svg(user, secret):
    """The enrolment QR code as inline SVG, drawn here: nothing leaves for a third party."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    return segno.make(uri, error="m").svg_inline(scale=4, dark="#000", light="#fff",
                                                 title="QR")


def _matching_step(secret, code, at=None):
    """The time step the code belongs to (within one step of now), or None."""
    code = "".join(ch for ch in code or "" if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now = int(at if at is not None else time.time())
    for drift in (0, -1, 1):
        moment = now + drift * PERIOD
        if secrets.compare_digest(totp.at(moment), code):
            return moment // PERIOD
    return None


def verify(user, code, at=None):
    """Accept a current code once: the same code (or an older one) is refused afterwards."""
    step = _matching_step(user.totp_secret, code, at)
    if step is None:
        return False
    # A conditional update, so two requests racing with one code cannot both pass.
    return bool(User.update(totp_last_step=step)
                .where((User.id == user.id) & (User.totp_last_step < step)).execute())


def enrol(user, secret, code):
    """Store the secret once a code from it checks out; returns the recovery codes to show once."""
    step = _matching_step(secret, code)
    if step is None:
        return None
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    with write_transaction():
        User.update(totp_secret=secret, totp_last_step=step).where(User.id == user.id).execute()
        LoginSession.update(totp_setup="").where(LoginSession.user == user.id).execute()
        RecoveryCode.delete().where(RecoveryCode.user == user.id).execute()
        RecoveryCode.insert_many([dict(user=user.id, code_hash=_hash(c)) for c in codes]).execute()
        record("user.2fa_enrolled", target=user, actor=user)
    return codes


def required(user):
    """Organizers keep a second factor: they may not turn it off."""
    return user.role == "organizer"


def disable(user):
    """Remove the second factor (not allowed where it is `required`: the view checks)."""
    with write_transaction():
        User.update(totp_secret="", totp_last_step=0).where(User.id == user.id).execute()
        RecoveryCode.delete().where(RecoveryCode.user == user.id).execute()
        record("user.2fa_disabled", target=user, actor=user)


def use_recovery_code(user, code):
    """Spend one recovery code; each works once."""
    used = (RecoveryCode.update(used_at=utcnow())
            .where((RecoveryCode.user == user.id) & RecoveryCode.used_at.is_null()
                   & (RecoveryCode.code_hash == _hash(code)))
            .execute())
    if used:
        record("user.recovery_code_used", target=user, actor=user)
    return bool(used)


def _hash(code):
    return hashlib.sha256(code.strip().lower().encode()).hexdigest()


def set_secret(user, secret):
    """Enrol with a known secret (the demo and outside checks need a predictable one)."""
    User.update(totp_secret=secret, totp_last_step=0).where(User.id == user.id).execute()
