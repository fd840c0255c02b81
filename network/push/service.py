"""Subscribing a device, and pushing "something is waiting" to a person's devices."""
import hashlib
import ipaddress
import json
import socket
import time
from urllib.parse import urlsplit

import requests
from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from pywebpush import WebPushException, webpush

from ..core.errors import ServiceError
from ..db import write_transaction
from ..models import PushSubscription, User, utcnow
from . import keys

MAX_FIELD = 1000
TIMEOUT_SECONDS = 5
# A person's newest devices; an older one is forgotten when another turns push on.
DEVICES = 5
# The sender waits for the push services this long at most; the inbox and email still tell.
BUDGET_SECONDS = 10


def _hash(endpoint):
    return hashlib.sha256(endpoint.encode()).hexdigest()


def _public(host, port):
    """Whether every address this host names is on the public internet."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return False
    return bool(found) and all(
        ipaddress.ip_address(address[4][0].split("%")[0]).is_global for address in found)


def deliverable(endpoint):
    """Whether the server may post to this endpoint now: a push service is on the public
    internet, and anything else would let a person make the server post into its own network.
    The name is resolved at each push, so one that later points inside is refused then."""
    private = current_app.config["PUSH_PRIVATE_ENDPOINTS"]
    try:
        parts = urlsplit(endpoint)
        port = parts.port
    except ValueError:
        return False
    if not parts.hostname or parts.scheme not in (("https", "http") if private else ("https",)):
        return False
    return private or _public(parts.hostname, port or 443)


def subscribe(user, endpoint, p256dh, auth):
    """This device receives this person's pushes (a device moved to another account follows it)."""
    values = (endpoint or "", p256dh or "", auth or "")
    if not all(values) or any(len(v) > MAX_FIELD for v in values) or not deliverable(endpoint):
        raise ServiceError(_l("This device could not be registered for notifications."))
    digest = _hash(endpoint)
    with write_transaction():
        (PushSubscription.insert(user=user.id, endpoint_hash=digest, endpoint=endpoint,
                                 p256dh=p256dh, auth=auth)
         .on_conflict(conflict_target=[PushSubscription.endpoint_hash],
                      update={PushSubscription.user: user.id, PushSubscription.p256dh: p256dh,
                              PushSubscription.auth: auth, PushSubscription.created_at: utcnow()})
         .execute())
        newest = (PushSubscription.select(PushSubscription.id)
                  .where(PushSubscription.user == user.id)
                  .order_by(PushSubscription.created_at.desc(), PushSubscription.id.desc())
                  .limit(DEVICES))
        PushSubscription.delete().where((PushSubscription.user == user.id)
                                        & PushSubscription.id.not_in(newest)).execute()


def unsubscribe(user, endpoint):
    """This device hears nothing more from this person's account."""
    return PushSubscription.delete().where((PushSubscription.user == user.id)
                                           & (PushSubscription.endpoint_hash
                                              == _hash(endpoint or ""))).execute()


def payload(locale):
    """What a phone is told: that a message waits, and where; no name, no text, no place."""
    with force_locale(locale or "en"):
        return json.dumps({"title": "Passage", "body": str(_l("New message in Passage.")),
                           "url": "/conversations/"}, ensure_ascii=False)


def _push(row, key, session):
    """1 if this device's push service took the announcement, else 0."""
    if not deliverable(row.endpoint):
        current_app.logger.warning("push not sent: the device's address is not public")
        return 0
    info = {"endpoint": row.endpoint, "keys": {"p256dh": row.p256dh, "auth": row.auth}}
    try:
        webpush(info, payload(row.user.locale), vapid_private_key=key,
                vapid_claims={"sub": current_app.config["VAPID_SUBJECT"]},
                content_encoding="aes128gcm", timeout=TIMEOUT_SECONDS, ttl=86400,
                requests_session=session)
        return 1
    except WebPushException as exc:
        status = exc.response.status_code if exc.response is not None else None
        if status in (404, 410):
            PushSubscription.delete().where(PushSubscription.id == row.id).execute()
        else:
            current_app.logger.warning("push not delivered: status %s", status)
    except Exception as exc:  # a push service down must not fail the message
        current_app.logger.warning("push not delivered: %s", type(exc).__name__)
    return 0


def announce(user_ids):
    """Push to every device of these people; a device its push service forgot is dropped.

    Called after the message is committed: a slow or refusing push service never undoes it.
    """
    key = keys.vapid()
    if key is None or not user_ids:
        return 0
    rows = (PushSubscription.select(PushSubscription, User.locale)
            .join(User, on=(PushSubscription.user == User.id))
            .where(PushSubscription.user.in_(list(user_ids)) & (User.status == "active")))
    sent, until = 0, time.monotonic() + BUDGET_SECONDS
    with requests.Session() as session:
        # A push service answers itself: it never sends the server on to another address.
        session.max_redirects = 0
        for row in rows:
            if time.monotonic() > until:
                current_app.logger.warning("push time spent: the other devices were not told")
                break
            sent += _push(row, key, session)
    return sent
