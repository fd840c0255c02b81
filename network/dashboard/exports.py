"""The dashboard's downloads: tables a person reads in their language, and one for programs."""
from flask_babel import format_decimal, pgettext
from flask_babel import gettext as _

from ..core.vocabulary import label
from ..models import HelpRequest, Match, User
from ..timeutil import paris_time


def _minute(moment):
    """A moment as Paris wall time to the minute, ISO-ordered so a spreadsheet sorts it."""
    return "" if moment is None else f"{paris_time(moment):%Y-%m-%d %H:%M}"


def _round(value):
    return "" if value is None else round(value, 1)


def _decimal(value):
    """A number as the reader's spreadsheet reads one: «2,5» in fr/ru/uk, never grouped."""
    return "" if value is None else format_decimal(round(value, 1), format="0.#")


def weekly(figures):
    """One row per week (its first day as an ISO date), one column per measure, in their words."""
    header = (_("Week of"), _("Newcomers arrived"), pgettext("export", "Check-ins due"),
              _("Check-ins done on time"), _("Meetings held"),
              _("People who came to meetings"),
              _("Days from request to accepted match (weekly median)"))
    rows = [(first.isoformat(), arrived, due, on_time, held, came, _decimal(wait))
            for first, arrived, (due, on_time), (held, came), wait in zip(
                figures["labels"], figures["arrivals"], figures["checkins"],
                figures["meetings"], figures["weekly_wait"])]
    return header, rows


def long(figures):
    """Every figure as (group, key, measure, value) under stable codes: what a program reads."""
    rows = []
    for i, first in enumerate(figures["labels"]):
        week = first.isoformat()
        rows += [("week", week, "newcomers_arrived", figures["arrivals"][i]),
                 ("week", week, "checkins_due", figures["checkins"][i][0]),
                 ("week", week, "checkins_on_time", figures["checkins"][i][1]),
                 ("week", week, "meetings_held", figures["meetings"][i][0]),
                 ("week", week, "meeting_attendance", figures["meetings"][i][1]),
                 ("week", week, "median_days_to_match", _round(figures["weekly_wait"][i]))]
    for kind, stats in figures["open_requests"].items():
        rows += [("kind", kind, "open_requests", stats["count"]),
                 ("kind", kind, "median_wait_days", _round(stats["median"])),
                 ("kind", kind, "p90_wait_days", _round(stats["p90"])),
                 ("kind", kind, "active_matches", figures["active"][kind]),
                 ("kind", kind, "median_days_to_match", _round(figures["to_match"].get(kind)))]
    for (kind, where), value in figures["capacity"].items():
        rows += [("capacity", f"{kind}/{where}", "used", value["used"]),
                 ("capacity", f"{kind}/{where}", "total", value["capacity"])]
    return ("group", "key", "measure", "value"), rows


def matches():
    """Every match, pseudonyms only, its kind and state in words, its times in Paris."""
    newcomer, volunteer = User.alias(), User.alias()
    found = (Match.select(Match.id, Match.kind, Match.status, Match.score, Match.proposed_at,
                          Match.responded_at, Match.ended_at, Match.end_reason,
                          newcomer.display_name, volunteer.display_name, HelpRequest.created_at)
             .join(newcomer, on=(Match.newcomer == newcomer.id))
             .switch(Match).join(volunteer, on=(Match.volunteer == volunteer.id))
             .switch(Match).join(HelpRequest, on=(Match.request == HelpRequest.id))
             .order_by(Match.id).tuples().iterator())
    header = (_("Number"), _("Kind of help"), _("Status"), _("Score"), _("Requested"),
              pgettext("export", "Proposed"), _("Answered"), pgettext("export", "Ended"),
              _("Why it ended"), _("Newcomer"), _("Volunteer"))
    rows = ((number, label("kind", kind), label("match_status", status), score,
             _minute(requested), _minute(proposed), _minute(answered), _minute(ended),
             label("end_reason", reason) if reason else "", newcomer_name, volunteer_name)
            for (number, kind, status, score, proposed, answered, ended, reason, newcomer_name,
                 volunteer_name, requested) in found)
    return header, rows
