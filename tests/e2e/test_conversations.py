"""A newcomer and their mentor write to each other on phones, in Russian; the mentor's phone is
told, with nothing personal; nobody else reads it; the app installs (manifest, service worker)."""
import json

import pytest

from ..pushkit import b64, browser_keys, decrypt, push_service
from .conftest import PHONE, assert_accessible, log_in, screenshot, set_language

# Chromium's push service is Google's, which this closed network refuses: the browser's own
# subscribe() answers with a device on loopback, and records the server key the page asked
# with. The button, passage.js, the server's encryption, its VAPID signature and the delivery
# are the real ones.
FAKE_PUSH_SERVICE = """
(device) => {
  // The browser keeps a subscription from page to page, as a real one does.
  const made = () => ({toJSON: () => device, unsubscribe: () => {
    localStorage.removeItem("fake-push");
    return Promise.resolve(true);
  }});
  PushManager.prototype.getSubscription = () =>
    Promise.resolve(localStorage.getItem("fake-push") ? made() : null);
  PushManager.prototype.subscribe = (options) => {
    window.pushServerKey = Array.from(new Uint8Array(options.applicationServerKey));
    localStorage.setItem("fake-push", "1");
    return Promise.resolve(made());
  };
}
"""


def _conversation_path(server):
    (conversation_id,) = server.one(
        "SELECT c.id FROM conversation c JOIN account n ON n.id = c.newcomer_id "
        "JOIN account v ON v.id = c.volunteer_id "
        "WHERE n.email = 'newcomer@demo.test' AND v.email = 'mentor@demo.test'")
    return f"/conversations/{conversation_id}"


def _devices(server):
    return server.one("SELECT COUNT(*) FROM push_subscription s JOIN account a "
                      "ON a.id = s.user_id WHERE a.email = 'mentor@demo.test'")[0]


def _turn_on_push(context, endpoint, public, secret):
    """The mentor turns notifications on for this phone, on the conversations page."""
    device = {"endpoint": endpoint, "keys": {"p256dh": b64(public), "auth": b64(secret)}}
    context.add_init_script(script=f"({FAKE_PUSH_SERVICE})({json.dumps(device)})")
    page = context.new_page()
    page.goto("/conversations/")
    set_language(page, "ru")
    page.click("#push-on")
    page.wait_for_function("document.getElementById('push-status').textContent.includes("
                           "'включены')")
    screenshot(page, "c00-mentor-turns-on-notifications")
    assert_accessible(page)
    return page


def test_a_newcomer_and_their_mentor_exchange_messages_and_nobody_else_reads_them(
        new_context, server):
    path = _conversation_path(server)
    key, public, secret = browser_keys()
    with push_service() as (delivered, endpoint):
        mentor = _turn_on_push(new_context("mentor", viewport=PHONE), endpoint, public, secret)
        server_key = bytes(mentor.evaluate("window.pushServerKey"))
        assert b64(server_key) == mentor.get_attribute("#push-device", "data-key")
        assert _devices(server) == 1

        newcomer = new_context("newcomer", viewport=PHONE).new_page()
        newcomer.goto("/")
        set_language(newcomer, "ru")
        newcomer.click("nav details.menu summary")
        newcomer.click("nav a[href='/conversations/']")
        screenshot(newcomer, "c01-newcomer-conversations")
        assert_accessible(newcomer)
        newcomer.click(f"main a[href='{path}']")
        newcomer.fill("textarea[name=body]", "Добрый вечер! Можно завтра созвониться?")
        newcomer.click("main form button[type=submit]")
        assert "Можно завтра созвониться?" in newcomer.locator("ol.messages li").last.inner_text()
        screenshot(newcomer, "c02-newcomer-wrote")
        assert_accessible(newcomer)

        # The mentor's phone was told, encrypted for it alone, and told nothing personal.
        ((headers, body),) = delivered.received
        assert headers["content-encoding"] == "aes128gcm"
        assert headers["authorization"].startswith("vapid ")
        told = decrypt(body, key, secret)
        assert told == {"title": "Passage", "body": "Новое сообщение в Passage.",
                        "url": "/conversations/"}
        (name, city) = server.one("SELECT a.display_name, p.city FROM account a JOIN "
                                  "newcomer_profile p ON p.user_id = a.id "
                                  "WHERE a.email = 'newcomer@demo.test'")
        for private in ("созвониться", name, city, path):
            assert private not in json.dumps(told, ensure_ascii=False)
            assert private.encode() not in body

        mentor.goto("/")
        assert mentor.locator("nav details.menu summary .count").first.is_visible()
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

        # The mentor turns this phone off again: the server forgets the device.
        mentor.goto("/conversations/")
        mentor.click("#push-off")
        mentor.wait_for_function("document.getElementById('push-status').textContent"
                                 ".includes('выключены')")
        assert _devices(server) == 0

    (other,) = server.one("SELECT email FROM account WHERE role = 'mentor' AND status = 'active' "
                          "AND email != 'mentor@demo.test' ORDER BY id LIMIT 1")
    stranger = new_context(viewport=PHONE).new_page()
    log_in(stranger, server, other)
    assert stranger.goto(server.url + path).status == 404
    assert "18:00" not in stranger.content()
    organizer = new_context("organizer").new_page()
    # Alone, without a second organizer's confirmation, an organizer reads nothing.
    assert organizer.goto(path).status == 404
    assert "18:00" not in organizer.content()
    screenshot(organizer, "c05-organizer-alone-404")


def test_the_app_installs_with_its_service_worker(new_context):
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
    screenshot(page, "c06-phone-home-ru")


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


# Every response the phone's CacheStorage holds, as (path, text), whichever worker put it there.
CACHED = """
async () => {
  const found = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      found.push([new URL(request.url).pathname, await response.text()]);
    }
  }
  return found;
}
"""


def test_after_reading_a_conversation_and_logging_out_the_phone_keeps_nothing_personal(
        new_context, server):
    path = _conversation_path(server)
    context = new_context(viewport=PHONE)
    page = context.new_page()
    log_in(page, server, "newcomer@demo.test")
    set_language(page, "ru")
    # The worker installs while someone is logged in (an app added after logging in).
    page.evaluate("""async () => {
      for (const r of await navigator.serviceWorker.getRegistrations()) { await r.unregister(); }
      for (const name of await caches.keys()) { await caches.delete(name); }
    }""")
    page.goto(path)
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()  # now under the service worker's control
    assert page.evaluate("Boolean(navigator.serviceWorker.controller)")
    written = [text.strip() for text in page.locator("ol.messages li p.body").all_inner_texts()]
    (name,) = server.one("SELECT display_name FROM account WHERE email = 'newcomer@demo.test'")
    token = page.get_attribute("form.quick-exit input[name=csrf_token]", "value")
    personal = [name, token, "Выйти", *[text for text in written if len(text) > 8]]
    assert len(personal) > 3
    screenshot(page, "c07-newcomer-read-before-logout")

    def cached():
        kept = page.evaluate(CACHED)
        # Static files and the neutral offline page only; no page holds anything of the session.
        assert {p for p, _ in kept} <= {"/offline"} | {p for p, _ in kept
                                                         if p.startswith("/static/")}
        for kept_path, text in kept:
            for private in personal:
                assert private not in text, (kept_path, private)
        return kept

    assert "/offline" in {p for p, _ in cached()}
    page.click("nav details.menu summary")
    page.click("nav form[action='/logout'] button")
    page.wait_for_url("**/login**")
    cached()
    screenshot(page, "c08-newcomer-logged-out")
