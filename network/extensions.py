"""Extensions, created unbound and bound to an app in create_app."""
from flask import session
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect


class _LoginManager(LoginManager):
    """Flask-Login's, with its session protection kept for sessions someone logged into."""

    def _session_protection_failed(self):
        # Strong protection rewrites a session nobody logged into on every answer: a request
        # begun before the visitor chose a language (the service worker's) then answers last
        # with the old cookie and the choice is lost. Such a session holds nothing to protect.
        return "_user_id" in session and super()._session_protection_failed()


login_manager = _LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address)
