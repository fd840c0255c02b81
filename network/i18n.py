"""Which language a page speaks, and the names of the languages we offer."""
from flask import current_app, request, session
from flask_babel import get_locale
from flask_login import current_user

from .extensions import babel

LOCALE_NAMES = {"ru": "Русский", "uk": "Українська", "fr": "Français", "en": "English"}


def select_locale():
    """The person's setting, else the switcher's choice, else the browser's, else English."""
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("locale") in languages:
        return session["locale"]
    return request.accept_languages.best_match(languages) or "en"


def init_app(app, translations):
    """Bind Flask-Babel and give templates the current language."""
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(translations))
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale())
    app.jinja_env.globals["LOCALE_NAMES"] = LOCALE_NAMES
