"""A newcomer's procedure dates, kept by the newcomer, their mentor or an organizer."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..actions import button_action, flash_refusal
from ..audit.service import record_read
from ..auth.decorators import login_required, role_required
from ..core.access import Relation
from ..models import utcnow
from ..timeutil import paris_date
from . import service
from .forms import DeadlineForm, EditDeadlineForm

bp = Blueprint("deadlines", __name__, url_prefix="/deadlines")


def _list_url(newcomer_id):
    if current_user.id == newcomer_id:
        return url_for("deadlines.mine")
    return url_for("deadlines.for_newcomer", user_id=newcomer_id)


def _page(newcomer, relation, form):
    own = relation == Relation.NEWCOMER
    if not own:
        record_read("deadlines", [newcomer.id])
    today = paris_date(utcnow())
    return render_template("deadlines/list.html", newcomer=newcomer, own=own, form=form,
                           deadlines=service.deadlines_of(newcomer.id),
                           appeal=service.appeal_of(newcomer.id, today),
                           removed=service.removed_by(current_user, newcomer.id), today=today)


@bp.route("/")
@role_required("newcomer", statuses=("pending", "active"))
def mine():
    """The newcomer's own procedure dates."""
    return _page(*service.newcomer_for(current_user, current_user.id), DeadlineForm())


@bp.route("/newcomer/<int:user_id>")
@login_required
def for_newcomer(user_id):
    """A newcomer's procedure dates, for their mentor or an organizer."""
    return _page(*service.newcomer_for(current_user, user_id), DeadlineForm())


@bp.route("/newcomer/<int:user_id>/new", methods=["POST"])
@login_required
def add(user_id):
    """Record a dated step of the procedure."""
    newcomer, relation = service.newcomer_for(current_user, user_id)
    form = DeadlineForm()
    if form.validate_on_submit():
        with flash_refusal():
            service.add_deadline(newcomer.id, current_user, form.kind.data, form.date.data,
                                 form.label.data)
            flash(_("The date is recorded."), "success")
            return redirect(_list_url(newcomer.id))
    return _page(newcomer, relation, form)


@bp.route("/<int:deadline_id>/edit", methods=["GET", "POST"])
@login_required
def edit(deadline_id):
    """Change the date or description of a step."""
    deadline, relation = service.get_deadline_for(current_user, deadline_id)
    form = EditDeadlineForm(obj=deadline)
    if form.validate_on_submit():
        with flash_refusal():
            service.update_deadline(deadline, current_user, form.date.data, form.label.data)
            flash(_("The date is changed."), "success")
            return redirect(_list_url(deadline.newcomer_id))
    if relation != Relation.NEWCOMER:
        record_read("deadlines", [deadline.newcomer_id], item=deadline)
    return render_template("deadlines/edit.html", deadline=deadline, form=form,
                           back=_list_url(deadline.newcomer_id))


@bp.route("/<int:deadline_id>/delete", methods=["POST"])
@login_required
def delete(deadline_id):
    """Remove a step recorded by mistake."""
    deadline, _relation = service.get_deadline_for(current_user, deadline_id)
    button_action(lambda: service.delete_deadline(deadline, current_user),
                  _("The date is removed."))
    return redirect(_list_url(deadline.newcomer_id))


@bp.route("/removed/<int:removed_id>/restore", methods=["POST"])
@login_required
def restore(removed_id):
    """Put back a date this person removed, while they still may."""
    removed = service.get_removed_for(current_user, removed_id)
    button_action(lambda: service.restore_deadline(removed, current_user),
                  _("The date is back."))
    return redirect(_list_url(removed.newcomer_id))

