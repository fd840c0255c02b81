"""A query compiled once answers for every value, and refuses what it cannot follow."""
from datetime import datetime, timedelta

import pytest
from peewee import SQL, fn

from network.compiled import Compiled
from network.models import User

from .factories import make_mentor, make_newcomer

NOW = datetime(2000, 1, 1, 12, 0)


def test_each_run_answers_for_its_own_values_with_the_constants_kept(app):
    mentor, newcomer = make_mentor(), make_newcomer()
    # 0 and "" are constants of the query: only the stand-ins are replaced.
    count = Compiled(lambda user_id, role: User.select(fn.COUNT(User.id)).where(
        (User.id == user_id) & (User.role == role) & (User.id > 0) & (User.email != "")),
        -1, "\0role")
    assert count.scalar(mentor.id, "mentor") == 1
    assert count.scalar(newcomer.id, "mentor") == 0
    assert count.scalar(newcomer.id, "newcomer") == 1
    assert count.sql(newcomer.id, "newcomer")[1] == [newcomer.id, "newcomer", 0, ""]


def test_moments_computed_from_a_stand_in_follow_the_real_value(app):
    old, new = make_newcomer(), make_newcomer()
    User.update(created_at=datetime(2026, 1, 1)).where(User.id == old.id).execute()
    User.update(created_at=datetime(2026, 3, 1)).where(User.id == new.id).execute()
    since = Compiled(lambda now: User.select(User.id, User.created_at).where(
        (User.created_at >= now - timedelta(days=30)) & (User.created_at < now)
        & (User.role == "newcomer")).order_by(User.id).tuples(), NOW)
    assert since.rows(datetime(2026, 1, 15)) == [(old.id, datetime(2026, 1, 1))]
    assert since.rows(datetime(2026, 3, 15)) == [(new.id, datetime(2026, 3, 1))]
    assert since.sql(datetime(2026, 3, 15))[1][:2] == [datetime(2026, 2, 13),
                                                       datetime(2026, 3, 15)]


@pytest.mark.parametrize("build", [
    lambda user_id: User.select(fn.COUNT(User.id)).where(SQL(f"id = {int(user_id)}")),  # baked
    lambda user_id: User.select(fn.COUNT(User.id)).where(User.id == user_id * 2),  # not followed
])
def test_what_it_cannot_follow_is_refused(app, build):
    with pytest.raises(ValueError):
        Compiled(build, -1).scalar(1)
