"""The organizers' daily digest: the day's figures, once a day."""
from peewee import fn

from ..models import CheckIn, HelpRequest, Match
from ..notify.service import alert_organizers, link
from ..timeutil import paris_date, paris_time
from .service import is_open_request, overdue_now, waiting_intake, waiting_vetting

DIGEST_HOUR = 8


def organizer_digest(now):
    """Once a day, from 08:00 Paris time, each organizer gets the day's figures."""
    if paris_time(now).hour < DIGEST_HOUR:
        return 0
    today = paris_date(now)
    pending = waiting_intake().count() + waiting_vetting().count()
    requests = HelpRequest.select(fn.COUNT(HelpRequest.id)).where(is_open_request()).scalar()
    overdue = (CheckIn.select(fn.COUNT(CheckIn.id)).join(Match, on=(CheckIn.match == Match.id))
               .where(overdue_now(now)).scalar())
    return alert_organizers(f"digest:{today:%Y-%m-%d}", "digest", kind="digest",
                            params={"pending": pending, "open": requests, "overdue": overdue},
                            link=link("main.home"))
