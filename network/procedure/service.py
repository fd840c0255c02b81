"""A newcomer's procedure facts, and the timeline, reminders and lists computed from them."""
import json
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from ..audit.service import record
from ..core.access import active_mentors
from ..core.codes import PROCEDURE_TYPES
from ..core.errors import NotFound, ServiceError
from ..db import write_transaction
from ..models import NewcomerProfile, ProcedureFile, RemovedProcedureDates, User, utcnow
from ..notify.service import alert_organizers, link, notify_many
from ..timeutil import paris_date
from . import documents
from .facts import FILE_DATES, FILE_FIELDS, awaiting_appeal, facts_by_newcomer, facts_of
from .rules import STEP_CODES
from .timeline import (
    FIELDS,
    compute,
    current_step,
    next_deadline,
    pressing,
    pressing_all,
    urgency,
)

# A procedure date further away than this either way is a typing mistake.
REACH = timedelta(days=5 * 366)
# The dates that may lie ahead: the others are of what already happened.
AHEAD = ("attestation_expires",)
# Each date may not come before the one it follows.
ORDER = (("registered", "entered"), ("registered", "spada"), ("spada", "entered"),
         ("attestation_expires", "registered"), ("ofii_offer", "registered"),
         ("ofpra_filed", "registered"), ("decision_notified", "ofpra_filed"),
         ("legal_aid_requested", "decision_notified"),
         ("legal_aid_decided", "legal_aid_requested"), ("cnda_appealed", "decision_notified"),
         ("cnda_decided", "cnda_appealed"), ("residence_permit", "protection"))
REMIND_DAYS = (7, 1)
# Procedure dates removed or cleared can be put back by whoever did it for this long.
UNDO_WITHIN = timedelta(days=1)


def timeline_of(newcomer_id, today):
    """The newcomer's computed timeline."""
    return compute(facts_of(newcomer_id), today)


def export(newcomer_id):
    """The newcomer's procedure dates and documents, decrypted, for their own data export."""
    facts = facts_of(newcomer_id)
    return {"dates": {field: value.isoformat() if hasattr(value, "isoformat") else value
                      for field, value in zip(FIELDS, facts)},
            "documents": documents.export(newcomer_id)}


def _check(values, today):
    if values.get("procedure") not in (None, *PROCEDURE_TYPES):
        raise ServiceError(_l("Choose the type of procedure from the list."))
    for field in FILE_DATES:
        day = values.get(field)
        if day and not today - REACH <= day <= today + REACH:
            raise ServiceError(_l("This date is more than five years away: check the year."))
        if day and field not in AHEAD and day > today:
            raise ServiceError(_l("Only the end of validity of the attestation may be in the "
                                  "future: the other dates are of what already happened."))
    for later, earlier in ORDER:
        if values.get(later) and values.get(earlier) and values[later] < values[earlier]:
            raise ServiceError(_l("A date comes before the step it follows: check the dates."))
    if values.get("legal_aid_decided") and not values.get("legal_aid_requested"):
        raise ServiceError(_l("Write when legal aid was asked for before when it was answered."))


def _write(newcomer_id, values, by):
    changed = dict(values, updated_at=utcnow(), updated_by=by.id)
    if not (ProcedureFile.update(**changed)
            .where(ProcedureFile.newcomer == newcomer_id).execute()):
        ProcedureFile.create(newcomer=newcomer_id, **changed)


def save_facts(newcomer_id, by, values, now=None):
    """Record the procedure facts (every field at once); the timeline follows from them. Dates
    the save clears are kept UNDO_WITHIN for `by` to put back."""
    values = {field: values.get(field) or None for field in FILE_FIELDS}
    with write_transaction():
        # Read and checked under the write lock: a save meanwhile cannot slip between them.
        before = facts_of(newcomer_id)._asdict()
        _check({**before, **values}, paris_date(now or utcnow()))
        cleared = {field: before[field].isoformat() for field in FILE_DATES
                   if before[field] and not values[field]}
        _write(newcomer_id, values, by)
        if cleared:
            RemovedProcedureDates.delete().where(
                RemovedProcedureDates.newcomer == newcomer_id).execute()
            RemovedProcedureDates.create(newcomer=newcomer_id, dates=json.dumps(cleared),
                                         removed_by=by.id, removed_at=now or utcnow())
        record("procedure.updated", target=User.get_by_id(newcomer_id), actor=by)


def removed_by(user, newcomer_id, now=None):
    """The dates of this newcomer's procedure this user cleared within UNDO_WITHIN, by field."""
    row = RemovedProcedureDates.get_or_none(
        (RemovedProcedureDates.newcomer == newcomer_id)
        & (RemovedProcedureDates.removed_by == user.id)
        & (RemovedProcedureDates.removed_at >= (now or utcnow()) - UNDO_WITHIN))
    if row is None:
        return {}
    # Dates cleared before the interview and decision became procedure dates stay cleared here.
    return {field: date.fromisoformat(day) for field, day in json.loads(row.dates).items()
            if field in FILE_DATES}


def restore_dates(newcomer_id, by, now=None):
    """Put back the dates `by` cleared, where no other date has been written since."""
    removed = removed_by(by, newcomer_id, now)
    if not removed:
        raise NotFound()
    current = facts_of(newcomer_id)._asdict()
    facts = {field: current[field] for field in FILE_FIELDS}
    for field, day in removed.items():
        facts[field] = facts[field] or day
    _check({**current, **facts}, paris_date(now or utcnow()))
    with write_transaction():
        _write(newcomer_id, facts, by)
        RemovedProcedureDates.delete().where(
            RemovedProcedureDates.newcomer == newcomer_id).execute()
        record("procedure.restored", target=User.get_by_id(newcomer_id), actor=by)


def forget_removed(now):
    """Cleared dates past UNDO_WITHIN are gone for good."""
    return RemovedProcedureDates.delete().where(
        RemovedProcedureDates.removed_at < now - UNDO_WITHIN).execute()


def erase(newcomer_id):
    """Forget a newcomer's procedure and documents, with the rest of their data."""
    ProcedureFile.delete().where(ProcedureFile.newcomer == newcomer_id).execute()
    RemovedProcedureDates.delete().where(RemovedProcedureDates.newcomer == newcomer_id).execute()
    documents.erase(newcomer_id)


def _timelines(today, newcomer_ids=None, city=None):
    """(newcomer, timeline) of every newcomer with a procedure, or of these newcomers only, or of
    those living in this city only."""
    facts = facts_by_newcomer(newcomer_ids)
    people = ()
    if facts:
        people = User.select().where(User.id.in_(list(facts)) & User.erased_at.is_null())
        if city:
            people = people.join(NewcomerProfile).where(NewcomerProfile.city ** city)
    return [(newcomer, compute(facts[newcomer.id], today))
            for newcomer in sorted(people, key=lambda user: user.id)]


# How the organizers' overview may be sorted: the code is all the address carries.
SORTS = ("urgency", "name", "step")


def overview(today, sort="urgency"):
    """Every newcomer with a procedure: current step and the deadline to show (the urgent one
    within 7 days, else the next), most urgent first, or by name or by step."""
    rows = []
    for newcomer, entries in _timelines(today):
        key = urgency(entries, today)
        rows.append((key, newcomer, current_step(entries),
                     pressing(entries, today) or next_deadline(entries)))
    if sort == "name":
        rows.sort(key=lambda r: (r[1].display_name.casefold(), r[1].id))
    elif sort == "step":
        # The furthest step first: those nearest a decision, then by urgency.
        rows.sort(key=lambda r: (-STEP_CODES.index(r[2]) if r[2] else 1, r[0][0],
                                 r[0][1] or today, r[1].id))
    else:
        rows.sort(key=lambda r: (r[0][0], r[0][1] or today, r[1].id))
    return [(newcomer, step, deadline) for _, newcomer, step, deadline in rows]


# The dashboard card each urgent deadline is listed on: the CNDA appeal and the attestation have
# their own, every other urgent deadline shares the last one, so none is listed twice.
CARDS = {"cnda_appeal": "cnda", "attestation_renewal": "attestation"}
OTHER_CARD = "procedure"


def urgent(today, city=None):
    """(newcomer, deadline) of every urgent deadline within 7 days or passed unmet, soonest
    first, by the dashboard card that lists it; of the newcomers of this city only if given."""
    cards = {card: [] for card in (*CARDS.values(), OTHER_CARD)}
    for newcomer, entries in _timelines(today, city=city):
        for entry in pressing_all(entries, today):
            cards[CARDS.get(entry.rule, OTHER_CARD)].append((newcomer, entry))
    return {card: sorted(found, key=lambda r: (r[1].date, r[0].id))
            for card, found in cards.items()}


def next_deadlines(newcomer_ids, today):
    """Each of these newcomers' next deadline, by newcomer id (those with one only)."""
    found = {newcomer.id: next_deadline(entries)
             for newcomer, entries in _timelines(today, newcomer_ids)}
    return {newcomer_id: deadline for newcomer_id, deadline in found.items() if deadline}


def reminders(now):
    """Newcomer and mentor hear of a computed deadline 7 days before and the day before, once each.

    The key holds the deadline's date: when a changed date moves a deadline, it is announced again.
    """
    today = paris_date(now)
    due = []
    for newcomer, entries in _timelines(today):
        for entry in entries:
            if entry.rule and entry.state == "open" and entry.date:
                days = (entry.date - today).days
                step = next((d for d in sorted(REMIND_DAYS) if 0 <= days <= d), None)
                if step is not None:
                    due.append((newcomer.id, entry, days, step))
    mentors = active_mentors({newcomer for newcomer, *_ in due})
    items = []
    for newcomer, entry, days, step in due:
        for recipient in (newcomer, *mentors.get(newcomer, ())):
            items.append(dict(
                recipient=recipient, kind="deadline", params={"days": days},
                code="deadline_tomorrow" if step == 1 else "deadline_soon",
                key=f"procedure:{newcomer}:{entry.rule}:{entry.date:%Y-%m-%d}:{step}:{recipient}",
                link=link("procedure.mine") if recipient == newcomer
                else link("procedure.for_newcomer", user_id=newcomer)))
    return notify_many(items)


def cnda_alerts(now):
    """A CNDA appeal deadline within 7 days with no appeal recorded alerts the organizers, once
    per newcomer and date: a deadline legal aid stopped does not, one it moved alerts again."""
    today = paris_date(now)
    return sum(alert_organizers(f"cnda-no-appeal:{newcomer.id}:{entry.date:%Y-%m-%d}",
                                "cnda_no_appeal",
                                link=link("procedure.for_newcomer", user_id=newcomer.id))
               for newcomer, entries in _timelines(today, awaiting_appeal())
               for entry in pressing_all(entries, today)
               if entry.rule == "cnda_appeal" and entry.date >= today)
