"""Pure matching engine: hard constraints, integer scores and an optimal assignment per kind.

Plain data in, plain data out: no Flask, no database. Ids are whatever the caller uses
(str or int); parts of explanations and reasons are codes with JSON-ready params, and the
web layer translates them (`describe` gives the English used by tests and benchmarks).

Hard constraints (a pair that breaks one is never proposed):

- every kind: the offer is of the request's kind and has a free slot, ``capacity - load``
  (a housing offer hosts one stay at a time, whatever its ``capacity``).
- mentor: the two share a language, and they meet in person near each other (offer
  ``in_person``) or both accept working online (request ``online_ok``, offer ``online``).
  Near means the same commune (``city``, its INSEE code), or centres (``centre``: latitude,
  longitude) at most 20 km apart: the rule for "reachable by public transport", a suburban
  train or bus covering that within the hour around French cities. A commune without a
  known centre is near only itself.
- language: the offer ``teaches`` the wanted language and its ``levels`` include the
  newcomer's ``level``; place as for mentoring.
- housing: near (as for mentoring); the stay fits the dates (``available_from <= start``
  and the guest leaves, ``start + nights``, on or before ``available_until``; None means
  open-ended);
  ``beds >= people``; pets, smoking and accessibility needs are allowed by the house
  (``pets_ok``, ``smoking_ok``, ``accessible``); the household ``accepts`` the requester's
  ``gender`` (empty means anyone), and the requester's ``host_pref`` "women_only" or
  "men_only" needs a "women" or "men" ``household``. A guest who did not say their gender
  ("") is welcome only where the household takes anyone (empty ``accepts``): a host who
  takes some guests only said so for a reason, and not saying is no wish either, so the
  reason told is ``host_takes`` with gender "" (ask the person), never ``household_wish``.

Score of an allowed pair, in integer points (each part is one line of the explanation;
parts worth 0 are left out, so the parts always add up to the score):

    base              +60  every allowed pair
    same_city         +30  same commune
    nearby        +20..10  another commune d km away, d <= 20: 20 - floor(d / 2)
    same_region       +15  not near (so an online pair), same département
    shared_languages   +5  per shared language, at most +15; mentoring needs one, so
                           only the extra ones count there
    waiting            +1  per day the request has waited, at most +90: the longer
                           someone waits, the more a slot is worth to them
    urgency       +40/+20  "tonight" / "this_week"
    load               -5  per active match the volunteer already has, at most -25
    declined_before   -30  this very pair was declined before

The worst allowed pair still scores +5, so helping a request always adds to the total,
and a request with an allowed offer goes unmatched only when others took those slots.

Unmatched reasons are the first check that rules out every offer of the kind, in order:
mentor ``no_shared_language`` {languages}, then ``no_volunteer_nearby`` {city, online};
language ``no_teacher`` {language, level}, then ``no_volunteer_nearby``; housing
``no_host_beds`` {beds, city, start, nights}, ``house_rules`` {needs},
``host_takes`` {gender}, ``household_wish`` {host_pref}; every kind ``at_capacity``
{volunteers} (some fit, none has a free slot), and ``taken`` {candidates} (allowed offers
existed, the optimum gave them to requests that fit better).

The load term counts the matches a volunteer had before this run, not the slot a request
takes in it: a pair then has one score whatever else is assigned, the score `candidates`
shows is the score of the proposal, and the total is a plain b-matching objective that a
linear program over `allowed_pairs` reproduces (see tests/benchmarks/matching.py).

`propose` maximises the total score per kind as a min-cost flow (OR-tools): source ->
request -> offer -> sink, each request with one unit, each offer with its free slots, and a
bypass from source to sink worth 0 for the requests left without a proposal. Every allowed
pair scores more than 0, so no request is ever forced onto a pair it cannot take, and none
that could be helped is left out unless others took the slots. Requests (and offers) that
the pair parts cannot tell apart flow through one node (see `ClassFlow`), so the flow holds
thousands of arcs where there are millions of pairs; `allowed_pairs` lists those pairs, a
block of requests at a time.

    >>> r = Request(7, "mentor", languages={"ru"}, city="Lyon", region="69")
    >>> o = Offer("v1", "mentor", languages={"ru", "fr"}, city="Lyon", capacity=3)
    >>> (p,) = propose([r], [o]).proposals
    >>> p.offer_id, p.score, [describe(part) for part in p.explanation]
    ('v1', 90, ['fits every hard constraint (+60)', 'same city (Lyon) (+30)'])
"""
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

import numpy as np

from ..core.codes import HOST_HOUSEHOLDS as HOUSEHOLDS
from ..core.codes import HOST_PREFS, KINDS, URGENCIES
from ._flow import ClassFlow
from ._pairs import PairTable
from ._pairs import km_between as km_between  # the one distance, for the pages that show it

Id = str | int


@dataclass(frozen=True)
class Request:
    """An open help request; the housing and language fields matter for their kind only."""

    id: Id
    kind: str
    languages: frozenset[str] = frozenset()  # codes such as "ru", "uk", "en", "fr"
    city: str = ""  # commune (INSEE) code; "" never matches
    region: str = ""  # département code; "" never matches
    centre: tuple[float, float] | None = None  # the commune's (latitude, longitude)
    online_ok: bool = False
    waiting_days: int = 0  # since the request was opened
    urgency: str = "later"  # one of URGENCIES
    start: date | None = None  # housing: first night
    nights: int = 1
    people: int = 1
    gender: str = ""  # the requester's, e.g. "f", "m"; "" = not said
    host_pref: str = "any"  # one of HOST_PREFS
    pets: bool = False
    smokes: bool = False
    needs_access: bool = False
    wants: str = ""  # language help: the language to learn
    level: str = ""  # language help: the newcomer's level, e.g. "A1"

    def __post_init__(self):
        _check(self.kind, KINDS, "kind")
        _check(self.urgency, URGENCIES, "urgency")
        _check(self.host_pref, HOST_PREFS, "host_pref")
        if self.kind == "housing" and self.start is None:
            raise ValueError("a housing request needs a start date")
        if self.kind == "language" and not self.wants:
            raise ValueError("a language request needs the language it wants")
        object.__setattr__(self, "languages", frozenset(self.languages))


@dataclass(frozen=True)
class Offer:
    """A volunteer's offer; the housing and language fields matter for their kind only."""

    id: Id
    kind: str
    languages: frozenset[str] = frozenset()
    city: str = ""
    region: str = ""
    centre: tuple[float, float] | None = None
    in_person: bool = True
    online: bool = False  # mentoring and language help only
    capacity: int = 1  # most active matches at once (housing: one stay, whatever this says)
    load: int = 0  # active matches now
    available_from: date | None = None
    available_until: date | None = None  # the guest has left by this day
    beds: int = 0
    pets_ok: bool = False
    smoking_ok: bool = False
    accessible: bool = False
    accepts: frozenset[str] = frozenset()  # guest genders the household takes; empty = anyone
    household: str = "mixed"  # one of HOUSEHOLDS
    teaches: str = ""
    levels: frozenset[str] = frozenset()

    def __post_init__(self):
        _check(self.kind, KINDS, "kind")
        _check(self.household, HOUSEHOLDS, "household")
        for name in ("languages", "accepts", "levels"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))

    @property
    def free(self) -> int:
        """Requests this offer can still take."""
        return max(0, (1 if self.kind == "housing" else self.capacity) - self.load)


class Part(NamedTuple):
    """One line of an explanation: what, how many points, and the facts behind it."""

    code: str
    points: int
    params: dict


@dataclass(frozen=True)
class Proposal:
    """A suggested pair with its score and the parts that add up to it."""

    request_id: Id
    offer_id: Id
    score: int
    explanation: tuple[Part, ...]


@dataclass(frozen=True)
class Unmatched:
    """A request left without a proposal, and why (a code and its params)."""

    request_id: Id
    code: str
    params: dict


@dataclass(frozen=True)
class Result:
    """Proposals and unmatched requests, both in the order the requests came."""

    proposals: list[Proposal]
    unmatched: list[Unmatched]

    @property
    def total(self) -> int:
        """The objective the assignment maximises."""
        return sum(p.score for p in self.proposals)


def propose(requests, offers, declined=frozenset()) -> Result:
    """Globally optimal proposals for open requests; `declined` holds (request_id, offer_id)."""
    _unique(requests)
    _unique(offers)
    outcome = {}
    for kind in KINDS:
        reqs = [r for r in requests if r.kind == kind]
        if not reqs:
            continue
        table = PairTable(reqs, [o for o in offers if o.kind == kind], declined)
        rows, cols, reasons = ClassFlow(table).assign()
        for proposal in _proposals(table, rows, cols):
            outcome[proposal.request_id] = proposal
        for i, r in enumerate(reqs):
            if r.id not in outcome:
                outcome[r.id] = Unmatched(r.id, *reasons(i))
    return Result(
        proposals=[outcome[r.id] for r in requests if isinstance(outcome[r.id], Proposal)],
        unmatched=[outcome[r.id] for r in requests if isinstance(outcome[r.id], Unmatched)],
    )


def candidates(request, offers, declined=frozenset()) -> list[Proposal]:
    """Offers that could take this request now, best first, each with its explanation."""
    table = PairTable([request], [o for o in offers if o.kind == request.kind], declined)
    _, cols, _ = table.edges()
    return sorted(_proposals(table, np.zeros_like(cols), cols), key=lambda p: -p.score)


def _proposals(table, rows, cols) -> list[Proposal]:
    """The pairs (rows[k], cols[k]) of a table as proposals with their explanations."""
    return [Proposal(table.requests[i].id, table.offers[j].id, score,
                     tuple(Part(*part) for part in parts))
            for i, j, score, parts in table.explained(rows, cols)]


def allowed_pairs(requests, offers, declined=frozenset()) -> list[tuple[Id, Id, int]]:
    """Every allowed (request_id, offer_id, score): the instance `propose` optimises."""
    rows, cols, scores = pair_arrays(requests, offers, declined)
    return [(requests[i].id, offers[j].id, score)
            for i, j, score in zip(rows.tolist(), cols.tolist(), scores.tolist())]


def pair_arrays(requests, offers, declined=frozenset()):
    """`allowed_pairs` as arrays: request and offer positions (in the lists given), scores."""
    found = []
    for kind in KINDS:
        at_r = [k for k, r in enumerate(requests) if r.kind == kind]
        at_o = [k for k, o in enumerate(offers) if o.kind == kind]
        if not at_r:
            continue
        rows, cols, scores = PairTable([requests[k] for k in at_r], [offers[k] for k in at_o],
                                    declined).edges()
        found.append((np.array(at_r)[rows], np.array(at_o, np.int64)[cols], scores))
    if not found:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int32)
    return tuple(np.concatenate(column) for column in zip(*found))


_TEXT = {
    "base": "fits every hard constraint",
    "same_city": "same city ({city})",
    "nearby": "{km} km away",
    "same_region": "same region ({region})",
    "shared_languages": "shared languages: {languages}",
    "waiting": "waiting for {days} days",
    "urgency": "urgency: {urgency}",
    "load": "already has {active} active matches",
    "declined_before": "this pair was declined before",
    "no_shared_language": "no volunteer speaks {languages}",
    "no_volunteer_nearby": "no fitting volunteer in {city} (online accepted: {online})",
    "no_teacher": "nobody teaches {language} at level {level}",
    "no_host_beds": "no host in {city} with {beds} beds for {nights} nights from {start}",
    "house_rules": "the house rules of every host exclude: {needs}",
    "host_takes": "every host with room takes other guests (guest: {gender})",
    "household_wish": "no household of the kind wished ({host_pref})",
    "at_capacity": "all {volunteers} fitting volunteers are at capacity",
    "taken": "requests that fit better took the slots of all {candidates} candidates",
}


def describe(item: Part | Unmatched) -> str:
    """Plain English for an explanation part or an unmatched reason."""
    params = {k: ", ".join(v) if isinstance(v, list) else v for k, v in item.params.items()}
    text = _TEXT[item.code].format(**params)
    return f"{text} ({item.points:+d})" if isinstance(item, Part) else text


def _check(value, allowed, name):
    if value not in allowed:
        raise ValueError(f"{name} must be one of {allowed}, not {value!r}")


def _unique(items):
    if len({item.id for item in items}) != len(items):
        raise ValueError("ids must be unique")
