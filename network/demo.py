"""A realistic demo network: the fixed demo accounts and a crowd around them."""
import random
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from .auth.service import ServiceError, hash_password
from .db import db
from .models import (
    Invitation,
    NewcomerProfile,
    User,
    VettingRecord,
    VolunteerProfile,
    utcnow,
)

CITIES = ["Paris", "Lyon", "Marseille", "Strasbourg", "Bordeaux", "Toulouse", "Lille", "Nantes",
          "Grenoble"]
NEWCOMER_NAMES = ["Алексей", "Дмитрий", "Иван", "Сергей", "Павел", "Николай", "Михаил",
                  "Артём", "Олег", "Егор", "Тарас", "Богдан", "Остап", "Максим", "Кирилл",
                  "Андрій", "Юрій", "Роман", "Владимир", "Григорий"]
RU_VOLUNTEERS = ["Ольга", "Наталья", "Ирина", "Анна", "Виктор", "Евгений", "Лариса", "Борис"]
UK_VOLUNTEERS = ["Олена", "Оксана", "Тетяна", "Василь", "Ганна", "Петро"]
FR_VOLUNTEERS = ["Sophie", "Pierre", "Camille", "Julien", "Claire", "Mathieu", "Élise",
                 "Antoine", "Louise", "Hugo", "Manon", "Théo"]
SCALES = {"small": (40, 24), "large": (5000, 2000)}


def seed_demo(password, scale="small", seed=7):
    """Fill an empty database; returns the (email, role) pairs of the fixed demo accounts."""
    if User.select().exists():
        raise ServiceError(_l("The database already holds data; the demo was not added."))
    rng = random.Random(seed)
    password_hash = hash_password(password)
    newcomers, volunteers = SCALES[scale]
    with db.atomic():
        fixed = _fixed_accounts(password_hash)
        _crowd(rng, password_hash, newcomers, volunteers, fixed["organizer@demo.test"])
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
    for user, city, languages, bio in (
        (organizer, "Paris", "fr,en,ru", "Coordinatrice du réseau à Paris."),
        (organizer2, "Paris", "ru,fr", "Дезертировал в 2023, получил убежище во Франции."),
        (mentor, "Paris", "fr,ru", "Professeure de russe, accompagne les démarches OFPRA."),
        (pending_mentor, "Lyon", "fr,en", "Étudiant en droit, disponible le week-end."),
    ):
        VolunteerProfile.create(user=user, city=city, languages=languages, bio=bio)
    VettingRecord.create(volunteer=mentor, organizer=organizer, decision="approved",
                         interview_done=True, references="Recommandée par la Cimade.",
                         note="Entretien au local, très motivée.")
    NewcomerProfile.create(user=newcomer, city="Paris", languages="ru",
                           arrival_date=date.today() - timedelta(days=14),
                           needs="mentor,housing", notes="Пришёл через Казахстан, без паспорта.")
    NewcomerProfile.create(user=pending_newcomer, city="Lyon", languages="uk,ru",
                           arrival_date=date.today() - timedelta(days=2), needs="mentor,language")
    return {user.email: user for user in (organizer, organizer2, mentor, pending_mentor,
                                          newcomer, pending_newcomer)}


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
    _bulk(VolunteerProfile, [
        dict(user=uid, city=rng.choice(CITIES), languages=languages)
        for uid, languages in zip(volunteer_ids, volunteer_languages)
    ])
    _bulk(NewcomerProfile, [
        dict(user=uid, city=rng.choice(CITIES), languages=rng.choice(["ru", "ru", "uk,ru", "ru,en"]),
             arrival_date=(row["created_at"] - timedelta(days=rng.randint(0, 20))).date(),
             needs=",".join(sorted(rng.sample(["mentor", "housing", "language"], rng.randint(1, 3)))))
        for uid, row in zip(newcomer_ids, newcomer_rows)
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


def _insert_users(rows):
    _bulk(User, rows)
    emails = [row["email"] for row in rows]
    by_email = dict(User.select(User.email, User.id).where(User.email.in_(emails)).tuples())
    return [by_email[email] for email in emails]


def _bulk(model, rows, batch=500):
    for start in range(0, len(rows), batch):
        model.insert_many(rows[start:start + batch]).execute()
