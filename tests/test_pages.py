"""Pages every visitor meets: errors, headers, the health check, the language of the page."""
from peewee import OperationalError

from network.db import db


def test_healthz_reports_ok_after_a_database_round_trip(client, app):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_healthz_is_503_when_the_database_is_unreachable(client, app, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(db.obj, "connect", refuse)
    monkeypatch.setattr(db.obj, "execute_sql", refuse)
    if not db.is_closed():
        monkeypatch.setattr(db.obj, "is_closed", lambda: True)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.get_json() == {"status": "unavailable"}
    page = client.post("/login", data={"email": "a@example.test", "password": "x" * 12})
    assert page.status_code == 503 and b"Traceback" not in page.data


def test_not_found_page_has_no_stack_trace(client, app):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert b"This page does not exist" in response.data and b"Traceback" not in response.data


def test_an_unexpected_error_is_a_calm_500(app):
    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert b"secret internals" not in response.data and b"Traceback" not in response.data
    assert b"It is not your fault." in response.data


def test_oversized_request_is_refused(client, app):
    response = client.post("/login", data={"email": "a@example.test", "password": "x" * 2_000_000})
    assert response.status_code == 413


def test_security_headers_on_every_response(client, app):
    for path in ("/", "/login", "/healthz", "/nope", "/static/css/passage.css"):
        headers = client.get(path).headers
        assert "default-src 'self'" in headers["Content-Security-Policy"], path
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert "Strict-Transport-Security" not in headers


def test_hsts_over_https(client, app):
    response = client.get("/", base_url="https://passage.test")
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_no_asset_comes_from_elsewhere(client, app):
    page = client.get("/").get_data(as_text=True)
    assert "http://" not in page.replace('xmlns="http://www.w3.org', "")
    assert "https://" not in page


def test_html_lang_follows_the_browser_then_the_switcher(client, app):
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
    page = client.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9"}).get_data(as_text=True)
    assert '<html lang="fr">' in page
    client.post("/language", data={"locale": "uk", "next": "/login"})
    page = client.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9"}).get_data(as_text=True)
    assert '<html lang="uk">' in page


def test_language_switch_ignores_unknown_languages_and_foreign_next(client, app):
    response = client.post("/language", data={"locale": "xx", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


def test_home_pages_per_role(client, auth, organizer, mentor, newcomer):
    for user, text in ((organizer, b"Waiting for you"), (mentor, b"Bring someone in"),
                       (newcomer, b"What happens next")):
        auth.login(user)
        assert text in client.get("/").data
        auth.logout()
    assert b"Ask for help" in client.get("/").data


def test_forwarded_proto_is_trusted_only_behind_a_configured_proxy(app_config, tmp_path,
                                                                   monkeypatch):
    from network import create_app

    monkeypatch.setenv("PASSAGE_INSTANCE", str(tmp_path / "proxy"))
    headers = {"X-Forwarded-Proto": "https"}
    direct = create_app(app_config).test_client().get("/", headers=headers)
    assert "Strict-Transport-Security" not in direct.headers
    behind_proxy = create_app({**app_config, "BEHIND_PROXY": True})
    proxied = behind_proxy.test_client().get("/", headers=headers)
    assert "max-age" in proxied.headers["Strict-Transport-Security"]
