"""Matching engine: hard constraints, scores, optimality and reasons for unmatched requests."""
import math
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from network.matching.engine import (
    KINDS,
    Offer,
    Request,
    Unmatched,
    allowed_pairs,
    candidates,
    describe,
    propose,
)

DAY = date(2026, 3, 2)
REGIONS = {"Paris": "75", "Montreuil": "93", "Saint-Denis": "93", "Lyon": "69",
           "Meaux": "77", "Tiny": "93"}
# Commune centres: Montreuil and Saint-Denis are near Paris, Meaux 41 km away; Tiny has none.
CENTRES = {"Paris": (48.8534, 2.3488), "Montreuil": (48.8638, 2.4485),
           "Saint-Denis": (48.9356, 2.3539), "Lyon": (45.7491, 4.8479),
           "Meaux": (48.9601, 2.8788)}


def request(kind="mentor", id="r", **fields):
    """A request that fits the matching `offer` below unless a test says otherwise."""
    base = {"languages": {"ru"}, "city": "Paris", "region": "75"}
    if kind == "housing":
        base |= {"start": DAY, "nights": 3, "gender": "m"}
    if kind == "language":
        base |= {"wants": "fr", "level": "A1"}
    return Request(id, kind, **(base | fields))


def offer(kind="mentor", id="v", **fields):
    """An offer with one free slot that fits the matching `request` above."""
    base = {"languages": {"ru", "fr"}, "city": "Paris", "region": "75"}
    if kind == "housing":
        base |= {"available_from": DAY, "available_until": DAY + timedelta(14), "beds": 2}
    if kind == "language":
        base |= {"teaches": "fr", "levels": {"A1", "A2"}}
    return Offer(id, kind, **(base | fields))


def fits(r, o):
    """The engine allows this pair."""
    return bool(candidates(r, [o]))


def score(r, o, declined=frozenset()):
    """The engine's score for an allowed pair."""
    (proposal,) = candidates(r, [o], declined)
    return proposal.score


def codes(proposal):
    """Explanation points by code."""
    return {part.code: part.points for part in proposal.explanation}


def both(r, excluded, allowed):
    """A case where one request meets an excluded and an allowed offer."""
    return (r, excluded), (r, allowed)


CONSTRAINTS = {
    "shared language": both(request(), offer(languages={"fr"}), offer(languages={"fr", "ru"})),
    "same city": both(request(), offer(city="Lyon", region="69"), offer(city="Paris")),
    "mentor online needs the offer's ok": both(
        request(online_ok=True), offer(city="Lyon"), offer(city="Lyon", online=True)),
    "mentor online needs the request's ok": (
        (request(), offer(city="Lyon", online=True)),
        (request(online_ok=True), offer(city="Lyon", online=True))),
    "online-only offer in the same city": (
        (request(), offer(in_person=False, online=True)),
        (request(online_ok=True), offer(in_person=False, online=True))),
    "mentor capacity": both(request(), offer(capacity=2, load=2), offer(capacity=2, load=1)),
    "kind": both(request(), offer("language"), offer()),
    "taught language": both(
        request("language"), offer("language", teaches="en"), offer("language", teaches="fr")),
    "taught level": both(request("language", level="B2"), offer("language", levels={"A1"}),
                         offer("language", levels={"A1", "B2"})),
    "language help online": both(request("language", online_ok=True),
                                 offer("language", city="Lyon"),
                                 offer("language", city="Lyon", online=True)),
    "language capacity": both(request("language"), offer("language", capacity=3, load=3),
                              offer("language", capacity=3, load=2)),
    "housing is never online": both(request("housing", online_ok=True),
                                    offer("housing", city="Lyon", online=True),
                                    offer("housing", city="Paris")),
    "housing from": both(request("housing"), offer("housing", available_from=DAY + timedelta(1)),
                         offer("housing", available_from=DAY)),
    "housing until": both(request("housing", nights=14),
                          offer("housing", available_until=DAY + timedelta(13)),
                          offer("housing", available_until=DAY + timedelta(14))),
    "housing open-ended": both(request("housing", nights=400), offer("housing"),
                               offer("housing", available_from=None, available_until=None)),
    "beds": both(request("housing", people=3), offer("housing", beds=2),
                 offer("housing", beds=3)),
    "pets": both(request("housing", pets=True), offer("housing"), offer("housing", pets_ok=True)),
    "smoking": both(request("housing", smokes=True), offer("housing"),
                    offer("housing", smoking_ok=True)),
    "accessibility": both(request("housing", needs_access=True), offer("housing"),
                          offer("housing", accessible=True)),
    "household accepts": both(request("housing", gender="m"), offer("housing", accepts={"f"}),
                              offer("housing", accepts={"f", "m"})),
    "unknown gender only where anyone is welcome": both(
        request("housing", gender=""), offer("housing", accepts={"f", "m"}), offer("housing")),
    "women only": both(request("housing", host_pref="women_only"),
                       offer("housing", household="mixed"), offer("housing", household="women")),
    "men only": both(request("housing", host_pref="men_only"),
                     offer("housing", household="women"), offer("housing", household="men")),
    "one stay at a time": both(request("housing"), offer("housing", capacity=3, load=1),
                               offer("housing", capacity=3, load=0)),
}


@pytest.mark.parametrize("excluded, allowed", CONSTRAINTS.values(), ids=CONSTRAINTS.keys())
def test_hard_constraint(excluded, allowed):
    assert not fits(*excluded)
    assert not propose(*([x] for x in excluded)).proposals
    assert fits(*allowed)
    (proposal,) = propose(*([x] for x in allowed)).proposals
    assert proposal.offer_id == allowed[1].id


def test_distance_same_city_beats_same_region_beats_elsewhere():
    r = request(online_ok=True)
    city = score(r, offer(online=True))
    region = score(r, offer(city="Versailles", online=True))
    elsewhere = score(r, offer(city="Lyon", region="69", online=True))
    assert city > region > elsewhere
    assert city - elsewhere == 30 and region - elsewhere == 15
    assert [describe(part) for part in candidates(r, [offer()])[0].explanation] == [
        "fits every hard constraint (+60)", "same city (Paris) (+30)"]


def near_paris(kind="mentor", city="Montreuil", **fields):
    """An offer in another commune than the Paris request, with that commune's centre."""
    return offer(kind, **({"city": city, "region": REGIONS[city], "centre": CENTRES[city]}
                          | fields))


@pytest.mark.parametrize("kind", KINDS)
def test_a_commune_within_20_km_is_near_enough_to_meet_or_host(kind):
    r = request(kind, centre=CENTRES["Paris"])
    assert fits(r, near_paris(kind))
    assert not fits(r, near_paris(kind, city="Meaux"))
    (proposal,) = candidates(r, [near_paris(kind)])
    assert describe(proposal.explanation[1]) == "7 km away (+17)"


def test_closer_scores_higher_and_same_commune_highest():
    r = request(centre=CENTRES["Paris"])
    same = score(r, offer(centre=CENTRES["Paris"]))
    assert same > score(r, near_paris()) > score(r, near_paris(city="Saint-Denis"))


def test_a_commune_without_a_centre_is_near_only_itself():
    r = request(city="Tiny", region="93")
    assert fits(r, offer(city="Tiny", region="93"))
    assert not fits(r, near_paris())
    assert not fits(request(centre=CENTRES["Paris"]), near_paris(centre=None))


def test_waiting_longer_scores_higher_up_to_a_cap():
    o = offer()
    days = [score(request(waiting_days=d), o) for d in (0, 3, 30, 90, 400)]
    assert days[0] < days[1] < days[2] < days[3] == days[4]


def test_urgency_scores_higher():
    o = offer()
    assert (score(request(urgency="tonight"), o) > score(request(urgency="this_week"), o)
            > score(request(urgency="later"), o))


def test_heavier_load_scores_lower():
    r = request()
    assert score(r, offer(capacity=5, load=0)) > score(r, offer(capacity=5, load=2))
    assert codes(candidates(r, [offer(capacity=5, load=2)])[0])["load"] == -10


def test_declined_before_scores_lower():
    r, o = request(), offer()
    assert score(r, o, {("r", "v")}) == score(r, o) - 30
    assert score(r, o, {("r", "other")}) == score(r, o)


def test_extra_shared_languages_score_higher():
    o = offer(languages={"ru", "en", "uk", "fr"})
    assert score(request(languages={"ru", "en"}), o) == score(request(), o) + 5
    # language help and housing need no shared language, so the first one counts too
    lo = offer("language", languages={"ru"})
    assert codes(candidates(request("language"), [lo])[0])["shared_languages"] == 5


def test_explanation_adds_up_and_reads_in_english():
    r = request(online_ok=True, waiting_days=12, urgency="this_week", languages={"ru", "en"})
    o = offer(city="Versailles", online=True, capacity=3, load=1, languages={"ru", "en"})
    (proposal,) = propose([r], [o], {("r", "v")}).proposals
    assert sum(part.points for part in proposal.explanation) == proposal.score
    assert [describe(part) for part in proposal.explanation] == [
        "fits every hard constraint (+60)",
        "same region (75) (+15)",
        "shared languages: en, ru (+5)",
        "waiting for 12 days (+12)",
        "urgency: this_week (+20)",
        "already has 1 active matches (-5)",
        "this pair was declined before (-30)",
    ]


def test_optimum_beats_greedy():
    # r1 slightly prefers A, which is r2's only option: greedy in order helps one of them
    r1 = request(id="r1", online_ok=True)
    r2 = request(id="r2")
    a = offer(id="A")
    b = offer(id="B", city="Lyon", region="69", online=True)
    assert score(r1, a) > score(r1, b)
    result = propose([r1, r2], [a, b])
    assert {(p.request_id, p.offer_id) for p in result.proposals} == {("r1", "B"), ("r2", "A")}
    assert result.total == score(r1, b) + score(r2, a) > score(r1, a)


def test_volunteers_take_up_to_their_free_slots_and_the_less_busy_come_first():
    requests = [request(id=k) for k in range(4)]
    result = propose(requests, [offer(id="busy", capacity=4, load=1), offer(capacity=3)])
    assert sorted(p.offer_id for p in result.proposals) == ["busy", "v", "v", "v"]


def test_among_alike_requests_the_longest_waiting_take_the_slots():
    requests = [request(id=days, waiting_days=days) for days in (3, 40, 0, 12, 25)]
    result = propose(requests, [offer(capacity=2), offer(id="w", capacity=1)])
    assert sorted(p.request_id for p in result.proposals) == [12, 25, 40]
    assert {u.request_id: u.code for u in result.unmatched} == {3: "taken", 0: "taken"}


def test_a_declined_pair_among_alike_requests_and_offers_goes_to_the_others():
    requests = [request(id="a"), request(id="b")]
    offers = [offer(id="v"), offer(id="w")]
    result = propose(requests, offers, {("a", "v")})
    assert {(p.request_id, p.offer_id) for p in result.proposals} == {("a", "w"), ("b", "v")}
    assert not any(part.code == "declined_before" for p in result.proposals
                   for part in p.explanation)


def test_an_impossible_request_does_not_force_a_bad_pair():
    result = propose([request(id="a", languages={"de"}), request(id="b")], [offer()])
    assert [(p.request_id, p.offer_id) for p in result.proposals] == [("b", "v")]
    assert result.unmatched[0].code == "no_shared_language"


def test_candidates_are_ranked_and_free():
    r = request(online_ok=True)
    offers = [offer(id="far", city="Lyon", region="69", online=True), offer(id="near"),
              offer(id="full", load=1), offer(id="wrong", languages={"de"})]
    ranked = candidates(r, offers)
    assert [p.offer_id for p in ranked] == ["near", "far"]


REASONS = {
    "no shared language": (
        request(languages={"ru"}), [offer(languages={"fr"})],
        "no_shared_language", {"languages": ["ru"]}),
    "nobody nearby": (
        request(), [offer(city="Lyon")],
        "no_volunteer_nearby", {"city": "Paris", "online": False}),
    "nobody teaches": (
        request("language", wants="de", level="B1"), [offer("language")],
        "no_teacher", {"language": "de", "level": "B1"}),
    "too few beds": (
        request("housing", people=3, city="Lyon", region="69"),
        [offer("housing", city="Lyon", beds=2), offer("housing", id="w", beds=3)],
        "no_host_beds", {"beds": 3, "city": "Lyon", "start": "2026-03-02", "nights": 3}),
    "no hosts at all": (
        request("housing"), [],
        "no_host_beds", {"beds": 1, "city": "Paris", "start": "2026-03-02", "nights": 3}),
    "house rules": (
        request("housing", pets=True, needs_access=True),
        [offer("housing", pets_ok=True), offer("housing", id="w", accessible=True)],
        "house_rules", {"needs": ["pets", "accessibility"]}),
    "the household wished for": (
        request("housing", gender="f", host_pref="women_only"),
        [offer("housing", household="mixed"), offer("housing", id="w", household="men")],
        "household_wish", {"host_pref": "women_only"}),
    "hosts who take other guests": (
        request("housing", gender="f"),
        [offer("housing", accepts={"m"}), offer("housing", id="w", accepts={"m", "other"})],
        "host_takes", {"gender": "f"}),
    # Not saying is no wish: a host who takes men only is told as such, not as a wish.
    "gender not said, a host of men only": (
        request("housing", gender=""),
        [offer("housing", accepts={"m"}, household="men")],
        "host_takes", {"gender": ""}),
    "all full": (
        request(), [offer(capacity=2, load=2), offer(id="w", load=1)],
        "at_capacity", {"volunteers": 2}),
}


@pytest.mark.parametrize("r, offers, code, params", REASONS.values(), ids=REASONS.keys())
def test_unmatched_reason(r, offers, code, params):
    (unmatched,) = propose([r], offers).unmatched
    assert unmatched == Unmatched("r", code, params)
    assert describe(unmatched)


def test_unmatched_because_a_better_fitting_request_took_the_slot():
    result = propose([request(id="new"), request(id="old", waiting_days=40)], [offer()])
    assert [p.request_id for p in result.proposals] == ["old"]
    assert result.unmatched == [Unmatched("new", "taken", {"candidates": 1})]
    assert describe(result.unmatched[0]) == (
        "requests that fit better took the slots of all 1 candidates")


INVALID = {
    "unknown kind": lambda: Request("r", "chat"),
    "housing without a start": lambda: Request("r", "housing"),
    "language help for no language": lambda: Request("r", "language"),
    "unknown urgency": lambda: request(urgency="now"),
    "unknown household": lambda: offer("housing", household="family"),
    "duplicate ids": lambda: propose([request(), request()], []),
}


@pytest.mark.parametrize("build", INVALID.values(), ids=INVALID.keys())
def test_invalid_input_is_refused(build):
    with pytest.raises(ValueError):
        build()


# Property tests: an independent pair-by-pair statement of the rules, and brute force.

def rule_fits(r, o):
    """The hard constraints of the engine's docstring, one pair at a time."""
    if r.kind != o.kind or (1 if o.kind == "housing" else o.capacity) <= o.load:
        return False
    near = bool(r.city) and r.city == o.city or rule_km(r, o) <= 20
    if r.kind == "housing":
        leaves = r.start + timedelta(r.nights)
        return (near and (o.available_from is None or o.available_from <= r.start)
                and (o.available_until is None or leaves <= o.available_until)
                and r.people <= o.beds and (o.pets_ok or not r.pets)
                and (o.smoking_ok or not r.smokes) and (o.accessible or not r.needs_access)
                and (not o.accepts or r.gender in o.accepts)
                and (r.host_pref == "any" or r.host_pref == o.household + "_only"))
    reachable = (near and o.in_person) or (r.online_ok and o.online)
    if r.kind == "mentor":
        return reachable and bool(r.languages & o.languages)
    return reachable and o.teaches == r.wants and r.level in o.levels


def rule_km(r, o):
    """Haversine kilometres between the two centres; infinite if one is unknown."""
    if r.centre is None or o.centre is None:
        return math.inf
    (lat1, lon1), (lat2, lon2) = (map(math.radians, c) for c in (r.centre, o.centre))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def rule_score(r, o, declined):
    """The score table of the engine's docstring, one pair at a time."""
    points = 60 + min(r.waiting_days, 90) + {"tonight": 40, "this_week": 20, "later": 0}[
        r.urgency] - 5 * min(o.load, 5) - 30 * ((r.id, o.id) in declined)
    if r.city and r.city == o.city:
        points += 30
    elif rule_km(r, o) <= 20:
        points += 20 - math.floor(rule_km(r, o) / 2)
    elif r.region and r.region == o.region:
        points += 15
    extra = len(r.languages & o.languages) - (r.kind == "mentor")
    return points + 5 * min(max(extra, 0), 3)


def brute_force(pairs, free):
    """The best total over every assignment that respects the free slots."""
    options = {}
    for request_id, offer_id, points in pairs:
        options.setdefault(request_id, []).append((offer_id, points))
    order = list(options)

    def best(k):
        if k == len(order):
            return 0
        value = best(k + 1)
        for offer_id, points in options[order[k]]:
            if free[offer_id]:
                free[offer_id] -= 1
                value = max(value, points + best(k + 1))
                free[offer_id] += 1
        return value

    return best(0)


def mostly(usual, *others):
    """`usual` 4 times in 5, so that most random pairs fit and there is something to optimise."""
    return st.sampled_from([usual] * 4 * len(others) + list(others))


CITY = mostly("Paris", "Montreuil", "Saint-Denis", "Lyon", "Meaux", "Tiny", "")
LEVELS = ["A1", "A2", "B1"]


@st.composite
def instances(draw):
    """1-6 requests and 1-4 offers, of one kind or mixed, with some earlier declines."""
    kinds = draw(st.sampled_from([("mentor",), ("housing",), ("language",), KINDS]))
    requests, offers = [], []
    for k in range(draw(st.integers(1, 6))):
        city = draw(CITY)
        requests.append(Request(
            k, draw(st.sampled_from(kinds)), city=city, region=REGIONS.get(city, ""),
            centre=CENTRES.get(city),
            languages=draw(mostly({"ru"}, {"ru", "en"}, {"uk", "ru", "en"}, {"de"}, set())),
            online_ok=draw(st.booleans()), waiting_days=draw(st.integers(0, 120)),
            urgency=draw(st.sampled_from(["tonight", "this_week", "later"])),
            start=DAY + timedelta(draw(st.integers(0, 3))), nights=draw(st.integers(1, 6)),
            people=draw(st.integers(1, 2)), gender=draw(st.sampled_from(["f", "m", ""])),
            host_pref=draw(mostly("any", "women_only", "men_only")),
            pets=draw(mostly(False, True)), smokes=draw(mostly(False, True)),
            needs_access=draw(mostly(False, True)), wants=draw(mostly("fr", "en")),
            level=draw(mostly("A1", *LEVELS))))
    for k in range(draw(st.integers(1, 4))):
        city = draw(CITY)
        capacity = draw(st.integers(1, 3))
        offers.append(Offer(
            f"v{k}", draw(st.sampled_from(kinds)), city=city, region=REGIONS.get(city, ""),
            centre=CENTRES.get(city),
            languages=draw(mostly({"ru", "fr"}, {"fr"}, {"ru", "en", "uk", "fr"})),
            in_person=draw(mostly(True, False)), online=draw(st.booleans()),
            capacity=capacity, load=draw(mostly(0, 1, capacity)),
            available_from=draw(mostly(None, DAY, DAY + timedelta(2))),
            available_until=draw(mostly(None, DAY + timedelta(5))),
            beds=draw(st.integers(1, 3)), pets_ok=draw(st.booleans()),
            smoking_ok=draw(st.booleans()), accessible=draw(st.booleans()),
            accepts=draw(mostly(set(), {"f"}, {"m"}, {"f", "m"})),
            household=draw(mostly("mixed", "women", "men")),
            teaches=draw(mostly("fr", "en")),
            levels=draw(mostly({"A1", "A2"}, {"A1"}, {"B1"}))))
    every_pair = [(r.id, o.id) for r in requests for o in offers]
    declined = draw(st.sets(st.sampled_from(every_pair))) if every_pair else set()
    return requests, offers, declined


PROPERTIES = settings(derandomize=True, max_examples=300, deadline=None,
                      suppress_health_check=[HealthCheck.too_slow])


@PROPERTIES
@given(instances())
def test_allowed_pairs_follow_the_rules(instance):
    requests, offers, declined = instance
    expected = {(r.id, o.id, rule_score(r, o, declined))
                for r in requests for o in offers if rule_fits(r, o)}
    assert set(allowed_pairs(requests, offers, declined)) == expected


@PROPERTIES
@given(instances())
def test_proposals_are_feasible_explained_and_optimal(instance):
    requests, offers, declined = instance
    result = propose(requests, offers, declined)
    pairs = allowed_pairs(requests, offers, declined)
    scores = {(r, o): s for r, o, s in pairs}
    free = {o.id: o.free for o in offers}

    assigned = [p.request_id for p in result.proposals]
    assert len(assigned) == len(set(assigned))
    assert sorted(assigned + [u.request_id for u in result.unmatched]) == [r.id for r in requests]
    for p in result.proposals:
        assert p.score == scores[p.request_id, p.offer_id]
        assert p.score == sum(part.points for part in p.explanation)
    for offer_id, slots in free.items():
        assert [p.offer_id for p in result.proposals].count(offer_id) <= slots
    has_candidates = {r for r, _ in scores}
    for u in result.unmatched:
        assert (u.code == "taken") == (u.request_id in has_candidates)
    assert result.total == brute_force(pairs, free)
