"""Backups under concurrent writes, restoring them, and rotating the encryption key."""
import sqlite3
import threading

import pytest

from network.db import db
from network.models import MODELS, NewcomerProfile, User

from .conftest import TEST_DATABASE_URL
from .factories import make_newcomer


def test_backup_while_writing_then_restore_loses_nothing(app, runner, tmp_path):
    for _ in range(20):
        make_newcomer()
    committed_before = {u.id for u in User.select(User.id)}
    stop = threading.Event()
    written = []

    def writer():
        while not stop.is_set():
            with db.atomic():
                written.append(make_newcomer().id)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        result = runner.invoke(args=["backup", str(tmp_path / "snap.db")])
    finally:
        stop.set()
        thread.join()
    assert result.exit_code == 0, result.output
    at_end = {u.id for u in User.select(User.id)}
    assert at_end == committed_before | set(written)
    User.delete().execute()
    assert User.select().count() == 0
    restored = runner.invoke(args=["restore", str(tmp_path / "snap.db"), "--yes"])
    assert restored.exit_code == 0, restored.output
    after = {u.id for u in User.select(User.id)}
    # Everything committed before the backup began is back, nothing that never existed, and
    # every account has its profile: the snapshot is one consistent moment.
    assert committed_before <= after <= at_end
    assert NewcomerProfile.select().count() == len(after)


@pytest.mark.skipif(TEST_DATABASE_URL is not None, reason="an empty SQLite snapshot")
def test_a_snapshot_older_than_the_code_is_brought_up_to_it(app, runner, tmp_path):
    sqlite3.connect(tmp_path / "before-every-migration.db").close()
    restored = runner.invoke(args=["restore", str(tmp_path / "before-every-migration.db"),
                                   "--yes"])
    assert restored.exit_code == 0, restored.output
    with app.app_context():
        assert set(db.get_tables()) >= {m._meta.table_name for m in MODELS}
        assert User.select().count() == 0


def test_rotate_key_reencrypts_and_old_ciphertext_is_gone(app, runner, newcomer):
    (NewcomerProfile.update(contact="@secret_handle")
     .where(NewcomerProfile.user == newcomer).execute())
    before = db.execute_sql("SELECT contact FROM newcomer_profile").fetchone()[0]
    result = runner.invoke(args=["rotate-key"])
    assert result.exit_code == 0, result.output
    after = db.execute_sql("SELECT contact FROM newcomer_profile").fetchone()[0]
    assert after != before and "@secret_handle" not in after
    assert NewcomerProfile.get(NewcomerProfile.user == newcomer).contact == "@secret_handle"
    key_file = (app.instance_path + "/encryption.key")
    assert len(open(key_file).read().split()) == 1


@pytest.mark.skipif(TEST_DATABASE_URL is not None, reason="reads the SQLite file itself")
def test_a_seized_database_file_shows_no_sensitive_value(app, newcomer):
    secrets_ = ["@alexei_safe_handle", "Ищут по линии военкомата адрес", "Sans papiers, caché"]
    NewcomerProfile.update(contact=secrets_[0], notes=secrets_[2]).where(
        NewcomerProfile.user == newcomer).execute()
    from network.models import Offer

    from .factories import make_mentor
    Offer.create(volunteer=make_mentor(), kind="housing", address=secrets_[1])
    db.execute_sql("PRAGMA wal_checkpoint(FULL)")
    raw = open(db.obj.database, "rb").read()
    for secret in secrets_:
        assert secret.encode() not in raw
