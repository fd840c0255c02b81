"""Pure matching engine: hard constraints, integer scores and an optimal assignment per kind.

Plain data in, plain data out: no Flask, no database. Ids are whatever the caller uses
(str or int); parts of explanations and reasons are codes with JSON-ready params, and the
web layer translates them (`describe` gives the English used by tests and benchmarks).

Hard constraints (a pair that breaks one is never proposed):

- every kind: the offer is of the request's kind and has a free slot, ``capacity - load``
  (a housing offer hosts one stay at a time, whatever its ``capacity``).
- mentor: the two share a language, and they meet in person in the same city (offer
  ``in_person``) or both accept working online (request ``online_ok``, offer ``online``).
- language: the offer ``teaches`` the wanted language and its ``levels`` include the
  newcomer's ``level``; place as for mentoring.
- housing: same city; the stay fits the dates (``available_from <= start`` and the guest
  leaves, ``start + nights``, on or before ``available_until``; None means open-ended);
  ``beds >= people``; pets, smoking and accessibility needs are allowed by the house
  (``pets_ok``, ``smoking_ok``, ``accessible``); the household ``accepts`` the requester's
  ``gender`` (empty means anyone), and the requester's ``host_pref`` "women_only" or
  "men_only" needs a "women" or "men" ``household``.

Score of an allowed pair, in integer points (each part is one line of the explanation;
parts worth 0 are left out, so the parts always add up to the score):

    base              +60  every allowed pair
    same_city         +30  same city
    same_region       +15  different cities (so an online pair), same region
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
``gender_preference`` {gender, host_pref}; every kind ``at_capacity`` {volunteers} (some
fit, none has a free slot), and ``taken`` {candidates} (allowed offers existed, the
optimum gave them to requests that fit better).

The load term counts the matches a volunteer had before this run, not the slot a request
takes in it: a pair then has one score whatever else is assigned, the score `candidates`
shows is the score of the proposal, and the total is a plain b-matching objective that a
linear program over `allowed_pairs` reproduces (see tests/benchmarks/matching.py).

`propose` maximises the total score per kind with `scipy.optimize.linear_sum_assignment`
on a matrix with one column per free slot (a volunteer with 3 free slots takes up to 3
requests) and 0 for every forbidden pair: since allowed pairs score more than 0, the best
full assignment minus its 0 entries is the best assignment that may leave requests out,
and no request is ever forced onto a pair it cannot take.

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
from scipy.optimize import linear_sum_assignment

Id = str | int

KINDS = ("mentor", "housing", "language")
URGENCIES = ("tonight", "this_week", "later")
HOST_PREFS = ("any", "women_only", "men_only")
HOUSEHOLDS = ("mixed", "women", "men")

BASE = 60
SAME_CITY = 30
SAME_REGION = 15
PER_LANGUAGE, MAX_LANGUAGES = 5, 3
MAX_WAITING_DAYS = 90
URGENCY_POINTS = {"tonight": 40, "this_week": 20, "later": 0}
PER_ACTIVE, MAX_ACTIVE = -5, 5
DECLINED_BEFORE = -30

_PREFS_MET = {"mixed": {"any"}, "women": {"any", "women_only"}, "men": {"any", "men_only"}}


@dataclass(frozen=True)
class Request:
    """An open help request; the housing and language fields matter for their kind only."""

    id: Id
    kind: str
    languages: frozenset[str] = frozenset()  # codes such as "ru", "uk", "en", "fr"
    city: str = ""
    region: str = ""  # département or region code; "" never matches
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
        offs = [o for o in offers if o.kind == kind]
        if not reqs:
            continue
        table = _Table(reqs, offs, declined)
        rows, cols = _assign(table.score, table.allowed, np.array([o.free for o in offs], int))
        for proposal in table.proposals(rows, cols):
            outcome[proposal.request_id] = proposal
        for i, r in enumerate(reqs):
            if r.id not in outcome:
                outcome[r.id] = table.reason(i)
    return Result(
        proposals=[outcome[r.id] for r in requests if isinstance(outcome[r.id], Proposal)],
        unmatched=[outcome[r.id] for r in requests if isinstance(outcome[r.id], Unmatched)],
    )


def candidates(request, offers, declined=frozenset()) -> list[Proposal]:
    """Offers that could take this request now, best first, each with its explanation."""
    offs = [o for o in offers if o.kind == request.kind]
    table = _Table([request], offs, declined)
    fits = np.flatnonzero(table.allowed[0])
    return sorted(table.proposals(np.zeros_like(fits), fits), key=lambda p: -p.score)


def allowed_pairs(requests, offers, declined=frozenset()) -> list[tuple[Id, Id, int]]:
    """Every allowed (request_id, offer_id, score): the instance `propose` optimises."""
    pairs = []
    for kind in KINDS:
        reqs = [r for r in requests if r.kind == kind]
        offs = [o for o in offers if o.kind == kind]
        if not reqs:
            continue
        table = _Table(reqs, offs, declined)
        rows, cols = np.nonzero(table.allowed)
        pairs += [(reqs[i].id, offs[j].id, score) for i, j, score
                  in zip(rows.tolist(), cols.tolist(), table.score[rows, cols].tolist())]
    return pairs


_TEXT = {
    "base": "fits every hard constraint",
    "same_city": "same city ({city})",
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
    "gender_preference": "no household fits (guest: {gender}, wants: {host_pref})",
    "at_capacity": "all {volunteers} fitting volunteers are at capacity",
    "taken": "requests that fit better took the slots of all {candidates} candidates",
}


def describe(item: Part | Unmatched) -> str:
    """Plain English for an explanation part or an unmatched reason."""
    params = {k: ", ".join(v) if isinstance(v, list) else v for k, v in item.params.items()}
    text = _TEXT[item.code].format(**params)
    return f"{text} ({item.points:+d})" if isinstance(item, Part) else text


class _Table:
    """Hard-constraint stages and score parts of every (request, offer) pair of one kind."""

    def __init__(self, requests, offers, declined):
        self.requests, self.offers = requests, offers
        kind = requests[0].kind

        def rows(f, dtype=np.int64):
            return np.array([f(r) for r in requests], dtype).reshape(-1, 1)

        def cols(f, dtype=np.int64):
            return np.array([f(o) for o in offers], dtype).reshape(1, -1)

        same_city = _same([r.city for r in requests], [o.city for o in offers])
        same_region = _same([r.region for r in requests], [o.region for o in offers])
        shared = _shared([r.languages for r in requests], [o.languages for o in offers])
        place = same_city if kind == "housing" else (
            same_city & cols(lambda o: o.in_person, bool)
            | rows(lambda r: r.online_ok, bool) & cols(lambda o: o.online, bool))
        if kind == "mentor":
            stages = [("no_shared_language", shared > 0), ("no_volunteer_nearby", place)]
        elif kind == "language":
            teaches = _member([r.wants for r in requests], [{o.teaches} for o in offers])
            level = _member([r.level for r in requests], [o.levels for o in offers])
            stages = [("no_teacher", teaches & level), ("no_volunteer_nearby", place)]
        else:
            stages = self._housing_stages(rows, cols, place)
        stages.append(("at_capacity", cols(lambda o: o.free > 0, bool)))
        self.stages = stages
        self.allowed = np.ones((len(requests), len(offers)), bool)
        for _, mask in stages:
            self.allowed &= mask

        # small dtypes and in-place sums: the n x m arrays dominate the time
        self.parts = [
            ("base", np.array([[BASE]])),
            ("same_city", np.where(same_city, np.int8(SAME_CITY), np.int8(0))),
            ("same_region", np.where(~same_city & same_region, np.int8(SAME_REGION), np.int8(0))),
            ("shared_languages",
             PER_LANGUAGE * np.clip(shared - int(kind == "mentor"), 0, MAX_LANGUAGES)),
            ("waiting", np.minimum(rows(lambda r: r.waiting_days), MAX_WAITING_DAYS)),
            ("urgency", rows(lambda r: URGENCY_POINTS[r.urgency])),
            ("load", PER_ACTIVE * np.minimum(cols(lambda o: o.load), MAX_ACTIVE)),
            ("declined_before", self._declined(declined)),
        ]
        self.score = np.zeros(self.allowed.shape, np.int32)
        for _, points in self.parts:
            self.score += points

    def _housing_stages(self, rows, cols, place):
        far = date.max.toordinal()
        start = rows(lambda r: r.start.toordinal())
        leave = start + rows(lambda r: r.nights)
        opens = cols(lambda o: o.available_from.toordinal() if o.available_from else 0)
        closes = cols(lambda o: o.available_until.toordinal() if o.available_until else far)
        fits = (opens <= start) & (leave <= closes)
        beds = place & fits & (rows(lambda r: r.people) <= cols(lambda o: o.beds))
        rules = ((~rows(lambda r: r.pets, bool) | cols(lambda o: o.pets_ok, bool))
                 & (~rows(lambda r: r.smokes, bool) | cols(lambda o: o.smoking_ok, bool))
                 & (~rows(lambda r: r.needs_access, bool) | cols(lambda o: o.accessible, bool)))
        accepts = cols(lambda o: not o.accepts, bool) | _member(
            [r.gender for r in self.requests], [o.accepts for o in self.offers])
        household = _member([r.host_pref for r in self.requests],
                            [_PREFS_MET[o.household] for o in self.offers])
        return [("no_host_beds", beds), ("house_rules", rules),
                ("gender_preference", accepts & household)]

    def _declined(self, declined):
        points = np.zeros((len(self.requests), len(self.offers)), np.int8)
        row = {r.id: i for i, r in enumerate(self.requests)}
        col = {o.id: j for j, o in enumerate(self.offers)}
        for request_id, offer_id in declined:
            if request_id in row and offer_id in col:
                points[row[request_id], col[offer_id]] = DECLINED_BEFORE
        return points

    def proposals(self, rows, cols) -> list[Proposal]:
        """The pairs (rows[k], cols[k]) with their explanations."""
        points = [(code, np.broadcast_to(array, self.score.shape)[rows, cols].tolist())
                  for code, array in self.parts]
        proposals = []
        for k, (i, j, score) in enumerate(zip(rows, cols, self.score[rows, cols].tolist())):
            r, o = self.requests[i], self.offers[j]
            parts = tuple(Part(code, p[k], _params(code, r, o)) for code, p in points if p[k])
            proposals.append(Proposal(r.id, o.id, score, parts))
        return proposals

    def reason(self, i) -> Unmatched:
        """Why request i got no proposal: the first stage ruling out every offer, else taken."""
        r = self.requests[i]
        alive = np.ones(len(self.offers), bool)
        for code, mask in self.stages:
            before = int(alive.sum())
            alive &= np.broadcast_to(mask, self.allowed.shape)[i]
            if not alive.any():
                return Unmatched(r.id, code, _reason_params(code, r, before))
        return Unmatched(r.id, "taken", {"candidates": int(alive.sum())})


def _assign(score, allowed, free):
    """Rows and columns of a maximum-score assignment within each offer's free slots."""
    # a pair worth 0 or less is no better than leaving both sides free
    worth = np.where(allowed, score, 0).clip(min=0)
    rows = np.flatnonzero(worth.any(axis=1))
    # a slot beyond the number of requests an offer can take would only sit empty
    slots = np.repeat(np.arange(len(free)), np.minimum(free, (worth > 0).sum(axis=0)))
    # Worthless entries are 0, so any partial assignment extends to a full one of the same
    # value: the best full assignment, minus its 0 entries, is the best partial one.
    matrix = worth[np.ix_(rows, slots)]
    r, c = linear_sum_assignment(matrix, maximize=True)
    taken = matrix[r, c] > 0
    return rows[r[taken]], slots[c[taken]]


def _same(left, right):
    """n x m: the two values are equal and known (an empty city or region matches nothing)."""
    code = {v: k for k, v in enumerate(set(left) | set(right))}
    a = np.array([code[v] if v else -1 for v in left]).reshape(-1, 1)
    b = np.array([code[v] if v else -2 for v in right]).reshape(1, -1)
    return a == b


def _onehot(sets, code):
    out = np.zeros((len(sets), len(code)), np.float32)
    for k, values in enumerate(sets):
        out[k, [code[v] for v in values]] = 1
    return out


def _shared(left, right):
    """n x m: how many values the two sets have in common."""
    code = {v: k for k, v in enumerate(set().union(*left, *right))}
    return (_onehot(left, code) @ _onehot(right, code).T).astype(np.int8)


def _member(values, sets):
    """n x m: the request's value is in the offer's set."""
    code = {v: k for k, v in enumerate(set(values).union(*sets))}
    return _onehot(sets, code)[:, [code[v] for v in values]].T > 0


def _params(code, r, o):
    if code == "same_city":
        return {"city": r.city}
    if code == "same_region":
        return {"region": r.region}
    if code == "shared_languages":
        return {"languages": sorted(r.languages & o.languages)}
    if code == "waiting":
        return {"days": r.waiting_days}
    if code == "urgency":
        return {"urgency": r.urgency}
    if code == "load":
        return {"active": o.load}
    return {}


def _reason_params(code, r, fitting):
    if code == "no_shared_language":
        return {"languages": sorted(r.languages)}
    if code == "no_volunteer_nearby":
        return {"city": r.city, "online": r.online_ok}
    if code == "no_teacher":
        return {"language": r.wants, "level": r.level}
    if code == "no_host_beds":
        return {"beds": r.people, "city": r.city, "start": r.start.isoformat(),
                "nights": r.nights}
    if code == "house_rules":
        needs = (("pets", r.pets), ("smoking", r.smokes), ("accessibility", r.needs_access))
        return {"needs": [name for name, needed in needs if needed]}
    if code == "gender_preference":
        return {"gender": r.gender, "host_pref": r.host_pref}
    return {"volunteers": fitting}


def _check(value, allowed, name):
    if value not in allowed:
        raise ValueError(f"{name} must be one of {allowed}, not {value!r}")


def _unique(items):
    if len({item.id for item in items}) != len(items):
        raise ValueError("ids must be unique")
