"""The dashboard's downloads in the reader's language: headers, figures and codes as words.

Dates stay ISO (a spreadsheet reads them in any language), in Paris time to the minute.
"""
from flask_babel import gettext as _
from flask_babel import pgettext

from ..core.vocabulary import label
from ..models import HelpRequest, Match, User
from ..timeutil import paris_time


def _round(value):
    return "" if value is None else round(value, 1)


def _moment(value):
    return "" if value is None else f"{paris_time(value):%Y-%m-%d %H:%M}"


def figures_table(figures):
    """The aggregate figures of a period as (header, rows): no person in them."""
    by_week = [(_("Newcomers arrived"), figures["arrivals"]),
               (_("Check-ins planned"), [c[0] for c in figures["checkins"]]),
               (_("Check-ins done on time"), [c[1] for c in figures["checkins"]]),
               (_("Meetings held"), [m[0] for m in figures["meetings"]]),
               (_("People who came"), [m[1] for m in figures["meetings"]])]
    rows = [(_("Week of"), first_day.isoformat(), measure, values[i])
            for measure, values in by_week for i, first_day in enumerate(figures["labels"])]
    for kind, stats in figures["open_requests"].items():
        words = label("kind", kind)
        rows += [(_("Kind of help"), words, _("Open requests"), stats["count"]),
                 (_("Kind of help"), words, _("Median wait (days)"), _round(stats["median"])),
                 (_("Kind of help"), words, _("90th percentile wait (days)"),
                  _round(stats["p90"])),
                 (_("Kind of help"), words, _("Active matches"), figures["active"][kind]),
                 (_("Kind of help"), words, _("Median days to match"),
                  _round(figures["to_match"].get(kind)))]
    for (kind, where), value in figures["capacity"].items():
        place = f"{label('kind', kind)}, {where}"
        rows += [(_("Volunteer places"), place, pgettext("places", "Used"), value["used"]),
                 (_("Volunteer places"), place, _("Places"), value["capacity"])]
    return (_("Group"), _("Week, kind of help or place"), _("Figure"), _("Value")), rows


def matches_table():
    """Every match with pseudonyms only, as (header, rows): no contact, no notes."""
    newcomer, volunteer = User.alias(), User.alias()
    query = (Match.select(Match.id, Match.kind, Match.status, Match.score, Match.proposed_at,
                          Match.responded_at, Match.ended_at, Match.end_reason,
                          newcomer.display_name, volunteer.display_name, HelpRequest.created_at)
             .join(newcomer, on=(Match.newcomer == newcomer.id))
             .switch(Match).join(volunteer, on=(Match.volunteer == volunteer.id))
             .switch(Match).join(HelpRequest, on=(Match.request == HelpRequest.id))
             .order_by(Match.id).tuples().iterator())
    header = (_("Match"), _("Kind of help"), _("Status"), _("Score"), _("Proposed on"),
              _("Answered on"), _("Ended on"), _("Why it ended"), _("Newcomer"), _("Volunteer"),
              _("Asked on"))
    rows = ((number, label("kind", kind), label("match_status", status), score,
             _moment(proposed), _moment(answered), _moment(ended),
             label("end_reason", reason) if reason else "", newcomer_name, volunteer_name,
             _moment(asked))
            for (number, kind, status, score, proposed, answered, ended, reason, newcomer_name,
                 volunteer_name, asked) in query)
    return header, rows
