"""A realistic demo network: the fixed demo accounts and a crowd around them."""
import random
from datetime import date, timedelta
from functools import cache

from flask_babel import lazy_gettext as _l
from peewee import fn

from .auth.service import hash_password
from .cases.demo import seed_cases
from .checkins.service import create_schedule, evening
from .conversations.demo import CONVERSATIONS, demo_conversation, seed_conversations
from .core.errors import ServiceError
from .db import db, refresh_statistics
from .deadlines.service import add_deadline
from .lookalike import skeleton
from .meetings.demo import seed_meetings
from .models import (
    CheckIn,
    HelpRequest,
    Invitation,
    Match,
    NewcomerProfile,
    Offer,
    User,
    VettingRecord,
    VolunteerProfile,
    utcnow,
)
from .places.fields import place_columns
from .timeutil import paris_date

# Real communes, some a short trip from another, so that distances mean something in the demo.
CITIES = ["Paris", "Montreuil (93)", "Saint-Denis (93)", "Lyon", "Villeurbanne", "Marseille",
          "Strasbourg", "Bordeaux", "Toulouse", "Lille", "Nantes", "Grenoble"]
STREETS = ["rue des Lilas", "avenue Jean-Jaurès", "rue Victor-Hugo", "boulevard Voltaire",
           "rue de la République", "impasse des Tilleuls", "place du Marché", "rue Pasteur"]
AVAILABILITY = ["Soirs de semaine", "Le week-end", "Mercredi après-midi", "Flexible",
                "Lundi et jeudi soir"]
NEWCOMER_LANGUAGES = ["ru:native", "ru:native", "ru:native,en:b1", "uk:native,ru:c1",
                      "ru:native,fr:a1"]
# Newcomers who arrived within this many days still wait for help; most earlier ones found it.
RECENT_DAYS = 120
NEWCOMER_NAMES = ["Алексей", "Дмитрий", "Иван", "Сергей", "Павел", "Николай", "Михаил",
                  "Артём", "Олег", "Егор", "Тарас", "Богдан", "Остап", "Максим", "Кирилл",
                  "Андрій", "Юрій", "Роман", "Владимир", "Григорий"]
RU_VOLUNTEERS = ["Ольга", "Наталья", "Ирина", "Анна", "Виктор", "Евгений", "Лариса", "Борис"]
UK_VOLUNTEERS = ["Олена", "Оксана", "Тетяна", "Василь", "Ганна", "Петро"]
FR_VOLUNTEERS = ["Sophie", "Pierre", "Camille", "Julien", "Claire", "Mathieu", "Élise",
                 "Antoine", "Louise", "Hugo", "Manon", "Théo"]
SCALES = {"small": (40, 24), "large": (5000, 2000)}
# Matches over time and their check-ins: the past that the dashboard's trends are made of.
HISTORY = {"small": (80, 400), "large": (20000, 100000)}
@cache
def _place(city):
    """A demo city's stored columns: the communes are read when seeding, not when the app starts
    (0.7 s in every worker)."""
    return place_columns(city)


def seed_demo(password, scale="small", seed=7, totp_secret=""):
    """Fill an empty database; returns the (email, role) pairs of the fixed demo accounts."""
    if User.select().exists():
        raise ServiceError(_l("The database already holds data; the demo was not added."))
    rng = random.Random(seed)
    password_hash = hash_password(password)
    newcomers, volunteers = SCALES[scale]
    with db.atomic():
        fixed = _fixed_accounts(password_hash)
        # Encrypted field: an UPDATE through the model runs its db_value, so it is stored encrypted.
        User.update(totp_secret=totp_secret).where(User.role == "organizer").execute()
        _crowd(rng, password_hash, newcomers, volunteers, fixed["organizer@demo.test"])
        _history(rng, *HISTORY[scale])
        seed_conversations(rng, *CONVERSATIONS[scale])
        _care(fixed["organizer@demo.test"], fixed["mentor@demo.test"], fixed["newcomer@demo.test"])
        seed_cases(rng, scale)
        seed_meetings(rng, fixed, scale, [{**_place(c), "online_only": False} for c in CITIES],
                      STREETS)
    refresh_statistics()
    return [(email, user.role) for email, user in fixed.items()]


def _user(email, name, role, status, password_hash, days_ago=30, **extra):
    return User.create(email=email, display_name=name, role=role, status=status,
                       password_hash=password_hash,
                       created_at=utcnow() - timedelta(days=days_ago), **extra)


def _fixed_accounts(password_hash):
    organizer = _user("organizer@demo.test", "Camille Laurent", "organizer", "active",
                      password_hash, days_ago=400, locale="fr")
    organizer2 = _user("organizer2@demo.test", "Дмитрий Соколов", "organizer", "active",
                       password_hash, days_ago=380, locale="ru")
    mentor = _user("mentor@demo.test", "Sophie Martin", "mentor", "active", password_hash,
                   days_ago=200, locale="fr", referred_by=organizer)
    pending_mentor = _user("volunteer.pending@demo.test", "Julien Bernard", "mentor", "pending",
                           password_hash, days_ago=3, referred_by=organizer)
    newcomer = _user("newcomer@demo.test", "Алексей", "newcomer", "active", password_hash,
                     days_ago=12, locale="ru", referred_by=mentor)
    pending_newcomer = _user("newcomer.pending@demo.test", "Тарас", "newcomer", "pending",
                             password_hash, days_ago=1, locale="uk")
    for user, city, languages, (channel, contact), bio in (
        (organizer, "Paris", "fr,en,ru", ("signal", "+33 6 12 00 00 01"),
         "Coordinatrice du réseau à Paris."),
        (organizer2, "Paris", "ru,fr", ("telegram", "@dmitri_passage"),
         "Дезертировал в 2023, получил убежище во Франции."),
        (mentor, "Paris", "fr,ru", ("signal", "+33 6 12 00 00 02"),
         "Professeure de russe, accompagne les démarches OFPRA."),
        (pending_mentor, "Lyon", "fr,en", ("", ""), "Étudiant en droit, disponible le week-end."),
    ):
        VolunteerProfile.create(user=user, **_place(city), languages=languages,
                                contact_channel=channel, contact=contact, bio=bio)
    VettingRecord.create(volunteer=mentor, organizer=organizer, decision="approved",
                         interview_done=True, references="Recommandée par la Cimade.",
                         note="Entretien au local, très motivée.")
    NewcomerProfile.create(user=newcomer, **_place("Paris"), languages="ru:native,en:a2",
                           arrival_date=date.today() - timedelta(days=14), needs="mentor,housing",
                           gender="man", contact_channel="telegram", contact="@alexei_demo",
                           notes="Пришёл через Казахстан, без паспорта.")
    NewcomerProfile.create(user=pending_newcomer, **_place("Lyon"),
                           languages="uk:native,ru:c1",
                           arrival_date=date.today() - timedelta(days=2),
                           needs="mentor,language", gender="man", contact_channel="signal",
                           contact="+33 7 55 00 00 01")
    _fixed_help(mentor, newcomer)
    return {user.email: user for user in (organizer, organizer2, mentor, pending_mentor,
                                          newcomer, pending_newcomer)}


def _fixed_help(mentor, newcomer):
    """What the demo mentor offers and the housing the demo newcomer asks for (their mentor
    match comes with `_care`)."""
    Offer.create(volunteer=mentor, kind="mentor", capacity=2, **_place("Paris"),
                 online=True, availability="Mardi et jeudi soir")
    Offer.create(volunteer=mentor, kind="language", capacity=2, **_place("Paris"),
                 teaches="fr", levels="a0,a1,a2", online=True, availability="Samedi matin")
    HelpRequest.create(newcomer=newcomer, kind="housing", urgency="this_week",
                       start=date.today() + timedelta(days=1), nights=14, people=1,
                       created_at=utcnow() - timedelta(days=5))


def _crowd(rng, password_hash, newcomers, volunteers, organizer):
    """Many more people, inserted in bulk so the large scale stays fast."""
    now = utcnow()
    volunteer_rows, volunteer_languages, newcomer_rows = [], [], []
    for i in range(volunteers):
        pool, languages = rng.choice([(RU_VOLUNTEERS, "ru,fr"), (UK_VOLUNTEERS, "uk,ru,fr"),
                                      (FR_VOLUNTEERS, "fr,en")])
        status = rng.choices(["active", "pending", "suspended"], [85, 12, 3])[0]
        volunteer_languages.append(languages)
        volunteer_rows.append(dict(
            email=f"volunteer{i + 1}@demo.test", display_name=rng.choice(pool),
            role="mentor", status=status, password_hash=password_hash,
            created_at=now - timedelta(days=rng.randint(1, 700)),
        ))
    for i in range(newcomers):
        status = rng.choices(["active", "pending"], [80, 20])[0]
        newcomer_rows.append(dict(
            email=f"newcomer{i + 1}@demo.test", display_name=rng.choice(NEWCOMER_NAMES),
            role="newcomer", status=status, password_hash=password_hash,
            created_at=now - timedelta(days=rng.randint(0, 500)),
        ))
    volunteer_ids = _insert_users(volunteer_rows)
    newcomer_ids = _insert_users(newcomer_rows)
    volunteer_cities = [rng.choice(CITIES) for _ in volunteer_ids]
    _bulk(VolunteerProfile, [
        dict(user=uid, **_place(city), languages=languages,
             contact_channel="phone", contact=_phone(rng, 6))
        for uid, city, languages in zip(volunteer_ids, volunteer_cities, volunteer_languages)
    ])
    newcomer_needs = [_needs(rng, i) for i in range(len(newcomer_ids))]
    _bulk(NewcomerProfile, [
        _newcomer_profile(rng, uid, row, needs)
        for uid, row, needs in zip(newcomer_ids, newcomer_rows, newcomer_needs)
    ])
    _bulk(Offer, [
        offer
        for uid, row, city in zip(volunteer_ids, volunteer_rows, volunteer_cities)
        if row["status"] == "active"
        for offer in _offers(rng, uid, city)
    ])
    _bulk(HelpRequest, [
        request
        for uid, row, needs in zip(newcomer_ids, newcomer_rows, newcomer_needs)
        if row["status"] == "active"
        and ((now - row["created_at"]).days <= RECENT_DAYS or rng.random() < 0.15)
        for request in _requests(rng, uid, needs, now)
    ])
    _bulk(VettingRecord, [
        dict(volunteer=uid, organizer=organizer.id, interview_done=True,
             decision="approved" if row["status"] == "active" else "suspended",
             created_at=row["created_at"] + timedelta(days=5))
        for uid, row in zip(volunteer_ids, volunteer_rows) if row["status"] != "pending"
    ])
    Invitation.create(token_hash="demo-expired-invitation", role="mentor", label="Forum associatif",
                      created_by=organizer, created_at=now - timedelta(days=30),
                      expires_at=now - timedelta(days=23))


def _history(rng, matches, checkins):
    """Past and current matches between the crowd's people, with their check-ins."""
    now = utcnow()
    # The demo accounts' own story comes with `_care`: their places stay free for it. In id
    # order, so that the same seed gives the same network whatever plan the database picks.
    newcomers = [uid for (uid,) in User.select(User.id).where(
        (User.role == "newcomer") & (User.status == "active") & (User.email != "newcomer@demo.test")
    ).order_by(User.id).tuples()]
    offers = list(Offer.select(Offer.id, Offer.volunteer, Offer.kind, Offer.capacity, Offer.used)
                  .join(User, on=(Offer.volunteer == User.id))
                  .where((Offer.status == "active") & (User.email != "mentor@demo.test"))
                  .order_by(Offer.id).tuples())
    if not newcomers or not offers:
        return
    room = {offer_id: capacity - used for offer_id, _, _, capacity, used in offers}
    plans = []
    # A newcomer has one live request of each kind: those already asking stay out.
    busy = set(HelpRequest.select(HelpRequest.newcomer, HelpRequest.kind).where(
        HelpRequest.status.in_(("open", "proposed", "matched"))).tuples())
    for _ in range(matches):
        offer_id, volunteer, kind, _, _ = rng.choice(offers)
        newcomer = rng.choice(newcomers)
        requested = now - timedelta(days=rng.randint(20, 700), hours=rng.randint(0, 23))
        answered = requested + timedelta(days=rng.randint(0, 20), hours=rng.randint(1, 48))
        active = (room[offer_id] > 0 and (newcomer, kind) not in busy and rng.random() < 0.15
                  and answered < now)
        ended = None if active else min(answered + timedelta(days=rng.randint(10, 240)), now)
        if active:
            room[offer_id] -= 1
            busy.add((newcomer, kind))
        plans.append((offer_id, volunteer, kind, newcomer, requested, answered, ended))
    request_ids = []
    rows = [dict(REQUEST_ROW, newcomer=newcomer, kind=kind, created_at=requested,
                 status="matched" if ended is None else "closed", closed_at=ended,
                 **({"start": requested.date(), "nights": 14} if kind == "housing" else {}),
                 **({"wants": "fr", "level": "a1"} if kind == "language" else {}))
            for _, _, kind, newcomer, requested, _, ended in plans]
    for start in range(0, len(rows), 500):
        request_ids += [r.id for r in HelpRequest.insert_many(rows[start:start + 500])
                        .returning(HelpRequest.id).execute()]
    match_rows = [dict(request=request_id, offer=offer_id, newcomer=newcomer, volunteer=volunteer,
                       kind=kind, status="active" if ended is None else "ended",
                       score=rng.randint(60, 200), explanation=[["base", 60, {}]],
                       proposed_at=requested + timedelta(hours=rng.randint(1, 72)),
                       responded_at=answered, ended_at=ended,
                       end_reason="" if ended is None else "completed")
                  for request_id, (offer_id, volunteer, kind, newcomer, requested, answered, ended)
                  in zip(request_ids, plans)]
    match_ids = []
    for start in range(0, len(match_rows), 500):
        match_ids += [m.id for m in Match.insert_many(match_rows[start:start + 500])
                      .returning(Match.id).execute()]
    # A place is held by every live match: recount rather than add, so this can run twice.
    Offer.update(used=Match.select(fn.COUNT(Match.id)).where(
        (Match.offer == Offer.id) & Match.status.in_(("proposed", "active")))).execute()
    mentoring = [(mid, row) for mid, row in zip(match_ids, match_rows) if row["kind"] == "mentor"]
    _bulk(CheckIn, list(_past_checkins(rng, mentoring, checkins, now)), batch=2000)


def _past_checkins(rng, mentoring, total, now):
    """Check-ins every one to two weeks of each mentoring match, until `total` are planned."""
    per_match = 3 * max(1, total // max(len(mentoring), 1))
    made = 0
    for match_id, row in mentoring:
        due = row["responded_at"] + timedelta(days=3)
        last = row["ended_at"] or now + timedelta(days=60)
        for _ in range(per_match):
            if made >= total or due > last:
                break
            if due < now - timedelta(days=2):
                status = rng.choices(["done", "not_reached", "missed"], [85, 5, 10])[0]
                logged = due + timedelta(hours=rng.randint(0, 60)) if status != "missed" else None
                yield dict(match=match_id, due_at=due, status=status, logged_at=logged,
                           wellbeing=rng.randint(2, 5) if status == "done" else None,
                           flags=rng.choices(["", "housing", "legal", "health", "safety"],
                                             [80, 6, 8, 5, 1])[0] if status == "done" else "")
            else:
                yield dict(match=match_id, due_at=due)
            made += 1
            due += timedelta(days=rng.choice((7, 14)))


def _needs(rng, i):
    # The first three cover every kind, so the match board always has work of each.
    needs = set(rng.sample(["mentor", "housing", "language"], rng.randint(1, 3)))
    if i < 3:
        needs.add(("mentor", "housing", "language")[i])
    return sorted(needs)


def _phone(rng, prefix):
    return f"+33 {prefix} " + " ".join(str(rng.randint(10, 99)) for _ in range(4))


def _newcomer_profile(rng, uid, row, needs):
    city = rng.choice(CITIES)
    channel = rng.choice(["signal", "telegram", "phone"])
    return dict(
        user=uid, **_place(city), languages=rng.choice(NEWCOMER_LANGUAGES),
        arrival_date=(row["created_at"] - timedelta(days=rng.randint(0, 20))).date(),
        needs=",".join(needs),
        household=rng.choices(["alone", "partner", "children"], [7, 2, 1])[0],
        gender=rng.choices(["man", "woman", ""], [85, 5, 10])[0],
        host_pref=rng.choices(["any", "men_only"], [9, 1])[0], pets=rng.random() < 0.05,
        smokes=rng.random() < 0.3, contact_channel=channel,
        contact=f"@{row['email'].split('@')[0]}" if channel == "telegram" else _phone(rng, 7),
    )


# insert_many takes its columns from the first row: every row carries every key.
OFFER_ROW = dict(capacity=1, online=False, availability="", beds=0, available_from=None,
                 available_until=None, household="mixed", accepts="", pets_ok=False,
                 smoking_ok=False, accessible=False, house_rules="", address="", teaches="",
                 levels="")
REQUEST_ROW = dict(urgency="later", start=None, nights=1, people=1, wants="", level="")


def _offers(rng, uid, city):
    place = dict(OFFER_ROW, volunteer=uid, **_place(city),
                 availability=rng.choice(AVAILABILITY))
    if rng.random() < 0.7:
        yield dict(place, kind="mentor", capacity=rng.randint(1, 3), online=rng.random() < 0.4)
    if rng.random() < 0.3:
        start = date.today() - timedelta(days=rng.randint(0, 30))
        until = start + timedelta(days=rng.randint(30, 180)) if rng.random() < 0.7 else None
        yield dict(
            place, kind="housing", availability="", beds=rng.randint(1, 4),
            available_from=start, available_until=until,
            household=rng.choices(["mixed", "women", "men"], [8, 1, 1])[0],
            accepts=rng.choices(["", "man,woman", "woman"], [7, 2, 1])[0],
            pets_ok=rng.random() < 0.3, smoking_ok=rng.random() < 0.2,
            accessible=rng.random() < 0.1, house_rules="Pas de bruit après 22h.",
            address=f"{rng.randint(1, 120)} {rng.choice(STREETS)}, {_place(city)['city']}",
        )
    if rng.random() < 0.35:
        yield dict(place, kind="language", capacity=rng.randint(1, 4), teaches="fr",
                   levels=rng.choice(["a0,a1", "a0,a1,a2", "a1,a2,b1", "a2,b1,b2"]),
                   online=rng.random() < 0.5)


def _requests(rng, uid, needs, now):
    for kind in needs:
        request = dict(REQUEST_ROW, newcomer=uid, kind=kind, online_ok=rng.random() < 0.4,
                       created_at=now - timedelta(days=rng.randint(0, 60),
                                                  hours=rng.randint(0, 23)))
        if kind == "housing":
            request.update(urgency=rng.choices(["tonight", "this_week", "later"], [1, 3, 6])[0],
                           start=date.today() + timedelta(days=rng.randint(0, 20)),
                           nights=rng.randint(3, 60), people=rng.choices([1, 2, 3], [7, 2, 1])[0])
        elif kind == "language":
            request.update(wants="fr", level=rng.choices(["a0", "a1", "a2", "b1"], [4, 3, 2, 1])[0])
        yield request


def _insert_users(rows):
    _bulk(User, [dict(row, email_skeleton=skeleton(row["email"])) for row in rows])
    emails = [row["email"] for row in rows]
    by_email = dict(User.select(User.email, User.id).where(User.email.in_(emails)).tuples())
    return [by_email[email] for email in emails]


def _bulk(model, rows, batch=500):
    for start in range(0, len(rows), batch):
        model.insert_many(rows[start:start + batch]).execute()


def _care(organizer, mentor, newcomer):
    """The demo mentor accompanies the demo newcomer: check-ins past, due today and coming,
    and procedure dates, an OFPRA decision among them (its CNDA appeal window is the timeline's)."""
    now, today = utcnow(), paris_date(utcnow())
    offer = (Offer.select().where((Offer.volunteer == mentor.id) & (Offer.kind == "mentor"))
             .first() or Offer.create(volunteer=mentor, kind="mentor", capacity=2,
                                      **_place("Paris")))
    Offer.update(used=Offer.used + 1).where(Offer.id == offer.id).execute()
    request = HelpRequest.create(newcomer=newcomer, kind="mentor", status="matched",
                                 created_at=now - timedelta(days=25))
    match = Match.create(request=request, offer=offer, newcomer=newcomer, volunteer=mentor,
                         kind="mentor", status="active", proposed_by=organizer,
                         proposed_at=now - timedelta(days=21),
                         responded_at=now - timedelta(days=20))
    create_schedule(match, start=today - timedelta(days=20), now=now)
    demo_conversation(match, now)
    first, second, third = CheckIn.select().where(CheckIn.match == match.id).order_by(
        CheckIn.due_at).limit(3)
    for checkin, status, wellbeing, flags, notes in (
        (first, "done", 3, "housing,legal",
         "Dort chez un ami à Saint-Denis. Récit OFPRA à préparer."),
        (second, "missed", None, "", ""),
        (third, "done", 4, "legal", "Récit écrit avec l'aide de la Cimade. Rassuré."),
    ):
        CheckIn.update(status=status, wellbeing=wellbeing, flags=flags, notes=notes,
                       logged_at=checkin.due_at + timedelta(hours=1) if notes else None,
                       logged_by=mentor.id if notes else None).where(
            CheckIn.id == checkin.id).execute()
    CheckIn.create(match=match, due_at=evening(today))
    add_deadline(newcomer.id, mentor, "ofpra_interview", today + timedelta(days=5),
                 "Fontenay-sous-Bois, 9h30", now=now)
    add_deadline(newcomer.id, mentor, "ofpra_decision", today - timedelta(days=20), now=now)
