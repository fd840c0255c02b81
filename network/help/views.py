"""A newcomer's profile, requests for help, and who was matched with them."""
from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from ..actions import button_action, flash_refusal
from ..auth.decorators import role_required
from ..forms import EmptyForm
from ..matching.service import withdraw_request
from . import service
from .forms import REQUEST_FORMS, NewcomerProfileForm

bp = Blueprint("help", __name__, url_prefix="/help")

# Asking early is the point: a newcomer not yet taken in may already tell us what they need.
newcomer_required = role_required("newcomer", statuses=service.NEWCOMER_STATUSES)


@bp.route("/")
@newcomer_required
def index():
    """The newcomer's requests, and how to reach each volunteer matched with them."""
    return render_template("help/index.html", rows=service.my_requests(current_user),
                           kinds=REQUEST_FORMS)


@bp.route("/profile", methods=["GET", "POST"])
@newcomer_required
def profile():
    """What the newcomer tells the network about themself."""
    form = NewcomerProfileForm()
    if request.method == "GET":
        stored = service.profile_of(current_user)
        form.load(stored, stored.languages)
    if form.validate_on_submit():
        with flash_refusal():
            service.save_profile(current_user, **form.values())
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("help.index"))
    return render_template("help/profile.html", form=form)


@bp.route("/new/<kind>", methods=["GET", "POST"])
@newcomer_required
def new_request(kind):
    """Ask for one kind of help."""
    if kind not in REQUEST_FORMS:
        abort(404)
    form = REQUEST_FORMS[kind]()
    if form.validate_on_submit():
        with flash_refusal():
            service.create_request(current_user, kind, **form.values())
            flash(_("Your request is registered. The organizers will look for a volunteer."),
                  "success")
            return redirect(_next_need())
    return render_template("help/new_request.html", form=form, kind=kind)


def _next_need():
    # The walk through the needs ticked at sign-up, one form after another.
    waiting = [kind for kind in session.pop("to_ask", ())
               if kind in service.needs_to_ask(current_user)]
    if not waiting:
        return url_for("help.index")
    session["to_ask"] = waiting[1:]
    return url_for("help.new_request", kind=waiting[0])


@bp.route("/requests/<int:request_id>")
@newcomer_required
def request_detail(request_id):
    """One of the newcomer's requests."""
    return render_template("help/request.html", row=service.my_request(current_user, request_id),
                           form=EmptyForm())


@bp.route("/requests/<int:request_id>/edit", methods=["GET", "POST"])
@newcomer_required
def edit_request(request_id):
    """Change an open request."""
    help_request = service.get_request_for(current_user, request_id)
    form = REQUEST_FORMS[help_request.kind](obj=help_request)
    if form.validate_on_submit():
        with flash_refusal():
            service.update_request(current_user, help_request, **form.values())
            flash(_("Your request is changed."), "success")
            return redirect(url_for("help.request_detail", request_id=help_request.id))
    return render_template("help/edit_request.html", form=form, request=help_request)


@bp.route("/requests/<int:request_id>/withdraw", methods=["POST"])
@newcomer_required
def withdraw(request_id):
    """The newcomer no longer needs this help."""
    help_request = service.get_request_for(current_user, request_id)
    button_action(lambda: withdraw_request(help_request, current_user),
                  _("Your request is withdrawn."))
    return redirect(url_for("help.index"))
