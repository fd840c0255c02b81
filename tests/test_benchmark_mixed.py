"""The HTTP benchmark's mixed run, played on the small demo through the test client.

The benchmark itself needs gunicorn and wrk (`python tests/benchmarks/http.py --json`); what it
plays is made here: the sessions chosen from the data, each session's walk, and the requests
wrk sends with nothing but a session's cookie.
"""
import re
from collections import Counter

import pytest

from network.demo import seed_demo
from network.models import User
from tests.benchmarks import mixed

from .factories import TOTP_SECRET

PASSWORD = "demo passphrase"
COUNTS = {"newcomer": 4, "mentor": 3, "host": 2, "organizer": 3}


class Visitor:
    """The test client as the benchmark's browser: it follows redirects and keeps its cookies."""

    def __init__(self, client):
        self.client = client

    def get(self, path):
        response = self.client.get(path, follow_redirects=True)
        assert response.status_code == 200, path
        return mixed.Page(response.request.path, response.get_data(as_text=True))

    def post(self, path, fields):
        token = mixed.TOKEN.search(self.get(path).text).group(1)
        response = self.client.post(path, data={**fields, "csrf_token": token},
                                    follow_redirects=True)
        return mixed.Page(response.request.path, response.get_data(as_text=True))

    def cookie(self):
        return "; ".join(f"{c.key}={c.value}" for c in self.client._cookies.values())


@pytest.fixture
def demo(app_config):
    app_config["WTF_CSRF_ENABLED"] = True


@pytest.fixture
def sessions(demo, app):
    """Every chosen account logged in and walked, as the benchmark does before wrk starts."""
    with app.app_context():
        seed_demo(PASSWORD, totp_secret=TOTP_SECRET)
        accounts = mixed.choose(COUNTS, TOTP_SECRET)
    walked = []
    for email, role, index in accounts:
        visitor = Visitor(app.test_client())
        mixed.login(visitor, email, PASSWORD, TOTP_SECRET)
        walked.append((role, visitor.cookie(), mixed.walk(visitor, role, index)))
    return walked


def _play(app, requests):
    """Each request as wrk sends it: a fresh client, the cookie header, the encoded body."""
    answers = []
    for method, path, cookie, body in requests:
        response = app.test_client(use_cookies=False).open(
            path, method=method, data=body, headers={"Cookie": cookie},
            content_type="application/x-www-form-urlencoded" if body else None)
        answers.append(mixed.expected(method, response.status_code,
                                      response.headers.get("Location"),
                                      response.get_data(as_text=True)))
    return answers


def test_every_role_walks_its_pages_with_a_share_of_writes_and_caseloads_of_its_own(sessions):
    assert Counter(role for role, _, _ in sessions) == COUNTS
    added = User.select().where(User.email.endswith("@bench.test"))
    assert [(u.role, u.status) for u in added] == [("organizer", "active")]
    paths = {role: {re.sub(r"\d+", "N", path) for _, path, _ in steps}
             for role, _, steps in sessions}
    assert {"/conversations/N", "/conversations/N/messages", "/meetings/N/rsvp",
            "/meetings/N/leave"} <= paths["newcomer"]
    assert {"/checkins/N/log", "/matching/matches/N"} <= paths["mentor"]
    assert "/conversations/N/messages" in paths["host"]
    assert {"/dashboard/", "/matching/", "/audit/", "/people/newcomers/N"} <= paths["organizer"]
    methods = Counter(method for _, _, steps in sessions for method, _, _ in steps)
    assert 0.1 < methods["POST"] / sum(methods.values()) < 0.25
    # Each organizer reads records of its own, fewer than the unusual-access alert counts.
    reads = [{path for _, path, _ in steps if path.startswith("/people/newcomers/")}
             for role, _, steps in sessions if role == "organizer"]
    assert all(len(r) == mixed.CASELOAD for r in reads)
    assert len(set().union(*reads)) == mixed.CASELOAD * len(reads)


def test_wrk_requests_need_only_the_cookie_and_answer_as_expected_twice(app, sessions):
    requests = mixed.interleave([(cookie, steps) for _, cookie, steps in sessions])
    assert len(requests) == sum(len(steps) for _, _, steps in sessions)
    # One turn of the rotation: every session once, and a mix of its steps, writes among them.
    first_turn = requests[:len(sessions)]
    assert len({cookie for _, _, cookie, _ in first_turn}) == len(sessions)
    assert {method for method, _, _, _ in first_turn} == {"GET", "POST"}
    assert len({path for _, path, _, _ in first_turn}) > len(sessions) // 2
    with app.app_context():
        before = mixed.tally()
    assert _play(app, requests) + _play(app, requests) == [None] * 2 * len(requests)
    with app.app_context():
        after = mixed.tally()
    posted = Counter(path.rsplit("/", 1)[-1] for method, path, _, _ in requests
                     if method == "POST")
    assert after["messages"] - before["messages"] == 2 * posted["messages"]
    assert after["checkins_logged"] - before["checkins_logged"] == 2 * COUNTS["mentor"]
    assert after["audited_reads"] > before["audited_reads"]
    assert after["unusual_access_alerts"] == 0


def test_a_lost_session_or_an_error_is_told(app):
    stale = [("POST", "/conversations/1/messages", "session=forged", "body=x&csrf_token=y"),
             ("GET", "/notifications/", "session=forged", None)]
    assert [a.split(" ")[0] if a else a for a in _play(app, stale)] == ["sent", "sent"]
    # A visitor's home page answers 200: without the logout button it is a lost session.
    assert _play(app, [("GET", "/", "session=forged", None)]) == ["answered 200 logged out"]
    assert mixed.expected("POST", 400, None, "") == "answered 400"
    assert mixed.expected("GET", 302, "/", "") == "answered 302 logged out"


def test_the_lua_script_rotates_every_request_with_its_cookie_and_body():
    requests = [("GET", "/", "session=a", None),
                ("POST", "/conversations/3/messages", "session=b", "body=Привет&csrf_token=x")]
    script = mixed.lua_script(requests, "agent")
    assert '{"GET", "/", "session=a", nil}' in script
    escaped = "".join(f"\\{b:03d}" for b in "Привет".encode())
    assert f'"body={escaped}&csrf_token=x"' in script
    assert "position % #formatted + 1" in script and 'string.find(location, "/login"' in script
    assert '"action=\\034/logout\\034"' in script

