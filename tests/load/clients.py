"""The people of the load: organizers, mentors and newcomers, each a thread with seeded choices.

Every answer is recorded (time, role, status, worker); every write goes to the ledger with what
the client saw: "acked" (the page said it was done), "refused" (the page said why not) or
"unknown" (no clear answer: an error, a 503, a dropped connection).
"""
import random
import re
import threading
import time

from harness import Browser

PAIR = re.compile(r'name="pairs" value="(\d+):(\d+)"')
MATCH_LINK = re.compile(r'href="/matching/matches/(\d+)"')
CHECKIN_LINK = re.compile(r'href="/checkins/(\d+)/log"')
NUMBER = re.compile(r"/\d+")
KINDS = ("mentor", "housing", "language")


class Recorder:
    """Every answer of the run, thread-safe."""

    def __init__(self):
        self.lock = threading.Lock()
        self.answers = []
        self.ledger = []
        self.started = time.monotonic()

    def answer(self, role, method, path, response):
        row = (time.monotonic() - self.started, role, method,
               NUMBER.sub("/<n>", path.split("?")[0]), response.status, response.worker,
               response.error, response.elapsed)
        with self.lock:
            self.answers.append(row)

    def write(self, **event):
        with self.lock:
            self.ledger.append(event)


def outcome(response):
    """What the person saw: the POST redirected to a page saying it was done, or why not.

    A page showing both kinds of message also shows one left over from an earlier request
    whose page never arrived: that is no clear answer.
    """
    success = "flash flash-success" in response.text
    error = "flash flash-error" in response.text
    if not response.redirected or response.status != 200 or success == error:
        return "unknown"
    return "acked" if success else "refused"


class Client(threading.Thread):
    """One thread driving one or more accounts of one role until `stop` is set."""

    role = ""

    def __init__(self, port, accounts, password, totp_secret, seed, recorder, ready, stop):
        super().__init__(daemon=True, name=f"{self.role}-{seed}")
        self.port, self.accounts = port, accounts
        self.password, self.totp_secret = password, totp_secret
        self.rng = random.Random(seed)
        self.recorder, self.ready, self.stop = recorder, ready, stop
        self.browsers = {}
        self.login_failures = []
        self.counter = 0
        self.logged_in = threading.Event()

    def _record(self, method, path, response):
        self.recorder.answer(self.role, method, path, response)

    def run(self):
        for email in self.accounts:
            browser = Browser(self.port, self._record)
            if browser.login(email, self.password, self.totp_secret):
                self.browsers[email] = browser
            else:
                self.login_failures.append(email)
        self.logged_in.set()
        self.ready.wait()
        emails = sorted(self.browsers)
        while emails and not self.stop.is_set():
            email = self.rng.choice(emails)
            written = len(self.recorder.ledger)
            self.step(email, self.browsers[email])
            if any(e["outcome"] == "unknown" and e["who"] == email
                   for e in self.recorder.ledger[written:]):
                # A message left in the session would show on the next page: read it now.
                self.browsers[email].get("/")
            # Someone whose page did not load waits a moment before trying again.
            pause = 0.25 if self.browsers[email].last_status in (0, 503) else 0.02
            time.sleep(self.rng.uniform(0, pause))

    def step(self, email, browser):
        raise NotImplementedError


class Organizer(Client):
    """Reads the dashboard and the board; confirms proposals, sometimes from a stale page."""

    role = "organizer"
    stale = ()

    def step(self, email, browser):
        roll = self.rng.random()
        if roll < 0.15:
            browser.get("/dashboard/")
        elif roll < 0.30:
            browser.get(f"/matching/?kind={self.rng.choice(KINDS)}")
        elif roll < 0.40:
            browser.get("/")
        else:
            page = browser.get(f"/matching/{self.rng.choice(KINDS)}/proposals")
            pairs = PAIR.findall(page.text)
            if not pairs:
                return
            # A proposal read a moment ago: another organizer may have taken its seat since.
            stale = self.stale and self.rng.random() < 0.3
            request_id, offer_id = self.rng.choice(self.stale if stale else pairs)
            self.stale = pairs
            answer = browser.post("/matching/confirm", {"pairs": f"{request_id}:{offer_id}"})
            self.recorder.write(kind="confirm", who=email, request=int(request_id),
                                offer=int(offer_id), outcome=outcome(answer))


class Mentor(Client):
    """Answers proposals, ends some matches (freeing the seat again) and logs check-ins."""

    role = "mentor"

    def step(self, email, browser):
        roll = self.rng.random()
        if roll < 0.2:
            browser.get("/")
        elif roll < 0.6:
            page = browser.get("/matching/mine")
            proposed_part, _, active_part = page.text.partition('id="active-heading"')
            proposed = MATCH_LINK.findall(proposed_part)
            active = MATCH_LINK.findall(active_part)
            if proposed:
                match_id = int(self.rng.choice(proposed))
                decision = "accept" if self.rng.random() < 0.75 else "decline"
                answer = browser.post(f"/matching/matches/{match_id}/respond",
                                      {"decision": decision})
                self.recorder.write(kind="respond", who=email, match=match_id, decision=decision,
                                    outcome=outcome(answer))
            elif active and self.rng.random() < 0.5:
                match_id = int(self.rng.choice(active))
                answer = browser.post(f"/matching/matches/{match_id}/end", {"reason": "withdrawn"})
                self.recorder.write(kind="end", who=email, match=match_id,
                                    outcome=outcome(answer))
        else:
            page = browser.get("/checkins/")
            found = CHECKIN_LINK.findall(page.text)
            if not found:
                return
            checkin_id = int(self.rng.choice(found))
            browser.get(f"/checkins/{checkin_id}/log")
            self.counter += 1
            token = f"load {email} {self.counter}"
            answer = browser.post(f"/checkins/{checkin_id}/log",
                                  {"outcome": "done", "wellbeing": "4", "notes": token})
            self.recorder.write(kind="log", who=email, checkin=checkin_id, token=token,
                                outcome=outcome(answer))


class Newcomer(Client):
    """Browses, and takes or gives up seats at the same few scarce meeting dates."""

    role = "newcomer"
    occurrences = ()

    def step(self, email, browser):
        roll = self.rng.random()
        if roll < 0.2:
            browser.get("/")
        elif roll < 0.4:
            browser.get("/meetings/")
        elif roll < 0.5:
            browser.get("/notifications/")
        elif roll < 0.8:
            occurrence = self.rng.choice(self.occurrences)
            browser.get(f"/meetings/{occurrence}")
            answer = browser.post(f"/meetings/{occurrence}/rsvp")
            self.recorder.write(kind="rsvp", who=email, occurrence=occurrence,
                                outcome=outcome(answer))
        else:
            occurrence = self.rng.choice(self.occurrences)
            answer = browser.post(f"/meetings/{occurrence}/leave")
            self.recorder.write(kind="leave", who=email, occurrence=occurrence,
                                outcome=outcome(answer))
