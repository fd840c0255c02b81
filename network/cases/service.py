"""Cases: opened once per cause, taken by one organizer, noted, answered and closed."""
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from peewee import JOIN, SQL, fn

from ..audit.service import record, record_read
from ..core.codes import CASE_OUTCOMES
from ..core.errors import NotFound, ServiceError
from ..db import write_transaction
from ..models import Case, CaseEntry, Lead, NewcomerProfile, User, utcnow

PAGE_SIZE = 50
NOTE_MAX = 4000


def is_away(organizer, now=None):
    """An organizer who has not logged in for LEAD_AWAY_DAYS: their cases wait for someone."""
    if organizer is None or organizer.status != "active":
        return True
    days = current_app.config["LEAD_AWAY_DAYS"]
    seen = organizer.last_login_at
    return seen is None or seen < (now or utcnow()) - timedelta(days=days)


def holder(case, now=None):
    """Who holds the case as others see it: its assignee, unless they are away."""
    assignee = case.assignee if case.assignee_id else None
    return None if is_away(assignee, now) else assignee


def open_case(kind, newcomer=None, match=None, reporter=None, key=None):
    """Open a case for a cause; while one is open for the same `key`, that one is returned.

    The caller tells the organizers, as it did before cases existed; a reported conversation
    message opens its case here too, as kind "message".
    """
    newcomer_id = getattr(newcomer, "id", newcomer)
    with write_transaction():
        if key is not None:
            existing = Case.get_or_none(Case.open_key == key)
            if existing is not None:
                return existing
        lead = (Lead.select(Lead.organizer).where(Lead.newcomer == newcomer_id).scalar()
                if newcomer_id else None)
        inserted = (Case.insert(kind=kind, newcomer=newcomer_id, match=getattr(match, "id", match),
                                reporter=getattr(reporter, "id", reporter), open_key=key,
                                assignee=lead, taken_at=utcnow() if lead else None,
                                created_at=utcnow())
                    .on_conflict_ignore().execute())
        case = Case.get_or_none(Case.open_key == key) if key is not None else None
    return case or Case.get_by_id(inserted)


def _with_people():
    assignee = User.alias("assignee")
    newcomer = User.alias("newcomer")
    return (Case.select(Case, assignee, newcomer)
            .join(assignee, JOIN.LEFT_OUTER, on=(Case.assignee == assignee.id))
            .switch(Case).join(newcomer, JOIN.LEFT_OUTER, on=(Case.newcomer == newcomer.id)))


def open_cases(page=1, now=None):
    """One page of open cases, oldest first, each with `holder` (None when nobody present holds
    it), and whether more follow."""
    rows = list(_with_people().where(Case.status == "open").order_by(Case.created_at, Case.id)
                .paginate(page, PAGE_SIZE).limit(PAGE_SIZE + 1))
    for case in rows:
        case.holder = holder(case, now)
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def waiting(limit, city=None, now=None):
    """Open cases for "act now", oldest first, at most `limit`, each with `total_rows`, how many
    are open; a city keeps its newcomers'."""
    query = _with_people().select_extend(fn.COUNT(SQL("*")).over().alias("total_rows")).where(
        Case.status == "open")
    if city:
        query = query.where(Case.newcomer.in_(
            NewcomerProfile.select(NewcomerProfile.user).where(NewcomerProfile.city ** city)))
    rows = list(query.order_by(Case.created_at, Case.id).limit(limit))
    for case in rows:
        case.holder = holder(case, now)
    return rows


def get_case(case_id):
    """One case with its people, or NotFound."""
    case = _with_people().where(Case.id == case_id).get_or_none()
    if case is None:
        raise NotFound()
    case.holder = holder(case)
    return case


def entries(case, organizer):
    """The case's notes and answers, oldest first, each with its author; reading them is
    audited as a read of the newcomer's data."""
    if case.newcomer_id:
        record_read("case", [case.newcomer_id], item=case, actor=organizer)
    else:
        record("case.notes_read", target=case, actor=organizer)
    author = User.alias("author")
    return list(CaseEntry.select(CaseEntry, author)
                .join(author, JOIN.LEFT_OUTER, on=(CaseEntry.author == author.id))
                .where(CaseEntry.case == case.id)
                .order_by(CaseEntry.created_at, CaseEntry.id))


def refuse_closed(case):
    if case.status != "open":
        raise ServiceError(_l("This case is closed."))


def take(case, organizer, now=None):
    """The organizer takes the case, unless a present organizer already holds it."""
    refuse_closed(case)
    current = holder(case, now)
    if current is not None and current.id != organizer.id:
        raise ServiceError(_l("%(name)s has already taken this case.",
                              name=current.display_name))
    with write_transaction():
        # Compare and set: of two organizers taking it at once, the second finds it changed.
        changed = (Case.update(assignee=organizer.id, taken_at=now or utcnow())
                   .where((Case.id == case.id) & (Case.status == "open")
                          & (Case.assignee.is_null() if case.assignee_id is None
                             else Case.assignee == case.assignee_id))
                   .execute())
        if not changed:
            raise ServiceError(_l("Someone changed this case meanwhile: look at it again."))
        record("case.taken", target=case, actor=organizer)


def add_note(case, organizer, text, now=None):
    """Add a dated, signed note; notes are encrypted at rest and only organizers read them."""
    refuse_closed(case)
    text = within(text, _l("Write the note first."), _l("This note is too long."))
    with write_transaction():
        CaseEntry.create(case=case.id, kind="note", author=organizer.id, body=text,
                         created_at=now or utcnow())
        record("case.noted", target=case, actor=organizer)


def within(text, empty, too_long):
    """The text of a note or an answer, stripped, or ServiceError with the message that fits."""
    text = (text or "").strip()
    if not text:
        raise ServiceError(empty)
    if len(text) > NOTE_MAX:
        raise ServiceError(too_long)
    return text


def close(case, organizer, outcome, now=None):
    """Close the case with an outcome; the cause may open a new case later."""
    if outcome not in CASE_OUTCOMES:
        raise ServiceError(_l("Choose an outcome."))
    with write_transaction():
        closed = (Case.update(status="closed", outcome=outcome, open_key=None,
                              closed_at=now or utcnow(), closed_by=organizer.id)
                  .where((Case.id == case.id) & (Case.status == "open")).execute())
        if not closed:
            raise ServiceError(_l("This case is closed."))
        record("case.closed", target=case, actor=organizer, detail=outcome)


def lead_of(newcomer_id):
    """The organizer who leads this newcomer, or None."""
    return (User.select(User.id, User.display_name, User.status, User.last_login_at)
            .join(Lead, on=(Lead.organizer == User.id))
            .where(Lead.newcomer == newcomer_id).get_or_none())


def set_lead(newcomer_id, lead, actor):
    """`lead`, an active organizer, follows the newcomer and gets their new cases; None: nobody
    does any more."""
    if not newcomer_id:
        raise ServiceError(_l("This case concerns no newcomer."))
    if lead is not None and not (lead.role == "organizer" and lead.status == "active"):
        raise ServiceError(_l("Choose an active organizer."))
    target = User(id=newcomer_id)
    with write_transaction():
        if lead is None:
            Lead.delete().where(Lead.newcomer == newcomer_id).execute()
            record("newcomer.lead_cleared", target=target, actor=actor)
            return
        (Lead.insert(newcomer=newcomer_id, organizer=lead.id)
         .on_conflict(conflict_target=[Lead.newcomer], update={Lead.organizer: lead.id})
         .execute())
        record("newcomer.lead", target=target, actor=actor, detail=f"#{lead.id}")
