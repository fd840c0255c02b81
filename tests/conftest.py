"""Fixtures: an app on a fresh temporary SQLite file (or TEST_DATABASE_URL), clients, logins."""
import os
import shutil
from datetime import timedelta
from pathlib import Path

import pyotp
import pytest
from argon2 import PasswordHasher
from jinja2 import BytecodeCache
from playhouse.pool import PooledDatabase
from werkzeug.routing import Rule

from network import create_app
from network.auth import service as auth_service
from network.auth.service import create_invitation
from network.db import db
from network.extensions import limiter
from network.i18n import TRANSLATIONS, compile_catalogs
from network.models import (
    MODELS,
    Approval,
    Case,
    CheckIn,
    Deadline,
    HelpRequest,
    Match,
    Meeting,
    Message,
    Occurrence,
    Offer,
    RemovedDeadline,
    RemovedProcedureDates,
    User,
    utcnow,
)

from .factories import (
    PASSWORD,
    make_conversation,
    make_match,
    make_mentor,
    make_newcomer,
    make_organizer,
    migrate,
    place,
)

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")

# Argon2id with its real cost takes ~50 ms a hash; the tests log in thousands of times.
auth_service._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


E2E = Path(__file__).parent / "e2e"


def _compile_each_url_builder_once():
    """Every test makes its own app, and werkzeug turns each URL rule into Python code: that was
    half of a test's setup. The code depends only on the rule's parts, so it is made once."""
    compile_builder, made = Rule._compile_builder, {}

    def once(self, append_unknown=True):
        key = (self.rule, tuple(self._trace), repr(sorted((self.defaults or {}).items())),
               append_unknown)
        if key not in made:
            made[key] = compile_builder(self, append_unknown)
        return made[key]

    Rule._compile_builder = once


_compile_each_url_builder_once()


class _TemplatesCompiledOnce(BytecodeCache):
    """Each test's app would compile every template it renders again: keep the code of each."""

    def __init__(self):
        self.code = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket):
        self.code[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = _TemplatesCompiledOnce()


def pytest_itemcollected(item):
    """Browser tests carry the `browser` mark, which the default run leaves out (pytest.ini)."""
    if item.path.is_relative_to(E2E):
        item.add_marker(pytest.mark.browser)


def pytest_xdist_auto_num_workers(config):
    """The default run on SQLite spreads over the cores. The browser walks and the large data
    (one served app, one seeded network), and PostgreSQL (one database, and the page cache reads
    the server-wide snapshot) run in one process."""
    if TEST_DATABASE_URL or config.option.markexpr != "not browser and not large":
        return 0
    return None


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
    app.jinja_env.bytecode_cache = TEMPLATES
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


@pytest.fixture
def world(app):
    """One person of each kind, a newcomer record, a volunteer record and an invitation."""
    people = {
        "organizer": make_organizer(),
        "mentor": make_mentor(),
        "mentor_pending": make_mentor(status="pending"),
        "newcomer": make_newcomer(),
        "newcomer_pending": make_newcomer(status="pending"),
    }
    target_newcomer = make_newcomer(status="pending")
    target_volunteer = make_mentor(status="pending")
    with app.app_context():
        invitation, token = create_invitation(people["organizer"], "mentor")
    help_request = HelpRequest.create(newcomer=target_newcomer, kind="mentor")
    offer = Offer.create(volunteer=make_mentor(), kind="mentor")
    match = Match.create(request=help_request, offer=offer, newcomer=target_newcomer,
                         volunteer=offer.volunteer, kind="mentor")
    args = {"user_id": None, "invitation_id": invitation.id, "token": token, "kind": "mentor",
            "request_id": help_request.id, "match_id": match.id, "notification_id": 1,
            "approval_id": Approval.create(kind="reveal_identity", target=target_newcomer).id,
            "decision": "cancel", "code": "ofpra_interview"}
    args.update(offer_id=offer.id, action="pause")
    care_newcomer = make_newcomer()
    care_offer = Offer.create(volunteer=make_mentor(), kind="mentor", used=1)
    care_match = Match.create(
        request=HelpRequest.create(newcomer=care_newcomer, kind="mentor", status="matched"),
        offer=care_offer, newcomer=care_newcomer, volunteer=care_offer.volunteer, kind="mentor",
        status="active")
    args.update(checkin_id=CheckIn.create(match=care_match, due_at=utcnow()).id,
                deadline_id=Deadline.create(newcomer=target_newcomer, kind="ofpra_interview",
                                            date=utcnow().date()).id)
    args.update(removed_id=RemovedDeadline.create(
        deadline_id=10 ** 6, newcomer=target_newcomer, kind="ofpra_interview",
        date=utcnow().date(), created_at=utcnow(), removed_by=people["organizer"]).id)
    RemovedProcedureDates.create(newcomer=target_newcomer, removed_by=people["organizer"],
                                 dates='{"entered": "2026-01-05"}')
    meeting = Meeting.create(title="Группа поддержки", language="ru", **place("Paris"),
                             place="12 rue Secrète", capacity=5, facilitator=make_mentor(),
                             start_at=utcnow() + timedelta(days=7), duration=90)
    args.update(meeting_id=meeting.id, feed_token="not-a-feed-token",
                occurrence_id=Occurrence.create(meeting=meeting, slot=meeting.start_at,
                                                start_at=meeting.start_at, capacity=5).id)
    conversation = make_conversation(make_mentor(), make_newcomer())
    args.update(conversation_id=conversation.id,
                message_id=Message.create(conversation=conversation, sender=conversation.newcomer,
                                          body="Только для наставника").id)
    args.update(case_id=Case.create(kind="problem", newcomer=target_newcomer, match=match).id)
    return people, target_newcomer, target_volunteer, args


@pytest.fixture
def care(app, mentor, newcomer):
    """An active mentor match with one check-in due in two days."""
    match = make_match(mentor, newcomer)
    return match, CheckIn.create(match=match, due_at=utcnow() + timedelta(days=2))
