"""Where the app sends people: a `next` that stays on the site, and absolute links."""
import unicodedata
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request, url_for

# No page of ours is longer; and the target rides in the session cookie across the second factor.
NEXT_MAX_LENGTH = 2000


def safe_next(target):
    """A redirect target only if it is a path of this site; anything else is None (ignored)."""
    if not target or len(target) > NEXT_MAX_LENGTH or "\\" in target:
        return None
    # A line break would break the Location header; browsers drop tabs, so "/\t/x" is "//x".
    if any(ch.isspace() or unicodedata.category(ch).startswith("C") for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def base_url():
    """The network's own address (PUBLIC_URL): never the Host a request claims.

    Only in development (production requires PUBLIC_URL), the address the app is served at: the
    one the request came to, and outside a request (a scheduled job) where `flask run` serves.
    """
    configured = current_app.config["PUBLIC_URL"]
    if configured:
        return configured.rstrip("/")
    if has_request_context():
        return request.host_url.rstrip("/")
    return current_app.config["DEVELOPMENT_URL"].rstrip("/")


def absolute(path):
    """A site-relative path as a link that works from an email or another device."""
    return base_url() + path


def page_url(page):
    """This list at another page, with the same filters."""
    # A query key starting with "_" would be read by url_for itself (_external, _scheme), and a
    # path part's name would replace the path part: neither is a filter.
    filters = {key: value for key, value in request.args.items()
               if not key.startswith("_") and key not in request.view_args}
    return url_for(request.endpoint, **{**filters, **request.view_args, "page": page})


def init_app(app):
    """Give the templates the pager's links."""
    app.jinja_env.globals["page_url"] = page_url
