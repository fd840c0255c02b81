"""Kept pages: served again only to the same session, while nothing changed, for seconds."""
import functools
import re

import pytest
from flask import session

from network import pagecache
from network.models import AuditEvent, User

from .factories import PASSWORD, make_mentor, make_newcomer

PAGE = "/account/"
TOKEN = re.compile(r'name="csrf_token"[^>]*? value="([^"]+)"')


def _logged_in(auth, person):
    auth.login(person)
    auth.client.get("/")  # shows, and so clears, the welcome message


def _counted(app, endpoint):
    """How many times a view really runs from now on."""
    counter = {"n": 0}
    view = app.view_functions[endpoint]

    @functools.wraps(view)
    def counting(*args, **kwargs):
        counter["n"] += 1
        return view(*args, **kwargs)

    app.view_functions[endpoint] = counting
    return counter


def _page(response):
    """The page without its CSRF tokens, which are signed with the second they were made in."""
    return TOKEN.sub("csrf_token", response.get_data(as_text=True))


@pytest.fixture
def runs(app):
    return _counted(app, "account.settings")


def test_the_same_session_gets_the_kept_page_while_nothing_changed(client, auth, mentor, runs):
    _logged_in(auth, mentor)
    first = client.get(PAGE)
    second = client.get(PAGE)
    assert runs["n"] == 1 and _page(second) == _page(first)
    assert second.headers["Content-Security-Policy"] and second.status_code == 200


def test_any_commit_by_anyone_renders_the_page_again(client, auth, mentor, runs):
    _logged_in(auth, mentor)
    client.get(PAGE)
    assert b"Two-step login</a>: off" in client.get(PAGE).data
    User.update(totp_secret="JBSWY3DPEHPK3PXP").where(User.id == mentor.id).execute()
    assert b"Two-step login</a>: on" in client.get(PAGE).data
    assert runs["n"] == 2
    make_newcomer()  # a row no page of this mentor shows: still a change
    client.get(PAGE)
    assert runs["n"] == 3


def test_another_session_or_another_person_never_gets_it(app, client, auth, mentor, runs):
    sessions = []
    for person in (mentor, make_mentor()):  # the same mentor elsewhere, then someone else
        other = app.test_client()
        other.post("/login", data={"email": person.email, "password": PASSWORD})
        other.get("/")
        sessions.append(other)
    _logged_in(auth, mentor)
    client.get(PAGE)
    client.get(PAGE)
    assert runs["n"] == 1  # kept, and nothing changed since
    for n, other in enumerate(sessions, start=2):
        assert other.get(PAGE).status_code == 200 and runs["n"] == n


def test_an_audited_view_runs_and_is_recorded_every_time(client, auth, organizer, newcomer):
    auth.login(organizer)
    for _ in range(3):
        assert client.get(f"/people/newcomers/{newcomer.id}").status_code == 200
    assert AuditEvent.select().where(AuditEvent.action == "newcomer.viewed").count() == 3


def test_a_flashed_message_is_shown_once_and_never_kept(client, auth, mentor):
    _logged_in(auth, mentor)
    client.get(PAGE)
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Only once, please")]
    assert b"Only once, please" in client.get(PAGE).data
    assert b"Only once, please" not in client.get(PAGE).data


def test_a_kept_page_ages_out(client, auth, mentor, runs, monkeypatch):
    clock = {"now": 1000.0}
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: clock["now"])
    _logged_in(auth, mentor)
    client.get(PAGE)
    clock["now"] += 14
    client.get(PAGE)
    assert runs["n"] == 1
    clock["now"] += 2
    client.get(PAGE)
    assert runs["n"] == 2


def test_after_logout_the_page_is_not_served(client, auth, mentor, runs):
    _logged_in(auth, mentor)
    client.get(PAGE)
    auth.logout()
    response = client.get(PAGE)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_off_when_its_seconds_are_zero(app_config, request):
    app_config["PAGE_CACHE_SECONDS"] = 0
    assert "passage.pages" not in request.getfixturevalue("app").extensions


@pytest.mark.parametrize("logged_in", [True, False])
def test_a_page_that_changes_the_session_is_rendered_every_time(app, client, auth, mentor,
                                                                 logged_in):
    runs = {"n": 0}

    @app.route("/step")
    @pagecache.same_for_visitors
    def step():
        runs["n"] += 1
        session["steps"] = session.get("steps", []) + ["seen"]
        return f"<p>step {len(session['steps'])}</p>"

    if logged_in:
        _logged_in(auth, mentor)
    assert [client.get("/step").data for _ in range(3)] == [b"<p>step 1</p>", b"<p>step 2</p>",
                                                            b"<p>step 3</p>"]
    assert runs["n"] == 3


def test_the_two_step_set_up_and_its_secret_are_kept_nowhere(app, client, auth, mentor):
    runs = _counted(app, "account.two_factor")
    _logged_in(auth, mentor)
    for _ in range(3):
        response = client.get("/account/two-factor")
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert runs["n"] == 3


def test_a_page_showing_a_secret_is_never_kept(app, client, auth, mentor):
    runs = {"n": 0}

    @app.route("/private-page")
    def private_page():
        runs["n"] += 1
        return "<p>private</p>", 200, pagecache.keep_nowhere()

    _logged_in(auth, mentor)
    for _ in range(2):
        response = client.get("/private-page")
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert runs["n"] == 2


@pytest.mark.parametrize("path, endpoint", [(PAGE, "account.settings"),
                                            ("/conversations/", "conversations.index"),
                                            ("/", "main.home")])
def test_a_logged_in_page_is_kept_from_the_browser_but_kept_here(app, client, auth, mentor,
                                                                  path, endpoint):
    runs = _counted(app, endpoint)
    _logged_in(auth, mentor)
    runs["n"] = 0
    answers = [client.get(path) for _ in range(3)]
    # The browser's cache outlives the session on a seized phone; this one lives seconds.
    assert [a.headers["Cache-Control"] for a in answers] == ["no-store"] * 3
    assert runs["n"] == 1 and len({_page(a) for a in answers}) == 1


def test_what_is_the_same_for_everyone_stays_cacheable_by_the_browser(app, client, auth, mentor):
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")
    _logged_in(auth, mentor)
    assert "no-store" not in client.get("/static/css/passage.css").headers.get(
        "Cache-Control", "")
    auth.logout()
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")


@pytest.fixture
def with_csrf(app_config):
    app_config["WTF_CSRF_ENABLED"] = True


def test_visitors_share_the_login_page_each_with_a_token_of_their_own(with_csrf, app, mentor):
    runs = _counted(app, "auth.login")
    visitors = [app.test_client() for _ in range(3)]
    tokens = [TOKEN.search(v.get("/login").get_data(as_text=True)).group(1) for v in visitors]
    assert runs["n"] == 1 and len(set(tokens)) == 3
    # Another visitor's token is refused; each visitor's own token logs in.
    refused = visitors[1].post("/login", data={"email": mentor.email, "password": PASSWORD,
                                               "csrf_token": tokens[2]})
    assert refused.status_code == 400
    for visitor, token in zip(visitors, tokens):
        response = visitor.post("/login", data={"email": mentor.email, "password": PASSWORD,
                                                "csrf_token": token})
        assert response.status_code == 302 and response.headers["Location"] == "/"


def test_a_visitor_gets_the_page_in_their_own_language(app):
    runs = _counted(app, "auth.login")
    english = app.test_client().get("/login", headers={"Accept-Language": "en"}).data
    russian = app.test_client().get("/login", headers={"Accept-Language": "ru"}).data
    assert b"Log in" in english and "Войти".encode() in russian and runs["n"] == 2


def test_a_persons_home_and_the_visitors_landing_page_are_never_swapped(app, client, auth,
                                                                        mentor):
    visitor = app.test_client()
    landing = _page(visitor.get("/"))
    _logged_in(auth, mentor)
    home = _page(client.get("/"))
    assert home != landing and mentor.display_name in home
    assert _page(visitor.get("/")) == landing
    assert _page(client.get("/")) == home


def test_a_visitor_sent_to_log_in_sees_why(app, client):
    app.test_client().get("/login?next=%2Faccount%2F")  # kept for visitors
    response = client.get("/account/", follow_redirects=True)
    assert b"Please log in to see this page." in response.data


def test_pages_not_marked_for_visitors_are_rendered_for_each(app):
    runs = {"n": 0}

    @app.route("/unmarked")
    def unmarked():
        runs["n"] += 1
        return "<p>a page for visitors</p>"

    for _ in range(2):
        assert app.test_client().get("/unmarked").status_code == 200
    assert runs["n"] == 2
