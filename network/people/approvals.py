"""The two-organizer rule: sensitive acts one organizer asks for and a different one confirms."""
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from peewee import fn

from ..audit.service import record
from ..auth import sessions
from ..auth.service import ServiceError
from ..db import write_transaction
from ..models import Approval, User, utcnow
from ..notify.service import alert_organizers, link

REVEAL_FOR = timedelta(hours=1)


def rule_applies():
    """The rule holds when it is switched on and the network has two or more organizers."""
    if not current_app.config["TWO_ORGANIZER_RULE"]:
        return False
    organizers = User.select(fn.COUNT(User.id)).where(
        (User.role == "organizer") & (User.status == "active")).scalar()
    return organizers >= 2


def open_approval(kind, target):
    """The request for this act on this person still waiting for a second organizer, if any."""
    return Approval.get_or_none((Approval.kind == kind) & (Approval.target == target.id)
                                & Approval.confirmed_at.is_null() & Approval.cancelled_at.is_null())


def request(kind, target, organizer):
    """Ask for a second organizer's confirmation (once per act and person)."""
    existing = open_approval(kind, target)
    if existing is not None:
        return existing
    approval = Approval.create(kind=kind, target=target, requested_by=organizer)
    record("approval.requested", target=target, actor=organizer, detail=kind)
    alert_organizers(f"approval:{approval.id}", "approval_needed", exclude=organizer.id,
                     link=link("people.approvals_list"))
    return approval


def confirm(approval, organizer):
    """A second, different organizer confirms; the act is carried out in the same transaction."""
    if approval.requested_by_id == organizer.id:
        raise ServiceError(_l("A second, different organizer must confirm."))
    with write_transaction():
        confirmed = (Approval.update(confirmed_by=organizer, confirmed_at=utcnow())
                     .where((Approval.id == approval.id) & Approval.confirmed_at.is_null()
                            & Approval.cancelled_at.is_null())
                     .execute())
        if not confirmed:
            raise ServiceError(_l("This request was already handled."))
        record("approval.confirmed", target=approval.target, actor=organizer,
               detail=f"{approval.kind} asked by #{approval.requested_by_id}")
        ACTS[approval.kind](approval.target, organizer)


def cancel(approval, organizer):
    """Withdraw or refuse a request."""
    Approval.update(cancelled_at=utcnow()).where(
        (Approval.id == approval.id) & Approval.confirmed_at.is_null()).execute()
    record("approval.cancelled", target=approval.target, actor=organizer, detail=approval.kind)


def activate_volunteer(volunteer, organizer):
    """The approved volunteer may now see the people matched with them."""
    User.update(status="active").where(User.id == volunteer.id).execute()
    record("user.status_changed", target=volunteer, actor=organizer, detail="active")


def promote(person, organizer):
    """Make a vetted volunteer an organizer; their sessions end so they log in with 2FA."""
    User.update(role="organizer").where(User.id == person.id).execute()
    sessions.end_all(person)
    record("user.role_changed", target=person, actor=organizer, detail="organizer")


def _reveal(newcomer, organizer):
    """Nothing to change: a confirmed request lets its requester read the field for an hour."""


ACTS = {"approve_volunteer": activate_volunteer, "promote_organizer": promote,
        "reveal_identity": _reveal}


def may_reveal(organizer, newcomer):
    """Whether this organizer may read the newcomer's identity field right now."""
    if not rule_applies():
        return True
    return Approval.select().where(
        (Approval.kind == "reveal_identity") & (Approval.target == newcomer.id)
        & (Approval.requested_by == organizer.id) & Approval.confirmed_at.is_null(False)
        & (Approval.confirmed_at >= utcnow() - REVEAL_FOR)).exists()


def waiting_for(person):
    """Open requests about one person."""
    return list(Approval.select().where((Approval.target == person.id)
                                        & Approval.confirmed_at.is_null()
                                        & Approval.cancelled_at.is_null()))


def waiting(limit=50):
    """Requests waiting for a second organizer, oldest first, with both people's names."""
    target, requester = User.alias(), User.alias()
    return list(Approval.select(Approval, target, requester)
                .join(target, on=(Approval.target == target.id))
                .switch(Approval).join(requester, on=(Approval.requested_by == requester.id))
                .where(Approval.confirmed_at.is_null() & Approval.cancelled_at.is_null())
                .order_by(Approval.requested_at).limit(limit))
