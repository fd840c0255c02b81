"""Login sessions in the database: a cookie names one by a random key, stored here only hashed.

Ending a session deletes its row, so a copied cookie is worthless on every worker at once. A
session never names its account by a row id, which a restored backup could hand to someone else.
"""
import hashlib
import json
import secrets
from datetime import datetime, timedelta

from flask import current_app

from ..compiled import Compiled
from ..db import write_transaction
from ..models import LoginSession, User, utcnow

# The password step waits this long for the second factor.
SECOND_FACTOR_SECONDS = 300


def _hash(key):
    return hashlib.sha256(key.encode()).hexdigest()


def start(user, second_factor_due=False):
    """Open a session for the user and return its key, which only the cookie keeps."""
    key = secrets.token_urlsafe(32)
    row = LoginSession.create(key_hash=_hash(key), user=user.id,
                              second_factor_due=second_factor_due)
    user.session_key, user.login_session_id = key, row.id
    return key


def _by_key(second_factor_due):
    # Every request loads its user: the SQL is written once. Stand-ins: the key's hash, the
    # oldest start allowed.
    return Compiled(lambda key_hash, since: (
        User.select(User, LoginSession.id.alias("login_session_id"))
        .join(LoginSession, on=(LoginSession.user == User.id))
        .where((LoginSession.key_hash == key_hash) & (LoginSession.created_at > since)
               & (LoginSession.second_factor_due == second_factor_due))),
        "\0key-hash", datetime(1, 1, 1, 0, 0, 0, 1))


BY_KEY = {due: _by_key(due) for due in (False, True)}


def _user(key, second_factor_due, since):
    if not key:
        return None
    sql, params = BY_KEY[second_factor_due].sql(_hash(key), since)
    user = next(iter(User.raw(sql, *params)), None)
    if user is None or user.status == "suspended":
        return None
    user.session_key = key
    return user


def _lifetime():
    config = current_app.config
    return timedelta(hours=max(config["SESSION_HOURS"], config["SESSION_HOURS_ORGANIZER"]))


def load(key):
    """The user logged in with this key, in one query, else None."""
    return _user(key, False, utcnow() - _lifetime())


def pending(key):
    """The user whose password step this key records, while the second factor may follow."""
    return _user(key, True, utcnow() - timedelta(seconds=SECOND_FACTOR_SECONDS))


def end(key):
    """End one session: its cookie, wherever it was copied, opens nothing any more.

    Returns whether it was still open, so two requests racing to end it cannot both go on.
    """
    if not key:
        return False
    return bool(LoginSession.delete().where(LoginSession.key_hash == _hash(key)).execute())


def end_all(user):
    """End every session of this user, on every device."""
    LoginSession.delete().where(LoginSession.user == user.id).execute()


def end_every_session():
    """End everyone's session (after a restore, the rows are those of another moment)."""
    if LoginSession.table_exists():
        LoginSession.delete().execute()


def remove_expired(now):
    """Delete sessions past the longest absolute limit and password steps left unfinished."""
    return (LoginSession.delete()
            .where((LoginSession.created_at <= now - _lifetime())
                   | (LoginSession.second_factor_due
                      & (LoginSession.created_at <= now - timedelta(
                          seconds=SECOND_FACTOR_SECONDS))))
            .execute())



def _filters_of(session_id):
    row = (LoginSession.select(LoginSession.list_filters)
           .where(LoginSession.id == session_id).get_or_none())
    return json.loads(row.list_filters) if row is not None and row.list_filters else {}


def kept_filters(user, name):
    """The filters this login session keeps for the list `name`, as typed; {} when none."""
    return _filters_of(getattr(user, "login_session_id", None)).get(name, {})


def keep_filters(user, name, values):
    """Keep the filters of the list `name` on this login session: they end with it, and never
    travel in a URL."""
    session_id = getattr(user, "login_session_id", None)
    with write_transaction():
        kept = _filters_of(session_id)
        kept[name] = {field: value for field, value in values.items() if value}
        (LoginSession.update(list_filters=json.dumps(kept, ensure_ascii=False))
         .where(LoginSession.id == session_id).execute())
