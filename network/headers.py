"""Security headers on every response."""
from urllib.parse import urlsplit

from flask import current_app, request, session

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

# What the browser forgets when someone logs out or leaves: its cache, storage and cookies.
CLEAR_SITE_DATA = '"cache", "storage", "cookies"'


def _policy(quick_exit_url):
    """The CSP; a form may also land on the quick exit's neutral site, where /exit redirects."""
    parts = urlsplit(quick_exit_url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return CSP
    return CSP.replace("form-action 'self'", f"form-action 'self' {parts.scheme}://{parts.netloc}")


def set_security_headers(response):
    """No third party, no framing, no sniffing, no referrer; HSTS only over HTTPS."""

    headers = response.headers
    headers.setdefault("Content-Security-Policy", _policy(current_app.config.get("QUICK_EXIT_URL")))
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
    # A logged-in person's pages stay out of the browser's cache, which outlives the session on
    # a phone that may be seized; static files are the same for everyone. The server's own page
    # cache decides apart (pagecache.keep_nowhere): this header does not stop it.
    if "_user_id" in session and request.endpoint != "static" \
            and "no-store" not in headers.get("Cache-Control", ""):
        headers["Cache-Control"] = "no-store"
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
    return response
