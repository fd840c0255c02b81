"""Throughput and latency of the main pages under gunicorn:
`python tests/benchmarks/http.py --json`.

Seeds the large demo network, starts gunicorn (2 workers) on 127.0.0.1 with a bare Flask
"hello" route beside the app, logs in as each role, and drives every page with wrk
(16 connections). Each page's requests per second is also given as a ratio of hello's.
"pages" is the app as deployed; "pages_rendered" the same with the page cache off, so every
request renders its page (what a person sees right after any change in the database).
"""
import sys
from pathlib import Path

# This file is named http.py: the repository replaces its folder on the path, so that the
# standard library's own http package is the one imported.
sys.path[0] = str(Path(__file__).resolve().parents[2])

import argparse  # noqa: E402
import http.cookiejar  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
import urllib.parse  # noqa: E402
import urllib.request  # noqa: E402

import pyotp  # noqa: E402

from tests.benchmarks import large  # noqa: E402

AGENT = "passage-benchmark"
PAGES = (
    ("hello", None, "/hello/"),
    ("login_page", None, "/login"),
    ("newcomer_home", "newcomer@demo.test", "/"),
    ("mentor_dashboard", "mentor@demo.test", "/"),
    ("organizer_dashboard", "organizer@demo.test", "/dashboard/"),
    ("match_board", "organizer@demo.test", "/matching/"),
    ("meetings_list", "newcomer@demo.test", "/meetings/"),
    # The demo newcomer's conversation with their mentor, found on their list of conversations.
    ("conversation_page", "newcomer@demo.test", "/conversations/{conversation}"),
)


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


def _session(base, email):
    """Log in like a browser and return the session cookie."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", AGENT)]

    def post(path, fields):
        page = opener.open(base + path).read().decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({**fields, "csrf_token": token}).encode()
        return opener.open(base + path, data)

    response = post("/login", {"email": email, "password": large.PASSWORD})
    if response.geturl().endswith("/login/code"):
        response = post("/login/code", {"code": pyotp.TOTP(large.TOTP_SECRET).now()})
        if response.geturl().endswith("/login/code"):
            # This code was used by the previous run: a code is accepted once; wait for the next.
            time.sleep(31 - time.time() % 30)
            post("/login/code", {"code": pyotp.TOTP(large.TOTP_SECRET).now()})
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def _first_conversation(base, cookie):
    """The number of the first conversation on this person's list."""
    request = urllib.request.Request(base + "/conversations/",
                                     headers={"User-Agent": AGENT, "Cookie": cookie})
    with urllib.request.urlopen(request) as response:
        return re.search(r'href="/conversations/(\d+)"', response.read().decode()).group(1)


def _check(url, cookie):
    """The page answers 200 to this session: a redirect to /login would measure the wrong page."""
    request = urllib.request.Request(url, headers={"User-Agent": AGENT, "Cookie": cookie or ""})
    with urllib.request.urlopen(request) as response:
        if response.status != 200 or "/login" in response.geturl() and "/login" not in url:
            raise RuntimeError(f"{url} answered {response.status} at {response.geturl()}")


def _wrk(url, cookie, seconds, connections):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency",
               "-H", f"User-Agent: {AGENT}"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = dict(re.findall(r"\s(50|99)%\s+([\d.]+\w+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50_ms": _ms(latency["50"]), "p99_ms": _ms(latency["99"]),
            "errors": int(non2xx.group(1)) if non2xx else 0}


def _ms(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return round(float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit], 2)


def _measure(env, seconds, connections):
    """Every page's figures under one gunicorn started with this environment."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--no-control-socket", "-w", "2", "-b",
         f"127.0.0.1:{port}", "--log-level", "warning", "tests.benchmarks.bench_wsgi:app"],
        cwd=large.ROOT, env=env, start_new_session=True)
    try:
        _wait(base + "/healthz")
        cookies = {email: _session(base, email) for email in {e for _, e, _ in PAGES if e}}
        found = {"conversation": _first_conversation(base, cookies["newcomer@demo.test"])}
        pages = [(name, email, path.format(**found)) for name, email, path in PAGES]
        for _, email, path in pages:
            _check(base + path, cookies.get(email))
        results = {name: _wrk(base + path, cookies.get(email), seconds, connections)
                   for name, email, path in pages}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    ceiling = results["hello"]["rps"]
    for name, figures in results.items():
        figures["ratio_to_hello"] = round(figures["rps"] / ceiling, 3)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    env = large.instance()
    # The benchmark logs in a handful of times; the load itself never hits the login limit.
    env.update(LOGIN_LIMIT_ADDRESS="1000 per minute", PYTHONPATH=str(large.ROOT))
    output = {"connections": args.connections, "seconds": args.seconds,
              "pages": _measure(env, args.seconds, args.connections),
              "pages_rendered": _measure(dict(env, PAGE_CACHE_SECONDS="0"), args.seconds,
                                         args.connections)}
    print(json.dumps(output) if args.json else json.dumps(output, indent=2))


if __name__ == "__main__":
    main()
