"""Error pages in the person's language, never a stack trace."""
from flask import Response, current_app, g, jsonify, render_template, request
from flask.globals import request_ctx
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from peewee import InterfaceError, OperationalError, PeeweeException
from werkzeug.exceptions import HTTPException

from .core.errors import NotFound
from .db import disk_full
from .extensions import login_manager
from .notify.subjects import CLOSED, ENDED, ERASED, GONE, what_happened

MESSAGES = {
    400: (_l("Bad request"),
          _l("The form could not be processed. Go back, reload the page and try again.")),
    403: (_l("Not allowed"), _l("Your account does not give access to this page.")),
    404: (_l("Not found"), _l("This page does not exist, or it is not available to you.")),
    405: (_l("Not allowed"), _l("This page cannot be used this way.")),
    413: (_l("Too large"), _l("What you sent is too large.")),
    429: (_l("Too many attempts"), None),  # its text says the wait: see _wait
    500: (_l("Something went wrong"), _l("It is not your fault. Please try again in a moment.")),
    503: (_l("Temporarily unavailable"),
          _l("Passage cannot reach its database right now. Please try again in a minute.")),
}
DISK_FULL = (_l("Cannot save right now"),
             _l("Passage cannot save anything right now. Reading still works: "
                "go back, copy what you wrote, and try again later."))
# A page a notification sent the reader to, whose subject has gone since: what happened, in words
# that name nobody.
GONE_PAGES = {
    ERASED: (_l("This person's record was erased"),
             _l("The data of the person this notification spoke of was erased. Nothing of it "
                "is kept here any more.")),
    ENDED: (_l("This match has ended"),
            _l("The match this notification spoke of has ended, so its page is closed to you.")),
    CLOSED: (_l("This request is closed"),
             _l("The request this notification spoke of was withdrawn or closed.")),
    GONE: (_l("This is no longer available"),
           _l("What this notification spoke of has changed or was removed.")),
}
# Any other HTTP error keeps its own status (416 for a range past a file's end) with these words.
REFUSED = (_l("Request refused"), _l("This request cannot be answered. Go back and try again."))
# Headers an HTTP error carries for the client (Allow, Content-Range, Retry-After); not its body's.
BODY_HEADERS = {"content-type", "content-length"}


def _wait(minutes):
    """The wait in the plural its number takes in the reader's language (1 minute, 2 минуты)."""
    return ngettext("For your safety this is paused for a while. Please wait %(num)s minute and "
                    "try again.",
                    "For your safety this is paused for a while. Please wait %(num)s minutes and "
                    "try again.", minutes)


def _render(code, minutes=None, headers=()):
    title, text = MESSAGES.get(code, REFUSED)
    text = _wait(minutes) if minutes is not None else text
    if request_ctx.url_adapter is None:
        # A Host the URL map cannot encode (a label over 63 characters) left the request with no
        # way to build links; the page's links are relative, so any name builds them.
        request_ctx.url_adapter = current_app.url_map.bind("localhost", request.script_root)
    try:
        page = render_template("error.html", code=code, title=title, text=text)
    except Exception:  # the error page is the last answer: it must not fail in turn
        current_app.logger.exception("error page failed")
        page = Response(f"{title}\n\n{text}\n", mimetype="text/plain")
    return page, code, list(headers)


def _retry_minutes(error):
    limit = getattr(error, "limit", None)
    seconds = limit.limit.get_expiry() if limit is not None else 900
    return max(1, -(-seconds // 60))


def handle_http(error):
    """Our page for every HTTP error, with the error's own status and headers."""
    if error.code is None or error.code < 400:
        return error
    headers = [(k, v) for k, v in error.get_headers() if k.lower() not in BODY_HEADERS]
    if error.code == 429:
        return _render(429, minutes=_retry_minutes(error), headers=headers)
    if error.code == 404:
        return _not_found(headers)
    return _render(error.code, headers=headers)


def _not_found(headers=()):
    """404, said as what happened when one of the reader's notifications led here."""
    try:
        happened = (what_happened(current_user, request.path)
                    if current_user and current_user.is_authenticated else None)
    except PeeweeException:
        happened = None  # the plain answer needs no database
    if happened is None:
        return _render(404, headers=headers)
    title, text = GONE_PAGES[happened]
    return render_template("notify/gone.html", title=title, text=text), 404, list(headers)


def handle_database_down(error):
    """A database that cannot be reached is a 503, not a crash."""
    full = disk_full(error)
    if full is not None:
        return handle_disk_full(full)
    current_app.logger.error("database unavailable: %s", error)
    # The page must not need the database: rendered as for a visitor, nobody is looked up and
    # nothing is counted for the menu (that would fail again and end as a 500). Not a logout.
    g._login_user = login_manager.anonymous_user()
    if request.endpoint == "main.healthz":
        return jsonify(status="unavailable"), 503
    return _render(503)


def handle_disk_full(error):
    """A full disk refuses writes only: the person may keep reading, the operator must act."""
    current_app.logger.critical("disk full: the database refuses every write until space is "
                                "freed on its disk (%s)", str(error).strip())
    title, text = DISK_FULL
    return render_template("error.html", code=503, title=title, text=text), 503


def handle_unexpected(error):
    """Anything else: a calm page; the details stay in the server log."""
    current_app.logger.exception("unhandled error", exc_info=error)
    return _render(500)


def handle_not_found(error):
    """A service found nothing this person may see: the same 404 as a page that does not exist."""
    return _not_found()


def init_app(app):
    """Register the handlers."""
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(NotFound, handle_not_found)
    app.register_error_handler(OperationalError, handle_database_down)
    app.register_error_handler(InterfaceError, handle_database_down)
    app.register_error_handler(Exception, handle_unexpected)
