"""The CNDA appeal deadline is the procedure timeline's alone, which counts the legal aid that
stops its month: the appeal deadlines an OFPRA decision derived as procedure dates go, their
"appeal lodged" mark kept as the procedure's day the appeal was lodged, and the columns that only
served them go too."""
from datetime import date, datetime, timedelta, timezone

import holidays
from dateutil.relativedelta import relativedelta
from peewee import BooleanField, ForeignKeyField, IntegerField, Model
from playhouse.migrate import SqliteMigrator

DROPPED = (("deadline", "source_id"), ("deadline", "done"), ("removed_deadline", "appeal_id"),
           ("removed_deadline", "appeal_done"))


def _day(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _lodged(db):
    """{newcomer: day} of the appeals marked lodged on a derived deadline only."""
    rows = db.execute_sql(
        "SELECT a.newcomer_id, a.created_at, d.date FROM deadline a "
        "LEFT JOIN deadline d ON d.id = a.source_id "
        "WHERE a.kind = 'cnda_appeal' AND a.done").fetchall()
    lodged = {}
    for newcomer, created, decided in rows:
        # The mark says the appeal is in, not when: the day the decision was recorded is the
        # earliest it can have been lodged, and being earliest it never makes a lodged appeal
        # late (the migration's own day could fall after the deadline). Never before the
        # decision, which the procedure form requires.
        day = max(_day(created), _day(decided)) if decided else _day(created)
        lodged[newcomer] = min(day, lodged.get(newcomer, day))
    return lodged


def _keep_lodged(db, lodged):
    for newcomer, day in lodged.items():
        if db.execute_sql(f"SELECT 1 FROM procedure_file WHERE newcomer_id = {db.param}",
                          (newcomer,)).fetchone():
            db.execute_sql(f"UPDATE procedure_file SET cnda_appealed = {db.param} "
                           f"WHERE newcomer_id = {db.param} AND cnda_appealed IS NULL",
                           (day, newcomer))
        else:
            db.execute_sql(f"INSERT INTO procedure_file (newcomer_id, cnda_appealed, updated_at) "
                           f"VALUES ({db.param}, {db.param}, {db.param})",
                           (newcomer, day, datetime.now(timezone.utc).replace(tzinfo=None)))


def _drop(migrator, table, column):
    # SQLite cannot drop a column a foreign key or an index uses in place: the table is rebuilt.
    legacy = {"legacy": True} if isinstance(migrator, SqliteMigrator) else {}
    return migrator.drop_column(table, column, **legacy)


def up(migrator, db):
    _keep_lodged(db, _lodged(db))
    db.execute_sql("DELETE FROM deadline WHERE kind = 'cnda_appeal'")
    migrator.migrate(*(_drop(migrator, table, column) for table, column in DROPPED))


def _appeal(notified):
    """The CNDA appeal deadline as the code before this migration derived it."""
    day = notified + relativedelta(months=1) + timedelta(days=1)
    while day.weekday() >= 5 or day in holidays.France(years=day.year):
        day += timedelta(days=1)
    return day


def down(migrator, db):
    class Deadline(Model):
        class Meta:
            database = db
            table_name = "deadline"

    migrator.migrate(
        migrator.add_column("deadline", "done", BooleanField(default=False)),
        migrator.add_column("deadline", "source_id",
                            ForeignKeyField(Deadline, null=True, on_delete="CASCADE",
                                            field=Deadline.id)),
        migrator.add_column("removed_deadline", "appeal_id", IntegerField(null=True)),
        migrator.add_column("removed_deadline", "appeal_done", BooleanField(default=False)),
    )
    decisions = db.execute_sql(
        "SELECT d.id, d.newcomer_id, d.date, d.created_by_id, d.created_at, "
        "p.cnda_appealed IS NOT NULL FROM deadline d "
        "LEFT JOIN procedure_file p ON p.newcomer_id = d.newcomer_id "
        "WHERE d.kind = 'ofpra_decision'").fetchall()
    for decision, newcomer, decided, by, created, lodged in decisions:
        db.execute_sql(
            "INSERT INTO deadline (newcomer_id, kind, date, label, done, source_id, "
            f"created_by_id, created_at) VALUES ({', '.join([db.param] * 8)})",
            (newcomer, "cnda_appeal", _appeal(_day(decided)), "", bool(lodged), decision, by,
             created))
