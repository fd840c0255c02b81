"""The dashboard's figures: a fixed number of aggregate queries, whatever the size of the network."""
import statistics
from collections import defaultdict
from datetime import timedelta

from peewee import SQL, Case, Cast, PostgresqlDatabase, fn

from ..db import db
from ..models import (
    Approval,
    CheckIn,
    Deadline,
    HelpRequest,
    KINDS,
    Match,
    NewcomerProfile,
    Offer,
    User,
    VolunteerProfile,
    utcnow,
)
from ..timeutil import paris_date

PERIODS = (4, 12, 52)
ATTENTION_ROWS = 20
OVERDUE = timedelta(hours=48)


def seconds_between(later, earlier):
    """Seconds from one timestamp to another, computed by the database (SQLite or PostgreSQL)."""
    if isinstance(db.obj, PostgresqlDatabase):
        return fn.date_part("epoch", later - earlier)
    return (fn.julianday(later) - fn.julianday(earlier)) * 86400


def week_index(field, start):
    """Whole weeks between `start` and a timestamp column."""
    return Cast(fn.FLOOR(seconds_between(field, start) / 604800), "INTEGER")


def _newcomer_city(query, city, on):
    if not city:
        return query
    return query.join(NewcomerProfile, on=(NewcomerProfile.user == on)).where(
        NewcomerProfile.city ** city)


def attention(now, city=None):
    """What needs someone now, most urgent first; each list at most ATTENTION_ROWS long."""
    newcomer = User.alias()
    safety = (CheckIn.select(CheckIn, Match, newcomer)
              .join(Match, on=(CheckIn.match == Match.id))
              .join(newcomer, on=(Match.newcomer == newcomer.id))
              .where((CheckIn.logged_at >= now - timedelta(days=14))
                     & (CheckIn.flags.contains("safety") | (CheckIn.wellbeing == 1)))
              .order_by(CheckIn.logged_at.desc()))
    unreachable = (User.select(User, NewcomerProfile).join(NewcomerProfile)
                   .where(NewcomerProfile.unreachable_since.is_null(False))
                   .order_by(NewcomerProfile.unreachable_since))
    overdue = (CheckIn.select(CheckIn, Match, newcomer)
               .join(Match, on=(CheckIn.match == Match.id))
               .join(newcomer, on=(Match.newcomer == newcomer.id))
               .where((Match.status == "active")
                      & ((CheckIn.status == "missed")
                         | ((CheckIn.status == "scheduled") & (CheckIn.due_at < now - OVERDUE))))
               .order_by(CheckIn.due_at))
    today = paris_date(now)
    cnda = (Deadline.select(Deadline, newcomer)
            .join(newcomer, on=(Deadline.newcomer == newcomer.id))
            .where((Deadline.kind == "cnda_appeal") & (Deadline.done == False)  # noqa: E712
                   & (Deadline.date >= today) & (Deadline.date <= today + timedelta(days=7)))
            .order_by(Deadline.date))
    tonight = (HelpRequest.select(HelpRequest, newcomer)
               .join(newcomer, on=(HelpRequest.newcomer == newcomer.id))
               .where((HelpRequest.kind == "housing") & (HelpRequest.status == "open")
                      & (HelpRequest.urgency == "tonight"))
               .order_by(HelpRequest.created_at))
    volunteer = User.alias()
    unanswered = (Match.select(Match, volunteer)
                  .join(volunteer, on=(Match.volunteer == volunteer.id))
                  .where((Match.status == "proposed") & (Match.proposed_at < now - OVERDUE))
                  .order_by(Match.proposed_at))
    vetting = (User.select().where(User.role.in_(("mentor", "organizer"))
                                   & (User.status == "pending")).order_by(User.created_at))
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
    return {
        "safety": list(safety.limit(ATTENTION_ROWS)),
        "unreachable": list(unreachable.limit(ATTENTION_ROWS)),
        "overdue": list(overdue.limit(ATTENTION_ROWS)),
        "cnda": list(cnda.limit(ATTENTION_ROWS)),
        "tonight": list(tonight.limit(ATTENTION_ROWS)),
        "unanswered": list(unanswered.limit(ATTENTION_ROWS)),
        "vetting": list(vetting.limit(ATTENTION_ROWS)),
        "approvals": approvals.count(),
    }


def _percentile(values, share):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def figures(now, weeks, city=None):
    """Counts, waiting times and capacity over the last `weeks` weeks, per week where it trends."""
    start = now - timedelta(weeks=weeks)
    labels = [paris_date(start + timedelta(weeks=w)).strftime("%d.%m") for w in range(weeks)]

    arrivals = [0] * weeks
    query = (User.select(week_index(User.created_at, start).alias("w"), fn.COUNT(User.id))
             .where((User.role == "newcomer") & (User.created_at >= start)))
    for w, count in _newcomer_city(query, city, User.id).group_by(SQL("w")).tuples():
        if w is not None and 0 <= int(w) < weeks:
            arrivals[int(w)] = count

    waiting = defaultdict(list)
    query = (HelpRequest.select(HelpRequest.kind, HelpRequest.created_at)
             .where(HelpRequest.status == "open"))
    for kind, created in _newcomer_city(query, city, HelpRequest.newcomer).tuples():
        waiting[kind].append((now - created).total_seconds() / 86400)
    open_requests = {kind: {"count": len(waiting[kind]),
                            "median": _percentile(waiting[kind], 0.5),
                            "p90": _percentile(waiting[kind], 0.9)} for kind in KINDS}

    to_match = defaultdict(list)
    weekly_wait = [[] for _ in range(weeks)]
    query = (Match.select(Match.kind, Match.responded_at, HelpRequest.created_at)
             .join(HelpRequest, on=(Match.request == HelpRequest.id))
             .where(Match.responded_at.is_null(False) & (Match.responded_at >= start)
                    & Match.status.in_(("active", "ended")) & (Match.decline_reason == "")))
    for kind, responded, created in _newcomer_city(query, city, Match.newcomer).tuples():
        days = (responded - created).total_seconds() / 86400
        to_match[kind].append(days)
        index = int((responded - start).total_seconds() // 604800)
        if 0 <= index < weeks:
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

    on_time = Case(None, [((CheckIn.status == "done") & (
        seconds_between(CheckIn.logged_at, CheckIn.due_at) <= OVERDUE.total_seconds()), 1)], 0)
    checkins = [[0, 0] for _ in range(weeks)]
    query = (CheckIn.select(week_index(CheckIn.due_at, start).alias("w"), fn.COUNT(CheckIn.id),
                            fn.SUM(on_time))
             .join(Match, on=(CheckIn.match == Match.id))
             .where((CheckIn.due_at >= start) & (CheckIn.due_at < now - OVERDUE)))
    for w, total, done in _newcomer_city(query, city, Match.newcomer).group_by(SQL("w")).tuples():
        if w is not None and 0 <= int(w) < weeks:
            checkins[int(w)] = [total, done or 0]

    return {
        "labels": labels,
        "arrivals": arrivals,
        "open_requests": open_requests,
        "to_match": {kind: statistics.median(v) if v else None for kind, v in to_match.items()},
        "weekly_wait": [statistics.median(v) if v else None for v in weekly_wait],
        "active": {kind: active.get(kind, 0) for kind in KINDS},
        "capacity": dict(sorted(capacity.items())),
        "checkins": checkins,
        "checkins_total": [sum(c[0] for c in checkins), sum(c[1] for c in checkins)],
    }
