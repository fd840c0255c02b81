"""The data the load plays on, and what the database must say afterwards.

Runs in the load script's own process against the same database as the servers, through the
app's models (so encrypted fields read back in clear).
"""
import os
import random
from collections import Counter, defaultdict
from datetime import time, timedelta

from peewee import fn

CONTROLLED_CHECKINS = 150
LOCKOUT_ACCOUNT = "newcomer@demo.test"
EXTRA_ORGANIZER = "organizer3@load.test"


def open_app(database_url, instance, secret_key, smtp_port):
    """The app on the run's database, for preparing and checking; it never serves requests."""
    os.environ["PASSAGE_INSTANCE"] = instance
    os.environ["SECRET_KEY"] = secret_key
    from network import create_app

    return create_app({"DATABASE_URL": database_url, "SCHEDULER_IN_PROCESS": False,
                       "SMTP_HOST": "127.0.0.1", "SMTP_PORT": smtp_port, "SMTP_SECURITY": "none"})


def close_app():
    from playhouse.pool import PooledDatabase

    from network.db import db

    if isinstance(db.obj, PooledDatabase):
        db.obj.close_all()
    elif not db.is_closed():
        db.close()


def prepare(password, totp_secret, seed):
    """Make the demo network scarce and give the scheduler a known amount of due work."""
    from network.auth.service import hash_password
    from network.meetings import series
    from network.models import CheckIn, Match, Occurrence, Offer, User, VolunteerProfile, utcnow
    from network.notify.service import notify
    from network.timeutil import paris_date

    rng = random.Random(seed)
    now = utcnow()
    # A third organizer: three confirm at once, each logging in with its own TOTP step.
    extra = User.create(email=EXTRA_ORGANIZER, display_name="Load Organizer",
                        password_hash=hash_password(password), role="organizer",
                        status="active")
    User.update(totp_secret=totp_secret).where(User.id == extra.id).execute()
    VolunteerProfile.create(user=extra)
    # Scarce offers: capacity 1 or 2 (never below what is already used).
    for offer in Offer.select(Offer.id, Offer.capacity, Offer.used):
        capacity = max(offer.used, min(offer.capacity, 1 + offer.id % 2))
        Offer.update(capacity=capacity).where(Offer.id == offer.id).execute()
    # Two mentor matches whose volunteers no client logs in as: their check-ins are the
    # scheduler's known work (a client logging them would make them no longer due).
    reserved, matches = set(), []
    for match in (Match.select().where((Match.kind == "mentor") & (Match.status == "active"))
                  .order_by(Match.id)):
        if match.volunteer_id not in reserved and len(reserved) < 2:
            reserved.add(match.volunteer_id)
            matches.append(match)
    rows = [dict(match=matches[i % len(matches)].id, due_at=now + timedelta(hours=1, minutes=6 * i))
            for i in range(CONTROLLED_CHECKINS)]
    CheckIn.insert_many(rows).execute()
    controlled = [f"checkin-reminder:{c.id}:{c.due_at:%Y-%m-%d}" for c in
                  CheckIn.select().where(CheckIn.match.in_([m.id for m in matches])
                                         & (CheckIn.status == "scheduled")
                                         & (CheckIn.due_at >= now)
                                         & (CheckIn.due_at < now + timedelta(hours=24)))]
    # Meeting dates with one, two and three seats that every newcomer client wants.
    organizer = User.get(User.email == "organizer@demo.test")
    day = paris_date(now) + timedelta(days=1)
    targets = []
    for capacity in (1, 2, 3):
        meeting = series.create_meeting(organizer, series.MeetingInput(
            title=f"Load: {capacity} seat(s)", description="", language="ru", day=day,
            starts=time(19, 0), ends=time(20, 30), city="Paris", place="Salle des fêtes",
            online_link="", capacity=capacity, facilitator=organizer.id, count_only=False,
            recurrence="weekly", repeat_until=None), now=now)
        targets += [o.id for o in Occurrence.select(Occurrence.id)
                    .where(Occurrence.meeting == meeting.id).order_by(Occurrence.start_at)
                    .limit(3)]
    # At least one email waits when the schedulers start, so their first tick talks to SMTP.
    notify(organizer, "alert", "load-run:start", "checkin_alert", link="/")
    reserved_emails = {u.email for u in User.select(User.email).where(User.id.in_(list(reserved)))}
    mentors = [u.email for u in User.select(User.email).where(
        (User.role == "mentor") & (User.status == "active")).order_by(User.id)
        if u.email not in reserved_emails]
    newcomers = [u.email for u in User.select(User.email).where(
        (User.role == "newcomer") & (User.status == "active")).order_by(User.id)
        if u.email != LOCKOUT_ACCOUNT]
    organizers = [u.email for u in User.select(User.email).where(
        (User.role == "organizer") & (User.status == "active")).order_by(User.id)]
    rng.shuffle(newcomers)
    return {"last_match": Match.select(fn.MAX(Match.id)).scalar() or 0,
            "organizers": organizers, "mentors": mentors, "newcomers": newcomers,
            "occurrences": targets, "controlled_keys": controlled,
            "reserved_volunteers": sorted(reserved_emails)}


def _check(ok, **detail):
    return {"ok": bool(ok), **detail}


def _outcomes(events):
    return Counter(event["outcome"] for event in events)


def check_database(ledger, plan):
    """Capacity invariants, then every acknowledged write against the database."""
    from network.models import (
        RSVP,
        AuditEvent,
        CheckIn,
        HelpRequest,
        Match,
        Occurrence,
        Offer,
        User,
        utcnow,
    )

    checks = {}
    live = dict(Match.select(Match.offer, fn.COUNT(Match.id))
                .where(Match.status.in_(("proposed", "active"))).group_by(Match.offer).tuples())
    offers = list(Offer.select(Offer.id, Offer.capacity, Offer.used).tuples())
    over = [o for o, capacity, used in offers if used > capacity]
    drift = [o for o, capacity, used in offers if used != live.get(o, 0)]
    checks["offers_within_capacity"] = _check(not over, offers=len(offers), over=over[:10])
    checks["offers_used_equals_live_matches"] = _check(not drift, drift=drift[:10])

    state = {}
    for request_id, status in Match.select(Match.request, Match.status).where(
            Match.status.in_(("proposed", "active"))).tuples():
        state.setdefault(request_id, []).append(status)
    wrong = []
    for request_id, status in HelpRequest.select(HelpRequest.id, HelpRequest.status).tuples():
        matches = state.get(request_id, [])
        expected = ({"proposed"} if matches == ["proposed"] else {"matched"}
                    if matches == ["active"] else {"open", "closed", "cancelled"}
                    if not matches else set())
        if status not in expected:
            wrong.append((request_id, status, matches))
    checks["requests_agree_with_matches"] = _check(not wrong, wrong=wrong[:10])

    now = utcnow()
    going = dict(RSVP.select(RSVP.occurrence, fn.COUNT(RSVP.id))
                 .where(RSVP.status == "going").group_by(RSVP.occurrence).tuples())
    waiting = dict(RSVP.select(RSVP.occurrence, fn.COUNT(RSVP.id))
                   .where(RSVP.status == "waitlist").group_by(RSVP.occurrence).tuples())
    occurrences = list(Occurrence.select(Occurrence.id, Occurrence.capacity,
                                         Occurrence.seats_taken, Occurrence.start_at,
                                         Occurrence.cancelled_at).tuples())
    over = [o for o, capacity, taken, _, _ in occurrences if taken > capacity]
    drift = [o for o, _, taken, _, _ in occurrences if taken != going.get(o, 0)]
    stuck = [o for o, capacity, taken, start, cancelled in occurrences
             if start > now and cancelled is None and taken < capacity and waiting.get(o)]
    checks["meetings_within_capacity"] = _check(not over, occurrences=len(occurrences),
                                                over=over[:10])
    checks["seats_taken_equals_going"] = _check(not drift, drift=drift[:10])
    checks["no_one_waits_for_a_free_seat"] = _check(not stuck, stuck=stuck[:10])
    duplicates = list(RSVP.select(RSVP.occurrence, RSVP.user).group_by(RSVP.occurrence, RSVP.user)
                      .having(fn.COUNT(RSVP.id) > 1).tuples())
    checks["no_duplicate_rsvp"] = _check(not duplicates, duplicates=duplicates[:10])

    ids = {u.email: u.id for u in User.select(User.id, User.email)}
    by_kind = defaultdict(list)
    for event in ledger:
        by_kind[event["kind"]].append(event)
    checks.update(_check_confirms(by_kind["confirm"], ids, Match, plan["last_match"]))
    checks.update(_check_answers(by_kind["respond"], by_kind["end"], Match, AuditEvent))
    checks.update(_check_logs(by_kind["log"], CheckIn, AuditEvent))
    checks.update(_check_rsvps([e for e in ledger if e["kind"] in ("rsvp", "leave")], ids, RSVP))
    return checks


def _check_confirms(events, ids, Match, last_match):
    """Each confirmation the organizer saw succeed is one match; a refused one is none."""
    expected = defaultdict(Counter)
    for event in events:
        key = (ids[event["who"]], event["request"], event["offer"])
        expected[key][event["outcome"]] += 1
    # Only the matches made during the run: the demo's history has older ones of the same pairs.
    found = Counter(Match.select(Match.proposed_by, Match.request, Match.offer).where(
        (Match.id > last_match) & Match.request.in_(sorted({k[1] for k in expected}) or [0]))
        .tuples())
    wrong = [(key, dict(count), found.get(key, 0)) for key, count in expected.items()
             if not count["acked"] <= found.get(key, 0) <= count["acked"] + count["unknown"]]
    return {"acknowledged_confirmations_present_once": _check(
        not wrong, **_outcomes(events), wrong=wrong[:10])}


def _check_answers(responds, ends, Match, AuditEvent):
    """An answer the mentor saw recorded is in the match, and in the audit trail once."""
    status = dict(Match.select(Match.id, Match.status).tuples())
    audited = Counter(AuditEvent.select(AuditEvent.target_id, AuditEvent.action).where(
        AuditEvent.action.in_(("match.accepted", "match.declined", "match.ended"))
        & (AuditEvent.target_type == "match")).tuples())
    wrong = []
    for event in responds:
        if event["outcome"] != "acked":
            continue
        accepted = event["decision"] == "accept"
        action = "match.accepted" if accepted else "match.declined"
        ok = (status.get(event["match"]) in (("active", "ended") if accepted else ("declined",))
              and audited[(event["match"], action)] == 1)
        if not ok:
            wrong.append((event["match"], event["decision"], status.get(event["match"]),
                           audited[(event["match"], action)]))
    for event in ends:
        if event["outcome"] == "acked" and not (status.get(event["match"]) == "ended"
                                                 and audited[(event["match"], "match.ended")] == 1):
            wrong.append((event["match"], "end", status.get(event["match"]),
                          audited[(event["match"], "match.ended")]))
    return {"acknowledged_answers_present_once": _check(
        not wrong, answers=dict(_outcomes(responds)), ends=dict(_outcomes(ends)),
        wrong=wrong[:10])}


def _check_logs(events, CheckIn, AuditEvent):
    """The last check-in log a mentor saw saved is what the check-in says; one audit event each."""
    per = defaultdict(list)
    for event in events:
        per[event["checkin"]].append(event)
    notes = {c.id: c.notes for c in CheckIn.select(CheckIn.id, CheckIn.notes)
             .where(CheckIn.id.in_(list(per) or [0]))}
    audited = Counter(target for (target,) in AuditEvent.select(AuditEvent.target_id).where(
        (AuditEvent.action == "checkin.logged") & (AuditEvent.target_type == "checkin")
        & AuditEvent.target_id.in_(list(per) or [0])).tuples())
    wrong = []
    for checkin_id, history in per.items():
        count = _outcomes(history)
        if not count["acked"] <= audited[checkin_id] <= count["acked"] + count["unknown"]:
            wrong.append((checkin_id, "audit", dict(count), audited[checkin_id]))
        if history[-1]["outcome"] == "acked" and notes.get(checkin_id) != history[-1]["token"]:
            wrong.append((checkin_id, "notes", history[-1]["token"], notes.get(checkin_id)))
    return {"acknowledged_checkin_logs_present_once": _check(
        not wrong, **_outcomes(events), wrong=wrong[:10])}


def _check_rsvps(events, ids, RSVP):
    """The last RSVP or leave a newcomer saw succeed is the RSVP's state."""
    last = {}
    for event in events:
        # A refused RSVP or leave ("already registered", "not registered") changes nothing.
        if event["outcome"] != "refused":
            last[(event["occurrence"], ids[event["who"]])] = event
    rows = {(o, u): s for o, u, s in RSVP.select(RSVP.occurrence, RSVP.user, RSVP.status).tuples()}
    wrong = []
    for key, event in last.items():
        if event["outcome"] != "acked":
            continue
        status = rows.get(key)
        if (event["kind"] == "rsvp") != (status in ("going", "waitlist")):
            wrong.append((key, event["kind"], status))
    return {"acknowledged_rsvps_present": _check(
        not wrong, **_outcomes(events), wrong=wrong[:10])}


def check_mail(plan, sink_ids, allowed_duplicates=0):
    """Every due reminder sent once; every email handed to the SMTP server, once by Message-ID."""
    from network.crypto import reveal
    from network.models import Notification, OutboxEmail

    checks = {}
    keys = plan["controlled_keys"]
    present = Counter(key for (key,) in Notification.select(Notification.dedupe_key)
                      .where(Notification.dedupe_key.in_(keys)).tuples())
    missing = [key for key in keys if present[key] != 1]
    checks["due_reminders_sent_once"] = _check(not missing and keys, due=len(keys),
                                               sent=sum(present.values()), missing=missing[:5])
    twice = list(Notification.select(Notification.dedupe_key).group_by(Notification.dedupe_key)
                 .having(fn.COUNT(Notification.id) > 1).tuples())
    checks["no_notification_twice"] = _check(not twice, notifications=Notification.select()
                                             .count(), twice=twice[:5])
    rows = list(OutboxEmail.select(OutboxEmail.id, OutboxEmail.sent_at, OutboxEmail.attempts,
                                   OutboxEmail.last_error).tuples())
    unsent = [r[0] for r in rows if r[1] is None]
    received = Counter(sink_ids)
    lost = [r[0] for r in rows if r[1] is not None and not received[r[0]]]
    controlled_mail = (OutboxEmail.select().join(Notification, on=(
        OutboxEmail.notification == Notification.id)).where(
        Notification.dedupe_key.in_(keys) & OutboxEmail.sent_at.is_null(False)).count())
    delayed = [r[0] for r in rows if r[2] > 1 or reveal(r[3]).startswith("connect")]
    checks["every_email_delivered"] = _check(
        not unsent and not lost and rows, outbox=len(rows), unsent=unsent[:5], lost=lost[:5],
        received=len(sink_ids), distinct=len(received), controlled_sent=controlled_mail,
        delayed_then_sent=len([i for i in delayed if received[i]]))
    # The same Message-ID twice is what a crash between "accepted" and "marked sent" leaves;
    # a receiving server drops it. Counted and shown, not hidden.
    twice = sorted(i for i, n in received.items() if n > 1)
    checks["emails_received_twice"] = _check(len(twice) <= allowed_duplicates, duplicates=twice,
                                             allowed=allowed_duplicates)
    return checks
