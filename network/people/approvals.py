"""The two-organizer rule: sensitive acts one organizer asks for and a different one confirms.

Every change of a person's status goes through `change_status`, so no single organizer can
let a volunteer in or take an organizer out (which would lower the count the rule rests on).
"""
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l

from ..audit.service import record
from ..auth import reset, sessions
from ..conversations import service as conversations
from ..core.access import active_organizers
from ..core.errors import ServiceError
from ..db import write_transaction
from ..models import Approval, User, utcnow
from ..notify.service import alert_organizers, link, notify
from ..privacy.service import erase

REVEAL_FOR = timedelta(hours=1)
# Approvals that let their requester read something for REVEAL_FOR.
REVEALS = ("reveal_identity", "read_conversation")


def _active_organizers():
    return User.select(User.id).where(active_organizers())


def rule_applies():
    """The rule holds when it is switched on and the network has two or more organizers."""
    if not current_app.config["TWO_ORGANIZER_RULE"]:
        return False
    return _active_organizers().count() >= 2


def needed_for(person, status):
    """The approval a status change needs while the rule holds, or None."""
    if person.role == "newcomer" or person.status == status:
        return None
    if status == "active":
        return "approve_volunteer"
    if person.role == "organizer" and person.status == "active":
        return "suspend_organizer"
    return None


def change_status(person, status, organizer):
    """Change a person's status, or ask a second organizer when the rule holds it back.

    Returns the approval request when one is needed, else None.
    """
    kind = needed_for(person, status)
    if kind is not None and rule_applies():
        return request(kind, person, organizer)
    _set_status(person, status, organizer)
    return None


def _set_status(person, status, organizer):
    if person.status == status:
        return
    User.update(status=status).where(User.id == person.id).execute()
    if status == "suspended":
        # Every open session of a suspended person ends at its next request.
        sessions.end_all(person)
    was = person.status
    person.status = status
    record("user.status_changed", target=person, actor=organizer, detail=status)
    if status == "suspended":
        lapse(person)
        conversations.close_for_volunteer(person)
    if was == "pending" and status == "active":
        _welcome(person)


def _welcome(person):
    # Told at once, in their language: a newcomer that they are in, a volunteer what to do next.
    if person.role == "newcomer":
        notify(person, "alert", f"taken-in:{person.id}", "taken_in", link=link("main.home"))
    else:
        notify(person, "alert", f"approved:{person.id}", "volunteer_approved",
               link=link("offers.index"))


def lapse(person):
    """A suspended person's requests end: those they asked, those about their standing, and the
    identity reveals they asked or granted that are still running."""
    now = utcnow()
    reveals = Approval.kind.in_(REVEALS)
    about_them = (Approval.target == person.id) & ~reveals
    Approval.update(cancelled_at=now).where(
        Approval.cancelled_at.is_null()
        & ((Approval.confirmed_at.is_null() & ((Approval.requested_by == person.id) | about_them))
           | (reveals & (Approval.confirmed_at >= now - REVEAL_FOR)
              & ((Approval.requested_by == person.id) | (Approval.confirmed_by == person.id))))
    ).execute()


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
    """A second, different organizer confirms; the act is carried out in the same transaction.

    Returns what the act hands over: the one-time link of a password reset, else None.

    A request whose asker is no longer an active organizer cannot be confirmed.
    """
    if approval.requested_by_id == organizer.id:
        raise ServiceError(_l("A second, different organizer must confirm."))
    if approval.kind == "reset_password" and approval.target_id == organizer.id:
        raise ServiceError(_l("A request about you is decided by the other organizers."))
    with write_transaction():
        confirmed = (Approval.update(confirmed_by=organizer, confirmed_at=utcnow())
                     .where((Approval.id == approval.id) & Approval.confirmed_at.is_null()
                            & Approval.cancelled_at.is_null()
                            & Approval.requested_by.in_(_active_organizers()))
                     .execute())
        if not confirmed:
            raise ServiceError(_l("This request was already handled."))
        record("approval.confirmed", target=approval.target, actor=organizer,
               detail=f"{approval.kind} #{approval.requested_by_id}")
        return ACTS[approval.kind](approval.target, organizer)


def cancel(approval, organizer):
    """Withdraw or refuse a request; the person it is about cannot refuse it."""
    if approval.target_id == organizer.id:
        raise ServiceError(_l("A request about you is decided by the other organizers."))
    Approval.update(cancelled_at=utcnow()).where(
        (Approval.id == approval.id) & Approval.confirmed_at.is_null()).execute()
    record("approval.cancelled", target=approval.target, actor=organizer, detail=approval.kind)


def activate_volunteer(volunteer, organizer):
    """The approved volunteer may now see the people matched with them."""
    _set_status(volunteer, "active", organizer)


def suspend_organizer(person, organizer):
    """The organizer's sessions end and their requests lapse."""
    _set_status(person, "suspended", organizer)


def promote(person, organizer):
    """Make a vetted volunteer an organizer; their sessions end so they log in with 2FA."""
    User.update(role="organizer").where(User.id == person.id).execute()
    sessions.end_all(person)
    record("user.role_changed", target=person, actor=organizer, detail="organizer")


def start_password_reset(person, organizer):
    """For someone who lost their mailbox: a link handed over in person.

    While the rule holds a second organizer confirms and is shown the link (returns None here);
    otherwise the link is returned at once.
    """
    if person.id == organizer.id:
        raise ServiceError(_l("For your own account, use “Forgot your password?” on the login "
                              "page."))
    if person.status == "suspended" or person.erased_at is not None:
        raise ServiceError(_l("This account cannot log in: no password link is made for it."))
    if rule_applies():
        request("reset_password", person, organizer)
        return None
    return reset.hand_over(person, organizer)


def _reveal(newcomer, organizer):
    """Nothing to change: a confirmed request lets its requester read the field for an hour."""


ACTS = {"approve_volunteer": activate_volunteer, "suspend_organizer": suspend_organizer,
        "promote_organizer": promote, "reveal_identity": _reveal,
        "read_conversation": _reveal, "reset_password": reset.hand_over,
        "erase_newcomer": erase}


def erase_newcomer(newcomer, organizer):
    """Erase a newcomer's data, or ask a second organizer while the rule holds.

    Returns the approval request when one is needed, else None.
    """
    if rule_applies():
        return request("erase_newcomer", newcomer, organizer)
    erase(newcomer, organizer)
    return None


def may_reveal(organizer, newcomer, kind="reveal_identity"):
    """Whether this organizer may read the newcomer's identity field (or `kind`) right now."""
    if not rule_applies():
        return True
    return Approval.select().where(
        (Approval.kind == kind) & (Approval.target == newcomer.id)
        & (Approval.requested_by == organizer.id) & Approval.confirmed_at.is_null(False)
        & Approval.cancelled_at.is_null()
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
