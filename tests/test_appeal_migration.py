"""Migration 0035: derived CNDA appeal deadlines go, their "appeal lodged" mark kept on the
procedure, and come back (derived again) when migrating down."""
import datetime

from .factories import day, migrated_over, old_database

ACCOUNTS = [("account", dict(id=i, email=f"{i}@example.test", display_name=str(i),
                             role="newcomer" if i > 1 else "organizer", status="active"))
            for i in range(1, 5)]
OLD_ROWS = [
    *ACCOUNTS,
    # 2: lodged, no procedure file yet; 3: lodged, the procedure already says when;
    # 4: not lodged.
    ("procedure_file", dict(newcomer_id=3, cnda_appealed="2026-11-20",
                            updated_at="2026-11-20 10:00:00")),
    ("procedure_file", dict(newcomer_id=4, updated_at="2026-11-20 10:00:00")),
    *[row for newcomer, done in ((2, True), (3, True), (4, False)) for row in (
        ("deadline", dict(id=newcomer * 10, newcomer_id=newcomer, kind="ofpra_decision",
                          date="2026-11-02", label="", done=False,
                          created_at="2026-11-05 10:00:00")),
        ("deadline", dict(id=newcomer * 10 + 1, newcomer_id=newcomer, kind="cnda_appeal",
                          date="2026-12-03", label="", done=done, source_id=newcomer * 10,
                          created_at="2026-11-05 10:00:00")))],
    ("removed_deadline", dict(id=1, deadline_id=99, newcomer_id=4, kind="ofpra_interview",
                              date="2026-11-01", label="", appeal_done=False,
                              created_at="2026-11-01 10:00:00", removed_by_id=1,
                              removed_at="2026-11-30 10:00:00")),
]


def _columns(database, table, schema):
    return {c.name for c in database.get_columns(table, schema)}


def test_0035_keeps_the_appeal_lodged_on_the_procedure_and_drops_derived_rows(app, tmp_path):
    with old_database(tmp_path, "before_0035") as (database, schema):
        runner = migrated_over(database, schema, OLD_ROWS, "0034_document_kinds",
                               "0035_appeal_from_timeline")
        appealed = database.execute_sql("SELECT newcomer_id, cnda_appealed FROM procedure_file "
                                        "ORDER BY newcomer_id").fetchall()
        # The day the decision was recorded; a day already written stays.
        assert [(n, d and day(d)) for n, d in appealed] == [
            (2, datetime.date(2026, 11, 5)), (3, datetime.date(2026, 11, 20)), (4, None)]
        kinds = database.execute_sql("SELECT newcomer_id, kind FROM deadline "
                                     "ORDER BY newcomer_id").fetchall()
        assert kinds == [(2, "ofpra_decision"), (3, "ofpra_decision"), (4, "ofpra_decision")]
        assert not {"done", "source_id"} & _columns(database, "deadline", schema)
        assert not {"appeal_id", "appeal_done"} & _columns(database, "removed_deadline", schema)
        assert database.execute_sql("SELECT COUNT(*) FROM removed_deadline").fetchone()[0] == 1
        runner.down(target="0034_document_kinds")
        back = database.execute_sql("SELECT newcomer_id, date, done, source_id FROM deadline "
                                    "WHERE kind = 'cnda_appeal' ORDER BY newcomer_id").fetchall()
        assert [(n, day(d), bool(done), source) for n, d, done, source in back] == [
            (2, datetime.date(2026, 12, 3), True, 20), (3, datetime.date(2026, 12, 3), True, 30),
            (4, datetime.date(2026, 12, 3), False, 40)]
        assert {"appeal_id", "appeal_done"} <= _columns(database, "removed_deadline", schema)
