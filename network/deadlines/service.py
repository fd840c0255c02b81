"""Recording the dates of a newcomer's asylum procedure."""
from datetime import timedelta

from flask_babel import lazy_gettext as _l

from ..audit.service import record
from ..core.access import procedure_relation
from ..core.codes import DEADLINE_KINDS
from ..core.errors import NotFound, ServiceError
from ..db import write_transaction
from ..models import Deadline, RemovedDeadline, User, utcnow
from ..procedure.service import UNDO_WITHIN, timeline_of
from ..timeutil import paris_date

LABEL_MAX = 120
# Procedure dates further away than this either way are typing mistakes.
REACH = timedelta(days=5 * 366)


def newcomer_for(user, newcomer_id):
    """The newcomer whose procedure this user may see and record, and the user's relation to
    them (the newcomer, their mentor or an organizer); hosts, helpers and strangers get NotFound."""
    relation = procedure_relation(user, newcomer_id)
    newcomer = None
    if relation is not None:
        newcomer = User.get_or_none((User.id == newcomer_id) & (User.role == "newcomer"))
    if newcomer is None:
        raise NotFound()
    return newcomer, relation


def get_deadline_for(user, deadline_id):
    """A deadline whose newcomer this user may see, and the user's relation; else NotFound."""
    deadline = Deadline.get_or_none(Deadline.id == deadline_id)
    if deadline is None:
        raise NotFound()
    return deadline, newcomer_for(user, deadline.newcomer_id)[1]


def deadlines_of(newcomer_id):
    """The newcomer's procedure dates, soonest first; one query."""
    return list(Deadline.select().where(Deadline.newcomer == newcomer_id)
                .order_by(Deadline.date, Deadline.id))


def appeal_of(newcomer_id, today):
    """The CNDA appeal deadline as the procedure timeline counts it (legal aid may have stopped
    or moved it), or None before an OFPRA decision."""
    return next((entry for entry in timeline_of(newcomer_id, today)
                 if entry.rule == "cnda_appeal"), None)


def _check(kind, date, label, today):
    label = (label or "").strip()
    if kind not in DEADLINE_KINDS:
        raise ServiceError(_l("Choose which step of the procedure this is."))
    if date is None:
        raise ServiceError(_l("Choose the date."))
    if not today - REACH <= date <= today + REACH:
        raise ServiceError(_l("This date is more than five years away: check the year."))
    if kind == "ofpra_decision" and date > today:
        raise ServiceError(_l("Write the day you received the decision: it cannot be in the "
                              "future."))
    if kind == "other" and not label:
        raise ServiceError(_l("Say in a few words what this step is."))
    if len(label) > LABEL_MAX:
        raise ServiceError(_l("The description is too long: at most %(n)s characters.",
                              n=LABEL_MAX))
    return label


def add_deadline(newcomer_id, by, kind, date, label="", now=None):
    """Record a dated step."""
    label = _check(kind, date, label, paris_date(now or utcnow()))
    with write_transaction():
        deadline = Deadline.create(newcomer=newcomer_id, kind=kind, date=date, label=label,
                                   created_by=by.id)
        record("deadline.created", target=deadline, actor=by, detail=kind)
    return deadline


def update_deadline(deadline, by, date, label="", now=None):
    """Change the date or description of a step."""
    label = _check(deadline.kind, date, label, paris_date(now or utcnow()))
    with write_transaction():
        Deadline.update(date=date, label=label).where(Deadline.id == deadline.id).execute()
        record("deadline.updated", target=deadline, actor=by)


def delete_deadline(deadline, by):
    """Remove a step, kept UNDO_WITHIN for `by` to put back."""
    with write_transaction():
        RemovedDeadline.create(
            deadline_id=deadline.id, newcomer=deadline.newcomer_id, kind=deadline.kind,
            date=deadline.date, label=deadline.label, created_by=deadline.created_by_id,
            created_at=deadline.created_at, removed_by=by.id)
        Deadline.delete().where(Deadline.id == deadline.id).execute()
        record("deadline.deleted", target=deadline, actor=by, detail=deadline.kind)


def removed_by(user, newcomer_id, now=None):
    """The newcomer's dates this user removed within UNDO_WITHIN, latest first."""
    since = (now or utcnow()) - UNDO_WITHIN
    return list(RemovedDeadline.select().where(
        (RemovedDeadline.newcomer == newcomer_id) & (RemovedDeadline.removed_by == user.id)
        & (RemovedDeadline.removed_at >= since)).order_by(RemovedDeadline.removed_at.desc()))


def get_removed_for(user, removed_id, now=None):
    """A date this user removed and may still put back, or NotFound (for anyone else too)."""
    removed = RemovedDeadline.get_or_none(
        (RemovedDeadline.id == removed_id) & (RemovedDeadline.removed_by == user.id)
        & (RemovedDeadline.removed_at >= (now or utcnow()) - UNDO_WITHIN))
    if removed is None:
        raise NotFound()
    newcomer_for(user, removed.newcomer_id)
    return removed


def _number(deadline_id):
    """The row's old number while free: SQLite gives the highest number again once deleted."""
    return {} if Deadline.get_or_none(Deadline.id == deadline_id) else {"id": deadline_id}


def restore_deadline(removed, by):
    """Put a removed date back as it was, with its number."""
    with write_transaction():
        deadline = Deadline.create(
            **_number(removed.deadline_id), newcomer=removed.newcomer_id, kind=removed.kind,
            date=removed.date, label=removed.label, created_by=removed.created_by_id,
            created_at=removed.created_at)
        RemovedDeadline.delete().where(RemovedDeadline.id == removed.id).execute()
        record("deadline.restored", target=deadline, actor=by, detail=removed.kind)
    return deadline


def forget_removed(now):
    """Removed dates past UNDO_WITHIN are gone for good."""
    return RemovedDeadline.delete().where(
        RemovedDeadline.removed_at < now - UNDO_WITHIN).execute()

