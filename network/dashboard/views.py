"""The organizers' dashboard and its CSV exports."""
from datetime import timedelta

from flask import Blueprint, current_app, render_template, request
from flask_babel import get_locale, pgettext
from flask_babel import gettext as _

from ..audit.service import record
from ..auth.decorators import role_required
from ..formats import week
from ..models import HelpRequest, Match, User, utcnow
from ..spreadsheet import csv_download
from . import charts, service
from .forms import DashboardForm

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")


def _filters():
    form = DashboardForm(request.args)
    valid = form.validate()
    weeks = form.weeks.data if valid and form.weeks.data in service.PERIODS else 12
    city = (form.city.data or "").strip() if valid else ""
    return form, weeks, city or None


FIGURES_KEPT = timedelta(minutes=1)
FIGURES_KEYS = 64


def _recent_figures(now, weeks, city):
    """The figures of a period and city as computed less than a minute ago by this worker.

    They are counts with no person in them, the same for every organizer, and the period's scan
    of check-ins and matches is most of the dashboard's time on a large network. What needs
    someone now (the attention lists) is never taken from here.
    """
    kept = current_app.extensions.setdefault("passage.dashboard_figures", {})
    key = (weeks, (city or "").casefold())
    if key in kept and timedelta(0) <= now - kept[key][0] < FIGURES_KEPT:
        return kept[key]
    if len(kept) >= FIGURES_KEYS:
        kept.clear()
    kept[key] = (now, service.figures(now, weeks, city), {})
    return kept[key]


def _keeper(rendered):
    """The figures section as rendered once per language while its figures are kept.

    It shows counts only, the same for every organizer, and formatting its numbers and dates
    was most of the time a dashboard took to render.
    """
    language = str(get_locale())

    def keep(caller):
        if language not in rendered:
            rendered[language] = caller()
        return rendered[language]
    return keep


@bp.route("/")
@role_required("organizer")
def index():
    """Needs attention now, then the figures with their charts."""
    form, weeks, city = _filters()
    now = utcnow()
    as_of, figures, rendered = _recent_figures(now, weeks, city)
    cities = sorted({where for (_, where) in figures["capacity"]})
    by_city = [(where, sum(v["used"] for (k, w), v in figures["capacity"].items() if w == where),
                sum(v["capacity"] - v["used"] for (k, w), v in figures["capacity"].items()
                    if w == where)) for where in cities]
    weeks_shown = [week(first_day) for first_day in figures["labels"]]
    chart = {
        "wait": charts.line(_("Days from request to accepted match (weekly median)"),
                            weeks_shown, [(_("Days"), figures["weekly_wait"])]),
        "capacity": charts.bars(_("Volunteer places by city"), [c for c, _u, _f in by_city],
                                [(pgettext("places", "Used"), [u for _c, u, _f in by_city]),
                                 (_("Free"), [f for _c, _u, f in by_city])]),
        "checkins": charts.bars(_("Check-ins due and done on time per week"), weeks_shown,
                                [(_("Due"), [c[0] for c in figures["checkins"]]),
                                 (_("On time"), [c[1] for c in figures["checkins"]])]),
        "meetings": charts.bars(_("People at meetings per week"), weeks_shown,
                                [(_("Meetings held"), [m[0] for m in figures["meetings"]]),
                                 (_("People who came"), [m[1] for m in figures["meetings"]])]),
    }
    return render_template("dashboard/index.html", form=form, weeks=weeks, city=city,
                           attention=service.attention(now, city), figures=figures, as_of=as_of,
                           by_city=by_city, chart=chart, keep_figures=_keeper(rendered))


def _csv(name, header, rows):
    record("dashboard.exported", detail=name)
    return csv_download(name, header, rows)


@bp.route("/figures.csv")
@role_required("organizer")
def figures_csv():
    """The aggregate figures of the chosen period: no person in them."""
    _form, weeks, city = _filters()
    figures = service.figures(utcnow(), weeks, city)
    rows = [("week", label, "newcomers_arrived", figures["arrivals"][i]) for i, label in
            enumerate(figures["labels"])]
    rows += [("week", label, "checkins_due", c[0]) for label, c in
             zip(figures["labels"], figures["checkins"])]
    rows += [("week", label, "checkins_on_time", c[1]) for label, c in
             zip(figures["labels"], figures["checkins"])]
    rows += [("week", label, "meetings_held", m[0]) for label, m in
             zip(figures["labels"], figures["meetings"])]
    rows += [("week", label, "meeting_attendance", m[1]) for label, m in
             zip(figures["labels"], figures["meetings"])]
    for kind, stats in figures["open_requests"].items():
        rows += [("kind", kind, "open_requests", stats["count"]),
                 ("kind", kind, "median_wait_days", _round(stats["median"])),
                 ("kind", kind, "p90_wait_days", _round(stats["p90"])),
                 ("kind", kind, "active_matches", figures["active"][kind]),
                 ("kind", kind, "median_days_to_match", _round(figures["to_match"].get(kind)))]
    for (kind, where), value in figures["capacity"].items():
        rows += [("capacity", f"{kind}/{where}", "used", value["used"]),
                 ("capacity", f"{kind}/{where}", "total", value["capacity"])]
    return _csv("figures", ("group", "key", "measure", "value"), rows)


def _round(value):
    return "" if value is None else round(value, 1)


@bp.route("/matches.csv")
@role_required("organizer")
def matches_csv():
    """Every match with pseudonyms only: no contact, no notes."""
    newcomer, volunteer = User.alias(), User.alias()
    rows = (Match.select(Match.id, Match.kind, Match.status, Match.score, Match.proposed_at,
                         Match.responded_at, Match.ended_at, Match.end_reason,
                         newcomer.display_name, volunteer.display_name, HelpRequest.created_at)
            .join(newcomer, on=(Match.newcomer == newcomer.id))
            .switch(Match).join(volunteer, on=(Match.volunteer == volunteer.id))
            .switch(Match).join(HelpRequest, on=(Match.request == HelpRequest.id))
            .order_by(Match.id).tuples().iterator())
    return _csv("matches", ("match", "kind", "status", "score", "proposed", "answered", "ended",
                            "end_reason", "newcomer", "volunteer", "requested"), rows)
