"""Signing up by emailed link: the same answer and the same work whether an address has an
account or not, so the sign-up form never tells who is a member."""
import json
import secrets
from datetime import timedelta

from flask_babel import force_locale, get_locale
from flask_babel import lazy_gettext as _l
from peewee import IntegrityError

from ..audit.service import record
from ..core.contacts import check_contact
from ..core.errors import ServiceError
from ..db import db, write_transaction
from ..help.service import open_requests_for_needs
from ..links import absolute
from ..lookalike import mixes_alphabets, skeleton
from ..models import (
    NewcomerProfile,
    Notification,
    PendingSignup,
    User,
    VolunteerProfile,
    utcnow,
)
from ..notify.service import link, notify, send_email
from ..places.fields import place_columns
from .service import consume_invitation, hash_password, hash_token, normalise_email

# The emails say "within a day".
LINK_HOURS = 24
LINK_SUBJECT = _l("Passage: finish signing up")
LINK_BODY = _l("To finish signing up to Passage, open this link:\n\n%(link)s\n\n"
               "It works once, within a day. If you did not ask for it, ignore this email.")
LOOKALIKE_BODY = _l("Someone asked to sign up to Passage with this address. It looks too much "
                    "like the address of an existing account, so it cannot be used: please sign up "
                    "again with another address. If you did not ask for it, ignore this email.")
ATTEMPT_SUBJECT = _l("Passage: someone tried to sign up with your address")
ATTEMPT_BODY = _l("Someone tried to sign up to Passage with your email address or one that looks "
                  "like it. Nothing was changed in your account. If it was you, log in instead:"
                  "\n\n%(link)s\n\nIf it was not you, tell an organizer.")
INVALID_LINK = _l("This link has expired or was already used. Please sign up again.")


def check_address(email):
    """Refuse an address that mixes alphabets: a rule on the address alone, which tells nothing."""
    if mixes_alphabets(email):
        raise ServiceError(_l("This address mixes letters of different alphabets that look alike. "
                              "Please use another address."))


def check_display_name(display_name):
    """Refuse a name that reads like an organizer's, so nobody can pass for one."""
    wanted = _looks(display_name)
    names = User.select(User.display_name).where(User.role == "organizer").tuples()
    if any(wanted & _looks(name) for (name,) in names):
        raise ServiceError(_l("This name is too close to the name of an organizer. "
                              "Please choose another."))


def _looks(name):
    # As written ("OIga" reads "Olga") and case-folded ("OLGA" is "Olga").
    return {skeleton(name), skeleton(name.casefold())}


def request_signup(email, display_name, password, role="newcomer", locale=None, invitation=None,
                   profile=None):
    """Email a link that creates the account, or tell the owner of the address someone tried.

    Both ways hash the password and write mail: the answer and its time are the same.
    """
    email = normalise_email(email)
    check_address(email)
    check_display_name(display_name)
    problem = profile and check_contact(profile.get("contact_channel", ""),
                                        profile.get("contact", ""))
    if problem:
        raise ServiceError(problem)
    form = dict(email=email, display_name=display_name.strip(), locale=locale,
                password_hash=hash_password(password), profile=profile or {})
    owner = User.get_or_none(User.email_skeleton == skeleton(email))
    now = utcnow()
    with write_transaction():
        PendingSignup.delete().where(PendingSignup.expires_at <= now).execute()
        if owner is None:
            token = secrets.token_urlsafe(32)
            PendingSignup.create(token_hash=hash_token(token), role=role, invitation=invitation,
                                 form=json.dumps(form),
                                 expires_at=now + timedelta(hours=LINK_HOURS))
            _mail(email, locale, LINK_SUBJECT, LINK_BODY,
                  link=absolute(link("auth.confirm_signup", token=token)))
            return
        if owner.email != email:
            _mail(email, locale, LINK_SUBJECT, LOOKALIKE_BODY)
        _tell_owner(owner, now)


def _mail(address, locale, subject, body, notification=None, **params):
    with force_locale(locale or str(get_locale())):
        send_email(address, str(subject), str(body) % params if params else str(body),
                   notification=notification)


def _tell_owner(owner, now):
    # Once a day at most: the dedupe key holds the date, so a flood of tries sends one email.
    key = f"signup_attempt:{owner.id}:{now:%Y-%m-%d}"
    if not notify(owner, "alert", key, "signup_attempt", link=link("auth.login"), email=False):
        return
    record("signup.attempt", target=owner, actor=None)
    if owner.status != "suspended":
        note = Notification.get(Notification.dedupe_key == key)
        _mail(owner.email, owner.locale, ATTEMPT_SUBJECT, ATTEMPT_BODY, notification=note.id,
              link=absolute(link("auth.login")))


def open_signup(token):
    """The pending sign-up behind a link if it can still be used, else None."""
    if not token:
        return None
    return PendingSignup.get_or_none((PendingSignup.token_hash == hash_token(token))
                                     & (PendingSignup.expires_at > utcnow()))


def confirm_signup(token):
    """Create the account a link was sent for; the link works once, before it expires."""
    pending = open_signup(token)
    if pending is None:
        raise ServiceError(INVALID_LINK)
    form = json.loads(pending.form)
    with write_transaction():
        # Deleting the row is what makes the link single-use, even when two clicks race.
        taken = (PendingSignup.delete()
                 .where((PendingSignup.id == pending.id) & (PendingSignup.expires_at > utcnow()))
                 .execute())
        if not taken:
            raise ServiceError(INVALID_LINK)
        invitation = pending.invitation
        try:
            # The unique skeleton refuses an account made meanwhile with a lookalike address.
            with db.atomic():
                user = User.create(email=form["email"], display_name=form["display_name"],
                                   password_hash=form["password_hash"], role=pending.role,
                                   status="pending", locale=form["locale"],
                                   referred_by=invitation.created_by_id if invitation else None)
        except IntegrityError:
            raise ServiceError(INVALID_LINK) from None
        if pending.role == "newcomer":
            profile = form["profile"]
            NewcomerProfile.create(user=user, **place_columns(profile.get("city"), required=False),
                                   languages=",".join(profile.get("languages", ())),
                                   needs=",".join(profile.get("needs", ())),
                                   notes=profile.get("notes", ""),
                                   contact_channel=profile.get("contact_channel", ""),
                                   contact=profile.get("contact", ""))
            open_requests_for_needs(user, profile.get("needs", ()))
        else:
            VolunteerProfile.create(user=user)
        if invitation is not None:
            consume_invitation(invitation, user)
        record("user.registered", target=user, actor=user, detail=pending.role)
    return user
