"""Count the SQL statements a block of code sends, to keep page costs flat."""
import contextlib

from network.db import db


@contextlib.contextmanager
def count_queries():
    """Yields a dict whose "n" is the number of statements sent inside the block."""
    counter = {"n": 0}
    database = db.obj
    original = database.execute_sql

    def counting(sql, params=None, *args, **kwargs):
        counter["n"] += 1
        return original(sql, params, *args, **kwargs)

    database.execute_sql = counting
    try:
        yield counter
    finally:
        del database.execute_sql
