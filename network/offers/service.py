"""A volunteer's profile and offers: what they give, how much of it, and when they pause."""
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext

from ..audit.service import record
from ..core.access import is_active_volunteer
from ..core.codes import CONTACT_CHANNELS, GUEST_GENDERS, HOST_HOUSEHOLDS, KINDS, LANGUAGES, LEVELS
from ..core.contacts import check_contact, keep_reachable
from ..core.errors import NotFound, ServiceError
from ..db import write_transaction
from ..models import Offer, VolunteerProfile, utcnow
from ..places.fields import place_columns
from ..timeutil import paris_date

# Most newcomers one offer takes at once; a housing offer hosts one stay at a time.
MAX_CAPACITY = {"mentor": 5, "housing": 1, "language": 10}
MAX_BEDS = 12
BIO_MAX = 1000
# The columns each kind of offer is made of; the others keep their defaults.
FIELDS = {
    "mentor": ("capacity", "city", "in_person", "online", "availability"),
    "language": ("capacity", "city", "in_person", "online", "availability",
                 "teaches", "levels"),
    "housing": ("beds", "available_from", "available_until", "city", "house_rules",
                "pets_ok", "smoking_ok", "accessible", "household", "accepts", "address"),
}
LENGTHS = {"availability": 200, "house_rules": 2000, "address": 300}
# action -> (statuses it applies to, status it leads to, audit event)
TRANSITIONS = {
    "pause": (("active",), "paused", "offer.paused"),
    "resume": (("paused",), "active", "offer.resumed"),
    "end": (("active", "paused"), "ended", "offer.ended"),
}


def _require_volunteer(user):
    if not is_active_volunteer(user):
        raise ServiceError(_l("Only vetted volunteers can offer help."))


def profile_of(user):
    """The volunteer's profile, created empty if the account has none yet."""
    profile, _ = VolunteerProfile.get_or_create(user=user.id)
    return profile


def save_profile(user, *, languages, city, contact_channel="", contact="", bio=""):
    """Store the volunteer's languages, city, contact for matched newcomers and a short bio."""
    _require_volunteer(user)
    languages = _comma(languages, LANGUAGES)
    if not languages:
        raise ServiceError(_l("Choose at least one language you speak."))
    if contact_channel not in CONTACT_CHANNELS:
        raise ServiceError(_l("Choose one of the options offered."))
    problem = check_contact(contact_channel, contact)
    if problem:
        raise ServiceError(problem)
    values = {"contact": (contact or "").strip() if contact_channel else "",
              "contact_channel": contact_channel, "bio": (bio or "").strip()}
    if len(values["bio"]) > BIO_MAX:
        raise ServiceError(_l("One of the answers is too long."))
    values.update(place_columns(city))
    profile = profile_of(user)
    with write_transaction():
        # Under the write lock: a match accepted meanwhile cannot lose its contact.
        keep_reachable(user, values["contact"])
        VolunteerProfile.update(languages=languages, **values).where(
            VolunteerProfile.id == profile.id).execute()
    return VolunteerProfile.get_by_id(profile.id)


def get_offer_for(user, offer_id):
    """The volunteer's own offer, else 404: never a hint that another one exists."""
    offer = Offer.get_or_none((Offer.id == offer_id) & (Offer.volunteer == user.id))
    if offer is None:
        raise NotFound()
    return offer


def my_offers(user):
    """The volunteer's offers, live ones first; the address stays out of the list."""
    columns = [field for field in Offer._meta.sorted_fields if field is not Offer.address]
    return list(Offer.select(*columns).where(Offer.volunteer == user.id)
                .order_by(Offer.status == "ended", Offer.created_at.desc(), Offer.id.desc()))


def _comma(values, allowed):
    chosen = set(values or ())
    if not chosen <= set(allowed):
        raise ServiceError(_l("Choose one of the options offered."))
    return tuple(value for value in allowed if value in chosen)


def _text(fields, name):
    value = (fields.get(name) or "").strip()
    if len(value) > LENGTHS[name]:
        raise ServiceError(_l("One of the answers is too long (at most %(n)s characters).",
                              n=LENGTHS[name]))
    return value


def _number(value, low, high, message):
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ServiceError(message)
    return value


def clean(kind, fields, kept_from=None):
    """The column values of an offer of this kind, checked; ServiceError on the first problem.

    `kept_from` is the stored first night of an offer being changed: a stay already begun may
    keep it, while any other first night must not be in the past.
    """
    if kind not in KINDS:
        raise ServiceError(_l("Unknown kind of offer."))
    unknown = set(fields) - set(FIELDS[kind])
    if unknown:
        raise ServiceError(_l("Unknown detail for this kind of offer."))
    values = {name: _text(fields, name) for name in LENGTHS if name in FIELDS[kind]}
    values.update(place_columns(fields.get("city"), required=kind == "housing"))
    if kind == "housing":
        values.update(_housing(fields, values, kept_from))
    else:
        values["capacity"] = _number(
            fields.get("capacity"), 1, MAX_CAPACITY[kind],
            _l("The number of newcomers at once must be between 1 and %(n)s.",
               n=MAX_CAPACITY[kind]))
        values["in_person"] = bool(fields.get("in_person"))
        values["online"] = bool(fields.get("online"))
        if not (values["in_person"] or values["online"]):
            raise ServiceError(_l("Choose in person, online, or both."))
    if kind == "language":
        if fields.get("teaches") not in LANGUAGES:
            raise ServiceError(_l("Choose the language you teach."))
        values["teaches"] = fields["teaches"]
        values["levels"] = _comma(fields.get("levels"), LEVELS)
        if not values["levels"]:
            raise ServiceError(_l("Choose at least one level you can teach."))
    return values


def _housing(fields, values, kept_from):
    start, until = fields.get("available_from"), fields.get("available_until")
    if not isinstance(start, date):
        raise ServiceError(_l("Choose the first night you can host."))
    if start != kept_from and start < paris_date(utcnow()):
        raise ServiceError(_l("The first night cannot be in the past."))
    if until is not None and (not isinstance(until, date) or until < start):
        raise ServiceError(_l("The last day must be on or after the first night."))
    if not values["address"]:
        raise ServiceError(_l("Write the address: only a guest you have accepted will see it."))
    if fields.get("household") not in HOST_HOUSEHOLDS:
        raise ServiceError(_l("Choose who lives in the household."))
    return {
        # One stay at a time: the matching service books the one slot.
        "capacity": 1, "in_person": True, "online": False,
        "beds": _number(fields.get("beds"), 1, MAX_BEDS,
                        _l("The number of beds must be between 1 and %(n)s.", n=MAX_BEDS)),
        "available_from": start, "available_until": until,
        "household": fields["household"], "accepts": _comma(fields.get("accepts"), GUEST_GENDERS),
        "pets_ok": bool(fields.get("pets_ok")), "smoking_ok": bool(fields.get("smoking_ok")),
        "accessible": bool(fields.get("accessible")),
    }


def create_offer(user, kind, **fields):
    """A new offer, active at once."""
    _require_volunteer(user)
    values = clean(kind, fields)
    with write_transaction():
        offer = Offer.create(volunteer=user.id, kind=kind, status="active", **values)
        record("offer.created", target=offer, actor=user, detail=kind)
    return offer


def update_offer(offer, user, **fields):
    """Change an offer's details; its capacity never drops below the newcomers it holds now."""
    _require_volunteer(user)
    if offer.volunteer_id != user.id:
        raise ServiceError(_l("This offer is not yours."))
    values = clean(offer.kind, fields, kept_from=offer.available_from)
    with write_transaction():
        # The condition on `used` is what keeps a confirmation racing this edit from overbooking.
        updated = (Offer.update(**values)
                   .where((Offer.id == offer.id) & (Offer.status != "ended")
                          & (Offer.used <= values["capacity"]))
                   .execute())
        if not updated:
            current = Offer.get_by_id(offer.id)
            if current.status == "ended":
                raise ServiceError(_l("This offer has ended. Create a new one instead."))
            raise ServiceError(lazy_ngettext(
                "%(num)s newcomer is matched with this offer now: the capacity cannot be lower.",
                "%(num)s newcomers are matched with this offer now: the capacity cannot be lower.",
                current.used))
        record("offer.updated", target=offer, actor=user)
    return Offer.get_by_id(offer.id)


def set_status(offer, user, action):
    """Pause, resume or end an offer; only an active offer is ever proposed."""
    _require_volunteer(user)
    if action not in TRANSITIONS or offer.volunteer_id != user.id:
        raise ServiceError(_l("This cannot be done with this offer."))
    old, new, event = TRANSITIONS[action]
    condition = (Offer.id == offer.id) & Offer.status.in_(old)
    if action == "end":
        # Someone still counts on it: their matches end first, on the match page.
        condition &= Offer.used == 0
    with write_transaction():
        if not Offer.update(status=new).where(condition).execute():
            raise ServiceError(_refusal(action, Offer.get_by_id(offer.id)))
        record(event, target=offer, actor=user)
    return Offer.get_by_id(offer.id)


def _refusal(action, offer):
    if action == "end" and offer.status != "ended":
        return _l("Newcomers are matched with this offer now. End those matches first, then "
                  "end the offer.")
    return {
        "pause": _l("Only an active offer can be paused."),
        "resume": _l("Only a paused offer can be resumed."),
        "end": _l("This offer has already ended."),
    }[action]
