"""The app as gunicorn serves it in the load run, with a fresh rate-limit key prefix per run
(so an earlier run's lockouts in Redis never count) and a header naming the worker
that answered (so the run can show that requests really spread over the workers).

While the file named by PASSAGE_LOAD_DISK_FULL exists, a SQLite database may not grow by a
page: its disk is full, and SQLite answers as it does then (SQLITE_FULL)."""
import os

from peewee import SqliteDatabase

from network import create_app
from network.db import db

app = create_app({"RATELIMIT_KEY_PREFIX": os.environ.get("PASSAGE_LOAD_KEY_PREFIX", "")})
DISK_FULL_FLAG = os.environ.get("PASSAGE_LOAD_DISK_FULL", "")
# SQLite raises a smaller limit to the file's current size, and takes this as no limit.
NO_PAGE_LIMIT = 2**32 - 2


@app.before_request
def _disk_full_while_flagged():
    if DISK_FULL_FLAG and isinstance(db.obj, SqliteDatabase):
        pages = 1 if os.path.exists(DISK_FULL_FLAG) else NO_PAGE_LIMIT
        db.execute_sql(f"PRAGMA max_page_count = {pages}")


@app.after_request
def _name_the_worker(response):
    response.headers["X-Load-Worker"] = str(os.getpid())
    return response
