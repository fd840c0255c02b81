"""Pages kept for a few seconds while nothing in the database changes.

A logged-in person's page is kept for one session of one user in one language, and served
again only to that session. A page marked `same_for_visitors` (the login form) is kept for
everyone not logged in, per language and URL. Either is served only while the database has
seen no commit since it was rendered, and only for PAGE_CACHE_SECONDS (what depends on the
clock alone, "waiting 3 hours", ages that long at most). A kept page holds a hole where its
CSRF token was; each request fills it with a token of its own session. A page whose
rendering wrote anything (a read receipt), recorded a read of a newcomer's data (whether or
not the database saw the write), changed the session beyond that token (a two-factor
set-up), showed a flashed message or a secret (`keep_nowhere`) is never kept, so such views
run every time.
"""
import copy
import os
import secrets
import sqlite3
import threading
import time
from collections import OrderedDict

from flask import current_app, g, message_flashed, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from peewee import InterfaceError, OperationalError, PostgresqlDatabase, SqliteDatabase

from .db import db

SNAPSHOT = "SELECT pg_current_snapshot()::text"
# Where a kept page's CSRF token was: unguessable, so no text a page shows can fake one.
HOLE = secrets.token_hex(16).encode()
TOKEN = "csrf_token"


class PageCache:
    """Rendered pages by session (or visitors), language and URL, with the database state."""

    def __init__(self, seconds, size):
        self.seconds = seconds
        self.size = size
        self.pages = OrderedDict()
        self.lock = threading.Lock()
        self._watcher = (None, None)

    def database_state(self):
        """A value that changes with every commit to the database, by any process."""
        database = db.obj
        if isinstance(database, PostgresqlDatabase):
            # Running transactions are part of the snapshot: a commit changes it.
            return db.execute_sql(SNAPSHOT).fetchone()[0]
        if isinstance(database, SqliteDatabase):
            with self.lock:
                pid, connection = self._watcher
                if pid != os.getpid():
                    # A connection that never writes sees every other connection's commits.
                    connection = sqlite3.connect(database.database, check_same_thread=False,
                                                 isolation_level=None)
                    self._watcher = (os.getpid(), connection)
                return connection.execute("PRAGMA data_version").fetchone()[0]
        return None

    def get(self, key, state):
        with self.lock:
            kept = self.pages.get(key)
        if kept and kept[0] == state and time.monotonic() - kept[1] < self.seconds:
            return kept[2]
        return None

    def put(self, key, state, body):
        with self.lock:
            self.pages[key] = (state, time.monotonic(), body)
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)


def same_for_visitors(view):
    """Mark a view whose page, for anyone not logged in, depends only on its URL and language."""
    view.same_for_visitors = True
    return view


def keep_nowhere():
    """This answer shows a secret: neither this cache nor the browser's may keep it.

    Apart from the `no-store` every logged-in page carries to the browser, which leaves this
    cache free to keep those pages for their own session.
    """
    g.keep_nowhere = True
    return {"Cache-Control": "no-store"}


def _key():
    if request.method != "GET" or "_flashes" in session:
        return None
    if current_user.is_authenticated:
        # The session's CSRF secret names the session: another one of the same person renders.
        token = session.get(TOKEN)
        if not token:
            return None
        return current_user.get_id(), token, str(get_locale()), request.full_path
    if getattr(current_app.view_functions.get(request.endpoint), "same_for_visitors", False):
        return None, str(get_locale()), request.full_path
    return None


def _rest_of_session():
    return copy.deepcopy({name: value for name, value in session.items() if name != TOKEN})


def _serve():
    cache = current_app.extensions["passage.pages"]
    key = _key()
    if key is None:
        return None
    state = cache.database_state()
    if state is None:
        return None
    body = cache.get(key, state)
    if body is None:
        g.page_cache = (key, state, _rest_of_session())
        return None
    if HOLE in body:
        body = body.replace(HOLE, generate_csrf().encode())
    return current_app.response_class(body, mimetype="text/html")


def _keep(response):
    kept = g.pop("page_cache", None)
    if (kept is None or response.status_code != 200 or response.mimetype != "text/html"
            or response.direct_passthrough or g.get("flashed") or g.get("audited")
            or g.get("keep_nowhere")):
        return response
    cache = current_app.extensions["passage.pages"]
    key, state, session_before = kept
    if _rest_of_session() != session_before:
        return response
    try:
        unchanged = cache.database_state() == state
    except (OperationalError, InterfaceError):
        # The database went away after the page was rendered: serve it, keep nothing.
        return response
    if unchanged:
        body = response.get_data()
        token = g.get(TOKEN)
        if token:
            body = body.replace(token.encode(), HOLE)
        cache.put(key, state, body)
    return response


def _flashed(app, **extra):
    g.flashed = True


def init_app(app):
    """Serve kept pages before the view runs; keep fresh ones after. Off when seconds is 0."""
    if not app.config["PAGE_CACHE_SECONDS"]:
        return
    app.extensions["passage.pages"] = PageCache(app.config["PAGE_CACHE_SECONDS"],
                                                app.config["PAGE_CACHE_SIZE"])
    app.before_request(_serve)
    app.after_request(_keep)
    message_flashed.connect(_flashed, app)
