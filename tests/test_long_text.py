"""Text is never cut: no page asks the browser to cut it at `maxlength`, and the server refuses
a text too long for its column with the text kept in the field."""
import importlib
import pkgutil
import re

import pytest
from wtforms import HiddenField, StringField
from wtforms.validators import Length

import network
from network.forms import Form, PlaceField
from network.models import HelpRequest, Match, User

from .factories import make_match
from .routekit import RULES, VISITORS, url_of


@pytest.mark.parametrize("visitor", VISITORS)
def test_no_page_asks_the_browser_to_cut_text(app, client, auth, world, visitor):
    people = world[0]
    if visitor != "anonymous":
        auth.login(people[visitor])
    pages = 0
    for endpoint, (method, expected) in sorted(RULES.items()):
        if method != "GET" or expected.get(visitor, 403) != 200:
            continue
        response = client.get(url_of(app, endpoint, world))
        if response.status_code == 200 and response.mimetype == "text/html":
            pages += 1
            assert "maxlength" not in response.get_data(as_text=True), endpoint
    assert pages > 3


def test_a_form_with_length_limits_renders_them_on_no_input(client):
    page = client.get("/register").get_data(as_text=True)
    assert 'name="notes"' in page and 'name="display_name"' in page
    assert "maxlength" not in page


def test_a_too_long_note_is_refused_and_kept_whole(client, auth, newcomer):
    auth.login(newcomer)
    note = "Мне нужна помощь с документами. " * 40
    response = client.post("/help/new/mentor", data={"note": note},
                           headers={"Accept-Language": "ru"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "не должно содержать более 1000 символов" in page
    assert f"Сейчас: {len(note)} символов." in page
    assert note.strip() in page.replace("&#39;", "'")
    assert HelpRequest.select().count() == 0


def test_a_too_long_decline_reason_is_refused_and_kept_whole(client, auth, mentor, newcomer):
    match = make_match(mentor, newcomer, status="proposed")
    auth.login(mentor)
    reason = "Je ne peux pas cette semaine. " * 20
    response = client.post(f"/matching/matches/{match.id}/respond",
                           data={"decision": "decline", "reason": reason},
                           headers={"Accept-Language": "fr"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert re.search(r"ne peut pas contenir plus de 500\s+caractères", page)
    assert f"Le texte compte maintenant {len(reason)} caractères." in page
    assert reason.strip() in page.replace("&#39;", "'")
    assert Match.get_by_id(match.id).status == "proposed"


def _forms():
    for module in pkgutil.walk_packages(network.__path__, "network."):
        if ".migrations" not in module.name:
            importlib.import_module(module.name)
    found, todo = set(), [Form]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.add(sub)
            todo.append(sub)
    return found


def test_every_text_field_has_a_server_side_limit_within_its_column(app):
    columns = {"display_name": User.display_name.max_length, "email": User.email.max_length}
    for form in _forms():
        for name, unbound in vars(form).items():
            if not hasattr(unbound, "field_class") or not issubclass(unbound.field_class,
                                                                     StringField):
                continue
            if issubclass(unbound.field_class, (PlaceField, HiddenField)):
                continue  # a commune's official name or a code, never the text typed
            limits = [v.max for v in unbound.kwargs.get("validators", ())
                      if isinstance(v, Length) and v.max != -1]
            assert limits, f"{form.__name__}.{name} has no length limit"
            assert min(limits) <= columns.get(name, min(limits)), f"{form.__name__}.{name}"
