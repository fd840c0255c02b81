"""Hostile input on every route, as every kind of visitor: a clear answer, never a 500."""
from datetime import timedelta
from urllib.parse import parse_qsl

import pytest
from cryptography.fernet import Fernet
from peewee import AutoField
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter, UnicodeConverter

from network import create_app
from network.bounds import ID_MAX
from network.config import ConfigError
from network.links import safe_next
from network.models import MODELS, CheckIn, Notification, utcnow

from .factories import PASSWORD, filtered
from .routekit import RULES, VISITORS, url_of

# Past SQLite's integer and PostgreSQL's int8 (and so its int4, which every id column is).
HUGE = 2**63
# Line breaks, controls and a tab inside a path; a long run of characters outside the BMP.
TEXTS = ("/\t/a\nb\r\x00\u202e", "\U0001f642x" * 2500)
# Query parameters the pages read, by kind.
INT_PARAMS = ("page", "who", "actor", "target", "weeks")
DATE_PARAMS = ("since", "until")
# Keys url_for would read itself, and a path part's name, next to the filters.
TEXT_PARAMS = ("action", "kind", "city", "language", "status", "code", "next", "_scheme",
               "_external", "user_id")
LONG_LABEL_HOST = "a" * 64 + ".example"
# They would end the visitor's session or account before the sweep is over.
ENDS_THE_VISIT = {"auth.logout", "account.logout_everywhere", "account.erase"}


@pytest.fixture
def app_config(app_config):
    """As deployed: no SERVER_NAME, so the Host a request claims is what the URL map binds to."""
    return {**app_config, "SERVER_NAME": None}


def _text_queries():
    for text in TEXTS:
        yield {name: text for name in TEXT_PARAMS}


def _queries():
    """Each kind of value in its own parameters: an invalid number must not hide a bad date."""
    long_text, line_break = reversed(TEXTS)
    yield {**dict.fromkeys(INT_PARAMS, str(HUGE)), **dict.fromkeys(TEXT_PARAMS, line_break)}
    yield {**dict.fromkeys(INT_PARAMS, str(-HUGE - 1)), **dict.fromkeys(TEXT_PARAMS, long_text)}
    yield {"since": "0001-01-01", "until": "9999-12-31", **dict.fromkeys(TEXT_PARAMS, line_break)}
    yield {"since": "9999-12-31", "until": "0001-01-01", **dict.fromkeys(TEXT_PARAMS, long_text)}


def _hostile_paths(app, endpoint, world):
    """The route's own URL with its numbers made huge, then with its words made hostile."""
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    adapter = app.url_map.bind("passage.test")
    _, values = adapter.match(url_of(app, endpoint, world), method=RULES[endpoint][0])
    numbers = [n for n, c in rule._converters.items() if isinstance(c, IntegerConverter)]
    words = [n for n, c in rule._converters.items() if type(c) is UnicodeConverter]
    if numbers:
        yield adapter.build(endpoint, {**values, **dict.fromkeys(numbers, HUGE)})
    for text in TEXTS if words else ():
        yield adapter.build(endpoint, {**values, **dict.fromkeys(words, text)})


def _sweep(app, client, world, visitor):
    """Every request of the sweep, and what it answered."""
    # The pages first: the actions after them may end a record the pages would show.
    for endpoint, (method, expected) in sorted(RULES.items(), key=lambda kv: (kv[1][0], kv[0])):
        for path in _hostile_paths(app, endpoint, world):
            yield method, path, client.open(path, method=method)
        url = url_of(app, endpoint, world)
        # Only a page that lets the visitor in goes on to read its query.
        if expected.get(visitor, 403) not in (200, 302) or endpoint in ENDS_THE_VISIT:
            continue
        for query in _queries() if method == "GET" else _text_queries():
            data = query if method == "POST" else None
            yield method, url, client.open(url, method=method, query_string=query, data=data,
                                           headers={"Range": "bytes=99999999-"})
    yield "GET", "/static/favicon.svg", client.get("/static/favicon.svg",
                                                    headers={"Range": "bytes=99999999-"})
    # Refused before any route is matched, so once is enough (no cookie can name such a host).
    yield "GET", "/", client.get("/", headers={"Host": LONG_LABEL_HOST})


@pytest.mark.parametrize("visitor", VISITORS)
def test_no_request_of_the_sweep_answers_500(app, client, auth, world, visitor):
    if visitor != "anonymous":
        auth.login(world[0][visitor])
    failures = [(method, url, response.status_code)
                for method, url, response in _sweep(app, client, world, visitor)
                if response.status_code >= 500]
    assert not failures


# Ids and page numbers

def test_the_id_bound_is_what_every_id_column_holds():
    # An int8 id column (BigAutoField) would hold ids the routes refuse: raise ID_MAX with it.
    assert all(type(model._meta.primary_key) is AutoField for model in MODELS)
    assert ID_MAX == 2**31 - 1


@pytest.mark.parametrize("number", [str(2**31), str(2**63), "9" * 5000])
def test_an_id_past_the_columns_range_is_404(client, auth, organizer, number):
    auth.login(organizer)
    assert client.get(f"/matching/matches/{number}").status_code == 404
    assert client.post(f"/notifications/{number}/read").status_code == 404


def test_the_largest_id_still_reaches_the_view(app):
    adapter = app.url_map.bind("passage.test")
    assert adapter.match(f"/matching/matches/{ID_MAX}") == ("matching.match_detail",
                                                           {"match_id": ID_MAX})
    for refused in (ID_MAX + 1, 0):
        with pytest.raises(NotFound):
            adapter.match(f"/matching/matches/{refused}")


def test_a_page_past_the_integer_range_is_an_empty_last_page(client, auth, organizer):
    Notification.create(recipient=organizer, kind="unusual_access", dedupe_key="k",
                        link="/audit/")
    auth.login(organizer)
    response = client.get(f"/notifications/?page={2**63 - 1}")
    assert response.status_code == 200
    assert 'rel="prev"' in response.get_data(as_text=True)
    for query in (f"who={2**63}", f"page={2**64}&who=-{2**63}", "who=nine"):
        assert client.get(f"/meetings/report?{query}").status_code == 200


@pytest.mark.parametrize("field", ["actor", "target"])
def test_an_audit_number_past_the_columns_range_is_refused_not_queried(client, auth,
                                                                         organizer, field):
    auth.login(organizer)
    response = filtered(client, "/audit/", **{field: 2**31})
    assert response.status_code == 200
    assert "Number must be between 1 and 2147483647" in response.get_data(as_text=True)


def test_url_for_options_in_the_query_are_not_obeyed_by_the_pager(client, auth, organizer):
    auth.login(organizer)
    response = client.get("/notifications/?page=2&_external=1&_scheme=javascript&user_id=x")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<a rel="prev" href="/notifications/?page=1&amp;user_id=x">' in page


# Dates

@pytest.mark.parametrize("query", ["since=0001-01-01", "until=9999-12-31",
                                   "since=9999-12-31&until=0001-01-01"])
def test_audit_dates_at_the_calendars_ends_are_a_form_error(client, auth, organizer, query):
    auth.login(organizer)
    response = filtered(client, "/audit/", **dict(parse_qsl(query)))
    assert response.status_code == 200
    assert "Enter a date between the years 1900 and 2999." in response.get_data(as_text=True)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "3000-01-01"])
def test_a_check_in_moved_to_the_calendars_ends_is_a_form_error(client, auth, care,
                                                                  mentor, day):
    _, checkin = care
    before = CheckIn.get_by_id(checkin.id).due_at
    auth.login(mentor)
    response = client.post(f"/checkins/{checkin.id}/move", data={"day": day, "at": "12:00"})
    assert response.status_code == 200
    assert "Enter a date between the years 1900 and 2999." in response.get_data(as_text=True)
    assert CheckIn.get_by_id(checkin.id).due_at == before


def test_a_day_inside_the_bounds_is_still_moved(client, auth, care, mentor):
    _, checkin = care
    auth.login(mentor)
    day = (utcnow() + timedelta(days=30)).date().isoformat()
    assert client.post(f"/checkins/{checkin.id}/move",
                       data={"day": day, "at": "12:00"}).status_code == 302


# next

@pytest.mark.parametrize("target", ["/a\nb", "/a\r\nSet-Cookie: x=y", "/\t/evil.example",
                                    "//evil.example", "https://evil.example/", "/\\evil.example",
                                    "/a\u2028b", "/" + "x" * 3000, "", None])
def test_safe_next_ignores_what_is_not_a_path_of_this_site(target):
    assert safe_next(target) is None


def test_safe_next_keeps_a_path_of_this_site():
    assert safe_next("/meetings/?page=2&city=Lyon") == "/meetings/?page=2&city=Lyon"


def test_a_line_break_in_next_logs_in_and_goes_home(client, newcomer):
    response = client.post("/login?next=%2Fa%0Ab",
                           data={"email": newcomer.email, "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/account/").status_code == 200


def test_a_line_break_in_the_language_forms_next_goes_home(client):
    response = client.post("/language", data={"locale": "fr", "next": "/a\nb"})
    assert response.status_code == 302 and response.headers["Location"] == "/"


# Error pages

def test_a_range_past_a_files_end_is_416(client):
    response = client.get("/static/favicon.svg", headers={"Range": "bytes=99999999-"})
    assert response.status_code == 416
    assert response.headers["Content-Range"].startswith("bytes */")


def test_every_http_error_keeps_its_status_and_headers(client):
    response = client.delete("/login")
    assert response.status_code == 405 and "POST" in response.headers["Allow"]
    assert response.mimetype == "text/html"


def test_a_host_label_too_long_for_idna_gets_the_error_page(client):
    response = client.get("/", headers={"Host": LONG_LABEL_HOST})
    assert response.status_code == 400
    assert "<title>" in response.get_data(as_text=True)


def test_the_error_page_that_fails_falls_back_to_plain_text(app, client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("template lost")

    monkeypatch.setattr("network.errors.render_template", broken)
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/plain" and "Not found" in response.get_data(as_text=True)


# Links and hosts

def _invite_link(client, auth, organizer, host):
    auth.login(organizer)
    # The session goes along to whatever host the request claims, as a browser behind it would.
    client.set_cookie("session", client.get_cookie("session").value, domain=host.split(":")[0])
    response = client.post("/invitations", data={"role": "mentor", "email": "", "label": ""},
                           headers={"Host": host})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_an_invitation_link_is_built_from_public_url_not_the_host(app, client, auth, organizer):
    app.config["PUBLIC_URL"] = "https://passage.example.org"
    page = _invite_link(client, auth, organizer, "evil.example")
    assert "https://passage.example.org/invite/" in page and "evil.example" not in page


def test_without_public_url_development_links_to_where_it_is_served(client, auth, organizer):
    page = _invite_link(client, auth, organizer, "127.0.0.1:5000")
    assert "http://127.0.0.1:5000/invite/" in page


@pytest.fixture
def production(tmp_path, monkeypatch):
    """The environment of a production deployment on a SQLite file."""
    monkeypatch.setenv("PASSAGE_ENV", "production")
    monkeypatch.setenv("PASSAGE_INSTANCE", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "p" * 48)
    monkeypatch.setenv("PASSAGE_ENCRYPTION_KEYS", Fernet.generate_key().decode())
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite3'}")
    monkeypatch.setenv("PUBLIC_URL", "https://passage.example.org/")
    return monkeypatch


def test_production_serves_only_the_configured_hosts(production):
    production.setenv("TRUSTED_HOSTS", "passage.internal")
    client = create_app().test_client()
    assert client.get("/healthz", headers={"Host": "passage.example.org"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "passage.internal:8000"}).status_code == 200
    refused = client.get("/login", headers={"Host": "evil.example"})
    assert refused.status_code == 400 and "evil.example" not in refused.get_data(as_text=True)


@pytest.mark.parametrize("url", [None, "", "passage.example.org", "ftp://passage.example.org"])
def test_production_refuses_to_start_without_a_public_address(production, url):
    if url is None:
        production.delenv("PUBLIC_URL")
    else:
        production.setenv("PUBLIC_URL", url)
    with pytest.raises(ConfigError, match="PUBLIC_URL"):
        create_app()
