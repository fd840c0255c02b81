"""The demo's meetings: fixed groups and a crowd of series, with past attendance and RSVPs."""
from collections import Counter
from datetime import datetime, time, timedelta, timezone

from ..core.batches import batches
from ..models import RSVP, Attendance, Meeting, Occurrence, User, utcnow
from ..places.fields import NOWHERE, place_columns
from ..timeutil import PARIS, paris_date
from .recurrence import HORIZON, slots

BATCH = 500

# The fixed groups: (title, description, language, city, place or link, weekday, start,
# how often, seats, count only, facilitator's email).
GROUPS = [
    ("Группа поддержки «Прощай, оружие!»",
     "Встреча тех, кто отказался воевать: поговорить, поужинать вместе, помочь друг другу.",
     "ru", "Paris", "Local associatif, 21 rue des Lilas, Paris 20e", 1, time(19), "weekly", 12,
     False, "organizer2@demo.test"),
    ("Café-conversation en français", "Parler français autour d'un café, tous niveaux.",
     "fr", "Paris", "Café solidaire, 4 place du Marché, Paris 11e", 5, time(10, 30), "weekly",
     15, False, "mentor@demo.test"),
    ("Встреча в Лионе", "Группа взаимной поддержки. Считаем только число участников.",
     "ru", "Lyon", "Maison des associations, 8 rue Pasteur, Lyon 7e", 3, time(18, 30),
     "biweekly", 10, True, "organizer2@demo.test"),
    ("Онлайн-круг поддержки", "Для тех, кто далеко от Парижа и Лиона.", "ru", "",
     "https://meet.demo.test/krug", 6, time(20), "weekly", 25, False, "mentor@demo.test"),
    ("Démarches OFPRA : questions-réponses",
     "Une juriste bénévole répond aux questions sur la procédure.", "fr", "",
     "https://meet.demo.test/ofpra", 2, time(18), "monthly", 30, False,
     "organizer@demo.test"),
]
GROUP_TITLES = {"ru": ["Группа поддержки", "Вечер разговоров", "Чай и разговоры"],
                "uk": ["Група підтримки", "Розмовний клуб"],
                "fr": ["Café-conversation", "Atelier de français", "Aide aux démarches"]}
# Meetings besides the fixed groups; the large scale has about a thousand in all.
MORE_MEETINGS = {"small": 6, "large": 995}


def seed_meetings(rng, fixed, scale, places, streets):
    """Recurring groups in Paris, Lyon and online, with past attendance and coming RSVPs.

    `fixed` maps the demo accounts' emails to their users; `places` (the place columns of a
    commune) and `streets` are the demo's places.
    """
    now = utcnow()
    volunteers = [uid for (uid,) in User.select(User.id).where(
        User.role.in_(("mentor", "organizer")) & (User.status == "active")).tuples()]
    demo_newcomer = fixed["newcomer@demo.test"].id
    newcomers = [uid for (uid,) in User.select(User.id).where(
        (User.role == "newcomer") & (User.status == "active") & (User.id != demo_newcomer)
    ).tuples()]
    plans = [dict(title=title, description=description, language=language, **_where(city),
                  place="" if not city else where, online_link=where if not city else "",
                  capacity=capacity, count_only=count_only, recurrence=recurrence,
                  facilitator=fixed[email].id, weekday=weekday, at=at)
             for (title, description, language, city, where, weekday, at, recurrence, capacity,
                  count_only, email) in GROUPS]
    for n in range(MORE_MEETINGS[scale]):
        language = rng.choices(["ru", "fr", "uk"], [6, 3, 1])[0]
        where = rng.choice(places) if rng.random() < 0.8 else _where("")
        city = where["city"]
        plans.append(dict(
            title=f"{rng.choice(GROUP_TITLES[language])} · {city or 'online'}",
            description="", language=language, **where,
            place=f"{rng.randint(1, 120)} {rng.choice(streets)}, {city}" if city else "",
            online_link="" if city else f"https://meet.demo.test/room-{n}",
            capacity=rng.randint(8, 25), count_only=rng.random() < 0.15,
            recurrence=rng.choices(["weekly", "biweekly", "monthly"], [5, 3, 2])[0],
            facilitator=rng.choice(volunteers), weekday=rng.randrange(7),
            at=time(rng.randint(17, 20), rng.choice([0, 30]))))
    today = paris_date(now)
    for plan in plans:
        # The first meeting was some weeks ago, on the group's weekday, at its Paris time.
        first = today - timedelta(weeks=rng.randint(4, 10))
        first += timedelta(days=(plan.pop("weekday") - first.weekday()) % 7)
        local = datetime.combine(first, plan.pop("at"), tzinfo=PARIS)
        plan.update(start_at=local.astimezone(timezone.utc).replace(tzinfo=None), duration=120,
                    created_by=fixed["organizer@demo.test"].id, created_at=now - timedelta(
                        weeks=13))
    _insert(Meeting, plans)
    meetings = list(Meeting.select(Meeting.id, Meeting.start_at, Meeting.recurrence,
                                   Meeting.repeat_until, Meeting.capacity, Meeting.count_only)
                    .order_by(Meeting.id))
    _insert(Occurrence, [dict(meeting=m.id, slot=moment, start_at=moment, capacity=m.capacity)
                       for m in meetings
                       for moment in slots(m, m.start_at, now + HORIZON)])
    dates = {}
    for occurrence_id, meeting_id, start_at in Occurrence.select(
            Occurrence.id, Occurrence.meeting, Occurrence.start_at).order_by(
            Occurrence.start_at).tuples():
        dates.setdefault(meeting_id, []).append((occurrence_id, start_at))
    rsvps, attendance, counts = [], [], []
    for meeting in meetings:
        past = [(i, start) for i, start in dates[meeting.id] if start < now]
        coming = [(i, start) for i, start in dates[meeting.id] if start >= now]
        for occurrence_id, start in past:
            came = rng.randint(2, min(meeting.capacity, 12))
            counts.append((occurrence_id, came))
            # A count-only meeting keeps the number alone: no RSVP, no name.
            if not meeting.count_only:
                for uid in rng.sample(newcomers, min(came - 1, len(newcomers))):
                    rsvps.append(dict(occurrence=occurrence_id, user=uid, status="going",
                                      position=0, created_at=start - timedelta(days=3),
                                      updated_at=start - timedelta(days=3)))
                    attendance.append(dict(occurrence=occurrence_id, user=uid,
                                           recorded_by=None, recorded_at=start))
        if coming:
            occurrence_id, start = coming[0]
            rsvps.extend(dict(occurrence=occurrence_id, user=uid, status="going", position=0,
                              created_at=now - timedelta(days=1),
                              updated_at=now - timedelta(days=1))
                         for uid in rng.sample(newcomers, min(
                             rng.randint(0, meeting.capacity // 2), len(newcomers))))
    # The demo newcomer came to the Paris group twice and has a seat at its next meeting.
    paris = dates[meetings[0].id]
    came = [i for i, start in paris if start < now][-2:]
    upcoming = next(i for i, start in paris if start >= now)
    for occurrence_id in came + [upcoming]:
        rsvps.append(dict(occurrence=occurrence_id, user=demo_newcomer, status="going",
                          position=0, created_at=now, updated_at=now))
    attendance.extend(dict(occurrence=occurrence_id, user=demo_newcomer, recorded_by=None,
                           recorded_at=now) for occurrence_id in came)
    _insert(RSVP, rsvps)
    _insert(Attendance, attendance)
    _set_counts(Occurrence.attended, counts)
    _set_counts(Occurrence.seats_taken, Counter(row["occurrence"] for row in rsvps).items())
    Occurrence.update(attendance_recorded_at=Occurrence.start_at).where(
        Occurrence.attended.is_null(False)).execute()


def _where(city):
    """The place columns of a demo group: its commune, or online only."""
    if not city:
        return {**NOWHERE, "online_only": True}
    return {**place_columns(city), "online_only": False}


def _set_counts(column, pairs):
    """Set a count column of many occurrences: one UPDATE per distinct value."""
    by_value = {}
    for occurrence_id, value in pairs:
        by_value.setdefault(value, []).append(occurrence_id)
    for value, ids in by_value.items():
        for batch in batches(ids, BATCH):
            Occurrence.update({column: value}).where(Occurrence.id.in_(batch)).execute()


def _insert(model, rows):
    for batch in batches(rows, BATCH):
        model.insert_many(batch).execute()
