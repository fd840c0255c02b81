"""The moving parts of the load run: gunicorn, scheduler processes, a PostgreSQL cluster, an
SMTP sink, and a small HTTP client that logs in like a browser (CSRF token, TOTP code)."""
import asyncio
import email
import glob
import http.client
import http.cookies
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import pyotp

ROOT = Path(__file__).resolve().parents[2]
AGENT = "passage-load"
CSRF = re.compile(r'name="csrf_token"[^>]*? value="([^"]+)"')
NETWORK_ERRORS = (OSError, http.client.HTTPException)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# HTTP


class Response:
    """What one request got back; status 0 means no answer at all (refused, reset, timeout)."""

    __slots__ = ("status", "location", "text", "worker", "error", "elapsed", "redirected")

    def __init__(self, status, location="", text="", worker="", error=""):
        self.status, self.location, self.text = status, location, text
        self.worker, self.error = worker, error
        self.elapsed = 0.0
        self.redirected = False

    @property
    def flash(self):
        """"success", "error" or "" from the page's flash messages."""
        if "flash flash-success" in self.text:
            return "success"
        if "flash flash-error" in self.text:
            return "error"
        return ""


class Browser:
    """One person's cookies against one server; every answer goes to `record(method, path, r)`."""

    def __init__(self, port, record=None, timeout=60):
        self.port = port
        self.cookies = {}
        self.csrf = None
        self.record = record or (lambda *args: None)
        self.timeout = timeout
        self.last_status = None

    def request(self, method, path, fields=None):
        body = urllib.parse.urlencode(fields, doseq=True) if fields is not None else None
        headers = {"User-Agent": AGENT, "Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        started = time.monotonic()
        try:
            connection.request(method, path, body, headers)
            answer = connection.getresponse()
            text = answer.read().decode("utf-8", "replace")
            self._keep(answer.headers.get_all("Set-Cookie") or [])
            response = Response(answer.status, answer.headers.get("Location", ""), text,
                                answer.headers.get("X-Load-Worker", ""))
        except NETWORK_ERRORS as exc:
            response = Response(0, error=type(exc).__name__)
        finally:
            connection.close()
        response.elapsed = time.monotonic() - started
        self.last_status = response.status
        self.record(method, path, response)
        return response

    def _keep(self, headers):
        for header in headers:
            cookie = http.cookies.SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel.value == "" or morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields=None, follow=True):
        """POST with the session's CSRF token; follows one redirect to read the flash."""
        response = self.request("POST", path, {**(fields or {}), "csrf_token": self.csrf or ""})
        if follow and response.status in (301, 302, 303) and response.location:
            target = urllib.parse.urlsplit(response.location)
            response = self.get(target.path + (f"?{target.query}" if target.query else ""))
            response.redirected = True
        return response

    def token_from(self, response):
        found = CSRF.search(response.text)
        if found:
            self.csrf = found.group(1)
        return self.csrf

    def login(self, email_address, password, totp_secret=None):
        """Log in like a browser; True when the home page then answers as this person."""
        if not self.token_from(self.get("/login")):
            return False
        response = self.request("POST", "/login", {"email": email_address, "password": password,
                                                   "csrf_token": self.csrf})
        if response.status == 302 and response.location.endswith("/login/code"):
            if not totp_secret or not self.token_from(self.get("/login/code")):
                return False
            response = self.request("POST", "/login/code", {
                "code": pyotp.TOTP(totp_secret).now(), "csrf_token": self.csrf})
        if response.status != 302:
            return False
        home = self.get("/")
        # A fresh session after login: take its CSRF token (every page has the logout form).
        self.csrf = None
        return (home.status == 200 and bool(self.token_from(home))
                and 'action="/logout"' in home.text)


def wait_http(port, path="/healthz", seconds=60, want=200):
    """Seconds until the path answers `want`; raises if it never does."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if Browser(port, timeout=3).get(path).status == want:
            return time.monotonic() - start
        time.sleep(0.1)
    raise RuntimeError(f"127.0.0.1:{port}{path} did not answer {want} within {seconds} s")


# Processes


class Gunicorn:
    """gunicorn with N sync workers (no control socket) in its own process group."""

    def __init__(self, env, log_path, workers=4):
        self.env, self.log_path, self.workers = env, log_path, workers
        self.port = free_port()
        self.process = None

    def start(self):
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--no-control-socket", "-w", str(self.workers),
             "-b", f"127.0.0.1:{self.port}", "--timeout", "60", "--graceful-timeout", "5",
             "--log-level", "warning", "load_wsgi:app"],
            cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True)
        log.close()
        return wait_http(self.port)

    def kill(self, sig=signal.SIGKILL):
        """Signal the master and every worker at once (the whole process group)."""
        if self.process and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                pass
            self.process.wait(timeout=30)
        if sig == signal.SIGKILL:
            # The workers are in the group too: make sure none outlives the master.
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def stop(self):
        self.kill(signal.SIGTERM)


class Scheduler:
    """`flask --app wsgi scheduler` as its own process, its log in a file."""

    LINE = re.compile(r"scheduler tick: (\{.*\})")

    def __init__(self, env, log_path):
        self.env, self.log_path = env, log_path
        self.process = None

    def start(self):
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi",
                                         "scheduler"], cwd=ROOT, env=self.env, stdout=log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        log.close()

    def signal(self, sig):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=30)

    def ticks(self):
        """The tick results this process logged, in order."""
        text = Path(self.log_path).read_text(errors="replace")
        return [json.loads(found) for found in self.LINE.findall(text)]

    def log_tail(self, lines=5):
        text = Path(self.log_path).read_text(errors="replace").strip().splitlines()
        return text[-lines:]


def once(env):
    """`flask --app wsgi scheduler --once`: its JSON, or {"error": ...}."""
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "scheduler", "--once"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"error": (done.stderr or done.stdout).strip().splitlines()[-1:]}


def seed(env, password, totp_secret):
    """The install brought up to its code, as a deployment does, then the demo network."""
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "upgrade"], cwd=ROOT, env=env,
                   check=True, stdout=subprocess.DEVNULL, timeout=300)
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "seed-demo", "--password",
                    password, "--totp-secret", totp_secret], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, timeout=300)


# PostgreSQL


def _pg_bin(name):
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda path: int(path.split("/")[4]))
    return candidates[-1] if candidates else None


class PrivatePostgres:
    """A throw-away cluster on a free port: restarting it disturbs nobody else's tests."""

    available = staticmethod(lambda: bool(_pg_bin("initdb") and _pg_bin("pg_ctl")))

    def __init__(self):
        self.folder = tempfile.mkdtemp(prefix="passage-load-pg-")
        self.data = os.path.join(self.folder, "data")
        self.port = free_port()
        self.as_user = []
        if os.geteuid() == 0:
            # initdb refuses to run as root.
            account = pwd.getpwnam("postgres")
            os.chown(self.folder, account.pw_uid, account.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.url_base = f"postgresql://postgres@127.0.0.1:{self.port}"

    def _run(self, *args, timeout=60):
        subprocess.run(self.as_user + list(args), check=True, timeout=timeout,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self):
        self._run(_pg_bin("initdb"), "-D", self.data, "-U", "postgres", "--auth=trust",
                  "-E", "UTF8", "--no-sync", "--locale=C")
        self._run(_pg_bin("pg_ctl"), "-D", self.data, "-l", os.path.join(self.folder, "log"),
                  "-w", "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
                  " -c max_connections=100", "start")

    def restart(self):
        # A fast restart: every connection is cut, as when the server goes down for real.
        self._run(_pg_bin("pg_ctl"), "-D", self.data, "-m", "fast", "-w", "restart")

    def stop(self):
        try:
            self._run(_pg_bin("pg_ctl"), "-D", self.data, "-m", "immediate", "-w", "stop")
        except (subprocess.SubprocessError, OSError):
            pass
        shutil.rmtree(self.folder, ignore_errors=True)


class SystemPostgres:
    """The machine's cluster on 127.0.0.1:5432, restarted with pg_ctlcluster."""

    def __init__(self):
        self.url_base = "postgresql://postgres@127.0.0.1:5432"

    def start(self):
        pass

    def restart(self):
        version = sorted(os.listdir("/etc/postgresql"))[0]
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
                       check=True, timeout=120, stdout=subprocess.DEVNULL)

    def stop(self):
        pass


def pg_admin(url_base, sql):
    import psycopg2

    connection = psycopg2.connect(f"{url_base}/postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


PG_DISK_FULL = """CREATE OR REPLACE FUNCTION load_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full';
END $$"""


def pg_disk_full(url, full):
    """Every write to the database fails as when its disk is full (SQLSTATE 53100), or no more."""
    import psycopg2

    # One table at a time, each in a transaction of its own: holding no lock while waiting for
    # the next one, this cannot deadlock with the load's transactions.

    connection = psycopg2.connect(url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            if full:
                cursor.execute(PG_DISK_FULL)
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            for (table,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER IF EXISTS load_disk_full ON "{table}"')
                if full:
                    cursor.execute(f'CREATE TRIGGER load_disk_full BEFORE INSERT OR UPDATE OR '
                                   f'DELETE ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION '
                                   f'load_disk_full()')
    finally:
        connection.close()


def pg_ready(url_base, seconds=60):
    import psycopg2

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            psycopg2.connect(f"{url_base}/postgres", connect_timeout=2).close()
            return True
        except psycopg2.OperationalError:
            time.sleep(0.2)
    return False


# Redis


class PrivateRedis:
    """A redis-server of the run's own on a free port: stopping or freezing it disturbs nobody."""

    def __init__(self, folder):
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self, seconds=30):
        log = open(os.path.join(self.folder, "redis.log"), "ab")
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", self.folder],
            stdout=log, stderr=log, start_new_session=True)
        log.close()
        import redis

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                redis.Redis.from_url(self.url, socket_connect_timeout=1).ping()
                return
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server on port {self.port} did not answer within {seconds} s")

    def stop(self):
        """Down: the port refuses connections."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait(timeout=30)

    def freeze(self):
        """Frozen: connections are accepted, nothing is answered."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self):
        self.process.send_signal(signal.SIGCONT)


# SMTP


class SmtpSink:
    """An SMTP server on 127.0.0.1 that keeps the Message-ID of every message it accepts.

    `delay` seconds per recipient make delivering a batch take a while, so a scheduler can be
    caught in the middle of it. It can go down (port closed) and come back on the same port.
    """

    def __init__(self, delay=0.0):
        self.port = free_port()
        self.delay = delay
        # Seconds before answering EHLO: a tick that sends mail then surely lasts that long.
        self.greeting_delay = 0.0
        self.ids = []
        self.lock = threading.Lock()
        self.controller = None

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        if self.greeting_delay:
            await asyncio.sleep(self.greeting_delay)
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.delay:
            await asyncio.sleep(self.delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            self.ids.append(message.get("Message-ID", ""))
        return "250 Message accepted for delivery"

    def up(self):
        from aiosmtpd.controller import Controller

        if self.controller is None:
            self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
            self.controller.start()

    def down(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def count(self):
        with self.lock:
            return len(self.ids)

    def outbox_ids(self):
        """The outbox row id of each message received (in order, duplicates kept)."""
        with self.lock:
            ids = list(self.ids)
        return [int(found.group(1)) for found in
                (re.search(r"passage-(\d+)[.@]", mid) for mid in ids) if found]
