"""One definition per figure, at scale: the daily digest says what the dashboard shows on the
large demo network (seeded in about half a minute; `PASSAGE_LARGE_DEMO=DIR` keeps the seeded
folder for the next run)."""
import os
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from network import create_app
from network.dashboard.attention import ATTENTION_ROWS, attention
from network.dashboard.digest import organizer_digest
from network.dashboard.service import figures
from network.db import db
from network.models import Case, Lead, Notification, utcnow
from network.timeutil import paris_date, paris_midnight_utc

sys.path.insert(0, str(Path(__file__).resolve().parent / "benchmarks"))
import large  # noqa: E402  (the benchmarks' seeding of the large demo, a script folder)

pytestmark = pytest.mark.large


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """The large demo in its own instance folder (SQLite, its keys beside it)."""
    kept = os.environ.get("PASSAGE_LARGE_DEMO")
    folder = Path(kept) if kept else tmp_path_factory.mktemp("large")
    large.reused(str(folder))
    return folder


@pytest.fixture
def large_app(seeded, monkeypatch):
    monkeypatch.setenv("PASSAGE_INSTANCE", str(seeded))
    app = create_app({"TESTING": True, "SECRET_KEY": "benchmark-secret-key-0123456789abcdef",
                      "SERVER_NAME": "passage.test",
                      "DATABASE_URL": f"sqlite:///{seeded / 'passage.sqlite3'}"})
    yield app
    db.obj.close_all()


def test_the_digest_and_the_dashboard_give_the_same_figures_on_the_large_demo(large_app):
    # Today at 09:00 in Paris: the digest's hour has come, and the demo's data is around it.
    now = paris_midnight_utc(paris_date(utcnow())) + timedelta(hours=9)
    with large_app.app_context():
        Notification.delete().where(Notification.kind == "digest").execute()
        assert organizer_digest(now) > 0
        listed = attention(now)
        shown = figures(now, 12)["open_requests"]
        params = (Notification.select().where(Notification.kind == "digest")
                  .order_by(Notification.id).get().payload["params"])
        open_cases = Case.select().where(Case.status == "open").count()
        leads = Lead.select().count()
    assert set(params) == {"pending", "open", "overdue"}, "a new figure needs comparing here"
    totals = listed["totals"]
    # At scale each list is longer than what the dashboard shows of it: counts, not rows.
    assert params["overdue"] == totals["overdue"] > 0
    assert params["open"] == sum(row["count"] for row in shown.values()) > ATTENTION_ROWS
    assert params["pending"] == totals["intake"] + totals["vetting"] > ATTENTION_ROWS
    # The casework has data at scale: open cases in "act now", newcomers with a lead.
    assert totals["cases"] == open_cases > ATTENTION_ROWS and leads >= 1000

