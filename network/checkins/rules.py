"""What the scheduler does with check-ins: reminders the day before, overdue, unreachable.

"Overdue" is defined here once; the dashboard lists what these rules act on.
"""
from datetime import timedelta

from ..cases.service import open_case
from ..core.batches import batches
from ..db import write_transaction
from ..models import CheckIn, Match, NewcomerProfile
from ..notify.service import alert_organizers, link, notify_many
from ..timeutil import day_before

BATCH = 500
OVERDUE_AFTER = timedelta(hours=48)
# "The day before" is 23 to 25 hours on the clock: the query reads the widest, the rule decides.
REMIND_WINDOW = timedelta(hours=25)


def is_overdue(now):
    """The condition of a check-in not logged OVERDUE_AFTER after it was due, at `now`."""
    return CheckIn.due_at < now - OVERDUE_AFTER


def checkin_reminders(now):
    """Mentors hear of a check-in the day before, at its hour; once per check-in and due date.

    Check-ins that fell due while the scheduler was down, and are not overdue yet, count too.
    """
    due = (CheckIn.select(CheckIn.id, CheckIn.due_at, Match.volunteer)
           .join(Match, on=(CheckIn.match == Match.id))
           .where((CheckIn.status == "scheduled") & ~is_overdue(now)
                  & (CheckIn.due_at < now + REMIND_WINDOW) & (Match.status == "active"))
           .tuples())
    rows = [row for row in due if day_before(row[1]) <= now]
    sent = 0
    for batch in batches(rows, BATCH):
        sent += notify_many(
            dict(recipient=volunteer, kind="checkin_due",
                 key=f"checkin-reminder:{checkin_id}:{due_at:%Y-%m-%d}", code="checkin_due",
                 link=link("checkins.log", checkin_id=checkin_id))
            for checkin_id, due_at, volunteer in batch)
    return sent


def overdue_checkins_of(now):
    """(check-in, mentor, newcomer) of each overdue scheduled check-in of an active match."""
    # Few check-ins are overdue at a tick: they are found first. Joined in one WHERE, SQLite's
    # planner walked every active match's check-ins instead (50 ms a tick on a large network).
    late = CheckIn.select(CheckIn.id).where((CheckIn.status == "scheduled") & is_overdue(now))
    return list(CheckIn.select(CheckIn.id, Match.volunteer, Match.newcomer)
                .join(Match, on=(CheckIn.match == Match.id))
                .where(CheckIn.id.in_(late) & (Match.status == "active"))
                .tuples())


def overdue_checkins(now):
    """An overdue check-in is missed: the mentor and organizers hear of it."""
    overdue_rows = overdue_checkins_of(now)
    sent = 0
    for batch in batches(overdue_rows, BATCH):
        # Notifications and the status change commit together: a crash sends both or neither.
        with write_transaction():
            sent += notify_many(
                dict(recipient=volunteer, kind="checkin_overdue", key=f"checkin-overdue:{cid}",
                     code="checkin_overdue", link=link("checkins.log", checkin_id=cid))
                for cid, volunteer, _ in batch)
            for cid, _, _ in batch:
                sent += alert_organizers(f"checkin-overdue-org:{cid}", "checkin_overdue_org",
                                         link=link("checkins.log", checkin_id=cid),
                                         kind="checkin_overdue")
            # A newcomer asked to talk and nobody called back: organizers take it as a case.
            for cid, newcomer in (CheckIn.select(CheckIn.id, Match.newcomer)
                                  .join(Match, on=(CheckIn.match == Match.id))
                                  .where(CheckIn.id.in_([cid for cid, _, _ in batch])
                                         & (CheckIn.asked_by_newcomer == True))  # noqa: E712
                                  .tuples()):
                open_case("talk", newcomer=newcomer, reporter=newcomer, key=f"talk:{cid}")
            CheckIn.update(status="missed").where(
                CheckIn.id.in_([cid for cid, _, _ in batch]) & (CheckIn.status == "scheduled")
            ).execute()
    return sent + mark_unreachable(now, {newcomer for _, _, newcomer in overdue_rows})


def mark_unreachable(now, newcomers):
    """Two missed check-ins in a row, with no contact logged since, mark a newcomer unreachable."""
    sent = 0
    for newcomer in newcomers:
        last_two = [status for (status,) in
                    CheckIn.select(CheckIn.status).join(Match, on=(CheckIn.match == Match.id))
                    .where((Match.newcomer == newcomer) & (CheckIn.status != "scheduled"))
                    .order_by(CheckIn.due_at.desc()).limit(2).tuples()]
        if len(last_two) == 2 and all(s in ("missed", "not_reached") for s in last_two):
            with write_transaction():
                marked = (NewcomerProfile.update(unreachable_since=now)
                          .where((NewcomerProfile.user == newcomer)
                                 & NewcomerProfile.unreachable_since.is_null()).execute())
                if marked:
                    open_case("unreachable", newcomer=newcomer, key=f"unreachable:{newcomer}")
                    sent += alert_organizers(f"unreachable:{newcomer}:{now:%Y-%m-%d}",
                                             "unreachable",
                                             link=link("people.newcomer", user_id=newcomer))
    return sent
