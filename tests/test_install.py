"""The factory binds and writes nothing into the source tree; `flask upgrade` prepares."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from network import config, create_app, i18n
from network.db import db

from .conftest import BASE_CONFIG

ROOT = Path(__file__).resolve().parent.parent
SERVE_RUSSIAN = """
from network import create_app
page = create_app().test_client().get("/login", headers={"Accept-Language": "ru"})
print(page.status_code, "Войти" in page.get_data(as_text=True))
"""


def _production(instance):
    """A production environment, its SQLite database in an instance folder outside the tree."""
    env = {key: value for key, value in os.environ.items()
           if key not in {"DATABASE_URL", "TEST_DATABASE_URL", "PYTHONPATH", "PREPARE_AT_START",
                          "TRUSTED_HOSTS"}}
    env.update(PASSAGE_ENV="production", PASSAGE_INSTANCE=str(instance),
               SECRET_KEY="install-" + "k" * 40,
               PASSAGE_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
               PUBLIC_URL="https://localhost")
    return env


def _snapshot(tree):
    return {path: (path.stat().st_size, path.stat().st_mtime_ns)
            for path in sorted(tree.rglob("*"))}


def _set_writable(tree, writable):
    for path in [tree, *tree.rglob("*")]:
        if path.is_dir():
            path.chmod(0o755 if writable else 0o555)
        else:
            path.chmod(0o644 if writable else 0o444)


def test_a_read_only_tree_starts_and_serves_russian(tmp_path):
    tree = tmp_path / "tree"
    for folder in ("network", "templates", "static"):
        shutil.copytree(ROOT / folder, tree / folder,
                        ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy2(ROOT / "wsgi.py", tree / "wsgi.py")
    env = _production(tmp_path / "instance")
    prepared = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "upgrade"],
                              cwd=tree, env=env, capture_output=True, text=True, timeout=120)
    assert prepared.returncode == 0, prepared.stderr
    assert "compiled:" in prepared.stdout and "applied:" in prepared.stdout
    # A checkout or an image copy may leave a .po newer than its .mo: start must not compile.
    po = tree / "network" / "translations" / "ru" / "LC_MESSAGES" / "messages.po"
    mo_time = po.with_suffix(".mo").stat().st_mtime_ns
    os.utime(po, ns=(mo_time + 10**9, mo_time + 10**9))
    before = _snapshot(tree)
    _set_writable(tree, False)
    try:
        served = subprocess.run([sys.executable, "-c", SERVE_RUSSIAN], cwd=tree,
                                env={**env, "PYTHONDONTWRITEBYTECODE": "1"},
                                capture_output=True, text=True, timeout=120)
    finally:
        _set_writable(tree, True)
    assert served.returncode == 0, served.stderr
    assert served.stdout.split() == ["200", "True"]
    assert "flask --app wsgi upgrade" in served.stderr
    assert _snapshot(tree) == before


def test_the_factory_leaves_a_new_database_alone_unless_told(tmp_path, monkeypatch):
    monkeypatch.setenv("PASSAGE_INSTANCE", str(tmp_path / "instance"))
    for told in (False, True):
        url = f"sqlite:///{tmp_path / f'told-{told}.sqlite3'}"
        app = create_app({**BASE_CONFIG, "DATABASE_URL": url, "PREPARE_AT_START": told})
        with app.app_context():
            tables = db.get_tables()
        db.obj.close_all()
        assert bool(tables) is told


@pytest.mark.parametrize("argv, production, prepares", [
    (["/srv/.venv/bin/flask", "--app", "wsgi", "run"], False, True),
    (["/srv/.venv/bin/flask", "--app", "wsgi", "run"], True, False),
    (["/srv/.venv/bin/gunicorn", "wsgi:app"], False, False),
    (["/srv/.venv/bin/flask", "--app", "wsgi", "seed-demo"], False, False),
])
def test_only_the_development_server_prepares_at_start(tmp_path, monkeypatch, argv, production,
                                                       prepares):
    monkeypatch.delenv("PREPARE_AT_START", raising=False)
    monkeypatch.setattr(sys, "argv", argv)
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    monkeypatch.setenv("PASSAGE_ENCRYPTION_KEYS", "unused-by-load")
    monkeypatch.setenv("PUBLIC_URL", "https://passage.example.org")
    monkeypatch.setenv("PASSAGE_ENV", "production" if production else "development")
    assert config.load(tmp_path)["PREPARE_AT_START"] is prepares


@pytest.fixture
def stale_catalogs(tmp_path, monkeypatch):
    """A copy of the catalogs with no .mo, where the commands look for them."""
    target = tmp_path / "translations"
    shutil.copytree(i18n.TRANSLATIONS, target, ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.setattr(i18n, "TRANSLATIONS", target)
    return target


@pytest.mark.parametrize("command", ["upgrade", "translations"])
def test_the_commands_compile_stale_catalogs_once(runner, stale_catalogs, command):
    first = runner.invoke(args=[command])
    assert first.exit_code == 0, first.output
    assert sorted(Path(line.split(": ", 1)[1]).parent.parent.name
                  for line in first.output.splitlines()) == ["fr", "ru", "uk"]
    assert i18n.stale_catalogs(stale_catalogs) == []
    assert "up to date" in runner.invoke(args=[command]).output
