"""Consistent backups while the app runs, and restoring them; rotating the encryption key."""
import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

import click
from cryptography.fernet import Fernet
from flask import current_app
from flask.cli import with_appcontext
from peewee import PostgresqlDatabase, SqliteDatabase

from . import crypto
from .auth import sessions
from .crypto import EncryptedTextField
from .db import connection, db, upgrade
from .models import MODELS


def backup(target):
    """Write a consistent snapshot of the database to `target`."""
    database = db.obj
    if isinstance(database, SqliteDatabase):
        # SQLite's online backup API copies a consistent state while writers keep going.
        source = sqlite3.connect(database.database, timeout=30)
        try:
            with sqlite3.connect(target) as out:
                source.backup(out)
        finally:
            source.close()
        return
    if isinstance(database, PostgresqlDatabase):
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target),
                        current_app.config["DATABASE_URL"]], check=True)
        return
    raise click.UsageError("backups are supported for SQLite and PostgreSQL only")


def restore(source):
    """Replace the database's content with a snapshot made by `backup`; every session ends."""
    database = db.obj
    if isinstance(database, SqliteDatabase):
        db.close()
        path = Path(database.database)
        with sqlite3.connect(source) as snapshot, sqlite3.connect(path, timeout=30) as live:
            snapshot.backup(live)
    elif isinstance(database, PostgresqlDatabase):
        db.close()
        subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner",
                        "--single-transaction", "--dbname", current_app.config["DATABASE_URL"],
                        str(source)], check=True)
    else:
        raise click.UsageError("restoring is supported for SQLite and PostgreSQL only")
    # A snapshot older than the code is brought up to it: the app does not migrate at start.
    # The snapshot's sessions include some ended since: a copied cookie must not come back.
    with connection():
        upgrade()
        sessions.end_every_session()


def reencrypt():
    """Re-encrypt every encrypted value under the newest key; returns how many were rewritten."""
    count = 0
    for model in MODELS:
        fields = [f for f in model._meta.sorted_fields if isinstance(f, EncryptedTextField)]
        for field in fields:
            raw = model.select(model.id, field.column.alias("token")).where(field != "").tuples()
            with db.atomic():
                for row_id, token in raw:
                    model.update({field: crypto.Ciphertext(crypto.rotate(token))}).where(
                        model.id == row_id).execute()
                    count += 1
    return count


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def backup_command(path):
    """Write a consistent snapshot of the database to PATH (the app may keep running)."""
    with connection():
        backup(path)
    click.echo(f"Backup written to {path}")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(path, yes):
    """Replace the database with the snapshot at PATH (stop the app and the scheduler first)."""
    if not yes:
        click.confirm("This replaces every row of the current database. Continue?", abort=True)
    restore(path)
    click.echo(f"Database restored from {path}")


@click.command("rotate-key")
@with_appcontext
def rotate_key_command():
    """Re-encrypt every sensitive field with a new key."""
    if os.environ.get("PASSAGE_ENCRYPTION_KEYS"):
        with connection():
            count = reencrypt()
        click.echo(f"Re-encrypted {count} values with the first key of PASSAGE_ENCRYPTION_KEYS; "
                   "the older keys can now be removed from it.")
        return
    path = Path(current_app.instance_path) / "encryption.key"
    old = crypto.load_keys(current_app.instance_path)
    new = Fernet.generate_key().decode()
    _write_keys(path, [new, *old])
    crypto.init_app(current_app)
    with connection():
        count = reencrypt()
    _write_keys(path, [new])
    crypto.init_app(current_app)
    click.echo(f"Re-encrypted {count} values with a new key written to {path}.")


def _write_keys(path, keys):
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".encryption.key.")
    with os.fdopen(fd, "w") as fh:
        fh.write("\n".join(keys))
    os.chmod(tmp, 0o600)
    shutil.move(tmp, path)


commands = [backup_command, restore_command, rotate_key_command]
