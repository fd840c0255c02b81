"""Password resets: a table of links, stored hashed, and a new two-organizer act that hands
one over in person."""
from peewee import CharField, Check, DateTimeField, ForeignKeyField, Model
from playhouse.migrate import SqliteMigrator

# After 0024 and 0026, which let organizers ask to read a conversation and to erase a newcomer.
BEFORE = ("approve_volunteer", "suspend_organizer", "promote_organizer", "reveal_identity",
          "read_conversation", "erase_newcomer")
AFTER = (*BEFORE, "reset_password")


def _kinds(migrator, kinds):
    check = Check("kind IN (%s)" % ", ".join(f"'{kind}'" for kind in kinds))
    if isinstance(migrator, SqliteMigrator):
        # SQLite changes a column's check only by rebuilding the table, which this does.
        migrator.migrate(migrator.alter_column_type(
            "approval", "kind", CharField(max_length=20, constraints=[check])))
    else:
        migrator.migrate(migrator.drop_constraint("approval", "approval_kind_check"),
                         migrator.add_constraint("approval", "approval_kind_check", check))


def _table(db):
    class User(Model):
        class Meta:
            database = db
            table_name = "account"

    class PasswordReset(Model):
        user = ForeignKeyField(User, on_delete="CASCADE")
        token_hash = CharField(max_length=64, unique=True)
        created_at = DateTimeField()
        expires_at = DateTimeField(index=True)

        class Meta:
            database = db
            table_name = "password_reset"

    return PasswordReset


def up(migrator, db):
    db.create_tables([_table(db)])
    _kinds(migrator, AFTER)


def down(migrator, db):
    db.execute_sql("DELETE FROM approval WHERE kind = 'reset_password'")
    _kinds(migrator, BEFORE)
    db.drop_tables([_table(db)])
