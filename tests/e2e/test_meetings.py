"""Meetings in a browser: a newcomer on a phone in Russian finds the groups near them first and
joins a weekly group as a whole; a mentor places a new group in a commune."""
from datetime import date, timedelta

from .conftest import DESKTOP, PHONE, set_language, step

GROUP = "Café-conversation en français"



def coming_cards(page):
    return page.locator("section[aria-labelledby=coming-heading] .cards > li")


def test_newcomer_sees_near_meetings_first_and_joins_a_weekly_group(new_context):
    page = new_context("newcomer", viewport=PHONE).new_page()
    page.goto("/meetings/")
    set_language(page, "ru")
    # The demo newcomer lives in Paris: Paris (75) comes first, and the page says why.
    coming = page.locator("section[aria-labelledby=coming-heading]")
    assert "Сначала встречи в вашем департаменте (75)" in coming.inner_text()
    first = coming_cards(page).first
    assert "Рядом с вами" in first.inner_text() and "(75)" in first.inner_text()
    badges = [card.locator(".badge").first.inner_text() if card.locator(".badge").count()
              else "" for card in coming_cards(page).all()]
    near = [n for n, badge in enumerate(badges) if badge == "Рядом с вами"]
    assert near == list(range(len(near))), badges
    step(page, "meetings-01-newcomer-near-you-first")

    coming.get_by_role("link", name=GROUP).first.click()
    series = page.locator("section[aria-labelledby=series-heading]")
    assert "Все даты этой встречи" in series.inner_text()
    step(page, "meetings-02-newcomer-weekly-group")
    series.get_by_role("button", name="Записаться на все даты встречи").click()
    flash = page.locator(".flash-success").inner_text()
    assert "Вы записались на всю серию встреч." in flash and "Вы записаны на" in flash, flash
    assert series.get_by_role("button", name="Отменить запись на все даты встречи").count() == 1
    step(page, "meetings-03-newcomer-joined-the-group")

    page.goto("/meetings/")
    mine = page.locator("section[aria-labelledby=mine-heading] .cards > li")
    dates = [card for card in mine.all() if GROUP in card.inner_text()]
    # A seat on every date to come, each shown in "My meetings".
    assert len(dates) >= 10, len(dates)
    assert all("Вы записаны" in card.inner_text() for card in dates)
    step(page, "meetings-04-newcomer-seats-on-every-date")

    page.locator("section[aria-labelledby=mine-heading]").get_by_role(
        "link", name=GROUP).first.click()
    page.get_by_role("button", name="Отменить запись на все даты встречи").click()
    assert "Вы отменили запись на все даты встречи" in page.locator(".flash-success").inner_text()
    page.goto("/meetings/")
    mine = page.locator("section[aria-labelledby=mine-heading]")
    assert mine.count() == 0 or GROUP not in mine.inner_text()
    step(page, "meetings-05-newcomer-left-the-group")


def test_mentor_places_a_new_group_in_a_commune_typed_in_cyrillic(new_context):
    page = new_context("mentor", viewport=DESKTOP).new_page()
    page.goto("/meetings/new")
    set_language(page, "ru")
    page.fill("#title", "Вечер в Лионе")
    page.select_option("#language", "ru")
    page.fill("#day", (date.today() + timedelta(days=5)).isoformat())
    page.fill("#starts", "19:00")
    page.fill("#ends", "21:00")
    page.select_option("#recurrence", "weekly")
    page.check("input[name=where][value=online]")
    page.fill("#city", "")
    page.fill("#place", "Maison des associations, 8 rue Pasteur")
    page.click("main form button[type=submit]")
    # Online only with an address: refused, nothing lost.
    assert "нет адреса" in page.locator("main").inner_text()
    assert page.input_value("#place") == "Maison des associations, 8 rue Pasteur"
    step(page, "meetings-06-mentor-online-with-an-address")
    page.check("input[name=where][value=commune]")
    page.fill("#city", "Лион")
    page.click("main form button[type=submit]")
    facts = page.locator("dl.facts").inner_text()
    assert "Lyon (69)" in facts and "Pasteur" not in facts
    step(page, "meetings-07-mentor-group-in-lyon")
