"""Languages: complete and current catalogs, the choice of language, plurals, dates, form errors."""
import gettext as gettext_module
import html
import itertools
import os
import re
import shutil
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from babel.support import Translations
from flask_babel import force_locale, format_datetime, format_decimal, gettext, ngettext, pgettext
from flask_wtf import FlaskForm
from wtforms.i18n import get_translations as wtforms_translations

from network import forms
from network.i18n import compile_catalogs
from network.models import User

from .factories import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "network" / "translations"
POT = TRANSLATIONS / "messages.pot"
LOCALES = ("ru", "uk", "fr")
PLURAL_FORMS = {
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
          "(n%100<10 || n%100>=20) ? 1 : 2);",
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
          "(n%100<10 || n%100>=20) ? 1 : 2);",
    "fr": "nplurals=2; plural=(n > 1);",
}
UPDATE_HINT = (
    "Run: pybabel extract -F babel.cfg --project=Passage --copyright-holder=Passage "
    "-o network/translations/messages.pot . && "
    "pybabel update -i network/translations/messages.pot -d network/translations "
    "--ignore-obsolete, then translate what is new."
)
# A %-sequence Python formatting understands: %(name)s style, or %% for a literal percent.
FORMAT = re.compile(r"%(?:\((\w+)\)[#0\- +]*\d*(?:\.\d+)?[sdifr]|%)")


def _read(path, locale=None):
    with open(path, "rb") as fh:
        return read_po(fh, locale=locale)


def _po(locale):
    return TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"


def _ids(catalog):
    """Message ids with their context; a plural message's id is the pair (singular, plural)."""
    return {(message.context, message.id) for message in catalog if message.id}


def _placeholders(text):
    """The named placeholders in a string, or None when it holds a stray `%`."""
    names = [m.group(1) for m in FORMAT.finditer(text)]
    if text.count("%") != sum(2 if name is None else 1 for name in names):
        return None
    return {name for name in names if name is not None}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The messages in the code now, extracted with babel.cfg the way a developer does."""
    out = tmp_path_factory.mktemp("extract") / "messages.pot"
    done = subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "--quiet", "extract",
         "-F", "babel.cfg", "-o", str(out), "."],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    return _read(out)


def _translated(app, locale, msgid, **variables):
    with app.test_request_context(), force_locale(locale):
        return gettext(msgid, **variables)


def _page(response):
    return html.unescape(response.get_data(as_text=True))


# Catalogs: complete, current, well-formed.

def test_extraction_reads_the_app_and_its_templates_only(extracted):
    files = {filename for message in extracted for filename, _ in message.locations}
    assert files, "nothing was extracted"
    assert all(f.startswith(("network/", "templates/")) for f in files), sorted(files)
    assert any(f.startswith("templates/") for f in files)
    # `lazy_gettext as _l` is found, not only `_` and `gettext`.
    assert any(f.endswith("forms.py") for f in files)


def test_template_is_current_with_the_code(extracted):
    committed = _ids(_read(POT))
    in_code = _ids(extracted)
    assert in_code == committed, (
        f"new in the code: {sorted(in_code - committed, key=str)}; "
        f"gone from the code: {sorted(committed - in_code, key=str)}. {UPDATE_HINT}"
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_catalog_is_current_with_the_code(extracted, locale):
    catalog = _ids(_read(_po(locale), locale))
    in_code = _ids(extracted)
    assert in_code == catalog, (
        f"{locale}: missing {sorted(in_code - catalog, key=str)}; "
        f"stale {sorted(catalog - in_code, key=str)}. {UPDATE_HINT}"
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_is_translated(locale):
    catalog = _read(_po(locale), locale)
    template = _ids(_read(POT))
    problems = []
    for message in catalog:
        if not message.id or message.id not in template:
            continue
        strings = message.string if message.pluralizable else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        elif message.pluralizable and len(strings) != catalog.num_plurals:
            problems.append(
                f"{len(strings)} plural forms, not {catalog.num_plurals}: {message.id!r}")
        elif not all(s and s.strip() for s in strings):
            problems.append(f"empty: {message.id!r}")
    untranslated = template - _ids(catalog)
    problems += [f"absent: {msgid!r}" for msgid in sorted(untranslated, key=str)]
    assert not problems, f"{locale}:\n" + "\n".join(problems)


def _merge_faults(text):
    """What merges leave in a catalog and Babel reads without a word: a line outside any entry
    (glued onto the entry before), an entry glued to the one before, the same entry twice (the
    last one wins)."""
    lines = text.splitlines()
    faults, seen, context = [], set(), None
    for number, (before, line) in enumerate(zip([""] + lines, lines), 1):
        if line.startswith('"') and not before.startswith(('"', "msgid", "msgstr", "msgctxt")):
            faults.append(f"{number}: outside any entry: {line}")
        if line.startswith(("#", "msgctxt", "msgid ")) and before.startswith(('"', "msgstr")):
            faults.append(f"{number}: glued to the entry before: {line}")
        if line.startswith("msgctxt "):
            context = line
        elif line.startswith("msgid "):
            rest = itertools.takewhile(lambda following: following.startswith('"'), lines[number:])
            entry = (context, line, *rest)
            if entry in seen:
                faults.append(f"{number}: twice: {line}")
            seen.add(entry)
            context = None
    return faults


@pytest.mark.parametrize("path", [POT] + [_po(locale) for locale in LOCALES], ids=str)
def test_no_merge_left_a_fault(path):
    assert _merge_faults(path.read_text(encoding="utf-8")) == []
    with open(path, "rb") as fh:
        read_po(fh, abort_invalid=True)  # an entry without its msgstr, say, raises


def test_merge_faults_are_caught():
    text = ('msgid "Save"\nmsgstr "Enregistrer"\n\n"Vous avez demandé l\'effacement."\n\n'
            'msgid "Closed"\nmsgstr "Fermée"\nmsgid "Open"\nmsgstr "Ouverte"\n\n'
            'msgctxt "case"\nmsgid "Closed"\nmsgstr "Clos"\n\nmsgid "Closed"\nmsgstr "Clos"\n')
    assert _merge_faults(text) == ['4: outside any entry: "Vous avez demandé l\'effacement."',
                                   '8: glued to the entry before: msgid "Open"',
                                   '15: twice: msgid "Closed"']
    assert _merge_faults('msgid ""\n"wrapped"\nmsgstr ""\n"Language: fr\\n"\n') == []


@pytest.mark.parametrize("locale", LOCALES)
def test_plural_rule(locale):
    assert _read(_po(locale), locale).plural_forms == PLURAL_FORMS[locale]


def _forms_used_beyond_one(catalog):
    """Indexes of the plural forms a count other than 1 selects: they must show the count."""
    rule = gettext_module.c2py(catalog.plural_expr)
    return {rule(n) for n in range(2, 1000)}


@pytest.mark.parametrize("locale", LOCALES)
def test_placeholders_are_kept(locale):
    """Same named placeholders as the English, and no stray `%` (templates always format)."""
    catalog = _read(_po(locale), locale)
    beyond_one = _forms_used_beyond_one(catalog)
    problems = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        if not message.pluralizable:
            expected, found = _placeholders(message.id), _placeholders(message.string)
            if found != expected:
                problems.append(f"{message.id!r}: {message.string!r} has {found}, wants {expected}")
            continue
        # A form only ever used for 1 may leave the count out, as English "the only one" does.
        plural = _placeholders(message.id[1])
        allowed = plural | (_placeholders(message.id[0]) or set())
        for index, string in enumerate(message.string):
            found = _placeholders(string)
            wanted = plural if index in beyond_one else plural - {"num"}
            if found is None or not wanted <= found <= allowed:
                problems.append(f"{message.id!r}[{index}]: {string!r} has {found}, wants {wanted}")
    assert not problems, f"{locale}:\n" + "\n".join(problems)


def test_the_pages_are_served_from_current_catalogs(app):
    # Compiled before the run as `flask upgrade` compiles them (tests/test_install.py).
    for locale in LOCALES:
        po, mo = _po(locale), _po(locale).with_suffix(".mo")
        assert mo.exists() and mo.stat().st_mtime_ns >= po.stat().st_mtime_ns


# Compiling: only when needed, and safe when several processes compile at once.

@pytest.fixture
def translations_copy(tmp_path):
    target = tmp_path / "translations"
    for locale in LOCALES:
        (target / locale / "LC_MESSAGES").mkdir(parents=True)
        shutil.copy2(_po(locale), target / locale / "LC_MESSAGES" / "messages.po")
    return target


def test_compile_writes_missing_then_only_stale_catalogs(translations_copy):
    written = compile_catalogs(translations_copy)
    assert sorted(p.parent.parent.name for p in written) == sorted(LOCALES)
    assert compile_catalogs(translations_copy) == []

    po = translations_copy / "ru" / "LC_MESSAGES" / "messages.po"
    mo = po.with_suffix(".mo")
    stat = mo.stat()
    os.utime(po, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert compile_catalogs(translations_copy) == [mo]

    translations = Translations.load(str(translations_copy), ["ru"])
    assert translations.gettext("Log in") != "Log in"
    assert not [p for p in translations_copy.rglob("*") if p.name.endswith(".tmp")]


def test_compile_is_safe_when_workers_start_together(translations_copy):
    errors = []

    def worker():
        try:
            compile_catalogs(translations_copy)
        except Exception as exc:  # pragma: no cover - the assertion below reports it
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    for locale in LOCALES:
        translations = Translations.load(str(translations_copy), [locale])
        assert translations.gettext("Log in") != "Log in"
    assert not [p for p in translations_copy.rglob("*") if p.name.endswith(".tmp")]


def test_fuzzy_guesses_are_not_served(translations_copy):
    po = translations_copy / "fr" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgid "Log in"\n', '#, fuzzy\nmsgid "Log in"\n', 1)
    po.write_text(text, encoding="utf-8")
    compile_catalogs(translations_copy)
    translations = Translations.load(str(translations_copy), ["fr"])
    assert translations.gettext("Log in") == "Log in"
    assert translations.gettext("Log out") != "Log out"


# Which language a page speaks.

def test_english_when_nothing_is_known(client):
    body = _page(client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9"}))
    assert '<html lang="en">' in body
    assert "You are not alone" in body


@pytest.mark.parametrize("locale", LOCALES)
def test_browser_language(app, client, locale):
    body = _page(client.get("/", headers={"Accept-Language": f"{locale};q=0.9,en;q=0.5"}))
    assert f'<html lang="{locale}">' in body
    assert _translated(app, locale, "You are not alone") in body


def test_russian_page_reads_russian(client):
    body = _page(client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9"}))
    assert '<html lang="ru">' in body
    assert "Вы не одни" in body
    assert "You are not alone" not in body


def test_session_beats_browser(client):
    with client.session_transaction() as session:
        session["locale"] = "uk"
    body = _page(client.get("/", headers={"Accept-Language": "fr"}))
    assert '<html lang="uk">' in body


def test_user_setting_beats_session_and_browser(app, client, auth, newcomer):
    User.update(locale="ru").where(User.id == newcomer.id).execute()
    with client.session_transaction() as session:
        session["locale"] = "uk"
    auth.login(newcomer)
    body = _page(client.get("/", headers={"Accept-Language": "fr"}))
    assert '<html lang="ru">' in body
    assert _translated(app, "ru", "Hello, %(name)s", name="Алексей") in body


def test_switcher_sets_the_session(app, client):
    response = client.post("/language", data={"locale": "ru", "next": "/login"})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    with client.session_transaction() as session:
        assert session["locale"] == "ru"
    body = _page(client.get("/login", headers={"Accept-Language": "fr"}))
    assert '<html lang="ru">' in body
    assert _translated(app, "ru", "Log in") in body


def test_switcher_ignores_unknown_languages(client):
    client.post("/language", data={"locale": "xx"})
    with client.session_transaction() as session:
        assert "locale" not in session


def test_switcher_saves_the_choice_for_a_logged_in_person(client, auth, mentor):
    auth.login(mentor)
    client.post("/language", data={"locale": "fr"})
    assert User.get_by_id(mentor.id).locale == "fr"


def test_flash_messages_are_translated(app, client, mentor):
    client.post("/language", data={"locale": "uk"})
    response = client.post("/login", data={"email": mentor.email, "password": "wrong " + PASSWORD})
    assert _translated(app, "uk", "Email or password is wrong.") in _page(response)


def test_user_content_keeps_its_script(client, auth, newcomer):
    client.post("/language", data={"locale": "fr"})
    auth.login(newcomer)
    assert "Алексей" in _page(client.get("/"))


@pytest.mark.parametrize("locale", LOCALES)
def test_pages_render_in_every_language(app, client, auth, newcomer, mentor, locale):
    """Every translation formats cleanly where it is shown, for each kind of visitor."""
    client.post("/language", data={"locale": locale})
    for path in ("/", "/login", "/register"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert f'<html lang="{locale}">' in _page(response)
    for person in (newcomer, mentor):
        User.update(locale=locale).where(User.id == person.id).execute()
        auth.login(person)
        for path in ("/", "/account/"):
            response = client.get(path)
            assert response.status_code == 200, (person.role, path)
            assert f'<html lang="{locale}">' in _page(response)
        auth.logout()


# Plurals.

REFERRAL = ("You have %(num)s referral code not used yet.",
            "You have %(num)s referral codes not used yet.")


@pytest.mark.parametrize("locale, n, expected", [
    ("ru", 1, "У вас 1 неиспользованный код приглашения."),
    ("ru", 2, "У вас 2 неиспользованных кода приглашения."),
    ("ru", 5, "У вас 5 неиспользованных кодов приглашения."),
    ("ru", 21, "У вас 21 неиспользованный код приглашения."),
    ("uk", 1, "У вас 1 невикористаний код запрошення."),
    ("uk", 2, "У вас 2 невикористані коди запрошення."),
    ("uk", 5, "У вас 5 невикористаних кодів запрошення."),
    ("uk", 21, "У вас 21 невикористаний код запрошення."),
    ("fr", 1, "Vous avez 1 code d'invitation pas encore utilisé."),
    ("fr", 2, "Vous avez 2 codes d'invitation pas encore utilisés."),
])
def test_plural_forms(app, locale, n, expected):
    with app.test_request_context(), force_locale(locale):
        assert ngettext(*REFERRAL, n) == expected


@pytest.mark.parametrize("locale", ["ru", "uk"])
def test_every_plural_picks_the_right_form(app, locale):
    """1 and 21 take the first form, 2 the second, 5 and 11 the third, in every message."""
    catalog = _read(_po(locale), locale)
    plurals = [m for m in catalog if m.id and m.pluralizable]
    assert plurals
    with app.test_request_context(), force_locale(locale):
        for message in plurals:
            extra = {name: f"<{name}>" for name in _placeholders(message.id[1]) - {"num"}}
            for n, form in ((1, 0), (21, 0), (2, 1), (24, 1), (5, 2), (11, 2), (12, 2)):
                expected = message.string[form] % {**extra, "num": n}
                assert ngettext(*message.id, n, **extra) == expected, (message.id, n)


# Dates and numbers: the locale's format, in Paris time.

@pytest.mark.parametrize("locale, moment, expected", [
    ("fr", datetime(2025, 7, 14, 10, 30), ("14/07/2025", "12:30")),   # summer: UTC+2
    ("fr", datetime(2025, 1, 15, 10, 30), ("15/01/2025", "11:30")),   # winter: UTC+1
    ("ru", datetime(2025, 7, 14, 10, 30), ("14.07.2025", "12:30")),
    ("uk", datetime(2025, 1, 15, 23, 30), ("16.01.25", "00:30")),   # the Paris day, not UTC's
])
def test_datetimes_in_paris_time(app, locale, moment, expected):
    with app.test_request_context(), force_locale(locale):
        text = format_datetime(moment, "short")
    for part in expected:
        assert part in text, text


def test_numbers_in_the_locale(app):
    with app.test_request_context():
        with force_locale("fr"):
            assert format_decimal(1234.5).replace("\u202f", " ").replace("\xa0", " ") == "1 234,5"
        with force_locale("en"):
            assert format_decimal(1234.5) == "1,234.5"


# Form errors: ours and the ones WTForms ships.

@pytest.mark.parametrize("locale", LOCALES)
def test_wtforms_own_messages_are_translated(client, locale):
    expected = wtforms_translations([locale]).gettext("This field is required.")
    assert expected != "This field is required."
    client.post("/language", data={"locale": locale})
    body = _page(client.post("/login", data={"email": "", "password": ""}))
    assert expected in body
    assert "This field is required." not in body


def test_wtforms_messages_are_read_once_per_language(client):
    forms._wtforms_messages.cache_clear()
    for locale in ("ru", "fr", "ru", "fr"):
        client.post("/language", data={"locale": locale})
        client.post("/login", data={"email": "", "password": ""})
    assert forms._wtforms_messages.cache_info().misses == 2


def test_every_form_of_the_app_is_a_passage_form(app):
    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [cls for cls in subclasses(FlaskForm) if cls.__module__.startswith("network.")]
    assert len(ours) > 30
    assert [cls.__name__ for cls in ours if not issubclass(cls, forms.Form)] == []


def test_our_form_messages_are_translated(app, client):
    client.post("/language", data={"locale": "ru"})
    body = _page(client.post("/register", data={
        "display_name": "Миша", "email": "not-an-email", "password": "a long password 1",
        "confirm": "another password 2",
    }))
    assert _translated(app, "ru", "Enter a valid email address.") in body
    assert _translated(app, "ru", "The passwords do not match.") in body


def test_one_english_word_is_translated_by_what_it_qualifies(app):
    with app.test_request_context(), force_locale("ru"):
        assert (pgettext("person", "Active"), pgettext("offer", "Active"),
                pgettext("places", "Used")) == ("Аккаунт активен", "Действует", "Занято")
    with app.test_request_context(), force_locale("fr"):
        assert (pgettext("need", "Housing"), pgettext("kind of help", "Housing"),
                pgettext("offer kind", "Housing"), pgettext("concern", "Housing")) == (
            "Un logement", "Logement", "Hébergement", "Logement")
        assert (pgettext("verb", "Offer"), pgettext("offer of help", "Offer")) == (
            "Proposer", "Offre")
    with app.test_request_context(), force_locale("ru"):
        assert (pgettext("verb", "Offer"), pgettext("offer of help", "Offer")) == (
            "Предложить", "Предложение помощи")
        # «Обращение закрыто», «Переписка закрыта».
        assert (pgettext("case", "Closed"), pgettext("conversation", "Closed")) == (
            "Закрыто", "Закрыта")
