"""The dashboard's figures: a fixed number of aggregate queries, whatever the network's size."""
import statistics
from collections import defaultdict
from datetime import date, timedelta

from peewee import SQL, Case, Cast, PostgresqlDatabase, fn

from ..checkins.rules import OVERDUE_AFTER, is_overdue
from ..core.codes import KINDS
from ..db import db
from ..models import (
    VOLUNTEER_ROLES,
    CheckIn,
    HelpRequest,
    Match,
    Meeting,
    NewcomerProfile,
    Occurrence,
    Offer,
    User,
    VolunteerProfile,
)
from ..timeutil import paris_date

PERIODS = (4, 12, 52)
RECENT = timedelta(days=30)


def seconds_between(later, earlier):
    """Seconds from one timestamp to another, computed by the database (SQLite or PostgreSQL)."""
    if isinstance(db.obj, PostgresqlDatabase):
        return fn.date_part("epoch", later - earlier)
    return (fn.julianday(later) - fn.julianday(earlier)) * 86400


def day_of(field):
    """The UTC calendar day of a timestamp column, as text (cheap: no date parsing on SQLite)."""
    if isinstance(db.obj, PostgresqlDatabase):
        return fn.to_char(field, "YYYY-MM-DD").coerce(False)
    return fn.substr(field, 1, 10).coerce(False)


def _week_of_day(day, start):
    return (date.fromisoformat(day) - start.date()).days // 7


def week_index(field, start):
    """Whole weeks between `start` and a timestamp column."""
    return Cast(fn.FLOOR(seconds_between(field, start) / 604800), "INTEGER")


def _newcomer_city(query, city, on):
    if not city:
        return query
    return query.join(NewcomerProfile, on=(NewcomerProfile.user == on)).where(
        NewcomerProfile.city ** city)


def overdue_now(now):
    """The overdue check-ins organizers act on: of an active match, not logged, late past
    OVERDUE_AFTER and due within RECENT. The dashboard lists them and the digest counts them."""
    return ((Match.status == "active") & CheckIn.status.in_(("scheduled", "missed"))
            & is_overdue(now) & (CheckIn.due_at >= now - RECENT))


def waiting_vetting():
    """Volunteers waiting for vetting: listed on the dashboard, counted by the digest."""
    return (User.select(User.id, User.display_name, User.created_at)
            .where(User.role.in_(VOLUNTEER_ROLES) & (User.status == "pending")))


def waiting_intake():
    """Newcomers waiting to be taken in: listed on the dashboard, counted by the digest."""
    return (User.select(User.id, User.display_name, User.created_at)
            .where((User.role == "newcomer") & (User.status == "pending")))


def is_open_request():
    """Requests for help nobody is matched with yet: the dashboard's table, the digest's count."""
    return HelpRequest.status == "open"


def _bucket(week, weeks):
    """The index of a week in the period; the current, partial week counts as the last one."""
    if week is None or not 0 <= int(week) <= weeks:
        return None
    return min(int(week), weeks - 1)


def _percentile(values, share):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def figures(now, weeks, city=None):
    """Counts, waiting times and capacity over the last `weeks` weeks, per week where it trends."""
    start = now - timedelta(weeks=weeks)
    labels = [paris_date(start + timedelta(weeks=w)) for w in range(weeks)]

    arrivals = [0] * weeks
    query = (User.select(day_of(User.created_at).alias("d"), fn.COUNT(User.id))
             .where((User.role == "newcomer") & (User.created_at >= start)))
    for day, count in _newcomer_city(query, city, User.id).group_by(SQL("d")).tuples():
        if (index := _bucket(_week_of_day(day, start), weeks)) is not None:
            arrivals[index] += count

    waiting = defaultdict(list)
    # Durations come out of the database as numbers: parsing thousands of dates costs more.
    waited = seconds_between(now, HelpRequest.created_at) / 86400
    query = HelpRequest.select(HelpRequest.kind, waited).where(is_open_request())
    for kind, days in _newcomer_city(query, city, HelpRequest.newcomer).tuples():
        waiting[kind].append(days)
    open_requests = {kind: {"count": len(waiting[kind]),
                            "median": _percentile(waiting[kind], 0.5),
                            "p90": _percentile(waiting[kind], 0.9)} for kind in KINDS}

    to_match = defaultdict(list)
    weekly_wait = [[] for _ in range(weeks)]
    query = (Match.select(Match.kind, week_index(Match.responded_at, start),
                          seconds_between(Match.responded_at, HelpRequest.created_at) / 86400)
             .join(HelpRequest, on=(Match.request == HelpRequest.id))
             .where(Match.responded_at.is_null(False) & (Match.responded_at >= start)
                    & Match.status.in_(("active", "ended")) & (Match.decline_reason == "")))
    for kind, week, days in _newcomer_city(query, city, Match.newcomer).tuples():
        to_match[kind].append(days)
        if (index := _bucket(week, weeks)) is not None:
            weekly_wait[index].append(days)

    active = dict(Match.select(Match.kind, fn.COUNT(Match.id)).where(Match.status == "active")
                  .group_by(Match.kind).tuples())

    capacity = defaultdict(lambda: {"capacity": 0, "used": 0})
    offer_city = fn.COALESCE(fn.NULLIF(Offer.city, ""), VolunteerProfile.city)
    query = (Offer.select(Offer.kind, offer_city.alias("city"), fn.SUM(Offer.capacity),
                          fn.SUM(Offer.used))
             .join(VolunteerProfile, on=(VolunteerProfile.user == Offer.volunteer))
             .where(Offer.status == "active").group_by(Offer.kind, offer_city))
    if city:
        query = query.where(offer_city ** city)
    for kind, where, total, used in query.tuples():
        capacity[(kind, where or "—")] = {"capacity": total or 0, "used": used or 0}

    in_time = seconds_between(CheckIn.logged_at, CheckIn.due_at) <= OVERDUE_AFTER.total_seconds()
    on_time = Case(None, [((CheckIn.status == "done") & in_time, 1)], 0)
    checkins = [[0, 0] for _ in range(weeks)]
    query = (CheckIn.select(day_of(CheckIn.due_at).alias("d"), fn.COUNT(CheckIn.id),
                            fn.SUM(on_time))
             .where((CheckIn.due_at >= start) & is_overdue(now)))
    if city:
        query = _newcomer_city(query.join(Match, on=(CheckIn.match == Match.id)), city,
                               Match.newcomer)
    for day, total, done in query.group_by(SQL("d")).tuples():
        if (index := _bucket(_week_of_day(day, start), weeks)) is not None:
            checkins[index][0] += total
            checkins[index][1] += done or 0

    meetings = [[0, 0] for _ in range(weeks)]
    query = (Occurrence.select(day_of(Occurrence.start_at).alias("d"), fn.COUNT(Occurrence.id),
                               fn.SUM(Occurrence.attended))
             .join(Meeting, on=(Occurrence.meeting == Meeting.id))
             .where((Occurrence.start_at >= start) & (Occurrence.start_at < now)
                    & Occurrence.attendance_recorded_at.is_null(False)))
    if city:
        query = query.where(Meeting.city ** city)
    for day, held, came in query.group_by(SQL("d")).tuples():
        if (index := _bucket(_week_of_day(day, start), weeks)) is not None:
            meetings[index][0] += held
            meetings[index][1] += came or 0

    return {
        "labels": labels,
        "meetings": meetings,
        "arrivals": arrivals,
        "open_requests": open_requests,
        "to_match": {kind: statistics.median(v) if v else None for kind, v in to_match.items()},
        "weekly_wait": [statistics.median(v) if v else None for v in weekly_wait],
        "active": {kind: active.get(kind, 0) for kind in KINDS},
        "capacity": dict(sorted(capacity.items())),
        "checkins": checkins,
        "checkins_total": [sum(c[0] for c in checkins), sum(c[1] for c in checkins)],
    }
