"""The organizers' dashboard and its CSV exports."""
from datetime import timedelta

from flask import Blueprint, current_app, render_template, request
from flask_babel import get_locale, pgettext
from flask_babel import gettext as _

from ..audit.service import record
from ..auth.decorators import role_required
from ..formats import week
from ..models import utcnow
from ..spreadsheet import csv_download, delimiter_for
from . import charts, exports, service
from .attention import attention
from .forms import DashboardForm

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")


DEFAULT_WEEKS = 12


def _filters():
    form = DashboardForm(request.args)
    valid = form.validate()
    weeks = form.weeks.data if valid and form.weeks.data in service.PERIODS else DEFAULT_WEEKS
    city = (form.city.data or "").strip() if valid else ""
    # The selector shows the period the figures are for, also when none or a wrong one was asked.
    form.weeks.data = weeks
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


def _keeper(rendered, language):
    """The figures section as rendered once per language while its figures are kept.

    It shows counts only, the same for every organizer, and formatting its numbers and dates
    was most of the time a dashboard took to render.
    """
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
    language = str(get_locale())
    # The figures section is rendered once per language while its figures are kept.
    shown = {} if language in rendered else _charts(figures)
    return render_template("dashboard/index.html", form=form, weeks=weeks, city=city,
                           attention=attention(now, city), figures=figures, as_of=as_of,
                           keep_figures=_keeper(rendered, language), **shown)


def _charts(figures):
    """The charts of the figures section and its table of places by city."""
    cities = sorted({where for (_, where) in figures["capacity"]})
    by_city = [(where, sum(v["used"] for (k, w), v in figures["capacity"].items() if w == where),
                sum(v["capacity"] - v["used"] for (k, w), v in figures["capacity"].items()
                    if w == where)) for where in cities]
    weeks_shown = [week(first_day) for first_day in figures["labels"]]
    week_of, count = _("Week of"), pgettext("chart axis", "Count")
    chart = {
        "wait": charts.line(_("Days from request to accepted match (weekly median)"),
                            weeks_shown, [(_("Days"), figures["weekly_wait"])], week_of,
                            _("Days")),
        "capacity": charts.bars(_("Volunteer places by city"), [c for c, _u, _f in by_city],
                                [(pgettext("places", "Used"), [u for _c, u, _f in by_city]),
                                 (_("Free"), [f for _c, _u, f in by_city])], _("City"),
                                _("Places")),
        "checkins": charts.bars(_("Check-ins due and done on time per week"), weeks_shown,
                                [(_("Due"), [c[0] for c in figures["checkins"]]),
                                 (_("On time"), [c[1] for c in figures["checkins"]])], week_of,
                                _("Check-ins")),
        "meetings": charts.bars(_("People at meetings per week"), weeks_shown,
                                [(_("Meetings held"), [m[0] for m in figures["meetings"]]),
                                 (_("People who came"), [m[1] for m in figures["meetings"]])],
                                week_of, count),
    }
    return {"chart": chart, "by_city": by_city}


def _csv(name, header, rows, delimiter=","):
    record("dashboard.exported", detail=name)
    return csv_download(name, header, rows, delimiter)


@bp.route("/figures.csv")
@role_required("organizer")
def figures_csv():
    """The chosen period's figures, one row per week, in the organizer's words: no person."""
    _form, weeks, city = _filters()
    return _csv("figures", *exports.weekly(service.figures(utcnow(), weeks, city)),
                delimiter=delimiter_for(get_locale()))


@bp.route("/figures-long.csv")
@role_required("organizer")
def figures_long_csv():
    """The same figures and those per kind and city, one value a row under codes, for programs."""
    _form, weeks, city = _filters()
    return _csv("figures-long", *exports.long(service.figures(utcnow(), weeks, city)))


@bp.route("/matches.csv")
@role_required("organizer")
def matches_csv():
    """Every match with pseudonyms only: no contact, no notes."""
    return _csv("matches", *exports.matches(), delimiter=delimiter_for(get_locale()))
