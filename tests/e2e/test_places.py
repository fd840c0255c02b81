"""Places and housing in a browser: a newcomer in Lyon, typed in Cyrillic, finds a host next door.

The newcomer signs up on a 375 px phone in Russian typing "Лион"; the host offers a bed in
Villeurbanne; the organizer's choice screen says how far it is; the host reads the newcomer's
note before accepting; then each side has a link that opens the app to reach the other, and the
guest reads the address with the house rules.
"""
import re
from datetime import date

from .conftest import DESKTOP, PHONE, confirm_sign_up, fill_sign_up, step

NAME = "Ирина Л."
EMAIL = "irina@e2e.test"
PASSWORD = "нет-войне-2025"
NOTE = "Работаю по утрам, возвращаюсь не позже 22:00."
RULES = "Pas de bruit après 22 h. Les clés sont chez la voisine."
ADDRESS = "8 rue Francis-de-Pressensé, 69100 Villeurbanne"



def signs_up_in_lyon(page, server):
    page.goto("/register")
    assert page.get_attribute("html", "lang") == "ru"
    fill_sign_up(page, NAME, EMAIL, PASSWORD, "Лион", ["housing"], "@irina_e2e")
    step(page, "30-places-sign-up-lion")
    confirm_sign_up(page, server, EMAIL)
    # "Лион" is the commune of Lyon, stored by its INSEE code and nothing finer.
    assert server.one("SELECT p.commune, p.city FROM newcomer_profile p JOIN account a"
                      " ON a.id = p.user_id WHERE a.email = ?", EMAIL) == ("69123", "Lyon")
    assert page.url.endswith("/help/new/housing")
    # Before writing the note, the newcomer reads who will read it.
    assert "волонтёр, которого попросят вам помочь" in page.locator("main").inner_text()
    page.select_option("#urgency", "this_week")
    page.fill("#note", NOTE)
    step(page, "31-places-housing-request-with-note")
    page.click("main form button[type=submit]")
    assert page.locator(".flash-success").count() == 1, page.locator("main").inner_text()


def offers_a_bed_in_villeurbanne(page):
    page.goto("/offers/new/housing")
    page.fill("#beds", "1")
    page.fill("#available_from", date.today().isoformat())
    page.fill("#city", "Villeurbanne")
    page.fill("#address", ADDRESS)
    page.fill("#house_rules", RULES)
    step(page, "32-places-host-offers-a-bed")
    page.click("main form button[type=submit]")
    # A message left for this volunteer by an earlier walk may show beside this one.
    assert page.locator(".flash-success").count() >= 1, page.locator("main").inner_text()


def takes_in_and_chooses_by_distance(page, server):
    page.goto("/people/newcomers")
    with page.expect_navigation():
        page.click("main form.filters button[name=clear]")
    page.select_option("#status", "pending")
    with page.expect_navigation():
        page.click("main form.filters button[type=submit]")
    page.get_by_role("link", name=NAME).click()
    page.click("form[action$='/admit'] button[type=submit]")
    assert page.locator(".flash-success").count() == 1
    request_id, offer_id = server.one(
        "SELECT r.id, o.id FROM help_request r JOIN account n ON n.id = r.newcomer_id,"
        " offer o JOIN account v ON v.id = o.volunteer_id"
        " WHERE n.email = ? AND r.kind = 'housing' AND v.email = 'mentor@demo.test'"
        " AND o.kind = 'housing' AND o.commune = '69266'", EMAIL)
    page.goto("/matching/?kind=housing")
    page.get_by_role("link", name=NAME).click()
    assert page.url.endswith(f"/matching/requests/{request_id}")
    ours = page.locator("ol.proposals > li", has=page.locator(
        f"input[value='{request_id}:{offer_id}']"))
    # Lyon's and Villeurbanne's town halls are 3.4 km apart: the screen says so, in km.
    assert "Villeurbanne (69)" in ours.inner_text()
    assert re.search(r"\b3 (km|км)\b", ours.inner_text()), ours.inner_text()
    step(page, "33-places-organizer-choice-in-km")
    ours.locator("input[name=pairs]").check()
    page.click("form[action$='/matching/confirm'] button[type=submit]")
    assert page.locator(".flash-success").count() == 1


def reads_the_note_and_accepts(page):
    page.goto("/matching/mine")
    page.get_by_role("link", name=NAME).click()
    main = page.locator("main").inner_text()
    assert NOTE in main and "Lyon" in main
    step(page, "34-places-host-reads-the-note")
    page.select_option("#decision", "accept")
    page.click("form[action$='/respond'] button[type=submit]")
    assert page.locator(".flash-success").count() == 1
    assert page.locator("main a[href='https://t.me/irina_e2e']").count() == 1
    step(page, "35-places-host-accepted-reaches-the-guest")


def finds_the_door_and_the_rules(page):
    page.goto("/help/")
    card = page.locator("main .cards > li", has_text="Villeurbanne")
    text = card.inner_text()
    assert ADDRESS in text and RULES in text, text
    assert card.locator("a[href^='tel:'], a[href^='https://signal.me/']").count() == 1
    step(page, "36-places-guest-sees-address-rules-contact")


def test_a_newcomer_typing_lion_is_housed_next_door(new_context, server):
    """Sign up in Cyrillic; offer, choose by km, read the note, accept; each side reaches the
    other."""
    newcomer = new_context(viewport=PHONE, locale="ru-RU").new_page()
    signs_up_in_lyon(newcomer, server)
    offers_a_bed_in_villeurbanne(new_context("mentor", viewport=PHONE).new_page())
    takes_in_and_chooses_by_distance(new_context("organizer", viewport=DESKTOP).new_page(),
                                     server)
    reads_the_note_and_accepts(new_context("mentor", viewport=PHONE).new_page())
    finds_the_door_and_the_rules(newcomer)
