"""Organizers browse and filter the audit trail."""
from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ..actions import page_number
from ..auth.decorators import role_required
from ..forms import choices
from ..listfilters import filter_form
from . import service, words
from .forms import AuditFilterForm

bp = Blueprint("audit", __name__, url_prefix="/audit")


@bp.record_once
def _report_origin(state):
    """The audit trail learns who acts and from where from here: services never read requests."""
    state.app.extensions["audit_origin"] = (_person, _address_hash)


def _person():
    return current_user if current_user.is_authenticated else None


def _address_hash():
    return service.hash_ip(request.remote_addr)


@bp.route("/", methods=["GET", "POST"])
@role_required("organizer")
def index():
    """The newest events first, filtered."""
    form, done = filter_form("audit", AuditFilterForm, _offer_actions)
    if done:
        return done
    filters = {}
    if form.validate():
        filters = dict(action=form.action.data or None, person=form.person.data or None,
                       actor_id=form.actor.data,
                       target_id=form.target.data, since=form.since.data,
                       until=form.until.data)
    page = page_number()
    events, more = service.search(page=page, per_page=current_app.config["AUDIT_PAGE_SIZE"],
                                  **filters)
    return render_template("audit/index.html", form=form, events=events, page=page, more=more,
                           words=words)


def _offer_actions(form):
    form.action.choices = choices([("", _("All"))] + [(a, words.action(a))
                                                      for a in service.known_actions()])
    return form
