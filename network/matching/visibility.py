"""Who sees what of a match: the one answer the pages, the export and the templates ask."""
from dataclasses import dataclass

LIVE = ("proposed", "active")


@dataclass(frozen=True)
class MatchView:
    """What one viewer may see and do on one match."""

    relation: str
    newcomer: bool = False
    volunteer: bool = False
    contact: bool = False
    needs: bool = False
    reasons: bool = False
    problem: bool = False
    report: bool = False
    answer: bool = False
    end: bool = False

    @property
    def audited(self):
        """Someone other than the newcomer sees the newcomer's data."""
        return self.relation != "newcomer" and self.newcomer


def accepted(match):
    """The volunteer said yes: active now, or ended after having been active."""
    return match.status == "active" or (match.status == "ended" and match.responded_at is not None)


def match_view(viewer, match):
    """What this viewer may see of this match, or None where they have no relation to it.

    The newcomer sees the volunteer once the volunteer has accepted. The volunteer sees the
    newcomer's pseudonym, city, languages and dates while a proposal waits for an answer and
    the contact once it is active; a declined, withdrawn or ended match shows them nothing of
    the newcomer.
    """
    live, active = match.status in LIVE, match.status == "active"
    answer = viewer.id == match.volunteer_id and match.status == "proposed"
    if viewer.is_organizer:
        return MatchView("organizer", newcomer=True, volunteer=True, contact=active, needs=True,
                         reasons=True, problem=True, report=live, answer=answer, end=active)
    if viewer.id == match.newcomer_id:
        return MatchView("newcomer", newcomer=True, volunteer=accepted(match), problem=live,
                         report=live)
    if viewer.id == match.volunteer_id and viewer.status == "active":
        return MatchView("volunteer", newcomer=live, volunteer=True, contact=active,
                         needs=active and match.kind == "mentor", problem=live, report=live,
                         answer=answer, end=active)
    return None
