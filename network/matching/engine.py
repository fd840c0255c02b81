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

`propose` maximises the total score per kind as a min-cost flow (OR-tools): source ->
request -> offer -> sink, each request with one unit, each offer with its free slots, and a
bypass from source to sink worth 0 for the requests left without a proposal. Every allowed
pair scores more than 0, so no request is ever forced onto a pair it cannot take, and none
that could be helped is left out unless others took the slots. Requests (and offers) that
the pair parts cannot tell apart flow through one node (see `_Classes`), so the flow holds
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
from ortools.graph.python import min_cost_flow

from ..core.codes import HOST_HOUSEHOLDS as HOUSEHOLDS, HOST_PREFS, KINDS, URGENCIES

Id = str | int

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
        if not reqs:
            continue
        table = _Table(reqs, [o for o in offers if o.kind == kind], declined)
        rows, cols, reasons = _Classes(table).assign()
        for proposal in table.proposals(rows, cols):
            outcome[proposal.request_id] = proposal
        for i, r in enumerate(reqs):
            if r.id not in outcome:
                outcome[r.id] = reasons(i)
    return Result(
        proposals=[outcome[r.id] for r in requests if isinstance(outcome[r.id], Proposal)],
        unmatched=[outcome[r.id] for r in requests if isinstance(outcome[r.id], Unmatched)],
    )


def candidates(request, offers, declined=frozenset()) -> list[Proposal]:
    """Offers that could take this request now, best first, each with its explanation."""
    table = _Table([request], [o for o in offers if o.kind == request.kind], declined)
    _, cols, _ = table.edges()
    return sorted(table.proposals(np.zeros_like(cols), cols), key=lambda p: -p.score)


def allowed_pairs(requests, offers, declined=frozenset()) -> list[tuple[Id, Id, int]]:
    """Every allowed (request_id, offer_id, score): the instance `propose` optimises."""
    rows, cols, scores = pair_arrays(requests, offers, declined)
    return [(requests[i].id, offers[j].id, score)
            for i, j, score in zip(rows.tolist(), cols.tolist(), scores.tolist())]


def pair_arrays(requests, offers, declined=frozenset()):
    """`allowed_pairs` as arrays: request positions, offer positions (in the lists given), scores."""
    found = []
    for kind in KINDS:
        at_r = [k for k, r in enumerate(requests) if r.kind == kind]
        at_o = [k for k, o in enumerate(offers) if o.kind == kind]
        if not at_r:
            continue
        rows, cols, scores = _Table([requests[k] for k in at_r], [offers[k] for k in at_o],
                                    declined).edges()
        found.append((np.array(at_r)[rows], np.array(at_o, np.int64)[cols], scores))
    if not found:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int32)
    return tuple(np.concatenate(column) for column in zip(*found))


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


PARTS = ("base", "same_city", "same_region", "shared_languages", "waiting", "urgency", "load",
         "declined_before")
# Pairs are scored this many at a time: a block of requests against every offer.
BLOCK = 1 << 21


class _Table:
    """Hard-constraint stages and score parts of the (request, offer) pairs of one kind.

    Each side's fields are coded once as arrays (sets as bit masks), so that a stage or a
    part is one vectorised expression of request indices `i` and offer indices `j`: a block
    of requests against every offer, or a list of chosen pairs.
    """

    def __init__(self, requests, offers, declined):
        self.requests, self.offers = requests, offers
        self.kind = requests[0].kind
        self.r, self.o = _code(requests, offers)
        self.free = np.array([o.free for o in offers], np.int64)
        row = {r.id: i for i, r in enumerate(requests)}
        col = {o.id: j for j, o in enumerate(offers)}
        self.declined = np.unique(np.array(
            [row[r] * len(offers) + col[o] for r, o in declined if r in row and o in col],
            np.int64))

    def stages(self, i, j):
        """The hard constraints, in the order unmatched reasons are told."""
        r, o = self.r, self.o
        same_city = r["city"][i] == o["city"][j]
        if self.kind == "housing":
            place = same_city
        else:
            place = same_city & o["in_person"][j] | r["online_ok"][i] & o["online"][j]
        if self.kind == "mentor":
            stages = [("no_shared_language", (r["languages"][i] & o["languages"][j]) != 0),
                      ("no_volunteer_nearby", place)]
        elif self.kind == "language":
            teaches = (r["wants"][i] == o["teaches"][j]) & (r["level"][i] & o["levels"][j] != 0)
            stages = [("no_teacher", teaches), ("no_volunteer_nearby", place)]
        else:
            fits = (o["opens"][j] <= r["start"][i]) & (r["leave"][i] <= o["closes"][j])
            beds = place & fits & (r["people"][i] <= o["beds"][j])
            rules = (r["needs"][i] & ~o["allows"][j]) == 0
            welcome = (o["accepts"][j] == 0) | (r["gender"][i] & o["accepts"][j] != 0)
            household = r["host_pref"][i] & o["prefs_met"][j] != 0
            stages = [("no_host_beds", beds), ("house_rules", rules),
                      ("gender_preference", welcome & household)]
        return stages

    def allowed(self, i, j):
        """Whether each pair fits every hard constraint, capacity included."""
        allowed = self.free[j] > 0
        for _, mask in self.stages(i, j):
            allowed = allowed & mask
        return allowed

    def parts(self, i, j):
        """The score parts, each an integer array over the pairs, in the order they are told."""
        points = dict(self.pair_parts(i, j), waiting=self.r["waiting"][i],
                      urgency=self.r["urgency"][i], load=self.o["load"][j])
        return [(code, points[code]) for code in PARTS]

    def pair_parts(self, i, j):
        """The parts that depend on both sides; the others belong to one request or offer."""
        r, o = self.r, self.o
        same_city = r["city"][i] == o["city"][j]
        same_region = ~same_city & (r["region"][i] == o["region"][j])
        shared = np.bitwise_count(r["languages"][i] & o["languages"][j]).astype(np.int16)
        return [
            ("base", np.int16(BASE)),
            ("same_city", np.where(same_city, np.int16(SAME_CITY), np.int16(0))),
            ("same_region", np.where(same_region, np.int16(SAME_REGION), np.int16(0))),
            ("shared_languages", PER_LANGUAGE * np.clip(
                shared - np.int16(self.kind == "mentor"), 0, MAX_LANGUAGES)),
            ("declined_before", self._declined(i, j)),
        ]

    def _declined(self, i, j):
        if not len(self.declined):
            return np.int16(0)
        keys = i * len(self.offers) + j
        at = np.minimum(np.searchsorted(self.declined, keys), len(self.declined) - 1)
        return np.where(self.declined[at] == keys, np.int16(DECLINED_BEFORE), np.int16(0))

    def edges(self):
        """Request index, offer index and score of every allowed pair, by request."""
        n, m = len(self.requests), len(self.offers)
        step = max(1, BLOCK // max(m, 1))
        j = np.arange(m)[None, :]
        found = []
        for start in range(0, n, step):
            i = np.arange(start, min(n, start + step))[:, None]
            rows, cols = np.nonzero(self.allowed(i, j))
            rows += start
            found.append((rows, cols, self.score(rows, cols)))
        return tuple(np.concatenate(column) for column in zip(*found))

    def score(self, i, j):
        """The score of the pairs (i[k], j[k])."""
        total = np.zeros(np.broadcast_shapes(np.shape(i), np.shape(j)), np.int32)
        for _, points in self.parts(i, j):
            total += points
        return total

    def proposals(self, rows, cols) -> list[Proposal]:
        """The pairs (rows[k], cols[k]) with their explanations."""
        parts = self.parts(rows, cols)
        points = [(code, np.broadcast_to(array, np.shape(rows)).tolist()) for code, array in parts]
        scores = self.score(rows, cols).tolist()
        proposals = []
        for k, (i, j) in enumerate(zip(np.asarray(rows).tolist(), np.asarray(cols).tolist())):
            r, o = self.requests[i], self.offers[j]
            explanation = tuple(Part(code, p[k], _params(code, r, o)) for code, p in points if p[k])
            proposals.append(Proposal(r.id, o.id, scores[k], explanation))
        return proposals



class _Classes:
    """The requests, and the offers, that no pair part tells apart, solved as one flow.

    Two requests with the same place, languages, dates and needs fit the same offers with
    the same pair parts; they differ only in their own points (waiting, urgency), so a class
    fills with its highest-scoring requests first. Offers likewise, by their load. The
    optimum is then a min-cost flow source -> request -> its class -> an offer class ->
    offer -> sink, whose middle holds one arc per allowed pair of classes: thousands where
    the pairs of requests and offers are millions. Requests and offers of a declined pair
    are classes of their own, since that pair scores apart.
    """

    def __init__(self, table):
        self.table = table
        r, o = table.r, table.o
        n, m = len(table.requests), len(table.offers)
        declined_rows, declined_cols = np.divmod(table.declined, max(m, 1))
        self.row_class, row_rep = _classes(
            [v for k, v in r.items() if k not in ("waiting", "urgency")], declined_rows, n)
        self.col_class, col_rep = _classes(
            [v for k, v in o.items() if k != "load"], declined_cols, m)
        i, j = row_rep[:, None], col_rep[None, :]
        named = table.stages(i, j)
        self.codes = [code for code, _ in named]
        shape = (len(row_rep), len(col_rep))
        self.stages = [np.broadcast_to(mask, shape) for _, mask in named]
        self.points = sum(np.broadcast_to(p, shape).astype(np.int64)
                          for _, p in table.pair_parts(i, j))
        self.size = np.bincount(self.col_class, minlength=len(col_rep))
        self.open = np.bincount(self.col_class[table.free > 0], minlength=len(col_rep))
        self._reasons = {}

    def assign(self):
        """Rows and columns of an optimal assignment, and a function giving unmatched reasons."""
        table, n = self.table, len(self.table.requests)
        n_rows, n_cols = self.points.shape
        fits = (self.open > 0)[None, :]
        for mask in self.stages:
            fits = fits & mask
        class_rows, class_cols = np.nonzero(fits)
        source, sink = n_rows + n_cols, n_rows + n_cols + 1
        offers = np.flatnonzero(table.free > 0)
        flow = min_cost_flow.SimpleMinCostFlow()
        request_arcs = flow.add_arcs_with_capacity_and_unit_cost(
            np.full(n, source), self.row_class, np.ones(n, np.int64),
            -(table.r["waiting"] + table.r["urgency"]).astype(np.int64))
        middle = flow.add_arcs_with_capacity_and_unit_cost(
            class_rows, n_rows + class_cols, np.full(len(class_rows), n, np.int64),
            -self.points[class_rows, class_cols])
        offer_arcs = flow.add_arcs_with_capacity_and_unit_cost(
            n_rows + self.col_class[offers], np.full(len(offers), sink), table.free[offers],
            -table.o["load"][offers].astype(np.int64))
        # The bypass: a request may stay without a proposal, worth 0.
        flow.add_arcs_with_capacity_and_unit_cost(
            np.array([source]), np.array([sink]), np.array([n]), np.array([0]))
        flow.set_node_supply(source, n)
        flow.set_node_supply(sink, -n)
        if flow.solve() != flow.OPTIMAL:
            raise RuntimeError("the matching flow found no optimum")
        rows, cols = _pair_up(
            np.flatnonzero(flow.flows(request_arcs)), self.row_class,
            zip(class_rows.tolist(), class_cols.tolist(), flow.flows(middle).tolist()),
            np.repeat(offers, flow.flows(offer_arcs)), self.col_class)
        return rows, cols, self.reason

    def reason(self, i) -> Unmatched:
        """Why request i got no proposal: the first stage ruling out every offer, else taken."""
        r = self.table.requests[i]
        row = self.row_class[i]
        if row not in self._reasons:
            self._reasons[row] = self._first_failed(row)
        code, count = self._reasons[row]
        if code == "taken":
            return Unmatched(r.id, code, {"candidates": count})
        return Unmatched(r.id, code, _reason_params(code, r, count))

    def _first_failed(self, row):
        """The stage that rules out every offer for a class of requests, with the offers before it."""
        alive = np.ones(len(self.size), bool)
        for code, mask in zip(self.codes, self.stages):
            before = int(self.size[alive].sum())
            alive &= mask[row]
            if not alive.any():
                return code, before
        fitting = int(self.open[alive].sum())
        if not fitting:
            return "at_capacity", int(self.size[alive].sum())
        return "taken", fitting


def _classes(columns, apart, n):
    """Each item's class (equal columns, save the items `apart`), and one item of each class."""
    alone = np.full(n, -1)
    alone[apart] = apart
    keys = np.stack([c.astype(np.int64) for c in columns] + [alone], axis=1)
    _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    return inverse.reshape(-1), first


def _pair_up(chosen, row_class, class_flows, slots, col_class):
    """Concrete pairs from the flow: the chosen requests and offer slots of each class pair."""
    waiting, room = {}, {}
    for i in chosen.tolist():
        waiting.setdefault(row_class[i], []).append(i)
    for j in slots.tolist():
        room.setdefault(col_class[j], []).append(j)
    rows, cols = [], []
    for a, b, amount in class_flows:
        for _ in range(amount):
            rows.append(waiting[a].pop())
            cols.append(room[b].pop())
    return np.array(rows, np.int64), np.array(cols, np.int64)


def _bits(sets, code):
    """Each set of values as a bit mask over `code`."""
    return np.array([sum(1 << code[v] for v in values) for values in sets], np.uint64)


def _code(requests, offers):
    """Both sides' fields as arrays: codes for values, bit masks for sets, ordinals for days."""
    kind = requests[0].kind
    places = {v: k for k, v in enumerate({x.city for x in requests + offers} - {""})}
    regions = {v: k for k, v in enumerate({x.region for x in requests + offers} - {""})}
    languages = set().union(*(x.languages for x in requests + offers))
    languages |= {r.wants for r in requests} | {o.teaches for o in offers}
    language = {v: k for k, v in enumerate(sorted(languages))}
    if len(language) > 64:
        raise ValueError("at most 64 different languages")

    def column(items, f, dtype=np.int64):
        return np.array([f(x) for x in items], dtype)

    # an unknown city or region matches nothing: -1 on one side, -2 on the other
    r = {"city": column(requests, lambda x: places.get(x.city, -1)),
         "region": column(requests, lambda x: regions.get(x.region, -1)),
         "languages": _bits([x.languages for x in requests], language),
         "online_ok": column(requests, lambda x: x.online_ok, bool),
         "waiting": column(requests, lambda x: min(x.waiting_days, MAX_WAITING_DAYS), np.int16),
         "urgency": column(requests, lambda x: URGENCY_POINTS[x.urgency], np.int16)}
    o = {"city": column(offers, lambda x: places.get(x.city, -2)),
         "region": column(offers, lambda x: regions.get(x.region, -2)),
         "languages": _bits([x.languages for x in offers], language),
         "in_person": column(offers, lambda x: x.in_person, bool),
         "online": column(offers, lambda x: x.online, bool),
         "load": column(offers, lambda x: PER_ACTIVE * min(x.load, MAX_ACTIVE), np.int16)}
    if kind == "language":
        levels = {v: k for k, v in enumerate({r.level for r in requests}.union(
            *(o.levels for o in offers)))}
        r["wants"] = column(requests, lambda x: language[x.wants])
        r["level"] = _bits([{x.level} for x in requests], levels)
        o["teaches"] = column(offers, lambda x: language.get(x.teaches, -1) if x.teaches else -1)
        o["levels"] = _bits([x.levels for x in offers], levels)
    if kind == "housing":
        genders = {v: k for k, v in enumerate({r.gender for r in requests}.union(
            *(o.accepts for o in offers)))}
        prefs = {v: k for k, v in enumerate(HOST_PREFS)}
        rules = ("pets", "smokes", "needs_access")
        r["start"] = column(requests, lambda x: x.start.toordinal())
        r["leave"] = r["start"] + column(requests, lambda x: x.nights)
        r["people"] = column(requests, lambda x: x.people)
        r["needs"] = column(requests, lambda x: sum(
            1 << k for k, name in enumerate(rules) if getattr(x, name)))
        r["gender"] = _bits([{x.gender} for x in requests], genders)
        r["host_pref"] = _bits([{x.host_pref} for x in requests], prefs)
        o["opens"] = column(offers, lambda x: x.available_from.toordinal()
                            if x.available_from else 0)
        o["closes"] = column(offers, lambda x: x.available_until.toordinal()
                             if x.available_until else date.max.toordinal())
        o["beds"] = column(offers, lambda x: x.beds)
        o["allows"] = column(offers, lambda x: sum(
            1 << k for k, ok in enumerate((x.pets_ok, x.smoking_ok, x.accessible)) if ok))
        o["accepts"] = _bits([x.accepts for x in offers], genders)
        o["prefs_met"] = _bits([_PREFS_MET[x.household] for x in offers], prefs)
    return r, o


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
