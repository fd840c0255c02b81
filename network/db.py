"""The database: one proxy, a connection per request, versioned migrations."""
import contextlib
import fcntl
import os
import sqlite3
import zlib
from pathlib import Path

from peewee import DatabaseProxy, Model, PostgresqlDatabase, SqliteDatabase
from playhouse.db_url import connect as connect_url
from playhouse.migrations import Runner
from playhouse.pool import PooledSqliteDatabase
from psycopg2 import errorcodes

db = DatabaseProxy()

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10000,
    "synchronous": "normal",
}


class BaseModel(Model):
    """Every table lives in the one database behind the proxy."""

    class Meta:
        database = db
        legacy_table_names = False


def make_database(url):
    """Open a peewee database for a URL; SQLite gets WAL, foreign keys, a busy timeout and a pool.

    Pooled connections keep their pragmas: a request does not pay for connecting again. A
    connection serves one thread at a time, though not always the thread that opened it.
    """
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _private_file(path)
        return PooledSqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, timeout=10,
                                    max_connections=64, stale_timeout=600,
                                    check_same_thread=False)
    return connect_url(url)


def _private_file(path):
    """The SQLite file readable by its owner only; SQLite gives its -wal and -shm the same mode."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if name.exists() and os.stat(name).st_mode & 0o077:
            os.chmod(name, 0o600)


def init_app(app):
    """Bind the proxy to the configured database and open a connection per request."""
    db.initialize(make_database(app.config["DATABASE_URL"]))
    # No connection before it is needed: peewee opens one at the first query of a request.
    app.teardown_appcontext(_close)


def _close(exc):
    if not db.is_closed():
        db.close()


@contextlib.contextmanager
def connection():
    """A connection for work outside a request (CLI, jobs), closed afterwards if we opened it."""
    opened = db.connect(reuse_if_open=True)
    try:
        yield db
    finally:
        if opened and not db.is_closed():
            db.close()


def disk_full(error):
    """The driver's "disk full" behind a database error, or None when it is something else."""
    # SQLite rolls a transaction back itself on SQLITE_FULL: what reaches us is then the
    # failed rollback, raised while handling the full disk.
    while error is not None:
        driver = getattr(error, "orig", error)  # peewee keeps the driver's own exception
        if (getattr(driver, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
                or getattr(driver, "pgcode", None) == errorcodes.DISK_FULL):
            return driver
        error = error.__context__
    return None


def write_transaction():
    """A transaction that takes the write lock up front, so SQLite never fails a lock upgrade."""
    if isinstance(db.obj, SqliteDatabase):
        return db.atomic("IMMEDIATE")
    return db.atomic()


@contextlib.contextmanager
def _migration_lock():
    # Several web workers may start at once: only one may migrate at a time.
    database = db.obj
    if isinstance(database, PostgresqlDatabase):
        key = zlib.crc32(b"passage-migrations")
        database.execute_sql("SELECT pg_advisory_lock(%s)", (key,))
        try:
            yield
        finally:
            database.execute_sql("SELECT pg_advisory_unlock(%s)", (key,))
    elif isinstance(database, SqliteDatabase):
        with open(f"{database.database}.migrate-lock", "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            yield
    else:
        yield


def upgrade():
    """Apply the migrations not yet applied; returns their names."""
    with _migration_lock():
        applied = Runner(db.obj, str(MIGRATIONS)).up()
        if applied:
            refresh_statistics()
        return applied


def refresh_statistics():
    """Tell the query planner how big the tables and indexes are now.

    Without statistics SQLite guesses, and on the large network it read every scheduled
    check-in to find one mentor's six. Run after migrations, bulk loads and once a day.
    """
    db.execute_sql("ANALYZE")
