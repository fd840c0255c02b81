"""A newcomer and their mentor write to each other on phones, in Russian; nobody else reads it;
the app installs (manifest and service worker) and the header fits a phone."""
import pytest

from .conftest import PHONE, assert_accessible, log_in, screenshot, set_language


def _conversation_path(server):
    (conversation_id,) = server.one(
        "SELECT c.id FROM conversation c JOIN account n ON n.id = c.newcomer_id "
        "JOIN account v ON v.id = c.volunteer_id "
        "WHERE n.email = 'newcomer@demo.test' AND v.email = 'mentor@demo.test'")
    return f"/conversations/{conversation_id}"


def test_a_newcomer_and_their_mentor_exchange_messages_and_nobody_else_reads_them(
        new_context, server):
    path = _conversation_path(server)
    newcomer = new_context("newcomer", viewport=PHONE).new_page()
    newcomer.goto("/")
    set_language(newcomer, "ru")
    newcomer.click("nav a[href='/conversations/']")
    screenshot(newcomer, "c01-newcomer-conversations")
    assert_accessible(newcomer)
    newcomer.click(f"main a[href='{path}']")
    newcomer.fill("textarea[name=body]", "Добрый вечер! Можно завтра созвониться?")
    newcomer.click("main form button[type=submit]")
    assert newcomer.locator("ol.messages li").last.inner_text().count("Можно завтра созвониться?")
    screenshot(newcomer, "c02-newcomer-wrote")
    assert_accessible(newcomer)

    mentor = new_context("mentor", viewport=PHONE).new_page()
    mentor.goto("/")
    set_language(mentor, "ru")
    assert mentor.locator("nav a[href='/conversations/'] .count").count() == 1
    mentor.goto(path)
    assert "Можно завтра созвониться?" in mentor.locator("ol.messages").inner_text()
    mentor.fill("textarea[name=body]", "Да, конечно. Позвоню в 18:00.")
    mentor.click("main form button[type=submit]")
    screenshot(mentor, "c03-mentor-answered")
    assert_accessible(mentor)

    newcomer.goto(path)
    assert "Позвоню в 18:00." in newcomer.locator("ol.messages li").last.inner_text()
    screenshot(newcomer, "c04-newcomer-reads-answer")

    (other,) = server.one("SELECT email FROM account WHERE role = 'mentor' AND status = 'active' "
                          "AND email != 'mentor@demo.test' ORDER BY id LIMIT 1")
    stranger = new_context(viewport=PHONE).new_page()
    log_in(stranger, server, other)
    assert stranger.goto(server.url + path).status == 404
    assert "18:00" not in stranger.content()
    organizer = new_context("organizer").new_page()
    # Alone, without a second organizer's confirmation, an organizer reads nothing.
    assert organizer.goto(path).status == 404
    screenshot(organizer, "c05-organizer-alone-404")


def test_the_app_installs_with_its_service_worker_and_the_header_fits_a_phone(new_context):
    context = new_context("newcomer", viewport=PHONE)
    page = context.new_page()
    page.goto("/")
    set_language(page, "ru")
    assert page.get_attribute("link[rel=manifest]", "href") == "/manifest.webmanifest"
    scope = page.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)")
    assert scope.endswith("/")
    cdp = context.new_cdp_session(page)
    page.reload()
    page.evaluate("navigator.serviceWorker.ready")
    found = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    errors = [e["errorId"] for e in found]
    # A Playwright context is a private window, where Chromium installs nothing: the one reason
    # allowed; a missing manifest field, icon or service worker would be listed beside it.
    assert set(errors) <= {"in-incognito"}, errors
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] <= 110, header
    screenshot(page, "c06-phone-header-ru")


@pytest.mark.parametrize("javascript", [True, False])
def test_quick_exit_leaves_for_the_neutral_site_in_one_tap_and_logs_out(new_context, server,
                                                                       javascript):
    context = new_context(viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    log_in(page, server, "newcomer@demo.test")
    left = []
    # The neutral site is not reached from this closed network: record the visit, answer it here.
    context.route("https://meteofrance.com/**", lambda route: (
        left.append(route.request.url), route.fulfill(status=200, body="meteo")))
    page.click("form.quick-exit button")
    page.wait_for_url("https://meteofrance.com/**")
    assert left and page.url.startswith("https://meteofrance.com/")
    check = context.new_page()
    check.goto(server.url + "/conversations/")
    assert check.url.split("?")[0].endswith("/login")
