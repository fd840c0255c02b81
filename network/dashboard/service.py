"""The dashboard's figures: a fixed number of aggregate queries, whatever the network's size."""
import statistics
from collections import defaultdict
from datetime import date, timedelta

from peewee import SQL, Case, Cast, PostgresqlDatabase, Select, fn

from ..cases import service as cases
from ..checkins.rules import OVERDUE_AFTER, is_overdue
from ..core.codes import KINDS
from ..db import db
from ..models import (
    VOLUNTEER_ROLES,
    Approval,
    CheckIn,
    Deadline,
    HelpRequest,
    Match,
    Meeting,
    NewcomerProfile,
    Notification,
    Occurrence,
    Offer,
    OutboxEmail,
    User,
    VolunteerProfile,
)
from ..timeutil import paris_date

PERIODS = (4, 12, 52)
ATTENTION_ROWS = 20
# A proposal unanswered this long is listed for the organizers.
UNANSWERED = timedelta(hours=48)
RECENT = timedelta(days=30)
# The number of rows a query finds before its LIMIT, on each row it returns.


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


def attention(now, city=None):
    """What needs someone now, most urgent first; each list at most ATTENTION_ROWS long."""
    newcomer = User.alias()
    # Each list shows a name, a date and a link: selecting only those keeps the page cheap.
    person = (newcomer.id, newcomer.display_name)
    safety = (CheckIn.select(CheckIn.id, CheckIn.logged_at, Match.id, *person)
              .join(Match, on=(CheckIn.match == Match.id))
              .join(newcomer, on=(Match.newcomer == newcomer.id))
              .where((CheckIn.logged_at >= now - timedelta(days=14))
                     & (CheckIn.flags.contains("safety") | (CheckIn.wellbeing == 1)))
              .order_by(CheckIn.logged_at.desc()))
    unreachable = (User.select(User.id, User.display_name, NewcomerProfile.id,
                               NewcomerProfile.unreachable_since).join(NewcomerProfile)
                   .where(NewcomerProfile.unreachable_since.is_null(False))
                   .order_by(NewcomerProfile.unreachable_since))
    # The scheduler turns a check-in 48 h overdue into "missed"; the last month is what is live.
    overdue = (CheckIn.select(CheckIn.id, CheckIn.due_at, Match.id, *person)
               .join(Match, on=(CheckIn.match == Match.id))
               .join(newcomer, on=(Match.newcomer == newcomer.id))
               .where(overdue_now(now))
               .order_by(CheckIn.due_at))
    today = paris_date(now)
    cnda = (Deadline.select(Deadline.id, Deadline.date, *person)
            .join(newcomer, on=(Deadline.newcomer == newcomer.id))
            .where((Deadline.kind == "cnda_appeal") & (Deadline.done == False)  # noqa: E712
                   & (Deadline.date >= today) & (Deadline.date <= today + timedelta(days=7)))
            .order_by(Deadline.date))
    tonight = (HelpRequest.select(HelpRequest.id, HelpRequest.created_at, *person)
               .join(newcomer, on=(HelpRequest.newcomer == newcomer.id))
               .where((HelpRequest.kind == "housing") & (HelpRequest.status == "open")
                      & (HelpRequest.urgency == "tonight"))
               .order_by(HelpRequest.created_at))
    volunteer = User.alias()
    unanswered = (Match.select(Match.id, Match.kind, Match.proposed_at, volunteer.id,
                               volunteer.display_name)
                  .join(volunteer, on=(Match.volunteer == volunteer.id))
                  .where((Match.status == "proposed") & (Match.proposed_at < now - UNANSWERED))
                  .order_by(Match.proposed_at))
    vetting = waiting_vetting().order_by(User.created_at)
    intake = waiting_intake().order_by(User.created_at)
    approvals = (Approval.select().where(Approval.confirmed_at.is_null()
                                         & Approval.cancelled_at.is_null()))
    if city:
        safety = safety.switch(newcomer).join(NewcomerProfile, on=(
            NewcomerProfile.user == newcomer.id)).where(NewcomerProfile.city ** city)
        unreachable = unreachable.where(NewcomerProfile.city ** city)
        overdue = overdue.switch(newcomer).join(NewcomerProfile, on=(
            NewcomerProfile.user == newcomer.id)).where(NewcomerProfile.city ** city)
        tonight = tonight.switch(newcomer).join(NewcomerProfile, on=(
            NewcomerProfile.user == newcomer.id)).where(NewcomerProfile.city ** city)
    lists = {"safety": safety, "unreachable": unreachable, "overdue": overdue, "cnda": cnda,
             "tonight": tonight, "unanswered": unanswered, "vetting": vetting,
             "intake": intake}
    shown = {name: list(query.limit(ATTENTION_ROWS)) for name, query in lists.items()}
    shown["cases"] = cases.waiting(ATTENTION_ROWS, city, now)
    # Every list's length and the approvals waiting, in one query of counts: a count reads
    # only an index, where counting beside the rows shown would read every row of the list.
    counted = {**lists, "approvals": approvals}
    totals = dict(zip(counted, Select(columns=[
        query.select(fn.COUNT(SQL("*"))).order_by() for query in counted.values()]).tuples()
        .execute(db)[0]))
    totals["cases"] = shown["cases"][0].total_rows if shown["cases"] else 0
    refused = undeliverable(now)
    shown["undeliverable"], totals["undeliverable"] = refused[:ATTENTION_ROWS], len(refused)
    return {**shown, "totals": totals, "approvals": totals.pop("approvals")}


def undeliverable(now):
    """People whose address the mail server refused for good lately, latest first, once each.

    Only refusals of the address a person has now count; the address is encrypted, so it is
    compared here, on the few rows refused in the last month.
    """
    refused = (OutboxEmail.select(OutboxEmail.to_address, OutboxEmail.failed_at,
                                  OutboxEmail.last_error, User.id, User.display_name, User.role,
                                  User.email)
               .join(Notification, on=(OutboxEmail.notification == Notification.id))
               .join(User, on=(Notification.recipient == User.id))
               .where(OutboxEmail.failed_at >= now - RECENT)
               .order_by(OutboxEmail.failed_at.desc()))
    people = {}
    for email in refused:
        person = email.notification.recipient
        if email.to_address == person.email and person.id not in people:
            people[person.id] = dict(id=person.id, display_name=person.display_name,
                                     role=person.role, failed_at=email.failed_at,
                                     reply=email.last_error)
    return list(people.values())


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
