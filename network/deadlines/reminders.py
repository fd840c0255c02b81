"""What the scheduler does with procedure dates: reminders before them."""
from datetime import timedelta

from ..core.access import active_mentors
from ..core.batches import batches
from ..models import Deadline
from ..notify.service import link, notify_many
from ..timeutil import paris_date

BATCH = 500
AHEAD = timedelta(days=7)


def deadline_reminders(now):
    """Newcomer and mentor hear of a procedure date 7 days before and the day before, once each.
    Deadlines computed from these dates are the procedure timeline's reminders."""
    today = paris_date(now)
    upcoming = list(Deadline.select(Deadline.id, Deadline.date, Deadline.newcomer)
                    .where((Deadline.date >= today) & (Deadline.date <= today + AHEAD))
                    .tuples())
    mentors = active_mentors({newcomer for _, _, newcomer in upcoming})
    items = []
    for deadline_id, date, newcomer in upcoming:
        days = (date - today).days
        step = 1 if days <= 1 else 7
        code = "deadline_tomorrow" if step == 1 else "deadline_soon"
        for recipient in (newcomer, *mentors.get(newcomer, ())):
            items.append(dict(recipient=recipient, kind="deadline", code=code,
                              params={"days": days},
                              key=f"deadline:{deadline_id}:{step}:{recipient}",
                              link=link("deadlines.for_newcomer", user_id=newcomer)
                              if recipient != newcomer else link("deadlines.mine")))
    return sum(notify_many(batch) for batch in batches(items, BATCH))

