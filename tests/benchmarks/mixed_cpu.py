"""Where the mixed run's time goes, in process: `python tests/benchmarks/mixed_cpu.py --json`.

The sessions and walks of the HTTP benchmark's mixed run (tests/benchmarks/mixed.py), played
through Flask's test client on the large demo with the page cache off: each request's CPU time,
then per page (role, method, path with its numbers as N) the median, the count per round and the
share of the whole. The mean is what one request costs the workers before the server's own
work; the HTTP benchmark's ratio to hello follows it. `--instance DIR` reuses a folder seeded by
an earlier run; the run plays on a copy of it, since it writes (messages, RSVPs, check-in logs).
"""
import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

# The repository, in place of this folder: a sibling http.py must not hide the standard library.
sys.path[0] = str(Path(__file__).resolve().parents[2])

from tests.benchmarks import large, mixed  # noqa: E402


class Visitor:
    """mixed.py's browser, on the test client: it keeps its cookies and follows redirects."""

    def __init__(self, app):
        self.client = app.test_client()
        self.client.environ_base["HTTP_USER_AGENT"] = "passage-benchmark"

    def _page(self, response):
        return mixed.Page(response.request.path, response.get_data(as_text=True))

    def get(self, path):
        return self._page(self.client.get(path, follow_redirects=True))

    def post(self, path, fields):
        token = mixed.TOKEN.search(self.get(path).text).group(1)
        return self._page(self.client.post(path, data={**fields, "csrf_token": token},
                                           follow_redirects=True))


def _sessions(app):
    from network.db import connection

    with app.app_context(), connection():
        chosen = mixed.choose(mixed.COUNTS, large.TOTP_SECRET)
    sessions = []
    for email, role, number in chosen:
        visitor = Visitor(app)
        mixed.login(visitor, email, large.PASSWORD, large.TOTP_SECRET)
        sessions.append((role, visitor.client, mixed.walk(visitor, role, number)))
    return sessions


def _measure(rounds):
    """Every walk played `rounds` times: the report."""
    from network import create_app

    app = create_app({"SCHEDULER_IN_PROCESS": False, "PAGE_CACHE_SECONDS": 0})
    sessions = _sessions(app)
    spent = defaultdict(list)
    for _ in range(rounds):
        for step in range(max(len(steps) for _, _, steps in sessions)):
            for role, client, steps in sessions:
                if step >= len(steps):
                    continue
                method, path, fields = steps[step]
                started = time.thread_time()
                answer = client.open(path, method=method, data=fields)
                spent[role, method, re.sub(r"\d+", "N", path)].append(
                    (time.thread_time() - started) * 1000)
                if answer.status_code not in (200, 302, 303):
                    raise RuntimeError(f"{method} {path} answered {answer.status_code}")
    total = sum(sum(times) for times in spent.values())
    count = sum(len(times) for times in spent.values())
    return {"requests": count, "mean_cpu_ms": round(total / count, 2), "pages": [
        {"role": role, "method": method, "path": path,
         "median_cpu_ms": round(statistics.median(times), 2),
         "per_round": len(times) // rounds, "share": round(sum(times) / total, 3)}
        for (role, method, path), times in sorted(spent.items(), key=lambda kv: -sum(kv[1]))]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--rounds", type=int, default=3, help="times every walk is played")
    parser.add_argument("--instance", help="a folder seeded by an earlier run, or to seed")
    args = parser.parse_args()
    seeded = large.reused(args.instance)["PASSAGE_INSTANCE"]
    with tempfile.TemporaryDirectory(prefix="passage-bench-") as copy:
        shutil.copytree(seeded, copy, dirs_exist_ok=True)
        os.environ.update(large.reused(copy))
        report = _measure(args.rounds)
    if args.json:
        print(json.dumps(report))
        return
    print(f"{report['requests']} requests, {report['mean_cpu_ms']} ms CPU each on average")
    for page in report["pages"]:
        print(f"{page['share']:6.1%} {page['median_cpu_ms']:7.2f} ms x{page['per_round']:3d}  "
              f"{page['role']} {page['method']} {page['path']}")


if __name__ == "__main__":
    main()
