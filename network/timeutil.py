"""Time zones: the database keeps naive UTC, people live in Europe/Paris."""
from datetime import datetime, time, timezone
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def paris_midnight_utc(day):
    """The naive UTC instant at which a Paris calendar day begins."""
    local = datetime.combine(day, time.min, tzinfo=PARIS)
    return local.astimezone(timezone.utc).replace(tzinfo=None)


def paris_time(moment):
    """A naive UTC instant as an aware Paris time."""
    return moment.replace(tzinfo=timezone.utc).astimezone(PARIS)


def paris_date(moment):
    """The Paris calendar day of a naive UTC instant."""
    return paris_time(moment).date()
