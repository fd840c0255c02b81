"""The check-in schedule of a mentor match, and what its mentor and newcomer do with check-ins."""
import re
from datetime import datetime, time, timedelta
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from peewee import JOIN, fn

from ..audit.service import record
from ..core.access import Relation, checkin_relation
from ..core.codes import FLAGS
from ..core.errors import NotFound, ServiceError
from ..db import write_transaction
from ..models import CheckIn, Conversation, Match, NewcomerProfile, Setting, User, utcnow
from ..notify.service import alert_organizers, link, notify
from ..timeutil import exists_in_paris, paris_date, paris_utc, skipped_time_message

CADENCE_KEY = "checkin_cadence"
DEFAULT_CADENCE = "3,7,14;14"
MAX_FIXED = 12
MAX_DAY = 365
MAX_REPEAT = 60
# How far ahead a schedule is planned; extend_schedules keeps it topped up.
HORIZON = timedelta(days=90)
# Evening in Paris: after a day at the prefecture or at work, before the night.
DUE_TIME = time(18, 0)
OUTCOMES = ("done", "not_reached")
NOTES_MAX = 4000
MOVE_AHEAD = timedelta(days=365)
# What a mentor's pages show: the month ahead, and the month past.
UPCOMING = timedelta(days=30)
RECENT = timedelta(days=30)


class Reach(NamedTuple):
    """How a mentor answers a check-in at once: the newcomer's contact and their conversation."""

    channel: str
    contact: str
    conversation_id: int | None


class Cadence(NamedTuple):
    """Check-ins on fixed days after a match starts, then every `repeat` days."""

    fixed: tuple
    repeat: int

    def __str__(self):
        return f"{','.join(str(day) for day in self.fixed)};{self.repeat}"


def make_cadence(fixed_text, repeat):
    """A cadence from "3, 7, 14" and 14, or a ServiceError that says what to fix."""
    parts = [part for part in re.split(r"[\s,]+", (fixed_text or "").strip()) if part]
    if not all(part.isascii() and part.isdigit() for part in parts):
        raise ServiceError(_l("Write the days as whole numbers separated by commas, "
                              "for example 3, 7, 14."))
    days = [int(part) for part in parts]
    if len(days) > MAX_FIXED:
        raise ServiceError(_l("At most %(n)s first check-ins.", n=MAX_FIXED))
    if any(not 1 <= day <= MAX_DAY for day in days):
        raise ServiceError(_l("Each day must be between 1 and %(n)s.", n=MAX_DAY))
    if days != sorted(set(days)):
        raise ServiceError(_l("Write the days in increasing order, each day once."))
    try:
        repeat = int(str(repeat).strip())
    except ValueError:
        repeat = 0
    if not 1 <= repeat <= MAX_REPEAT:
        raise ServiceError(_l("Check-ins must repeat every 1 to %(n)s days.", n=MAX_REPEAT))
    return Cadence(tuple(days), repeat)


def parse_cadence(text):
    """"3,7,14;14" -> Cadence((3, 7, 14), 14)."""
    fixed_text, _, repeat = (text or "").partition(";")
    return make_cadence(fixed_text, repeat)


def current_cadence():
    """The organizers' cadence, or the default when they set none."""
    row = Setting.get_or_none(Setting.key == CADENCE_KEY)
    try:
        return parse_cadence(row.value if row else DEFAULT_CADENCE)
    except ServiceError:
        # A value edited by hand in the database must not stop every schedule.
        return parse_cadence(DEFAULT_CADENCE)


def save_cadence(organizer, fixed_text, repeat):
    """Check and store the cadence; it applies to schedules created or extended from now on."""
    cadence = make_cadence(fixed_text, repeat)
    with write_transaction():
        (Setting.insert(key=CADENCE_KEY, value=str(cadence))
         .on_conflict(conflict_target=[Setting.key], update={Setting.value: str(cadence)})
         .execute())
        record("settings.changed", actor=organizer, detail=f"{CADENCE_KEY}={cadence}")
    return cadence


def evening(day):
    """18:00 in Paris on a calendar day, as naive UTC."""
    return paris_utc(datetime.combine(day, DUE_TIME))


def _schedule_days(cadence, start, last_day):
    """Every fixed day of the cadence, then its repeats up to `last_day`."""
    days = [start + timedelta(days=offset) for offset in cadence.fixed]
    day = days[-1] if days else start
    while (day := day + timedelta(days=cadence.repeat)) <= last_day:
        days.append(day)
    return days


def _has_schedule(match_id):
    return (CheckIn.select().where((CheckIn.match == match_id)
                                   & (CheckIn.asked_by_newcomer == False))  # noqa: E712
            .exists())


def create_schedule(match, start=None, now=None):
    """The check-ins of a mentor match that became active; returns how many were planned.

    `start` is the Paris day the match began (today unless told). The fixed days of the
    cadence are all planned, the repeats up to HORIZON ahead; extend_schedules plans the
    later ones. A match that already has a schedule is left as it is.
    """
    now = now or utcnow()
    start = start or paris_date(now)
    if match.kind != "mentor" or _has_schedule(match.id):
        return 0
    days = _schedule_days(current_cadence(), start, paris_date(now + HORIZON))
    CheckIn.insert_many([dict(match=match.id, due_at=evening(day)) for day in days]).execute()
    return len(days)


def extend_schedules(now=None):
    """Top up every active mentor match to HORIZON ahead; returns how many check-ins were added.

    The scheduler runs it daily; a second run adds nothing. The next repeat follows the latest
    planned check-in, moved or not, so a moved check-in shifts the rhythm rather than doubling
    it. A match without any schedule gets one from today.
    """
    now = now or utcnow()
    cadence, today, last_day = current_cadence(), paris_date(now), paris_date(now + HORIZON)
    latest = fn.MAX(CheckIn.due_at).alias("latest")
    matches = (Match.select(Match.id, latest)
               .join(CheckIn, JOIN.LEFT_OUTER,
                     on=((CheckIn.match == Match.id)
                         & (CheckIn.asked_by_newcomer == False)))  # noqa: E712
               .where((Match.kind == "mentor") & (Match.status == "active"))
               .group_by(Match.id).tuples())
    rows = []
    for match_id, last in matches:
        if last is None:
            days = _schedule_days(cadence, today, last_day)
        else:
            days, day = [], paris_date(_as_datetime(last))
            while (day := day + timedelta(days=cadence.repeat)) <= last_day:
                # After a long downtime the rhythm goes on from today, not from the past.
                if day >= today:
                    days.append(day)
        rows.extend(dict(match=match_id, due_at=evening(day)) for day in days)
    with write_transaction():
        for start in range(0, len(rows), 500):
            CheckIn.insert_many(rows[start:start + 500]).execute()
    return len(rows)


def _as_datetime(value):
    # SQLite hands an aggregate back as text; PostgreSQL as a datetime.
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def get_checkin_for(user, checkin_id):
    """The check-in with its match and newcomer, where this user has a relation to it (see
    core.access.checkin_relation); else NotFound."""
    checkin = (CheckIn.select(CheckIn, Match, User)
               .join(Match, on=(CheckIn.match == Match.id))
               .join(User, on=(Match.newcomer == User.id))
               .where(CheckIn.id == checkin_id).get_or_none())
    if checkin is None or checkin_relation(user, checkin) is None:
        raise NotFound()
    return checkin


def reach(checkin):
    """How the mentor of this check-in reaches its newcomer now: the contact they gave, and the
    conversation of the match (None while it has none)."""
    profile = (NewcomerProfile.select(NewcomerProfile.contact_channel, NewcomerProfile.contact)
               .where(NewcomerProfile.user == checkin.match.newcomer_id).first())
    conversation = (Conversation.select(Conversation.id)
                    .where(Conversation.match == checkin.match_id).first())
    return Reach(profile.contact_channel if profile else "",
                 (profile.contact or "").strip() if profile else "",
                 conversation.id if conversation else None)


def log_checkin(checkin, mentor, outcome, wellbeing=None, flags=(), notes="", now=None):
    """The mentor records (or corrects) how a check-in went; a safety flag or wellbeing 1
    alerts every organizer at once, and contact clears the "unreachable" mark."""
    if checkin_relation(mentor, checkin) != Relation.MENTOR:
        raise ServiceError(_l("Only the mentor of this match can log its check-ins."))
    if outcome not in OUTCOMES:
        raise ServiceError(_l("Say whether you reached the person."))
    if outcome == "done" and wellbeing not in (1, 2, 3, 4, 5):
        raise ServiceError(_l("Choose how the person is doing, from 1 (very badly) to 5 "
                              "(very well)."))
    unknown = set(flags) - set(FLAGS)
    if unknown:
        raise ServiceError(_l("Unknown concern: %(flags)s.", flags=", ".join(sorted(unknown))))
    notes = (notes or "").strip()
    if len(notes) > NOTES_MAX:
        raise ServiceError(_l("The notes are too long: at most %(n)s characters.", n=NOTES_MAX))
    flags = [flag for flag in FLAGS if flag in flags]
    # Nobody can say how someone is doing without having reached them.
    wellbeing = wellbeing if outcome == "done" else None
    with write_transaction():
        CheckIn.update(status=outcome, wellbeing=wellbeing, flags=flags, notes=notes,
                       logged_at=now or utcnow(), logged_by=mentor.id).where(
            CheckIn.id == checkin.id).execute()
        if outcome == "done":
            NewcomerProfile.update(unreachable_since=None).where(
                NewcomerProfile.user == checkin.match.newcomer_id).execute()
        record("checkin.logged", target=checkin, actor=mentor, detail=outcome)
        if "safety" in flags or wellbeing == 1:
            alert_organizers(key=f"checkin-alert:{checkin.id}", code="checkin_alert",
                             link=link("checkins.log", checkin_id=checkin.id))
    return CheckIn.get_by_id(checkin.id)


def move_checkin(checkin, user, day, at, now=None):
    """The mentor or the newcomer moves a planned check-in to a later moment (Paris time)."""
    if checkin_relation(user, checkin) not in (Relation.MENTOR, Relation.NEWCOMER):
        raise ServiceError(_l("Only the mentor or the newcomer can move this check-in."))
    now = now or utcnow()
    local = datetime.combine(day, at)
    if not exists_in_paris(local):
        raise ServiceError(skipped_time_message(local))
    due = paris_utc(local)
    if due <= now:
        raise ServiceError(_l("Choose a day and time that are still to come."))
    if due > now + MOVE_AHEAD:
        raise ServiceError(_l("Choose a moment within the next year."))
    with write_transaction():
        moved = CheckIn.update(due_at=due).where(
            (CheckIn.id == checkin.id) & (CheckIn.status == "scheduled")).execute()
        if not moved:
            raise ServiceError(_l("This check-in is already logged: it cannot be moved."))
        record("checkin.moved", target=checkin, actor=user)
        # The other side must hear of the new time; the key carries it, so each move tells once.
        other = (checkin.match.volunteer_id if user.id == checkin.match.newcomer_id
                 else checkin.match.newcomer_id)
        notify(other, "checkin_due", f"checkin-moved:{checkin.id}:{due:%Y%m%d%H%M}",
               "checkin_moved", link=link("checkins.log" if other == checkin.match.volunteer_id
                                          else "checkins.mine", **(
                                              {"checkin_id": checkin.id}
                                              if other == checkin.match.volunteer_id else {})))
    return due


def active_mentor_match(newcomer):
    """The newcomer's active mentor match with the mentor's account, or None."""
    return (Match.select(Match, User)
            .join(User, on=(Match.volunteer == User.id))
            .where((Match.newcomer == newcomer.id) & (Match.kind == "mentor")
                   & (Match.status == "active"))
            .order_by(Match.responded_at.desc(), Match.id.desc()).first())


def ask_for_checkin(newcomer, now=None):
    """"I need to talk": a check-in due now with the newcomer's mentor, who is told at once."""
    match = active_mentor_match(newcomer)
    if match is None:
        raise ServiceError(_l("You do not have a mentor yet. The organizers are looking for "
                              "one; if you are in danger, call 112."))
    with write_transaction():
        # Touching the match row makes two taps at the same moment wait for each other.
        Match.update(responded_at=Match.responded_at).where(Match.id == match.id).execute()
        open_ask = CheckIn.select().where(
            (CheckIn.match == match.id) & (CheckIn.asked_by_newcomer == True)  # noqa: E712
            & (CheckIn.status == "scheduled")).exists()
        if open_ask:
            raise ServiceError(_l("You have already asked. Your mentor knows and will contact "
                                  "you soon."))
        checkin = CheckIn.create(match=match.id, due_at=now or utcnow(), asked_by_newcomer=True)
        notify(match.volunteer_id, "checkin_due", key=f"checkin-asked:{checkin.id}",
               code="checkin_asked", link=link("checkins.log", checkin_id=checkin.id))
    return checkin


def _listing():
    """Check-in rows with the match and the newcomer's pseudonym, never the private notes."""
    return (CheckIn.select(CheckIn.id, CheckIn.due_at, CheckIn.status, CheckIn.asked_by_newcomer,
                           CheckIn.flags, CheckIn.logged_at,
                           Match.id, Match.newcomer, Match.volunteer, User.id, User.display_name)
            .join(Match, on=(CheckIn.match == Match.id)))


def mentor_checkins(mentor, now=None):
    """The mentor's overdue check-ins, then the coming ones (a newcomer's ask first), with the
    newcomers' pseudonyms.

    One query: (overdue, upcoming), each soonest first.
    """
    now = now or utcnow()
    rows = list(_listing()
                .join(User, on=(Match.newcomer == User.id))
                .where((Match.volunteer == mentor.id) & (Match.kind == "mentor")
                       & (Match.status == "active")
                       & (((CheckIn.status == "scheduled") & (CheckIn.due_at <= now + UPCOMING))
                          | ((CheckIn.status == "missed")
                             & (CheckIn.due_at >= now - RECENT))))
                .order_by(CheckIn.due_at, CheckIn.id))
    # "I need to talk" is due the moment it is asked: it is the first thing coming up, not late.
    late = [row.status == "missed" or (row.due_at < now and not row.asked_by_newcomer)
            for row in rows]
    return ([row for row, is_late in zip(rows, late) if is_late],
            [row for row, is_late in zip(rows, late) if not is_late])


def mentees(mentor):
    """The newcomers this mentor accompanies now, by pseudonym."""
    return list(Match.select(Match.id, User.id, User.display_name)
                .join(User, on=(Match.newcomer == User.id))
                .where((Match.volunteer == mentor.id) & (Match.kind == "mentor")
                       & (Match.status == "active"))
                .order_by(User.display_name))


def newcomer_checkins(newcomer, now=None, limit=10):
    """The newcomer's coming check-ins, and any asked for and not yet held, soonest first."""
    now = now or utcnow()
    return list(_listing()
                .join(User, on=(Match.volunteer == User.id))
                .where((Match.newcomer == newcomer.id) & (Match.kind == "mentor")
                       & (Match.status == "active") & (CheckIn.status == "scheduled")
                       & ((CheckIn.due_at >= now) | CheckIn.asked_by_newcomer))
                .order_by(CheckIn.due_at, CheckIn.id).limit(limit))


def raised_flags(mentor, days=30, limit=10):
    """Check-ins this mentor logged with a flag lately, newest first."""
    since = utcnow() - timedelta(days=days)
    return list(_listing()
                .join(User, on=(Match.newcomer == User.id))
                .switch(CheckIn)
                .where((CheckIn.logged_by == mentor.id) & (CheckIn.flags != "")
                       & (CheckIn.logged_at >= since))
                .order_by(CheckIn.logged_at.desc()).limit(limit))
