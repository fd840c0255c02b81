"""Count the SQL statements a block of code sends, to keep page costs flat."""
import contextlib

from network.db import db
from network.pagecache import SNAPSHOT


@contextlib.contextmanager
def count_queries():
    """Yields a dict whose "n" is the number of statements sent inside the block.

    The page cache's look at PostgreSQL's snapshot is left out: it is the same for every page
    (SQLite's counterpart does not go through peewee at all), and a page's own queries are what
    must not grow.
    """
    counter = {"n": 0}
    database = db.obj
    original = database.execute_sql

    def counting(sql, params=None, *args, **kwargs):
        counter["n"] += sql != SNAPSHOT
        return original(sql, params, *args, **kwargs)

    database.execute_sql = counting
    try:
        yield counter
    finally:
        del database.execute_sql
