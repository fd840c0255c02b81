"""A newcomer on a phone, in Russian, adds a document a step asks for and sees it ticked."""
from .conftest import PHONE, set_language, step

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EVIDENCE = "Доказательства мобилизации и дезертирства"


def _line(page, words):
    return page.locator("main ul.checklist li", has_text=words).first


def test_newcomer_uploads_what_a_step_asks_for_and_sees_it_ticked(new_context):
    page = new_context("newcomer", viewport=PHONE).new_page()
    page.goto("/procedure/")
    set_language(page, "ru")
    page.click("main a[href='/procedure/steps/spada']")
    page.click("nav a[href='/procedure/steps/ofpra_interview']")
    assert "OFPRA" in page.locator("h1").inner_text()
    line = _line(page, EVIDENCE)
    assert "missing" in line.get_attribute("class") and "нет в папке" in line.inner_text()
    step(page, "d01-step-asks-for-evidence")

    line.locator("a").click()
    assert page.locator("#step").input_value() == "ofpra_interview"
    assert page.locator("#kind").input_value() == "evidence"
    page.set_input_files("#file", files=[{"name": "повестка.png", "mimeType": "image/png",
                                          "buffer": PNG}])
    step(page, "d02-folder-upload-chosen")
    page.click("section[aria-labelledby=upload-heading] button[type=submit]")
    assert "Документ сохранён в зашифрованном виде." in page.locator(".flashes").inner_text()
    assert page.locator("#documents").get_by_text("повестка.png").count() == 1
    page.click("#step-ofpra_interview summary")
    assert "held" in _line(page, EVIDENCE).get_attribute("class")
    step(page, "d03-folder-ticked")

    page.click("#step-ofpra_interview a[href='/procedure/steps/ofpra_interview']")
    line = _line(page, EVIDENCE)
    assert "held" in line.get_attribute("class") and "есть в папке" in line.inner_text()
    # The other documents the interview asks for are still missing.
    assert _line(page, "Вызов (convocation)").get_attribute("class") == "missing"
    step(page, "d04-step-evidence-ticked")
