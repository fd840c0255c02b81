"""Configuration: a kept secret key, refusal of weak keys in production, the database URL."""
import os
import stat

import pytest
from cryptography.fernet import Fernet

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
    monkeypatch.setenv("PASSAGE_ENCRYPTION_KEYS", Fernet.generate_key().decode())
    if key is None:
        monkeypatch.delenv("SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(ConfigError):
        create_app()


def test_production_cookies_are_secure_and_pushes_go_out_only(tmp_path, monkeypatch):
    monkeypatch.setenv("PASSAGE_ENV", "production")
    monkeypatch.setenv("PASSAGE_INSTANCE", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "p" * 48)
    monkeypatch.setenv("PASSAGE_ENCRYPTION_KEYS", Fernet.generate_key().decode())
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite3'}")
    monkeypatch.setenv("PUBLIC_URL", "https://passage.example.org")
    # Whatever the environment says, production pushes only to public addresses.
    monkeypatch.setenv("PUSH_PRIVATE_ENDPOINTS", "1")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["DATABASE_URL"].endswith("prod.sqlite3")
    assert app.config["PUSH_PRIVATE_ENDPOINTS"] is False


def test_default_database_is_sqlite_in_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("PASSAGE_INSTANCE", str(tmp_path))
    app = create_app()
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'passage.sqlite3'}"
    assert (tmp_path / "passage.sqlite3").exists()


@pytest.mark.parametrize("missing", [("SECRET_KEY",), ("PASSAGE_ENCRYPTION_KEYS",),
                                     ("SECRET_KEY", "PASSAGE_ENCRYPTION_KEYS")])
def test_production_names_each_key_missing_from_the_environment_and_writes_none(
        tmp_path, monkeypatch, missing):
    monkeypatch.setenv("PASSAGE_ENV", "production")
    monkeypatch.setenv("PASSAGE_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'data' / 'prod.sqlite3'}")
    monkeypatch.setenv("SECRET_KEY", "p" * 48)
    monkeypatch.setenv("PASSAGE_ENCRYPTION_KEYS", Fernet.generate_key().decode())
    for name in missing:
        monkeypatch.delenv(name)
    with pytest.raises(ConfigError) as refused:
        create_app()
    for name in ("SECRET_KEY", "PASSAGE_ENCRYPTION_KEYS"):
        assert (name in str(refused.value)) == (name in missing)
    assert not [path.name for path in tmp_path.rglob("*") if path.is_file()]


@pytest.mark.parametrize("where", ["instance", "data"])
@pytest.mark.parametrize("name", ["encryption.key", "secret_key", "vapid.key"])
def test_production_refuses_a_key_file_left_beside_the_database(tmp_path, monkeypatch, where, name):
    monkeypatch.setenv("PASSAGE_ENV", "production")
    monkeypatch.setenv("PASSAGE_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'data' / 'prod.sqlite3'}")
    monkeypatch.setenv("SECRET_KEY", "p" * 48)
    monkeypatch.setenv("PASSAGE_ENCRYPTION_KEYS", Fernet.generate_key().decode())
    (tmp_path / where).mkdir()
    (tmp_path / where / name).write_text(Fernet.generate_key().decode())
    with pytest.raises(ConfigError, match="beside the database") as refused:
        create_app()
    assert str(tmp_path / where / name) in str(refused.value)


def test_production_refuses_a_malformed_encryption_key_without_printing_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PASSAGE_ENV", "production")
    monkeypatch.setenv("PASSAGE_INSTANCE", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite3'}")
    monkeypatch.setenv("SECRET_KEY", "p" * 48)
    monkeypatch.setenv("PUBLIC_URL", "https://passage.example.org")
    monkeypatch.setenv("PASSAGE_ENCRYPTION_KEYS", "half-remembered-passphrase")
    with pytest.raises(ConfigError, match="PASSAGE_ENCRYPTION_KEYS") as refused:
        create_app()
    assert "half-remembered" not in str(refused.value)


def test_development_generates_a_private_encryption_key_in_the_instance_folder(tmp_path,
                                                                               monkeypatch):
    monkeypatch.delenv("PASSAGE_ENV", raising=False)
    monkeypatch.delenv("PASSAGE_ENCRYPTION_KEYS", raising=False)
    monkeypatch.setenv("PASSAGE_INSTANCE", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'dev.sqlite3'}")
    create_app()
    assert stat.S_IMODE(os.stat(tmp_path / "encryption.key").st_mode) == 0o600
