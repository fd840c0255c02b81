"""The large demo network in a throw-away instance folder, for the benchmarks."""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PASSWORD = "benchmark passphrase"


def instance(folder=None, database_url=None):
    """Seed `seed-demo --scale large` into a fresh instance folder (and its SQLite file, or the
    empty database at `database_url`) and return its environment."""
    folder = Path(folder or tempfile.mkdtemp(prefix="passage-bench-"))
    env = dict(os.environ, PASSAGE_INSTANCE=str(folder), SCHEDULER_IN_PROCESS="0",
               SECRET_KEY="benchmark-secret-key-0123456789abcdef")
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "upgrade"], cwd=ROOT, env=env,
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "seed-demo", "--scale", "large",
                    "--password", PASSWORD, "--totp-secret", TOTP_SECRET],
                   cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return env


def reused(folder):
    """The environment of a folder seeded by an earlier run (its schema brought up to date), or
    of a fresh seed into it."""
    if folder and (Path(folder) / "passage.sqlite3").exists():
        env = dict(os.environ, PASSAGE_INSTANCE=str(folder), SCHEDULER_IN_PROCESS="0",
                   SECRET_KEY="benchmark-secret-key-0123456789abcdef")
        env.pop("DATABASE_URL", None)
        subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "upgrade"], cwd=ROOT,
                       env=env, check=True, stdout=subprocess.DEVNULL)
        return env
    return instance(folder)
