"""The organizers' cases: the open list, one case, and what an organizer does with it."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..actions import button_action, flash_refusal, page_number
from ..auth.decorators import role_required
from ..forms import EmptyForm
from . import replies, service
from .forms import AnswerForm, CloseForm, NoteForm

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
    return _page(service.get_case(case_id))


def _page(case, **forms):
    """The case page; a form given keeps what was typed into it and its errors."""
    forms = {"note_form": NoteForm(formdata=None),
             "answer_form": AnswerForm(formdata=None, prefix="answer"), **forms}
    return render_template("cases/detail.html", case=case,
                           entries=service.entries(case, current_user), button=EmptyForm(),
                           close_form=CloseForm(formdata=None), **forms)


def _written(case, name, form, save, done):
    """Save a form's text through the service and go back to the case, or show the page again
    with the text and every error of the form."""
    if form.validate_on_submit():
        with flash_refusal():
            save(form.text.data)
            flash(done, "success")
            return redirect(url_for("cases.detail", case_id=case.id))
    elif not form.text.errors:
        flash(_("The request could not be processed."), "error")
    return _page(case, **{name: form})


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
    return _written(case, "note_form", NoteForm(),
                    lambda text: service.add_note(case, current_user, text),
                    _("The note is saved."))


@bp.route("/<int:case_id>/answer", methods=["POST"])
@role_required("organizer")
def answer(case_id):
    """Write to the person who reported it: they read it in Passage."""
    case = service.get_case(case_id)
    return _written(case, "answer_form", AnswerForm(prefix="answer"),
                    lambda text: replies.answer(case, current_user, text),
                    _("The answer is sent to the person who reported it."))


@bp.route("/<int:case_id>/report")
@role_required("newcomer", "mentor", "organizer")
def report(case_id):
    """What its reporter sees of a case: when it was opened, and the organizers' answers."""
    case, answers = replies.report_of(current_user, case_id)
    return render_template("cases/report.html", case=case, answers=answers)


@bp.route("/<int:case_id>/lead", methods=["POST"])
@role_required("organizer")
def lead(case_id):
    """Become the lead organizer of the newcomer the case concerns."""
    case = service.get_case(case_id)
    button_action(lambda: service.set_lead(case.newcomer_id, current_user, current_user),
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
