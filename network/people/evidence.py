"""What a second organizer reads before confirming: the first one's record and the person's."""
from peewee import JOIN

from ..audit.service import record_read
from ..core.errors import NotFound
from ..models import (
    Approval,
    Invitation,
    NewcomerProfile,
    Offer,
    User,
    VolunteerProfile,
)
from .service import vetting_history


def evidence(approval_id, organizer):
    """The waiting request with everything recorded about its person, or NotFound.

    A newcomer's record shown here is a read of their data, audited like any other.
    """
    requester = User.alias()
    approval = (Approval.select(Approval, User, requester)
                .join(User, on=(Approval.target == User.id))
                .switch(Approval)
                .join(requester, JOIN.LEFT_OUTER, on=(Approval.requested_by == requester.id))
                .where((Approval.id == approval_id) & Approval.confirmed_at.is_null()
                       & Approval.cancelled_at.is_null())
                .get_or_none())
    if approval is None:
        raise NotFound()
    person = approval.target
    facts = dict(approval=approval, person=person)
    if person.role == "newcomer":
        record_read("newcomer", [person.id], item=approval, actor=organizer)
        facts["newcomer"] = NewcomerProfile.get_or_none(NewcomerProfile.user == person.id)
        return facts
    inviter = User.alias()
    facts.update(
        profile=VolunteerProfile.get_or_none(VolunteerProfile.user == person.id),
        history=vetting_history(person),
        offers=list(Offer.select().where(Offer.volunteer == person.id).order_by(Offer.id)),
        invitations=list(Invitation.select(Invitation, inviter)
                         .join(inviter, on=(Invitation.created_by == inviter.id))
                         .where(Invitation.used_by == person.id)),
    )
    return facts
