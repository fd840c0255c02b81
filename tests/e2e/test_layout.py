"""Layout on a phone and at 200% zoom, visible focus and a working skip link."""
import pytest

from .conftest import LOCALES, PHONE, ROLES, assert_accessible, screenshot, set_language

# 1280 x 800 at 200% zoom leaves 640 x 400 CSS pixels: the same layout as this window.
ZOOM_200 = {"width": 640, "height": 400}
KEY_PAGES = {
    "anonymous": ["/", "/login", "/register"],
    "newcomer": ["/", "/help/", "/help/profile", "/help/new/housing", "/meetings/",
                 "/checkins/mine", "/account/"],
    "mentor": ["/", "/checkins/", "/matching/mine", "/offers/new/housing", "/meetings/new"],
    "organizer": ["/", "/dashboard/", "/matching/", "/matching/mentor/proposals",
                  "/people/newcomers", "/audit/", "/meetings/report"],
}
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
# A common phone: the header may take at most this much of its 740 px.
PHONE_740 = {"width": 375, "height": 740}
HEADER_MAX = 100
FOCUS_STYLE = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  return {tag: el.tagName, text: (el.innerText || el.name || '').slice(0, 40),
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
          inMain: document.querySelector('main').contains(el)};
}"""


@pytest.mark.parametrize("role", ROLES)
def test_no_page_scrolls_sideways_on_a_phone(crawled, role):
    """Every page of the Russian crawl, made 375 px wide, fits the width of the screen."""
    phone_locale = next(locale for locale, size in LOCALES.items() if size == PHONE)
    wide = [f"{visit.name}: {visit.overflow} px too wide"
            for visit in crawled[role, phone_locale] if visit.overflow > 0]
    assert not wide, "\n".join(wide)


@pytest.mark.parametrize("role", KEY_PAGES)
def test_key_pages_fit_at_200_percent_zoom(new_context, role):
    """Key pages reflow at 200% zoom: no horizontal scrolling of the page."""
    page = new_context(role, viewport=ZOOM_200, device_scale_factor=2).new_page()
    wide = []
    for url in KEY_PAGES[role]:
        page.goto(url)
        if page.evaluate(OVERFLOW) > 0:
            wide.append(f"{url}: {page.evaluate(OVERFLOW)} px too wide")
    screenshot(page, f"zoom-200-{role}")
    assert not wide, "\n".join(wide)


def test_skip_link_is_the_first_stop_and_moves_to_the_content(new_context):
    """Tab shows the skip link first; Enter moves the keyboard past the navigation."""
    page = new_context("newcomer", viewport=PHONE).new_page()
    page.goto("/help/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["height"] > 0, "the focused skip link is off screen"
    assert page.evaluate(FOCUS_STYLE)["outline"]
    screenshot(page, "keyboard-skip-link")
    page.keyboard.press("Enter")
    assert page.url.endswith("#content")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUS_STYLE)["inMain"], "Tab after the skip link left the content"


@pytest.mark.parametrize("role, url", [("newcomer", "/help/profile"),
                                       ("organizer", "/matching/")])
def test_focus_is_visible_on_every_stop(new_context, role, url):
    """Each of the first stops of the Tab key has a visible outline."""
    page = new_context(role, viewport=PHONE).new_page()
    page.goto(url)
    hidden = []
    for _ in range(25):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_STYLE)
        if focus["tag"] == "BODY":
            break  # past the last stop: the folded menu leaves some pages fewer than 25
        if not focus["outline"]:
            hidden.append(f"{focus['tag']} {focus['text']!r}")
    screenshot(page, f"keyboard-focus-{role}")
    assert not hidden, f"focus not visible on {url}: {hidden}"


@pytest.mark.parametrize("role", ["newcomer", "mentor", "organizer"])
def test_the_header_fits_a_phone_in_russian_and_its_menu_opens(new_context, role):
    """Brand, language, quick exit and a menu that keeps the unread counts: under 100 px."""
    page = new_context(role, viewport=PHONE_740).new_page()
    page.goto("/")
    set_language(page, "ru")
    header = page.locator("header.site-header").bounding_box()
    screenshot(page, f"header-phone-ru-{role}")
    assert header["height"] < HEADER_MAX, header
    # Each unread count of the links is on the closed menu too, in words for a screen reader.
    summary = page.locator("nav details.menu summary")
    assert summary.locator(".count").count() == page.locator("nav li a .count").count()
    for count in summary.locator(".visually-hidden").all_inner_texts():
        assert "нов" in count
    links = page.locator("nav details.menu li a")
    assert links.count() >= 5 and not links.first.is_visible()
    summary.click()
    assert all(link.is_visible() for link in links.all())
    screenshot(page, f"header-phone-ru-{role}-menu-open")
    assert_accessible(page)
    page.click("nav details.menu a[href='/conversations/']")
    assert page.url.endswith("/conversations/") and page.locator("h1").inner_text() == "Переписка"
    assert not page.locator("nav details.menu li a").first.is_visible()


def test_the_menu_and_the_language_switch_work_without_javascript(new_context):
    """No JavaScript: the menu still opens, and the language applies with its button."""
    page = new_context("newcomer", viewport=PHONE_740, java_script_enabled=False).new_page()
    page.goto("/meetings/")
    switch = page.locator("form.language button")
    assert switch.is_visible()
    page.select_option("#locale-switch", "fr")
    assert page.get_attribute("html", "lang") != "fr", "the choice applied without its button"
    switch.click()
    assert page.get_attribute("html", "lang") == "fr" and page.url.endswith("/meetings/")
    # The button takes a line of its own rather than pushing the page sideways.
    assert page.evaluate(OVERFLOW) <= 0
    page.click("nav details.menu summary")
    screenshot(page, "header-phone-no-javascript-menu-open")
    page.click("nav details.menu a[href='/help/']")
    assert page.url.endswith("/help/")
    page.select_option("#locale-switch", "ru")
    page.click("form.language button")
    assert page.get_attribute("html", "lang") == "ru"


def test_with_javascript_the_language_applies_in_one_step(new_context):
    page = new_context("mentor", viewport=PHONE_740).new_page()
    page.goto("/offers/")
    assert not page.locator("form.language button").is_visible()
    for locale in ("uk", "ru"):
        with page.expect_navigation():
            page.select_option("#locale-switch", locale)
        assert page.get_attribute("html", "lang") == locale and page.url.endswith("/offers/")


def test_a_wide_screen_shows_every_link_and_no_menu_button(new_context):
    page = new_context("organizer").new_page()
    page.goto("/")
    assert not page.locator("nav details.menu summary").is_visible()
    assert all(link.is_visible() for link in page.locator("nav details.menu li a").all())
    screenshot(page, "header-desktop-organizer")
