"""A newcomer on a phone, in Russian, builds the procedure timeline from a few dates."""
from datetime import date, timedelta

from network.procedure.timeline import Facts, compute

from .conftest import PHONE, assert_accessible, screenshot, set_language


def test_newcomer_builds_a_timeline_on_a_phone_in_russian(new_context):
    page = new_context("newcomer", viewport=PHONE).new_page()
    page.goto("/procedure/")
    set_language(page, "ru")
    today = date.today()
    entered, registered = today - timedelta(days=40), today - timedelta(days=10)
    page.fill("#entered", entered.isoformat())
    page.fill("#registered", registered.isoformat())
    page.select_option("#procedure", "normal")
    screenshot(page, "procedure-01-dates")
    page.click("main form[method=post] button[type=submit]")
    assert page.locator(".flash-success").count() == 1, page.locator("main").inner_text()
    expected = next(e for e in compute(Facts(entered=entered, registered=registered,
                                             procedure="normal"), today)
                    if e.rule == "ofpra_file")
    deadline = page.locator("#timeline li[data-rule=ofpra_file]")
    assert deadline.get_attribute("data-date") == expected.date.isoformat()
    assert "OFPRA" in deadline.inner_text()
    screenshot(page, "procedure-02-timeline")
    assert_accessible(page)
    page.click("#timeline li[data-rule=ofpra_file] a")
    assert "115" in page.locator("main").inner_text()
    screenshot(page, "procedure-03-step")
    assert_accessible(page)
