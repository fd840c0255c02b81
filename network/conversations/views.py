"""Conversations: the list, a conversation's page, writing, reporting, and the organizers' view."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..actions import flash_refusal
from ..audit.service import record_read
from ..auth.decorators import role_required
from ..bounds import ID_MAX
from ..core import vocabulary
from ..core.errors import NotFound
from ..forms import EmptyForm, choices
from ..inputs import int_arg
from . import service
from .forms import DisappearForm, MessageForm, ReportForm

bp = Blueprint("conversations", __name__, url_prefix="/conversations")
member_required = role_required("newcomer", "mentor", "organizer")


@bp.app_context_processor
def _unread():
    # The navigation shows it on every page: one query.
    if current_user and current_user.is_authenticated:
        return {"unread_messages": service.unread_count(current_user)}
    return {"unread_messages": 0}


def _get(conversation_id):
    """The conversation and what the person may do in it: core.access decides, 404 for none."""
    try:
        conversation = service.get_for(current_user, conversation_id)
    except NotFound:
        abort(404)
    return conversation, service.view_of(current_user, conversation)


@bp.route("/")
@member_required
def index():
    """This person's conversations, unread first in mind: each with its count."""
    conversations = service.conversations(current_user)
    return render_template("conversations/index.html", conversations=conversations,
                           ask_organizers=service.may_write_to_organizers(current_user,
                                                                          conversations),
                           form=EmptyForm())


@bp.route("/organizers", methods=["POST"])
@role_required("newcomer")
def with_organizers():
    """The newcomer opens (or returns to) their conversation with the organizers."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    conversation = service.with_organizers(current_user)
    return redirect(url_for("conversations.show", conversation_id=conversation.id))


def _page(conversation, view, form, before=None):
    messages, earlier = service.messages_before(conversation, before)
    service.mark_read(conversation, view, current_user, messages)
    if view.audited:
        record_read("conversation", [conversation.newcomer_id], item=conversation)
    disappear = DisappearForm(days=conversation.disappear_days)
    return render_template("conversations/show.html", conversation=conversation, view=view,
                           messages=messages, earlier=earlier, before=before, form=form,
                           disappear=disappear)


@bp.route("/<int:conversation_id>")
@member_required
def show(conversation_id):
    """The conversation's latest messages (or those before `?before=<message id>`), newest last,
    and the form to write."""
    before = int_arg("before", default=0, low=0, high=ID_MAX) or None
    return _page(*_get(conversation_id), MessageForm(), before)


@bp.route("/<int:conversation_id>/messages", methods=["POST"])
@member_required
def send(conversation_id):
    """A participant writes a message."""
    conversation, view = _get(conversation_id)
    if not view.participant:
        abort(404)
    form = MessageForm()
    if form.validate_on_submit():
        with flash_refusal():
            service.send(conversation, current_user, form.body.data)
            return redirect(url_for("conversations.show", conversation_id=conversation.id,
                                    _anchor="latest"))
    return _page(conversation, view, form)


@bp.route("/<int:conversation_id>/disappearing", methods=["POST"])
@member_required
def disappearing(conversation_id):
    """A participant chooses when messages disappear."""
    conversation, view = _get(conversation_id)
    if not view.participant:
        abort(404)
    form = DisappearForm()
    if form.validate_on_submit():
        with flash_refusal():
            service.set_disappearing(conversation, current_user, form.days.data)
            choice = vocabulary.label("disappear_days", form.days.data)
            flash(_("Saved: %(choice)s.", choice=choice), "success")
    else:
        flash(_("Choose one of the offered times."), "error")
    return redirect(url_for("conversations.show", conversation_id=conversation.id))


@bp.route("/report/<int:message_id>", methods=["GET", "POST"])
@member_required
def report(message_id):
    """A participant reports a message and picks the ones around it the organizers may read."""
    try:
        conversation = service.conversation_of(current_user, message_id)
        message, neighbours = service.around(conversation, message_id)
    except NotFound:
        abort(404)
    form = ReportForm()
    form.include.choices = choices((m.id, m.body) for m in neighbours)
    if form.validate_on_submit():
        with flash_refusal():
            service.report(conversation, current_user, message.id, form.include.data or [])
            flash(_("Thank you. The organizers can now read the message you reported."),
                  "success")
            return redirect(url_for("conversations.show", conversation_id=conversation.id))
    return render_template("conversations/report.html", conversation=conversation,
                           message=message, neighbours=neighbours, form=form)


@bp.route("/reported")
@role_required("organizer")
def reported():
    """The organizers' list of reported messages, with what each reporter chose to show."""
    return render_template("conversations/reported.html", reports=service.reported_messages(),
                           form=EmptyForm())


@bp.route("/<int:conversation_id>/ask", methods=["POST"])
@role_required("organizer")
def ask(conversation_id):
    """An organizer asks a second one to let them read a whole conversation."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        conversation = service.conversation_for_organizer(current_user, conversation_id)
        service.ask_to_read(current_user, conversation)
    except NotFound:
        abort(404)
    flash(_("A second organizer must confirm before you can read this conversation."), "info")
    return redirect(url_for("conversations.reported"))
