"""A newcomer's procedure timeline, the step pages, and the organizers' view of every procedure."""
from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from ..actions import button_action, flash_refusal
from ..audit.service import record, record_read
from ..auth.decorators import login_required, role_required
from ..core.access import Relation
from ..core.codes import DOCUMENT_KINDS
from ..deadlines.service import newcomer_for
from ..models import utcnow
from ..timeutil import paris_date
from . import checklist, documents, service
from .forms import DocumentForm, ProcedureForm
from .pages import EMERGENCY, PAGES, RULE_LABELS, RULE_NOTES, STEP_LABELS
from .rules import HELPERS, STEPS
from .states import FACT_LABELS, STATES

bp = Blueprint("procedure", __name__, url_prefix="/procedure")


@bp.app_context_processor
def _labels():
    return {"PROCEDURE_STEP_LABELS": STEP_LABELS, "PROCEDURE_RULE_LABELS": RULE_LABELS,
            "PROCEDURE_RULE_NOTES": RULE_NOTES, "PROCEDURE_STATE_LABELS": STATES,
            "PROCEDURE_FACT_LABELS": FACT_LABELS,
            "PROCEDURE_HELPERS": HELPERS}


def _url(newcomer_id):
    if current_user.id == newcomer_id:
        return url_for("procedure.mine")
    return url_for("procedure.for_newcomer", user_id=newcomer_id)


def _reader(user_id):
    """The newcomer whose procedure this person reads, and whether it is their own; reads of
    someone else's are recorded."""
    newcomer, relation = newcomer_for(current_user, user_id)
    own = relation == Relation.NEWCOMER
    if not own:
        record_read("procedure", [newcomer.id])
    return newcomer, own


def _page(newcomer, own, form=None):
    today = paris_date(utcnow())
    facts = service.facts_of(newcomer.id)
    return render_template("procedure/timeline.html", newcomer=newcomer, own=own,
                           form=form or ProcedureForm(data=facts._asdict()),
                           entries=service.compute(facts, today), today=today,
                           removed=service.removed_by(current_user, newcomer.id))


@bp.route("/")
@role_required("newcomer", statuses=("pending", "active"))
def mine():
    """The newcomer's own timeline."""
    return _page(*_reader(current_user.id))


@bp.route("/newcomer/<int:user_id>")
@login_required
def for_newcomer(user_id):
    """A newcomer's timeline, for their mentor or an organizer."""
    return _page(*_reader(user_id))


@bp.route("/newcomer/<int:user_id>", methods=["POST"])
@login_required
def save(user_id):
    """Record the dates of what happened; the deadlines are computed again."""
    newcomer, _relation = newcomer_for(current_user, user_id)
    form = ProcedureForm()
    if form.validate_on_submit():
        with flash_refusal():
            service.save_facts(newcomer.id, current_user, form.data)
            flash(_("The dates are recorded and the deadlines computed again."), "success")
            return redirect(_url(newcomer.id))
    return _page(*_reader(user_id), form)


@bp.route("/newcomer/<int:user_id>/restore", methods=["POST"])
@login_required
def restore(user_id):
    """Put back the dates this person cleared, while they still may."""
    newcomer, _relation = newcomer_for(current_user, user_id)
    button_action(lambda: service.restore_dates(newcomer.id, current_user),
                  _("The dates are back and the deadlines computed again."))
    return redirect(_url(newcomer.id))


def _step_page(code, newcomer=None, own=False):
    if code not in PAGES:
        abort(404)
    items = checklist.for_step(code, checklist.kinds_in_folder(newcomer.id)) if newcomer else None
    return render_template("procedure/step.html", code=code, page=PAGES[code], steps=STEPS,
                           emergency=EMERGENCY, newcomer=newcomer, own=own, items=items)


@bp.route("/steps/<code>")
@login_required
def step(code):
    """What a step is, what to bring, what happens, where; a newcomer also sees what of it
    their folder holds."""
    if current_user.role == "newcomer":
        return _step_page(code, current_user, own=True)
    return _step_page(code)


@bp.route("/newcomer/<int:user_id>/steps/<code>")
@login_required
def step_for(user_id, code):
    """A step's page with the documents of it the newcomer's folder holds and lacks."""
    if code not in PAGES:
        abort(404)
    return _step_page(code, *_reader(user_id))


@bp.route("/all")
@role_required("organizer")
def overview():
    """Every newcomer's current step and next deadline, most urgent first."""
    today = paris_date(utcnow())
    sort = request.args.get("sort")
    sort = sort if sort in service.SORTS else service.SORTS[0]
    rows = service.overview(today, sort)
    # One event for the list: a read per newcomer would raise the unusual-access alert each time
    # an organizer does this routine check; each timeline opened from it is recorded as a read.
    record("procedure.overview_viewed", actor=current_user)
    return render_template("procedure/overview.html", rows=rows, today=today, sort=sort,
                           sorts=service.SORTS)


def _folder_url(newcomer_id):
    return url_for("procedure.folder", user_id=newcomer_id)


def _folder(newcomer, own, form):
    held = checklist.kinds_in_folder(newcomer.id)
    return render_template("procedure/folder.html", newcomer=newcomer, own=own, form=form,
                           documents=documents.folder(newcomer.id),
                           checklist=checklist.every_step([s.code for s in STEPS], held),
                           back=_url(newcomer.id))


def _chosen():
    """The step and kind a checklist's "add" link names, when they are ones we know."""
    step, kind = request.args.get("step"), request.args.get("kind")
    return {"step": step if step in PAGES else "", "kind": kind if kind in DOCUMENT_KINDS else ""}


def _document():
    """The document of the token in the path, and whether it is the reader's own."""
    document = documents.by_token(request.view_args["token"])
    relation = newcomer_for(current_user, document.newcomer_id)[1]
    return document, relation == Relation.NEWCOMER


@bp.route("/newcomer/<int:user_id>/documents")
@login_required
def folder(user_id):
    """The newcomer's folder: scans and photos, which need a sworn translation, and each
    step's documents in it or missing."""
    return _folder(*_reader(user_id), DocumentForm(data=_chosen()))


@bp.route("/newcomer/<int:user_id>/documents", methods=["POST"])
@login_required
def upload(user_id):
    """Keep a scan or photo in the newcomer's folder."""
    # A phone photo is larger than any form: this route alone takes a file up to the limit.
    request.max_content_length = documents.MAX_BYTES + 64 * 1024
    newcomer, _relation = newcomer_for(current_user, user_id)
    form = DocumentForm()
    if form.validate_on_submit():
        data = form.file.data.read() if form.file.data else b""
        name, shortened = documents.fitted_name(form.name.data or (
            form.file.data.filename if form.file.data else ""))
        with flash_refusal():
            documents.add(newcomer.id, current_user, form.step.data, name, data,
                          form.needs_translation.data, form.kind.data or "")
            flash(_("The document is kept, encrypted."), "success")
            if shortened:
                flash(_("Its name was too long: it is kept as “%(name)s”.", name=name), "info")
            return redirect(_folder_url(newcomer.id))
    return _folder(*_reader(user_id), form)


@bp.route("/documents/<token>")
@login_required
def document(token):
    """A document's file, for the newcomer, their mentor and organizers only; never cached."""
    document, own = _document()
    if not own:
        record_read("procedure", [document.newcomer_id], item=document)
    response = Response(documents.content(document), mimetype=document.content_type)
    response.headers["Content-Disposition"] = "attachment"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/documents/<token>/translated", methods=["POST"])
@login_required
def translated(token):
    """Record that the sworn translation is done, or undo it."""
    document, _own = _document()
    done = request.form.get("done") != "0"
    button_action(lambda: documents.mark_translated(document, current_user, done),
                  _("The translation is recorded."))
    return redirect(_folder_url(document.newcomer_id))


@bp.route("/documents/<token>/kind", methods=["POST"])
@login_required
def kind(token):
    """Say what a document is: the steps that ask for that kind are ticked."""
    document, _own = _document()
    button_action(lambda: documents.set_kind(document, current_user, request.form.get("kind", "")),
                  _("The kind of document is recorded."))
    return redirect(_folder_url(document.newcomer_id))


@bp.route("/documents/<token>/translation", methods=["POST"])
@login_required
def translation(token):
    """Say that a document needs a sworn translation, or that it needs none."""
    document, _own = _document()
    needed = request.form.get("needed") != "0"
    button_action(lambda: documents.set_needs_translation(document, current_user, needed),
                  _("The translation is recorded."))
    return redirect(_folder_url(document.newcomer_id))


@bp.route("/documents/<token>/delete", methods=["POST"])
@login_required
def remove(token):
    """Remove a document from the folder."""
    document, _own = _document()
    button_action(lambda: documents.remove(document, current_user), _("The document is removed."))
    return redirect(_folder_url(document.newcomer_id))
