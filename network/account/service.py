"""Changing one's own password and language."""
from flask_babel import lazy_gettext as _l

from ..audit.service import record
from ..auth import sessions
from ..auth.service import hash_password, verify_password
from ..core.errors import ServiceError
from ..db import write_transaction
from ..models import User


def change_password(user, current, new):
    """Set a new password; every session of this user ends, the caller starts a fresh one."""
    if not verify_password(user.password_hash, current):
        raise ServiceError(_l("The current password is wrong."))
    with write_transaction():
        User.update(password_hash=hash_password(new)).where(User.id == user.id).execute()
        sessions.end_all(user)
        record("user.password_changed", target=user, actor=user)
    return User.get_by_id(user.id)


def set_locale(user, locale):
    """Remember the person's language."""
    User.update(locale=locale).where(User.id == user.id).execute()


def receives(user, kind):
    """Whether notifications of this kind ever reach the person: the digest is organizers' own."""
    return kind != "digest" or user.role == "organizer"


def set_email_kinds(user, wanted, every_kind):
    """Remember which kinds of notification this person wants by email."""
    off = [kind for kind in every_kind if kind not in wanted]
    User.update(email_off=off).where(User.id == user.id).execute()


def end_all_sessions(user):
    """Every session of this person ends at its next request."""
    sessions.end_all(user)
    record("user.sessions_ended", target=user, actor=user)
