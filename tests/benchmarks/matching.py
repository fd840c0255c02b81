"""Benchmark: optimal matching of 2,000 mentoring requests to 1,000 volunteers under 1 s.

Run from the repository root: python tests/benchmarks/matching.py --json [--seed N]
[--requests 2000] [--volunteers 1000] [--dump FILE]. The total score is checked against
a linear program over the allowed pairs (HiGHS; a bipartite b-matching LP is integral)
and compared with a first-come greedy pass over the same instance.
"""
import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_array

# The repository, in place of this folder: a sibling named http.py must not hide the standard library.
sys.path[0] = str(Path(__file__).resolve().parents[2])

from network.matching.engine import Offer, Request, allowed_pairs, describe, propose  # noqa: E402

# (city, region code, weight): most arrivals and volunteers are around Paris
CITIES = [
    ("Paris", "75", 30), ("Montreuil", "93", 6), ("Saint-Denis", "93", 5),
    ("Versailles", "78", 3), ("Lyon", "69", 10), ("Villeurbanne", "69", 2),
    ("Marseille", "13", 8), ("Aix-en-Provence", "13", 2), ("Toulouse", "31", 6),
    ("Bordeaux", "33", 5), ("Nantes", "44", 4), ("Strasbourg", "67", 5),
    ("Lille", "59", 4), ("Nice", "06", 4), ("Grenoble", "38", 3), ("Rennes", "35", 3),
]


def languages(rng, odds):
    """A language set drawn from independent odds, never empty."""
    drawn = {code for code, p in odds.items() if rng.random() < p}
    return drawn or {max(odds, key=odds.get)}


def build(seed, n_requests, n_volunteers):
    """A seeded network: open mentoring requests, offers with 1-3 free slots, old declines."""
    rng = random.Random(seed)
    places = [(c, r) for c, r, _ in CITIES]
    weights = [w for *_, w in CITIES]
    requests = []
    for k in range(n_requests):
        city, region = rng.choices(places, weights)[0]
        requests.append(Request(
            id=f"r{k}", kind="mentor", city=city, region=region,
            languages=languages(rng, {"ru": 0.95, "en": 0.3, "uk": 0.1, "fr": 0.05}),
            online_ok=rng.random() < 0.6, waiting_days=int(rng.expovariate(1 / 20)),
            urgency=rng.choices(("tonight", "this_week", "later"), (1, 3, 6))[0]))
    offers = []
    for k in range(n_volunteers):
        city, region = rng.choices(places, weights)[0]
        load = rng.choice((0, 0, 0, 1, 2))
        offers.append(Offer(
            id=f"v{k}", kind="mentor", city=city, region=region,
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


def main():
    """Build, match, check and report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--volunteers", type=int, default=1000)
    parser.add_argument("--dump", help="write capacities, allowed pairs and the assignment")
    args = parser.parse_args()

    requests, offers, declined = build(args.seed, args.requests, args.volunteers)
    started = time.perf_counter()
    result = propose(requests, offers, declined)
    seconds = time.perf_counter() - started

    pairs = allowed_pairs(requests, offers, declined)
    free = {o.id: o.free for o in offers}
    report = {
        "requests": len(requests), "volunteers": len(offers), "seconds": round(seconds, 4),
        "score": result.total, "greedy_score": greedy(pairs, free, [r.id for r in requests]),
        "optimum": lp_optimum(pairs, free), "allowed_pairs": len(pairs),
        "proposals": len(result.proposals), "unmatched": len(result.unmatched),
    }
    if args.dump:
        Path(args.dump).write_text(json.dumps({
            "volunteers": free,
            "pairs": [list(p) for p in pairs],
            "assignment": [[p.request_id, p.offer_id] for p in result.proposals],
        }))
    if args.json:
        print(json.dumps(report))
        return
    for key, value in report.items():
        print(f"{key:>14}: {value}")
    best = max(result.proposals, key=lambda p: p.score)
    print(f"\nbest proposal {best.request_id} -> {best.offer_id} ({best.score}):")
    for part in best.explanation:
        print("  " + describe(part))
    for item in result.unmatched[:3]:
        print(f"unmatched {item.request_id}: {describe(item)}")


if __name__ == "__main__":
    main()
