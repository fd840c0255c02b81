"""A vetted volunteer's profile and offers: create, edit, pause, resume, end."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..actions import button_action, flash_refusal
from ..auth.decorators import volunteer_required
from ..forms import EmptyForm
from . import service
from .forms import OFFER_FORMS, VolunteerProfileForm

bp = Blueprint("offers", __name__, url_prefix="/offers")
DONE = {
    "pause": _l("The offer is paused: nobody will be proposed to you for it."),
    "resume": _l("The offer is active again."),
    "end": _l("The offer has ended."),
}


@bp.route("/")
@volunteer_required
def index():
    """The volunteer's offers with what each one holds now."""
    return render_template("offers/index.html", offers=service.my_offers(current_user),
                           profile=service.profile_of(current_user), status_form=EmptyForm(),
                           kinds=OFFER_FORMS)


@bp.route("/profile", methods=["GET", "POST"])
@volunteer_required
def profile():
    """The volunteer's languages, city, contact and bio."""
    stored = service.profile_of(current_user)
    form = VolunteerProfileForm(obj=stored)
    if request.method == "GET":
        form.languages.data = list(stored.languages)
    if form.validate_on_submit():
        with flash_refusal():
            service.save_profile(current_user, **form.values())
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("offers.index"))
    return render_template("offers/profile.html", form=form)


@bp.route("/new/<kind>", methods=["GET", "POST"])
@volunteer_required
def new(kind):
    """Offer one kind of help."""
    if kind not in OFFER_FORMS:
        abort(404)
    form = OFFER_FORMS[kind]()
    if form.validate_on_submit():
        with flash_refusal():
            service.create_offer(current_user, kind, **form.values())
            flash(_("Thank you: your offer is active."), "success")
            return redirect(url_for("offers.index"))
    return render_template("offers/form.html", form=form, kind=kind, offer=None)


@bp.route("/<int:offer_id>", methods=["GET", "POST"])
@volunteer_required
def edit(offer_id):
    """Change the details of one of the volunteer's offers."""
    offer = service.get_offer_for(current_user, offer_id)
    form = OFFER_FORMS[offer.kind]()
    form.kept_from = offer.available_from
    if request.method == "GET":
        form.load(offer)
    if form.validate_on_submit():
        with flash_refusal():
            service.update_offer(offer, current_user, **form.values())
            flash(_("Your offer is saved."), "success")
            return redirect(url_for("offers.index"))
    return render_template("offers/form.html", form=form, kind=offer.kind, offer=offer,
                           status_form=EmptyForm())


@bp.route("/<int:offer_id>/<action>", methods=["POST"])
@volunteer_required
def status(offer_id, action):
    """Pause, resume or end an offer."""
    offer = service.get_offer_for(current_user, offer_id)
    if action not in service.TRANSITIONS:
        abort(404)
    button_action(lambda: service.set_status(offer, current_user, action), str(DONE[action]))
    return redirect(url_for("offers.index"))
