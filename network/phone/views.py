"""The installable app's pieces, served from the app's own origin, and the quick exit."""
from flask import Blueprint, current_app, make_response, redirect, render_template, session, url_for
from flask_login import current_user, logout_user

from ..auth import sessions
from ..headers import CLEAR_SITE_DATA

bp = Blueprint("phone", __name__)


@bp.route("/manifest.webmanifest")
def manifest():
    """The web app manifest: names the app, its icons and its service worker."""
    icons = [{"src": url_for("static", filename=f"icons/passage-{size}.png"),
              "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
             for size in (192, 512)]
    icons.append({"src": url_for("static", filename="icons/passage.svg"), "sizes": "any",
                  "type": "image/svg+xml", "purpose": "any"})
    response = current_app.response_class(
        current_app.json.dumps({
            "name": "Passage", "short_name": "Passage", "start_url": "/", "scope": "/",
            "id": "/", "display": "standalone", "background_color": "#ffffff",
            "theme_color": "#1f3a5f", "icons": icons,
            "serviceworker": {"src": url_for("phone.service_worker"), "scope": "/"},
        }), mimetype="application/manifest+json")
    return response


@bp.route("/sw.js")
def service_worker():
    """The service worker, at the root so that its scope covers every page."""
    response = make_response(render_template("phone/sw.js"))
    response.mimetype = "text/javascript"
    # A new version must reach phones at once: never served from a cache.
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.route("/offline")
def offline():
    """What the app shows when the phone has no network: no one's data."""
    return render_template("phone/offline.html")


@bp.route("/leave")
def leave():
    """Where the quick exit's page goes at the tap: on to the neutral site, changing nothing."""
    return redirect(current_app.config["QUICK_EXIT_URL"])


@bp.route("/exit", methods=["POST"])
def quick_exit():
    """Leave at once for a neutral site: the session ends and the browser forgets this site.

    A POST behind the CSRF check, so another site cannot log anyone out; with JavaScript the
    page leaves at the tap and this request goes along in the background.
    """
    if current_user.is_authenticated:
        sessions.end(current_user.session_key)
        logout_user()
    session.clear()
    response = redirect(current_app.config["QUICK_EXIT_URL"], code=303)
    response.headers["Clear-Site-Data"] = CLEAR_SITE_DATA
    return response
