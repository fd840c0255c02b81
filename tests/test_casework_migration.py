"""Migration 0033: the notes written so far become a case's first entry, still encrypted."""
from playhouse.migrations import Runner

from network import crypto
from network.db import MIGRATIONS

from .factories import insert_row, old_database


def test_0033_keeps_the_notes_written_so_far_as_one_encrypted_entry(app, tmp_path):
    with app.app_context():
        token = crypto.encrypt("2026-11-20 14:05 · Olga\nAppelé le mentor")
    rows = [
        ("account", dict(id=1, email="n@example.test", display_name="N", role="newcomer",
                         status="active")),
        ("case_item", dict(id=1, kind="talk", newcomer_id=1, status="open", notes=token)),
        ("case_item", dict(id=2, kind="talk", newcomer_id=1, status="open", notes="")),
    ]
    with old_database(tmp_path, "before_0033") as (database, schema):
        runner = Runner(database, str(MIGRATIONS), schema=schema)
        runner.up(target="0030_matching_version")
        for table, values in rows:
            insert_row(database, table, values, schema)
        runner.up()
        entries = database.execute_sql(
            "SELECT case_id, kind, author_id, body FROM case_entry").fetchall()
        assert entries == [(1, "note", None, token)]
        assert "notes" not in {c.name for c in database.get_columns("case_item", schema)}
        assert {"interview_on"} <= {c.name for c in database.get_columns("vetting_record",
                                                                           schema)}
