"""The procedure records the date of every step; the interview and the decision it held are
typed once, as procedure dates (with the CNDA appeal deadline a decision opens), and read from
there."""
from datetime import date, datetime, timedelta, timezone

import holidays
from dateutil.relativedelta import relativedelta
from peewee import DateField

ADDED = ("spada", "attestation_expires", "ofii_offer", "domiciliation", "cnda_appealed",
         "cnda_decided", "protection", "residence_permit")
MOVED = (("interview", "ofpra_interview"), ("decision_notified", "ofpra_decision"))


def _appeal(notified):
    """The CNDA appeal deadline as counted when this migration was written: a month from the day
    after the decision, plus that day, moved to the next working day."""
    day = notified + relativedelta(months=1) + timedelta(days=1)
    while day.weekday() >= 5 or day in holidays.France(years=day.year):
        day += timedelta(days=1)
    return day


def _insert(db, newcomer, kind, day, by, source=None):
    db.execute_sql(
        "INSERT INTO deadline (newcomer_id, kind, date, label, done, source_id, created_by_id, "
        f"created_at) VALUES ({', '.join([db.param] * 8)})",
        (newcomer, kind, day, "", False, source, by, datetime.now(timezone.utc).replace(tzinfo=None)))
    return db.execute_sql(
        f"SELECT MAX(id) FROM deadline WHERE newcomer_id = {db.param} AND kind = {db.param}",
        (newcomer, kind)).fetchone()[0]


def _move(db, column, kind):
    rows = db.execute_sql(
        f"SELECT newcomer_id, {column}, updated_by_id FROM procedure_file "
        f"WHERE {column} IS NOT NULL").fetchall()
    for newcomer, day, by in rows:
        day = date.fromisoformat(day) if isinstance(day, str) else day
        if db.execute_sql(f"SELECT 1 FROM deadline WHERE newcomer_id = {db.param} "
                          f"AND kind = {db.param}", (newcomer, kind)).fetchone():
            continue
        typed = _insert(db, newcomer, kind, day, by)
        if kind == "ofpra_decision":
            _insert(db, newcomer, "cnda_appeal", _appeal(day), by, typed)


def up(migrator, db):
    migrator.migrate(*(migrator.add_column("procedure_file", column, DateField(null=True))
                       for column in ADDED))
    for column, kind in MOVED:
        _move(db, column, kind)
    migrator.migrate(*(migrator.drop_column("procedure_file", column) for column, _ in MOVED))


def down(migrator, db):
    migrator.migrate(*(migrator.add_column("procedure_file", column, DateField(null=True))
                       for column, _ in MOVED))
    for column, kind in MOVED:
        db.execute_sql(
            f"UPDATE procedure_file SET {column} = (SELECT MAX(date) FROM deadline "
            f"WHERE deadline.newcomer_id = procedure_file.newcomer_id AND kind = '{kind}')")
    migrator.migrate(*(migrator.drop_column("procedure_file", column) for column in ADDED))
