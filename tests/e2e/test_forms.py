"""A form sent back with errors says which field is wrong, to eyes and to screen readers."""
import pytest

from .conftest import PHONE, assert_accessible, screenshot, set_language

FORMS = [
    ("anonymous", "/register"),
    ("anonymous", "/login"),
    ("newcomer", "/help/new/housing"),
    ("mentor", "/offers/new/housing"),
    ("newcomer", "/help/profile"),
    ("organizer", "/meetings/new"),
]
TYPED = ("input[type=text], input[type=email], input[type=password], input[type=number], "
         "input[type=date], input[type=time], textarea")
TIED = """() => [...document.querySelectorAll('[aria-invalid=true]')].map(field => {
  const ids = (field.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
  const error = ids.map(id => document.getElementById(id)).find(el => el && el.matches('.error'));
  const label = field.labels && field.labels[0];
  return {name: field.name || field.id, error: error ? error.innerText : '', labelled: !!label};
})"""


@pytest.mark.parametrize("role, url", FORMS)
def test_errors_are_tied_to_their_fields(new_context, role, url):
    """Sent empty, the form comes back with each error named by its field's aria-describedby."""
    page = new_context(role, viewport=PHONE).new_page()
    page.goto(url)
    set_language(page, "ru")
    form = page.locator("main form[method=post]", has=page.locator(TYPED)).first
    for field in form.locator(TYPED).all():
        field.fill("")
    form.locator("button[type=submit]").last.click()
    fields = page.evaluate(TIED)
    screenshot(page, f"form-errors-{role}-{url.strip('/').replace('/', '-')}")
    assert fields, f"{url}: no field marked aria-invalid after an empty submission"
    for field in fields:
        assert field["error"], f"{url}: {field['name']} is invalid but no error describes it"
        assert field["labelled"], f"{url}: {field['name']} has no label"
    assert_accessible(page)
