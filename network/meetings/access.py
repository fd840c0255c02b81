"""Who may take part in, create and run meetings, and what of a date each person sees."""
from datetime import timedelta
from typing import NamedTuple

from flask_babel import lazy_gettext as _l

from ..core.errors import NotFound
from ..models import RSVP, VOLUNTEER_ROLES, Meeting, Occurrence, utcnow
from ..places import catalog

LIVE_RSVP = ("going", "waitlist")


def may_attend(user):
    """Vetted people take part in meetings: active newcomers, mentors and organizers."""
    return user.is_authenticated and user.status == "active"


def may_create(user):
    """Organizers and vetted mentors create meetings."""
    return user.status == "active" and user.role in VOLUNTEER_ROLES


def can_manage(user, meeting):
    """The facilitator and the organizers run a meeting, record and see who came."""
    return user.is_organizer or (may_create(user) and meeting.facilitator_id == user.id)


def get_meeting_for(user, meeting_id):
    """A series its facilitator or an organizer manages, else NotFound."""
    meeting = Meeting.get_or_none(Meeting.id == meeting_id)
    if meeting is None or not can_manage(user, meeting):
        raise NotFound
    return meeting


def ends_at(occurrence):
    """When an occurrence ends (naive UTC)."""
    return occurrence.start_at + timedelta(minutes=occurrence.meeting.duration)


def get_occurrence_for(user, occurrence_id, now=None):
    """An occurrence with its meeting, `mine` (this person's RSVP or None) and `managed`.

    Anyone taking part sees a date still open; a cancelled or past one only those registered
    for it, its facilitator and the organizers. Anyone else gets NotFound.
    """
    occurrence = (Occurrence.select(Occurrence, Meeting)
                  .join(Meeting, on=(Occurrence.meeting == Meeting.id))
                  .where(Occurrence.id == occurrence_id).get_or_none())
    if occurrence is None or not may_attend(user):
        raise NotFound
    occurrence.mine = RSVP.get_or_none((RSVP.occurrence == occurrence.id)
                                       & (RSVP.user == user.id))
    occurrence.managed = can_manage(user, occurrence.meeting)
    registered = occurrence.mine is not None and occurrence.mine.status in LIVE_RSVP
    open_now = occurrence.cancelled_at is None and ends_at(occurrence) > (now or utcnow())
    if not (occurrence.managed or registered or open_now):
        raise NotFound
    return occurrence


class Location(NamedTuple):
    """Where an occurrence takes place, for the people allowed to know."""

    place: str
    online_link: str


def location(occurrence):
    """The place and link of an occurrence from get_occurrence_for, or None if hidden."""
    going = occurrence.mine is not None and occurrence.mine.status == "going"
    if not (occurrence.managed or going):
        return None
    meeting = occurrence.meeting
    return Location(occurrence.place or meeting.place, meeting.online_link)


def needs_commune(meeting):
    """An in-person meeting whose city, from before communes, named none: its managers are asked."""
    return not meeting.online_only and catalog.get(meeting.commune) is None


def general_place(meeting):
    """What anyone who may register knows of where: the commune and its département, or online."""
    if meeting.online_only:
        return _l("Online")
    if needs_commune(meeting):
        return _l("Commune not given yet")
    return catalog.get(meeting.commune).title


def title_of(occurrence):
    """The title of this date: its own, or the series'."""
    return occurrence.title or occurrence.meeting.title
