"""What needs an organizer now: the dashboard's "act now" lists, each with its length.

The lists are the same for every organizer and read on every dashboard: their SQL is written
once (network/compiled.py), from stand-ins for the moment, the Paris day and the city. The
procedure's deadlines are computed by its timeline, not queried.
"""
from datetime import date, datetime, timedelta

from peewee import SQL, Select, fn

from ..cases import service as cases
from ..compiled import Compiled
from ..db import db
from ..models import (
    Approval,
    CheckIn,
    HelpRequest,
    Match,
    NewcomerProfile,
    Notification,
    OutboxEmail,
    User,
)
from ..procedure import service as procedure
from ..timeutil import paris_date
from .service import RECENT, overdue_now, waiting_intake, waiting_vetting

ATTENTION_ROWS = 20
# A proposal unanswered this long is listed for the organizers.
UNANSWERED = timedelta(hours=48)
NOW, TODAY, CITY = datetime(2000, 1, 1, 12), date(2000, 1, 1), "\0city"


def _lists(now, today, city=None):
    """Each list as a query of rows (id to link to, name, moment), most urgent first."""
    newcomer = User.alias()
    name = newcomer.display_name.alias("name")

    def of_newcomer(query, on):
        # A city keeps the lists to its newcomers.
        if not city:
            return query
        return query.join(NewcomerProfile, on=(NewcomerProfile.user == on)).where(
            NewcomerProfile.city ** city)

    checkins = (CheckIn.select(CheckIn.id, name, CheckIn.logged_at.alias("at"))
                .join(Match, on=(CheckIn.match == Match.id))
                .join(newcomer, on=(Match.newcomer == newcomer.id)))
    safety = (of_newcomer(checkins, newcomer.id)
              .where((CheckIn.logged_at >= now - timedelta(days=14))
                     & (CheckIn.flags.contains("safety") | (CheckIn.wellbeing == 1)))
              .order_by(CheckIn.logged_at.desc()))
    overdue = (of_newcomer(checkins.select(CheckIn.id, name, CheckIn.due_at.alias("at")),
                           newcomer.id)
               .where(overdue_now(now)).order_by(CheckIn.due_at))
    unreachable = (User.select(User.id, User.display_name.alias("name"),
                               NewcomerProfile.unreachable_since.alias("at"))
                   .join(NewcomerProfile)
                   .where(NewcomerProfile.unreachable_since.is_null(False))
                   .order_by(NewcomerProfile.unreachable_since))
    if city:
        unreachable = unreachable.where(NewcomerProfile.city ** city)
    tonight = (of_newcomer(HelpRequest.select(HelpRequest.id, name,
                                              HelpRequest.created_at.alias("at"))
                           .join(newcomer, on=(HelpRequest.newcomer == newcomer.id)), newcomer.id)
               .where((HelpRequest.kind == "housing") & (HelpRequest.status == "open")
                      & (HelpRequest.urgency == "tonight"))
               .order_by(HelpRequest.created_at))
    volunteer = User.alias()
    unanswered = (Match.select(Match.id, volunteer.display_name.alias("name"),
                               Match.proposed_at.alias("at"), Match.kind)
                  .join(volunteer, on=(Match.volunteer == volunteer.id))
                  .where((Match.status == "proposed") & (Match.proposed_at < now - UNANSWERED))
                  .order_by(Match.proposed_at))
    waiting = {name_: query.select(User.id, User.display_name.alias("name"),
                                   User.created_at.alias("at")).order_by(User.created_at)
               for name_, query in (("vetting", waiting_vetting()), ("intake", waiting_intake()))}
    return {"safety": safety, "unreachable": unreachable, "overdue": overdue,
            "tonight": tonight, "unanswered": unanswered, **waiting}


def _counts(now, today, city=None):
    """Every list's length and the approvals waiting, in one query: a count reads an index."""
    approvals = Approval.select().where(Approval.confirmed_at.is_null()
                                        & Approval.cancelled_at.is_null())
    counted = [*_lists(now, today, city).values(), approvals]
    return Select(columns=[query.select(fn.COUNT(SQL("*"))).order_by()
                           for query in counted]).bind(db)


NAMES = tuple(_lists(NOW, TODAY))


def _compiled(build, with_city):
    return Compiled(build, NOW, TODAY, *((CITY,) if with_city else ()))


LISTS = {(name, with_city): _compiled(
    lambda now, today, city=None, name=name: _lists(now, today, city)[name]
    .limit(ATTENTION_ROWS).namedtuples(), with_city)
    for name in NAMES for with_city in (False, True)}
COUNTS = {with_city: _compiled(lambda now, today, city=None: _counts(now, today, city).tuples(),
                               with_city) for with_city in (False, True)}


def attention(now, city=None):
    """What needs someone now, most urgent first; each list at most ATTENTION_ROWS long."""
    today = paris_date(now)
    values = (now, today, *((city,) if city else ()))
    shown = {name: LISTS[name, bool(city)].rows(*values) for name in NAMES}
    *totals, approvals = COUNTS[bool(city)].rows(*values)[0]
    totals = dict(zip(NAMES, totals))
    for name, found in procedure.urgent(today, city).items():
        shown[name], totals[name] = found[:ATTENTION_ROWS], len(found)
    shown["cases"] = cases.waiting(ATTENTION_ROWS, city, now)
    totals["cases"] = shown["cases"][0].total_rows if shown["cases"] else 0
    refused = undeliverable(now)
    shown["undeliverable"], totals["undeliverable"] = refused[:ATTENTION_ROWS], len(refused)
    return {**shown, "totals": totals, "approvals": approvals}


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
