"""Factories for users, profiles, requests, offers and matches; passwords hashed once a value."""
import contextlib
import functools
import itertools
import os
import re
import sqlite3
from datetime import date, datetime
from urllib.parse import urlsplit

import peewee
from playhouse.migrations import Runner

from network.auth.service import hash_password
from network.conversations.service import open_for_match
from network.db import MIGRATIONS, connection, db, make_database, upgrade
from network.models import (
    Conversation,
    HelpRequest,
    Match,
    NewcomerProfile,
    Offer,
    OutboxEmail,
    User,
    VolunteerProfile,
    utcnow,
)
from network.places.fields import place_columns

PASSWORD = "correct horse battery"
# Organizers must have a second factor: every test organizer is enrolled with this secret.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
_numbers = itertools.count(1)


def migrate(app):
    """Apply every migration to the app's database, as `flask upgrade` does."""
    with app.app_context(), connection():
        upgrade()


@functools.lru_cache
def password_hash(password):
    """Argon2 is slow on purpose: hash each test password once."""
    return hash_password(password)


def make_user(role="mentor", status="active", email=None, name=None, password=PASSWORD, **extra):
    """A user with a profile that fits the role."""
    n = next(_numbers)
    user = User.create(
        email=email or f"{role}{n}@example.test",
        display_name=name or f"{role.title()} {n}",
        password_hash=password_hash(password),
        role=role,
        status=status,
        **extra,
    )
    # Each side can be reached: a match is never accepted otherwise.
    if role == "newcomer":
        NewcomerProfile.create(user=user, **place("Paris"), languages="ru", needs="mentor",
                               contact_channel="telegram", contact=f"@newcomer_{n}")
    else:
        VolunteerProfile.create(user=user, **place("Paris"), languages="fr,ru",
                                contact_channel="phone", contact=f"+33 6 12 34 56 {n % 100:02d}")
    return user


def make_organizer(**kw):
    kw.setdefault("totp_secret", TOTP_SECRET)
    return make_user(role="organizer", **kw)


def make_mentor(**kw):
    return make_user(role="mentor", **kw)


def make_newcomer(**kw):
    return make_user(role="newcomer", **kw)


WRITES = ("INSERT", "UPDATE", "DELETE")
# PostgreSQL's own answer when it cannot extend a table's file: SQLSTATE 53100, DiskFull.
POSTGRES_DISK_FULL = ("DO $$ BEGIN RAISE EXCEPTION 'could not extend file \"base/1/1\": No space "
                      "left on device' USING ERRCODE = 'disk_full'; END $$")


def _sqlite_disk_full():
    # SQLite's own SQLITE_FULL, from a scratch database allowed a single page.
    scratch = sqlite3.connect(":memory:")
    scratch.execute("PRAGMA max_page_count = 1")
    try:
        scratch.execute("CREATE TABLE filler (x)")
    except sqlite3.OperationalError as exc:
        return exc
    finally:
        scratch.close()
    raise AssertionError("a one-page SQLite database accepted a table")


def fill_disk(monkeypatch):
    """From now on every write fails as on a full disk, with the driver's own error; reads work."""
    database = db.obj
    execute = database.execute_sql

    def execute_sql(sql, params=None):
        if not sql.lstrip().upper().startswith(WRITES):
            return execute(sql, params)
        if isinstance(database, peewee.PostgresqlDatabase):
            return execute(POSTGRES_DISK_FULL)
        connection = database.connection()
        if connection.in_transaction:
            # SQLite rolls the transaction back itself when the disk is full.
            connection.execute("ROLLBACK")
        with peewee.__exception_wrapper__:
            raise _sqlite_disk_full()

    monkeypatch.setattr(database, "execute_sql", execute_sql)
def place(name):
    """The place columns (name, commune code, département) of the commune named."""
    return place_columns(name)


def make_offer(volunteer, kind="mentor", **fields):
    """An active offer of one place in Paris (or the commune `city` names), with what its kind
    needs."""
    defaults = {"capacity": 1, **place(fields.pop("city", "Paris"))}
    if kind == "housing":
        defaults.update(beds=2, available_from=date(2026, 1, 1), available_until=date(2027, 12, 31))
    if kind == "language":
        defaults.update(teaches="fr", levels="a0,a1,a2")
    return Offer.create(volunteer=volunteer, kind=kind, **{**defaults, **fields})


def make_request(newcomer, kind="mentor", **fields):
    """An open request, with what its kind needs."""
    defaults = {}
    if kind == "housing":
        defaults.update(start=date(2026, 12, 1), nights=7)
    if kind == "language":
        defaults.update(wants="fr", level="a1")
    return HelpRequest.create(newcomer=newcomer, kind=kind, **{**defaults, **fields})


def make_match(volunteer, newcomer, kind="mentor", status="active", **fields):
    """A match between them in this status, answered unless proposed; request and offer follow."""
    fields.setdefault("responded_at", None if status == "proposed" else utcnow())
    request_status = {"proposed": "proposed", "active": "matched"}.get(status, "open")
    request = make_request(newcomer, kind=kind, status=request_status)
    offer = make_offer(volunteer, kind=kind, used=1 if status in ("proposed", "active") else 0)
    return Match.create(request=request, offer=offer, newcomer=newcomer, volunteer=volunteer,
                        kind=kind, status=status, **fields)


def emails_to(address):
    """The outbox's emails to an address, newest first (it is encrypted: read, not queried)."""
    return [email for email in OutboxEmail.select().order_by(OutboxEmail.id.desc())
            if email.to_address == address]


def emailed_link(address):
    """The path of the newest link emailed to an address: what its owner would click."""
    email = emails_to(address)[0]
    return urlsplit(re.search(r"https?://\S+", email.body).group()).path


def follow_signup_link(client, address):
    """Open the sign-up link emailed to this address and press its button."""
    path = emailed_link(address)
    assert client.get(path).status_code == 200
    return client.post(path)


def make_conversation(volunteer, newcomer, kind="mentor"):
    """An active match between them and its open conversation."""
    match = make_match(volunteer, newcomer, kind=kind)
    open_for_match(match)
    return Conversation.get(Conversation.match == match.id)


@contextlib.contextmanager
def old_database(tmp_path, schema):
    """An empty database to migrate by hand: a SQLite file, or a PostgreSQL schema of its own."""
    test_url = os.environ.get("TEST_DATABASE_URL")
    if not test_url:
        database = make_database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
        try:
            yield database, None
        finally:
            database.close_all()
        return
    url = urlsplit(test_url)
    database = peewee.PostgresqlDatabase(
        url.path.lstrip("/"), user=url.username, host=url.hostname, port=url.port,
        password=url.password, options=f"-c search_path={schema}")
    database.execute_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    database.execute_sql(f"CREATE SCHEMA {schema}")
    try:
        yield database, schema
    finally:
        database.execute_sql(f"DROP SCHEMA {schema} CASCADE")
        database.close()


def migrated_over(database, schema, rows, before, after=None):
    """The runner of a database brought to migration `before`, given these rows as that version
    wrote them, then brought to `after` (the newest when None)."""
    runner = Runner(database, str(MIGRATIONS), schema=schema)
    runner.up(target=before)
    for table, values in rows:
        insert_row(database, table, values, schema)
    runner.up(target=after)
    return runner


def day(value):
    """A date read back from either database (SQLite gives text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def insert_row(database, table, values, schema):
    """A row written as an old version would, every other required column filled."""
    values = dict(values)
    for column in database.get_columns(table, schema):
        if column.name not in values and not column.null and not column.primary_key:
            values[column.name] = _filler(column.data_type)
    names = ", ".join(f'"{name}"' for name in values)
    marks = ", ".join([database.param] * len(values))
    database.execute_sql(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', list(values.values()))


def _filler(data_type):
    """A value for a column the old row must fill (peewee's defaults live in Python only)."""
    kind = data_type.lower()
    if "timestamp" in kind or "datetime" in kind:
        return datetime(2026, 11, 1, 12, 0)
    if kind == "date":
        return date(2026, 12, 20)
    if "bool" in kind:
        return False
    if any(number in kind for number in ("int", "real", "double", "numeric")):
        return 1
    return ""


def filtered(client, path, **values):
    """A list after its filter form posted these values: kept on the session, never in a URL."""
    return client.post(path, data=values, follow_redirects=True)
