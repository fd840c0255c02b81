"""A newcomer on a phone, in Russian, builds the procedure timeline from a few dates, corrects one
and sees the deadlines computed again; their mentor reads the same timeline."""
from datetime import date, timedelta

from network.procedure.timeline import Facts, compute

from .conftest import PHONE, assert_accessible, screenshot, set_language


def _expected(today, **dates):
    """The date of each computed deadline, as the app's own code gives it."""
    return {e.rule: e.date.isoformat() for e in compute(Facts(procedure="normal", **dates), today)
            if e.rule and e.date}


def _shown(page):
    """The date of each deadline the timeline shows."""
    items = page.locator("#timeline li[data-rule]:not([data-rule=''])")
    return {items.nth(i).get_attribute("data-rule"): items.nth(i).get_attribute("data-date")
            for i in range(items.count())}


def _record(page, entered, registered):
    page.fill("#entered", entered.isoformat())
    page.fill("#registered", registered.isoformat())
    page.select_option("#procedure", "normal")
    page.click("main form[method=post] button[type=submit]")
    assert page.locator(".flash-success").count() == 1, page.locator("main").inner_text()


def test_newcomer_builds_and_corrects_a_timeline_the_mentor_reads(new_context):
    page = new_context("newcomer", viewport=PHONE).new_page()
    page.goto("/")
    set_language(page, "ru")
    screenshot(page, "procedure-00-home")
    page.click("#procedure-heading ~ p a")
    assert page.url.endswith("/procedure/")
    today = date.today()
    entered, registered = today - timedelta(days=40), today - timedelta(days=10)
    _record(page, entered, registered)
    first = _expected(today, entered=entered, registered=registered)
    assert _shown(page) == first
    ofpra = page.locator("#timeline li[data-rule=ofpra_file]")
    assert "21 день" in ofpra.inner_text() and "R.531-2" in ofpra.inner_text()
    assert ofpra.locator("small[lang=fr]").count() == 1
    screenshot(page, "procedure-01-timeline")
    assert_accessible(page)

    # The registration was three days earlier than typed: every deadline from it moves.
    corrected = registered - timedelta(days=3)
    _record(page, entered, corrected)
    second = _expected(today, entered=entered, registered=corrected)
    assert _shown(page) == second
    assert second["ofpra_file"] != first["ofpra_file"] and second["puma"] != first["puma"]
    screenshot(page, "procedure-02-corrected")
    assert_accessible(page)

    page.click("#timeline li[data-rule=ofpra_file] a")
    assert "115" in page.locator("main").inner_text()
    screenshot(page, "procedure-03-step")
    assert_accessible(page)

    mentor = new_context("mentor").new_page()
    mentor.goto("/")
    mentee = mentor.locator("li", has_text="Алексей").locator("a[href^='/procedure/newcomer/']")
    assert mentee.count() == 1, mentor.locator("main").inner_text()
    mentee.click()
    assert _shown(mentor) == second
    screenshot(mentor, "procedure-04-mentor")
    assert_accessible(mentor)
