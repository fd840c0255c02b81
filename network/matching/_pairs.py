"""The pair table of one kind: hard-constraint stages and score parts as vectorised arrays.

Private to the engine (see its docstring for the rules); pure: no Flask, no database.
"""
from datetime import date

import numpy as np

BASE = 60
SAME_CITY = 30
NEARBY, NEARBY_KM = 20, 20
SAME_REGION = 15
EARTH_KM = 6371.0088
# Centres are coded in units of 1e-4 degrees (about 11 m), so that they stay integers.
UNIT = 1e-4
NOWHERE = np.iinfo(np.int64).min
PER_LANGUAGE, MAX_LANGUAGES = 5, 3
MAX_WAITING_DAYS = 90
URGENCY_POINTS = {"tonight": 40, "this_week": 20, "later": 0}
PER_ACTIVE, MAX_ACTIVE = -5, 5
DECLINED_BEFORE = -30

_PREFS_MET = {"mixed": {"any"}, "women": {"any", "women_only"}, "men": {"any", "men_only"}}

PARTS = ("base", "same_city", "nearby", "same_region", "shared_languages", "waiting", "urgency",
         "load", "declined_before")
# Pairs are scored this many at a time: a block of requests against every offer.
BLOCK = 1 << 21


class PairTable:
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

    def km(self, i, j):
        """Kilometres between the two communes' centres; infinite where one is unknown."""
        r, o = self.r, self.o
        known = (r["lat"][i] != NOWHERE) & (o["lat"][j] != NOWHERE)
        km = _haversine(*(np.where(known, a, 0) for a in (
            r["lat"][i], r["lon"][i], o["lat"][j], o["lon"][j])))
        return np.where(known, km, np.inf)

    def near(self, i, j):
        """Same commune, or reachable by public transport: centres at most NEARBY_KM apart."""
        return (self.r["city"][i] == self.o["city"][j]) | (self.km(i, j) <= NEARBY_KM)

    def stages(self, i, j):
        """The hard constraints, in the order unmatched reasons are told."""
        r, o = self.r, self.o
        near = self.near(i, j)
        if self.kind == "housing":
            place = near
        else:
            place = near & o["in_person"][j] | r["online_ok"][i] & o["online"][j]
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
                      ("host_takes", welcome), ("household_wish", household)]
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
        km = self.km(i, j)
        nearby = ~same_city & (km <= NEARBY_KM)
        same_region = ~same_city & ~nearby & (r["region"][i] == o["region"][j])
        shared = np.bitwise_count(r["languages"][i] & o["languages"][j]).astype(np.int16)
        return [
            ("base", np.int16(BASE)),
            ("same_city", np.where(same_city, np.int16(SAME_CITY), np.int16(0))),
            ("nearby", np.where(nearby, (NEARBY - np.floor(np.where(nearby, km, 0) / 2)).astype(
                np.int16), np.int16(0))),
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

    def explained(self, rows, cols):
        """(i, j, score, parts) of the pairs (rows[k], cols[k]); parts: (code, points, params)."""
        parts = self.parts(rows, cols)
        points = [(code, np.broadcast_to(array, np.shape(rows)).tolist()) for code, array in parts]
        scores = self.score(rows, cols).tolist()
        pairs = []
        for k, (i, j) in enumerate(zip(np.asarray(rows).tolist(), np.asarray(cols).tolist())):
            r, o = self.requests[i], self.offers[j]
            parts = tuple((code, p[k], _params(code, r, o)) for code, p in points if p[k])
            pairs.append((i, j, scores[k], parts))
        return pairs


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
         "lat": column(requests, lambda x: _unit(x.centre, 0)),
         "lon": column(requests, lambda x: _unit(x.centre, 1)),
         "region": column(requests, lambda x: regions.get(x.region, -1)),
         "languages": _bits([x.languages for x in requests], language),
         "online_ok": column(requests, lambda x: x.online_ok, bool),
         "waiting": column(requests, lambda x: min(x.waiting_days, MAX_WAITING_DAYS), np.int16),
         "urgency": column(requests, lambda x: URGENCY_POINTS[x.urgency], np.int16)}
    o = {"city": column(offers, lambda x: places.get(x.city, -2)),
         "lat": column(offers, lambda x: _unit(x.centre, 0)),
         "lon": column(offers, lambda x: _unit(x.centre, 1)),
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
        prefs = {v: k for k, v in enumerate({r.host_pref for r in requests}.union(
            *_PREFS_MET.values()))}
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


def _unit(centre, axis):
    return NOWHERE if centre is None else round(centre[axis] / UNIT)


def _haversine(lat1, lon1, lat2, lon2):
    """Great-circle kilometres between points given in coded units."""
    lat1, lon1, lat2, lon2 = (np.radians(np.asarray(x) * UNIT) for x in (lat1, lon1, lat2, lon2))
    h = (np.sin((lat2 - lat1) / 2) ** 2
         + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


def km_between(a, b):
    """Kilometres between two centres (latitude, longitude), or None if one is unknown."""
    if a is None or b is None:
        return None
    return float(_haversine(*(_unit(c, axis) for c in (a, b) for axis in (0, 1))))


def _params(code, r, o):
    if code == "same_city":
        return {"city": r.city}
    if code == "nearby":
        return {"km": round(km_between(r.centre, o.centre))}
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
