"""The lists of meetings: dates open to registration, one's own, a series' dates."""
import functools
from datetime import datetime, timedelta

from peewee import JOIN, Tuple, fn

from ..compiled import Compiled
from ..models import RSVP, Meeting, NewcomerProfile, Occurrence, User, VolunteerProfile, utcnow
from ..places import catalog
from ..places.names import fold
from .access import LIVE_RSVP, ends_at
from .recurrence import as_datetime
from .seats import open_for_rsvp
from .series import MAX_DURATION

PAGE_SIZE = 20
# A series page shows this much of the past: attendance over time, not forever.
PAST_SHOWN = 26
# Why a date comes where it does in the list: in the person's département, online, elsewhere.
NEAR, ONLINE, ELSEWHERE = 0, 1, 2
# Dates read at a time while looking for the series one runs with the soonest dates.
MANAGED_BATCH = 200


def listing():
    """Occurrence rows with what a list shows of their meeting; never the place or the link."""
    return (Occurrence.select(Occurrence.id, Occurrence.start_at, Occurrence.title,
                              Occurrence.capacity, Occurrence.seats_taken,
                              Occurrence.cancelled_at, Occurrence.attended, Meeting.id,
                              Meeting.title, Meeting.language, Meeting.city, Meeting.commune,
                              Meeting.region,
                              Meeting.online_only, Meeting.recurrence, Meeting.duration,
                              Meeting.count_only, Meeting.cancelled_at)
            .join(Meeting, on=(Occurrence.meeting == Meeting.id)))


def home_region(user):
    """The département of the person's profile commune, or "" if they gave none."""
    profile = NewcomerProfile if user.role == "newcomer" else VolunteerProfile
    found = profile.select(profile.region).where(profile.user == user.id).tuples().first()
    return found[0] if found else ""


def upcoming(user, language=None, place=None, region="", page=1, now=None):
    """A page of dates still open to registration, with this person's RSVP. Returns (rows, more).

    Those in the person's département (`region`) come first, then those held only online,
    then the rest, soonest first in each; each row's `nearness` says which. `place` "online"
    keeps the meetings held only online, a commune code that commune's.
    """
    now = now or utcnow()
    place_kind = "online" if place == "online" else "commune" if place else None
    # One query per group, each soonest first: the start-time index stops at the page, where
    # ordering by the group first would sort every date to come.
    wanted, rows = page * PAGE_SIZE + 1, []
    for nearness in (NEAR, ONLINE, ELSEWHERE) if region else (ONLINE, ELSEWHERE):
        found = _group(nearness, bool(region), bool(language), place_kind).rows(
            now, user.id, region, language or "", place or "", wanted - len(rows))
        for row in found:
            row.nearness = nearness
        rows += found
        if len(rows) == wanted:
            break
    rows = rows[(page - 1) * PAGE_SIZE:]
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


@functools.cache
def _group(nearness, near_first, by_language, place_kind):
    """The dates of one group of the list, soonest first, as a query compiled once."""
    def build(now, user_id, region, language, place, limit):
        query = (listing().select_extend(RSVP.status)
                 .switch(Occurrence)
                 .join(RSVP, JOIN.LEFT_OUTER, on=((RSVP.occurrence == Occurrence.id)
                                                  & (RSVP.user == user_id)), attr="mine")
                 .where(open_for_rsvp(now) & Meeting.cancelled_at.is_null())
                 .order_by(Occurrence.start_at, Occurrence.id).limit(limit))
        if by_language:
            query = query.where(Meeting.language == language)
        if place_kind == "online":
            query = query.where(Meeting.online_only)
        elif place_kind == "commune":
            query = query.where(Meeting.commune == place)
        in_person = ~Meeting.online_only
        if nearness == ONLINE:
            return query.where(Meeting.online_only)
        if nearness == NEAR:
            return query.where(in_person & (Meeting.region == region))
        return query.where(in_person & (Meeting.region != region) if near_first else in_person)
    return Compiled(build, datetime(2000, 1, 1), -1, "\0region", "\0language", "\0place", -2)


def communes(now=None):
    """The communes where a meeting is still to come, for the filter: (code, "Name (dép.)")."""
    now = now or utcnow()
    # EXISTS stops at a series' first date to come; a join would visit every one of them.
    to_come = Occurrence.select(1).where((Occurrence.meeting == Meeting.id) & open_for_rsvp(now))
    codes = [code for (code,) in
             Meeting.select(Meeting.commune).distinct()
             .where((Meeting.commune != "") & Meeting.cancelled_at.is_null()
                    & fn.EXISTS(to_come)).tuples()]
    found = [commune for commune in map(catalog.get, codes) if commune is not None]
    return sorted(((commune.code, commune.title) for commune in found),
                  key=lambda pair: fold(pair[1]))


def my_meetings(user, now=None):
    """The dates this person registered for that have not ended, cancelled ones included."""
    now = now or utcnow()
    rows = (listing().select_extend(RSVP.status, RSVP.position)
            .switch(Occurrence)
            .join(RSVP, on=(RSVP.occurrence == Occurrence.id), attr="mine")
            .where((RSVP.user == user.id) & RSVP.status.in_(LIVE_RSVP)
                   & (Occurrence.start_at > now - timedelta(minutes=MAX_DURATION)))
            .order_by(Occurrence.start_at, Occurrence.id))
    return [row for row in rows if ends_at(row) > now]


def managed_meetings(user, now=None):
    """The series this person facilitates (all of them for an organizer) with dates to come."""
    now = now or utcnow()
    dates = (Occurrence.select(Occurrence.meeting, Occurrence.start_at, Occurrence.id)
             .join(Meeting, on=(Occurrence.meeting == Meeting.id))
             .where(Meeting.cancelled_at.is_null() & open_for_rsvp(now))
             .order_by(Occurrence.start_at, Occurrence.id))
    if not user.is_organizer:
        dates = dates.where(Meeting.facilitator == user.id)
    # The soonest dates in batches until PAGE_SIZE series are found: the start-time index
    # stops there, where grouping by series would read every date to come.
    next_at, batch = {}, dates.limit(MANAGED_BATCH)
    while len(next_at) < PAGE_SIZE:
        found = list(batch.tuples())
        for meeting_id, start_at, _ in found:
            next_at.setdefault(meeting_id, as_datetime(start_at))
        if len(found) < MANAGED_BATCH:
            break
        last = found[-1]
        batch = dates.where(Tuple(Occurrence.start_at, Occurrence.id) > Tuple(*last[1:])
                            ).limit(MANAGED_BATCH)
    chosen = list(next_at)[:PAGE_SIZE]
    meetings = {meeting.id: meeting for meeting in Meeting.select(
        Meeting.id, Meeting.title, Meeting.city, Meeting.commune, Meeting.online_only,
        Meeting.language, Meeting.recurrence).where(Meeting.id.in_(chosen))}
    for meeting_id in chosen:
        meetings[meeting_id].next_at = next_at[meeting_id]
    return [meetings[meeting_id] for meeting_id in chosen]


def series_dates(meeting, now=None):
    """(past, coming, {occurrence id: waitlist length}) of a series; three queries."""
    now = now or utcnow()
    coming = list(listing().where((Occurrence.meeting == meeting.id)
                                   & (Occurrence.start_at > now))
                  .order_by(Occurrence.start_at))
    past = list(listing().where((Occurrence.meeting == meeting.id)
                                 & (Occurrence.start_at <= now))
                .order_by(Occurrence.start_at.desc()).limit(PAST_SHOWN))
    waiting = dict(RSVP.select(RSVP.occurrence, fn.COUNT(RSVP.id))
                   .join(Occurrence, on=(RSVP.occurrence == Occurrence.id))
                   .where((Occurrence.meeting == meeting.id) & (Occurrence.start_at > now)
                          & (RSVP.status == "waitlist"))
                   .group_by(RSVP.occurrence).tuples())
    return past, coming, waiting


def people_registered(occurrence):
    """Who registered for a date, seated first then the waitlist in order; for its managers."""
    return list(RSVP.select(RSVP.id, RSVP.status, RSVP.position, User.id, User.display_name,
                            User.role)
                .join(User, on=(RSVP.user == User.id))
                .where((RSVP.occurrence == occurrence.id) & RSVP.status.in_(LIVE_RSVP))
                .order_by(RSVP.status == "waitlist", RSVP.position, RSVP.updated_at, RSVP.id))
