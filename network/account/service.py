"""Changing one's own password and language."""
from flask_babel import lazy_gettext as _l

from ..audit.service import record
from ..auth.service import ServiceError, hash_password, verify_password
from ..models import User


def change_password(user, current, new):
    """Set a new password; every other session of this user ends."""
    if not verify_password(user.password_hash, current):
        raise ServiceError(_l("The current password is wrong."))
    User.update(password_hash=hash_password(new),
                session_version=User.session_version + 1).where(User.id == user.id).execute()
    record("user.password_changed", target=user, actor=user)
    return User.get_by_id(user.id)


def set_locale(user, locale):
    """Remember the person's language."""
    User.update(locale=locale).where(User.id == user.id).execute()


def set_email_kinds(user, wanted, every_kind):
    """Remember which kinds of notification this person wants by email."""
    off = [kind for kind in every_kind if kind not in wanted]
    User.update(email_off=",".join(off)).where(User.id == user.id).execute()


def end_all_sessions(user):
    """Every session of this person ends at its next request."""
    User.update(session_version=User.session_version + 1).where(User.id == user.id).execute()
    record("user.sessions_ended", target=user, actor=user)
