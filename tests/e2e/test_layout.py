"""Layout on a phone and at 200% zoom, visible focus and a working skip link."""
import pytest

from .conftest import LOCALES, PHONE, ROLES, screenshot

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
        if not focus["outline"]:
            hidden.append(f"{focus['tag']} {focus['text']!r}")
    screenshot(page, f"keyboard-focus-{role}")
    assert not hidden, f"focus not visible on {url}: {hidden}"
