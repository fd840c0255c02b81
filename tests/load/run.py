"""Load and faults: `python tests/load/run.py --json [--database sqlite|postgresql] [--seconds 60]`.

For each database: seed the demo network, make its offers and some meeting dates scarce,
start gunicorn with 4 workers (rate limits in a redis-server of the run's own), an SMTP sink on
127.0.0.1 and two scheduler processes at once, then:

- several workers behave like one: the per-account lockout holds whichever worker answers, a
  session made on one worker is valid on all, and only one scheduler works per tick;
- mixed load for --seconds from 16 client threads (organizers confirm proposals on the same
  scarce offers and read the dashboard, mentors answer proposals, end matches and log
  check-ins, newcomers browse and take seats at meetings), every write recorded with what
  the client saw;
- faults during the load: on PostgreSQL the scheduler killed (SIGKILL) in the middle of a
  tick and restarted, the SMTP server down then up, PostgreSQL restarted; on SQLite the web
  server (master and workers) killed with SIGKILL during writes and started again; on both,
  Redis stopped and started again, Redis frozen (SIGSTOP) and thawed, then the database's
  disk full (SQLite may not grow its file; PostgreSQL answers every write "disk full") and
  freed: logins and sign-ups answer within the timeout, limits hold per worker, /healthz
  names what is degraded, writes answer 503 while reads go on;
- afterwards the database is checked: no capacity exceeded, `used` equal to the live matches,
  no duplicate RSVP, every acknowledged write present exactly once, every due reminder sent
  once, every email handed to the SMTP server.

Prints one JSON object; exits 1 when a check fails. Bounded in time; seeded choices.
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(HERE), str(ROOT)]

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import sqlite3  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
import uuid  # noqa: E402
from collections import Counter  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402
from datetime import timedelta  # noqa: E402

import clients  # noqa: E402
import harness  # noqa: E402
import scenario  # noqa: E402

PASSWORD = "load passphrase 0123"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
SECRET_KEY = "load-run-secret-key-0123456789abcdefghijklmnop"
WRONG = "not the password at all"
SMTP_DELAY = 0.02
# While two schedulers start at once, the SMTP server takes this long to greet: the tick that
# sends mail holds the lock that long, so the other one's first tick surely falls inside it.
OVERLAP = 5.0
# Requests that began just before a fault, or before recovery was seen, may answer late.
GRACE = 3.0
# Redis stays frozen until a login and /healthz have answered, or this long: without a timeout
# they would wait for the thaw (gunicorn would kill the worker at 60 s).
FROZEN_AT_MOST = 20.0
# How long Redis stays frozen at least, and the disk full, under the load.
OUTAGE = 3.0


class Run:
    """One database's run: its processes, its timeline and its checks."""

    def __init__(self, kind, args):
        self.kind, self.args = kind, args
        self.checks, self.events, self.timings = {}, {}, {}
        self.folder = tempfile.mkdtemp(prefix=f"passage-load-{kind}-")
        self.instance = os.path.join(self.folder, "instance")
        self.recorder = clients.Recorder()
        self.windows = []  # (start, end, allowed status) on the recorder's clock
        self.pg = self.web = self.app = None
        self.schedulers = []
        self.sink = harness.SmtpSink(delay=SMTP_DELAY)
        self.redis = harness.PrivateRedis(self.folder)
        self.killed_mid_delivery = 0
        self.faults_done = 0.0

    def now(self):
        return round(time.monotonic() - self.recorder.started, 2)

    def check(self, name, ok, **detail):
        self.checks[name] = {"ok": bool(ok), **detail}

    # Set-up

    def database_url(self):
        if self.kind == "sqlite":
            return f"sqlite:///{self.instance}/passage.sqlite3"
        if self.args.postgres_cluster == "private" and harness.PrivatePostgres.available():
            self.pg = harness.PrivatePostgres()
        else:
            self.pg = harness.SystemPostgres()
        self.pg.start()
        self.dbname = f"passage_load_{uuid.uuid4().hex[:10]}"
        harness.pg_admin(self.pg.url_base, f"CREATE DATABASE {self.dbname}")
        # The pooled driver, as the README's deployment section recommends.
        return f"{self.pg.url_base}/{self.dbname}".replace("postgresql://", "postgresql+pool://")

    def environment(self, url):
        env = dict(os.environ, PASSAGE_INSTANCE=self.instance, SECRET_KEY=SECRET_KEY,
                   DATABASE_URL=url, SCHEDULER_IN_PROCESS="0", PASSAGE_ENV="development",
                   RATELIMIT_STORAGE_URI=self.redis.url,
                   PASSAGE_LOAD_DISK_FULL=os.path.join(self.folder, "disk-full"),
                   PASSAGE_LOAD_KEY_PREFIX=f"passage-load-{uuid.uuid4().hex}",
                   SMTP_HOST="127.0.0.1", SMTP_PORT=str(self.sink.port), SMTP_SECURITY="none",
                   PYTHONPATH=os.pathsep.join([str(HERE), str(ROOT)]), PYTHONUNBUFFERED="1")
        for name in ("LOGIN_LIMIT_ACCOUNT", "LOGIN_LIMIT_ADDRESS", "FLASK_DEBUG"):
            env.pop(name, None)
        return env

    def prepare(self):
        start = time.monotonic()
        self.url = self.database_url()
        self.redis.start()
        self.env = self.environment(self.url)
        self.sink.up()
        harness.seed(self.env, PASSWORD, TOTP_SECRET)
        self.app = scenario.open_app(self.url, self.instance, SECRET_KEY, self.sink.port)
        from network.db import connection

        with self.app.app_context(), connection():
            self.plan = scenario.prepare(PASSWORD, TOTP_SECRET, self.args.seed)
        scenario.close_app()
        self.timings["prepare_s"] = round(time.monotonic() - start, 1)

    # Several workers behave like one

    def fan_out(self, cookies, count, method, path, fields=None):
        """`count` requests at once with the same cookies: idle sync workers take turns, so
        only requests in flight together are sure to reach several of them."""
        barrier = threading.Barrier(count)

        def one(_):
            browser = harness.Browser(self.web.port)
            browser.cookies = dict(cookies)
            barrier.wait(30)
            return browser.request(method, path, fields)

        with ThreadPoolExecutor(count) as pool:
            return list(pool.map(one, range(count)))

    def lockout(self):
        """Failed logins spread over the workers lock the account at the configured number."""
        limit = int(self.app.config["LOGIN_LIMIT_ACCOUNT"].split()[0])
        browser = harness.Browser(self.web.port)
        browser.token_from(browser.get("/login"))
        email = scenario.LOCKOUT_ACCOUNT
        failed = self.fan_out(browser.cookies, limit, "POST", "/login", {
            "email": email, "password": WRONG, "csrf_token": browser.csrf})
        # Then the right password, many times at once: refused whichever worker answers.
        refused = self.fan_out(browser.cookies, 12, "POST", "/login", {
            "email": email, "password": PASSWORD, "csrf_token": browser.csrf})
        self.check("lockout_shared_by_workers",
                   all(r.status == 200 for r in failed) and all(r.status == 429 for r in refused)
                   and len({r.worker for r in refused}) >= 2, limit=limit,
                   failed_statuses=[r.status for r in failed],
                   failed_on_workers=len({r.worker for r in failed}),
                   after_limit_statuses=dict(Counter(r.status for r in refused)),
                   refused_by_workers=len({r.worker for r in refused}))

    def shared_session(self):
        """One session cookie is valid on every worker."""
        browser = harness.Browser(self.web.port)
        logged_in = browser.login(self.plan["newcomers"][0], PASSWORD)
        answers = [r for _ in range(5) for r in self.fan_out(browser.cookies, 8, "GET", "/")]
        valid = [r.status == 200 and 'action="/logout"' in r.text for r in answers]
        workers = {r.worker for r in answers}
        self.check("session_valid_on_every_worker", logged_in and all(valid) and len(workers) >= 2,
                   requests=len(answers), valid=sum(valid), workers=len(workers))

    def start_schedulers(self, label):
        pair = [harness.Scheduler(self.env, os.path.join(self.folder, f"scheduler-{label}-{i}.log"))
                for i in (1, 2)]
        for process in pair:
            process.start()
        self.schedulers += pair
        return pair

    def scheduler_pair_report(self, pair, name, killed=False):
        """Only one scheduler works per tick: the other is skipped, or finds nothing to do."""
        ticks = [process.ticks() for process in pair]

        def worked(tick):
            return "skipped" not in tick and any(v for v in tick.values() if isinstance(v, int))

        both = sum(1 for a, b in zip(*ticks) if worked(a) and worked(b))
        skipped = sum(1 for t in ticks[0] + ticks[1] if "skipped" in t)
        if killed:
            # The one that was working died before it could log: a logged tick must be idle.
            ok = not any(worked(t) for t in ticks[0] + ticks[1]) and not all(ticks)
        else:
            ok = both == 0 and all(ticks) and any(worked(t) for t in ticks[0] + ticks[1])
        self.check(name, ok, ticks=[len(t) for t in ticks], skipped=skipped,
                   both_worked=both, results=[t[:2] for t in ticks])

    # Faults

    def at(self, fraction):
        """Sleep until this fraction of the load has passed (at once if it already has)."""
        delay = self.args.seconds * fraction - (time.monotonic() - self.recorder.started)
        if delay > 0:
            time.sleep(delay)

    def once(self, tries=5):
        """`scheduler --once`, again a moment later if a running scheduler held the lock."""
        for _ in range(tries):
            result = harness.once(self.env)
            if "skipped" not in result:
                break
            time.sleep(1)
        return result

    def wait_for_ticks(self, pair, seconds=40):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not all(p.ticks() for p in pair):
            time.sleep(0.1)

    def overlapping_ticks(self, pair, name):
        """Two schedulers started at once, their first ticks surely overlapping (the SMTP
        server is slow to greet): one works, the other is skipped."""
        self.wait_for_ticks(pair)
        self.sink.greeting_delay = 0.0
        self.scheduler_pair_report(pair, name)

    def postgres_faults(self, pair):
        # 1. Two schedulers started at once: their first tick (due reminders, emails queued).
        self.overlapping_ticks(pair, "two_schedulers_one_works_per_tick")
        for process in pair:
            process.signal(signal.SIGTERM)
        # 2. Two more: the one that works is killed (SIGKILL) while it hands the queued emails
        # to the SMTP server, in the middle of its tick.
        pair = self.start_schedulers("killed")
        start, deadline = self.sink.count(), time.monotonic() + 30
        while self.sink.count() < start + 15 and time.monotonic() < deadline:
            time.sleep(0.005)
        for process in pair:
            process.signal(signal.SIGKILL)
        mid = self.sink.count() - start
        self.killed_mid_delivery = 1 if mid else 0
        self.events["scheduler_killed"] = {"at": self.now(), "emails_before_kill": mid}
        self.scheduler_pair_report(pair, "killed_scheduler_was_mid_tick", killed=True)
        report = self.checks["killed_scheduler_was_mid_tick"]
        report.update(ok=report["ok"] and 0 < mid, emails_before_kill=mid)
        # 3. Restarted: the next tick finishes the work, once.
        self.sink.greeting_delay = OVERLAP
        pair = self.start_schedulers("restarted")
        self.overlapping_ticks(pair, "restarted_schedulers_one_works_per_tick")
        self.events["schedulers_restarted"] = {"ticked_by": self.now()}
        # 4. The SMTP server goes down.
        self.at(0.30)
        self.sink.down()
        self.events["smtp_down"] = {"at": self.now()}
        # 5. PostgreSQL restarted under the load.
        self.at(0.40)
        began = self.now()
        self.pg.restart()
        returned = self.now()
        harness.wait_http(self.web.port, seconds=60)
        healthy = self.now()
        self.windows.append((began - 0.5, healthy + GRACE, 503))
        self.events["postgres_restart"] = {"began": began, "server_back": returned,
                                           "app_healthy": healthy}
        # 6. A tick while the SMTP server is down: nothing delivered, nothing lost.
        down_tick = self.once()
        self.events["tick_while_smtp_down"] = down_tick
        self.check("tick_while_smtp_down_sends_no_mail", down_tick.get("emails_sent") == 0,
                   result=down_tick)
        # 7. The SMTP server is back; what failed waits for its back-off.
        self.at(0.70)
        self.sink.up()
        self.events["smtp_up"] = {"at": self.now(), "tick": self.once()}

    def sqlite_faults(self, pair):
        self.overlapping_ticks(pair, "two_schedulers_one_works_per_tick")
        self.at(0.50)
        began = self.now()
        self.web.kill(signal.SIGKILL)
        killed = self.now()
        path = os.path.join(self.instance, "passage.sqlite3")
        connection = sqlite3.connect(path)
        try:
            integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            foreign = connection.execute("PRAGMA foreign_key_check").fetchall()
        finally:
            connection.close()
        self.check("sqlite_opens_clean_after_sigkill", integrity == ["ok"] and not foreign,
                   integrity_check=integrity[:3], foreign_key_violations=len(foreign))
        startup = self.web.start()
        back = self.now()
        self.windows.append((began - 0.5, back + GRACE, 0))
        self.events["web_sigkill"] = {"began": began, "killed": killed, "serving_again": back,
                                      "startup_s": round(startup, 2)}

    # Redis and the disk, on both databases

    def outage_faults(self):
        self.at(0.75)
        self.redis_stopped()
        self.redis_frozen()
        self.disk_full()

    def health(self, want=None, seconds=10, timeout=30):
        """/healthz's status and body, once, or polled until they are `want`."""
        deadline = time.monotonic() + seconds
        while True:
            response = harness.Browser(self.web.port, timeout=timeout).get("/healthz")
            try:
                answer = response.status, json.loads(response.text)
            except ValueError:
                answer = response.status, {"text": response.text[:200]}
            if want is None or answer == want or time.monotonic() > deadline:
                return answer
            time.sleep(0.1)

    def sign_up(self):
        """A newcomer signs up, as on the register page; True when it waits for its link."""
        from network.db import connection
        from network.models import PendingSignup

        with self.app.app_context(), connection():
            before = PendingSignup.select().count()
        browser = harness.Browser(self.web.port)
        browser.token_from(browser.get("/register"))
        response = browser.request("POST", "/register", {
            "display_name": "Load", "email": f"signup-{uuid.uuid4().hex[:8]}@load.test",
            "password": PASSWORD, "confirm": PASSWORD, "city": "Lyon", "languages": "ru",
            "needs": "mentor", "contact_channel": "telegram", "contact": "@load_run",
            "csrf_token": browser.csrf})
        with self.app.app_context(), connection():
            return response.status == 200 and PendingSignup.select().count() == before + 1

    def until_locked(self, email):
        """Wrong passwords for one account until refused: at most workers x limit, never more."""
        limit = int(self.app.config["LOGIN_LIMIT_ACCOUNT"].split()[0])
        browser = harness.Browser(self.web.port)
        browser.token_from(browser.get("/login"))
        statuses = []
        for _ in range(self.web.workers * limit + 1):
            statuses.append(browser.request("POST", "/login", {
                "email": email, "password": WRONG, "csrf_token": browser.csrf}).status)
            if statuses[-1] != 200:
                break
        ok = statuses[-1] == 429 and limit <= len(statuses) - 1 <= self.web.workers * limit
        return ok, dict(Counter(statuses))

    def redis_stopped(self):
        """Redis down: logins and sign-ups answer, limits hold per worker, /healthz says so."""
        began = self.now()
        self.redis.stop()
        health = self.health()
        logged_in = harness.Browser(self.web.port).login(self.plan["newcomers"][-1], PASSWORD)
        signed_up = self.sign_up()
        locked, statuses = self.until_locked(self.plan["newcomers"][-2])
        self.redis.start()
        healthy = self.health(want=(200, {"status": "ok"}))
        self.events["redis_stopped"] = {"began": began, "started_again": self.now()}
        self.check("redis_stopped_login_and_sign_up_answer", logged_in and signed_up,
                   logged_in=logged_in, signed_up=signed_up)
        self.check("redis_stopped_limits_held_per_worker", locked, statuses=statuses)
        self.check("redis_stopped_healthz_says_degraded",
                   health == (200, {"status": "ok", "degraded": ["rate-limit storage"]})
                   and healthy == (200, {"status": "ok"}), stopped=health, started=healthy)

    def redis_frozen(self):
        """Redis frozen: a login and /healthz answer while it still is, the load goes on."""
        began = self.now()
        self.redis.freeze()
        started = time.monotonic()
        browser = harness.Browser(self.web.port, timeout=FROZEN_AT_MOST)
        logged_in = browser.login(self.plan["newcomers"][-3], PASSWORD)
        health = self.health(timeout=FROZEN_AT_MOST)
        took = time.monotonic() - started
        time.sleep(max(0.0, OUTAGE - took))
        self.redis.thaw()
        ended = self.now()
        self.events["redis_frozen"] = {"began": began, "thawed": ended}
        answered = sum(1 for a in self.recorder.answers if began <= a[0] <= ended and a[4])
        self.check("redis_frozen_answers_before_the_thaw",
                   logged_in and health == (200, {"status": "ok",
                                                  "degraded": ["rate-limit storage"]})
                   and answered, logged_in=logged_in, health=health,
                   login_and_health_s=round(took, 2), load_answered_while_frozen=answered)

    def set_disk_full(self, full):
        if self.kind == "postgresql":
            harness.pg_disk_full(f"{self.pg.url_base}/{self.dbname}", full)
        elif full:
            Path(self.env["PASSAGE_LOAD_DISK_FULL"]).touch()
        else:
            Path(self.env["PASSAGE_LOAD_DISK_FULL"]).unlink()

    def disk_full(self):
        """The database's disk full under the load: writes answer 503, reads go on."""
        began = self.now()
        self.set_disk_full(True)
        full = self.now()
        time.sleep(OUTAGE)
        health = self.health()
        self.set_disk_full(False)
        freed = self.now()
        self.windows.append((began - 0.5, freed + GRACE, 503))
        self.events["disk_full"] = {"began": began, "full": full, "freed": freed}
        during = [a for a in self.recorder.answers if full <= a[0] <= freed]
        refused = sum(1 for a in during if a[2] == "POST" and a[4] == 503)
        read = sum(1 for a in during if a[2] == "GET" and a[4] == 200)
        logged = Path(self.web.log_path).read_text(errors="replace").count("disk full:")
        self.check("disk_full_refuses_writes_reads_go_on",
                   refused and read and logged and health[0] == 200, writes_refused=refused,
                   reads_served=read, operator_log_lines=logged, health=health)

    # The load

    def load(self):
        threads = self.args.threads
        organizers = min(3, len(self.plan["organizers"]))
        mentors = max(1, round((threads - organizers) * 0.45))
        newcomers = max(1, threads - organizers - mentors)
        self.stop = threading.Event()
        ready = threading.Event()
        people = []
        base = dict(port=self.web.port, password=PASSWORD, totp_secret=TOTP_SECRET,
                    recorder=self.recorder, ready=ready, stop=self.stop)
        for i in range(organizers):
            people.append(clients.Organizer(accounts=[self.plan["organizers"][i]],
                                            seed=self.args.seed * 1000 + i, **base))
        # Every mentor has a client (a proposal to anyone gets its answer); two newcomers per
        # client are enough to fight over the seats, and logins (Argon2) stay short.
        for role, count, accounts in ((clients.Mentor, mentors, self.plan["mentors"]),
                                      (clients.Newcomer, newcomers,
                                       self.plan["newcomers"][:2 * newcomers])):
            for i in range(count):
                person = role(accounts=accounts[i::count], seed=self.args.seed * 1000 + len(people),
                              **base)
                person.occurrences = self.plan["occurrences"]
                people.append(person)
        started = time.monotonic()
        for person in people:
            person.start()
        for person in people:
            person.logged_in.wait(120)
        self.timings["logins_s"] = round(time.monotonic() - started, 1)
        failures = [email for person in people for email in person.login_failures]
        self.check("every_client_logged_in", not failures, accounts=sum(
            len(p.browsers) for p in people), failures=failures[:5])
        self.recorder.started = time.monotonic()
        self.sink.greeting_delay = OVERLAP
        pair = self.start_schedulers("first")
        ready.set()
        faults = threading.Thread(target=self.faults, args=(pair,), daemon=True)
        faults.start()
        time.sleep(self.args.seconds)
        # On a slow machine the faults may run late: the load goes on until they are over,
        # and a few seconds more, so that what comes after the last fault is seen too.
        faults.join(240)
        late = self.faults_done + GRACE + 2 - (time.monotonic() - self.recorder.started)
        if late > 0:
            self.events["load_extended_s"] = round(late, 1)
            time.sleep(late)
        self.stop.set()
        for person in people:
            person.join(60)
        self.timings["load_s"] = round(time.monotonic() - self.recorder.started, 1)
        self.events["threads"] = {"organizer": organizers, "mentor": mentors,
                                  "newcomer": newcomers}

    def faults(self, pair):
        try:
            if self.kind == "postgresql":
                self.postgres_faults(pair)
            else:
                self.sqlite_faults(pair)
            self.outage_faults()
        except Exception:  # a fault step that breaks is a failed check, not a crash of the run
            self.check("faults_ran", False, error=traceback.format_exc().splitlines()[-3:])
        finally:
            self.faults_done = time.monotonic() - self.recorder.started

    # Afterwards

    def http_summary(self):
        answers = self.recorder.answers
        during = [a for a in answers if a[0] >= 0]
        statuses = Counter(a[4] for a in during)
        expected, unexpected = Counter(), []
        for moment, role, method, path, status, worker, error, elapsed in during:
            if status >= 500 or status == 0:
                if any(start <= moment <= end and status == allowed
                       for start, end, allowed in self.windows):
                    expected[status] += 1
                else:
                    unexpected.append((round(moment, 2), role, method, path, status, error))
        client_errors = Counter((a[4], a[2], a[3]) for a in during if 400 <= a[4] < 500)
        after = [a for a in during if self.windows and a[0] > max(e for _, e, _ in self.windows)]
        latencies = sorted(a[7] for a in during if 0 < a[4] < 500)
        seconds = self.timings.get("load_s") or self.args.seconds
        self.events["http"] = {
            "requests": len(during), "per_second": round(len(during) / seconds, 1),
            "statuses": {str(k): v for k, v in sorted(statuses.items())},
            "by_role": dict(Counter(a[1] for a in during)),
            "workers": len({a[5] for a in during if a[5]}),
            "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
            "p99_ms": round(latencies[int(len(latencies) * 0.99)] * 1000, 1) if latencies else None,
            "failed_cleanly_during_fault": {str(k): v for k, v in expected.items()},
        }
        self.check("no_5xx_or_dropped_request_outside_fault", not unexpected,
                   count=len(unexpected), first=unexpected[:10])
        self.check("no_unexpected_4xx", not client_errors,
                   found={f"{s} {m} {p}": n for (s, m, p), n in client_errors.most_common(10)})
        if self.windows:
            ok_after = sum(1 for a in after if 200 <= a[4] < 400)
            self.check("works_again_after_fault", ok_after > 0 and all(
                200 <= a[4] < 400 for a in after), answered_ok_after=ok_after,
                not_ok_after=sum(1 for a in after if not 200 <= a[4] < 400))

    def drain(self):
        """The scheduler runs on later: back-offs have passed, every email goes out."""
        from network import scheduler
        from network.db import connection
        from network.models import utcnow

        results = []
        with self.app.app_context(), connection():
            for _ in range(30):
                result = scheduler.tick(now=utcnow() + timedelta(minutes=30))
                results.append(result)
                if "skipped" not in result and not result.get("emails_sent"):
                    break
                if "skipped" in result:
                    time.sleep(0.5)
        scenario.close_app()
        self.events["drain_ticks"] = len(results)
        again = harness.once(self.env)
        self.check("next_tick_sends_nothing_new", not any(
            v for k, v in again.items() if isinstance(v, int)), result=again)

    def verify(self):
        from network.db import connection

        with self.app.app_context(), connection():
            self.checks.update(scenario.check_database(self.recorder.ledger, self.plan))
            self.checks.update(scenario.check_mail(self.plan, self.sink.outbox_ids(),
                                                   allowed_duplicates=self.killed_mid_delivery))
        scenario.close_app()
        if self.kind == "postgresql":
            delivered = self.checks["every_email_delivered"]
            self.check("mail_delayed_while_smtp_down_then_sent",
                       delivered["delayed_then_sent"] > 0 and delivered["ok"],
                       delayed_then_sent=delivered["delayed_then_sent"])

    def execute(self):
        total = time.monotonic()
        try:
            self.prepare()
            self.web = harness.Gunicorn(self.env, os.path.join(self.folder, "gunicorn.log"))
            self.timings["web_startup_s"] = round(self.web.start(), 1)
            self.lockout()
            self.shared_session()
            self.load()
            for process in self.schedulers:
                process.signal(signal.SIGTERM)
            # The catch-up below sends the rest; a slow server would only make it long.
            self.sink.delay = 0.0
            self.sink.up()
            self.http_summary()
            start = time.monotonic()
            self.drain()
            self.verify()
            self.timings["drain_and_checks_s"] = round(time.monotonic() - start, 1)
        except Exception:
            self.check("run_completed", False, error=traceback.format_exc().splitlines()[-6:])
        finally:
            self.cleanup()
        self.timings["total_s"] = round(time.monotonic() - total, 1)
        return {"ok": all(c["ok"] for c in self.checks.values()), "timings": self.timings,
                "events": self.events, "checks": self.checks}

    def cleanup(self):
        for process in self.schedulers:
            try:
                process.signal(signal.SIGKILL)
            except Exception:
                pass
        if self.web:
            self.web.kill(signal.SIGKILL)
        self.sink.down()
        self.redis.stop()
        if self.pg is not None:
            try:
                if isinstance(self.pg, harness.SystemPostgres):
                    harness.pg_admin(self.pg.url_base, f"DROP DATABASE IF EXISTS {self.dbname}")
            finally:
                self.pg.stop()
        if self.args.keep:
            self.events["folder"] = self.folder
            with open(os.path.join(self.folder, "ledger.json"), "w") as fh:
                json.dump({"ledger": self.recorder.ledger, "answers": self.recorder.answers}, fh)
        else:
            shutil.rmtree(self.folder, ignore_errors=True)


def machine():
    memory = ""
    try:
        with open("/proc/meminfo") as fh:
            memory = f"{int(fh.readline().split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "memory": memory, "python": platform.python_version()}


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--seconds", type=int, default=60, help="length of the mixed load")
    parser.add_argument("--threads", type=int, default=16, help="client threads")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--postgres-cluster", choices=("private", "system"), default="private",
                        help="private: a throw-away cluster on a free port (default); system: "
                             "the machine's cluster on 127.0.0.1:5432, restarted with "
                             "pg_ctlcluster")
    parser.add_argument("--keep", action="store_true", help="keep the logs and the instance")
    args = parser.parse_args()
    if args.seconds < 30:
        parser.error("--seconds: at least 30, so that every fault happens under load")
    if not shutil.which("redis-server"):
        print(json.dumps({"ok": False, "error": "redis-server is not installed"}))
        sys.exit(1)
    started = time.monotonic()
    databases = ("sqlite", "postgresql") if args.database == "both" else (args.database,)
    results = {kind: Run(kind, args).execute() for kind in databases}
    failed = [f"{kind}: {name}" for kind, result in results.items()
              for name, check in result["checks"].items() if not check["ok"]]
    output = {"ok": not failed, "failed": failed, "seconds": args.seconds,
              "threads": args.threads, "seed": args.seed, "machine": machine(),
              "total_s": round(time.monotonic() - started, 1), "databases": results}
    print(json.dumps(output) if args.json else json.dumps(output, indent=2))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
