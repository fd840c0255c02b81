"""Words behind numbers: each count chooses its own plural form, in every language."""
import html
import re
from types import SimpleNamespace

import pytest
from flask import get_template_attribute
from flask_babel import force_locale
from werkzeug.exceptions import TooManyRequests

from network.core.errors import ServiceError
from network.errors import handle_http
from network.matching.explain import reason_text
from network.offers import service

from .factories import PASSWORD, make_offer

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


def _refusal(seconds):
    """A 429 as flask-limiter raises it: it carries the limit whose window is this long."""
    error = TooManyRequests()
    error.limit = SimpleNamespace(limit=SimpleNamespace(get_expiry=lambda: seconds))
    return error


@pytest.mark.parametrize("locale, seconds, expected", [
    ("ru", 60, "Подождите 1 минуту и"),
    ("ru", 180, "Подождите 3 минуты и"),
    ("ru", 900, "Подождите 15 минут и"),
    ("ru", 1260, "Подождите 21 минуту и"),
    ("uk", 60, "Зачекайте 1 хвилину і"),
    ("uk", 120, "Зачекайте 2 хвилини і"),
    ("uk", 900, "Зачекайте 15 хвилин і"),
    ("fr", 60, "Attendez 1 minute et"),
    ("fr", 900, "Attendez 15 minutes et"),
    ("en", 60, "wait 1 minute and"),
])
def test_a_lockout_says_its_wait_with_the_plural_of_its_minutes(app, locale, seconds, expected):
    with app.test_request_context(), force_locale(locale):
        page, code, _ = handle_http(_refusal(seconds))
    assert code == 429
    assert expected in html.unescape(page)


def test_a_locked_account_is_told_its_wait_in_russian(client, mentor):
    for _ in range(5):
        client.post("/login", data={"email": mentor.email, "password": "wrong password"},
                    headers={"Accept-Language": "ru"})
    response = client.post("/login", data={"email": mentor.email, "password": PASSWORD},
                           headers={"Accept-Language": "ru"})
    assert response.status_code == 429
    assert re.search(r"Подождите \d+ (?:минуту|минуты|минут) и попробуйте снова",
                     html.unescape(response.get_data(as_text=True)))
