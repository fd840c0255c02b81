"""0032 added a column to volunteer_profile and SQLite rebuilt the table without the triggers 0030
put on it: a volunteer's changed city or languages no longer counted as a change, and the
proposals page kept its last run until the hour turned. They come back; PostgreSQL kept its own."""
from playhouse.migrate import SqliteMigrator

BUMP = ("INSERT INTO matching_version (id, n) VALUES (1, 1) "
        "ON CONFLICT (id) DO UPDATE SET n = matching_version.n + 1")


def up(migrator, db):
    if not isinstance(migrator, SqliteMigrator):
        return
    for event in ("INSERT", "UPDATE", "DELETE"):
        db.execute_sql(f"CREATE TRIGGER IF NOT EXISTS matching_version_volunteer_profile_"
                       f"{event.lower()} AFTER {event} ON volunteer_profile BEGIN {BUMP}; END")


def down(migrator, db):
    """The triggers are 0030's to remove."""
