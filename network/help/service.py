"""A newcomer's profile and help requests, and what they may see of their matches."""
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from peewee import JOIN

from ..audit.service import record
from ..core.codes import (
    CONTACT_CHANNELS,
    GENDERS,
    HOST_PREFS,
    KINDS,
    LANGUAGES,
    LEVELS,
    NEWCOMER_HOUSEHOLDS,
    SPOKEN_LEVELS,
    URGENCIES,
)
from ..core.contacts import check_contact, keep_reachable
from ..core.errors import NotFound, ServiceError
from ..crypto import reveal
from ..db import write_transaction
from ..models import (
    HelpRequest,
    Match,
    NewcomerProfile,
    Offer,
    User,
    VolunteerProfile,
    utcnow,
)
from ..places.fields import place_columns
from ..timeutil import paris_date

# A request in one of these states still waits for, or receives, help.
LIVE_REQUEST = ("open", "proposed", "matched")
NOTE_MAX = 1000
# The furthest first night a housing request may ask for, in days from today.
HOUSING_AHEAD_DAYS = 365
NEWCOMER_STATUSES = ("pending", "active")


def format_languages(languages):
    """{"fr": "a1", "ru": "native"} -> "ru:native,fr:a1", best spoken first."""
    spoken = [(code, level) for code, level in languages.items() if level]
    spoken.sort(key=lambda pair: SPOKEN_LEVELS.index(pair[1]))
    return ",".join(f"{code}:{level}" for code, level in spoken)


def profile_of(user):
    """The newcomer's profile, created empty if the account has none yet."""
    profile, _ = NewcomerProfile.get_or_create(user=user.id)
    return profile


def save_profile(user, *, languages, city, arrival_date=None, household="alone",
                 gender="", host_pref="any", pets=False, smokes=False, needs_access=False,
                 contact_channel="", contact="", notes=""):
    """Check and store what a newcomer tells about themself; never a street address."""
    _require_newcomer(user)
    languages = {code: level for code, level in languages.items() if level}
    if not languages:
        raise ServiceError(_l("Choose at least one language you speak."))
    if any(code not in LANGUAGES or level not in SPOKEN_LEVELS
           for code, level in languages.items()):
        raise ServiceError(_l("Unknown language or level."))
    if (household not in NEWCOMER_HOUSEHOLDS or gender not in GENDERS or host_pref not in HOST_PREFS
            or contact_channel not in CONTACT_CHANNELS):
        raise ServiceError(_l("Choose one of the options offered."))
    if arrival_date is not None and arrival_date > paris_date(utcnow()):
        raise ServiceError(_l("The arrival date cannot be in the future."))
    problem = check_contact(contact_channel, contact)
    if problem:
        raise ServiceError(problem)
    notes = (notes or "").strip()
    if len(notes) > 2000:
        raise ServiceError(_l("Write at most 2000 characters of notes."))
    place = place_columns(city)
    profile = profile_of(user)
    contact = (contact or "").strip() if contact_channel else ""
    with write_transaction():
        # Under the write lock: a match accepted meanwhile cannot lose its contact.
        keep_reachable(user, contact)
        NewcomerProfile.update(
            languages=format_languages(languages), **place,
            arrival_date=arrival_date, household=household, gender=gender, host_pref=host_pref,
            pets=bool(pets), smokes=bool(smokes), needs_access=bool(needs_access),
            contact_channel=contact_channel, contact=contact, notes=notes,
        ).where(NewcomerProfile.id == profile.id).execute()
    return NewcomerProfile.get_by_id(profile.id)


def _require_newcomer(user):
    if user.role != "newcomer" or user.status not in NEWCOMER_STATUSES:
        raise ServiceError(_l("Only newcomers can ask for help."))


def create_request(user, kind, *, urgency=None, start=None, nights=1, people=1, wants="",
                   level="", online_ok=False, note=""):
    """Open a request for one kind of help; one live request per kind at a time.

    `urgency` is what the person chose: a housing request without one is refused, never given
    one they did not say.
    """
    _require_newcomer(user)
    if kind not in KINDS:
        raise ServiceError(_l("Unknown kind of help."))
    fields = _checked(kind, urgency, start, nights, people, wants, level, online_ok, note)
    with write_transaction():
        # Under the write lock, so a double submit cannot open the same need twice.
        if HelpRequest.select().where(
            (HelpRequest.newcomer == user.id) & (HelpRequest.kind == kind)
            & HelpRequest.status.in_(LIVE_REQUEST)
        ).exists():
            raise ServiceError(_l("You already have a request of this kind. Withdraw it before "
                                  "asking again."))
        help_request = HelpRequest.create(newcomer=user.id, kind=kind, **fields)
        record("request.created", target=help_request, actor=user, detail=kind)
    return help_request


def _checked(kind, urgency, start, nights, people, wants, level, online_ok, note):
    # Only housing asks how urgent it is; the other kinds are never urgent by themselves.
    fields = {"urgency": "later", "online_ok": False, "note": (note or "").strip()}
    if len(fields["note"]) > NOTE_MAX:
        raise ServiceError(_l("The note is too long (at most %(n)s characters).", n=NOTE_MAX))
    if kind == "housing":
        fields.update(_housing(urgency, start, nights, people))
    elif kind == "language":
        if wants not in LANGUAGES or level not in LEVELS:
            raise ServiceError(_l("Choose the language and your level in it."))
        fields.update(wants=wants, level=level, online_ok=bool(online_ok))
    else:
        fields.update(online_ok=bool(online_ok))
    return fields


def update_request(user, help_request, *, urgency=None, start=None, nights=1, people=1,
                   wants="", level="", online_ok=False, note=""):
    """Change an open request; once a volunteer is asked, the organizers must be told instead."""
    _require_newcomer(user)
    fields = _checked(help_request.kind, urgency, start, nights, people, wants, level, online_ok,
                      note)
    with write_transaction():
        changed = (HelpRequest.update(**fields)
                   .where((HelpRequest.id == help_request.id)
                          & (HelpRequest.newcomer == user.id) & (HelpRequest.status == "open"))
                   .execute())
        if not changed:
            raise ServiceError(_l("A volunteer was already asked: this request can no longer "
                                  "be changed. Withdraw it, or tell the organizers."))
        record("request.changed", target=help_request, actor=user, detail=help_request.kind)
    return HelpRequest.get_by_id(help_request.id)


def open_requests_for_needs(user, needs):
    """At sign-up: open what needs no detail now; the kinds that need details are asked next."""
    if "mentor" in needs:
        create_request(user, "mentor")


def needs_to_ask(user):
    """The needs ticked at sign-up that still lack a live request, in the order offered."""
    wanted = profile_of(user).needs
    asked = {kind for (kind,) in HelpRequest.select(HelpRequest.kind).where(
        (HelpRequest.newcomer == user.id) & HelpRequest.status.in_(LIVE_REQUEST)).tuples()}
    return [kind for kind in KINDS if kind in wanted and kind not in asked]


def _housing(urgency, start, nights, people):
    today = paris_date(utcnow())
    if urgency not in URGENCIES:
        raise ServiceError(_l("Choose how urgent it is."))
    if not isinstance(start, date):
        raise ServiceError(_l("Choose the first night you need a place."))
    if start < today:
        raise ServiceError(_l("The first night cannot be in the past."))
    if start > today + timedelta(days=HOUSING_AHEAD_DAYS):
        raise ServiceError(_l("Ask for housing at most one year ahead."))
    if not (isinstance(nights, int) and 1 <= nights <= 365):
        raise ServiceError(_l("The number of nights must be between 1 and 365."))
    if not (isinstance(people, int) and 1 <= people <= 12):
        raise ServiceError(_l("The number of people must be between 1 and 12."))
    return {"urgency": urgency, "start": start, "nights": nights, "people": people}


def get_request_for(user, request_id):
    """The newcomer's own request, else 404: never a hint that someone else's exists."""
    help_request = HelpRequest.get_or_none(
        (HelpRequest.id == request_id) & (HelpRequest.newcomer == user.id))
    if help_request is None:
        raise NotFound()
    return help_request


@dataclass(frozen=True)
class MyRequest:
    """A request as its newcomer sees it: the volunteer appears once the match is active."""

    request: HelpRequest
    match_id: int | None = None
    volunteer: str = ""
    channel: str = ""
    contact: str = ""
    # Only for a housing request whose stay the host accepted: the guest must find the door,
    # and know the rules of the house before arriving.
    address: str = ""
    house_rules: str = ""
    city: str = ""

    @property
    def live(self):
        return self.request.status in LIVE_REQUEST


def _seen(user):
    volunteer = User.alias()
    return (HelpRequest
            .select(HelpRequest, Match.id.alias("match_id"),
                    volunteer.display_name.alias("volunteer_name"),
                    VolunteerProfile.contact_channel.alias("volunteer_channel"),
                    VolunteerProfile.contact.alias("volunteer_contact"),
                    Offer.address.alias("offer_address"),
                    Offer.house_rules.alias("offer_house_rules"), Offer.city.alias("offer_city"))
            .join(Match, JOIN.LEFT_OUTER,
                  on=((Match.request == HelpRequest.id) & (Match.status == "active")))
            .join(volunteer, JOIN.LEFT_OUTER, on=(Match.volunteer == volunteer.id))
            .join(VolunteerProfile, JOIN.LEFT_OUTER, on=(VolunteerProfile.user == volunteer.id))
            .switch(Match).join(Offer, JOIN.LEFT_OUTER, on=(Match.offer == Offer.id))
            .where(HelpRequest.newcomer == user.id))


def _as_seen(row):
    if row.match_id is None:
        return MyRequest(row)
    housing = row.kind == "housing"
    return MyRequest(row, match_id=row.match_id, volunteer=row.volunteer_name or "",
                     channel=row.volunteer_channel or "",
                     contact=reveal(row.volunteer_contact) or "",
                     address=(reveal(row.offer_address) or "") if housing else "",
                     house_rules=(reveal(row.offer_house_rules) or "") if housing else "",
                     city=row.offer_city or "")


def my_requests(user, limit=50):
    """The newcomer's requests, newest first, each with its active match, in one query."""
    rows = (_seen(user).order_by(HelpRequest.created_at.desc(), HelpRequest.id.desc())
            .limit(limit).objects())
    return [_as_seen(row) for row in rows]


def my_request(user, request_id):
    """One of the newcomer's own requests as they see it, else 404."""
    row = _seen(user).where(HelpRequest.id == request_id).objects().get_or_none()
    if row is None:
        raise NotFound()
    return _as_seen(row)
