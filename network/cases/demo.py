"""The demo's casework: lead organizers for part of the newcomers, and open, taken and closed
cases of every kind, some with notes and answers."""
from datetime import timedelta

from ..core.batches import batches
from ..crypto import Ciphertext, encrypt
from ..models import Case, CaseEntry, Lead, Match, NewcomerProfile, User, utcnow

# Newcomers with a lead organizer, and cases of each kind: problems, unanswered calls to talk,
# unreachable newcomers, erasure requests.
CASEWORK = {"small": (12, (3, 2, 1, 1)), "large": (1500, (160, 120, 60, 40))}
NOTES = ["Appelé le mentor, à rappeler jeudi.", "Позвонила, всё в порядке, перезвоню в пятницу.",
         "Orienté·e vers la Cimade pour le recours.", "Нет ответа по телефону, написала в Signal."]
ANSWERS = ["Merci, nous nous en occupons.", "Спасибо, мы вам позвоним завтра."]


def seed_cases(rng, scale):
    """Leads and cases among the crowd; the fixed demo accounts keep a story of their own."""
    now = utcnow()
    leads, (problems, talks, unreachable, erasures) = CASEWORK[scale]
    organizers = [uid for (uid,) in User.select(User.id).where(
        (User.role == "organizer") & (User.status == "active")).order_by(User.id).tuples()]
    newcomers = [uid for (uid,) in User.select(User.id).where(
        (User.role == "newcomer") & (User.status == "active")
        & User.email.startswith("newcomer") & (User.email != "newcomer@demo.test"))
        .order_by(User.id).tuples()]
    live = list(Match.select(Match.id, Match.newcomer, Match.volunteer)
                .where(Match.status == "active").order_by(Match.id).tuples())
    if not organizers or not newcomers:
        return
    led = rng.sample(newcomers, min(leads, len(newcomers)))
    for batch in batches([dict(newcomer=uid, organizer=rng.choice(organizers)) for uid in led],
                         500):
        Lead.insert_many(batch).execute()
    lead_of = dict(Lead.select(Lead.newcomer, Lead.organizer).tuples())
    rows = [dict(kind="problem", newcomer=newcomer, match=mid, reporter=volunteer)
            for mid, newcomer, volunteer in rng.sample(live, min(problems, len(live)))]
    rows += [dict(kind="talk", newcomer=uid, reporter=uid) for uid in rng.sample(newcomers, talks)]
    lost = rng.sample(newcomers, unreachable)
    rows += [dict(kind="unreachable", newcomer=uid) for uid in lost]
    asking = rng.sample(newcomers, erasures)
    rows += [dict(kind="erasure", newcomer=uid, reporter=uid) for uid in asking]
    for n, row in enumerate(rows):
        opened = now - timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 23))
        closed = row["kind"] != "erasure" and rng.random() < 0.3
        assignee = lead_of.get(row["newcomer"]) or (rng.choice(organizers)
                                                    if rng.random() < 0.4 else None)
        row.update(created_at=opened, assignee=assignee, taken_at=assignee and opened,
                   status="closed" if closed else "open",
                   open_key=None if closed else f"{row['kind']}:demo-{n}",
                   outcome=rng.choice(("resolved", "referred", "no_action")) if closed else None,
                   closed_at=opened + timedelta(days=2) if closed else None,
                   closed_by=assignee if closed else None)
    ids = [c.id for batch in batches(rows, 500)
           for c in Case.insert_many([{"match": None, "reporter": None, **row} for row in batch])
           .returning(Case.id).execute()]
    _entries(rng, organizers, list(zip(ids, rows)))
    # An erasure asked for lately waits out its grace period; an unreachable newcomer is marked.
    (User.update(erasure_requested_at=now - timedelta(days=rng.randint(0, 5)))
     .where(User.id.in_(asking)).execute())
    (NewcomerProfile.update(unreachable_since=now - timedelta(days=3))
     .where(NewcomerProfile.user.in_(lost)).execute())


def _entries(rng, organizers, cases):
    """Notes on half the cases and an answer to a third of those reported; each encrypted once."""
    rows = []
    for case_id, row in cases:
        at = row["created_at"] + timedelta(hours=3)
        if rng.random() < 0.5:
            rows.append(dict(case=case_id, kind="note", author=rng.choice(organizers),
                             body=Ciphertext(encrypt(rng.choice(NOTES))), created_at=at))
        if row.get("reporter") and rng.random() < 0.35:
            rows.append(dict(case=case_id, kind="reply", author=rng.choice(organizers),
                             body=Ciphertext(encrypt(rng.choice(ANSWERS))),
                             created_at=at + timedelta(hours=1)))
    for batch in batches(rows, 500):
        CaseEntry.insert_many(batch).execute()
