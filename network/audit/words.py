"""The audit trail in the reader's words: actions, kinds of target and details by their labels.

Events are history: one recorded under a code no longer in use is shown as its code.
"""
from flask_babel import gettext as _

from ..core.vocabulary import LABELS, label

# The code set an action's detail starts with; the rest of the detail is numbers ("#12").
DETAIL_SETS = {
    "match.ended": "end_reason", "case.closed": "case_outcome", "vetting.recorded": "decision",
    "user.status_changed": "status", "approval.requested": "approval_kind",
    "approval.confirmed": "approval_kind", "approval.cancelled": "approval_kind",
    "invitation.created": "role", "user.registered": "role", "user.role_changed": "role",
    "request.created": "kind", "offer.created": "offer_kind", "deadline.created": "deadline_kind",
    "deadline.deleted": "deadline_kind", "checkin.logged": "checkin_outcome",
    "login.failure": "login_failure", "deadline.restored": "deadline_kind",
    "request.changed": "kind", "dashboard.exported": "export",
}


def _worded(set_name, code):
    return label(set_name, code) if code in LABELS[set_name] else code


def action(code):
    """What was done, in words."""
    return _worded("audit_action", code)


def target(kind):
    """The kind of thing it was done to, in words."""
    return _worded("audit_target", kind) if kind else ""


def detail(action_code, text):
    """The detail with its code in words; a detail of another form is shown as it is."""
    set_name = DETAIL_SETS.get(action_code)
    code, _space, rest = (text or "").partition(" ")
    if code in LABELS["audit_target"] and rest.isdigit():
        # A read names the item read beside the newcomer: "case 12".
        return f"{target(code)} {_('no. %(num)s', num=int(rest))}"
    if set_name is None or code not in LABELS[set_name]:
        return text
    return " ".join(part for part in (str(label(set_name, code)), rest) if part)
