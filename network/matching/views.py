"""The organizers' match board and the volunteers' answers to proposals."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..actions import field_refusal, flash_refusal, page_number
from ..audit.service import record_read
from ..auth.decorators import login_required, role_required, volunteer_required
from ..core.codes import KINDS
from ..formats import span
from ..models import HelpRequest, NewcomerProfile, User, utcnow
from . import proposals as engine_proposals
from . import service
from .explain import part_text, reason_text
from .forms import BoardFilterForm, ConfirmForm, EndForm, ProblemForm, RespondForm

bp = Blueprint("matching", __name__, url_prefix="/matching")


@bp.app_context_processor
def _explainers():
    return {"part_text": part_text, "reason_text": reason_text}


@bp.app_template_filter("since")
def since(moment):
    """How long ago a UTC moment was, in words of the reader's language."""
    return span(utcnow() - moment)


@bp.route("/")
@role_required("organizer")
def board():
    """Open requests of one kind, longest waiting first, with what awaits an answer."""
    form = BoardFilterForm(request.args)
    valid = form.validate()
    kind = form.kind.data if valid and form.kind.data else "mentor"
    page = page_number()
    rows, more = service.open_requests(kind, city=form.city.data if valid else None,
                                       language=form.language.data if valid else None, page=page)
    return render_template("matching/board.html", form=form, kind=kind, rows=rows, page=page,
                           more=more, counts=service.open_counts(),
                           waiting=service.waiting_for_volunteers(),
                           problems=service.problems())


@bp.route("/<kind>/proposals")
@role_required("organizer")
def proposals(kind):
    """What the engine proposes over every open request of a kind, and why, a page at a time."""
    if kind not in KINDS:
        abort(404)
    page = page_number()
    return render_template("matching/proposals.html", kind=kind, page=page,
                           board=engine_proposals.page(kind, page, utcnow()), form=ConfirmForm())


@bp.route("/confirm", methods=["POST"])
@role_required("organizer")
def confirm():
    """Send the chosen proposals to their volunteers."""
    form = ConfirmForm()
    pairs = form.pair_ids() if form.validate_on_submit() else []
    if not pairs:
        flash(_("Choose at least one proposal."), "error")
        return redirect(url_for("matching.board"))
    confirmed, refused = service.confirm(current_user, pairs)
    if confirmed:
        flash(ngettext("%(num)s proposal sent to the volunteer.",
                       "%(num)s proposals sent to the volunteers.", len(confirmed)), "success")
    if refused:
        flash(ngettext("%(num)s proposal could not be sent: "
                       "the request or the place was taken meanwhile.",
                       "%(num)s proposals could not be sent: "
                       "the requests or the places were taken meanwhile.",
                       len(refused)), "error")
    return redirect(url_for("matching.board", kind=confirmed[0].kind if confirmed else None))


@bp.route("/requests/<int:request_id>")
@role_required("organizer")
def request_detail(request_id):
    """One open request and every volunteer who could take it, with the reasons (audited)."""
    help_request = (HelpRequest.select(HelpRequest, User, NewcomerProfile)
                    .join(User, on=(HelpRequest.newcomer == User.id))
                    .join(NewcomerProfile, on=(NewcomerProfile.user == User.id))
                    .where(HelpRequest.id == request_id).get_or_none())
    if help_request is None:
        abort(404)
    record_read("request", [help_request.newcomer_id], item=help_request)
    fitting = service.candidates(help_request) if help_request.status == "open" else []
    return render_template("matching/request.html", help_request=help_request, fitting=fitting,
                           chosen=service.strictly_best(fitting), form=ConfirmForm())


@bp.route("/mine")
@volunteer_required
def mine():
    """A volunteer's proposals waiting for an answer and active matches."""
    return render_template("matching/mine.html", matches=service.volunteer_matches(current_user),
                           respond_form=RespondForm())


def _match_or_404(match_id):
    match = service.get_match_for(current_user, match_id)
    if match is None:
        abort(404)
    return match


@bp.route("/matches/<int:match_id>")
@login_required
def match_detail(match_id):
    """A match, as much as this viewer may see; what shows a newcomer to another is audited."""
    return _show(_match_or_404(match_id))


def _show(match, **forms):
    """The match page; a refused form comes back with what was typed and its errors."""
    if match.view.audited:
        record_read("match", [match.newcomer_id], item=match)
    newcomer, volunteer = service.parties(match)
    forms = {"respond_form": RespondForm(formdata=None), "end_form": EndForm(formdata=None),
             "problem_form": ProblemForm(formdata=None), **forms}
    return render_template("matching/match.html", match=match, view=match.view,
                           newcomer=newcomer, volunteer=volunteer, **forms)


@bp.route("/matches/<int:match_id>/respond", methods=["POST"])
@volunteer_required
def respond(match_id):
    """Accept or decline a proposal; a refused answer keeps the reason typed."""
    match = _match_or_404(match_id)
    form = RespondForm()
    if not form.validate_on_submit():
        return _show(match, respond_form=form)
    with flash_refusal():
        service.respond(match, current_user, form.decision.data == "accept",
                        form.reason.data or "")
        flash(_("Thank you: your answer is recorded.") if form.decision.data == "accept"
              else _("You declined. The organizers will look for someone else."), "success")
    return redirect(url_for("matching.match_detail", match_id=match.id))


@bp.route("/matches/<int:match_id>/end", methods=["POST"])
@volunteer_required
def end(match_id):
    """End a match: the help was given, or the volunteer can no longer give it."""
    match = _match_or_404(match_id)
    form = EndForm()
    if form.validate_on_submit():
        with flash_refusal():
            service.end_match(match, current_user, form.reason.data)
            flash(_("The match has ended."), "success")
    return redirect(url_for("matching.match_detail", match_id=match.id))


@bp.route("/matches/<int:match_id>/problem", methods=["POST"])
@login_required
def problem(match_id):
    """Either side reports a problem to the organizers, and may end the match at once."""
    match = _match_or_404(match_id)
    form = ProblemForm()
    if not form.validate_on_submit():
        return _show(match, problem_form=form)
    with field_refusal(form.text):
        service.report_problem(match, current_user, form.text.data, form.end_now.data)
        flash(_("The organizers are informed."), "success")
        return redirect(url_for("matching.match_detail", match_id=match.id))
    return _show(match, problem_form=form)
