"""What became of a notification's subject, when its link no longer opens for the reader."""
from flask import current_app
from werkzeug.exceptions import HTTPException

from ..models import CheckIn, HelpRequest, Match, Notification, User

# What a reader is told, from the most to the least definite.
ERASED, ENDED, CLOSED, GONE = "erased", "ended", "closed", "gone"


def what_happened(reader, path):
    """ERASED, ENDED, CLOSED or GONE for a page this reader was once sent to, else None.

    Only a path one of the reader's own notifications links to is explained: anyone else asking
    learns nothing about what exists, as with any other page not found.
    """
    if "\x00" in path:  # no link Passage makes holds one, and PostgreSQL refuses it as text
        return None
    sent = Notification.select().where((Notification.recipient == reader.id)
                                       & (Notification.link == path)).exists()
    if not sent:
        return None
    try:
        _endpoint, values = current_app.url_map.bind("localhost").match(path)
    except HTTPException:
        return GONE
    if "checkin_id" in values:
        checkin = CheckIn.get_or_none(CheckIn.id == values["checkin_id"])
        return _of_match(checkin.match_id if checkin else None)
    if "match_id" in values:
        return _of_match(values["match_id"])
    if "request_id" in values:
        return _of_request(values["request_id"])
    if "user_id" in values:
        return _of_person(reader, values["user_id"])
    return GONE


def _erased(user_id):
    return User.select().where((User.id == user_id) & User.erased_at.is_null(False)).exists()


def _of_match(match_id):
    match = Match.get_or_none(Match.id == match_id) if match_id else None
    if match is None:
        return GONE
    if _erased(match.newcomer_id):
        return ERASED
    return ENDED if match.status in ("ended", "declined") else GONE


def _of_request(request_id):
    help_request = HelpRequest.get_or_none(HelpRequest.id == request_id)
    if help_request is None:
        return GONE
    if _erased(help_request.newcomer_id):
        return ERASED
    return CLOSED if help_request.status in ("closed", "cancelled") else GONE


def _of_person(reader, user_id):
    if _erased(user_id):
        return ERASED
    ended = Match.select().where((Match.volunteer == reader.id) & (Match.newcomer == user_id)
                                 & (Match.status == "ended")).exists()
    return ENDED if ended else GONE
