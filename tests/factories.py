"""Factories for users, profiles, requests, offers and matches; passwords hashed once a value."""
import functools
import itertools
from datetime import date

from network.auth.service import hash_password
from network.models import (HelpRequest, Match, NewcomerProfile, Offer, User, VolunteerProfile,
                            utcnow)

PASSWORD = "correct horse battery"
# Organizers must have a second factor: every test organizer is enrolled with this secret.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
_numbers = itertools.count(1)


@functools.lru_cache
def password_hash(password):
    """Argon2 is slow on purpose: hash each test password once."""
    return hash_password(password)


def make_user(role="mentor", status="active", email=None, name=None, password=PASSWORD, **extra):
    """A user with a profile that fits the role."""
    n = next(_numbers)
    user = User.create(
        email=email or f"{role}{n}@example.test",
        display_name=name or f"{role.title()} {n}",
        password_hash=password_hash(password),
        role=role,
        status=status,
        **extra,
    )
    if role == "newcomer":
        NewcomerProfile.create(user=user, city="Paris", languages="ru", needs="mentor")
    else:
        VolunteerProfile.create(user=user, city="Paris", languages="fr,ru")
    return user


def make_organizer(**kw):
    kw.setdefault("totp_secret", TOTP_SECRET)
    return make_user(role="organizer", **kw)


def make_mentor(**kw):
    return make_user(role="mentor", **kw)


def make_newcomer(**kw):
    return make_user(role="newcomer", **kw)


def make_offer(volunteer, kind="mentor", **fields):
    """An active offer of one place in Paris, with what its kind needs."""
    defaults = {"capacity": 1, "city": "Paris"}
    if kind == "housing":
        defaults.update(beds=2, available_from=date(2026, 1, 1), available_until=date(2027, 12, 31))
    if kind == "language":
        defaults.update(teaches="fr", levels="a0,a1,a2")
    return Offer.create(volunteer=volunteer, kind=kind, **{**defaults, **fields})


def make_request(newcomer, kind="mentor", **fields):
    """An open request, with what its kind needs."""
    defaults = {}
    if kind == "housing":
        defaults.update(start=date(2026, 12, 1), nights=7)
    if kind == "language":
        defaults.update(wants="fr", level="a1")
    return HelpRequest.create(newcomer=newcomer, kind=kind, **{**defaults, **fields})


def make_match(volunteer, newcomer, kind="mentor", status="active", **fields):
    """A match between them in this status, answered unless proposed; request and offer follow."""
    fields.setdefault("responded_at", None if status == "proposed" else utcnow())
    request_status = {"proposed": "proposed", "active": "matched"}.get(status, "open")
    request = make_request(newcomer, kind=kind, status=request_status)
    offer = make_offer(volunteer, kind=kind, used=1 if status in ("proposed", "active") else 0)
    return Match.create(request=request, offer=offer, newcomer=newcomer, volunteer=volunteer,
                        kind=kind, status=status, **fields)
