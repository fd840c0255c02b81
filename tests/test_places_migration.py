"""Migration 0025: free-text cities become communes, or are cleared with whatever they held."""


from .factories import migrated_over, old_database

OLD_ROWS = [
    ("account", dict(id=1, email="m@example.test", display_name="M", role="mentor",
                     status="active")),
    ("account", dict(id=2, email="n@example.test", display_name="N", role="newcomer",
                     status="active")),
    ("account", dict(id=3, email="p@example.test", display_name="P", role="newcomer",
                     status="active")),
    ("volunteer_profile", dict(id=1, user_id=1, city="lyon 7e", region="")),
    ("newcomer_profile", dict(id=1, user_id=2, city="Лион, ул. Гарибальди 12", region="69")),
    ("newcomer_profile", dict(id=2, user_id=3, city="Saint-Denis", region="")),
    ("offer", dict(id=1, volunteer_id=1, kind="mentor", status="active", capacity=1, used=0,
                   household="mixed", city="VILLEURBANNE", region="")),
    ("offer", dict(id=2, volunteer_id=1, kind="mentor", status="active", capacity=1, used=0,
                   household="mixed", city="", region="")),
]


def test_0025_maps_cities_to_communes_and_clears_anything_else(app, tmp_path):
    with old_database(tmp_path, "before_0025") as (database, schema):
        migrated_over(database, schema, OLD_ROWS, "0014_signup")

        def place(table, row_id):
            return database.execute_sql(f"SELECT city, commune, region FROM {table} "
                                        f"WHERE id = {row_id}").fetchone()

        assert place("volunteer_profile", 1) == ("Lyon", "69123", "69")
        assert place("offer", 1) == ("Villeurbanne", "69266", "69")
        assert place("offer", 2) == ("", "", "")
        # A street address is gone; a name several communes share waits for the person.
        assert place("newcomer_profile", 1) == ("", "", "69")
        assert place("newcomer_profile", 2) == ("", "", "")
