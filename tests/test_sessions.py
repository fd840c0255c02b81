"""Login sessions live in the database: a copied cookie dies at logout, a restore hands none on."""
import json
import re
from datetime import timedelta

import pytest

from network import create_app
from network.auth import sessions
from network.db import db
from network.jobs import run_all
from network.models import LoginSession, utcnow

from .factories import make_mentor, make_newcomer, make_organizer

HOST = "passage.test"


def _cookie(client):
    return client.get_cookie("session", domain=HOST).value


def _contents(app, cookie):
    """What the signed (not encrypted) cookie tells anyone who holds it."""
    return app.session_interface.get_signing_serializer(app).loads(cookie)


def _replay(app, cookie):
    thief = app.test_client()
    thief.set_cookie("session", cookie, domain=HOST)
    return thief


def _logged_in(client):
    return client.get("/account/").status_code == 200


@pytest.fixture
def second_worker(app_config, app):
    """Another app on the same database, as a second gunicorn worker is."""
    return create_app(app_config)


def test_a_cookie_copied_before_logout_opens_nothing_afterwards_on_any_worker(
        app, second_worker, client, auth, mentor):
    auth.login(mentor)
    copied = _cookie(client)
    on_this, on_other = _replay(app, copied), _replay(second_worker, copied)
    assert _logged_in(on_this) and _logged_in(on_other)
    client.post("/logout")
    assert not _logged_in(on_this)
    assert not _logged_in(on_other)
    assert LoginSession.select().count() == 0


def test_idle_end_deletes_the_session_so_its_copy_dies_too(app, client, auth, mentor):
    auth.login(mentor)
    copied = _cookie(client)
    with client.session_transaction() as session:
        session["seen_at"] = 0
    assert not _logged_in(client)
    assert LoginSession.select().count() == 0
    assert not _logged_in(_replay(app, copied))


def test_a_session_names_no_account_id_and_a_forged_one_is_refused(app, client, auth, mentor):
    auth.login(mentor)
    named = _contents(app, _cookie(client))["_user_id"]
    assert str(mentor.id) not in named.split(":")
    victim = make_mentor()
    for forged in (str(victim.id), f"{victim.id}:0", named[:-1]):
        with client.session_transaction() as session:
            session["_user_id"] = forged
        assert not _logged_in(client), forged


def test_the_database_keeps_only_a_hash_of_the_key(app, client, auth, mentor):
    auth.login(mentor)
    key = _contents(app, _cookie(client))["_user_id"]
    rows = db.execute_sql("SELECT * FROM login_session").fetchall()
    assert len(rows) == 1 and key not in json.dumps(rows, default=str)


def test_the_password_step_key_is_not_a_login(app, client, organizer):
    client.post("/login", data={"email": organizer.email, "password": "correct horse battery"})
    pending = _contents(app, _cookie(client))["2fa"]
    assert set(pending) == {"key", "next"}
    with client.session_transaction() as session:
        session["_user_id"] = pending["key"]
    assert client.get("/people/newcomers").status_code == 302
    assert not _logged_in(client)


def test_an_old_password_step_is_refused(app, client, organizer):
    client.post("/login", data={"email": organizer.email, "password": "correct horse battery"})
    LoginSession.update(created_at=utcnow() - timedelta(
        seconds=sessions.SECOND_FACTOR_SECONDS + 1)).execute()
    assert client.get("/login/code").headers["Location"] == "/login"


def test_the_enrolment_secret_is_never_in_the_cookie(app, client, auth):
    fresh = make_organizer(totp_secret="")
    auth.login(fresh)
    page = client.get("/account/two-factor").get_data(as_text=True)
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
    assert secret not in json.dumps(_contents(app, _cookie(client)))
    stored = db.execute_sql("SELECT totp_setup FROM login_session").fetchone()[0]
    assert stored and secret not in stored
    assert LoginSession.get().totp_setup == secret


def test_a_copied_enrolment_session_dies_with_logout_and_its_secret(app, client, auth):
    fresh = make_organizer(totp_secret="")
    auth.login(fresh)
    client.get("/account/two-factor")
    copied = _cookie(client)
    client.post("/logout")
    thief = _replay(app, copied)
    assert thief.get("/account/two-factor").headers["Location"].startswith("/login")
    assert LoginSession.select().count() == 0


def test_a_restore_does_not_hand_a_later_session_to_the_next_account(app, runner, auth, tmp_path):
    make_newcomer()
    snapshot = str(tmp_path / "snap.db")
    assert runner.invoke(args=["backup", snapshot]).exit_code == 0
    alice = make_newcomer(email="alice@example.test")
    alice_client = app.test_client()
    type(auth)(alice_client).login(alice)
    assert _logged_in(alice_client)
    restored = runner.invoke(args=["restore", snapshot, "--yes"])
    assert restored.exit_code == 0, restored.output
    bob = make_newcomer(email="bob@example.test")
    assert bob.id == alice.id  # the restore handed Alice's id to Bob
    page = alice_client.get("/account/")
    assert page.status_code == 302
    assert b"bob@example.test" not in alice_client.get("/account/export.json").data


def test_a_restore_ends_sessions_that_were_open_in_the_snapshot(app, runner, client, auth,
                                                                 mentor, tmp_path):
    auth.login(mentor)
    copied = _cookie(client)
    snapshot = str(tmp_path / "snap.db")
    assert runner.invoke(args=["backup", snapshot]).exit_code == 0
    client.post("/logout")
    assert runner.invoke(args=["restore", snapshot, "--yes"]).exit_code == 0
    assert LoginSession.select().count() == 0
    assert not _logged_in(_replay(app, copied))


def test_expired_sessions_are_removed_once_a_day(app, ctx, mentor):
    now = utcnow()
    hours = max(app.config["SESSION_HOURS"], app.config["SESSION_HOURS_ORGANIZER"])
    old, old_step, fresh, fresh_step = (sessions.start(mentor, second_factor_due=due)
                                        for due in (False, True, False, True))
    for key, age in ((old, timedelta(hours=hours, seconds=1)), (old_step, timedelta(minutes=6))):
        LoginSession.update(created_at=now - age).where(
            LoginSession.key_hash == sessions._hash(key)).execute()
    assert run_all(now)["sessions_removed"] == 2
    assert sessions.remove_expired(now) == 0
    assert LoginSession.select().count() == 2
    assert sessions.load(fresh).id == mentor.id and sessions.pending(fresh_step).id == mentor.id


def test_a_visitors_answers_leave_the_cookie_alone_so_a_late_one_cannot_undo_a_choice(client):
    client.get("/login")
    before = _cookie(client)
    assert "session=" in client.post("/language", data={"locale": "ru"}).headers.get(
        "Set-Cookie", "")
    # A request sent with the cookie from before the choice (the service worker fetching the
    # offline page) answers after it: it must not put the old session back.
    late = _replay(client.application, before)
    for path in ("/offline", "/static/css/passage.css", "/login"):
        assert not late.get(path).headers.getlist("Set-Cookie"), path
    assert 'lang="ru"' in client.get("/login").get_data(as_text=True)


def test_a_logged_in_cookie_from_another_browser_still_logs_nobody_in(app, client, auth,
                                                                          mentor):
    auth.login(mentor)
    thief = _replay(app, _cookie(client))
    thief.environ_base["HTTP_USER_AGENT"] = "another browser"
    assert not _logged_in(thief)
    assert _logged_in(client)
