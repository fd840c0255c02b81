"""With Redis storage, a lockout holds across workers: two apps stand in for two processes."""
import os
import uuid

import pytest

from network import create_app

from .factories import PASSWORD, make_mentor

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_available():
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except Exception:
        return False
    return True


pytestmark = pytest.mark.skipif(
    not _redis_available() and os.environ.get("CI") != "true",
    reason="no Redis on 127.0.0.1:6379 (CI has one and never skips this)",
)


def test_a_lockout_is_shared_between_workers(app, app_config, tmp_path, monkeypatch):
    config = {**app_config, "RATELIMIT_STORAGE_URI": REDIS_URL,
              "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    worker_a, worker_b = create_app(config), create_app(config)
    mentor = make_mentor()
    for _ in range(5):
        worker_a.test_client().post("/login",
                                    data={"email": mentor.email, "password": "wrong one!"})
    response = worker_b.test_client().post("/login", data={"email": mentor.email,
                                                           "password": PASSWORD})
    assert response.status_code == 429
    # The count lives in Redis, where every worker on every host reads it.
    import redis

    assert redis.Redis.from_url(REDIS_URL).keys(f"*{config['RATELIMIT_KEY_PREFIX']}*")
