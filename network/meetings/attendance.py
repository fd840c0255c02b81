"""Who came to a date, and the organizers' reports: attendance by series, isolation."""
from datetime import timedelta
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from peewee import JOIN, fn

from ..audit.service import record
from ..core.errors import ServiceError
from ..db import write_transaction
from ..models import RSVP, Attendance, Meeting, Occurrence, User, utcnow
from .access import can_manage
from .queries import PAGE_SIZE
from .recurrence import as_datetime

MAX_ATTENDED = 1000
REPORT_WEEKS = 12


def attendance_choices(occurrence):
    """Who may be named as having come: everyone who ever registered for this date."""
    return list(User.select(User.id, User.display_name, User.role)
                .join(RSVP, on=(RSVP.user == User.id))
                .where(RSVP.occurrence == occurrence.id)
                .order_by(User.display_name, User.id))


def attendees(occurrence):
    """The ids of the people recorded as having come."""
    return [user_id for (user_id,) in Attendance.select(Attendance.user)
            .where(Attendance.occurrence == occurrence.id).tuples()]


def record_attendance(occurrence, by, people=(), others=0, count=None, now=None):
    """The facilitator or an organizer records who came, or only how many for a count-only
    meeting, whose RSVPs are then forgotten so nothing says who came."""
    meeting = occurrence.meeting
    if not can_manage(by, meeting):
        raise ServiceError(_l("Only the facilitator or an organizer records who came."))
    now = now or utcnow()
    if occurrence.cancelled_at:
        raise ServiceError(_l("This date was cancelled."))
    if occurrence.start_at > now:
        raise ServiceError(_l("Attendance is recorded once the meeting has begun."))
    if meeting.count_only:
        if people:
            raise ServiceError(_l("This meeting keeps only the number of people, never names."))
        if not isinstance(count, int) or not 0 <= count <= MAX_ATTENDED:
            raise ServiceError(_l("Write how many people came, from 0 to %(n)s.",
                                  n=MAX_ATTENDED))
        with write_transaction():
            Occurrence.update(attended=count, attendance_recorded_at=now).where(
                Occurrence.id == occurrence.id).execute()
            RSVP.delete().where(RSVP.occurrence == occurrence.id).execute()
            record("meeting.attendance", target=occurrence, actor=by, detail=str(count))
        return count
    people = set(people)
    allowed = {user.id for user in attendance_choices(occurrence)}
    if not people <= allowed:
        raise ServiceError(_l("Only people who registered can be named; count the others."))
    if not isinstance(others, int) or not 0 <= others <= MAX_ATTENDED:
        raise ServiceError(_l("Write how many others came, from 0 to %(n)s.", n=MAX_ATTENDED))
    total = len(people) + others
    with write_transaction():
        Attendance.delete().where(Attendance.occurrence == occurrence.id).execute()
        Attendance.insert_many([dict(occurrence=occurrence.id, user=user_id, recorded_by=by.id,
                                     recorded_at=now) for user_id in sorted(people)]).execute()
        Occurrence.update(attended=total, attendance_recorded_at=now).where(
            Occurrence.id == occurrence.id).execute()
        record("meeting.attendance", target=occurrence, actor=by, detail=str(total))
    return total


def last_attended(newcomer_ids):
    """{newcomer id: start of the last meeting they were recorded at}; count-only meetings
    name nobody, so they do not count here."""
    ids = list(newcomer_ids)
    if not ids:
        return {}
    rows = (Attendance.select(Attendance.user, fn.MAX(Occurrence.start_at))
            .join(Occurrence, on=(Attendance.occurrence == Occurrence.id))
            .where(Attendance.user.in_(ids)).group_by(Attendance.user).tuples())
    return {user_id: as_datetime(last) for user_id, last in rows}


class SeriesReport(NamedTuple):
    """A series and how many came to each of its recent dates, oldest first."""

    meeting: Meeting
    counts: list


def attendance_report(page=1, now=None):
    """A page of series, by city, with the attendance of their recent dates; two queries."""
    now = now or utcnow()
    since = now - timedelta(weeks=REPORT_WEEKS)
    meetings = list(Meeting.select(Meeting.id, Meeting.title, Meeting.city, Meeting.commune,
                                   Meeting.online_only, Meeting.language, Meeting.count_only,
                                   Meeting.cancelled_at)
                    .where(Meeting.id.in_(Occurrence.select(Occurrence.meeting).where(
                        (Occurrence.start_at >= since) & (Occurrence.start_at <= now))))
                    # Titles are tokens: a city's series together, oldest first.
                    .order_by(Meeting.city, Meeting.start_at, Meeting.id)
                    .paginate(page, PAGE_SIZE).limit(PAGE_SIZE + 1))
    more, meetings = len(meetings) > PAGE_SIZE, meetings[:PAGE_SIZE]
    counts = {meeting.id: [] for meeting in meetings}
    if meetings:
        for occurrence in (Occurrence.select(Occurrence.meeting, Occurrence.start_at,
                                             Occurrence.attended, Occurrence.cancelled_at)
                           .where(Occurrence.meeting.in_(list(counts))
                                  & (Occurrence.start_at >= since)
                                  & (Occurrence.start_at <= now))
                           .order_by(Occurrence.start_at)):
            counts[occurrence.meeting_id].append(occurrence)
    return [SeriesReport(meeting, counts[meeting.id]) for meeting in meetings], more


def isolation(page=1):
    """A page of active newcomers, those who never came or came longest ago first."""
    last = fn.MAX(Occurrence.start_at)
    seen = (Attendance.select(Attendance.user.alias("user_id"), last.alias("last_at"))
            .join(Occurrence, on=(Attendance.occurrence == Occurrence.id))
            .group_by(Attendance.user).alias("seen"))
    rows = list(User.select(User.id, User.display_name, seen.c.last_at)
                .join(seen, JOIN.LEFT_OUTER, on=(seen.c.user_id == User.id))
                .where((User.role == "newcomer") & (User.status == "active"))
                .order_by(seen.c.last_at.asc(nulls="first"), User.id)
                .paginate(page, PAGE_SIZE).limit(PAGE_SIZE + 1).objects())
    for row in rows:
        row.last_at = as_datetime(row.last_at)
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
