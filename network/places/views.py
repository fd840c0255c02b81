"""Commune names suggested while a place is typed, for pages where scripts run."""
from flask import Blueprint, jsonify, request

from . import catalog

bp = Blueprint("places", __name__, url_prefix="/places")


@bp.route("/suggest", methods=["POST"])
def suggest():
    """Up to eight communes whose name starts with `q`, as "Name (département)".

    A POST behind the CSRF check: what a person types about where they live never enters a URL,
    where logs, proxies and the browser's history would keep it.
    """
    return jsonify([c.title for c in catalog.search(request.form.get("q", "")[:100])])
