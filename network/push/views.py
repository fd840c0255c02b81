"""Turning push on and off for this device (the browser posts its subscription as JSON)."""
from flask import Blueprint, jsonify, request
from flask_login import current_user

from ..auth.decorators import role_required
from ..core.errors import ServiceError
from . import keys, service

bp = Blueprint("push", __name__, url_prefix="/push")
member_required = role_required("newcomer", "mentor", "organizer")


@bp.app_context_processor
def _key():
    return {"push_public_key": keys.public_key()}


def _subscription():
    data = request.get_json(silent=True)
    data = data if isinstance(data, dict) else {}
    sub_keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
    return [value if isinstance(value, str) else "" for value in
            (data.get("endpoint"), sub_keys.get("p256dh"), sub_keys.get("auth"))]


@bp.route("/subscribe", methods=["POST"])
@member_required
def subscribe():
    """This device gets a push when a message waits."""
    try:
        service.subscribe(current_user, *_subscription())
    except ServiceError as exc:
        return jsonify(error=str(exc)), 400
    return jsonify(ok=True)


@bp.route("/unsubscribe", methods=["POST"])
@member_required
def unsubscribe():
    """This device gets no more pushes."""
    service.unsubscribe(current_user, _subscription()[0])
    return jsonify(ok=True)
