"""The organizers' casework in a browser, as two organizers at 1280 px in French, Russian and
Ukrainian: a problem from report to closed case (its reporter reading the answer), a newcomer's
lead organizer set and the list filtered by it, an erasure only with a second organizer, a
volunteer confirmed on the evidence, the dashboard read; and a newcomer on a phone putting back a
procedure date removed by mistake."""
import re
from datetime import date, timedelta

import pytest

from .conftest import PHONE, SCREENSHOTS, log_in, set_language, step

SECOND = "organizer2@demo.test"



LOCALES = ("fr", "ru", "uk")
# What each language calls things the walk checks on the page.
WORDS = {
    "fr": {"note": "Appelé le mentor : on passe le voir samedi.",
           "answer": "Merci de nous l’avoir dit : nous appelons la personne demain.",
           "interview_on": "entretien le ",
           "references": "Recommandé·e par la Cimade de Lyon",
           "interview": "Entretien calme ; parle russe et français.",
           "charts": ("Jours entre la demande", "Places bénévoles par ville")},
    "ru": {"note": "Позвонили наставнику: зайдём в субботу.",
           "answer": "Спасибо, что сообщили: завтра мы позвоним этому человеку.",
           "interview_on": "собеседование ",
           "references": "Рекомендация от Cimade в Лионе",
           "interview": "Спокойное собеседование; говорит по-русски и по-французски.",
           "charts": ("Дней от заявки до принятой пары", "Места у волонтёров по городам")},
    "uk": {"note": "Зателефонували наставнику: зайдемо в суботу.",
           "answer": "Дякуємо, що повідомили: завтра ми зателефонуємо цій людині.",
           "interview_on": "співбесіда ",
           "references": "Рекомендація від Cimade у Ліоні",
           "interview": "Спокійна співбесіда; говорить українською та французькою.",
           "charts": ("Днів від заявки до прийнятої пари", "Місця у волонтерів за містами")},
}


def _organizer(new_context, server, locale, email=None):
    """A page of an organizer in `locale`: the demo's first one, or `email` logged in here."""
    page = new_context("anonymous" if email else "organizer").new_page()
    if email:
        log_in(page, server, email)
    page.goto("/")
    set_language(page, locale)
    return page


def _submit(page, action=None):
    """Press the button of the form posting to this path's end, or to the page itself."""
    form = f"main form[action$='{action}']" if action else "main form:not([action])"
    with page.expect_navigation():
        page.click(f"{form} button[type=submit]")
    assert page.locator(".flash-error").count() == 0, page.locator("main").inner_text()


@pytest.mark.parametrize("locale", LOCALES)
def test_a_problem_goes_from_report_to_closed_case(new_context, server, locale):
    mentor = new_context("mentor").new_page()
    mentor.goto("/matching/mine")
    mentor.click("main a[href^='/matching/matches/']")
    mentor.fill("#text", "La personne ne répond plus depuis une semaine.")
    _submit(mentor, "/problem")
    (case_id,) = server.one(
        "SELECT c.id FROM case_item c JOIN account a ON a.id = c.reporter_id WHERE "
        "a.email = 'mentor@demo.test' AND c.kind = 'problem' AND c.status = 'open'")

    page = _organizer(new_context, server, locale)
    page.goto("/cases/")
    step(page, f"casework-01-open-cases-{locale}")
    page.click(f"main td a[href='/cases/{case_id}']")
    _submit(page, "/take")
    page.fill("#text", WORDS[locale]["note"])
    _submit(page, "/note")
    page.fill("#answer-text", WORDS[locale]["answer"])
    _submit(page, "/answer")
    shown = page.locator("main").inner_text()
    assert WORDS[locale]["note"] in shown and WORDS[locale]["answer"] in shown
    step(page, f"casework-02-case-taken-noted-and-answered-{locale}")

    # The reporter is told only that there is an answer, and reads it on the page of the report.
    (notification_id,) = server.one(
        "SELECT n.id FROM notification n JOIN account a ON a.id = n.recipient_id WHERE "
        "a.email = 'mentor@demo.test' AND n.dedupe_key LIKE 'case-reply:%' "
        "ORDER BY n.id DESC LIMIT 1")
    mentor.goto("/notifications/")
    told = mentor.locator("main li.card", has=mentor.locator(
        f"form[action='/notifications/{notification_id}/read']"))
    assert WORDS[locale]["answer"] not in told.inner_text()
    step(mentor, f"casework-02b-reporter-told-{locale}")
    _submit(mentor, f"/notifications/{notification_id}/read")
    assert mentor.url.endswith(f"/cases/{case_id}/report")
    assert WORDS[locale]["answer"] in mentor.locator("main").inner_text()
    step(mentor, f"casework-02c-reporter-reads-the-answer-{locale}")

    page.select_option("#outcome", "resolved")
    _submit(page, "/close")
    step(page, f"casework-03-case-closed-{locale}")
    assert server.one("SELECT status, outcome FROM case_item WHERE id = ?", case_id) == (
        "closed", "resolved")


def test_an_organizer_sets_a_newcomers_lead_and_filters_the_list_by_it(new_context, server):
    (newcomer_id,) = server.one(
        "SELECT a.id FROM account a WHERE a.role = 'newcomer' AND a.status = 'active' AND "
        "a.email GLOB 'newcomer[0-9]*@demo.test' AND a.erased_at IS NULL AND a.id NOT IN "
        "(SELECT newcomer_id FROM newcomer_lead) ORDER BY a.id LIMIT 1")
    second_id, second_name = server.one(
        "SELECT id, display_name FROM account WHERE email = ?", SECOND)
    page = _organizer(new_context, server, "ru")
    page.goto(f"/people/newcomers/{newcomer_id}")
    page.select_option("#lead", str(second_id))
    _submit(page, f"/people/newcomers/{newcomer_id}/lead")
    assert f"{second_name} #{second_id}" in page.locator("main dl.facts").inner_text()
    step(page, "casework-14-lead-set-ru")

    page.goto("/people/newcomers")
    page.select_option("#lead", str(second_id))
    _submit(page, "/people/newcomers")
    # The filter is kept for the session: the address the list is at names nobody.
    assert page.url.endswith("/people/newcomers")
    rows = page.locator("main tbody tr")
    assert rows.filter(has=page.locator(f"a[href='/people/newcomers/{newcomer_id}']")).count() == 1
    for row in rows.all_inner_texts():
        assert f"{second_name} #{second_id}" in row, row
    step(page, "casework-15-newcomers-by-lead-ru")
    # The organizer's login lives on in the other walks: leave the list unfiltered.
    with page.expect_navigation():
        page.click("main form.filters button[name=clear]")
    assert page.locator("#lead").input_value() == ""


@pytest.mark.parametrize("locale", LOCALES)
def test_an_erasure_needs_a_second_organizer(new_context, server, locale):
    (newcomer_id,) = server.one(
        "SELECT id FROM account WHERE role = 'newcomer' AND status = 'active' AND email GLOB "
        "'newcomer[0-9]*@demo.test' AND erased_at IS NULL ORDER BY id DESC LIMIT 1")
    page = _organizer(new_context, server, locale)
    page.goto(f"/people/newcomers/{newcomer_id}")
    page.click(f"main a[href='/people/newcomers/{newcomer_id}/erase']")
    step(page, f"casework-04-erase-confirmation-{locale}")
    _submit(page, f"/people/newcomers/{newcomer_id}/erase")
    assert server.one("SELECT erased_at FROM account WHERE id = ?", newcomer_id) == (None,)

    second = _organizer(new_context, server, locale, SECOND)
    second.goto("/people/approvals")
    (approval_id,) = server.one("SELECT id FROM approval WHERE kind = 'erase_newcomer' AND "
                                "target_id = ?", newcomer_id)
    second.click(f"main a[href='/people/approvals/{approval_id}']")
    step(second, f"casework-05-erasure-evidence-{locale}")
    _submit(second, f"/people/approvals/{approval_id}/confirm")
    assert server.one("SELECT erased_at IS NOT NULL FROM account WHERE id = ?",
                      newcomer_id) == (1,)


@pytest.mark.parametrize("locale", LOCALES)
def test_a_volunteer_is_confirmed_on_the_evidence(new_context, server, locale):
    volunteer_id, name = server.one(
        "SELECT id, display_name FROM account WHERE role = 'mentor' AND status = 'pending' "
        "AND email GLOB 'volunteer[0-9]*@demo.test' ORDER BY id LIMIT 1")
    page = _organizer(new_context, server, locale)
    page.goto(f"/people/volunteers/{volunteer_id}")
    page.check("#interview_done")
    page.fill("#interview_on", (date.today() - timedelta(days=3)).isoformat())
    page.fill("#references", WORDS[locale]["references"])
    page.fill("#note", WORDS[locale]["interview"])
    page.select_option("#decision", "approved")
    step(page, f"casework-06-vetting-form-{locale}")
    _submit(page)

    second = _organizer(new_context, server, locale, SECOND)
    (approval_id,) = server.one("SELECT id FROM approval WHERE kind = 'approve_volunteer' AND "
                                "target_id = ? AND confirmed_at IS NULL", volunteer_id)
    second.goto(f"/people/approvals/{approval_id}")
    evidence = second.locator("main").inner_text()
    for seen in (name, WORDS[locale]["references"], WORDS[locale]["interview"],
                 WORDS[locale]["interview_on"]):
        assert seen in evidence, seen
    step(second, f"casework-07-approval-evidence-{locale}")
    _submit(second, f"/people/approvals/{approval_id}/confirm")
    assert server.one("SELECT status FROM account WHERE id = ?", volunteer_id) == ("active",)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_dashboard_shows_its_period_titles_and_axes(new_context, server, locale):
    page = _organizer(new_context, server, locale)
    page.goto("/dashboard/")
    # With no period asked the figures are of 12 weeks, and the selector says so.
    assert page.locator("#weeks").input_value() == "12"
    for title in WORDS[locale]["charts"]:
        assert page.locator("svg.chart text", has_text=title).first.is_visible(), title
    check_ins = page.locator("svg.chart").nth(2)
    ticks = [t for t in check_ins.locator("text[text-anchor=end]").all_text_contents()]
    assert len(ticks) >= 3, ticks
    weeks = [t for t in check_ins.locator("text").all_text_contents()
             if re.fullmatch(r"\d\d[./]\d\d[./]\d{4}", t)]
    # The last week is labelled, with its year, inside the chart.
    assert weeks
    box, frame = (check_ins.locator("text", has_text=weeks[0]).bounding_box(),
                  check_ins.bounding_box())
    assert box["x"] + box["width"] <= frame["x"] + frame["width"]
    step(page, f"casework-08-dashboard-{locale}")
    for n, name in ((1, "capacity"), (2, "check-ins")):
        page.locator("svg.chart").nth(n).screenshot(
            path=str(SCREENSHOTS / f"casework-08-chart-{name}-{locale}.png"))
    page.select_option("#weeks", "52")
    with page.expect_navigation():
        page.click("main form.filters button[type=submit]")
    assert page.locator("#weeks").input_value() == "52"
    step(page, f"casework-09-dashboard-52-weeks-{locale}")


def test_a_newcomer_puts_back_a_procedure_date_removed_by_mistake(new_context):
    page = new_context("newcomer", viewport=PHONE).new_page()
    page.goto("/deadlines/")
    set_language(page, "ru")
    cards = page.locator("main li.card", has=page.locator("form[action$='/delete']"))
    before = cards.count()
    heading = cards.first.locator("h3").inner_text()
    with page.expect_navigation():
        cards.first.locator("form[action$='/delete'] button").click()
    removed = page.locator("section[aria-labelledby=removed-heading]")
    assert heading in removed.inner_text() and cards.count() == before - 1
    step(page, "casework-10-procedure-date-removed-ru")
    with page.expect_navigation():
        removed.locator("form[action$='/restore'] button").first.click()
    assert page.locator("section[aria-labelledby=removed-heading]").count() == 0
    assert cards.count() == before
    assert heading in page.locator("main").inner_text()
    step(page, "casework-11-procedure-date-back-ru")


def test_a_newcomer_puts_back_a_procedure_date_cleared_by_mistake(new_context):
    page = new_context("newcomer", viewport=PHONE).new_page()
    page.goto("/procedure/")
    set_language(page, "ru")
    save = "main form[action*='/procedure/newcomer/']:not([action$='/restore']) button"
    if not page.input_value("#entered"):
        page.fill("#entered", (date.today() - timedelta(days=60)).isoformat())
        with page.expect_navigation():
            page.click(save)
    entered = page.input_value("#entered")
    page.fill("#entered", "")
    with page.expect_navigation():
        page.click(save)
    assert page.input_value("#entered") == ""
    removed = page.locator("section[aria-labelledby=removed-heading]")
    assert removed.locator(f"time[datetime='{entered}']").count() == 1
    step(page, "casework-12-procedure-form-date-cleared-ru")
    _submit(page, "/restore")
    assert page.input_value("#entered") == entered
    assert page.locator("section[aria-labelledby=removed-heading]").count() == 0
    step(page, "casework-13-procedure-form-date-back-ru")
