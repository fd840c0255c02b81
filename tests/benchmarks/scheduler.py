"""One scheduler tick over 100,000 check-ins of which 1,000 are due.

`python tests/benchmarks/scheduler.py --json`.

The once-a-day maintenance (topping up schedules, retention) runs at the day's first tick; it
is timed apart as `daily_seconds`, and `seconds` is the tick that runs every minute.
"""
import argparse
import json
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

# The repository, in place of this folder: a sibling named http.py must not hide the standard
# library.
sys.path[0] = str(Path(__file__).resolve().parents[2])

from network import create_app, jobs  # noqa: E402
from network.auth.service import hash_password  # noqa: E402
from network.install import prepare  # noqa: E402
from network.models import CheckIn, HelpRequest, Match, Offer, User  # noqa: E402
from network.scheduler import tick  # noqa: E402

DAILY = ("checkins_planned", "retention_erased", "statistics_refreshed")
NOW = datetime(2026, 11, 24, 9, 0)


def _bulk(model, rows, batch=2000):
    for start in range(0, len(rows), batch):
        model.insert_many(rows[start:start + batch]).execute()


def build(checkins, due, matches, seed):
    """A network whose check-ins are mostly logged or far ahead, `due` of them in the next day."""
    rng = random.Random(seed)
    password = hash_password("benchmark passphrase")
    _bulk(User, [dict(email=f"u{i}@bench.test", display_name=f"U{i}", password_hash=password,
                      role="mentor" if i % 2 else "newcomer", status="active")
                 for i in range(2 * matches)])
    ids = [i for (i,) in User.select(User.id).order_by(User.id).tuples()]
    mentors, newcomers = ids[1::2], ids[0::2]
    _bulk(Offer, [dict(volunteer=m, kind="mentor", capacity=1, used=1) for m in mentors])
    _bulk(HelpRequest, [dict(newcomer=n, kind="mentor", status="matched") for n in newcomers])
    offers = [i for (i,) in Offer.select(Offer.id).order_by(Offer.id).tuples()]
    requests = [i for (i,) in HelpRequest.select(HelpRequest.id).order_by(HelpRequest.id).tuples()]
    _bulk(Match, [dict(request=r, offer=o, newcomer=n, volunteer=m, kind="mentor", status="active",
                       explanation=[]) for r, o, n, m in zip(requests, offers, newcomers, mentors)])
    match_ids = [i for (i,) in Match.select(Match.id).tuples()]
    rows = []
    for n in range(checkins):
        if n < due:
            rows.append(dict(match=rng.choice(match_ids), status="scheduled",
                             due_at=NOW + timedelta(minutes=rng.randint(1, 23 * 60))))
        elif n % 2:
            rows.append(dict(match=rng.choice(match_ids), status="done",
                             due_at=NOW - timedelta(days=rng.randint(3, 700))))
        else:
            rows.append(dict(match=rng.choice(match_ids), status="scheduled",
                             due_at=NOW + timedelta(days=rng.randint(2, 90))))
    _bulk(CheckIn, rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--checkins", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=1_000)
    parser.add_argument("--matches", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
                          "SECRET_KEY": "benchmark-secret-key-0123456789abcdef",
                          "SCHEDULER_IN_PROCESS": False})
        prepare(app)
        with app.app_context():
            build(args.checkins, args.due, args.matches, args.seed)
            started = time.perf_counter()
            daily = {name: job(NOW) for name, job in jobs.JOBS if name in DAILY}
            daily_seconds = time.perf_counter() - started
            started = time.perf_counter()
            counts = tick(NOW)
            seconds = time.perf_counter() - started
    result = {"checkins": args.checkins, "due": args.due, "seconds": round(seconds, 4),
              "sent": counts, "daily_seconds": round(daily_seconds, 4), "daily": daily}
    print(json.dumps(result) if args.json else
          f"{args.checkins} check-ins, {args.due} due: one tick in {seconds * 1000:.1f} ms")


if __name__ == "__main__":
    main()
