"""The newcomer's pages in Russian and Ukrainian on a phone: headings, dates and badges."""
import re

import pytest

from .conftest import PHONE, screenshot, set_language

PAGES = ("/", "/help/", "/meetings/", "/deadlines/", "/checkins/mine", "/account/")
# A heading's date: a capital weekday, then a comma, as «Среда, 25 ноября, 18:30».
HEADING_DAY = re.compile(r"^[А-ЯІЇЄҐ][а-яіїєґ']+, \d{1,2} [а-яіїєґ]+")


@pytest.mark.parametrize("locale", ["ru", "uk"])
def test_newcomer_pages_read_naturally_on_a_phone(new_context, locale):
    page = new_context("newcomer", viewport=PHONE).new_page()
    page.goto("/")
    set_language(page, locale)
    for path in PAGES:
        page.goto(path)
        assert page.get_attribute("html", "lang") == locale
        body = page.locator("main").inner_text()
        assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{2}\b", body), (path, body)
        screenshot(page, f"words-{locale}-{path.strip('/').replace('/', '-') or 'home'}")
    page.goto("/meetings/")
    days = page.locator("main time").all_inner_texts()
    assert days and all(HEADING_DAY.match(day) for day in days[:3]), days
