"""Outages lock nobody out: the database gone, its disk full, Redis stopped or frozen."""
import logging
import socket
import time

import pytest
from peewee import OperationalError

from network import create_app
from network.db import db
from network.extensions import limiter
from network.models import PendingSignup, User

from .factories import PASSWORD, fill_disk, make_mentor

WRONG = "not the password"
# Far above the configured Redis timeout, far below gunicorn's 30 s: a bound, not a benchmark.
PROMPT = 5.0


@pytest.fixture(autouse=True)
def _storage_alive():
    # One limiter serves every app of the test run: a Redis found dead here must not make the
    # next tests count in memory.
    limiter._storage_dead = False
    yield
    limiter._storage_dead = False


def _login(client, user, password):
    return client.post("/login", data={"email": user.email, "password": password})


def _sign_up(client, email):
    return client.post("/register", data={
        "display_name": "Алексей", "email": email, "password": PASSWORD, "confirm": PASSWORD,
        "city": "Lyon", "languages": ["ru"], "needs": ["mentor"], "contact_channel": "telegram",
        "contact": "@alexei_lyon"})


def test_a_database_outage_during_login_locks_nobody_out(client, mentor, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(db.obj, "execute_sql", refuse)
    for _ in range(6):
        assert _login(client, mentor, PASSWORD).status_code == 503
    monkeypatch.undo()
    assert _login(client, mentor, PASSWORD).status_code == 302


def test_passwords_refused_while_the_disk_is_full_still_count(app, client, mentor, monkeypatch):
    fill_disk(monkeypatch)
    for _ in range(5):
        # The refusal's audit record cannot be written: the guess must count all the same.
        assert _login(client, mentor, WRONG).status_code == 503
    monkeypatch.undo()
    assert _login(client, mentor, PASSWORD).status_code == 429


def test_a_full_disk_says_saving_fails_while_reading_works(app, client, auth, mentor, monkeypatch,
                                                           caplog):
    auth.login(mentor)
    fill_disk(monkeypatch)
    assert client.get("/").status_code == 200
    with caplog.at_level(logging.CRITICAL):
        page = _sign_up(app.test_client(), "alexei@example.test")
    assert page.status_code == 503
    assert b"cannot save anything right now" in page.data and b"Traceback" not in page.data
    assert any("disk full" in r.getMessage() for r in caplog.records
               if r.levelno == logging.CRITICAL)
    # The logged-in person's own write, outside any transaction, in the language just chosen.
    page = client.post("/language", data={"locale": "fr"})
    assert page.status_code == 503 and "Passage ne peut rien enregistrer".encode() in page.data
    monkeypatch.undo()
    assert PendingSignup.select().count() == 0
    assert User.get_by_id(mentor.id).locale != "fr"
    assert _sign_up(app.test_client(), "alexei@example.test").status_code == 200
    assert PendingSignup.select().count() == 1


@pytest.fixture
def refusing_port():
    """A loopback port where nothing listens: Redis stopped."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


@pytest.fixture
def frozen_port():
    """A loopback port that accepts connections and never answers: Redis stopped with SIGSTOP."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
        yield sock.getsockname()[1]


def _redis_app(app_config, port):
    return create_app({**app_config, "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{port}/0",
                       "RATELIMIT_STORAGE_TIMEOUT": 0.2})


def test_redis_stopped_limits_in_memory_and_says_so(app, app_config, refusing_port, caplog):
    served = _redis_app(app_config, refusing_port)
    mentor, client = make_mentor(), served.test_client()
    with caplog.at_level(logging.WARNING):
        assert _sign_up(served.test_client(), "alexei@example.test").status_code == 200
    assert any("falling back to in-memory" in r.getMessage() for r in caplog.records
               if r.levelno == logging.WARNING)
    assert _login(served.test_client(), mentor, PASSWORD).status_code == 302
    for _ in range(5):
        assert _login(client, mentor, WRONG).status_code == 200
    assert _login(client, mentor, PASSWORD).status_code == 429
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.get_json() == {"status": "ok", "degraded": ["rate-limit storage"]}


def test_redis_frozen_answers_within_the_timeout(app, app_config, frozen_port):
    served = _redis_app(app_config, frozen_port)
    pool = limiter.storage.storage.connection_pool.connection_kwargs
    assert pool["socket_timeout"] == pool["socket_connect_timeout"] == 0.2
    mentor, client = make_mentor(), served.test_client()
    for password in (WRONG, PASSWORD):
        started = time.monotonic()
        response = _login(client, mentor, password)
        assert response.status_code in (200, 302) and time.monotonic() - started < PROMPT
    started = time.monotonic()
    health = client.get("/healthz")
    assert health.get_json()["degraded"] == ["rate-limit storage"]
    assert time.monotonic() - started < PROMPT

