"""Check-ins: the mentor's list and log, the newcomer's coming ones, the organizers' cadence."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..actions import button_action, field_refusal, flash_refusal
from ..audit.service import record_read
from ..auth.decorators import role_required, volunteer_required
from ..core.access import Relation, checkin_relation
from ..forms import EmptyForm
from ..timeutil import paris_time
from . import service
from .forms import CadenceForm, LogForm, MoveForm

bp = Blueprint("checkins", __name__, url_prefix="/checkins")


@bp.route("/")
@volunteer_required
def index():
    """The mentor's check-ins: overdue first, then the coming ones."""
    overdue, upcoming = service.mentor_checkins(current_user)
    return render_template("checkins/index.html", overdue=overdue, upcoming=upcoming,
                           mentees=service.mentees(current_user))


@bp.route("/<int:checkin_id>/log", methods=["GET", "POST"])
@volunteer_required
def log(checkin_id):
    """The mentor logs or corrects a check-in; an organizer reads it (audited)."""
    checkin = service.get_checkin_for(current_user, checkin_id)
    mentor = checkin_relation(current_user, checkin) == Relation.MENTOR
    if not mentor and request.method == "POST":
        abort(403)
    form = LogForm()
    if request.method == "GET":
        form.load(checkin)
    if mentor and form.validate_on_submit():
        with flash_refusal():
            service.log_checkin(checkin, current_user, **form.values())
            flash(_("The check-in is logged. Thank you."), "success")
            return redirect(url_for("checkins.index"))
    record_read("checkin", [checkin.match.newcomer_id], item=checkin)
    return render_template("checkins/log.html", checkin=checkin, form=form, mentor=mentor,
                           reach=service.reach(checkin) if mentor else None)


@bp.route("/<int:checkin_id>/move", methods=["GET", "POST"])
@role_required("newcomer", "mentor", "organizer")
def move(checkin_id):
    """The mentor or the newcomer moves a planned check-in."""
    checkin = service.get_checkin_for(current_user, checkin_id)
    relation = checkin_relation(current_user, checkin)
    if relation == Relation.ORGANIZER:
        abort(403)
    back = url_for("checkins.mine" if relation == Relation.NEWCOMER else "checkins.index")
    form = MoveForm()
    if request.method == "GET":
        current = paris_time(checkin.due_at)
        form.day.data, form.at.data = current.date(), current.time().replace(second=0)
    if form.validate_on_submit():
        with flash_refusal():
            service.move_checkin(checkin, current_user, form.day.data, form.at.data)
            flash(_("The check-in is moved."), "success")
            return redirect(back)
    mentor = relation == Relation.MENTOR
    if mentor:
        record_read("checkin", [checkin.match.newcomer_id], item=checkin)
    return render_template("checkins/move.html", checkin=checkin, form=form, mentor=mentor,
                           back=back)


@bp.route("/mine")
@role_required("newcomer")
def mine():
    """The newcomer's coming check-ins, and a way to ask for one now."""
    return render_template("checkins/mine.html", checkins=service.newcomer_checkins(current_user),
                           match=service.active_mentor_match(current_user), form=EmptyForm())


@bp.route("/ask", methods=["POST"])
@role_required("newcomer")
def ask():
    """"I need to talk": the mentor is told at once."""
    button_action(lambda: service.ask_for_checkin(current_user),
                  _("Your mentor is told that you need to talk, and will contact you soon."),
                  refusal="info")
    return redirect(url_for("checkins.mine"))


@bp.route("/settings", methods=["GET", "POST"])
@role_required("organizer")
def settings():
    """The cadence of check-ins for new mentor matches."""
    form = CadenceForm()
    if request.method == "GET":
        cadence = service.current_cadence()
        form.fixed.data = ", ".join(str(day) for day in cadence.fixed)
        form.repeat.data = cadence.repeat
    if form.validate_on_submit():
        with field_refusal(form.fixed):
            service.save_cadence(current_user, form.fixed.data, form.repeat.data)
            flash(_("The cadence is saved. It applies to check-ins planned from now on."),
                  "success")
            return redirect(url_for("checkins.settings"))
    return render_template("checkins/settings.html", form=form)
