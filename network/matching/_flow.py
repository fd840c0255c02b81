"""The optimal assignment of one kind: a min-cost flow over classes of alike requests, offers.

Private to the engine (see its docstring); pure: no Flask, no database.
"""
import numpy as np
from ortools.graph.python import min_cost_flow


class ClassFlow:
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

    def reason(self, i):
        """Why request i got no proposal, as (code, params): the first stage ruling out every
        offer, else taken."""
        r = self.table.requests[i]
        row = self.row_class[i]
        if row not in self._reasons:
            self._reasons[row] = self._first_failed(row)
        code, count = self._reasons[row]
        if code == "taken":
            return code, {"candidates": count}
        return code, _reason_params(code, r, count)

    def _first_failed(self, row):
        """The stage ruling out every offer for a class of requests, with the offers before it."""
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
    if code == "host_takes":
        return {"gender": r.gender}
    if code == "household_wish":
        return {"host_pref": r.host_pref}
    return {"volunteers": fitting}
