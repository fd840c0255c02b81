"""A query compiled once answers for every value, and refuses a stand-in that is not a parameter."""
import pytest
from peewee import fn

from network.compiled import Compiled
from network.models import User

from .factories import make_mentor, make_newcomer


def test_each_run_answers_for_its_own_values_with_the_constants_kept(app):
    mentor, newcomer = make_mentor(), make_newcomer()
    # 0 and "" are constants of the query: only the stand-ins are replaced.
    count = Compiled(lambda user_id, role: User.select(fn.COUNT(User.id)).where(
        (User.id == user_id) & (User.role == role) & (User.id > 0) & (User.email != "")),
        -1, "\0role")
    assert count.scalar(mentor.id, "mentor") == 1
    assert count.scalar(newcomer.id, "mentor") == 0
    assert count.scalar(newcomer.id, "newcomer") == 1
    sql, params = count.sql(newcomer.id, "newcomer")
    assert params == [newcomer.id, "newcomer", 0, ""]


def test_a_stand_in_that_is_not_a_parameter_is_refused(app):
    baked = Compiled(lambda user_id: User.select(fn.COUNT(User.id)).where(User.id.is_null()), -1)
    with pytest.raises(ValueError):
        baked.scalar(1)
