"""Subscribing a device, and pushing "something is waiting" to a person's devices."""
import hashlib
import json

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from pywebpush import WebPushException, webpush

from ..core.errors import ServiceError
from ..models import PushSubscription, User
from . import keys

MAX_FIELD = 1000
TIMEOUT_SECONDS = 5


def _hash(endpoint):
    return hashlib.sha256(endpoint.encode()).hexdigest()


def subscribe(user, endpoint, p256dh, auth):
    """This device receives this person's pushes (a device moved to another account follows it)."""
    values = (endpoint or "", p256dh or "", auth or "")
    if not all(values) or any(len(v) > MAX_FIELD for v in values) \
            or not endpoint.startswith(("https://", "http://")):
        raise ServiceError(_l("This device could not be registered for notifications."))
    digest = _hash(endpoint)
    (PushSubscription.insert(user=user.id, endpoint_hash=digest, endpoint=endpoint, p256dh=p256dh,
                             auth=auth)
     .on_conflict(conflict_target=[PushSubscription.endpoint_hash],
                  update={PushSubscription.user: user.id, PushSubscription.p256dh: p256dh,
                          PushSubscription.auth: auth})
     .execute())


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


def announce(user_ids):
    """Push to every device of these people; a device its push service forgot is dropped.

    Called after the message is committed: a slow or refusing push service never undoes it.
    """
    key = keys.vapid()
    if key is None or not user_ids:
        return 0
    sent = 0
    rows = (PushSubscription.select(PushSubscription, User.locale)
            .join(User, on=(PushSubscription.user == User.id))
            .where(PushSubscription.user.in_(list(user_ids)) & (User.status == "active")))
    for row in rows:
        info = {"endpoint": row.endpoint, "keys": {"p256dh": row.p256dh, "auth": row.auth}}
        try:
            webpush(info, payload(row.user.locale), vapid_private_key=key,
                    vapid_claims={"sub": current_app.config["VAPID_SUBJECT"]},
                    content_encoding="aes128gcm", timeout=TIMEOUT_SECONDS, ttl=86400)
            sent += 1
        except WebPushException as exc:
            status = exc.response.status_code if exc.response is not None else None
            if status in (404, 410):
                PushSubscription.delete().where(PushSubscription.id == row.id).execute()
            else:
                current_app.logger.warning("push not delivered: status %s", status)
        except Exception as exc:  # a push service down must not fail the message
            current_app.logger.warning("push not delivered: %s", type(exc).__name__)
    return sent
