"""Commune names suggested while a place is typed, for pages where scripts run."""
from flask import Blueprint, jsonify, request

from . import catalog

bp = Blueprint("places", __name__, url_prefix="/places")


@bp.route("/suggest")
def suggest():
    """Up to eight communes whose name starts with `q`, as "Name (département)"."""
    return jsonify([c.title for c in catalog.search(request.args.get("q", "")[:100])])
