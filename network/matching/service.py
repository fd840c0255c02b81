"""Running the engine over the network, and every state change of a match, each in one
transaction."""
import math
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from peewee import JOIN, IntegrityError, fn

from ..audit.service import record
from ..cases.service import open_case
from ..checkins.service import create_schedule
from ..conversations import service as conversations
from ..core.access import match_view
from ..core.errors import ServiceError
from ..db import write_transaction
from ..models import HelpRequest, Match, NewcomerProfile, Offer, User, VolunteerProfile, utcnow
from ..notify.service import alert_organizers, link, notify
from ..places import catalog
from ..places.fields import centre_of
from . import engine

PAGE_SIZE = 50
# The longest decline reason and problem report kept: longer ones are refused, never cut.
REASON_MAX = 500
PROBLEM_MAX = 2000


def to_engine_request(help_request, profile, now):
    """The engine's view of a request."""
    return engine.Request(
        id=help_request.id, kind=help_request.kind, languages=set(profile.languages),
        city=profile.commune, region=profile.region, centre=centre_of(profile.commune),
        online_ok=help_request.online_ok,
        waiting_days=max(0, (now - help_request.created_at).days), urgency=help_request.urgency,
        start=help_request.start, nights=help_request.nights, people=help_request.people,
        gender=profile.gender, host_pref=profile.host_pref, pets=profile.pets,
        smokes=profile.smokes, needs_access=profile.needs_access, wants=help_request.wants,
        level=help_request.level,
    )


def to_engine_offer(offer, profile):
    """The engine's view of an offer; the offer's own commune wins over the volunteer's."""
    place = offer if offer.commune else profile
    return engine.Offer(
        id=offer.id, kind=offer.kind, languages=set(profile.languages),
        city=place.commune, region=place.region, centre=centre_of(place.commune),
        in_person=offer.in_person, online=offer.online, capacity=offer.capacity, load=offer.used,
        available_from=offer.available_from, available_until=offer.available_until,
        beds=offer.beds, pets_ok=offer.pets_ok, smoking_ok=offer.smoking_ok,
        accessible=offer.accessible, accepts=frozenset(offer.accepts), household=offer.household,
        teaches=offer.teaches, levels=frozenset(offer.levels),
    )


def _open_requests(kind):
    return (HelpRequest.select(HelpRequest, User, NewcomerProfile)
            .join(User, on=(HelpRequest.newcomer == User.id))
            .join(NewcomerProfile, on=(NewcomerProfile.user == User.id))
            .where((HelpRequest.kind == kind) & (HelpRequest.status == "open")
                   & (User.status == "active")))


def _available_offers(kind):
    return (Offer.select(Offer, User, VolunteerProfile)
            .join(User, on=(Offer.volunteer == User.id))
            .join(VolunteerProfile, on=(VolunteerProfile.user == User.id))
            .where((Offer.kind == kind) & (Offer.status == "active") & (User.status == "active")))


def _declined(kind):
    return frozenset(Match.select(Match.request, Match.offer)
                     .where((Match.kind == kind) & (Match.status == "declined")).tuples())


class Board:
    """Everything the engine saw and proposed for one kind, for display."""

    def __init__(self, kind, requests, offers, result):
        self.kind = kind
        self.requests = requests
        self.offers = offers
        self.result = result


def propose(kind):
    """Run the engine over every open request and available offer of one kind."""
    now = utcnow()
    requests = {r.id: r for r in _open_requests(kind)}
    offers = {o.id: o for o in _available_offers(kind)}
    result = engine.propose(
        [to_engine_request(r, r.newcomer.newcomerprofile, now) for r in requests.values()],
        [to_engine_offer(o, o.volunteer.volunteerprofile) for o in offers.values()],
        declined=_declined(kind),
    )
    return Board(kind, requests, offers, result)


class Candidate(NamedTuple):
    """An offer that could take a request: the proposal, where it is and how far."""

    proposal: engine.Proposal
    offer: Offer
    place: catalog.Commune | None
    km: int | None


def candidates(help_request):
    """Who could take this request now, best first, with the reasons.

    Equal scores are ordered by distance (unknown last), then by the volunteer with fewer
    live matches, then by the older offer: the page states this order.
    """
    profile = NewcomerProfile.get(NewcomerProfile.user == help_request.newcomer_id)
    offers = {o.id: o for o in _available_offers(help_request.kind)}
    wanted = to_engine_request(help_request, profile, utcnow())
    seen = {o.id: to_engine_offer(o, o.volunteer.volunteerprofile) for o in offers.values()}
    found = []
    for p in engine.candidates(wanted, list(seen.values()),
                               declined=_declined(help_request.kind)):
        km = engine.km_between(wanted.centre, seen[p.offer_id].centre)
        found.append(Candidate(p, offers[p.offer_id], catalog.get(seen[p.offer_id].city),
                               None if km is None else round(km)))
    return sorted(found, key=lambda c: (-c.proposal.score, math.inf if c.km is None else c.km,
                                        c.offer.used, c.offer.id))


def strictly_best(found):
    """The candidate to pre-select: only one that scores more than every other."""
    if len(found) == 1 or found and found[0].proposal.score > found[1].proposal.score:
        return found[0]
    return None


def open_requests(kind, city=None, language=None, page=1):
    """A page of open requests of a kind, the longest waiting first, as the columns shown."""
    query = (_open_requests(kind)
             .select(HelpRequest.id, HelpRequest.urgency, HelpRequest.created_at,
                     HelpRequest.newcomer, User.display_name, NewcomerProfile.city,
                     NewcomerProfile.languages)
             .order_by(HelpRequest.created_at, HelpRequest.id))
    if city:
        query = query.where(NewcomerProfile.city ** city.strip())
    if language:
        query = query.where(NewcomerProfile.languages.contains(language))
    rows = list(query.paginate(page, PAGE_SIZE).limit(PAGE_SIZE + 1).dicts())
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def open_counts():
    """Open requests per kind."""
    return dict(HelpRequest.select(HelpRequest.kind, fn.COUNT(HelpRequest.id))
                .where(HelpRequest.status == "open").group_by(HelpRequest.kind).tuples())


def confirm(organizer, pairs):
    """Send proposals to the volunteers; returns (confirmed matches, refused request ids).

    Each pair is checked again against the live data and booked in its own transaction, so a
    slot taken meanwhile by another organizer refuses that pair, never overbooks.
    """
    confirmed, refused = [], []
    for request_id, offer_id in pairs:
        match = _confirm_one(organizer, request_id, offer_id)
        (confirmed if match else refused).append(match or request_id)
    return confirmed, refused


def _fit(help_request, offer):
    """The engine's proposal for this pair as the data stand now, or None if it breaks a rule."""
    profile = NewcomerProfile.get(NewcomerProfile.user == help_request.newcomer_id)
    fits = engine.candidates(to_engine_request(help_request, profile, utcnow()),
                             [to_engine_offer(offer, offer.volunteer.volunteerprofile)],
                             declined=_declined(help_request.kind))
    return fits[0] if fits else None


def _confirm_one(organizer, request_id, offer_id):
    help_request = HelpRequest.get_or_none(HelpRequest.id == request_id)
    if help_request is None or help_request.status != "open":
        return None
    offer = _available_offers(help_request.kind).where(Offer.id == offer_id).get_or_none()
    proposal = _fit(help_request, offer) if offer is not None else None
    if proposal is None:
        return None
    try:
        with write_transaction():
            if not _take(HelpRequest, request_id, "open", "proposed"):
                raise _Refused
            booked = (Offer.update(used=Offer.used + 1)
                      .where((Offer.id == offer_id) & (Offer.status == "active")
                             & (Offer.used < Offer.capacity))
                      .execute())
            if not booked:
                raise _Refused
            match = Match.create(
                request=request_id, offer=offer_id, newcomer=help_request.newcomer_id,
                volunteer=offer.volunteer_id, kind=help_request.kind, score=proposal.score,
                explanation=[list(part) for part in proposal.explanation],
                proposed_by=organizer,
            )
            record("match.proposed", target=match, actor=organizer)
            notify(offer.volunteer_id, "match", f"match-proposed:{match.id}", "match_proposed",
                   link=link("matching.match_detail", match_id=match.id))
    except (_Refused, IntegrityError):
        return None
    return match


class _Refused(Exception):
    """A conditional update found the row changed: undo the whole step."""


def _take(model, row_id, old, new, **changes):
    return (model.update(status=new, **changes)
            .where((model.id == row_id) & (model.status == old)).execute())


def respond(match, volunteer, accept, reason=""):
    """The volunteer accepts (the match becomes active) or declines (the request returns)."""
    if match.volunteer_id != volunteer.id:
        raise ServiceError(_l("This proposal is not addressed to you."))
    if accept:
        _check_reachable(match)
    reason = _within(reason, REASON_MAX)
    now = utcnow()
    with write_transaction():
        if accept:
            if not _take(Match, match.id, "proposed", "active", responded_at=now):
                raise ServiceError(_l("This proposal was already answered."))
            _take(HelpRequest, match.request_id, "proposed", "matched")
            create_schedule(match)
            conversations.open_for_match(match)
            record("match.accepted", target=match, actor=volunteer)
            notify(match.newcomer_id, "match", f"match-accepted:{match.id}", "match_accepted",
                   link=link("help.index"))
        else:
            if not _take(Match, match.id, "proposed", "declined", responded_at=now,
                         decline_reason=reason):
                raise ServiceError(_l("This proposal was already answered."))
            _release(match)
            _take(HelpRequest, match.request_id, "proposed", "open")
            record("match.declined", target=match, actor=volunteer)
            alert_organizers(f"match-declined:{match.id}", "match_declined", kind="match",
                             link=link("matching.request_detail", request_id=match.request_id))
    return Match.get_by_id(match.id)


def _check_reachable(match):
    # A live match where one side cannot reach the other helps nobody: both must have a contact.
    mine = VolunteerProfile.get_or_none(VolunteerProfile.user == match.volunteer_id)
    if mine is None or not (mine.contact or "").strip():
        raise ServiceError(_l("Before accepting, add to your profile how the newcomer can reach "
                              "you."))
    theirs = NewcomerProfile.get_or_none(NewcomerProfile.user == match.newcomer_id)
    if theirs is None or not (theirs.contact or "").strip():
        raise ServiceError(_l("This newcomer has not said yet how to reach them, so the match "
                              "cannot start. Tell the organizers."))


def _within(text, limit):
    """The text without surrounding spaces; refused, never cut, when longer than `limit`."""
    text = (text or "").strip()
    if len(text) > limit:
        raise ServiceError(_l("This text is too long: at most %(n)s characters, you wrote "
                              "%(count)s. Shorten it and send it again.", n=limit, count=len(text)))
    return text


def _release(match):
    (Offer.update(used=Offer.used - 1)
     .where((Offer.id == match.offer_id) & (Offer.used > 0)).execute())


END_REASONS = ("completed", "withdrawn", "problem")


def end_match(match, by, reason, problem=""):
    """End a live match and free the volunteer's slot; the newcomer's need returns unless met."""
    if reason not in END_REASONS:
        raise ServiceError(_l("Unknown reason."))
    problem = _within(problem, PROBLEM_MAX)
    with write_transaction():
        changes = dict(ended_at=utcnow(), end_reason=reason)
        if problem:
            changes["problem"] = problem
        ended = (Match.update(status="ended", **changes)
                 .where((Match.id == match.id) & (Match.status.in_(("proposed", "active"))))
                 .execute())
        if not ended:
            raise ServiceError(_l("This match has already ended."))
        _release(match)
        conversations.close_for_match(match.id)
        if reason == "completed":
            HelpRequest.update(status="closed", closed_at=utcnow()).where(
                HelpRequest.id == match.request_id).execute()
        else:
            HelpRequest.update(status="open").where(
                (HelpRequest.id == match.request_id)
                & HelpRequest.status.in_(("proposed", "matched"))).execute()
        record("match.ended", target=match, actor=by, detail=reason)


def report_problem(match, by, text, end_now=False):
    """A party reports a problem; organizers see it at once, and it may end the match now."""
    text = _within(text, PROBLEM_MAX)
    if not text:
        raise ServiceError(_l("Describe the problem in a few words."))
    with write_transaction():
        if end_now:
            end_match(match, by, "problem", problem=text)
        else:
            Match.update(problem=text).where(Match.id == match.id).execute()
        record("match.problem", target=match, actor=by)
        case = open_case("problem", newcomer=match.newcomer_id, match=match, reporter=by,
                         key=f"problem:{match.id}")
        alert_organizers(f"match-problem:{match.id}:{utcnow():%Y%m%d%H%M%S}", "match_problem",
                         link=link("cases.detail", case_id=case.id))


def withdraw_request(help_request, by):
    """The newcomer no longer needs this help: cancel it and end its live match."""
    if help_request.status in ("closed", "cancelled"):
        raise ServiceError(_l("This request is already closed."))
    with write_transaction():
        live = Match.get_or_none((Match.request == help_request.id)
                                 & Match.status.in_(("proposed", "active")))
        if live is not None:
            end_match(live, by, "withdrawn")
        HelpRequest.update(status="cancelled", closed_at=utcnow()).where(
            HelpRequest.id == help_request.id).execute()
        record("request.withdrawn", target=help_request, actor=by)


def get_match_for(user, match_id):
    """The match with `view`, what this user may see of it; None where they have no relation."""
    match = (Match.select(Match, HelpRequest, Offer)
             .join(HelpRequest, on=(Match.request == HelpRequest.id))
             .switch(Match).join(Offer, on=(Match.offer == Offer.id))
             .where(Match.id == match_id).get_or_none())
    view = match_view(user, match) if match is not None else None
    if view is None:
        return None
    match.view = view
    return match


def parties(match):
    """The newcomer (with profile) and the volunteer, each only where `match.view` shows them."""
    view = match.view
    newcomer = (User.select(User, NewcomerProfile).join(NewcomerProfile)
                .where(User.id == match.newcomer_id).get() if view.newcomer else None)
    volunteer = User.get_by_id(match.volunteer_id) if view.volunteer else None
    return newcomer, volunteer


def volunteer_matches(user, statuses=("proposed", "active")):
    """The volunteer's live matches with the newcomer and their profile, in one query."""
    return list(Match.select(Match, HelpRequest, User, NewcomerProfile)
                .join(HelpRequest, on=(Match.request == HelpRequest.id))
                .switch(Match).join(User, on=(Match.newcomer == User.id))
                .join(NewcomerProfile, JOIN.LEFT_OUTER, on=(NewcomerProfile.user == User.id))
                .where((Match.volunteer == user.id) & Match.status.in_(statuses))
                .order_by(Match.proposed_at.desc()))


def problems(limit=20):
    """Live or recently ended matches with a reported problem, newest first."""
    return list(Match.select(Match.id, Match.kind, Match.problem, User.id, User.display_name)
                .join(User, on=(Match.newcomer == User.id))
                .where(Match.problem != "")
                .order_by(Match.proposed_at.desc()).limit(limit))


def waiting_for_volunteers(limit=50):
    """Proposals the volunteers have not answered yet, oldest first, with the volunteer's name."""
    return list(Match.select(Match.id, Match.kind, Match.proposed_at, Match.volunteer,
                             User.display_name)
                .join(User, on=(Match.volunteer == User.id))
                .where(Match.status == "proposed")
                .order_by(Match.proposed_at).limit(limit).dicts())
