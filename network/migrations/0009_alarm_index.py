"""The dashboard's recent safety flags and very low wellbeing, read from an index alone: two
weeks of check-ins hold a few flagged ones among thousands."""


def up(migrator, db):
    migrator.migrate(
        migrator.drop_index("checkin", "checkin_logged_at"),
        migrator.add_index("checkin", ("logged_at", "wellbeing", "flags"), False),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index("checkin", "checkin_logged_at_wellbeing_flags"),
        migrator.add_index("checkin", ("logged_at",), False),
    )
