"""A newcomer's procedure facts, read from the procedure file and from the procedure dates."""
from peewee import fn

from ..models import Deadline, NewcomerProfile, ProcedureFile
from .timeline import FIELDS, Facts

# The dates typed once as procedure dates (with a place and time, and reminders of their own),
# by the kind they are typed as; the timeline reads the latest of each kind.
TYPED_AS = {"interview": "ofpra_interview", "decision_notified": "ofpra_decision",
            "cnda_hearing": "cnda_hearing"}
# What the procedure file itself records.
FILE_FIELDS = tuple(field for field in FIELDS if field not in TYPED_AS)
FILE_DATES = tuple(field for field in FILE_FIELDS if field != "procedure")


def _departments(newcomer_ids):
    """Each newcomer's département, the one of the commune on their profile."""
    ids = list(newcomer_ids)
    if not ids:
        return {}
    return dict(NewcomerProfile.select(NewcomerProfile.user, NewcomerProfile.region)
                .where(NewcomerProfile.user.in_(ids) & (NewcomerProfile.region != "")).tuples())


def _typed(newcomer_ids=None):
    """{newcomer id: {field: date}} of the procedure dates the timeline reads."""
    field_of = {kind: field for field, kind in TYPED_AS.items()}
    query = (Deadline.select(Deadline.newcomer, Deadline.kind, fn.MAX(Deadline.date))
             .where(Deadline.kind.in_(list(TYPED_AS.values())))
             .group_by(Deadline.newcomer, Deadline.kind))
    if newcomer_ids is not None:
        query = query.where(Deadline.newcomer.in_(list(newcomer_ids)))
    typed = {}
    for newcomer, kind, day in query.tuples():
        typed.setdefault(newcomer, {})[field_of[kind]] = day
    return typed


def awaiting_appeal():
    """Newcomers with an OFPRA decision and no CNDA appeal recorded: the only ones whose appeal
    deadline can still be open."""
    lodged = ProcedureFile.select(ProcedureFile.newcomer).where(
        ProcedureFile.cnda_appealed.is_null(False))
    return [newcomer for (newcomer,) in Deadline.select(Deadline.newcomer).distinct().where(
        (Deadline.kind == TYPED_AS["decision_notified"]) & Deadline.newcomer.not_in(lodged))
        .tuples()]


def facts_by_newcomer(newcomer_ids=None):
    """{newcomer id: Facts} of every newcomer with a procedure file or a procedure date the
    timeline reads, or of these newcomers only; three queries."""
    files = ProcedureFile.select()
    if newcomer_ids is not None:
        files = files.where(ProcedureFile.newcomer.in_(list(newcomer_ids)))
    rows = {row.newcomer_id: row for row in files}
    typed = _typed(newcomer_ids)
    departments = _departments(set(rows) | set(typed))
    return {newcomer: Facts(**{field: getattr(rows.get(newcomer), field, None)
                               for field in FILE_FIELDS},
                            **typed.get(newcomer, {}), department=departments.get(newcomer))
            for newcomer in set(rows) | set(typed)}


def facts_of(newcomer_id):
    """The newcomer's procedure facts; empty ones when nothing is recorded yet."""
    return facts_by_newcomer([newcomer_id]).get(newcomer_id) or Facts(
        department=_departments([newcomer_id]).get(newcomer_id))
