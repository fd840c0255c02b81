"""Who may see or change what, and as what relation: the one answer guards, services and pages ask.

A function here returns a relation (or the flags a page shows), None where the person has none:
the caller answers None with a 404, never a hint that the thing exists.
"""
from dataclasses import dataclass
from enum import StrEnum

from ..models import VOLUNTEER_ROLES, Match, User

LIVE = ("proposed", "active")


class Relation(StrEnum):
    """How a person stands to a newcomer's record or to a match."""

    ORGANIZER = "organizer"
    MENTOR = "mentor"
    # The host or language helper of an active match.
    HELPER = "helper"
    # The volunteer of a match, whatever its kind.
    VOLUNTEER = "volunteer"
    # The newcomer themself.
    NEWCOMER = "newcomer"
    # An organizer reading, with a second organizer's confirmation, a conversation they take
    # no part in.
    READER = "reader"


def is_active_volunteer(user):
    """A vetted volunteer: a mentor or an organizer whose account is active."""
    return user.role in VOLUNTEER_ROLES and user.status == "active"


def active_organizers():
    """The organizers whose account is active, as a query condition on User."""
    return (User.role == "organizer") & (User.status == "active")


def active_mentors(newcomers):
    """Each newcomer's mentors of an active match: {newcomer id: [volunteer ids]}."""
    found = {}
    if newcomers:
        for newcomer, volunteer in (Match.select(Match.newcomer, Match.volunteer)
                                    .where(Match.newcomer.in_(list(newcomers))
                                           & (Match.kind == "mentor") & (Match.status == "active"))
                                    .tuples()):
            found.setdefault(newcomer, []).append(volunteer)
    return found


def newcomer_relation(user, newcomer_id):
    """How this user relates to a newcomer's record: organizer, mentor, helper or None."""
    if user.is_organizer:
        return Relation.ORGANIZER
    if not is_active_volunteer(user):
        return None
    kinds = {kind for (kind,) in Match.select(Match.kind).where(
        (Match.volunteer == user.id) & (Match.newcomer == newcomer_id)
        & (Match.status == "active")).tuples()}
    if "mentor" in kinds:
        return Relation.MENTOR
    return Relation.HELPER if kinds else None


def procedure_relation(user, newcomer_id):
    """Who keeps a newcomer's procedure dates: the newcomer, their mentor or an organizer."""
    if user.role == "newcomer":
        return Relation.NEWCOMER if user.id == newcomer_id else None
    relation = newcomer_relation(user, newcomer_id)
    return relation if relation in (Relation.MENTOR, Relation.ORGANIZER) else None


def checkin_relation(user, checkin):
    """How this user stands to a check-in (its match loaded): mentor, organizer, newcomer or None.

    The mentor and the newcomer reach check-ins of an active match only; organizers any.
    """
    match = checkin.match
    live = match.status == "active" and user.status == "active"
    if live and user.id == match.volunteer_id:
        return Relation.MENTOR
    if user.is_organizer:
        return Relation.ORGANIZER
    if live and user.id == match.newcomer_id:
        return Relation.NEWCOMER
    return None


@dataclass(frozen=True)
class NewcomerView:
    """What one viewer may see and do on a newcomer's record."""

    relation: Relation

    @property
    def contact(self):
        """How to reach the newcomer: everyone the record is open to, the helpers included."""
        return self.relation in (Relation.ORGANIZER, Relation.MENTOR, Relation.HELPER)

    @property
    def history(self):
        """Arrival, needs, sign-up date and notes: for the organizers and the mentor only."""
        return self.relation in (Relation.ORGANIZER, Relation.MENTOR)

    @property
    def referrer(self):
        """Who referred the newcomer: organizers only."""
        return self.relation == Relation.ORGANIZER

    @property
    def manage(self):
        """Take in, suspend, erase, identity and procedure dates: organizers only."""
        return self.relation == Relation.ORGANIZER


@dataclass(frozen=True)
class MatchView:
    """What one viewer may see and do on one match."""

    relation: Relation
    newcomer: bool = False
    volunteer: bool = False
    contact: bool = False
    needs: bool = False
    reasons: bool = False
    problem: bool = False
    report: bool = False
    answer: bool = False
    end: bool = False

    @property
    def newcomer_facts(self):
        """The newcomer's city, languages and dates, for someone other than the newcomer."""
        return self.relation != Relation.NEWCOMER and self.newcomer

    @property
    def audited(self):
        """Someone other than the newcomer sees the newcomer's data: the read is recorded."""
        return self.newcomer_facts


def accepted(match):
    """The volunteer said yes: active now, or ended after having been active."""
    return match.status == "active" or (match.status == "ended" and match.responded_at is not None)


def match_view(viewer, match):
    """What this viewer may see of this match, or None where they have no relation to it.

    The newcomer sees the volunteer once the volunteer has accepted. The volunteer sees the
    newcomer's pseudonym, city, languages and dates while a proposal waits for an answer and
    the contact once it is active; a declined, withdrawn or ended match shows them nothing of
    the newcomer.
    """
    live, active = match.status in LIVE, match.status == "active"
    answer = viewer.id == match.volunteer_id and match.status == "proposed"
    if viewer.is_organizer:
        return MatchView(Relation.ORGANIZER, newcomer=True, volunteer=True, contact=active,
                         needs=True, reasons=True, problem=True, report=live, answer=answer,
                         end=active)
    if viewer.id == match.newcomer_id:
        return MatchView(Relation.NEWCOMER, newcomer=True, volunteer=accepted(match),
                         problem=live, report=live)
    if viewer.id == match.volunteer_id and viewer.status == "active":
        return MatchView(Relation.VOLUNTEER, newcomer=live, volunteer=True, contact=active,
                         needs=active and match.kind == "mentor", problem=live, report=live,
                         answer=answer, end=active)
    return None


@dataclass(frozen=True)
class ConversationView:
    """What one person may do in one conversation."""

    relation: Relation
    open: bool

    @property
    def participant(self):
        """Takes part: reads, marks read and reports, also once the conversation is closed."""
        return self.relation != Relation.READER

    @property
    def write(self):
        """Writes and sets when messages disappear: a participant, while the match lives."""
        return self.participant and self.open

    @property
    def audited(self):
        """An organizer outside the conversation reads it: the read is recorded."""
        return self.relation == Relation.READER


def conversation_view(user, conversation, confirmed):
    """What this person may do in this conversation, or None.

    The newcomer and the volunteer of its match, or every organizer in a newcomer's conversation
    with the organizers, take part; an ended match or a suspended volunteer leaves it closed,
    readable by its participants and written by none. Another organizer reads it only when
    `confirmed()` (a second organizer agreed); nobody else sees it.
    """
    if user.status != "active":
        return None
    is_open = conversation.status == "open"
    if user.id == conversation.newcomer_id:
        return ConversationView(Relation.NEWCOMER, is_open)
    if conversation.kind == "organizers" and user.is_organizer:
        return ConversationView(Relation.ORGANIZER, is_open)
    if conversation.kind != "organizers" and user.id == conversation.volunteer_id:
        return ConversationView(Relation.VOLUNTEER, is_open)
    if user.is_organizer and confirmed():
        return ConversationView(Relation.READER, is_open)
    return None


@dataclass(frozen=True)
class Menu:
    """Which parts of the site a signed-in person's navigation offers."""

    organizer: bool
    newcomer: bool
    checkins: bool
    volunteer: bool
    meetings: bool
    conversations: bool


def menu(user):
    """The navigation this person may use: the same rules the route guards apply."""
    newcomer = user.role == "newcomer"
    active = user.status == "active"
    return Menu(organizer=user.is_organizer,
                newcomer=newcomer and user.status in ("pending", "active"),
                checkins=newcomer and active, volunteer=is_active_volunteer(user),
                meetings=active, conversations=active)
