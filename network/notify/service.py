"""Sending notifications: a row per recipient with a unique dedupe key, and an email if wanted."""
from flask import current_app
from flask_babel import force_locale
from peewee import fn

from ..compiled import Compiled
from ..core.access import active_organizers
from ..db import write_transaction
from ..links import absolute
from ..models import Notification, OutboxEmail, User, utcnow
from .messages import EMAIL_BODY, EMAIL_SUBJECT


def notify(recipient, kind, key, code, params=None, link="", email=True):
    """Notify one person; a second call with the same key changes nothing. True if new.

    `email=False` when the caller sends an email of its own that says more.
    """
    return notify_many([dict(recipient=recipient, kind=kind, key=key, code=code, params=params,
                             link=link, email=email)]) == 1


def alert_organizers(key, code, params=None, link="", kind="alert", exclude=None):
    """The same alert to every active organizer (but `exclude`), each with their own dedupe key."""
    organizers = User.select(User.id).where(active_organizers() & (User.id != (exclude or 0)))
    return notify_many([dict(recipient=o.id, kind=kind, key=f"{key}:{o.id}", code=code,
                             params=params, link=link) for o in organizers])


def notify_many(items):
    """Insert notifications in bulk, skipping keys already sent; returns how many are new."""
    items = list(items)
    if not items:
        return 0
    rows = [dict(recipient=_id(i["recipient"]), kind=i["kind"], dedupe_key=i["key"][:160],
                 payload={"code": i["code"], "params": i.get("params") or {}},
                 link=i.get("link", "")) for i in items]
    with write_transaction():
        keys = [row["dedupe_key"] for row in rows]
        before = set(Notification.select(Notification.dedupe_key)
                     .where(Notification.dedupe_key.in_(keys)).tuples().iterator())
        fresh = [row for row in rows if (row["dedupe_key"],) not in before]
        if not fresh:
            return 0
        Notification.insert_many(fresh).on_conflict_ignore().execute()
        if current_app.config.get("SMTP_HOST"):
            silent = {i["key"][:160] for i in items if not i.get("email", True)}
            _queue_emails([row["dedupe_key"] for row in fresh if row["dedupe_key"] not in silent])
    return len(fresh)


def _id(recipient):
    return recipient if isinstance(recipient, int) else recipient.id


def _queue_emails(keys):
    """An outbox row for each new notification whose recipient wants this kind by email."""
    rows = []
    query = (Notification.select(Notification.id, Notification.kind, Notification.link,
                                 User.email, User.locale, User.email_off)
             .join(User, on=(Notification.recipient == User.id))
             .where(Notification.dedupe_key.in_(keys) & (User.status == "active")))
    for note in query.objects():
        if note.kind in note.email_off:
            continue
        with force_locale(note.locale or "en"):
            rows.append(dict(notification=note.id, to_address=note.email,
                             subject=str(EMAIL_SUBJECT),
                             body=str(EMAIL_BODY) % {"link": _absolute(note.link)}))
    if rows:
        OutboxEmail.insert_many(rows).on_conflict_ignore().execute()


def _absolute(link):
    return absolute(link or "/notifications/")


def send_email(to_address, subject, body, notification=None):
    """Put one email in the outbox; in development without SMTP_HOST, show it in the log."""
    config = current_app.config
    if config.get("SMTP_HOST"):
        OutboxEmail.insert(notification=notification, to_address=to_address, subject=subject,
                           body=body).on_conflict_ignore().execute()
    elif config.get("PRODUCTION"):
        current_app.logger.error("an email was not sent: SMTP_HOST is not set")
    else:
        # Development has no mail server: the message (a sign-up link) must still be reachable.
        current_app.logger.warning("email not sent (no SMTP_HOST)\nTo: %s\nSubject: %s\n\n%s",
                                   to_address, subject, body)


# Every page shows it: its SQL is written once.
UNREAD = Compiled(lambda user_id: Notification.select(fn.COUNT(Notification.id)).where(
    (Notification.recipient == user_id) & Notification.read_at.is_null()), -1)


def unread_count(user):
    """How many notifications this person has not read."""
    return UNREAD.scalar(user.id)


def inbox(user, page=1, per_page=30):
    """A page of the person's notifications, newest first."""
    rows = list(Notification.select().where(Notification.recipient == user.id)
                .order_by(Notification.created_at.desc(), Notification.id.desc())
                .paginate(page, per_page).limit(per_page + 1))
    return rows[:per_page], len(rows) > per_page


def mark_read(user, notification_id=None):
    """Mark one notification (or all) of this person as read."""
    query = Notification.update(read_at=utcnow()).where(
        (Notification.recipient == user.id) & Notification.read_at.is_null())
    if notification_id is not None:
        query = query.where(Notification.id == notification_id)
    return query.execute()


def link(endpoint, **values):
    """A site-relative link that works in a request or in a scheduler job alike."""
    return current_app.url_map.bind("localhost").build(endpoint, values)


def own(user, notification_id):
    """One of this person's notifications, or None."""
    return Notification.get_or_none((Notification.id == notification_id)
                                    & (Notification.recipient == user.id))
