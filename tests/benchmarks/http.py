"""Throughput and latency under gunicorn: `python tests/benchmarks/http.py --json`.

Seeds the large demo network and starts gunicorn on 127.0.0.1 with a bare Flask "hello" route
beside the app. The headline ("mixed") is many people at once: 40 sessions of every role, each
logged in with its own cookie and walking the pages a person of its role would, with a share
of writes (messages, RSVPs, check-in logs), played by wrk (16 connections) from one Lua script
that rotates requests and cookies, page cache as deployed (tests/benchmarks/mixed.py). It is
given beside hello, measured in the same server just before. Then each main page alone, as
deployed ("pages", one session asking for the same page, served from its page cache) and
with the page cache off ("pages_rendered"), sending a message (a POST) included.

`--database sqlite,postgresql --workers 2,4` runs the mixed run on each database with each
number of workers (a throw-away PostgreSQL database, made from `--postgres` and dropped
afterwards); the single pages use the first database and number of workers.
"""
import sys
from pathlib import Path

# This file is named http.py: the repository replaces its folder on the path, so that the
# standard library's own http package is the one imported.
sys.path[0] = str(Path(__file__).resolve().parents[2])

import argparse  # noqa: E402
import contextlib  # noqa: E402
import http.client  # noqa: E402
import http.cookiejar  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.parse  # noqa: E402
import urllib.request  # noqa: E402
from collections import Counter  # noqa: E402

from tests.benchmarks import large, mixed  # noqa: E402

AGENT = "passage-benchmark"
PAGES = (
    ("hello", None, "GET", "/hello/"),
    ("login_page", None, "GET", "/login"),
    ("newcomer_home", "newcomer@demo.test", "GET", "/"),
    ("mentor_dashboard", "mentor@demo.test", "GET", "/"),
    ("organizer_dashboard", "organizer@demo.test", "GET", "/dashboard/"),
    ("match_board", "organizer@demo.test", "GET", "/matching/"),
    ("meetings_list", "newcomer@demo.test", "GET", "/meetings/"),
    # The demo newcomer's conversation with their mentor, found on their list of conversations.
    ("conversation_page", "newcomer@demo.test", "GET", "/conversations/{conversation}"),
    ("send_message", "newcomer@demo.test", "POST", "/conversations/{conversation}/messages"),
)


class Visitor:
    """A browser for logging in and walking: it keeps its cookies and follows redirects."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.opener.addheaders = [("User-Agent", AGENT)]

    def _open(self, path, data=None):
        with self.opener.open(self.base + path, data) as response:
            return mixed.Page(urllib.parse.urlsplit(response.geturl()).path,
                              response.read().decode())

    def get(self, path):
        return self._open(path)

    def post(self, path, fields):
        token = mixed.TOKEN.search(self.get(path).text).group(1)
        return self._open(path, urllib.parse.urlencode({**fields, "csrf_token": token}).encode())

    def cookie(self):
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def _logged_in(base, email):
    visitor = Visitor(base)
    mixed.login(visitor, email, large.PASSWORD, large.TOTP_SECRET)
    return visitor


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(url, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer")


@contextlib.contextmanager
def _server(env, workers):
    """gunicorn with this many sync workers on a free port; yields the port."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--no-control-socket", "-w", str(workers), "-b",
         f"127.0.0.1:{port}", "--log-level", "warning", "tests.benchmarks.bench_wsgi:app"],
        cwd=large.ROOT, env=env, start_new_session=True)
    try:
        _wait(f"http://127.0.0.1:{port}/healthz")
        yield port
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _replay(port, requests):
    """Each request once, as wrk sends it; what was not answered as it should be."""
    failures = []
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for method, path, cookie, body in requests:
        headers = {"Cookie": cookie, "User-Agent": AGENT}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        problem = mixed.expected(method, response.status, response.getheader("Location"),
                                 response.read().decode())
        if problem:
            failures.append(f"{method} {path}: {problem}")
    connection.close()
    return failures


def _wrk(url, seconds, connections, cookie=None, script=None):
    # A slow answer counts in the latency, not as a socket error wrk leaves out of it.
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s",
               "-H", f"User-Agent: {AGENT}"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    if script:
        command += ["-s", script]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"\s(50|99)%\s+([\d.]+\w+)", out))
    figures = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
               "requests": int(re.search(r"(\d+) requests in", out).group(1)),
               "p50_ms": _ms(latency["50"]), "p99_ms": _ms(latency["99"]),
               "errors": _count(r"Non-2xx or 3xx responses: (\d+)", out),
               "socket_errors": sum(map(int, re.findall(r"(?:connect|read|write|timeout) (\d+)",
                                                        out)))}
    if script:
        figures["lost_sessions"] = _count(r"Logged out: (\d+)", out)
    return figures


def _count(pattern, text):
    found = re.search(pattern, text)
    return int(found.group(1)) if found else 0


def _ms(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return round(float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit], 2)


def _script(requests):
    handle, path = tempfile.mkstemp(prefix="passage-bench-", suffix=".lua")
    with os.fdopen(handle, "w") as script:
        script.write(mixed.lua_script(requests, AGENT))
    return path


def _database(env, *command):
    """`python -m tests.benchmarks.mixed ...` on the run's database: its JSON answer."""
    out = subprocess.run([sys.executable, "-m", "tests.benchmarks.mixed", *command],
                         cwd=large.ROOT, env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _mixed(env, workers, args):
    """The headline: every chosen session walking its pages at once, beside hello."""
    accounts = _database(env, "choose", large.TOTP_SECRET)
    with _server(env, workers) as port:
        base = f"http://127.0.0.1:{port}"
        sessions = []
        for email, role, index in accounts:
            visitor = _logged_in(base, email)
            sessions.append((visitor.cookie(), mixed.walk(visitor, role, index)))
        requests = mixed.interleave(sessions)
        failures = _replay(port, requests)
        if failures:
            raise RuntimeError(f"the walks do not answer as they should: {failures[:5]}")
        hello = _wrk(base + "/hello/", args.seconds, args.connections)
        before = _database(env, "tally")
        script = _script(requests)
        try:
            figures = _wrk(base + "/", args.mixed_seconds, args.connections, script=script)
        finally:
            os.unlink(script)
        after = _database(env, "tally")
        # The same walks once more: every session still logged in, every page still served.
        figures["failures_after"] = len(_replay(port, requests))
    figures["ratio_to_hello"] = round(figures["rps"] / hello["rps"], 3)
    posts = sum(1 for method, *_ in requests if method == "POST")
    return {"workers": workers, "sessions": dict(Counter(role for _, role, _ in accounts)),
            "requests_in_rotation": len(requests), "post_share": round(posts / len(requests), 3),
            "hello": hello, "mixed": figures,
            "written": {key: after[key] - before[key]
                        for key in ("messages", "checkins_logged", "audited_reads")},
            "unusual_access_alerts": after["unusual_access_alerts"]}


def _pages(env, workers, args):
    """Every page alone, one session asking for it again and again."""
    with _server(env, workers) as port:
        base = f"http://127.0.0.1:{port}"
        visitors = {email: _logged_in(base, email) for email in {e for _, e, _, _ in PAGES if e}}
        newcomer = visitors["newcomer@demo.test"]
        found = {"conversation": re.search(r'href="/conversations/(\d+)"',
                                           newcomer.get("/conversations/").text).group(1)}
        token = mixed.TOKEN.search(newcomer.get(f"/conversations/{found['conversation']}").text)
        body = urllib.parse.urlencode({"body": "Benchmark message", "csrf_token": token.group(1)})
        results = {}
        for name, email, method, path in PAGES:
            path = path.format(**found)
            if email is None:
                results[name] = _wrk(base + path, args.seconds, args.connections)
                continue
            request = (method, path, visitors[email].cookie(), body if method == "POST" else None)
            if _replay(port, [request]):
                raise RuntimeError(f"{method} {path} does not answer {email} as it should")
            if method == "GET":
                results[name] = _wrk(base + path, args.seconds, args.connections,
                                     cookie=request[2])
            else:
                script = _script([request])
                try:
                    results[name] = _wrk(base + "/", args.seconds, args.connections,
                                         script=script)
                finally:
                    os.unlink(script)
    for figures in results.values():
        figures["ratio_to_hello"] = round(figures["rps"] / results["hello"]["rps"], 3)
    return results


def _admin(postgres, sql):
    import psycopg2

    connection = psycopg2.connect(f"{postgres}/postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


@contextlib.contextmanager
def _seeded(kind, postgres):
    """The large demo seeded once; yields a function that gives a fresh copy's environment.

    A copy is the instance folder (SQLite), or a database made from the seeded one as its
    template (PostgreSQL); all are removed afterwards.
    """
    folder = tempfile.mkdtemp(prefix="passage-bench-")
    seed, copies = f"passage_bench_http_{os.getpid()}", []

    def fresh():
        if kind == "sqlite":
            copies.append(tempfile.mkdtemp(prefix="passage-bench-"))
            shutil.copytree(folder, copies[-1], dirs_exist_ok=True)
            return dict(env, PASSAGE_INSTANCE=copies[-1])
        copies.append(f"{seed}_{len(copies)}")
        _admin(postgres, f"CREATE DATABASE {copies[-1]} TEMPLATE {seed}")
        # As deployed: one kept connection per worker.
        pool = postgres.replace("postgresql://", "postgresql+pool://", 1)
        return dict(env, DATABASE_URL=f"{pool}/{copies[-1]}")

    try:
        if kind == "sqlite":
            env = large.instance(folder)
        else:
            _admin(postgres, f"CREATE DATABASE {seed}")
            env = large.instance(folder, database_url=f"{postgres}/{seed}")
        yield fresh
    finally:
        if kind == "sqlite":
            for copy in copies:
                shutil.rmtree(copy, ignore_errors=True)
        else:
            for name in copies + [seed]:
                _admin(postgres, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        shutil.rmtree(folder, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--seconds", type=int, default=8, help="per single page, and hello")
    parser.add_argument("--mixed-seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--database", default="sqlite", help="sqlite, postgresql or "
                        "sqlite,postgresql: the mixed run on each")
    parser.add_argument("--workers", default="2", help="comma-separated: the mixed run with each")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432",
                        help="a PostgreSQL server that lets this user create databases")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    databases = args.database.split(",")
    workers = [int(n) for n in args.workers.split(",")]
    started = time.monotonic()
    # The benchmark logs in some 50 times a run; the load itself never hits the login limit.
    os.environ.update(LOGIN_LIMIT_ADDRESS="1000 per minute", PYTHONPATH=str(large.ROOT))
    output = {"connections": args.connections, "seconds": args.seconds,
              "mixed_seconds": args.mixed_seconds, "mixed": {}}
    for kind in databases:
        with _seeded(kind, args.postgres) as fresh:
            for count in workers:
                output["mixed"][f"{kind}_{count}_workers"] = _mixed(fresh(), count, args)
            if kind == databases[0]:
                output["pages"] = _pages(fresh(), workers[0], args)
                output["pages_rendered"] = _pages(dict(fresh(), PAGE_CACHE_SECONDS="0"),
                                                  workers[0], args)
    output["run_seconds"] = round(time.monotonic() - started)
    print(json.dumps(output) if args.json else json.dumps(output, indent=2))


if __name__ == "__main__":
    main()
