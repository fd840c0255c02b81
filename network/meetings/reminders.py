"""Everyone with a seat hears of a date the day before, at its hour."""
from datetime import timedelta

from ..core.batches import batches
from ..models import RSVP, Meeting, Occurrence
from ..notify.service import link, notify_many
from ..timeutil import day_before

# "The day before" is 23 to 25 hours on the clock: the query reads the widest, the rule decides.
REMIND_WINDOW = timedelta(hours=25)
BATCH = 500


def reminders(now):
    """Everyone seated hears of a date the day before, at its hour; once per person and date."""
    due = (RSVP.select(RSVP.occurrence, RSVP.user, Occurrence.start_at)
           .join(Occurrence, on=(RSVP.occurrence == Occurrence.id))
           .join(Meeting, on=(Occurrence.meeting == Meeting.id))
           .where((RSVP.status == "going") & Occurrence.cancelled_at.is_null()
                  & Meeting.cancelled_at.is_null() & (Occurrence.start_at > now)
                  & (Occurrence.start_at <= now + REMIND_WINDOW))
           .tuples())
    rows = [(occurrence_id, user_id) for occurrence_id, user_id, start_at in due
            if day_before(start_at) <= now]
    sent = 0
    for batch in batches(rows, BATCH):
        sent += notify_many(
            dict(recipient=user_id, kind="meeting", code="meeting_reminder",
                 key=f"meeting-reminder:{occurrence_id}:{user_id}",
                 link=link("meetings.occurrence", occurrence_id=occurrence_id))
            for occurrence_id, user_id in batch)
    return sent
