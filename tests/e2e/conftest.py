"""Browser tests: the demo network served by gunicorn on 127.0.0.1, driven by Debian's Chromium.

Locally they skip, saying why, when Chromium, Playwright, Java or the npm checkers are
missing; with CI=true they fail instead, so CI never passes without running them.
"""
import importlib.util
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pyotp
import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
PASSWORD = "e2e-demo-password"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
# Without these Chromium reaches for Google's hosts, which this closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
ACCOUNTS = {
    "newcomer": "newcomer@demo.test",
    "newcomer_pending": "newcomer.pending@demo.test",
    "mentor": "mentor@demo.test",
    "mentor_pending": "volunteer.pending@demo.test",
    "organizer": "organizer@demo.test",
}
# Who is crawled, the busiest first so that the parallel crawl ends sooner.
ROLES = ("organizer", "mentor", "newcomer", "newcomer_pending", "mentor_pending", "anonymous")
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}
# Each page in Russian on a phone, as most newcomers see it, and in French on a laptop.
LOCALES = {"ru": PHONE, "fr": DESKTOP}


def missing_tool():
    """What the browser tests lack here, or None."""
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM}"
    if importlib.util.find_spec("playwright") is None:
        return "Python package playwright not installed"
    if shutil.which("java") is None:
        return "java not found (the Nu HTML checker needs it)"
    for path in (AXE, VNU):
        if not path.exists():
            return f"{path.relative_to(ROOT)} missing (run `npm ci`)"
    return None


@pytest.fixture(scope="session", autouse=True)
def browser_tools():
    """Skip locally, fail in CI, when a tool is missing."""
    if os.environ.get("SKIP_BROWSER_TESTS") == "1":
        pytest.skip("SKIP_BROWSER_TESTS=1: browser tests skipped")
    missing = missing_tool()
    if missing and os.environ.get("CI") == "true":
        pytest.fail(f"{missing}: CI must run the browser tests", pytrace=False)
    if missing:
        pytest.skip(f"{missing}: browser tests skipped")


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url, process, log):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server did not answer in 30 s:\n{log.read_text()}")


def _run(env, *args):
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, f"{' '.join(args)} failed:\n{done.stdout}{done.stderr}"
    return done.stdout


class Server:
    """The app on a real server, its demo data and the pages to visit."""

    def __init__(self, url, pages, database, log):
        self.url = url
        self.pages = pages
        self.database = database
        self.log = log
        self._steps = {}

    def one(self, sql, *params):
        """One row from the live database, read-only: what a test cannot see on a page."""
        with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True) as connection:
            return connection.execute(sql, params).fetchone()

    def emailed_link(self, address):
        """The path of the newest link mailed to an address: without SMTP_HOST, development
        writes each email to the server's log instead of sending it."""
        text = self.log.read_text(encoding="utf-8")
        mail = text[text.rindex(f"To: {address}\n"):]
        return urlsplit(re.search(r"https?://\S+", mail).group()).path

    def totp(self, email):
        """A code the app accepts for this organizer: each step works once, so never reuse one."""
        step = max(int(time.time()) // 30, self._steps.get(email, 0) + 1)
        while step > int(time.time()) // 30 + 1:
            time.sleep(1)
        self._steps[email] = step
        return pyotp.TOTP(TOTP_SECRET).at(step * 30)


@pytest.fixture(scope="session")
def server(tmp_path_factory, browser_tools):
    """A fresh instance folder and SQLite database with the demo network, served by gunicorn."""
    instance = tmp_path_factory.mktemp("instance")
    env = {key: value for key, value in os.environ.items()
           if key not in {"DATABASE_URL", "TEST_DATABASE_URL", "PASSAGE_ENV", "SMTP_HOST"}}
    env.update(PASSAGE_INSTANCE=str(instance), SECRET_KEY="e2e-" + "k" * 40,
               SCHEDULER_IN_PROCESS="0", LOGIN_LIMIT_ADDRESS="1000 per minute")
    _run(env, "-m", "flask", "--app", "wsgi", "seed-demo", "--password", PASSWORD,
         "--totp-secret", TOTP_SECRET)
    world = json.loads(_run(env, "-m", "tests.e2e.world"))
    port = _free_port()
    log = instance / "gunicorn.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--no-control-socket", "--workers", "1",
             "--threads", "4", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, log)
        yield Server(url, world["pages"], instance / "passage.sqlite3", log)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser(server):
    """Debian's Chromium, headless; Playwright never downloads a browser of its own here."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def log_in(page, server, email):
    """Log in through the form, with the second step for organizers."""
    page.goto(server.url + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    if page.url.endswith("/login/code"):
        page.fill("input[name=code]", server.totp(email))
        page.click("main form button[type=submit]")
    assert not page.url.split("?")[0].endswith(("/login", "/login/code")), f"{email} not logged in"


@pytest.fixture(scope="session")
def storage_states(browser, server):
    """Each demo account logged in once per server (a TOTP code works once): role -> state."""
    states = {"anonymous": {"cookies": [], "origins": []}}

    def state(role):
        if role not in states:
            context = browser.new_context(base_url=server.url)
            log_in(context.new_page(), server, ACCOUNTS[role])
            states[role] = context.storage_state()
            context.close()
        return states[role]

    return state


@pytest.fixture
def new_context(browser, server, storage_states):
    """Open a browser context as a role, at a viewport; closed after the test."""
    contexts = []

    def make(role="anonymous", viewport=DESKTOP, **options):
        context = browser.new_context(base_url=server.url, viewport=viewport,
                                      storage_state=storage_states(role), **options)
        context.add_init_script(path=str(AXE))
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def set_language(page, locale):
    """Choose the language with the switcher in the page header, as a person would."""
    # Another walk may have left this account in the language already: choosing it again
    # changes nothing, so nothing navigates.
    if page.get_attribute("html", "lang") != locale:
        # With JavaScript the choice applies at once: choosing is the one step.
        with page.expect_navigation():
            page.select_option("#locale-switch", locale)
    assert page.get_attribute("html", "lang") == locale


def assert_accessible(page):
    """axe finds nothing on the page as it is now (after a form, a flash, at this width)."""
    from .crawl import AXE_TAGS, RUN_AXE

    found = page.evaluate(RUN_AXE, AXE_TAGS)
    assert not found, f"axe on {page.url}: " + "; ".join(
        f"{v['id']}: {v['help']} at {', '.join(v['nodes'])}" for v in found)


def screenshot(page, name):
    """Keep a full-page picture of this step for CI's artifacts."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def fill_sign_up(page, name, email, password, city, needs, telegram):
    """The sign-up form as a newcomer fills it: Russian read, the needs ticked, a Telegram name."""
    page.fill("#display_name", name)
    page.fill("#email", email)
    page.fill("#password", password)
    page.fill("#confirm", password)
    page.fill("#city", city)
    page.check("input[name=languages][value=ru]")
    for need in needs:
        page.check(f"input[name=needs][value={need}]")
    page.select_option("#contact_channel", "telegram")
    page.fill("#contact", telegram)


def confirm_sign_up(page, server, email, sent=None, opened=None):
    """Send the filled sign-up form, open the emailed link and confirm; `sent` and `opened` name
    the pictures of the page saying the link was sent and of the link opened."""
    page.click("main form button[type=submit]")
    assert email in page.locator("main").inner_text()
    if sent:
        step(page, sent)
    # The link is in the email; the test server, without SMTP_HOST, logs it instead.
    page.goto(server.emailed_link(email))
    if opened:
        step(page, opened)
    page.click("main form button[type=submit]")


def step(page, name):
    """Every step is kept as a picture and must stay accessible in the state it left."""
    screenshot(page, name)
    assert_accessible(page)


@pytest.fixture(scope="session")
def crawled(server, storage_states):
    """{(role, locale): visits} of every page, crawled once per session (the longest first)."""
    from .crawl import crawl_all

    jobs = [(role, storage_states(role), LOCALES) for role in ROLES]
    return crawl_all(server, jobs, AXE, {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS})
