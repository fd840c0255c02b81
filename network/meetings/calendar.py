"""Private calendar feeds and single-date downloads, as iCalendar in Paris time.

A feed URL is a bearer token that calendar apps keep and sync through their providers, so a
feed says only what and when: no place finer than a commune, no names, no notes; its links lead
back to Passage, where the person logs in to see the rest. Series are written out as their
occurrences, each with its own UID, so a moved or cancelled date updates on its own. Every
event carries a reminder, and everything is in the language of the person it is for.
"""
import hashlib
import secrets
from datetime import date, datetime, timedelta, timezone

from flask_babel import force_locale, pgettext
from flask_babel import gettext as _
from icalendar import Alarm, Calendar, Event

from ..audit.service import record
from ..core.vocabulary import label
from ..db import write_transaction
from ..links import absolute
from ..models import RSVP, CalendarFeed, CheckIn, Deadline, Match, Occurrence, User, utcnow
from ..notify.service import link
from ..timeutil import paris_date, paris_time
from . import access, queries, recurrence

# What a feed holds: the last month, and what is planned ahead.
PAST = timedelta(days=30)
CHECKIN_LENGTH = timedelta(minutes=30)
TOKEN_MAX = 100
# When the calendar app reminds: two hours before a meeting or a check-in, and at 9:00 the day
# before a procedure date (an all-day event starts at midnight).
REMINDER = timedelta(hours=2)
DAY_BEFORE_AT_NINE = timedelta(hours=15)


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def new_feed(user):
    """A fresh feed token for this person, shown once; the previous one stops working."""
    token = secrets.token_urlsafe(32)
    with write_transaction():
        CalendarFeed.delete().where(CalendarFeed.user == user.id).execute()
        CalendarFeed.create(user=user.id, token_hash=_hash(token))
        record("calendar.feed_created", actor=user)
    return token


def feed_since(user):
    """When this person's current feed was made, or None if they have none."""
    feed = CalendarFeed.get_or_none(CalendarFeed.user == user.id)
    return feed.created_at if feed else None


def feed_owner(token):
    """The active person whose feed this token opens, or None."""
    if not token or len(token) > TOKEN_MAX:
        return None
    return (User.select().join(CalendarFeed, on=(CalendarFeed.user == User.id))
            .where((CalendarFeed.token_hash == _hash(token)) & (User.status == "active"))
            .get_or_none())


def _absolute(endpoint, **values):
    return absolute(link(endpoint, **values))


def _calendar():
    calendar = Calendar()
    calendar.add("prodid", "-//Passage//Meetings and dates//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    return calendar


def _finish(calendar, first, last):
    """The VTIMEZONE for Paris, covering every event, and the bytes to send."""
    calendar.add_missing_timezones(first_date=date(first.year - 1, 1, 1),
                                   last_date=date(last.year + 1, 12, 31))
    return calendar.to_ical()


def _alarm(before, text):
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -before)
    alarm.add("description", text)
    return alarm


def _event(uid, summary, start, end, url, now):
    event = Event()
    event.add("uid", f"{uid}@passage")
    event.add("dtstamp", now.replace(tzinfo=timezone.utc))
    event.add("summary", summary)
    if isinstance(start, datetime):
        start, end = paris_time(start), paris_time(end)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("url", url)
    if isinstance(start, datetime):
        event.add_component(_alarm(REMINDER, _("In two hours: %(title)s", title=summary)))
    else:
        event.add_component(_alarm(DAY_BEFORE_AT_NINE, _("Tomorrow: %(title)s", title=summary)))
    return event


def _meeting_event(occurrence, now, where, description=""):
    title = access.title_of(occurrence)
    cancelled = occurrence.cancelled_at is not None
    event = _event(f"occurrence-{occurrence.id}",
                   pgettext("meeting date", "Cancelled: %(title)s", title=title) if cancelled
                   else title,
                   occurrence.start_at, access.ends_at(occurrence),
                   _absolute("meetings.occurrence", occurrence_id=occurrence.id), now)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if where:
        event.add("location", where)
    if description:
        event.add("description", description)
    return event


def _general_place(occurrence):
    return str(access.general_place(occurrence.meeting))


def occurrence_ics(occurrence, where, now=None):
    """One date as a calendar file for the logged-in person, in the language of their pages; the
    place only if they may see it."""
    now = now or utcnow()
    if where is None:
        text, description = _general_place(occurrence), ""
    else:
        commune = "" if occurrence.meeting.online_only else _general_place(occurrence)
        text = ", ".join(part for part in (where.place, commune) if part)
        text = text or where.online_link
        description = "\n\n".join(part for part in (occurrence.meeting.description,
                                                    where.online_link) if part)
    calendar = _calendar()
    calendar.add_component(_meeting_event(occurrence, now, text, description))
    day = paris_date(occurrence.start_at)
    return _finish(calendar, day, day)


def feed(user, now=None):
    """The person's private calendar: meetings they have a seat at, check-ins, procedure dates."""
    now = now or utcnow()
    start, end = now - PAST, now + recurrence.HORIZON
    calendar = _calendar()
    with force_locale(user.locale or "en"):
        calendar.add("x-wr-calname", _("Passage"))
        calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT1H")
        for occurrence in _meetings(user, start, end):
            calendar.add_component(_meeting_event(occurrence, now, _general_place(occurrence)))
        for checkin_id, due_at, is_mentor in _checkins(user, start, end):
            url = (_absolute("checkins.log", checkin_id=checkin_id) if is_mentor
                   else _absolute("checkins.mine"))
            calendar.add_component(_event(f"checkin-{checkin_id}", _("Check-in"), due_at,
                                          due_at + CHECKIN_LENGTH, url, now))
        for deadline in _deadlines(user, paris_date(start), paris_date(end)):
            own = deadline.newcomer_id == user.id
            # A mentor's feed does not say which step of someone's procedure it is.
            summary = label("deadline_kind", deadline.kind) if own else _("Procedure date")
            url = (_absolute("deadlines.mine") if own
                   else _absolute("deadlines.for_newcomer", user_id=deadline.newcomer_id))
            calendar.add_component(_event(f"deadline-{deadline.id}", str(summary), deadline.date,
                                          deadline.date + timedelta(days=1), url, now))
    return _finish(calendar, paris_date(start), paris_date(end))


def _meetings(user, start, end):
    return (queries.listing()
            .join(RSVP, on=(RSVP.occurrence == Occurrence.id))
            .where((RSVP.user == user.id) & (RSVP.status == "going")
                   & (Occurrence.start_at >= start) & (Occurrence.start_at <= end))
            .order_by(Occurrence.start_at))


def _checkins(user, start, end):
    """(id, due, whether this person is the mentor) of check-ins of their active matches."""
    return (CheckIn.select(CheckIn.id, CheckIn.due_at, Match.volunteer == user.id)
            .join(Match, on=(CheckIn.match == Match.id))
            .where(((Match.volunteer == user.id) | (Match.newcomer == user.id))
                   & (Match.status == "active") & (CheckIn.status == "scheduled")
                   & (CheckIn.due_at >= start) & (CheckIn.due_at <= end))
            .order_by(CheckIn.due_at).tuples())


def _deadlines(user, first, last):
    """The person's own procedure dates, and those of the newcomers they mentor now."""
    mentees = Match.select(Match.newcomer).where((Match.volunteer == user.id)
                                                 & (Match.kind == "mentor")
                                                 & (Match.status == "active"))
    return (Deadline.select(Deadline.id, Deadline.newcomer, Deadline.kind, Deadline.date)
            .where(((Deadline.newcomer == user.id) | Deadline.newcomer.in_(mentees))
                   & (Deadline.date >= first) & (Deadline.date <= last))
            .order_by(Deadline.date))
