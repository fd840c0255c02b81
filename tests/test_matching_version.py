"""The proposals page runs the engine again after any change the engine reads: triggers count
them in matching_version, on every table the engine reads, after every migration."""
import pytest
from playhouse.migrations import Runner

from network.db import MIGRATIONS
from network.matching.proposals import data_version
from network.models import NewcomerProfile, User, VolunteerProfile

from .factories import insert_row, old_database


@pytest.mark.parametrize("write", [
    lambda mentor, newcomer: VolunteerProfile.update(languages="uk").where(
        VolunteerProfile.user == mentor.id),
    lambda mentor, newcomer: NewcomerProfile.update(languages="uk").where(
        NewcomerProfile.user == newcomer.id),
    lambda mentor, newcomer: User.update(status="suspended").where(User.id == mentor.id),
], ids=["volunteer profile", "newcomer profile", "account status"])
def test_a_change_the_engine_reads_counts(ctx, mentor, newcomer, write):
    before = data_version()
    write(mentor, newcomer).execute()
    assert data_version() == before + 1


def test_a_login_is_no_change_to_the_engine(ctx, mentor):
    before = data_version()
    User.update(totp_last_step=1).where(User.id == mentor.id).execute()
    assert data_version() == before


def _version(database):
    return database.execute_sql("SELECT COALESCE(MAX(n), 0) FROM matching_version").fetchone()[0]


def test_migrating_down_past_the_triggers_and_up_again_works(app, tmp_path):
    with old_database(tmp_path, "triggers_down") as (database, schema):
        runner = Runner(database, str(MIGRATIONS), schema=schema)
        runner.up()
        runner.down(target="0029_removed_dates")
        assert "matching_version" not in database.get_tables(schema)
        runner.up()
        insert_row(database, "account", dict(id=1, email="a@example.test", display_name="A",
                                             role="mentor", status="active"), schema)
        before = _version(database)
        insert_row(database, "volunteer_profile", dict(user_id=1), schema)
        assert _version(database) == before + 1
