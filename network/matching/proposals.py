"""The engine's proposal for a kind, kept until what it rests on changes, shown a page at a time."""
from typing import NamedTuple

from flask import current_app

from ..models import HelpRequest, MatchingVersion, Offer, User
from . import service

PAGE_SIZE = 50


class Person(NamedTuple):
    """A pseudonym and the account number that tells two of the same name apart."""

    display_name: str
    id: int


class Row(NamedTuple):
    """A proposal or an unmatched request with the people the page names."""

    item: object
    newcomer: Person
    volunteer: Person | None


class Page(NamedTuple):
    """One page of the last run: its rows, the number of its first, whether more follow, and
    the run's totals."""

    proposals: list[Row]
    unmatched: list[Row]
    start: int
    more: bool
    count: int
    total: int


def data_version():
    """Grows with every change to requests, offers, matches, profiles or account statuses."""
    row = MatchingVersion.select(MatchingVersion.n).where(MatchingVersion.id == 1).tuples()
    return next(iter(row), (0,))[0]


def last_run(kind, now):
    """The engine's result for a kind, run again only after a change or when the hour turns.

    The version is read before the data, so a change committed meanwhile costs one more run,
    never a stale proposal; waiting time counts in the score, hence the hour. Sending a
    proposal checks the pair again against the live data.
    """
    kept = current_app.extensions.setdefault("passage.proposals", {})
    key = (data_version(), now.strftime("%Y-%m-%dT%H"))
    if kind not in kept or kept[kind][0] != key:
        kept[kind] = (key, service.propose(kind).result)
    return kept[kind][1]


def page(kind, number, now):
    """The proposals and unmatched requests of one page, with only their names read."""
    result = last_run(kind, now)
    first, last = (number - 1) * PAGE_SIZE, number * PAGE_SIZE
    proposals, unmatched = result.proposals[first:last], result.unmatched[first:last]
    requests = {p.request_id for p in proposals} | {u.request_id for u in unmatched}
    newcomers = {number: Person(name, person) for number, name, person in
                 HelpRequest.select(HelpRequest.id, User.display_name, User.id)
                 .join(User, on=(HelpRequest.newcomer == User.id))
                 .where(HelpRequest.id.in_(requests)).tuples()}
    offers = {p.offer_id for p in proposals}
    volunteers = {number: Person(name, person) for number, name, person in
                  Offer.select(Offer.id, User.display_name, User.id)
                  .join(User, on=(Offer.volunteer == User.id))
                  .where(Offer.id.in_(offers)).tuples()}
    # A row whose request or offer went since the run is dropped: the next view runs again.
    return Page(
        [Row(p, newcomers[p.request_id], volunteers[p.offer_id]) for p in proposals
         if p.request_id in newcomers and p.offer_id in volunteers],
        [Row(u, newcomers[u.request_id], None) for u in unmatched if u.request_id in newcomers],
        first + 1,
        len(result.proposals) > last or len(result.unmatched) > last,
        len(result.proposals), result.total)
