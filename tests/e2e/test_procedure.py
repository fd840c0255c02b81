"""A newcomer on a phone, in Russian, builds the procedure timeline from a few dates, corrects one
and sees the deadlines computed again; their mentor reads the same timeline; the newcomer records
every step's date and the organizers see an attestation about to expire; the CNDA appeal deadline
is one date on both of the newcomer's pages and on the organizers' dashboard, and legal aid stops
it on all three."""
from datetime import date, timedelta

from network.procedure.facts import FILE_FIELDS, TYPED_AS
from network.procedure.timeline import Facts, appeal_deadline, compute, working_day

from .conftest import PHONE, assert_accessible, screenshot, set_language, step

NEWCOMER = "newcomer@demo.test"


def _typed(server):
    """The interview and decision the demo typed as procedure dates, which the timeline reads."""
    found = {}
    for field, kind in TYPED_AS.items():
        row = server.one("SELECT MAX(d.date) FROM deadline d JOIN account a "
                         "ON a.id = d.newcomer_id WHERE a.email = ? AND d.kind = ?",
                         NEWCOMER, kind)
        if row and row[0]:
            found[field] = date.fromisoformat(row[0][:10])
    return found


def _expected(page, server, today):
    """The date of each computed deadline, as the app's own code gives it from the form's dates."""
    values = {field: page.input_value(f"#{field}") or None for field in FILE_FIELDS}
    facts = Facts(**{field: value if field == "procedure" or value is None
                     else date.fromisoformat(value) for field, value in values.items()},
                  **_typed(server))
    return {e.rule: e.date.isoformat() for e in compute(facts, today) if e.rule and e.date}


def _shown(page):
    """The date of each deadline the timeline shows."""
    items = page.locator("#timeline li[data-rule]:not([data-rule=''])")
    return {items.nth(i).get_attribute("data-rule"): items.nth(i).get_attribute("data-date")
            for i in range(items.count())}


def _save(page):
    page.click("main form[action*='/procedure/newcomer/']:not([action$='/restore']) "
               "button[type=submit]")
    assert page.locator(".flash-success").count() == 1, page.locator("main").inner_text()


def _record(page, entered, registered):
    page.fill("#entered", entered.isoformat())
    page.fill("#registered", registered.isoformat())
    page.select_option("#procedure", "normal")
    _save(page)


def test_newcomer_builds_and_corrects_a_timeline_the_mentor_reads(new_context, server):
    page = new_context("newcomer", viewport=PHONE).new_page()
    page.goto("/")
    set_language(page, "ru")
    screenshot(page, "procedure-00-home")
    page.click("#procedure-heading ~ p a")
    assert page.url.endswith("/procedure/")
    today = date.today()
    entered, registered = today - timedelta(days=40), today - timedelta(days=10)
    _record(page, entered, registered)
    first = _expected(page, server, today)
    assert _shown(page) == first
    ofpra = page.locator("#timeline li[data-rule=ofpra_file]")
    assert "21 день" in ofpra.inner_text() and "R.531-2" in ofpra.inner_text()
    # The demo's OFPRA decision, typed as a procedure date, shows the file was sent.
    assert ofpra.get_attribute("data-state") == "passed"
    assert ofpra.locator("small[lang=fr]").count() == 1
    screenshot(page, "procedure-01-timeline")
    assert_accessible(page)

    # The registration was three days earlier than typed: every deadline from it moves.
    corrected = registered - timedelta(days=3)
    _record(page, entered, corrected)
    second = _expected(page, server, today)
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


def test_newcomer_records_every_step_and_the_organizer_sees_the_attestation_expire(new_context,
                                                                                   server):
    page = new_context("newcomer", viewport=PHONE).new_page()
    page.goto("/procedure/")
    set_language(page, "ru")
    today = date.today()
    expires = today + timedelta(days=5)
    dates = {"entered": today - timedelta(days=60), "spada": today - timedelta(days=50),
             "registered": today - timedelta(days=45), "ofii_offer": today - timedelta(days=45),
             "domiciliation": today - timedelta(days=40), "attestation_expires": expires}
    for field, day in dates.items():
        page.fill(f"#{field}", day.isoformat())
    assert "SPADA" in page.locator("label[for=spada]").inner_text()
    _save(page)
    assert _shown(page) == _expected(page, server, today)
    renewal = page.locator("#timeline li[data-rule=attestation_renewal]")
    assert renewal.get_attribute("data-date") == working_day(expires, "previous").isoformat()
    for field in ("spada", "ofii_offer", "domiciliation"):
        recorded = page.locator(f"#timeline li[data-step][data-state=done] "
                                f"time[datetime='{dates[field].isoformat()}']")
        assert recorded.count() >= 1, field
    assert "платформе первичного приёма (SPADA)" in page.locator("#timeline").inner_text()
    # The interview and decision are typed once, on the procedure dates.
    assert page.locator("#interview, #decision_notified").count() == 0
    assert page.locator("#typed-elsewhere a[href='/deadlines/']").count() == 1
    step(page, "procedure-05-every-step-ru")

    organizer = new_context("organizer").new_page()
    organizer.goto("/dashboard/")
    card = organizer.locator("section[aria-labelledby=attestation-heading]")
    assert "Алексей" in card.inner_text(), card.inner_text()
    card.locator("a", has_text="Алексей").click()
    assert organizer.locator("#timeline li[data-rule=attestation_renewal]").count() == 1
    organizer.goto("/dashboard/")
    step(organizer, "procedure-06-dashboard-attestation")
    organizer.goto("/procedure/all")
    first = organizer.locator("tbody tr").first
    assert "Алексей" in first.inner_text()
    assert first.get_attribute("data-rule") == "attestation_renewal"
    with organizer.expect_navigation():
        organizer.click("nav a[href='/procedure/all?sort=name']")
    assert organizer.url.endswith("/procedure/all?sort=name")
    assert organizer.locator("strong[aria-current=true]").count() == 1
    step(organizer, "procedure-07-overview-by-name")


def _appeal(page):
    """(date, state) of the CNDA appeal deadline on the procedure dates page and the timeline."""
    page.goto("/deadlines/")
    card = page.locator("#cnda-appeal")
    shown = (card.get_attribute("data-date"), card.get_attribute("data-state"))
    page.goto("/procedure/")
    item = page.locator("#timeline li[data-rule=cnda_appeal]")
    assert (item.get_attribute("data-date"), item.get_attribute("data-state")) == shown
    page.goto("/deadlines/")
    return shown


def _on_cnda_card(organizer, newcomer_id):
    organizer.goto("/dashboard/")
    card = organizer.locator("section[aria-labelledby=cnda-heading]")
    return card.locator(f"a[href='/procedure/newcomer/{newcomer_id}']").count()


def test_the_appeal_deadline_is_one_date_everywhere_legal_aid_stops_it_lodging_meets_it(
        new_context, server):
    newcomer_id = server.one("SELECT id FROM account WHERE email = ?", NEWCOMER)[0]
    decision = server.one("SELECT MAX(id) FROM deadline WHERE newcomer_id = ? AND kind = ?",
                          newcomer_id, "ofpra_decision")[0]
    page = new_context("newcomer", viewport=PHONE).new_page()
    page.goto(f"/deadlines/{decision}/edit")
    set_language(page, "ru")
    # Received 29 days ago: its month, counted franc and moved off a weekend, ends this week.
    decided = date.today() - timedelta(days=29)
    appeal = appeal_deadline(decided)
    assert 0 <= (appeal - date.today()).days <= 7
    page.fill("#date", decided.isoformat())
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert _appeal(page) == (appeal.isoformat(), "open")
    assert "CNDA" in page.locator("#cnda-appeal").inner_text()
    step(page, "procedure-08-appeal-ru")

    organizer = new_context("organizer").new_page()
    assert _on_cnda_card(organizer, newcomer_id) == 1
    step(organizer, "procedure-09-dashboard-cnda")

    page.locator("#cnda-appeal a[href$='#dates-heading']").click()
    page.fill("#legal_aid_requested", (decided + timedelta(days=10)).isoformat())
    _save(page)
    assert _appeal(page) == ("", "suspended")
    step(page, "procedure-10-appeal-suspended-ru")
    assert _on_cnda_card(organizer, newcomer_id) == 0

    # The appeal is lodged: written on the procedure page, it is met on both pages.
    page.goto("/procedure/")
    page.fill("#cnda_appealed", date.today().isoformat())
    _save(page)
    assert _appeal(page) == ("", "met")
    step(page, "procedure-11-appeal-lodged-ru")
