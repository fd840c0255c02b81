"""Vetting decisions, intake and status changes, each one transaction with its audit event."""
from flask_babel import lazy_gettext as _l
from peewee import JOIN

from ..audit.service import record
from ..core.access import active_organizers
from ..core.codes import DEPARTEMENT
from ..core.errors import ServiceError
from ..db import write_transaction
from ..models import (
    VOLUNTEER_ROLES,
    Lead,
    NewcomerProfile,
    Offer,
    User,
    VettingRecord,
    VolunteerProfile,
    utcnow,
)
from ..timeutil import paris_date
from . import approvals

DECISION_STATUS = {
    "approved": "active",
    "rejected": "suspended",
    "suspended": "suspended",
    "reinstated": "active",
}
PAGE_SIZE = 50


def decisions_for(volunteer):
    """The vetting decisions open for this person: reinstating only someone suspended."""
    return tuple(decision for decision in DECISION_STATUS
                 if decision != "reinstated" or volunteer.status == "suspended")


def record_vetting(volunteer, organizer, decision, interview_done=False, references="", note="",
                   interview_on=None, today=None):
    """Record one vetting step and apply its decision; letting someone in or taking an organizer
    out may need a second organizer. `interview_on` is the interview's day, not in the future.

    Returns the approval request when the two-organizer rule holds it back, else None.
    """
    if decision not in decisions_for(volunteer):
        raise ServiceError(_l("Unknown decision."))
    if interview_on is not None and interview_on > (today or paris_date(utcnow())):
        raise ServiceError(_l("The interview date cannot be in the future."))
    if volunteer.id == organizer.id:
        raise ServiceError(_l("You cannot vet yourself."))
    if decision == "approved" and not (
        interview_done
        or VettingRecord.select().where(
            (VettingRecord.volunteer == volunteer) & VettingRecord.interview_done
        ).exists()
    ):
        raise ServiceError(_l("Approve a volunteer only after the interview."))
    with write_transaction():
        VettingRecord.create(
            volunteer=volunteer, organizer=organizer, decision=decision,
            interview_done=interview_done, interview_on=interview_on,
            references=references.strip(), note=note.strip(),
        )
        record("vetting.recorded", target=volunteer, actor=organizer, detail=decision)
        return approvals.change_status(volunteer, DECISION_STATUS[decision], organizer)


def promotable(person):
    """Only an active, vetted mentor can become an organizer."""
    return person.role == "mentor" and person.status == "active"


def promote(person, organizer):
    """Make an active mentor an organizer, with a second organizer's confirmation if required."""
    if not promotable(person):
        raise ServiceError(_l("Only an active, vetted mentor can become an organizer."))
    if approvals.rule_applies():
        return approvals.request("promote_organizer", person, organizer)
    approvals.promote(person, organizer)
    return None


def admit_newcomer(newcomer, organizer):
    """Take a pending newcomer in: from now on they can be matched."""
    if newcomer.status != "pending":
        raise ServiceError(_l("This person is not waiting to be taken in."))
    with write_transaction():
        approvals.change_status(newcomer, "active", organizer)


def set_newcomer_status(newcomer, status, organizer):
    """Suspend a newcomer's account or restore it."""
    if status not in ("active", "suspended"):
        raise ServiceError(_l("Unknown status."))
    with write_transaction():
        approvals.change_status(newcomer, status, organizer)


def _found(query, profile, status, search, place):
    """Narrow a list by status, a part of the pseudonym, and a commune or a département."""
    if status:
        query = query.where(User.status == status)
    if search:
        query = query.where(User.display_name.contains(search))
    if place and DEPARTEMENT.match(place.upper()):
        query = query.where(profile.region == place.upper())
    elif place:
        query = query.where(profile.city.contains(place))
    return query


def volunteers(status=None, page=1, search=None, place=None, kind=None):
    """A page of volunteers with their profiles, oldest waiting first; `kind` keeps those with a
    live offer of that kind."""
    query = (User.select(User, VolunteerProfile)
             .join(VolunteerProfile, join_type=JOIN.LEFT_OUTER)
             .where(User.role.in_(VOLUNTEER_ROLES))
             .order_by(User.created_at, User.id))
    if kind:
        query = query.where(User.id.in_(Offer.select(Offer.volunteer).where(
            (Offer.kind == kind) & (Offer.status != "ended"))))
    return _page(_found(query, VolunteerProfile, status, search, place), page)


def newcomers(status=None, page=1, search=None, place=None, need=None, lead=None):
    """A page of newcomers with their profiles and `lead`, their lead organizer or None, oldest
    waiting first; `lead` asked for is an organizer's number."""
    query = (User.select(User, NewcomerProfile)
             .join(NewcomerProfile, join_type=JOIN.LEFT_OUTER)
             .where(User.role == "newcomer")
             .order_by(User.created_at, User.id))
    query = _found(query, NewcomerProfile, status, search, place)
    if need:
        query = query.where(NewcomerProfile.needs.contains(need))
    if lead:
        query = query.where(User.id.in_(Lead.select(Lead.newcomer).where(Lead.organizer == lead)))
    rows, more = _page(query, page)
    leads = {row.newcomer_id: row.organizer
             for row in Lead.select(Lead.newcomer, User.id, User.display_name)
             .join(User, on=(Lead.organizer == User.id))
             .where(Lead.newcomer.in_([person.id for person in rows]))}
    for person in rows:
        person.lead = leads.get(person.id)
    return rows, more


def organizers():
    """The active organizers, by name: the choices of a lead organizer."""
    return list(User.select(User.id, User.display_name).where(active_organizers())
                .order_by(User.display_name, User.id))


def _page(query, page):
    rows = list(query.paginate(page, PAGE_SIZE).limit(PAGE_SIZE + 1))
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def vetting_history(volunteer):
    """Every vetting step for a volunteer with the organizer's name, newest first."""
    organizer = User.alias()
    return list(
        VettingRecord.select(VettingRecord, organizer)
        .join(organizer, join_type=JOIN.LEFT_OUTER, on=(VettingRecord.organizer == organizer.id))
        .where(VettingRecord.volunteer == volunteer)
        .order_by(VettingRecord.created_at.desc(), VettingRecord.id.desc())
    )


def set_identity(newcomer, text, organizer):
    """Replace the encrypted identity field (writing it reveals nothing that was there)."""
    (NewcomerProfile.update(identity=text.strip())
     .where(NewcomerProfile.user == newcomer.id).execute())
    record("identity.updated", target=newcomer, actor=organizer)
