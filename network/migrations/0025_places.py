"""Places are French communes: profiles and offers keep the commune's INSEE code beside its name.

A free-text city that names one commune becomes that commune (official name, code and
département); any other text is cleared, since it may hold a street address, and the person
is asked for the commune at the next edit.
"""
from peewee import CharField

from network.places import catalog

TABLES = ("newcomer_profile", "volunteer_profile", "offer")


def up(migrator, db):
    migrator.migrate(*(migrator.add_column(table, "commune", CharField(max_length=5, default=""))
                       for table in TABLES))
    for table in TABLES:
        rows = db.execute_sql(f"SELECT id, city FROM {table} WHERE city <> ''").fetchall()
        for row_id, city in rows:
            commune, _ = catalog.resolve(city)
            if commune is None:
                db.execute_sql(f"UPDATE {table} SET city = '' WHERE id = {db.param}", (row_id,))
                continue
            db.execute_sql(f"UPDATE {table} SET city = {db.param}, commune = {db.param}, "
                           f"region = {db.param} WHERE id = {db.param}",
                           (commune.name, commune.code, commune.departement, row_id))


def down(migrator, db):
    migrator.migrate(*(migrator.drop_column(table, "commune") for table in TABLES))
