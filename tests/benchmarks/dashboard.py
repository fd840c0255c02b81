"""The organizer dashboard on the large demo network: `python tests/benchmarks/dashboard.py --json`.

Each period's page is rendered with its figures counted afresh ("median_ms", the page an
organizer gets once a minute), then with the figures of the last minute ("kept_median_ms");
the page cache is off, so every request renders the page.
"""
import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

# The repository, in place of this folder: a sibling http.py must not hide the standard library.
sys.path[0] = str(Path(__file__).resolve().parents[2])

import pyotp  # noqa: E402

from tests.benchmarks import large  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    os.environ.update(large.instance())
    from network import create_app
    from network.db import db

    # The test client logs in without a browser's CSRF token; the page measured is unchanged.
    app = create_app({"WTF_CSRF_ENABLED": False, "PAGE_CACHE_SECONDS": 0})
    client = app.test_client()
    client.post("/login", data={"email": "organizer@demo.test", "password": large.PASSWORD})
    client.post("/login/code", data={"code": pyotp.TOTP(large.TOTP_SECRET).now()})
    results = {}
    for weeks in (4, 12, 52):
        url = f"/dashboard/?weeks={weeks}"
        assert client.get(url).status_code == 200
        queries = {"n": 0}
        original = db.obj.execute_sql

        def counting(*a, **kw):
            queries["n"] += 1
            return original(*a, **kw)

        db.obj.execute_sql = counting
        timings = []
        for _ in range(args.runs):
            app.extensions["passage.dashboard_figures"].clear()
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        del db.obj.execute_sql
        kept = []
        for _ in range(args.runs):
            started = time.perf_counter()
            client.get(url)
            kept.append((time.perf_counter() - started) * 1000)
        results[f"weeks_{weeks}"] = {"median_ms": round(statistics.median(timings), 1),
                                     "max_ms": round(max(timings), 1),
                                     "queries": queries["n"] // args.runs,
                                     "kept_median_ms": round(statistics.median(kept), 1)}
    print(json.dumps(results) if args.json else results)


if __name__ == "__main__":
    main()
