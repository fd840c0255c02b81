"""Benchmark: optimal matching of 2,000 mentoring requests to 1,000 volunteers under 1 s.

Run from the repository root: python tests/benchmarks/matching.py --json [--seed N]
[--scale 2000x1000] [--dump FILE]. The engine runs in a process of its own, which reports its
time and its peak memory, from the requests and offers to the explained proposals. Beside it,
on the same instance, the peers: scipy's sparse `min_weight_full_bipartite_matching` on the
slot-expanded graph and OR-tools' min-cost flow over every allowed pair, each timed from the
allowed pairs as arrays to the optimum, and from the requests (the pairs found and scored by
the engine's own table first). Each
peer's total is printed beside the engine's; up to 2 million pairs a linear program over the
allowed pairs (HiGHS; a bipartite b-matching LP is integral) gives the optimum too, and a
first-come greedy pass shows what optimal matching is worth.
"""
import argparse
import json
import multiprocessing
import random
import resource
import sys
import time
from pathlib import Path

import numpy as np
from ortools.graph.python import min_cost_flow
from scipy.optimize import linprog
from scipy.sparse import coo_array, csr_array
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

# The repository, in place of this folder: a sibling http.py must not hide the standard library.
sys.path[0] = str(Path(__file__).resolve().parents[2])

from network.matching.engine import (  # noqa: E402
    Offer,
    Request,
    allowed_pairs,
    describe,
    pair_arrays,
    propose,
)
from network.places import catalog  # noqa: E402

# (commune code, weight): most arrivals and volunteers are around Paris
CITIES = [
    ("75056", 30), ("93048", 6), ("93066", 5), ("78646", 3), ("69123", 10), ("69266", 2),
    ("13055", 8), ("13001", 2), ("31555", 6), ("33063", 5), ("44109", 4), ("67482", 5),
    ("59350", 4), ("06088", 4), ("38185", 3), ("35238", 3),
]


def languages(rng, odds):
    """A language set drawn from independent odds, never empty."""
    drawn = {code for code, p in odds.items() if rng.random() < p}
    return drawn or {max(odds, key=odds.get)}


def build(seed, n_requests, n_volunteers):
    """A seeded network: open mentoring requests, offers with 1-3 free slots, old declines."""
    rng = random.Random(seed)
    places = [catalog.get(code) for code, _ in CITIES]
    weights = [w for _, w in CITIES]
    requests = []
    for k in range(n_requests):
        place = rng.choices(places, weights)[0]
        requests.append(Request(
            id=f"r{k}", kind="mentor", city=place.code, region=place.departement,
            centre=place.centre,
            languages=languages(rng, {"ru": 0.95, "en": 0.3, "uk": 0.1, "fr": 0.05}),
            online_ok=rng.random() < 0.6, waiting_days=int(rng.expovariate(1 / 20)),
            urgency=rng.choices(("tonight", "this_week", "later"), (1, 3, 6))[0]))
    offers = []
    for k in range(n_volunteers):
        place = rng.choices(places, weights)[0]
        load = rng.choice((0, 0, 0, 1, 2))
        offers.append(Offer(
            id=f"v{k}", kind="mentor", city=place.code, region=place.departement,
            centre=place.centre,
            languages=languages(rng, {"fr": 0.9, "ru": 0.45, "en": 0.6, "uk": 0.1}),
            in_person=rng.random() < 0.9, online=rng.random() < 0.35,
            capacity=load + rng.randint(1, 3), load=load))
    declined = {(rng.choice(requests).id, rng.choice(offers).id) for _ in range(200)}
    return requests, offers, declined


def greedy(pairs, free, order):
    """First come, first served: each request takes its best allowed volunteer with room."""
    options = {}
    for request_id, offer_id, score in pairs:
        options.setdefault(request_id, []).append((-score, offer_id))
    left, total = dict(free), 0
    for request_id in order:
        for negative, offer_id in sorted(options.get(request_id, [])):
            if left[offer_id]:
                left[offer_id] -= 1
                total -= negative
                break
    return total


def lp_optimum(pairs, free):
    """The b-matching optimum over the allowed pairs, by HiGHS."""
    rows = {r: k for k, r in enumerate(dict.fromkeys(r for r, _, _ in pairs))}
    cols = {o: len(rows) + k for k, o in enumerate(free)}
    n = len(pairs)
    a = coo_array((np.ones(2 * n),
                   ([rows[r] for r, _, _ in pairs] + [cols[o] for _, o, _ in pairs],
                    list(range(n)) * 2)), shape=(len(rows) + len(cols), n))
    bound = np.concatenate([np.ones(len(rows)), [free[o] for o in free]])
    result = linprog(-np.array([s for _, _, s in pairs], float), A_ub=a.tocsr(),
                     b_ub=bound, bounds=(0, 1), method="highs")
    return round(-result.fun)


LP_LIMIT = 2_000_000
# Engine and peers each run this many times on the instance; the fastest run counts.
ROUNDS = 3


def best_of(rounds, function, *args):
    """The least seconds of `rounds` calls, and the last call's result."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        result = function(*args)
        best = min(best, time.perf_counter() - started)
    return best, result


def scipy_peer(rows, cols, scores, free, n_rows):
    """Slot-expanded graph plus a "no match" column per request, solved by LAPJVsp."""
    slots = np.minimum(free, np.bincount(cols, minlength=len(free)))
    first = np.concatenate(([0], np.cumsum(slots)[:-1]))
    per_edge = slots[cols]
    edge = np.repeat(np.arange(len(rows)), per_edge)
    slot = first[cols[edge]] + np.arange(len(edge)) - np.repeat(np.cumsum(per_edge) - per_edge,
                                                                 per_edge)
    n_slots, top = int(slots.sum()), int(scores.max()) + 1
    graph = csr_array((np.concatenate((top - scores[edge], np.full(n_rows, top))).astype(float),
                       (np.concatenate((rows[edge], np.arange(n_rows))),
                        np.concatenate((slot, n_slots + np.arange(n_rows))))),
                      shape=(n_rows, n_slots + n_rows))
    r, c = min_weight_full_bipartite_matching(graph)
    return int((top - graph[r, c]).sum())


def ortools_peer(rows, cols, scores, free, n_rows):
    """Source -> request -> offer -> sink, with a bypass for the unmatched: min-cost flow."""
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = n_rows + len(free), n_rows + len(free) + 1
    offer_node = n_rows + np.arange(len(free))
    starts = np.concatenate((np.full(n_rows, source), rows, offer_node, [source]))
    ends = np.concatenate((np.arange(n_rows), offer_node[cols], np.full(len(free), sink), [sink]))
    capacities = np.concatenate((np.ones(n_rows + len(rows), np.int64), free, [n_rows]))
    costs = np.concatenate((np.zeros(n_rows, np.int64), -scores, np.zeros(len(free) + 1,
                                                                          np.int64)))
    flow.add_arcs_with_capacity_and_unit_cost(starts, ends, capacities, costs)
    flow.set_node_supply(source, n_rows)
    flow.set_node_supply(sink, -n_rows)
    if flow.solve() != flow.OPTIMAL:
        raise RuntimeError("min-cost flow found no optimum")
    return -flow.optimal_cost()


def peers(requests, offers, declined):
    """Each peer's seconds and total on the same allowed pairs, handed over as arrays, and its
    seconds from the requests, the time to find and score the pairs added (the engine's own
    figure counts that, and the explanations)."""
    pairs_seconds, (rows, cols, scores) = best_of(ROUNDS, pair_arrays, requests, offers,
                                                   declined)
    _, rows = np.unique(rows, return_inverse=True)
    arrays = (rows, cols, scores.astype(np.int64), np.array([o.free for o in offers]),
              int(rows.max()) + 1)
    out = {}
    for name, solve in (("scipy_sparse", scipy_peer), ("ortools_min_cost_flow", ortools_peer)):
        seconds, total = best_of(ROUNDS, solve, *arrays)
        out[name] = {"seconds": round(seconds, 4), "score": total,
                     "seconds_from_requests": round(pairs_seconds + seconds, 4)}
    return out


def run_engine(seed, n_requests, n_volunteers, answer):
    """In a process of its own: build the instance, match it, report time and memory."""
    requests, offers, declined = build(seed, n_requests, n_volunteers)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    seconds, result = best_of(ROUNDS, propose, requests, offers, declined)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    answer.send({"seconds": seconds, "score": result.total, "proposals": len(result.proposals),
                 "unmatched": len(result.unmatched), "peak_mb": round(peak / 1024),
                 "instance_mb": round(before / 1024),
                 "assignment": [[p.request_id, p.offer_id] for p in result.proposals]})


def engine(seed, n_requests, n_volunteers):
    """The engine's figures, measured in a fresh process."""
    context = multiprocessing.get_context("spawn")
    mine, theirs = context.Pipe()
    child = context.Process(target=run_engine, args=(seed, n_requests, n_volunteers, theirs))
    child.start()
    figures = mine.recv()
    child.join()
    return figures


def main():
    """Build, match, check and report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", default="2000x1000",
                        help="requests x volunteers, e.g. 10000x5000 or 20000x10000")
    parser.add_argument("--dump", help="write capacities, allowed pairs and the assignment")
    args = parser.parse_args()
    n_requests, n_volunteers = (int(n) for n in args.scale.lower().split("x"))

    figures = engine(args.seed, n_requests, n_volunteers)
    requests, offers, declined = build(args.seed, n_requests, n_volunteers)
    report = {
        "requests": len(requests), "volunteers": len(offers),
        "seconds": round(figures["seconds"], 4), "peak_mb": figures["peak_mb"],
        "instance_mb": figures["instance_mb"], "score": figures["score"],
        "proposals": figures["proposals"], "unmatched": figures["unmatched"],
        "peers": peers(requests, offers, declined),
    }
    report["fastest_peer_seconds"] = min(p["seconds"] for p in report["peers"].values())
    report["fastest_peer_seconds_from_requests"] = min(
        p["seconds_from_requests"] for p in report["peers"].values())
    # The LP and the greedy pass read the pairs as Python tuples: fine up to a few million.
    pairs = allowed_pairs(requests, offers, declined) if args.dump or len(requests) * len(
        offers) <= 5 * LP_LIMIT else None
    free = {o.id: o.free for o in offers}
    report["allowed_pairs"] = len(pairs) if pairs is not None else None
    report["optimum"] = lp_optimum(pairs, free) if pairs and len(pairs) <= LP_LIMIT else None
    report["greedy_score"] = greedy(pairs, free, [r.id for r in requests]) if pairs else None
    if args.dump:
        Path(args.dump).write_text(json.dumps({
            "volunteers": free,
            "pairs": [list(p) for p in pairs],
            "assignment": figures["assignment"],
        }))
    if args.json:
        print(json.dumps(report))
        return
    for key, value in report.items():
        print(f"{key:>20}: {value}")
    result = propose(requests[:200], offers, declined)
    best = max(result.proposals, key=lambda p: p.score)
    print(f"\nbest proposal {best.request_id} -> {best.offer_id} ({best.score}):")
    for part in best.explanation:
        print("  " + describe(part))
    for item in result.unmatched[:3]:
        print(f"unmatched {item.request_id}: {describe(item)}")


if __name__ == "__main__":
    main()
