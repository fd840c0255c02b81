"""With CSRF on, as in production: every POST route refuses a request without a token."""
import re

import pytest

from .factories import PASSWORD, make_organizer


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": True}


def _post_rules(app):
    return sorted((r for r in app.url_map.iter_rules() if "POST" in r.methods),
                  key=lambda r: r.endpoint)


def test_every_post_route_refuses_a_missing_token(app, client):
    organizer = make_organizer()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    logged_in = client.post("/login", data={"email": organizer.email, "password": PASSWORD,
                                            "csrf_token": token})
    assert logged_in.status_code == 302
    rules = _post_rules(app)
    assert len(rules) >= 10
    for rule in rules:
        url = rule.rule
        for argument in rule.arguments:
            url = re.sub(rf"<(?:\w+:)?{argument}>", str(organizer.id), url)
        response = client.post(url, data={"email": organizer.email, "password": PASSWORD})
        assert response.status_code == 400, rule.endpoint


def test_login_without_token_is_refused_and_with_token_works(app, client):
    organizer = make_organizer()
    response = client.post("/login", data={"email": organizer.email, "password": PASSWORD})
    assert response.status_code == 400
    page = client.get("/login").get_data(as_text=True)
    assert 'name="email"' in page and 'name="password"' in page
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"email": organizer.email, "password": PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302


def test_a_token_from_another_session_is_refused(app):
    organizer = make_organizer()
    attacker = app.test_client()
    page = attacker.get("/login").get_data(as_text=True)
    stolen = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    victim = app.test_client()
    response = victim.post("/login", data={"email": organizer.email, "password": PASSWORD,
                                           "csrf_token": stolen})
    assert response.status_code == 400
