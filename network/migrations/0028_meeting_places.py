"""Meetings take place in a French commune, or online only; and a series can be joined whole.

A free-text city that names one commune becomes that commune (official name, code and
département), by the matcher profiles were converted with (0025). Any other text is cleared,
since it may hold a street: the meeting keeps its département when every commune the text may
name lies in one, and its facilitator is asked for the commune. A meeting without a city was
held only online.
"""
from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, Model

from network.places import catalog


def _member_table(db):
    class User(Model):
        class Meta:
            database = db
            table_name = "account"

    class Meeting(Model):
        class Meta:
            database = db
            table_name = "meeting"

    class SeriesMember(Model):
        meeting = ForeignKeyField(Meeting, on_delete="CASCADE")
        user = ForeignKeyField(User, on_delete="CASCADE")
        joined_at = DateTimeField()

        class Meta:
            database = db
            table_name = "meeting_member"
            indexes = ((("meeting", "user"), True), (("user", "meeting"), False))

    return SeriesMember


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("meeting", "commune", CharField(max_length=5, default="")),
        migrator.add_column("meeting", "region", CharField(max_length=3, default="")),
        migrator.add_column("meeting", "online_only", BooleanField(default=False)),
        migrator.add_index("meeting", ("commune",), False),
        migrator.add_index("meeting", ("region",), False))
    db.execute_sql(f"UPDATE meeting SET online_only = {db.param} WHERE city = ''",
                   (True,))
    for row_id, city in db.execute_sql("SELECT id, city FROM meeting WHERE city <> ''").fetchall():
        commune, choices = catalog.resolve(city)
        if commune is not None:
            values = (commune.name, commune.code, commune.departement)
        else:
            departements = {choice.departement for choice in choices}
            values = ("", "", departements.pop() if len(departements) == 1 else "")
        db.execute_sql(f"UPDATE meeting SET city = {db.param}, commune = {db.param}, "
                       f"region = {db.param} WHERE id = {db.param}", (*values, row_id))
    db.create_tables([_member_table(db)])


def down(migrator, db):
    db.drop_tables([_member_table(db)])
    migrator.migrate(migrator.drop_index("meeting", "meeting_commune"),
                     migrator.drop_index("meeting", "meeting_region"),
                     *(migrator.drop_column("meeting", name)
                       for name in ("commune", "region", "online_only")))
