"""Home per role, language choice, health check."""
from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from peewee import PeeweeException

from .. import ratelimit
from ..checkins.service import mentor_checkins, raised_flags
from ..core.access import active_mentors
from ..core.codes import KINDS
from ..db import db
from ..extensions import limiter
from ..help.service import my_requests, needs_to_ask
from ..links import safe_next
from ..matching.service import open_counts, volunteer_matches
from ..meetings.queries import managed_meetings
from ..models import VOLUNTEER_ROLES, Approval, Invitation, Offer, User, utcnow
from ..pagecache import same_for_visitors
from ..procedure.service import next_deadlines, timeline_of
from ..procedure.timeline import next_deadline
from ..timeutil import paris_date

bp = Blueprint("main", __name__)


@bp.route("/")
@same_for_visitors
def home():
    """What each person needs first: a landing page, or their own home."""
    if not current_user.is_authenticated:
        return render_template("main/landing.html")
    if current_user.status == "pending":
        if current_user.role != "newcomer":
            return render_template("main/pending.html", rows=(), to_finish=())
        rows = my_requests(current_user)
        return render_template("main/pending.html", rows=rows, to_finish=_to_finish(rows))
    if current_user.role == "organizer":
        waiting = {
            "volunteers": User.select().where(User.role.in_(VOLUNTEER_ROLES)
                                              & (User.status == "pending")).count(),
            "newcomers": User.select().where((User.role == "newcomer")
                                             & (User.status == "pending")).count(),
            "approvals": Approval.select().where(Approval.confirmed_at.is_null()
                                                 & Approval.cancelled_at.is_null()).count(),
        }
        return render_template("main/home_organizer.html", waiting=waiting,
                               open_requests=open_counts())
    if current_user.role == "mentor":
        open_codes = Invitation.select().where(
            (Invitation.created_by == current_user.id) & Invitation.used_at.is_null()
            & Invitation.revoked_at.is_null()).count()
        # A volunteer just approved, or whose offers all ended, is led to offer something.
        offering = Offer.select().where((Offer.volunteer == current_user.id)
                                        & Offer.status.in_(("active", "paused"))).exists()
        overdue, upcoming = mentor_checkins(current_user)
        matches = volunteer_matches(current_user)
        # The mentoring matches whose newcomer's asylum procedure this mentor follows, as access
        # decides it: one link per newcomer, beside the mentoring.
        mentored = active_mentors({match.newcomer_id for match in matches})
        procedures = {match.id for match in matches if match.kind == "mentor"
                      and current_user.id in mentored.get(match.newcomer_id, ())}
        followed = {match.newcomer_id for match in matches if match.id in procedures}
        return render_template("main/home_mentor.html", open_codes=open_codes,
                               offer_kinds=() if offering else KINDS,
                               matches=matches, overdue=overdue[:5], procedures=procedures,
                               procedure_next=next_deadlines(followed, paris_date(utcnow())),
                               upcoming=upcoming[:5], flags=raised_flags(current_user),
                               facilitated=managed_meetings(current_user)[:5])
    rows = my_requests(current_user)
    return render_template("main/home_newcomer.html", rows=rows, to_finish=_to_finish(rows),
                           procedure_next=next_deadline(
                               timeline_of(current_user.id, paris_date(utcnow()))))


def _to_finish(rows):
    """The needs ticked at sign-up never sent as a request: one withdrawn or met is not asked
    for again."""
    asked = {row.request.kind for row in rows}
    return [kind for kind in needs_to_ask(current_user) if kind not in asked]


@bp.route("/language", methods=["POST"])
def set_language():
    """Remember the chosen language for this session, and for the account."""
    locale = request.form.get("locale", "")
    if locale in current_app.config["LANGUAGES"]:
        session["locale"] = locale
        if current_user.is_authenticated:
            User.update(locale=locale).where(User.id == current_user.id).execute()
    return redirect(safe_next(request.form.get("next")) or url_for("main.home"))


@bp.route("/healthz")
@limiter.exempt
def healthz():
    """200 after a round trip to the database, naming what is degraded; 503 without it."""
    try:
        db.execute_sql("SELECT 1").fetchone()
    except (PeeweeException, OSError):
        return jsonify(status="unavailable"), 503
    degraded = ratelimit.degraded()
    return jsonify(status="ok", degraded=degraded) if degraded else jsonify(status="ok")
