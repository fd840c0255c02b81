"""Four busy pages rendered in-process on the large demo: `python tests/benchmarks/pages.py --json`.

The organizer dashboard (its figures as kept for the minute, the page an organizer gets), the
match board, the meetings list as a newcomer and a newcomer's record as an organizer (an
audited view); the page cache is off, so every request renders its page. Prints each page's
median and 90th percentile in ms, its median CPU time (steadier on a loaded machine) and the
queries it sends. `--instance DIR` reuses a folder seeded by an earlier run (seeding takes
minutes); `--profile NAME` prints where one page's time goes.
"""
import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

# The repository, in place of this folder: a sibling http.py must not hide the standard library.
sys.path[0] = str(Path(__file__).resolve().parents[2])

import pyotp  # noqa: E402

from tests.benchmarks import large  # noqa: E402


def _clients(app):
    from network.models import User

    # A reused folder remembers the code of the last run, and a code is never accepted twice.
    with app.app_context():
        User.update(totp_last_step=0).where(User.email == "organizer@demo.test").execute()
    organizer, newcomer = app.test_client(), app.test_client()
    organizer.post("/login", data={"email": "organizer@demo.test", "password": large.PASSWORD})
    organizer.post("/login/code", data={"code": pyotp.TOTP(large.TOTP_SECRET).now()})
    newcomer.post("/login", data={"email": "newcomer@demo.test", "password": large.PASSWORD})
    return organizer, newcomer


def _pages(app, organizer, newcomer):
    from network.models import User

    with app.app_context():
        record = User.get(User.email == "newcomer@demo.test").id
    return {"dashboard": (organizer, "/dashboard/"),
            "match_board": (organizer, "/matching/"),
            "meetings": (newcomer, "/meetings/"),
            "newcomer_record": (organizer, f"/people/newcomers/{record}")}


def _queries(client, url):
    from tests.querycount import count_queries

    with count_queries() as counter:
        client.get(url)
    return counter["n"]


def _timings(client, url, runs):
    """Wall-clock and CPU ms of each request: on a loaded machine the CPU time is the steadier."""
    wall, cpu = [], []
    for _ in range(runs):
        started, used = time.perf_counter(), time.thread_time()
        client.get(url)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - used) * 1000)
    return sorted(wall), sorted(cpu)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--instance", help="a folder seeded by an earlier run, or to seed")
    parser.add_argument("--profile", help="print the profile of this page instead")
    args = parser.parse_args()
    os.environ.update(large.reused(args.instance))
    from network import create_app

    # The test client logs in without a browser's CSRF token; the pages measured are unchanged.
    app = create_app({"WTF_CSRF_ENABLED": False, "PAGE_CACHE_SECONDS": 0})
    pages = _pages(app, *_clients(app))
    for client, url in pages.values():
        assert client.get(url).status_code == 200, url
    if args.profile:
        client, url = pages[args.profile]
        profile = cProfile.Profile()
        profile.runcall(_timings, client, url, args.runs)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        return
    results = {}
    for name, (client, url) in pages.items():
        wall, cpu = _timings(client, url, args.runs)
        results[name] = {"median_ms": round(statistics.median(wall), 2),
                         "p90_ms": round(wall[int(0.9 * (len(wall) - 1))], 2),
                         "cpu_median_ms": round(statistics.median(cpu), 2),
                         "queries": _queries(client, url)}
    print(json.dumps(results) if args.json else results)


if __name__ == "__main__":
    main()
