"""The mixed run's people: who logs in, the pages each walks, and the wrk script that plays them.

Accounts are chosen from the data (`choose`, in the app); each is logged in like a browser and
walks the pages a person of its role would, following the links its own pages show (`walk`);
the walks, interleaved so that one session's requests are far apart, become one Lua script for
wrk that rotates requests and cookies (`lua_script`). Every POST carries its session's CSRF token.

The unusual-access alert stays on at its deployed threshold: each organizer reads the records
of a caseload of its own (`CASELOAD` newcomers, below the alert's count), so the benchmark is a
network of several organizers rather than one reading everyone; `tally` counts the alerts
raised, which must stay 0.
"""
import re
import time
import urllib.parse
from collections import namedtuple

import pyotp

# Sessions of each role in the mixed run.
COUNTS = {"newcomer": 16, "mentor": 12, "host": 6, "organizer": 6}
# Records one organizer reads in the run: a caseload, under UNUSUAL_ACCESS_COUNT (20).
CASELOAD = 3
BENCH_ORGANIZER = "organizer{n}@bench.test"
# Every page a logged-in person sees has the logout button; a visitor's pages do not.
LOGGED_IN = 'action="/logout"'
Page = namedtuple("Page", "path text")
TOKEN = re.compile(r'name="csrf_token"[^>]*? value="([^"]+)"')


def _links(pattern, text):
    return list(dict.fromkeys(re.findall(pattern, text)))


def _first(pattern, text, what):
    return _pick(pattern, text, 0, what)


def _pick(pattern, text, index, what):
    """One of the page's links, a different one for each session where the page has several."""
    found = _links(pattern, text)
    if not found:
        raise LookupError(f"no {what} on the page")
    return found[index % len(found)]


def choose(counts, totp_secret):
    """(email, role, number within the role) of the run's sessions; organizers the data
    lacks are added, like the demo's (same password and TOTP secret).

    Runs in an app context on the database to measure. Newcomers, mentors and hosts have a live
    match with an open conversation (mentors a scheduled check-in too), lowest ids first.
    """
    from network.auth import twofactor
    from network.models import CheckIn, Conversation, Match, User, VolunteerProfile

    def volunteers(kind, more=None):
        query = (Match.select(Match.volunteer).distinct()
                 .join(Conversation, on=(Conversation.match == Match.id))
                 .join(User, on=(User.id == Match.volunteer))
                 .where((Match.kind == kind) & (Match.status == "active")
                        & (Conversation.status == "open") & (User.status == "active")))
        if more is not None:
            query = query.where(more)
        return [v for (v,) in query.order_by(Match.volunteer).tuples()]

    scheduled = Match.id.in_(CheckIn.select(CheckIn.match).where(CheckIn.status == "scheduled"))
    mentors = volunteers("mentor", scheduled)[:counts["mentor"]]
    hosts = [v for v in volunteers("housing") if v not in mentors][:counts["host"]]
    newcomers = [n for (n,) in Match.select(Match.newcomer).distinct()
                 .join(Conversation, on=(Conversation.match == Match.id))
                 .join(User, on=(User.id == Match.newcomer))
                 .where((Match.status == "active") & (Conversation.status == "open")
                        & (User.status == "active"))
                 .order_by(Match.newcomer).tuples()][:counts["newcomer"]]
    organizers = [u.id for u in User.select(User.id).where(
        (User.role == "organizer") & (User.status == "active")).order_by(User.id)]
    model = User.get_by_id(organizers[0])
    for n in range(len(organizers), counts["organizer"]):
        user = User.create(email=BENCH_ORGANIZER.format(n=n + 1), display_name=f"Organizer {n + 1}",
                           password_hash=model.password_hash, role="organizer", status="active",
                           locale="fr")
        VolunteerProfile.create(user=user)
        twofactor.set_secret(user, totp_secret)
        organizers.append(user.id)
    emails = dict(User.select(User.id, User.email).where(
        User.id.in_(mentors + hosts + newcomers + organizers)).tuples())
    chosen = (("newcomer", newcomers), ("mentor", mentors), ("host", hosts),
              ("organizer", organizers[:counts["organizer"]]))
    return [(emails[i], role, n) for role, ids in chosen for n, i in enumerate(ids)]


def tally():
    """What the run wrote and read, counted in the database (compare before and after)."""
    from peewee import fn

    from network.audit.service import READ_ACTIONS
    from network.models import AuditEvent, Message

    actions = dict(AuditEvent.select(AuditEvent.action, fn.COUNT(AuditEvent.id))
                   .group_by(AuditEvent.action).tuples())
    return {"messages": Message.select().count(),
            "checkins_logged": actions.get("checkin.logged", 0),
            "audited_reads": sum(actions.get(a, 0) for a in READ_ACTIONS),
            "unusual_access_alerts": actions.get("access.unusual", 0)}


def login(visitor, email, password, totp_secret):
    """Log in through the forms, second factor included, as a browser does."""
    page = visitor.post("/login", {"email": email, "password": password})
    if page.path == "/login/code":
        code = pyotp.TOTP(totp_secret).now()
        page = visitor.post("/login/code", {"code": code})
        if page.path == "/login/code":
            # This account used this code in a run a moment ago: a code is accepted once.
            time.sleep(31 - time.time() % 30)
            page = visitor.post("/login/code", {"code": pyotp.TOTP(totp_secret).now()})
    if page.path.startswith("/login"):
        raise RuntimeError(f"{email} could not log in")


def walk(visitor, role, index):
    """The requests of one session, [(method, path, fields)], found on its own pages; `index`
    numbers the sessions of a role, so each takes its own of the links a page lists."""
    get = [("GET", path, None) for path in ("/", "/notifications/")]
    if role == "organizer":
        listed = _links(r'href="/people/newcomers/(\d+)"', visitor.get("/people/newcomers").text)
        start = index * CASELOAD
        if len(listed) < start + CASELOAD:
            raise LookupError("too few newcomers on the list for every organizer's caseload")
        return get + [("GET", path, None) for path in (
            "/dashboard/", "/matching/", "/people/newcomers", "/audit/", "/meetings/",
            *(f"/people/newcomers/{n}" for n in listed[start:start + CASELOAD]))]
    conversation = _first(r'href="/conversations/(\d+)"', visitor.get("/conversations/").text,
                          "conversation")
    page = visitor.get(f"/conversations/{conversation}").text
    token = _first(TOKEN, page, "CSRF token")
    message = ("POST", f"/conversations/{conversation}/messages",
               {"body": f"Benchmark message {index}", "csrf_token": token})
    talk = [("GET", "/conversations/", None), ("GET", f"/conversations/{conversation}", None),
            message]
    if role == "newcomer":
        occurrence = _pick(r'href="/meetings/(\d+)"', visitor.get("/meetings/").text, index,
                           "meeting")
        seat = {"csrf_token": token}
        return get + talk + [
            ("GET", "/help/", None), ("GET", "/meetings/", None),
            ("GET", f"/meetings/{occurrence}", None),
            ("POST", f"/meetings/{occurrence}/rsvp", seat), ("GET", "/checkins/mine", None),
            ("GET", "/procedure/", None), ("POST", f"/meetings/{occurrence}/leave", seat)]
    match = _first(r'href="/matching/matches/(\d+)"', visitor.get("/matching/mine").text, "match")
    steps = get + talk + [("GET", "/matching/mine", None),
                          ("GET", f"/matching/matches/{match}", None), ("GET", "/meetings/", None)]
    if role == "mentor":
        checkin = _pick(r'href="/checkins/(\d+)/log"', visitor.get("/checkins/").text, index,
                        "check-in")
        steps += [("GET", "/checkins/", None), ("GET", f"/checkins/{checkin}/log", None),
                  ("POST", f"/checkins/{checkin}/log",
                   {"outcome": "done", "wellbeing": "4", "notes": f"Benchmark {index}",
                    "csrf_token": token})]
    return steps


def interleave(sessions):
    """[(method, path, cookie, body)]: one request of each session in turn, bodies encoded.

    Each session starts its walk at a step of its own (and goes round it in order), so that any
    stretch of the rotation holds every kind of page and write, not the first pages of all.
    """
    out, longest = [], max(len(steps) for _, steps in sessions)
    turned = [(cookie, steps[i % len(steps):] + steps[:i % len(steps)])
              for i, (cookie, steps) in enumerate(sessions)]
    for k in range(longest):
        for cookie, steps in turned:
            if k < len(steps):
                method, path, fields = steps[k]
                body = urllib.parse.urlencode(fields) if fields is not None else None
                out.append((method, path, cookie, body))
    return out


def expected(method, status, location, body):
    """Why this answer is not what the request should get, or None: a page answers 200 with the
    logout button (a visitor's page answers 200 too), a form redirects, and neither sends the
    person to the login page."""
    if "/login" in (location or ""):
        return f"sent to {location}"
    if method == "GET":
        return None if status == 200 and LOGGED_IN in body else f"answered {status} logged out"
    return None if status in (302, 303) else f"answered {status}"


def _lua(text):
    """A Lua string literal: anything but plain ASCII written as decimal byte escapes."""
    if text is None:
        return "nil"
    plain = set(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 /-_.=;%&+:")
    return '"' + "".join(chr(b) if b in plain else f"\\{b:03d}" for b in text.encode()) + '"'


def lua_script(requests, agent):
    """A wrk script playing `requests` in turn, each thread from its own place in the list.

    It counts the answers that show a session was lost (sent to the login page, or a page
    without the logout button: a visitor's page answers 200 too) and prints them after wrk's
    summary; a lost session would look fast.
    """
    rows = ",\n".join(f"  {{{_lua(m)}, {_lua(p)}, {_lua(c)}, {_lua(b)}}}"
                      for m, p, c, b in requests)
    return f"""local requests = {{
{rows}
}}
local formatted = {{}}
local threads = {{}}
lost = 0
start = 0

function setup(thread)
  thread:set("start", #threads * 7919)
  table.insert(threads, thread)
end

function init(args)
  for i, r in ipairs(requests) do
    local headers = {{["Cookie"] = r[3], ["User-Agent"] = {_lua(agent)}}}
    if r[4] then
      headers["Content-Type"] = "application/x-www-form-urlencoded"
    end
    formatted[i] = wrk.format(r[1], r[2], headers, r[4])
  end
  position = start % #formatted
end

function request()
  position = position % #formatted + 1
  return formatted[position]
end

function response(status, headers, body)
  local location = headers["Location"] or headers["location"]
  if (location and string.find(location, "/login", 1, true))
      or (status == 200 and not string.find(body, {_lua(LOGGED_IN)}, 1, true)) then
    lost = lost + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("lost")
  end
  io.write(string.format("Logged out: %d\\n", total))
end
"""


def main():
    """`python -m tests.benchmarks.mixed choose|tally`, in the benchmark's environment: JSON out.

    `choose` reads the TOTP secret of the organizers it adds from the second argument.
    """
    import json
    import sys

    from network import create_app
    from network.db import connection

    app = create_app({"SCHEDULER_IN_PROCESS": False})
    with app.app_context(), connection():
        if sys.argv[1] == "choose":
            print(json.dumps(choose(COUNTS, sys.argv[2])))
        else:
            print(json.dumps(tally()))


if __name__ == "__main__":
    main()
