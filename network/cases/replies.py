"""Answering whoever reported a case: a newcomer in their conversation with the organizers,
anyone else on the page of their report, which a notification that says nothing leads to."""
from flask_babel import lazy_gettext as _l

from ..audit.service import record
from ..conversations import service as conversations
from ..core.errors import NotFound, ServiceError
from ..db import write_transaction
from ..models import Case, CaseEntry, User
from ..notify.service import link, notify
from ..push import service as push
from .service import refuse_closed, within


def answer(case, organizer, text):
    """Write to the reporter; the answer stays with the case, encrypted like its notes."""
    refuse_closed(case)
    reporter = User.get_or_none(User.id == case.reporter_id) if case.reporter_id else None
    if reporter is None:
        raise ServiceError(_l("Nobody reported this case: there is nobody to answer."))
    text = within(text, _l("Write the answer first."), _l("This answer is too long."))
    recipients = ()
    with write_transaction():
        entry = CaseEntry.create(case=case.id, kind="reply", author=organizer.id, body=text)
        if reporter.role == "newcomer":
            _, recipients = conversations.write(conversations.with_organizers(reporter),
                                                organizer, text)
        else:
            notify(reporter.id, "alert", key=f"case-reply:{entry.id}", code="case_replied",
                   link=link("cases.report", case_id=case.id))
        record("case.answered", target=case, actor=organizer)
    # Outside the write lock: a slow push service holds up nobody's writes.
    push.announce(recipients)


def report_of(user, case_id):
    """The case `user` reported with the organizers' answers, oldest first; NotFound for
    anyone else, as for a case that does not exist."""
    case = Case.get_or_none((Case.id == case_id) & (Case.reporter == user.id))
    if case is None:
        raise NotFound()
    answers = list(CaseEntry.select(CaseEntry.body, CaseEntry.created_at)
                   .where((CaseEntry.case == case.id) & (CaseEntry.kind == "reply"))
                   .order_by(CaseEntry.created_at, CaseEntry.id))
    return case, answers
