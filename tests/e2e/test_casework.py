"""The organizers' casework in a browser, as two organizers at 1280 px in French: a problem from
report to closed case, an erasure only with a second organizer, a volunteer confirmed on the
evidence."""
from .conftest import assert_accessible, log_in, screenshot, set_language

SECOND = "organizer2@demo.test"


def step(page, name):
    """Every step is kept as a picture and must stay accessible in the state it left."""
    screenshot(page, name)
    assert_accessible(page)


def _organizer(new_context, server, email=None):
    """A French page of an organizer: the demo's first one, or `email` logged in here."""
    page = new_context("anonymous" if email else "organizer").new_page()
    if email:
        log_in(page, server, email)
    page.goto("/")
    set_language(page, "fr")
    return page


def _submit(page, action=None):
    """Press the button of the form posting to this path's end, or to the page itself."""
    form = f"main form[action$='{action}']" if action else "main form:not([action])"
    with page.expect_navigation():
        page.click(f"{form} button[type=submit]")
    assert page.locator(".flash-error").count() == 0, page.locator("main").inner_text()


def test_a_problem_goes_from_report_to_closed_case(new_context, server):
    mentor = new_context("mentor").new_page()
    mentor.goto("/matching/mine")
    mentor.click("main a[href^='/matching/matches/']")
    mentor.fill("#text", "La personne ne répond plus depuis une semaine.")
    _submit(mentor, "/problem")

    page = _organizer(new_context, server)
    page.goto("/cases/")
    step(page, "casework-01-open-cases")
    page.click("main td a[href^='/cases/']")
    _submit(page, "/take")
    page.fill("#text", "Appelé le mentor : on passe le voir samedi.")
    _submit(page, "/note")
    _submit(page, "/answer")
    assert "Appelé le mentor" in page.locator("main").inner_text()
    step(page, "casework-02-case-taken-and-noted")
    page.select_option("#outcome", "resolved")
    _submit(page, "/close")
    step(page, "casework-03-case-closed")
    case = server.one("SELECT status, outcome FROM case_item ORDER BY closed_at DESC LIMIT 1")
    assert case == ("closed", "resolved")


def test_an_erasure_needs_a_second_organizer(new_context, server):
    (newcomer_id,) = server.one(
        "SELECT id FROM account WHERE role = 'newcomer' AND status = 'active' AND email GLOB "
        "'newcomer[0-9]*@demo.test' AND erased_at IS NULL ORDER BY id DESC LIMIT 1")
    page = _organizer(new_context, server)
    page.goto(f"/people/newcomers/{newcomer_id}")
    page.click(f"main a[href='/people/newcomers/{newcomer_id}/erase']")
    step(page, "casework-04-erase-confirmation")
    _submit(page, f"/people/newcomers/{newcomer_id}/erase")
    assert server.one("SELECT erased_at FROM account WHERE id = ?", newcomer_id) == (None,)

    second = _organizer(new_context, server, SECOND)
    second.goto("/people/approvals")
    (approval_id,) = server.one("SELECT id FROM approval WHERE kind = 'erase_newcomer' AND "
                                "target_id = ?", newcomer_id)
    second.click(f"main a[href='/people/approvals/{approval_id}']")
    step(second, "casework-05-erasure-evidence")
    _submit(second, f"/people/approvals/{approval_id}/confirm")
    assert server.one("SELECT erased_at IS NOT NULL FROM account WHERE id = ?",
                      newcomer_id) == (1,)


def test_a_volunteer_is_confirmed_on_the_evidence(new_context, server):
    volunteer_id, name = server.one(
        "SELECT id, display_name FROM account WHERE role = 'mentor' AND status = 'pending' "
        "AND email GLOB 'volunteer[0-9]*@demo.test' ORDER BY id LIMIT 1")
    page = _organizer(new_context, server)
    page.goto(f"/people/volunteers/{volunteer_id}")
    page.check("#interview_done")
    page.fill("#references", "Recommandé·e par la Cimade de Lyon")
    page.fill("#note", "Entretien calme ; parle russe et français.")
    page.select_option("#decision", "approved")
    step(page, "casework-06-vetting-form")
    _submit(page)

    second = _organizer(new_context, server, SECOND)
    (approval_id,) = server.one("SELECT id FROM approval WHERE kind = 'approve_volunteer' AND "
                                "target_id = ? AND confirmed_at IS NULL", volunteer_id)
    second.goto(f"/people/approvals/{approval_id}")
    evidence = second.locator("main").inner_text()
    for seen in (name, "Recommandé·e par la Cimade de Lyon", "parle russe et français"):
        assert seen in evidence, seen
    step(second, "casework-07-approval-evidence")
    _submit(second, f"/people/approvals/{approval_id}/confirm")
    assert server.one("SELECT status FROM account WHERE id = ?", volunteer_id) == ("active",)
