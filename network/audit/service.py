"""Recording and querying audit events."""
import hashlib
import hmac
from datetime import timedelta

from flask import current_app, g, has_request_context
from peewee import JOIN

from ..core.codes import AUDIT_READS, AUDIT_TARGETS
from ..models import AuditEvent, User, utcnow
from ..notify.service import alert_organizers, link
from ..timeutil import paris_midnight_utc


def hash_ip(address):
    """A keyed hash of an address: lets us spot one source without storing where it is."""
    if not address:
        return ""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:16]


# What of a newcomer's data someone else read; each read names the newcomer as its target.
READS = AUDIT_READS
READ_ACTIONS = tuple(f"{what}.viewed" for what in READS)


def _origin(actor):
    """Who acts and the hash of where from: the request's, as the web edge reports them.

    Asked at each event, not once a request: logging in changes who acts mid-request.
    """
    report = current_app.extensions.get("audit_origin") if has_request_context() else None
    if report is None:
        return actor, ""
    person, address = report
    return (person() if actor is None else actor), address()


def _kind(thing):
    """The kind of a model instance as the trail names it, one the trail has words for."""
    if thing is None:
        return ""
    # The logged-in user comes as Flask-Login's proxy: the trail names the person.
    thing = getattr(thing, "_get_current_object", lambda: thing)()
    kind = type(thing).__name__.lower()
    if kind not in AUDIT_TARGETS:
        raise ValueError(f"{kind} is no kind of target the audit trail has words for")
    return kind


def record(action, target=None, actor=None, detail=""):
    """Append one event; actor defaults to the logged-in user, target is a model or None."""
    if action in READ_ACTIONS:
        raise ValueError(f"{action} is a read of a newcomer's data: use record_read")
    kind = _kind(target)
    actor, address = _origin(actor)
    return AuditEvent.create(
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_type=kind,
        target_id=target.id if target is not None else None,
        detail=detail[:255],
        ip_hash=address,
    )


def record_read(what, newcomer_ids, item=None, actor=None):
    """Someone other than the newcomer read `what` of their data: one event per newcomer.

    Every read counts toward the unusual-access alert, and the page that shows it is never
    kept by the page cache, so the next read is recorded too.
    """
    if what not in READS:
        raise ValueError(f"unknown read: {what}")
    actor, address = _origin(actor)
    newcomer_ids = sorted(set(newcomer_ids) - {actor.id if actor is not None else None})
    if has_request_context():
        g.audited = True
    if not newcomer_ids:
        return
    detail = f"{_kind(item)} {item.id}" if item is not None else ""
    at = utcnow()
    AuditEvent.insert_many([
        dict(actor_id=actor.id if actor is not None else None, action=f"{what}.viewed",
             target_type="user", target_id=newcomer_id, detail=detail, ip_hash=address, at=at)
        for newcomer_id in newcomer_ids
    ]).execute()
    if actor is not None:
        _watch(actor)


def _watch(actor):
    """Someone reading many different newcomers' data in a short time is how a leak looks."""
    config = current_app.config
    opened = len({target for target, action in _recent_events(
        actor.id, utcnow() - timedelta(minutes=config["UNUSUAL_ACCESS_MINUTES"]))
        if action in READ_ACTIONS})
    if opened < config["UNUSUAL_ACCESS_COUNT"]:
        return
    window = utcnow().strftime("%Y-%m-%dT%H")
    if alert_organizers(f"unusual-access:{actor.id}:{window}", "unusual_access",
                        link=link("audit.index", actor=actor.id), exclude=actor.id):
        AuditEvent.create(actor_id=actor.id, action="access.unusual", target_type="user",
                          target_id=actor.id, detail=f"{opened} records")


def _recent_events(actor_id, since):
    """What one person did since a moment: (target, action) pairs, from the (actor, at) index.

    It runs on every audited view, so it must never scan the trail, whatever statistics the
    planner has: no condition on the action (its index would offer every read ever made), and
    the order of that index, so reading it in order is the plan that needs no sort.
    """
    return (AuditEvent.select(AuditEvent.target_id, AuditEvent.action)
            .where((AuditEvent.actor_id == actor_id) & (AuditEvent.at >= since))
            .order_by(AuditEvent.actor_id, AuditEvent.at).tuples())


def known_actions():
    """The actions that occur in the trail, for the filter (read, not kept by hand)."""
    return [a for (a,) in AuditEvent.select(AuditEvent.action).distinct()
            .order_by(AuditEvent.action).tuples()]


def search(action=None, person=None, actor_id=None, target_type=None, target_id=None,
           since=None, until=None, page=1, per_page=50):
    """One page of events, newest first, with the actors' names joined in one query; `person`
    keeps the events done by or to anyone whose pseudonym holds that text."""
    query = (
        AuditEvent.select(AuditEvent, User.display_name.alias("actor_name"))
        .join(User, on=(AuditEvent.actor_id == User.id), join_type=JOIN.LEFT_OUTER)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    if action:
        query = query.where(AuditEvent.action == action)
    if person:
        named = User.select(User.id).where(User.display_name.contains(person.strip()))
        query = query.where(AuditEvent.actor_id.in_(named)
                            | ((AuditEvent.target_type == "user")
                               & AuditEvent.target_id.in_(named)))
    if actor_id:
        query = query.where(AuditEvent.actor_id == actor_id)
    if target_type:
        query = query.where(AuditEvent.target_type == target_type)
    if target_id:
        query = query.where(AuditEvent.target_id == target_id)
    if since:
        query = query.where(AuditEvent.at >= paris_midnight_utc(since))
    if until:
        query = query.where(AuditEvent.at < paris_midnight_utc(until + timedelta(days=1)))
    # One row more than a page tells whether there is a next page without a COUNT.
    rows = list(query.paginate(page, per_page).limit(per_page + 1).objects())
    return rows[:per_page], len(rows) > per_page
