"""Fixtures: an app on a fresh temporary SQLite file (or TEST_DATABASE_URL), clients, logins."""
import os
import shutil

import pyotp
import pytest
from argon2 import PasswordHasher
from playhouse.pool import PooledDatabase

from network import create_app
from network.auth import service as auth_service
from network.db import db
from network.extensions import limiter
from network.i18n import TRANSLATIONS, compile_catalogs
from network.models import MODELS, User

from .factories import PASSWORD, make_mentor, make_newcomer, make_organizer, migrate

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")

# Argon2id with its real cost takes ~50 ms a hash; the tests log in thousands of times.
auth_service._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def pytest_sessionstart(session):
    """The catalogs the pages are served from, compiled as `flask upgrade` does in a deployment."""
    compile_catalogs(TRANSLATIONS)


@pytest.fixture(scope="session")
def _postgres_schema(tmp_path_factory):
    """A clean schema once per run; tests then share it and truncate between them."""
    if not TEST_DATABASE_URL:
        yield
        return
    from network.db import make_database

    database = make_database(TEST_DATABASE_URL)
    database.connect()
    database.execute_sql("DROP SCHEMA public CASCADE")
    database.execute_sql("CREATE SCHEMA public")
    database.close()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PASSAGE_INSTANCE", str(tmp_path_factory.mktemp("schema") / "instance"))
        migrate(create_app({**BASE_CONFIG, "DATABASE_URL": TEST_DATABASE_URL}))
    yield


def _truncate_postgres():
    tables = ", ".join(f'"{m._meta.table_name}"' for m in MODELS)
    db.execute_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


BASE_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
    "WTF_CSRF_ENABLED": False,
    "RATELIMIT_STORAGE_URI": "memory://",
    "SERVER_NAME": "passage.test",
}


@pytest.fixture(scope="session")
def _migrated_sqlite(tmp_path_factory):
    """One SQLite file with every migration applied; each test starts from a copy of it."""
    folder = tmp_path_factory.mktemp("template")
    path = folder / "template.sqlite3"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PASSAGE_INSTANCE", str(folder / "instance"))
        migrate(create_app({**BASE_CONFIG, "DATABASE_URL": f"sqlite:///{path}"}))
    db.obj.close_all()
    return path


@pytest.fixture
def app_config(tmp_path, _migrated_sqlite, _postgres_schema):
    """The test configuration; a test may change it before asking for `app`."""
    if not TEST_DATABASE_URL:
        shutil.copyfile(_migrated_sqlite, tmp_path / "test.sqlite3")
    return {
        **BASE_CONFIG,
        "DATABASE_URL": TEST_DATABASE_URL or f"sqlite:///{tmp_path / 'test.sqlite3'}",
    }


@pytest.fixture
def app(app_config, tmp_path, monkeypatch):
    """A fresh app on an empty database.

    No app context stays pushed: requests must not share `g` with each other or the test.
    """
    monkeypatch.setenv("PASSAGE_INSTANCE", str(tmp_path / "instance"))
    app = create_app(app_config)
    limiter.reset()
    if TEST_DATABASE_URL:
        _truncate_postgres()
    yield app
    if isinstance(db.obj, PooledDatabase):
        # Pooled connections to this test's file must not outlive it.
        db.obj.close_all()
    elif not db.is_closed():
        db.close()


@pytest.fixture
def ctx(app):
    """An app context, for tests that call services directly."""
    with app.app_context():
        yield


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class Auth:
    """Log a test client in and out as a given user."""

    def __init__(self, client):
        self.client = client

    def login(self, user, password=PASSWORD):
        response = self.client.post("/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, "login failed"
        if response.headers["Location"] == "/login/code":
            # Tests log the same person in many times a minute: forget the last code used.
            User.update(totp_last_step=0).where(User.id == user.id).execute()
            response = self.client.post("/login/code",
                                        data={"code": pyotp.TOTP(user.totp_secret).now()})
            assert response.status_code == 302, "second factor failed"
        return response

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return Auth(client)


@pytest.fixture
def organizer(app):
    return make_organizer(email="org@example.test", name="Olga Organizer")


@pytest.fixture
def mentor(app):
    return make_mentor(email="mentor@example.test", name="Marc Mentor")


@pytest.fixture
def newcomer(app):
    return make_newcomer(email="newcomer@example.test", name="Алексей")
