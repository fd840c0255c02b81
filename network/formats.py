"""Dates, times and numbers in the reader's locale, from its own formats: no fixed pattern."""
import re
from datetime import datetime, timezone
from functools import lru_cache

from babel import Locale, dates, numbers
from flask_babel import format_timedelta, get_locale, get_timezone

# Passage's English is read in France: day before month and a 24-hour clock, never 11/25/26.
FORMAT_LOCALES = {"en": Locale.parse("en_GB")}
# The year of a full date with the words glued to it ("y 'г'."), and the comma or space before.
YEAR = re.compile(r"[,\s]*\by+\b(?:\s*'[^']*'\.?)?")


def format_locale():
    """The locale whose formats a page's dates and numbers follow."""
    locale = get_locale() or Locale.parse("en")
    return FORMAT_LOCALES.get(str(locale), locale)


# A span's words depend only on its unit and rounded count: each is worded once per language.
_SPANS = {}


NAMED = ("full", "long", "medium", "short")
# A short date by its skeleton, so every language writes the year in full: Ukrainian's own short
# pattern (dd.MM.yy) writes «25.11.26» where Russian writes «25.11.2026».
SHORT_DATE = "yMd"


@lru_cache(maxsize=256)
def _pattern(locale, kind, format):
    """A locale's parsed date or time pattern for a format: looked up once, not per value."""
    if kind == "date" and format == "short":
        skeletons = locale.datetime_skeletons
        return skeletons[dates.match_skeleton(SHORT_DATE, skeletons)]
    if format in NAMED:
        named = dates.get_date_format if kind == "date" else dates.get_time_format
        format = named(format, locale=locale)
    return dates.parse_pattern(format)


@lru_cache(maxsize=256)
def _number_pattern(locale, format):
    """A locale's parsed number pattern, its standard decimal one when none is given."""
    return numbers.parse_pattern(format or locale.decimal_formats[None])


def _date_text(value, format, locale):
    """What Babel's format_date writes, from the kept pattern."""
    day = value.date() if isinstance(value, datetime) else value
    return _pattern(locale, "date", format).apply(day, locale)


def _time_text(local, format, locale):
    """What Babel's format_time writes for an instant already in Paris time."""
    return _pattern(locale, "time", format).apply(local.timetz(), locale,
                                                  reference_date=local.date())


def _paris(value):
    """A naive UTC instant as the reader's wall-clock time; a date stays the day it is."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=value.tzinfo or timezone.utc).astimezone(get_timezone())
    return value


def _capital(text):
    """The first letter upper-cased: ru, uk and fr write weekdays and months in lower case."""
    return text[:1].upper() + text[1:]


def _at(day_text, time_text, locale, format="medium"):
    """A day and a time glued as the locale glues them, the way Babel itself does."""
    glue = dates.get_datetime_format(format, locale=locale)
    return glue.replace("'", "").replace("{0}", time_text).replace("{1}", day_text)


def datetime_format(value, format="medium"):
    """A datetime in one of the locale's formats ("short", "medium", ...), in Paris time."""
    locale, local = format_locale(), _paris(value)
    if format not in NAMED:
        return dates.format_datetime(local, format, locale=locale)
    return _at(_date_text(local, format, locale), _time_text(local, format, locale), locale,
               format)


def date_format(value, format="medium"):
    """A date, or the Paris day of an instant, in one of the locale's formats."""
    return _date_text(_paris(value), format, format_locale())


def time_format(value, format="short"):
    """The Paris time of an instant in one of the locale's formats."""
    locale, local = format_locale(), _paris(value)
    if not isinstance(local, datetime):
        return dates.format_time(local, format, locale=locale)
    return _time_text(local, format, locale)


def decimal_format(value, format=None):
    """A number with the locale's decimal sign and grouping."""
    locale = format_locale()
    return _number_pattern(locale, format).apply(value, locale, numbering_system="latn")


def day(value):
    """The full date at the start of a heading: «Среда, 25 ноября 2026 г.»."""
    return _capital(date_format(value, "full"))


def day_and_time(value):
    """Weekday, day and month, then the time, to start a heading: «Среда, 25 ноября, 18:30»."""
    locale = format_locale()
    pattern = YEAR.sub("", locale.date_formats["full"].pattern)
    local = _paris(value)
    return _capital(_at(dates.format_date(local, pattern, locale=locale),
                        dates.format_time(local, "short", locale=locale), locale))


def date_and_time(value):
    """Day, month and year, then the time: «25 ноября 2026 г., 18:30»."""
    locale = format_locale()
    local = _paris(value)
    return _at(dates.format_date(local, "long", locale=locale),
               dates.format_time(local, "short", locale=locale), locale)


def day_month(value):
    """Day and month as words: «25 ноября», "25 November"."""
    return dates.format_skeleton("MMMMd", _paris(value), locale=format_locale())


def week(value):
    """A week by its first day with its year, short as on a chart's axis: «25.11.2026»."""
    return dates.format_skeleton("yMd", _paris(value), locale=format_locale())


def span(delta):
    """A time span in words to the hour ("3 days"), as Babel words it, looked up once per
    language, unit and count: lists show dozens of them on every page."""
    seconds = abs(delta.days * 86400 + delta.seconds)
    for unit, size in dates.TIMEDELTA_UNITS:
        value = seconds / size
        # Babel's own steps: the first unit reaching 0.85, and an hour at least.
        if value >= 0.85 or unit == "hour":
            key = (str(get_locale()), unit, round(max(1, value) if unit == "hour" and value
                                                  else value))
            if key not in _SPANS:
                _SPANS[key] = format_timedelta(delta, granularity="hour")
            return _SPANS[key]
