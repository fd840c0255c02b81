"""Queries whose SQL peewee writes once: for those every request, or a busy page, sends.

Peewee takes longer to write the SQL of a small query than SQLite takes to run it. A compiled
query is built from stand-in values, which reach the SQL as parameters (a field compared with
one, or a moment computed from one: `now - timedelta(days=14)`); each run puts the real values,
and the moments computed from them, where the stand-ins were. It is built twice with two sets
of stand-ins: a parameter that changes must follow one of them, and SQL that changes (a value
baked into it) is refused.
"""
from datetime import date, timedelta

from .db import db


def _other(value, k):
    """A second stand-in, shifted by its own amount so that each moment traces to one."""
    if isinstance(value, date):
        return value + timedelta(days=k + 1)
    if isinstance(value, str):
        return f"{value}~{k}"
    return value - 1000 - k


def _place(first, second, stand_ins, others):
    """Where a parameter comes from: None for a constant, else (stand-in, shift or None)."""
    if type(first) is type(second) and first == second:
        return None
    for k, (stand_in, other) in enumerate(zip(stand_ins, others)):
        if type(first) is not type(stand_in):
            continue
        if first == stand_in and second == other:
            return k, None
        if isinstance(first, date) and first - stand_in == second - other:
            return k, first - stand_in
    raise ValueError(f"the parameter {first!r} follows no stand-in")


class Compiled:
    """One query shape, its SQL written once per database, run with new values."""

    def __init__(self, build, *stand_ins):
        self.build = build
        self.stand_ins = stand_ins
        self._written = None

    def _write(self):
        written = self._written
        if written is None or written[0] is not db.obj:
            query = self.build(*self.stand_ins)
            sql, params = query.sql()
            others = [_other(value, k) for k, value in enumerate(self.stand_ins)]
            other_sql, other_params = self.build(*others).sql()
            if other_sql != sql or len(other_params) != len(params):
                raise ValueError("the SQL changes with a stand-in's value")
            places = [_place(a, b, self.stand_ins, others) for a, b in zip(params, other_params)]
            written = self._written = (db.obj, query, sql, params, places)
        return written

    def sql(self, *values):
        """(SQL, parameters) with these values in the stand-ins' places."""
        _database, _query, sql, params, places = self._write()
        return sql, [param if place is None
                     else values[place[0]] if place[1] is None else values[place[0]] + place[1]
                     for param, place in zip(params, places)]

    def scalar(self, *values):
        """The first column of the first row."""
        row = db.execute_sql(*self.sql(*values)).fetchone()
        return row[0] if row else None

    def rows(self, *values):
        """Every row, as the query built with the stand-ins returns them (tuples, models...)."""
        query = self._write()[1]
        return list(query._get_cursor_wrapper(db.execute_sql(*self.sql(*values))))
