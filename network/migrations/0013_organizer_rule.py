"""Taking an organizer out is a two-organizer act: a new kind of approval."""
from peewee import CharField, Check
from playhouse.migrate import SqliteMigrator

BEFORE = ("approve_volunteer", "promote_organizer", "reveal_identity")
AFTER = ("approve_volunteer", "suspend_organizer", "promote_organizer", "reveal_identity")


def _kinds(migrator, kinds):
    check = Check("kind IN (%s)" % ", ".join(f"'{kind}'" for kind in kinds))
    if isinstance(migrator, SqliteMigrator):
        # SQLite changes a column's check only by rebuilding the table, which this does.
        migrator.migrate(migrator.alter_column_type(
            "approval", "kind", CharField(max_length=20, constraints=[check])))
    else:
        migrator.migrate(migrator.drop_constraint("approval", "approval_kind_check"),
                         migrator.add_constraint("approval", "approval_kind_check", check))


def up(migrator, db):
    _kinds(migrator, AFTER)


def down(migrator, db):
    db.execute_sql("DELETE FROM approval WHERE kind = 'suspend_organizer'")
    _kinds(migrator, BEFORE)
