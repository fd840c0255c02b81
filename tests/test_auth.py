"""Logging in and out: hashes, sessions, redirects, lockout, suspension, audit."""
from network.models import AuditEvent, User

from .factories import PASSWORD, make_mentor


def _events(action):
    return list(AuditEvent.select().where(AuditEvent.action == action))


def test_password_is_stored_as_argon2id(mentor):
    assert mentor.password_hash.startswith("$argon2id$")
    assert PASSWORD not in mentor.password_hash


def test_login_success_redirects_home_and_audits(client, mentor):
    response = client.post("/login", data={"email": " Mentor@Example.test ", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    [event] = _events("login.success")
    assert event.actor_id == mentor.id and len(event.ip_hash) == 16
    assert User.get_by_id(mentor.id).last_login_at is not None


def test_wrong_password_is_refused_with_message_and_audited(client, mentor):
    response = client.post("/login", data={"email": mentor.email, "password": "wrong password"})
    assert response.status_code == 200
    assert b"Email or password is wrong." in response.data
    assert client.get("/account/").status_code == 302
    [event] = _events("login.failure")
    assert event.target_id == mentor.id and event.actor_id is None


def test_unknown_email_gets_the_same_answer(client, app):
    response = client.post("/login", data={"email": "nobody@example.test", "password": "x" * 12})
    assert b"Email or password is wrong." in response.data
    assert len(_events("login.failure")) == 1


def test_suspended_user_cannot_log_in(client, app):
    user = make_mentor(status="suspended")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert client.get("/account/").status_code == 302


def test_session_is_rotated_at_login(client, mentor):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    client.post("/login", data={"email": mentor.email, "password": PASSWORD})
    with client.session_transaction() as session:
        assert "planted" not in session


def test_next_goes_to_local_paths_only(client, mentor):
    for target, expected in [("/account/", "/account/"), ("https://evil.example/", "/"),
                             ("//evil.example/x", "/"), ("/\\evil.example", "/"),
                             ("javascript:alert(1)", "/")]:
        response = client.post(f"/login?next={target}",
                               data={"email": mentor.email, "password": PASSWORD})
        assert response.headers["Location"] == expected, target
        client.post("/logout")


def test_logout_needs_post_and_ends_the_session(client, auth, mentor):
    auth.login(mentor)
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/account/").status_code == 302
    assert len(_events("logout")) == 1


def test_cookie_flags(app, client, mentor):
    response = client.post("/login", data={"email": mentor.email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_lockout_per_account_after_repeated_failures(client, mentor):
    for _ in range(5):
        assert client.post("/login", data={"email": mentor.email,
                                           "password": "wrong password"}).status_code == 200
    # Now even the right password is refused for a while, with a clear message.
    response = client.post("/login", data={"email": mentor.email, "password": PASSWORD})
    assert response.status_code == 429
    assert b"try again" in response.data
    assert "Retry-After" in response.headers
    # Another account from the same address is not locked by this one.
    other = make_mentor()
    assert client.post("/login", data={"email": other.email,
                                       "password": PASSWORD}).status_code == 302


def test_lockout_per_address_across_accounts(client, app):
    for n in range(20):
        client.post("/login", data={"email": f"guess{n}@example.test", "password": "x" * 12})
    response = client.post("/login", data={"email": "guess99@example.test", "password": "x" * 12})
    assert response.status_code == 429
    # Another address is not affected.
    other = app.test_client()
    response = other.post("/login", data={"email": "guess99@example.test", "password": "x" * 12},
                          environ_base={"REMOTE_ADDR": "10.9.8.7"})
    assert response.status_code == 200


def test_successful_logins_do_not_count_towards_the_lock(client, mentor):
    for _ in range(8):
        assert client.post("/login", data={"email": mentor.email,
                                           "password": PASSWORD}).status_code == 302
        client.post("/logout")


def test_suspension_ends_open_sessions_at_next_request(client, auth, mentor):
    auth.login(mentor)
    assert client.get("/account/").status_code == 200
    User.update(status="suspended").where(User.id == mentor.id).execute()
    assert client.get("/account/").status_code == 302


def test_password_change_ends_other_sessions_but_keeps_this_one(app, auth, client, mentor):
    other = app.test_client()
    other.post("/login", data={"email": mentor.email, "password": PASSWORD})
    assert other.get("/account/").status_code == 200
    auth.login(mentor)
    response = client.post("/account/password", data={
        "current": PASSWORD, "password": "a brand new passphrase",
        "confirm": "a brand new passphrase"})
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200
    assert other.get("/account/").status_code == 302
    client.post("/logout")
    auth.login(mentor, password="a brand new passphrase")


def test_password_change_with_wrong_current_password_changes_nothing(auth, client, mentor):
    auth.login(mentor)
    response = client.post("/account/password", data={
        "current": "not my password", "password": "a brand new passphrase",
        "confirm": "a brand new passphrase"})
    assert b"The current password is wrong." in response.data
    assert User.get_by_id(mentor.id).password_hash == mentor.password_hash


def test_short_password_is_refused_with_a_message(auth, client, mentor):
    auth.login(mentor)
    response = client.post("/account/password", data={
        "current": PASSWORD, "password": "short", "confirm": "short"})
    assert b"Use at least 10 characters." in response.data


def test_forged_session_cookie_for_another_user_is_refused(app, client, mentor):
    other = make_mentor()
    with client.session_transaction() as session:
        session["_user_id"] = f"{other.id}:999"
    assert client.get("/account/").status_code == 302


def test_session_cookie_is_secure_over_https(app, mentor):
    client = app.test_client()
    response = client.post("/login", data={"email": mentor.email, "password": PASSWORD},
                           base_url="https://passage.test")
    assert "Secure" in response.headers["Set-Cookie"]
