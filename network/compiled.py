"""Queries whose SQL peewee writes once: for those every request sends.

Peewee takes longer to write the SQL of a small query than SQLite takes to run it. A compiled
query is built once per database from stand-in values, each of which must reach the SQL as a
parameter (a field compared with it); each run puts the real values where the stand-ins were.
A stand-in must differ from every other value of the query: a negative id, a marked string.
"""
from .db import db


class Compiled:
    """One query shape, its SQL written once per database, run with new values."""

    def __init__(self, build, *stand_ins):
        self.build = build
        self.stand_ins = stand_ins
        self._written = (None, "", [], {})

    def _write(self):
        database, sql, params, places = self._written
        if database is not db.obj:
            sql, params = self.build(*self.stand_ins).sql()
            places = {i: self.stand_ins.index(param) for i, param in enumerate(params)
                      if any(type(param) is type(s) and param == s for s in self.stand_ins)}
            if sorted(set(places.values())) != list(range(len(self.stand_ins))):
                raise ValueError("a stand-in did not reach the SQL as a parameter")
            self._written = (db.obj, sql, params, places)
        return sql, params, places

    def sql(self, *values):
        """(SQL, parameters) with these values in the stand-ins' places."""
        sql, params, places = self._write()
        return sql, [values[places[i]] if i in places else param
                     for i, param in enumerate(params)]

    def scalar(self, *values):
        """The first column of the first row."""
        row = db.execute_sql(*self.sql(*values)).fetchone()
        return row[0] if row else None
