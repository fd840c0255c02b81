"""Time zones: the database keeps naive UTC, people live in Europe/Paris."""
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l

from .formats import date_format, time_format

PARIS = ZoneInfo("Europe/Paris")


def paris_midnight_utc(day):
    """The naive UTC instant at which a Paris calendar day begins."""
    local = datetime.combine(day, time.min, tzinfo=PARIS)
    return local.astimezone(timezone.utc).replace(tzinfo=None)


def paris_utc(local):
    """A naive Paris wall-clock time as naive UTC; of an hour lived twice, the first."""
    return local.replace(tzinfo=PARIS).astimezone(timezone.utc).replace(tzinfo=None)


def exists_in_paris(local):
    """Whether a naive Paris wall-clock time happens: the hour clocks skip in spring does not."""
    return paris_time(paris_utc(local)).replace(tzinfo=None) == local


def skipped_time_message(local):
    """What to tell a person who chose a Paris wall-clock time that the clocks skip."""
    return _l("%(time)s does not exist in Paris on %(date)s: the clocks go forward an hour that "
              "night. Choose another time.", time=time_format(local.time(), "short"),
              date=date_format(local.date(), "long"))


def day_before(moment):
    """The same Paris wall-clock time one calendar day before a naive UTC instant, as naive UTC.

    Across a clock change that is 23 or 25 hours earlier, not 24: a reminder "the day before"
    comes at the hour people expect.
    """
    return paris_utc(paris_time(moment).replace(tzinfo=None) - timedelta(days=1))


def paris_time(moment):
    """A naive UTC instant as an aware Paris time."""
    return moment.replace(tzinfo=timezone.utc).astimezone(PARIS)


def paris_date(moment):
    """The Paris calendar day of a naive UTC instant."""
    return paris_time(moment).date()
