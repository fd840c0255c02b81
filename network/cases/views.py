"""The organizers' cases: the open list, one case, and what an organizer does with it."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..actions import button_action, flash_refusal, page_number
from ..auth.decorators import role_required
from ..forms import EmptyForm
from . import service
from .forms import CloseForm, NoteForm

bp = Blueprint("cases", __name__, url_prefix="/cases")


@bp.route("/")
@role_required("organizer")
def index():
    """Open cases, oldest first, with who holds each."""
    page = page_number()
    rows, more = service.open_cases(page)
    return render_template("cases/index.html", rows=rows, page=page, more=more)


@bp.route("/<int:case_id>")
@role_required("organizer")
def detail(case_id):
    """One case: what opened it, who holds it, its notes, and what to do next."""
    case = service.get_case(case_id)
    return render_template("cases/detail.html", case=case,
                           notes=service.read_notes(case, current_user),
                           button=EmptyForm(), note_form=NoteForm(), close_form=CloseForm())


@bp.route("/<int:case_id>/take", methods=["POST"])
@role_required("organizer")
def take(case_id):
    """Take the case: the others see it as yours."""
    case = service.get_case(case_id)
    button_action(lambda: service.take(case, current_user), _("You have taken this case."))
    return redirect(url_for("cases.detail", case_id=case.id))


@bp.route("/<int:case_id>/note", methods=["POST"])
@role_required("organizer")
def note(case_id):
    """Add a private note."""
    case = service.get_case(case_id)
    form = NoteForm()
    if form.validate_on_submit():
        with flash_refusal():
            service.add_note(case, current_user, form.text.data)
            flash(_("The note is saved."), "success")
    else:
        for error in form.text.errors or [_("The request could not be processed.")]:
            flash(error, "error")
    return redirect(url_for("cases.detail", case_id=case.id))


@bp.route("/<int:case_id>/answer", methods=["POST"])
@role_required("organizer")
def answer(case_id):
    """Tell the person who reported it that an organizer is on it."""
    case = service.get_case(case_id)
    button_action(lambda: service.answer(case, current_user),
                  _("The person who reported it is told that an organizer is on it."))
    return redirect(url_for("cases.detail", case_id=case.id))


@bp.route("/<int:case_id>/lead", methods=["POST"])
@role_required("organizer")
def lead(case_id):
    """Become the lead organizer of the newcomer the case concerns."""
    case = service.get_case(case_id)
    button_action(lambda: service.set_lead(case.newcomer_id, current_user),
                  _("You are now this newcomer’s lead organizer."))
    return redirect(url_for("cases.detail", case_id=case.id))


@bp.route("/<int:case_id>/close", methods=["POST"])
@role_required("organizer")
def close(case_id):
    """Close the case with its outcome."""
    case = service.get_case(case_id)
    form = CloseForm()
    if form.validate_on_submit():
        with flash_refusal():
            service.close(case, current_user, form.outcome.data)
            flash(_("The case is closed."), "success")
            return redirect(url_for("cases.index"))
    else:
        flash(_("Choose an outcome."), "error")
    return redirect(url_for("cases.detail", case_id=case.id))
