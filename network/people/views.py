"""The organizers' lists of volunteers and newcomers, vetting and intake."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..actions import button_action, flash_refusal, page_number
from ..audit.service import record, record_read
from ..auth.decorators import (
    get_newcomer_for,
    get_newcomer_view,
    get_volunteer_for,
    role_required,
    volunteer_required,
)
from ..cases import service as cases
from ..forms import EmptyForm
from ..listfilters import filter_form
from ..models import Approval, User
from . import approvals, evidence, service
from .forms import (
    IdentityForm,
    LeadForm,
    NewcomerFilterForm,
    StatusForm,
    VettingForm,
    VolunteerFilterForm,
)

bp = Blueprint("people", __name__, url_prefix="/people")


def _filters(form, names):
    """The filters a valid form asks for; none when the form is not valid."""
    if not form.validate():
        return {}
    values = {name: (form[name].data or "").strip() or None for name in names}
    if values.get("lead"):
        values["lead"] = int(values["lead"])
    return values


@bp.route("/volunteers", methods=["GET", "POST"])
@role_required("organizer")
def volunteers():
    """Volunteers by status, those waiting for vetting first."""
    form, done = filter_form("volunteers", VolunteerFilterForm)
    if done:
        return done
    found = _filters(form, ("status", "search", "place", "kind"))
    page = page_number()
    rows, more = service.volunteers(page=page, **found)
    return render_template("people/volunteers.html", rows=rows, form=form, page=page, more=more)


@bp.route("/volunteers/<int:user_id>", methods=["GET", "POST"])
@role_required("organizer")
def volunteer(user_id):
    """One volunteer: profile, vetting history, and the next vetting step."""
    person = get_volunteer_for(current_user, user_id)
    form = VettingForm().offer(service.decisions_for(person))
    if form.validate_on_submit():
        with flash_refusal():
            pending = service.record_vetting(person, current_user, form.decision.data,
                                             form.interview_done.data,
                                             form.references.data or "", form.note.data or "",
                                             interview_on=form.interview_on.data)
            if pending is None:
                flash(_("The vetting decision is recorded."), "success")
            elif pending.kind == "suspend_organizer":
                flash(_("Recorded. A second organizer must confirm before this organizer is "
                        "suspended."), "success")
            else:
                flash(_("Recorded. A second organizer must confirm before this person is let in."),
                      "success")
            return redirect(url_for("people.volunteer", user_id=person.id))
    elif request.method == "GET":
        record("volunteer.viewed", target=person)
    return render_template("people/volunteer.html", person=person, form=form,
                           history=service.vetting_history(person), button=EmptyForm(),
                           promotable=service.promotable(person),
                           pending=approvals.waiting_for(person))


@bp.route("/volunteers/<int:user_id>/promote", methods=["POST"])
@role_required("organizer")
def promote(user_id):
    """Make a vetted mentor an organizer (a second organizer confirms when the rule holds)."""
    person = get_volunteer_for(current_user, user_id)
    if EmptyForm().validate_on_submit():
        with flash_refusal():
            pending = service.promote(person, current_user)
            flash(_("Asked. A second organizer must confirm.") if pending
                  else _("%(name)s is now an organizer.", name=person.display_name), "success")
    return redirect(url_for("people.volunteer", user_id=person.id))


@bp.route("/approvals")
@role_required("organizer")
def approvals_list():
    """Sensitive decisions waiting for a second organizer."""
    return render_template("people/approvals.html", rows=approvals.waiting(), form=EmptyForm())


@bp.route("/approvals/<int:approval_id>")
@role_required("organizer")
def approval_evidence(approval_id):
    """One request with what the first organizer recorded and the person's record."""
    return render_template("people/approval.html", form=EmptyForm(),
                           **evidence.evidence(approval_id, current_user))


@bp.route("/approvals/<int:approval_id>/<any(confirm, cancel):decision>", methods=["POST"])
@role_required("organizer")
def approval_decide(approval_id, decision):
    """Confirm or refuse another organizer's request."""
    approval = Approval.get_or_none(Approval.id == approval_id)
    if approval is None:
        abort(404)
    if EmptyForm().validate_on_submit():
        with flash_refusal():
            if decision == "confirm":
                handed = approvals.confirm(approval, current_user)
                if handed:
                    return _hand_over(approval.target, handed)
                flash(_("Confirmed."), "success")
            else:
                approvals.cancel(approval, current_user)
                flash(_("The request is withdrawn."), "success")
    return redirect(url_for("people.approvals_list"))


@bp.route("/<int:user_id>/password-reset", methods=["POST"])
@role_required("organizer")
def password_reset(user_id):
    """Start a reset for someone who lost their mailbox; the link is handed over in person."""
    person = User.get_or_none(User.id == user_id)
    if person is None:
        abort(404)
    if EmptyForm().validate_on_submit():
        with flash_refusal():
            handed = approvals.start_password_reset(person, current_user)
            if handed:
                return _hand_over(person, handed)
            flash(_("Asked. A second organizer must confirm."), "success")
    page = "people.newcomer" if person.role == "newcomer" else "people.volunteer"
    return redirect(url_for(page, user_id=person.id))


def _hand_over(person, url):
    # Shown once, in this answer only: the link is stored hashed and never shown again.
    return render_template("people/password_link.html", person=person, url=url)


@bp.route("/newcomers/<int:user_id>/identity", methods=["GET", "POST"])
@role_required("organizer")
def identity(user_id):
    """The encrypted identity field: written freely, read only with a second organizer's consent."""
    person = get_newcomer_for(current_user, user_id)
    form = IdentityForm()
    if form.validate_on_submit():
        service.set_identity(person, form.identity.data or "", current_user)
        flash(_("Saved. It stays hidden."), "success")
        return redirect(url_for("people.newcomer", user_id=person.id))
    if not approvals.may_reveal(current_user, person):
        return render_template("people/identity.html", person=person, form=form,
                               revealed=None, button=EmptyForm(),
                               pending=approvals.open_approval("reveal_identity", person))
    record("identity.revealed", target=person)
    return render_template("people/identity.html", person=person, form=form,
                           revealed=person.newcomerprofile.identity, button=EmptyForm())


@bp.route("/newcomers/<int:user_id>/identity/request", methods=["POST"])
@role_required("organizer")
def identity_request(user_id):
    """Ask a second organizer to let you read the identity field."""
    person = get_newcomer_for(current_user, user_id)
    if EmptyForm().validate_on_submit():
        approvals.request("reveal_identity", person, current_user)
        flash(_("Asked. Another organizer must confirm; then you can read it for one hour."),
              "success")
    return redirect(url_for("people.identity", user_id=person.id))


@bp.route("/newcomers", methods=["GET", "POST"])
@role_required("organizer")
def newcomers():
    """Newcomers by status, those waiting to be taken in first."""
    organizers = service.organizers()
    form, done = filter_form("newcomers", NewcomerFilterForm, lambda f: f.offer(organizers))
    if done:
        return done
    found = _filters(form, ("status", "search", "place", "need", "lead"))
    page = page_number()
    rows, more = service.newcomers(page=page, **found)
    return render_template("people/newcomers.html", rows=rows, form=form, page=page, more=more)


@bp.route("/newcomers/<int:user_id>")
@volunteer_required
def newcomer(user_id):
    """One newcomer's profile; every view is audited."""
    person, view = get_newcomer_view(current_user, user_id)
    record_read("newcomer", [person.id])
    lead = lead_form = None
    if view.manage:
        lead = cases.lead_of(person.id)
        lead_form = LeadForm(formdata=None, lead=str(lead.id) if lead else "").offer(
            service.organizers())
    return render_template("people/newcomer.html", person=person, view=view,
                           admit_form=EmptyForm(), status_form=StatusForm(), lead=lead,
                           lead_form=lead_form)


@bp.route("/newcomers/<int:user_id>/lead", methods=["POST"])
@role_required("organizer")
def newcomer_lead(user_id):
    """Give the newcomer a lead organizer, or none."""
    person = get_newcomer_for(current_user, user_id)
    form = LeadForm().offer(service.organizers())
    if form.validate_on_submit():
        chosen = User.get_by_id(int(form.lead.data)) if form.lead.data else None
        with flash_refusal():
            cases.set_lead(person.id, chosen, current_user)
            flash(_("%(name)s is now this newcomer’s lead organizer.",
                    name=chosen.display_name) if chosen
                  else _("This newcomer has no lead organizer now."), "success")
    else:
        flash(_("Choose an active organizer."), "error")
    return redirect(url_for("people.newcomer", user_id=person.id))


@bp.route("/newcomers/<int:user_id>/admit", methods=["POST"])
@role_required("organizer")
def admit(user_id):
    """Take a pending newcomer in."""
    person = get_newcomer_for(current_user, user_id)
    button_action(lambda: service.admit_newcomer(person, current_user),
                  _("%(name)s is taken in.", name=person.display_name))
    return redirect(url_for("people.newcomer", user_id=person.id))


@bp.route("/newcomers/<int:user_id>/status", methods=["POST"])
@role_required("organizer")
def newcomer_status(user_id):
    """Suspend or restore a newcomer's account."""
    person = get_newcomer_for(current_user, user_id)
    form = StatusForm()
    if form.validate_on_submit():
        service.set_newcomer_status(person, form.status.data, current_user)
        flash(_("The account status is changed."), "success")
    else:
        flash(_("The request could not be processed."), "error")
    return redirect(url_for("people.newcomer", user_id=person.id))


@bp.route("/newcomers/<int:user_id>/erase")
@role_required("organizer")
def erase_confirm(user_id):
    """What erasing this newcomer removes, and the button that asks for it."""
    person = get_newcomer_for(current_user, user_id)
    return render_template("people/erase.html", person=person, form=EmptyForm(),
                           pending=approvals.open_approval("erase_newcomer", person))


@bp.route("/newcomers/<int:user_id>/erase", methods=["POST"])
@role_required("organizer")
def erase(user_id):
    """Erase a newcomer's personal data, with a second organizer while the rule holds."""
    person = get_newcomer_for(current_user, user_id)
    button_action(lambda: approvals.erase_newcomer(person, current_user),
                  lambda pending: _("Asked. A second organizer must confirm.") if pending
                  else _("The personal data is erased."))
    return redirect(url_for("people.newcomer", user_id=person.id))
