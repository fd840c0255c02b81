"""Long text is refused, never cut: typed or pasted past the limit it stays whole in the field,
with the error beside it; and a volunteer's contact is a channel with a handle it accepts."""
from .conftest import DESKTOP, PHONE, set_language, step

NOTE = "Мне нужна помощь с французским, чтобы говорить в префектуре и у врача. " * 20


def test_a_newcomer_pastes_and_types_too_long_a_note_and_keeps_it_whole(new_context):
    page = new_context("newcomer", viewport=PHONE).new_page()
    page.goto("/help/new/language")
    set_language(page, "ru")
    note = page.locator("#note")
    assert note.get_attribute("maxlength") is None
    # Pasted, then a few more words typed at the end: nothing the browser cuts.
    note.fill(NOTE[:-12])
    note.press("End")
    note.press_sequentially(NOTE[-12:])
    assert note.input_value() == NOTE
    step(page, "long-text-01-newcomer-note-too-long")
    page.click("main form button[type=submit]")
    error = page.locator("#note-error")
    assert "не должно содержать более 1000 символов" in error.inner_text()
    assert f"Сейчас: {len(NOTE)} символов." in error.inner_text()
    assert page.locator("#note").input_value() == NOTE
    assert page.locator("#note").get_attribute("aria-invalid") == "true"
    step(page, "long-text-02-newcomer-sees-error-text-kept")


def test_a_volunteer_gives_a_contact_its_channel_accepts(new_context):
    page = new_context("mentor", viewport=DESKTOP).new_page()
    page.goto("/offers/profile")
    set_language(page, "fr")
    page.select_option("#contact_channel", "phone")
    page.fill("#contact", "demander au groupe du samedi")
    page.click("main form button[type=submit]")
    assert "Indiquez un numéro de téléphone" in page.locator("#contact-error").inner_text()
    assert page.locator("#contact").input_value() == "demander au groupe du samedi"
    step(page, "long-text-03-volunteer-contact-refused")
    page.select_option("#contact_channel", "signal")
    page.fill("#contact", "+33 6 12 00 00 02")
    page.click("main form button[type=submit]")
    assert page.locator(".flash-success").count() == 1
    step(page, "long-text-04-volunteer-contact-saved")
