"""Which language a page speaks, the names of the languages we offer, and compiled catalogs."""
import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import current_app, has_request_context, request, session
from flask_babel import get_locale, get_translations
from flask_login import current_user
from jinja2.ext import _make_new_gettext, _make_new_ngettext, _make_new_pgettext

from . import formats
from .extensions import babel

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
LOCALE_NAMES = {"ru": "Русский", "uk": "Українська", "fr": "Français", "en": "English"}


def select_locale():
    """The person's setting, else the switcher's choice, else the browser's, else English."""
    if not has_request_context():
        return "en"
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("locale") in languages:
        return session["locale"]
    return request.accept_languages.best_match(languages) or "en"


def stale_catalogs(translations):
    """The .po files whose .mo is missing or older than they are."""
    stale = []
    for po_path in sorted(Path(translations).glob("*/LC_MESSAGES/*.po")):
        try:
            if po_path.with_suffix(".mo").stat().st_mtime_ns >= po_path.stat().st_mtime_ns:
                continue
        except FileNotFoundError:
            pass
        stale.append(po_path)
    return stale


def compile_catalogs(translations):
    """Compile every .po whose .mo is missing or older; return the .mo paths written.

    The .mo files are not in git, so this is what makes a fresh checkout speak Russian.
    Several processes may compile at once: each writes a temporary file beside the target and
    renames it into place, so a reader sees the old catalog or the new one, never half of one.
    """
    written = []
    for po_path in stale_catalogs(translations):
        mo_path = po_path.with_suffix(".mo")
        with po_path.open("rb") as fh:
            catalog = read_po(fh, locale=po_path.parent.parent.name, domain=po_path.stem)
        fd, tmp = tempfile.mkstemp(dir=mo_path.parent, prefix=f".{mo_path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                # Fuzzy entries are guesses by `pybabel update`: English beats a wrong guess.
                write_mo(fh, catalog, use_fuzzy=False)
            os.chmod(tmp, 0o644)
            os.replace(tmp, mo_path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        written.append(mo_path)
    return written


def init_app(app):
    """Bind Flask-Babel to the compiled catalogs; give templates the language and its formats."""
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(TRANSLATIONS))
    # After Flask-Babel, whose own filters these replace: they would write English dates the US way.
    app.jinja_env.filters.update(
        datetimeformat=formats.datetime_format, dateformat=formats.date_format,
        timeformat=formats.time_format, decimalformat=formats.decimal_format,
        day=formats.day, day_and_time=formats.day_and_time,
        date_and_time=formats.date_and_time, day_month=formats.day_month, week=formats.week)
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale())
    app.jinja_env.globals["LOCALE_NAMES"] = LOCALE_NAMES
    app.context_processor(_catalog_of_this_page)


def _catalog_of_this_page():
    """Look the catalog up once per page, not once per message (hundreds on a long list).

    Flask-Babel's own template callables find the locale and catalog again for every string;
    a page is rendered in one language, so the lookup is bound here, when the page starts.
    """
    translations = get_translations()
    return {"gettext": _make_new_gettext(translations.ugettext),
            "ngettext": _make_new_ngettext(translations.ungettext),
            "pgettext": _make_new_pgettext(translations.upgettext)}
