"""Configuration: a kept secret key, refusal of weak keys in production, the database URL."""
import os
import stat

import pytest

from network import create_app
from network.config import ConfigError, secret_key


def test_a_generated_key_is_kept_private_and_reused(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = secret_key(tmp_path, production=False)
    path = tmp_path / "secret_key"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert len(first) >= 32 and secret_key(tmp_path, production=False) == first


def test_the_environment_key_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    assert secret_key(tmp_path, production=True) == "k" * 40
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize("key", [None, "short", "changeme", "x" * 31])
def test_production_refuses_a_missing_or_weak_key(tmp_path, monkeypatch, key):
    monkeypatch.setenv("PASSAGE_ENV", "production")
    monkeypatch.setenv("PASSAGE_INSTANCE", str(tmp_path))
    if key is None:
        monkeypatch.delenv("SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(ConfigError):
        create_app()


def test_production_cookies_are_secure(tmp_path, monkeypatch):
    monkeypatch.setenv("PASSAGE_ENV", "production")
    monkeypatch.setenv("PASSAGE_INSTANCE", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "p" * 48)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite3'}")
    monkeypatch.setenv("PUBLIC_URL", "https://passage.example.org")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["DATABASE_URL"].endswith("prod.sqlite3")


def test_default_database_is_sqlite_in_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("PASSAGE_INSTANCE", str(tmp_path))
    app = create_app()
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'passage.sqlite3'}"
    assert (tmp_path / "passage.sqlite3").exists()
