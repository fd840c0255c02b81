"""Factories for users and profiles; passwords are hashed once per value to keep tests fast."""
import functools
import itertools
import re
from urllib.parse import urlsplit

from network.auth.service import hash_password
from network.models import NewcomerProfile, OutboxEmail, User, VolunteerProfile

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


def emailed_link(address):
    """The path of the newest link emailed to an address: what its owner would click."""
    email = (OutboxEmail.select().where(OutboxEmail.to_address == address)
             .order_by(OutboxEmail.id.desc()).get())
    return urlsplit(re.search(r"https?://\S+", email.body).group()).path


def follow_signup_link(client, address):
    """Open the sign-up link emailed to this address and press its button."""
    path = emailed_link(address)
    assert client.get(path).status_code == 200
    return client.post(path)
