"""Two-step login: forced for organizers, optional for mentors, codes never accepted twice."""
import re
import time

import pyotp
import pytest

from network.auth import twofactor
from network.models import AuditEvent, RecoveryCode, User

from .factories import PASSWORD, TOTP_SECRET, make_organizer


def _password_step(client, user):
    return client.post("/login", data={"email": user.email, "password": PASSWORD})


def test_a_leaked_organizer_password_alone_opens_nothing(client, organizer):
    response = _password_step(client, organizer)
    assert response.headers["Location"] == "/login/code"
    for path in ("/", "/people/newcomers", "/audit/"):
        response = client.get(path)
        assert response.status_code in (200, 302)
        assert b"Waiting for you" not in response.data and b"Audit trail</h1>" not in response.data
    assert client.get("/people/newcomers").headers["Location"].startswith("/login")


def test_the_right_code_logs_in_and_the_same_code_never_again(app, organizer):
    code = pyotp.TOTP(TOTP_SECRET).now()
    first = app.test_client()
    _password_step(first, organizer)
    assert first.post("/login/code", data={"code": code}).status_code == 302
    assert first.get("/people/newcomers").status_code == 200
    replay = app.test_client()
    _password_step(replay, organizer)
    response = replay.post("/login/code", data={"code": code})
    assert b"This code is not valid." in response.data
    assert replay.get("/people/newcomers").status_code == 302


def test_a_code_racing_itself_passes_once(app, ctx, organizer):
    at = time.time()
    code = pyotp.TOTP(TOTP_SECRET).at(at)
    assert twofactor.verify(User.get_by_id(organizer.id), code, at=at) is True
    assert twofactor.verify(User.get_by_id(organizer.id), code, at=at) is False


def test_a_wrong_code_is_refused_and_audited(client, organizer):
    _password_step(client, organizer)
    response = client.post("/login/code", data={"code": "000000"})
    assert response.status_code == 200
    assert AuditEvent.select().where((AuditEvent.action == "login.failure")
                                     & (AuditEvent.detail == "second_factor")).count() == 1


def test_guessing_codes_is_locked_out(client, organizer):
    _password_step(client, organizer)
    for _ in range(5):
        client.post("/login/code", data={"code": "123456"})
    right = pyotp.TOTP(TOTP_SECRET).now()
    assert client.post("/login/code", data={"code": right}).status_code == 429


def test_the_code_step_cannot_be_reached_without_the_password(client, organizer):
    response = client.post("/login/code", data={"code": pyotp.TOTP(TOTP_SECRET).now()})
    assert response.headers["Location"] == "/login"
    assert client.get("/people/newcomers").status_code == 302


def test_organizer_without_second_factor_must_enrol_first(client, auth, app):
    fresh = make_organizer(totp_secret="")
    auth.login(fresh)
    response = client.get("/people/newcomers")
    assert response.headers["Location"] == "/account/two-factor"
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "<svg" in page and "https://" not in page
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
    assert secret in client.get("/account/two-factor").get_data(as_text=True)
    wrong = client.post("/account/two-factor", data={"code": "000000"})
    assert wrong.headers["Location"] == "/account/two-factor"
    done = client.post("/account/two-factor", data={"code": pyotp.TOTP(secret).now()})
    codes = re.findall(r"<li><code>([0-9a-f-]+)</code></li>", done.get_data(as_text=True))
    assert len(codes) == 10
    assert RecoveryCode.select().where(RecoveryCode.user == fresh.id).count() == 10
    assert all(code not in r.code_hash for r in RecoveryCode.select() for code in codes)
    assert client.get("/people/newcomers").status_code == 200
    client.post("/logout")
    _password_step(client, fresh)
    assert client.post("/login/code", data={"code": codes[0]}).status_code == 302
    client.post("/logout")
    _password_step(client, fresh)
    assert client.post("/login/code", data={"code": codes[0]}).status_code == 200


def test_organizers_cannot_turn_it_off_and_mentors_can(client, auth, organizer, mentor, app):
    auth.login(organizer)
    assert client.post("/account/two-factor/disable").status_code == 403
    assert User.get_by_id(organizer.id).totp_secret == TOTP_SECRET
    auth.logout()
    with app.app_context():
        twofactor.set_secret(mentor, TOTP_SECRET)
    auth.login(User.get_by_id(mentor.id))
    client.post("/account/two-factor/disable")
    assert User.get_by_id(mentor.id).totp_secret == ""


def test_the_secret_is_encrypted_at_rest(app, organizer):
    from network.db import db

    query = "SELECT totp_secret FROM account WHERE id = %s" % organizer.id
    raw = db.execute_sql(query).fetchone()[0]
    assert raw and TOTP_SECRET not in raw


def test_seed_demo_enrols_organizers_with_a_given_secret(runner, app):
    secret = pyotp.random_base32()
    result = runner.invoke(args=["seed-demo", "--password", "demo passphrase",
                                 "--totp-secret", secret])
    assert result.exit_code == 0 and secret in result.output
    client = app.test_client()
    client.post("/login", data={"email": "organizer@demo.test", "password": "demo passphrase"})
    assert client.post("/login/code", data={"code": pyotp.TOTP(secret).now()}).status_code == 302
    assert client.get("/people/newcomers").status_code == 200


def test_session_idle_timeout_is_shorter_for_organizers(client, auth, organizer, mentor):
    auth.login(organizer)
    with client.session_transaction() as session:
        session["seen_at"] = time.time() - 21 * 60
    assert client.get("/people/newcomers").headers["Location"].startswith("/login")
    auth.login(mentor)
    with client.session_transaction() as session:
        session["seen_at"] = time.time() - 21 * 60
    assert client.get("/account/").status_code == 200


def test_activity_keeps_the_session_alive_without_a_new_cookie_on_every_page(
        client, auth, mentor):
    auth.login(mentor)
    client.get("/")
    assert "session=" not in client.get("/account/").headers.get("Set-Cookie", "")
    with client.session_transaction() as session:
        session["seen_at"] = time.time() - 50 * 60
    assert "session=" in client.get("/account/").headers.get("Set-Cookie", "")
    with client.session_transaction() as session:
        assert time.time() - session["seen_at"] < 5  # the idle clock starts again


@pytest.mark.parametrize("hours, ends", [(7, False), (9, True)])
def test_absolute_session_limit_for_organizers(client, auth, organizer, hours, ends):
    auth.login(organizer)
    with client.session_transaction() as session:
        session["login_at"] = time.time() - hours * 3600
    assert (client.get("/audit/").status_code == 302) is ends


def test_log_out_everywhere(app, client, auth, mentor):
    other = app.test_client()
    other.post("/login", data={"email": mentor.email, "password": PASSWORD})
    auth.login(mentor)
    client.post("/account/logout-everywhere")
    assert client.get("/account/").status_code == 302
    assert other.get("/account/").status_code == 302
