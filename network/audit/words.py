"""The audit trail in the reader's words: actions, kinds of target and details by their labels.

Events are history: one recorded under a code no longer in use is shown as its code.
"""
import re

from flask_babel import gettext as _
from flask_babel import ngettext

from ..core.vocabulary import LABELS, label

# The code set an action's detail starts with; the rest of the detail is numbers ("#12").
DETAIL_SETS = {
    "match.ended": "end_reason", "case.closed": "case_outcome", "vetting.recorded": "decision",
    "user.status_changed": "status", "approval.requested": "approval_kind",
    "approval.confirmed": "approval_kind", "approval.cancelled": "approval_kind",
    "invitation.created": "role", "user.registered": "role", "user.role_changed": "role",
    "request.created": "kind", "request.changed": "kind", "offer.created": "offer_kind",
    "deadline.created": "deadline_kind", "deadline.deleted": "deadline_kind",
    "checkin.logged": "checkin_outcome", "login.failure": "login_failure",
    "conversation.disappearing": "disappear_days", "dashboard.exported": "export",
    "deadline.restored": "deadline_kind",
}
# A detail naming one thing by its kind and number: what a read was of, a reported message.
NUMBERED = re.compile(r"([a-z]+) (\d+)")
# The check-in cadence as settings store it: the first days, then the interval ("3,7,14;14").
CADENCE = re.compile(r"checkin_cadence=((?:\d+,)*\d+);(\d+)")
# How many newcomers' records one person opened, as the unusual-access alert stores it.
RECORDS = re.compile(r"(\d+) records")


def _worded(set_name, code):
    return label(set_name, code) if code in LABELS[set_name] else code


def action(code):
    """What was done, in words."""
    return _worded("audit_action", code)


def target(kind):
    """The kind of thing it was done to, in words."""
    return _worded("audit_target", kind) if kind else ""


def _numbers(action_code, text):
    """A detail made of numbers (a count, the cadence) in words; None for any other detail."""
    if action_code == "meeting.attendance" and text.isdigit():
        return ngettext("%(num)s person", "%(num)s people", int(text))
    found = RECORDS.fullmatch(text)
    if action_code == "access.unusual" and found:
        count = int(found.group(1))
        return ngettext("%(num)s newcomer’s record", "%(num)s newcomers’ records", count)
    found = CADENCE.fullmatch(text)
    if action_code == "settings.changed" and found:
        repeat = int(found.group(2))
        return "{}: {}".format(_("Check-in cadence"), ngettext(
            "days %(first)s, then every %(num)s day", "days %(first)s, then every %(num)s days",
            repeat, first=found.group(1).replace(",", ", ")))
    return None


def detail(action_code, text):
    """The detail with its code in words; a detail of another form is shown as it is."""
    text = text or ""
    worded = _numbers(action_code, text)
    if worded is not None:
        return worded
    numbered = NUMBERED.fullmatch(text)
    if numbered and numbered.group(1) in LABELS["audit_target"]:
        return "{} {}".format(label("audit_target", numbered.group(1)),
                              _("no. %(num)s", num=numbered.group(2)))
    set_name = DETAIL_SETS.get(action_code)
    code, _space, rest = text.partition(" ")
    if set_name == "disappear_days" and code.isdigit():
        code = int(code)
    if set_name is None or code not in LABELS[set_name]:
        return text
    return " ".join(part for part in (str(label(set_name, code)), rest) if part)
