"""The newcomer's pages in Russian and Ukrainian on a phone: headings, dates and badges; the
organizer's downloads and audit trail in words."""
import csv
import re

import pytest

from .conftest import PHONE, screenshot, set_language

PAGES = ("/", "/help/", "/meetings/", "/deadlines/", "/checkins/mine", "/account/")
# A heading's date: a capital weekday, then a comma, as «Среда, 25 ноября, 18:30».
HEADING_DAY = re.compile(r"^[А-ЯІЇЄҐ][а-яіїєґ'ʼ’]+, \d{1,2} [а-яіїєґ]+")


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
        # No gender in brackets («запросил(а)») and no format left unfilled.
        assert not re.search(r"\w\((?:-?\w{1,3})\)|%\(", body), (path, body)
        screenshot(page, f"words-{locale}-{path.strip('/').replace('/', '-') or 'home'}")
    page.goto("/meetings/")
    days = page.locator("main time").all_inner_texts()
    assert days and all(HEADING_DAY.match(day) for day in days[:3]), days


def test_organizer_downloads_and_trail_speak_russian(new_context):
    page = new_context("organizer", viewport=PHONE).new_page()
    page.goto("/")
    set_language(page, "ru")
    page.goto("/matching/")
    board = page.locator("main").inner_text()
    assert "Предложить пары" in board and "Подобрать пары" not in board, board
    screenshot(page, "words-ru-organizer-board")

    page.goto("/dashboard/")
    with page.expect_download() as download:
        page.click("main a[href*='/dashboard/figures.csv']")
    with open(download.value.path(), encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert rows[0][:2] == ["Неделя с", "Новоприбывшие за неделю"] and "Проведено встреч" in rows[0]
    assert not {"week", "kind", "open_requests", "housing"} & {cell for row in rows for cell in row}

    page.goto("/audit/")
    first = page.locator("main tbody tr").first.inner_text()
    assert "Данные выгружены" in first and "Показатели по неделям" in first, first
    screenshot(page, "words-ru-organizer-audit-trail")
    page.fill("#person", "Алексей")
    with page.expect_navigation():
        page.click("main form.filters button[type=submit]")
    assert page.url.endswith("/audit/")
    rows = page.locator("main tbody tr").all_inner_texts()
    assert rows and "Алексей" in " ".join(rows), rows
    assert not any("Данные выгружены" in row for row in rows), rows
    screenshot(page, "words-ru-organizer-audit-by-pseudonym")
