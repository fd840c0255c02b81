"""The whole journey in a browser: a newcomer signs up in Russian and is helped by the network."""
import json
from urllib.parse import urlsplit

from .conftest import DESKTOP, PHONE, confirm_sign_up, fill_sign_up, log_in, set_language, step

NAME = "Фёдор Е."
EMAIL = "fedor@e2e.test"
PASSWORD = "нет-войне-2024"



def sign_up(page, server):
    page.goto("/")
    assert page.get_attribute("html", "lang") == "fr"
    set_language(page, "ru")
    step(page, "01-newcomer-landing")
    page.click("nav a[href='/register']")
    fill_sign_up(page, NAME, EMAIL, PASSWORD, "Paris", ["mentor", "housing"], "@fedor_e2e")
    step(page, "02-newcomer-sign-up")
    confirm_sign_up(page, server, EMAIL, sent="03-newcomer-link-sent",
                    opened="03-newcomer-opens-link")
    assert page.get_attribute("html", "lang") == "ru"
    assert server.one("SELECT locale FROM account WHERE email = ?", EMAIL) == ("ru",)
    # The mentor request is open at once; housing needs its details, asked right away.
    assert page.url.endswith("/help/new/housing")
    step(page, "04-newcomer-asked-for-housing-details")


def leaves_and_finishes_housing(page):
    """The newcomer leaves the housing form; home leads back to it until it is sent."""
    page.goto("/")
    finish = page.locator("section[aria-labelledby=finish-heading]")
    assert finish.locator("a[href='/help/new/housing']").count() == 1
    assert finish.locator("a[href='/help/new/mentor']").count() == 0
    step(page, "04-newcomer-home-asks-to-finish-housing")
    finish.locator("a[href='/help/new/housing']").click()
    page.select_option("#urgency", "this_week")
    page.click("main form button[type=submit]")
    assert page.locator(".flash-success").count() == 1, page.locator("main").inner_text()
    page.goto("/")
    assert page.locator("section[aria-labelledby=finish-heading]").count() == 0
    step(page, "04-newcomer-home-housing-finished")


def edits_housing_for_tonight(page):
    """Plans fell through: the open housing request becomes "tonight", for ten nights."""
    page.goto("/help/")
    page.locator("main .cards > li", has_text="Жильё").locator("h3 a").click()
    page.click("main a[href$='/edit']")
    page.select_option("#urgency", "tonight")
    page.fill("#nights", "10")
    step(page, "05-newcomer-edits-housing")
    page.click("main form button[type=submit]")
    assert page.locator(".flash-success").count() == 1, page.locator("main").inner_text()
    assert page.locator("main a[href='tel:115']").count() == 1
    for path in ("/help/", "/"):
        page.goto(path)
        card = page.locator("main .cards > li", has_text="Жильё")
        # The emergency number is on the card itself, a tap away.
        assert card.locator("a[href='tel:115']").count() == 1, path
    step(page, "05-newcomer-home-with-115")


def sees_own_requests(page):
    page.goto("/")
    assert page.locator("main .cards > li").count() == 2
    step(page, "05-newcomer-home-with-requests")
    page.goto("/help/")
    assert page.locator("main .cards > li").count() == 2
    step(page, "06-newcomer-requests")


def on_the_board(page):
    page.goto("/matching/")
    step(page, "07-organizer-board-before")
    page.click("main a[href='/matching/mentor/proposals']")
    assert page.locator("ol.proposals li", has_text=NAME).count() == 1
    # The housing request finished after sign-up is on the board, as the newcomer changed it.
    page.goto("/matching/?kind=housing&city=Paris")
    row = page.locator("main tbody tr", has_text=NAME)
    assert row.count() == 1 and "ce soir" in row.inner_text()
    step(page, "07-organizer-board-housing")
    row.locator("a").click()
    assert page.locator("main dl.facts dt:has-text('Nuits') + dd").inner_text() == "10"


def take_in(page, server):
    log_in(page, server, "organizer2@demo.test")
    set_language(page, "fr")
    page.goto("/people/newcomers")
    page.select_option("#status", "pending")
    with page.expect_navigation():
        page.click("main form.filters button[type=submit]")
    page.get_by_role("link", name=NAME).click()
    page.click("form[action$='/admit'] button[type=submit]")
    assert page.locator(".flash-success").count() == 1
    step(page, "07-organizer-took-in")


def propose_and_confirm(page):
    page.goto("/matching/")
    step(page, "08-organizer-board")
    page.click("main a[href='/matching/mentor/proposals']")
    ours = page.locator("ol.proposals li", has_text=NAME).locator("input[name=pairs]")
    assert ours.count() == 1, "no mentor proposed for the new newcomer"
    # Send only this newcomer's proposal: the demo's other requests stay on the board.
    page.locator("input[name=pairs]").evaluate_all(
        "(boxes, keep) => boxes.forEach(box => { box.checked = box.value === keep; })",
        ours.get_attribute("value"))
    step(page, "09-organizer-proposals")
    page.click("form[action$='/matching/confirm'] button[type=submit]")
    assert page.locator(".flash-success").count() == 1
    step(page, "10-organizer-confirmed")


def accept_and_check_in(page):
    page.goto("/matching/mine")
    page.get_by_role("link", name=NAME).click()
    step(page, "11-mentor-proposal")
    page.select_option("#decision", "accept")
    page.click("form[action$='/respond'] button[type=submit]")
    assert page.locator(".flash-success").count() == 1
    # The newcomer's contact opens Telegram: the volunteer can reach them at once.
    assert page.locator("main a[href='https://t.me/fedor_e2e']").count() == 1
    step(page, "12-mentor-accepted")
    page.goto("/checkins/")
    page.get_by_role("link", name=NAME).first.click()
    page.select_option("#outcome", "done")
    page.select_option("#wellbeing", "4")
    page.check("input[name=flags][value=housing]")
    page.fill("#notes", "Созвонились, ищет жильё.")
    step(page, "13-mentor-logs-check-in")
    page.click("main form button[type=submit]")
    assert page.locator(".flash-success").count() == 1
    step(page, "14-mentor-checked-in")


def sees_mentor(page, mentor_name):
    page.goto("/")
    assert page.get_attribute("html", "lang") == "ru"
    matched = page.locator("section[aria-labelledby=matched-heading]")
    assert mentor_name in matched.inner_text()
    # The volunteer's contact is a link that opens the app, never a dash.
    reach = matched.locator("a[href^='tel:'], a[href^='https://t.me/'], "
                            "a[href^='https://signal.me/'], a[href^='mailto:']")
    assert reach.count() >= 1
    step(page, "15-newcomer-sees-mentor")
    page.goto("/notifications/")
    inbox = page.locator("main").inner_text()
    assert "Вас приняли в сеть" in inbox and "Получено согласие волонтёра" in inbox, inbox
    step(page, "15-newcomer-notifications-in-russian")


def asks_to_talk(page):
    page.goto("/checkins/mine")
    page.click("form[action$='/checkins/ask'] button[type=submit]")
    assert page.locator(".flash-success").count() == 1, page.locator("main").inner_text()
    step(page, "15-newcomer-asked-to-talk")


def answers_at_once(page, server, mentor_email):
    """The mentor opens the notification and can reach the newcomer in one tap."""
    (note,) = server.one("SELECT n.id FROM notification n JOIN account a ON a.id = n.recipient_id"
                         " WHERE a.email = ? AND n.dedupe_key LIKE 'checkin-asked:%'",
                         mentor_email)
    page.goto("/notifications/")
    page.click(f"form[action='/notifications/{note}/read'] button[type=submit]")
    assert "/checkins/" in page.url and page.url.endswith("/log")
    reach = page.locator("section[aria-labelledby=reach-heading]")
    assert reach.locator("a[href='https://t.me/fedor_e2e']").count() == 1
    step(page, "15-mentor-reaches-newcomer")
    reach.locator("a[href^='/conversations/']").click()
    page.fill("main textarea", "Вижу ваш запрос, напишу в Telegram через пять минут.")
    page.click("main form button[type=submit]")
    assert "через пять минут" in page.locator("main").inner_text()
    step(page, "15-mentor-writes-in-conversation")


def rsvp(page):
    page.goto("/meetings/")
    step(page, "16-newcomer-meetings")
    page.locator("form[action$='/rsvp'] button[type=submit]").first.click()
    assert page.locator(".flash-success").count() == 1
    assert page.locator("form[action$='/leave']").count() == 1
    step(page, "17-newcomer-registered-for-meeting")


def download_data(page):
    page.goto("/account/")
    step(page, "18-newcomer-settings")
    with page.expect_download() as download:
        page.click("main a[href='/account/export.json']")
    with open(download.value.path(), encoding="utf-8") as fh:
        data = json.load(fh)
    assert NAME in json.dumps(data, ensure_ascii=False)
    assert EMAIL in json.dumps(data, ensure_ascii=False)


def test_newcomer_is_helped_from_sign_up_to_data_export(new_context, server):
    """Sign up and ask; take in, match and confirm; accept and check in; see, RSVP, export."""
    # A phone bought in France: the pages open in French until the newcomer switches.
    newcomer = new_context(viewport=PHONE, locale="fr-FR", accept_downloads=True).new_page()
    sign_up(newcomer, server)
    leaves_and_finishes_housing(newcomer)
    sees_own_requests(newcomer)
    edits_housing_for_tonight(newcomer)

    organizer = new_context(viewport=DESKTOP).new_page()
    take_in(organizer, server)
    on_the_board(organizer)
    propose_and_confirm(organizer)

    mentor_email, mentor_name = server.one(
        "SELECT v.email, v.display_name FROM help_match m"
        " JOIN account v ON v.id = m.volunteer_id JOIN account n ON n.id = m.newcomer_id"
        " WHERE n.email = ? AND m.kind = 'mentor'", EMAIL)
    mentor = new_context(viewport=PHONE).new_page()
    log_in(mentor, server, mentor_email)
    accept_and_check_in(mentor)

    sees_mentor(newcomer, mentor_name)
    asks_to_talk(newcomer)
    answers_at_once(mentor, server, mentor_email)
    rsvp(newcomer)
    download_data(newcomer)


def _log_in_as(page, email, password):
    page.goto("/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")


def test_a_forgotten_password_is_reset_by_an_emailed_link(new_context, server):
    """From the login page to a new password, in Russian on a phone; other sessions end.

    The newcomer of the journey above forgets: the demo accounts keep their passwords.
    """
    elsewhere = new_context(viewport=PHONE).new_page()
    _log_in_as(elsewhere, EMAIL, PASSWORD)
    elsewhere.goto("/help/")
    assert elsewhere.url.endswith("/help/")
    page = new_context(viewport=PHONE, locale="ru-RU").new_page()
    page.goto("/login")
    assert page.get_attribute("html", "lang") == "ru"
    page.click("main a[href='/forgot']")
    page.fill("#email", EMAIL)
    step(page, "20-forgot")
    page.click("main form button[type=submit]")
    assert EMAIL in page.locator("main").inner_text()
    step(page, "21-forgot-sent")
    log = server.log.read_text(encoding="utf-8")
    assert "Subject: Passage: выбор нового пароля" in log[log.rindex(f"To: {EMAIL}\n"):]
    page.goto(server.emailed_link(EMAIL))
    step(page, "22-reset-form")
    page.fill("#password", "новый-пароль-2026")
    page.fill("#confirm", "новый-пароль-2026")
    page.click("main form button[type=submit]")
    assert page.url.endswith("/login")
    step(page, "23-reset-done")
    _log_in_as(page, EMAIL, "новый-пароль-2026")
    assert not page.url.endswith("/login")
    elsewhere.goto("/help/")
    assert "/login" in elsewhere.url


def test_a_password_link_is_handed_over_by_two_organizers(new_context, server):
    """For a newcomer who lost their mailbox: one organizer asks, a second confirms and is
    shown the one-time link, the newcomer opens it on their phone and chooses a password."""
    (newcomer_id,) = server.one("SELECT id FROM account WHERE email = ?", EMAIL)
    first = new_context("organizer").new_page()
    first.goto(f"/people/newcomers/{newcomer_id}")
    first.click(f"form[action='/people/{newcomer_id}/password-reset'] button[type=submit]")
    assert first.locator(".flash-success").count() == 1, first.locator("main").inner_text()
    # One organizer alone gets no link: it waits for a second one.
    assert first.locator("main code").count() == 0
    step(first, "24-organizer-asks-for-a-password-link")

    second = new_context().new_page()
    log_in(second, server, "organizer2@demo.test")
    (approval,) = server.one("SELECT id FROM approval WHERE kind = 'reset_password' AND "
                             "target_id = ? AND confirmed_at IS NULL", newcomer_id)
    second.goto(f"/people/approvals/{approval}")
    second.click(f"form[action$='/people/approvals/{approval}/confirm'] button[type=submit]")
    link = urlsplit(second.locator("main code").inner_text()).path
    assert link.startswith("/reset/")
    step(second, "25-second-organizer-hands-over-the-link")

    page = new_context(viewport=PHONE, locale="ru-RU").new_page()
    page.goto(link)
    assert page.get_attribute("html", "lang") == "ru"
    step(page, "26-newcomer-opens-the-handed-link")
    page.fill("#password", "пароль-из-рук-в-руки")
    page.fill("#confirm", "пароль-из-рук-в-руки")
    page.click("main form button[type=submit]")
    assert page.url.endswith("/login")
    _log_in_as(page, EMAIL, "пароль-из-рук-в-руки")
    assert not page.url.endswith("/login")
    step(page, "27-newcomer-in-with-the-new-password")
    # The link worked once.
    page.goto(link)
    assert page.locator("#password").count() == 0


def test_an_approved_volunteer_is_led_to_offer_help(new_context, server):
    """Vetted by one organizer, confirmed by a second, the volunteer's home asks for an offer."""
    volunteer_id, email = server.one(
        "SELECT id, email FROM account WHERE role = 'mentor' AND status = 'pending' AND email "
        "GLOB 'volunteer[0-9]*@demo.test' AND id NOT IN (SELECT volunteer_id FROM offer) "
        "ORDER BY id DESC LIMIT 1")
    first = new_context("organizer").new_page()
    first.goto(f"/people/volunteers/{volunteer_id}")
    first.check("#interview_done")
    first.fill("#references", "Recommandé·e par la Cimade de Lyon")
    first.select_option("#decision", "approved")
    first.click("main form:not([action]) button[type=submit]")
    assert first.locator(".flash-error").count() == 0, first.locator("main").inner_text()
    second = new_context().new_page()
    log_in(second, server, "organizer2@demo.test")
    (approval,) = server.one("SELECT id FROM approval WHERE kind = 'approve_volunteer' AND "
                             "target_id = ? AND confirmed_at IS NULL", volunteer_id)
    second.goto(f"/people/approvals/{approval}")
    second.click(f"form[action$='/people/approvals/{approval}/confirm'] button[type=submit]")
    assert server.one("SELECT status FROM account WHERE id = ?", volunteer_id) == ("active",)

    page = new_context(viewport=PHONE, locale="ru-RU").new_page()
    log_in(page, server, email)
    page.goto("/")
    set_language(page, "ru")
    prompt = page.locator("section[aria-labelledby=offer-heading]")
    for kind in ("mentor", "housing", "language"):
        assert prompt.locator(f"a[href='/offers/new/{kind}']").count() == 1, kind
    step(page, "28-approved-volunteer-asked-for-an-offer")
    prompt.locator("a[href='/offers/new/housing']").click()
    assert page.url.endswith("/offers/new/housing")
    step(page, "29-approved-volunteer-offers-housing")
