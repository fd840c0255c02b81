"""The inbox: read notifications, mark them read."""
from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from ..actions import page_number
from ..auth.decorators import login_required
from ..forms import EmptyForm
from . import service
from .messages import render

bp = Blueprint("notify", __name__, url_prefix="/notifications")


@bp.app_context_processor
def _unread():
    if current_user and current_user.is_authenticated:
        return {"unread_notifications": service.unread_count(current_user)}
    return {"unread_notifications": 0}


@bp.route("/")
@login_required
def inbox():
    """The person's notifications, newest first."""
    page = page_number()
    rows, more = service.inbox(current_user, page)
    return render_template("notify/inbox.html", rows=rows, page=page, more=more, render=render,
                           form=EmptyForm())


@bp.route("/<int:notification_id>/read", methods=["POST"])
@login_required
def read(notification_id):
    """Mark one notification read and follow its link."""
    if EmptyForm().validate_on_submit():
        service.mark_read(current_user, notification_id)
    note = service.own(current_user, notification_id)
    return redirect(note.link if note and note.link else url_for("notify.inbox"))


@bp.route("/read-all", methods=["POST"])
@login_required
def read_all():
    """Mark every notification read."""
    if EmptyForm().validate_on_submit():
        service.mark_read(current_user)
    return redirect(url_for("notify.inbox"))
