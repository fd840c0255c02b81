"""Migration 0031: the interview and decision the procedure form held become procedure dates."""
import datetime

from .factories import day, migrated_over, old_database

OLD_ROWS = [
    ("account", dict(id=1, email="o@example.test", display_name="O", role="organizer",
                     status="active")),
    ("account", dict(id=2, email="n@example.test", display_name="N", role="newcomer",
                     status="active")),
    ("account", dict(id=3, email="p@example.test", display_name="P", role="newcomer",
                     status="active")),
    ("procedure_file", dict(id=1, newcomer_id=2, registered="2026-06-01",
                            interview="2026-10-02", decision_notified="2026-11-30",
                            updated_by_id=1, updated_at="2026-11-30 10:00:00")),
    # Already typed as a procedure date: that one is kept, the form's copy dropped.
    ("procedure_file", dict(id=2, newcomer_id=3, decision_notified="2026-11-02",
                            updated_at="2026-11-30 10:00:00")),
    ("deadline", dict(id=7, newcomer_id=3, kind="ofpra_decision", date="2026-11-03", label="",
                      done=False, created_at="2026-11-03 10:00:00")),
]


def test_0031_moves_the_interview_and_decision_to_procedure_dates(app, tmp_path):
    with old_database(tmp_path, "before_0031") as (database, schema):
        runner = migrated_over(database, schema, OLD_ROWS, "0030_matching_version",
                               "0031_procedure_steps")
        rows = database.execute_sql("SELECT newcomer_id, kind, date, created_by_id, id, source_id "
                                    "FROM deadline ORDER BY newcomer_id, kind").fetchall()
        dated = [(newcomer, kind, day(on), by) for newcomer, kind, on, by, _, _ in rows]
        assert dated == [
            (2, "cnda_appeal", datetime.date(2026, 12, 31), 1),
            (2, "ofpra_decision", datetime.date(2026, 11, 30), 1),
            (2, "ofpra_interview", datetime.date(2026, 10, 2), 1),
            (3, "ofpra_decision", datetime.date(2026, 11, 3), None)]
        appeal, decision = rows[0], rows[1]
        assert appeal[5] == decision[4]  # the appeal deadline follows its decision
        columns = {c.name for c in database.get_columns("procedure_file", schema)}
        assert "interview" not in columns and "decision_notified" not in columns
        assert {"spada", "attestation_expires", "cnda_appealed", "protection"} <= columns
        runner.down(target="0030_matching_version")
        back = database.execute_sql("SELECT newcomer_id, interview, decision_notified "
                                    "FROM procedure_file ORDER BY newcomer_id").fetchall()
        assert [(n, i and day(i), d and day(d)) for n, i, d in back] == [
            (2, datetime.date(2026, 10, 2), datetime.date(2026, 11, 30)),
            (3, None, datetime.date(2026, 11, 3))]
