"""Words behind numbers: each count chooses its own plural form, in every language."""
import pytest
from flask import get_template_attribute
from flask_babel import force_locale

from network.core.errors import ServiceError
from network.matching.explain import reason_text
from network.offers import service

from .factories import make_offer

NO_HOST = {"city": "Lyon", "start": "2026-12-01"}


@pytest.mark.parametrize("locale, beds, nights, expected", [
    ("fr", 1, 1, ("avec 1 lit pour", "(1 nuit à partir")),
    ("fr", 2, 3, ("avec 2 lits pour", "(3 nuits à partir")),
    ("ru", 1, 21, ("есть 1 спальное место", "(21 ночь с")),
    ("ru", 5, 2, ("есть 5 спальных мест", "(2 ночи с")),
    ("uk", 2, 5, ("є 2 спальні місця", "(5 ночей з")),
    ("en", 1, 1, ("with 1 bed for", "(1 night from")),
])
def test_a_missing_host_is_told_with_the_plural_of_each_count(app, locale, beds, nights, expected):
    with app.test_request_context(), force_locale(locale):
        text = reason_text("no_host_beds", {**NO_HOST, "beds": beds, "nights": nights})
    for part in expected:
        assert part in text, text


@pytest.mark.parametrize("locale, used, expected", [
    ("fr", 2, "2 nouveaux arrivants sont accompagnés"),
    ("ru", 2, "сейчас: 2."),
    ("en", 2, "2 newcomers are matched"),
])
def test_a_capacity_below_the_matches_is_refused_with_their_plural(app, mentor, locale, used,
                                                                   expected):
    offer = make_offer(mentor, capacity=used, used=used)
    with app.test_request_context(), force_locale(locale):
        with pytest.raises(ServiceError) as refused:
            service.update_offer(offer, mentor, capacity=used - 1, in_person=True)
        assert expected in str(refused.value)


@pytest.mark.parametrize("locale, used, capacity, expected", [
    ("fr", 1, 3, "1 place prise sur 3"),
    ("fr", 2, 3, "2 places prises sur 3"),
    ("fr", 0, 1, "0 place prise sur 1"),
    ("ru", 1, 5, "занято 1 место из 5"),
    ("ru", 2, 5, "занято 2 места из 5"),
    ("uk", 5, 5, "зайнято 5 місць з 5"),
])
def test_places_taken_agree_with_the_places_used_not_the_capacity(app, mentor, locale, used,
                                                                  capacity, expected):
    offer = make_offer(mentor, capacity=capacity, used=used)
    with app.test_request_context(), force_locale(locale):
        summary = get_template_attribute("offers/_macros.html", "offer_summary")(offer)
    assert expected in " ".join(str(summary).split())
