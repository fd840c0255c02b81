"""Passage: matching, check-ins and meetings for a network that receives deserters."""
import os
from pathlib import Path

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import lazy_gettext as _l
from werkzeug.middleware.proxy_fix import ProxyFix

from . import (
    config,
    crypto,
    db,
    errors,
    filters,
    i18n,
    install,
    links,
    pagecache,
    ratelimit,
    routing,
)
from .core import vocabulary
from .extensions import csrf, login_manager
from .headers import set_security_headers
from .inputs import CleanRequest
from .push import keys as push_keys
from .scheduler import start_in_process

ROOT = Path(__file__).resolve().parent.parent


class SessionInterface(SecureCookieSessionInterface):
    """The session cookie is Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app):
        return super().get_cookie_secure(app) or request.is_secure


def create_app(test_config=None):
    """Build the app: configuration, extensions, blueprints, error pages, commands."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("PASSAGE_INSTANCE", str(ROOT / "instance")),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.request_class = CleanRequest
    app.session_interface = SessionInterface()
    app.config.from_mapping(config.load(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    if app.config["BEHIND_PROXY"]:
        # Trust X-Forwarded-* only from the one proxy we are told sits in front.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    register_extensions(app)
    crypto.init_app(app)
    push_keys.init_app(app)
    db.init_app(app)
    # Before the blueprints: their rules take the converters registered when they are added.
    routing.init_app(app)
    register_blueprints(app)
    # After the blueprints: a kept page is served only once the session rules have run.
    pagecache.init_app(app)
    errors.init_app(app)
    filters.init_app(app)
    vocabulary.init_app(app)
    links.init_app(app)
    register_commands(app)
    app.after_request(set_security_headers)
    install.init_app(app)
    if app.config["SCHEDULER_IN_PROCESS"] and not app.testing:
        start_in_process(app)
    return app


def register_extensions(app):
    """Bind the unbound extensions to this app."""
    csrf.init_app(app)
    i18n.init_app(app)
    ratelimit.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.localize_callback = str
    login_manager.login_message_category = "info"


def register_blueprints(app):
    """One blueprint per capability."""
    from .account.views import bp as account_bp
    from .audit.views import bp as audit_bp
    from .auth.views import bp as auth_bp
    from .cases.views import bp as cases_bp
    from .checkins.views import bp as checkins_bp
    from .conversations.views import bp as conversations_bp
    from .dashboard.views import bp as dashboard_bp
    from .deadlines.views import bp as deadlines_bp
    from .help.views import bp as help_bp
    from .main.views import bp as main_bp
    from .matching.views import bp as matching_bp
    from .meetings.views import bp as meetings_bp
    from .notify.views import bp as notify_bp
    from .offers.views import bp as offers_bp
    from .people.views import bp as people_bp
    from .phone.views import bp as phone_bp
    from .places.views import bp as places_bp
    from .procedure.views import bp as procedure_bp
    from .push.views import bp as push_bp

    for blueprint in (main_bp, auth_bp, account_bp, people_bp, audit_bp, matching_bp,
                      notify_bp, dashboard_bp, help_bp, offers_bp, checkins_bp, deadlines_bp,
                      meetings_bp, procedure_bp, conversations_bp, phone_bp, push_bp,
                      places_bp, cases_bp):
        app.register_blueprint(blueprint)


def register_commands(app):
    """The flask CLI commands."""
    from .cli import commands

    for command in (*commands, *install.commands):
        app.cli.add_command(command)
