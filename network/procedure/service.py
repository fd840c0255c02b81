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
from ..notify.service import link, notify_many
from ..timeutil import paris_date
from . import documents
from .rules import RULES_BY_CODE
from .timeline import FIELDS, Facts, compute, current_step, next_deadline, urgency

DATES = tuple(field for field in FIELDS if field != "procedure")
# A procedure date further away than this either way is a typing mistake.
REACH = timedelta(days=5 * 366)
# Each date may not come before the one it follows.
ORDER = (("registered", "entered"), ("ofpra_filed", "registered"),
         ("interview", "ofpra_filed"), ("decision_notified", "ofpra_filed"),
         ("legal_aid_requested", "decision_notified"),
         ("legal_aid_decided", "legal_aid_requested"))
REMIND_DAYS = (7, 1)
# Procedure dates removed or cleared can be put back by whoever did it for this long.
UNDO_WITHIN = timedelta(days=1)


def facts_of_row(row, department=None):
    """The facts of a loaded row, in the newcomer's département."""
    return Facts(**{field: getattr(row, field) for field in FIELDS}, department=department)


def _departments(newcomer_ids):
    """Each newcomer's département, the one of the commune on their profile."""
    ids = list(newcomer_ids)
    if not ids:
        return {}
    return dict(NewcomerProfile.select(NewcomerProfile.user, NewcomerProfile.region)
                .where(NewcomerProfile.user.in_(ids) & (NewcomerProfile.region != "")).tuples())


def facts_of(newcomer_id):
    """The newcomer's procedure facts; empty ones when nothing is recorded yet."""
    row = ProcedureFile.get_or_none(ProcedureFile.newcomer == newcomer_id)
    department = _departments([newcomer_id]).get(newcomer_id)
    return Facts(department=department) if row is None else facts_of_row(row, department)


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
    for field in DATES:
        day = values.get(field)
        if day and not today - REACH <= day <= today + REACH:
            raise ServiceError(_l("This date is more than five years away: check the year."))
        if day and field != "interview" and day > today:
            raise ServiceError(_l("Only the interview may be in the future: the other dates are "
                                  "of what already happened."))
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
    values = {field: values.get(field) or None for field in FIELDS}
    _check(values, paris_date(now or utcnow()))
    with write_transaction():
        before = facts_of(newcomer_id)._asdict()
        cleared = {field: before[field].isoformat() for field in DATES
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
    return {field: date.fromisoformat(day) for field, day in json.loads(row.dates).items()}


def restore_dates(newcomer_id, by, now=None):
    """Put back the dates `by` cleared, where no other date has been written since."""
    removed = removed_by(by, newcomer_id, now)
    if not removed:
        raise NotFound()
    current = facts_of(newcomer_id)
    facts = {field: getattr(current, field) for field in FIELDS}
    for field, day in removed.items():
        facts[field] = facts[field] or day
    _check(facts, paris_date(now or utcnow()))
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


def _files():
    return (ProcedureFile.select(ProcedureFile, User)
            .join(User, on=(ProcedureFile.newcomer == User.id)).where(User.erased_at.is_null()))


def overview(today):
    """Every newcomer with a procedure: current step and next deadline, most urgent first."""
    rows = []
    files = list(_files())
    departments = _departments(row.newcomer_id for row in files)
    for row in files:
        entries = compute(facts_of_row(row, departments.get(row.newcomer_id)), today)
        rows.append((urgency(entries, today), row.newcomer, current_step(entries),
                     next_deadline(entries)))
    rows.sort(key=lambda r: (r[0][0], r[0][1] or today, r[1].id))
    return [(newcomer, step, deadline) for _, newcomer, step, deadline in rows]


def urgent(today):
    """Newcomers whose CNDA or OFPRA deadline falls within 7 days (or has passed unmet)."""
    return [(newcomer, deadline) for newcomer, _, deadline in overview(today)
            if deadline and RULES_BY_CODE[deadline.rule].urgent
            and deadline.date <= today + timedelta(days=7)]


def reminders(now):
    """Newcomer and mentor hear of a computed deadline 7 days before and the day before, once each.

    The key holds the deadline's date: when a changed date moves a deadline, it is announced again.
    """
    today = paris_date(now)
    due = []
    files = list(_files())
    departments = _departments(row.newcomer_id for row in files)
    for row in files:
        for entry in compute(facts_of_row(row, departments.get(row.newcomer_id)), today):
            if entry.rule and entry.state == "open" and entry.date:
                days = (entry.date - today).days
                step = next((d for d in sorted(REMIND_DAYS) if 0 <= days <= d), None)
                if step is not None:
                    due.append((row.newcomer_id, entry, days, step))
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
