"""With CSRF on, as in production: every POST route refuses a request without a token."""
import re

import pyotp
import pytest
from flask import url_for

from .factories import PASSWORD, TOTP_SECRET, make_organizer


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": True}


def _post_rules(app):
    return sorted((r for r in app.url_map.iter_rules() if "POST" in r.methods),
                  key=lambda r: r.endpoint)


def _value(rule, name, default):
    """A value the route's converter accepts: the first choice of an `any(...)`, else an id."""
    converter = rule._converters[name]
    items = getattr(converter, "items", None)
    return sorted(items)[0] if items else default


def test_every_post_route_refuses_a_missing_token(app, client):
    organizer = make_organizer()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"email": organizer.email, "password": PASSWORD,
                                "csrf_token": token})
    page = client.get("/login/code").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login/code", data={"code": pyotp.TOTP(TOTP_SECRET).now(), "csrf_token": token})
    assert client.get("/people/newcomers").status_code == 200
    rules = _post_rules(app)
    assert len(rules) >= 10
    for rule in rules:
        with app.test_request_context():
            url = url_for(rule.endpoint, **{name: _value(rule, name, organizer.id)
                                            for name in rule.arguments})
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
