"""A forgotten password: a link, emailed or handed over, that sets a new one.

The link is stored hashed, works once and expires; using it ends every session of the account,
so whoever held the old password is logged out everywhere.
"""
import secrets
from datetime import timedelta

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ..audit.service import record
from ..core.errors import ServiceError
from ..db import write_transaction
from ..links import absolute
from ..models import PasswordReset, User, utcnow
from ..notify.service import link, send_email
from . import sessions
from .service import hash_password, hash_token, normalise_email

# Mail can be read by whoever holds the mailbox: an emailed link lives an hour. A handed-over
# link waits for the person to come to the organizer, so it lives a day.
EMAILED_FOR = timedelta(hours=1)
HANDED_FOR = timedelta(hours=24)
SUBJECT = _l("Passage: choose a new password")
BODY = _l("Someone asked to choose a new password for your Passage account. To choose one, open "
          "this link:\n\n%(link)s\n\nIt works once, within an hour. If you did not ask for it, "
          "ignore this email: your password stays as it is.")
INVALID_LINK = _l("This link has expired or was already used. Please ask for a new one.")


def _issue(user, lifetime):
    # Only the newest link of an account works: asking again voids the ones before.
    token = secrets.token_urlsafe(32)
    now = utcnow()
    with write_transaction():
        PasswordReset.delete().where((PasswordReset.user == user.id)
                                     | (PasswordReset.expires_at <= now)).execute()
        PasswordReset.create(user=user.id, token_hash=hash_token(token),
                             expires_at=now + lifetime)
    return absolute(link("auth.reset_password", token=token))


def request_reset(email):
    """Email a link to the account with this address, if there is one that may log in.

    The caller answers the same either way: the form never tells who has an account.
    """
    user = User.get_or_none(User.email == normalise_email(email))
    if user is None or user.status == "suspended" or user.erased_at is not None:
        return
    url = _issue(user, EMAILED_FOR)
    with force_locale(user.locale or "en"):
        send_email(user.email, str(SUBJECT), str(BODY) % {"link": url})
    record("password.reset_asked", target=user, actor=None)


def hand_over(user, organizer):
    """A link for someone who lost their mailbox, shown once to the organizer who gives it."""
    url = _issue(user, HANDED_FOR)
    record("password.reset_handed", target=user, actor=organizer)
    return url


def open_reset(token):
    """The reset behind a link if it can still be used, else None."""
    if not token:
        return None
    return PasswordReset.get_or_none((PasswordReset.token_hash == hash_token(token))
                                     & (PasswordReset.expires_at > utcnow()))


def reset_password(token, password):
    """Set the new password; the link works once, and every session of the account ends."""
    reset = open_reset(token)
    if reset is None:
        raise ServiceError(INVALID_LINK)
    with write_transaction():
        # Deleting the row is what makes the link single-use, even when two clicks race.
        taken = (PasswordReset.delete()
                 .where((PasswordReset.id == reset.id) & (PasswordReset.expires_at > utcnow()))
                 .execute())
        if not taken:
            raise ServiceError(INVALID_LINK)
        user = User.get_by_id(reset.user_id)
        if user.status == "suspended":
            raise ServiceError(INVALID_LINK)
        User.update(password_hash=hash_password(password)).where(User.id == user.id).execute()
        sessions.end_all(user)
        record("password.reset", target=user, actor=user)
    return user
