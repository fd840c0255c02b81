"""One definition per figure: the daily digest says what the dashboard shows.

Measured on a network grown from the factories past the dashboard's first 20 rows of each list,
in every run; tests/test_digest_agrees_large.py compares them on the large demo (marked `large`).
"""
import random
from datetime import datetime, timedelta

from network.dashboard.attention import ATTENTION_ROWS, attention
from network.dashboard.digest import organizer_digest
from network.dashboard.service import figures
from network.models import CheckIn, Notification

from .factories import make_match, make_mentor, make_newcomer, make_request

# 09:00 in Paris: the digest's hour has come.
NOW = datetime(2026, 11, 24, 8, 0)
LIVE_OVERDUE = 27


def _grow(seed=19):
    """Old missed check-ins of ended matches, live overdue ones, coming ones, open requests,
    newcomers and volunteers waiting."""
    rng = random.Random(seed)
    mentors = [make_mentor() for _ in range(4)]
    for _ in range(12):
        ended = make_match(rng.choice(mentors), make_newcomer(), status="ended")
        for weeks in range(1, rng.randint(2, 6)):
            CheckIn.create(match=ended, status="missed",
                           due_at=NOW - timedelta(days=40 + 7 * weeks))
    for _ in range(LIVE_OVERDUE):
        live = make_match(rng.choice(mentors), make_newcomer())
        CheckIn.create(match=live, due_at=NOW - timedelta(days=rng.randint(3, 20)),
                       status=rng.choice(("scheduled", "missed")))
        CheckIn.create(match=live, due_at=NOW + timedelta(days=rng.randint(1, 9)))
        # Long past: the dashboard stops listing it, so the digest stops counting it.
        CheckIn.create(match=live, due_at=NOW - timedelta(days=45), status="missed")
    for _ in range(31):
        make_request(make_newcomer(), rng.choice(("mentor", "housing", "language")))
    for _ in range(23):
        make_newcomer(status="pending")
    for _ in range(6):
        make_mentor(status="pending")


def test_the_digest_and_the_dashboard_give_the_same_figures(app, organizer):
    _grow()
    with app.app_context():
        assert organizer_digest(NOW) == 1
        listed = attention(NOW)
        shown = figures(NOW, 4)["open_requests"]
    params = Notification.get(Notification.kind == "digest").payload["params"]
    assert set(params) == {"pending", "open", "overdue"}, "a new figure needs comparing here"
    totals = listed["totals"]
    assert len(listed["overdue"]) == ATTENTION_ROWS < totals["overdue"]
    assert params["overdue"] == totals["overdue"] == LIVE_OVERDUE
    assert params["open"] == sum(row["count"] for row in shown.values()) >= 31
    assert params["pending"] == totals["intake"] + totals["vetting"] == 23 + 6
