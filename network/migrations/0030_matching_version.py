"""A version number of what the matching engine reads, counted by triggers, so the proposals
page runs the engine again only after a change."""
from peewee import IntegerField, Model
from playhouse.migrate import SqliteMigrator

BUMP = ("INSERT INTO matching_version (id, n) VALUES (1, 1) "
        "ON CONFLICT (id) DO UPDATE SET n = matching_version.n + 1")
WATCHED = ("help_request", "offer", "help_match", "newcomer_profile", "volunteer_profile")
# Of an account the engine reads only whether it is active; logins write other columns.
EVENTS = {**{table: ("INSERT", "UPDATE", "DELETE") for table in WATCHED},
          "account": ("UPDATE OF status",)}


def _name(table, event):
    return f"matching_version_{table}_{event.split()[0].lower()}"


def up(migrator, db):
    class MatchingVersion(Model):
        n = IntegerField(default=0)

        class Meta:
            database = db
            table_name = "matching_version"

    db.create_tables([MatchingVersion])
    if isinstance(migrator, SqliteMigrator):
        for table, events in EVENTS.items():
            for event in events:
                db.execute_sql(f"CREATE TRIGGER {_name(table, event)} AFTER {event} ON {table} "
                               f"BEGIN {BUMP}; END")
        return
    # Taken before the statement touches a row: writers queue on the version in one order.
    db.execute_sql("CREATE FUNCTION matching_changed() RETURNS trigger LANGUAGE plpgsql AS "
                   f"$$ BEGIN {BUMP}; RETURN NULL; END $$")
    for table, events in EVENTS.items():
        db.execute_sql(f"CREATE TRIGGER matching_version BEFORE {' OR '.join(events)} ON {table} "
                       "FOR EACH STATEMENT EXECUTE FUNCTION matching_changed()")


def down(migrator, db):
    if isinstance(migrator, SqliteMigrator):
        for table, events in EVENTS.items():
            for event in events:
                db.execute_sql(f"DROP TRIGGER {_name(table, event)}")
    else:
        for table in EVENTS:
            db.execute_sql(f"DROP TRIGGER matching_version ON {table}")
        db.execute_sql("DROP FUNCTION matching_changed()")
    db.execute_sql("DROP TABLE matching_version")
