"""Kept pages: served again only to the same session, while nothing changed, for seconds."""
import pytest

from network import pagecache
from network.models import AuditEvent, User

from .factories import PASSWORD, make_mentor, make_newcomer

PAGE = "/account/"


def _logged_in(auth, person):
    auth.login(person)
    auth.client.get("/")  # shows, and so clears, the welcome message


def _counted(app, endpoint):
    """How many times a view really runs from now on."""
    counter = {"n": 0}
    view = app.view_functions[endpoint]

    def counting(*args, **kwargs):
        counter["n"] += 1
        return view(*args, **kwargs)

    app.view_functions[endpoint] = counting
    return counter


@pytest.fixture
def runs(app):
    return _counted(app, "account.settings")


def test_the_same_session_gets_the_kept_page_while_nothing_changed(client, auth, mentor, runs):
    _logged_in(auth, mentor)
    first = client.get(PAGE)
    second = client.get(PAGE)
    assert runs["n"] == 1 and second.data == first.data
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


def test_a_page_that_changes_the_session_is_rendered_every_time(app, client, auth, mentor):
    runs = _counted(app, "account.two_factor")
    _logged_in(auth, mentor)
    for _ in range(3):
        assert client.get("/account/two-factor").status_code == 200
    assert runs["n"] == 3


def test_a_page_marked_no_store_is_never_kept(app, client, auth, mentor):
    runs = {"n": 0}

    @app.route("/private-page")
    def private_page():
        runs["n"] += 1
        return "<p>private</p>", 200, {"Cache-Control": "no-store"}

    _logged_in(auth, mentor)
    for _ in range(2):
        assert client.get("/private-page").status_code == 200
    assert runs["n"] == 2
