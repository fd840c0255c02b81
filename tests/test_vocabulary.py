"""Every stored code is declared once and reaches people as words of their language."""
import re
from datetime import timedelta
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from peewee import IntegrityError

from network.core import vocabulary
from network.db import db
from network.models import MODELS, CheckIn, NewcomerProfile, Offer, User
from network.models.fields import ListField, items, levels

from .factories import make_match, make_newcomer, make_offer, make_organizer

CATALOGS = Path(__file__).resolve().parent.parent / "network" / "translations"
ONE_OF = re.compile(r"^CHECK \((\w+) IN \((.*)\)\)$")


def _msgid(lazy):
    """(context, msgid) of a lazy label."""
    args = lazy._args
    return (args[0], args[1]) if len(args) == 2 else (None, args[0])


def _checks():
    """Every (table, column, admitted codes) of a CHECK ... IN (...) constraint of the models."""
    for model in MODELS:
        for field in model._meta.sorted_fields:
            for constraint in field.constraints or ():
                found = ONE_OF.match(constraint.sql)
                if found:
                    admitted = tuple(v.strip().strip("'") for v in found.group(2).split(","))
                    yield model._meta.table_name, found.group(1), admitted


def test_every_code_set_is_labelled_in_full():
    for name, code_set in vocabulary.CODE_SETS.items():
        assert name in vocabulary.LABELS
        missing = [code for code in code_set if code and code not in vocabulary.LABELS[name]]
        assert not missing, f"{name}: {missing} have no label"
        extra = set(vocabulary.LABELS[name]) - set(code_set)
        assert not extra, f"{name}: labels for codes the set lacks: {extra}"


@pytest.mark.parametrize("locale", ["ru", "uk", "fr"])
def test_every_label_is_translated(locale):
    with open(CATALOGS / locale / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalog = read_po(po, locale=locale)
    for name, words in vocabulary.LABELS.items():
        for code, lazy in words.items():
            context, msgid = _msgid(lazy)
            message = catalog.get(msgid, context=context)
            assert message is not None and message.string and not message.fuzzy, (
                f"{locale}: {name}.{code} {msgid!r} is not translated")


def test_english_labels_are_words_not_codes(app):
    with app.test_request_context():
        for name, words in vocabulary.LABELS.items():
            for code in words:
                shown = str(vocabulary.label(name, code))
                assert shown and "_" not in shown, f"{name}.{code} shows its code"


def test_a_label_is_in_the_language_of_the_moment_it_is_shown_in(app):
    from flask_babel import force_locale

    with app.test_request_context():
        said = {}
        for locale in ("ru", "fr", "ru", "en"):
            with force_locale(locale):
                said.setdefault(locale, set()).add(vocabulary.label("need", "housing"))
    assert said == {"ru": {"Жильё"}, "fr": {"Un logement"}, "en": {"Housing"}}


def test_no_check_constraint_admits_a_code_the_vocabulary_lacks():
    checks = list(_checks())
    assert len(checks) >= 15, "the CHECK constraints were not found"
    # A CHECK lists its values as SQL text: an integer code set is compared by its digits.
    labelled = {frozenset(map(str, code_set)) for code_set in vocabulary.CODE_SETS.values()}
    for table, column, admitted in checks:
        assert frozenset(admitted) in labelled, f"{table}.{column} admits {admitted}"


def test_the_database_refuses_a_code_outside_its_set(app):
    newcomer = make_newcomer()
    with pytest.raises(IntegrityError):
        with db.atomic():
            make_offer(make_organizer(), kind="housing", household="couples")
    with pytest.raises(IntegrityError):
        with db.atomic():
            User.update(role="admin").where(User.id == newcomer.id).execute()


def test_an_unknown_code_is_a_fault_not_a_raw_word(app):
    with app.test_request_context(), pytest.raises(KeyError):
        vocabulary.label("flag", "weapons")


def test_list_field_round_trips(app):
    match = make_match(make_organizer(), make_newcomer())
    checkin = CheckIn.create(match=match, due_at=match.proposed_at, flags=["housing", "money"])
    assert checkin.flags == ("housing", "money")
    stored = db.execute_sql(f"SELECT flags FROM checkin WHERE id = {db.param}", (checkin.id,))
    assert stored.fetchone()[0] == "housing,money"
    assert CheckIn.get_by_id(checkin.id).flags == ("housing", "money")
    CheckIn.update(flags=("legal",)).where(CheckIn.id == checkin.id).execute()
    assert CheckIn.get_by_id(checkin.id).flags == ("legal",)
    assert CheckIn.select().where(CheckIn.flags.contains("legal")).count() == 1
    # A row made without the column reads as an empty list, not as an empty string.
    assert CheckIn.create(match=match, due_at=match.proposed_at).flags == ()
    assert items(frozenset({"b", "a"})) == ("a", "b") and items(" a, ,b ") == ("a", "b")


def test_languages_with_levels_round_trip(app):
    newcomer = make_newcomer()
    NewcomerProfile.update(languages={"ru": "native", "fr": "a1"}).where(
        NewcomerProfile.user == newcomer.id).execute()
    profile = NewcomerProfile.get(NewcomerProfile.user == newcomer.id)
    assert profile.languages == {"ru": "native", "fr": "a1"}
    raw = db.execute_sql(f"SELECT languages FROM newcomer_profile WHERE id = {db.param}",
                         (profile.id,))
    assert raw.fetchone()[0] == "ru:native,fr:a1"
    assert levels("uk") == {"uk": "native"}
    assert isinstance(Offer.levels, ListField)


def _raise_flags(mentor, newcomer):
    match = make_match(mentor, newcomer)
    NewcomerProfile.update(needs="mentor,housing").where(
        NewcomerProfile.user == newcomer.id).execute()
    for flags in ("housing,money", "legal"):
        CheckIn.create(match=match, due_at=match.proposed_at, status="done", wellbeing=3,
                       flags=flags, logged_by=mentor, logged_at=match.proposed_at
                       + timedelta(minutes=len(flags)))
    return match


def test_the_mentors_home_shows_flags_as_words(client, auth, mentor, newcomer):
    _raise_flags(mentor, newcomer)
    auth.login(mentor)
    page = client.get("/").get_data(as_text=True)
    assert "Housing, Money" in page and "Legal procedure" in page
    assert "housing,money" not in page and "· legal ·" not in page
    client.post("/language", data={"locale": "ru"})
    page = client.get("/").get_data(as_text=True)
    assert "Legal procedure" not in page and "· legal ·" not in page


def test_the_match_page_shows_needs_as_words(client, auth, mentor, newcomer):
    match = _raise_flags(mentor, newcomer)
    organizer = make_organizer()
    auth.login(organizer)
    page = client.get(f"/matching/matches/{match.id}").get_data(as_text=True)
    assert "A mentor, Housing" in page and "mentor,housing" not in page


@pytest.mark.parametrize("path", ["/people/approvals", "/invitations", "/matching/", "/"])
def test_organizer_pages_show_no_code_of_a_set(client, auth, path, mentor, newcomer):
    _raise_flags(mentor, newcomer)
    auth.login(make_organizer())
    response = client.get(path, follow_redirects=True)
    assert response.status_code == 200
    text = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True).split("<main", 1)[-1])
    for code in ("this_week", "women_only", "not_reached", "approve_volunteer", "cnda_appeal"):
        assert code not in text
