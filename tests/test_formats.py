"""Dates and numbers in the reader's locale: its own formats, Paris time, no fixed pattern."""
import random
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from babel import dates, numbers
from flask import render_template_string
from flask_babel import force_locale, format_timedelta

from network import formats
from network.dashboard import charts, service

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# 17:30 UTC on a Wednesday in November is 18:30 in Paris.
MOMENT = datetime(2026, 11, 25, 17, 30)
# A date field or a time field of a hand-written pattern ('EEEE d MMMM', 'HH:mm', 'd.M').
FIXED_PATTERN = re.compile(r"(?:date|datetime|time)format\('[^']*(?:MMM|EEE|HH|mm|dd|d\.M)[^']*'\)")


def _in(app, locale, function, *args):
    with app.test_request_context(), force_locale(locale):
        return str(function(*args)).replace("\u202f", " ").replace("\xa0", " ")


@pytest.mark.parametrize("locale, expected", [
    ("ru", "Среда, 25 ноября, 18:30"),
    ("uk", "Середа, 25 листопада, 18:30"),
    ("fr", "Mercredi 25 novembre, 18:30"),
    ("en", "Wednesday, 25 November, 18:30"),
])
def test_a_heading_day_has_the_locale_punctuation_and_a_capital(app, locale, expected):
    assert _in(app, locale, formats.day_and_time, MOMENT) == expected


@pytest.mark.parametrize("locale, expected", [
    ("ru", "Среда, 25 ноября 2026 г."),
    ("uk", "Середа, 25 листопада 2026 р."),
    ("fr", "Mercredi 25 novembre 2026"),
])
def test_a_procedure_date_heading_is_the_locale_full_date(app, locale, expected):
    assert _in(app, locale, formats.day, date(2026, 11, 25)) == expected


@pytest.mark.parametrize("locale", ["ru", "uk", "fr", "en"])
def test_a_span_is_worded_as_babel_words_it_though_looked_up_once(app, locale):
    rng = random.Random(22)
    edges = [0, 59, 3000, 3060, 5399, 5400, 73_439, 73_440, 525_000, 2_200_000, 31_000_000]
    spans = [timedelta(seconds=s, microseconds=rng.randrange(10**6))
             for s in edges + [rng.randint(-10**6, 10**8) for _ in range(2000)]]
    with app.test_request_context(), force_locale(locale):
        worded = [formats.span(span) for span in spans]
        assert worded == [format_timedelta(span, granularity="hour") for span in spans]
    assert len(set(worded)) > 20


@pytest.mark.parametrize("locale", ["ru", "uk", "fr", "en"])
def test_kept_patterns_write_what_babel_writes(app, locale):
    rng = random.Random(22)
    moments = [datetime(2026, 3, 29, 0, 59), datetime(2026, 10, 25, 1, 30)] + [
        datetime(2000, 1, 1) + timedelta(seconds=rng.randrange(10**9)) for _ in range(300)]
    with app.test_request_context(), force_locale(locale):
        babel_locale = formats.format_locale()
        for moment in moments:
            local = formats._paris(moment)
            for form in ("medium", "long", "full"):
                assert formats.datetime_format(moment, form) == dates.format_datetime(
                    local, form, locale=babel_locale)
                assert formats.date_format(moment, form) == dates.format_date(
                    local, form, locale=babel_locale)
            for form in ("short", "medium", "long", "full"):
                assert formats.time_format(moment, form) == dates.format_time(
                    local, form, locale=babel_locale)
            # The short date is its skeleton's, glued to the time as Babel glues them.
            short_day = dates.format_skeleton(formats.SHORT_DATE, local, locale=babel_locale)
            assert formats.date_format(moment, "short") == short_day
            assert formats.datetime_format(moment, "short") == dates.get_datetime_format(
                "short", locale=babel_locale).replace("'", "").replace(
                "{0}", dates.format_time(local, "short", locale=babel_locale)).replace(
                "{1}", short_day)
        for number in [0, 1, -2.5, 1234.5678, 10**7, rng.random() * 10**5]:
            for form in (None, "#,##0.0", "#,##0"):
                assert formats.decimal_format(number, form) == numbers.format_decimal(
                    number, form, locale=babel_locale)


@pytest.mark.parametrize("locale, day, moment", [
    ("ru", "25.11.2026", "25.11.2026, 18:30"), ("uk", "25.11.2026", "25.11.2026, 18:30"),
    ("fr", "25/11/2026", "25/11/2026 18:30"), ("en", "25/11/2026", "25/11/2026, 18:30")])
def test_a_short_date_writes_the_year_in_full_in_every_language(app, locale, day, moment):
    assert _in(app, locale, formats.date_format, MOMENT, "short") == day
    assert _in(app, locale, formats.datetime_format, MOMENT, "short") == moment


def test_the_paris_day_not_the_utc_day(app):
    # 23:30 UTC on 31 December is already New Year's Day in Paris.
    assert _in(app, "ru", formats.day_and_time, datetime(2026, 12, 31, 23, 30)) == (
        "Пятница, 1 января, 00:30")


@pytest.mark.parametrize("locale, expected", [("ru", "25.11.2026"), ("fr", "25/11/2026"),
                                             ("en", "25/11/2026")])
def test_week_labels_follow_the_locale(app, locale, expected):
    assert _in(app, locale, formats.week, date(2026, 11, 25)) == expected


def test_english_in_france_is_never_written_the_us_way(app):
    with app.test_request_context(), force_locale("en"):
        text = render_template_string(
            "{{ m|datetimeformat('short') }} | {{ m|dateformat('short') }} | "
            "{{ m|timeformat('short') }}", m=MOMENT)
    assert text == "25/11/2026, 18:30 | 25/11/2026 | 18:30"


@pytest.mark.parametrize("locale, expected", [("fr", "1,5"), ("ru", "1,5"), ("en", "1.5")])
def test_chart_axis_numbers_are_written_in_the_locale(app, locale, expected):
    svg = _in(app, locale, charts.line, "Days", ["25/11", "02/12"], [("Days", [1.0, 1.5])],
              "Week of", "Days")
    assert f">{expected}</text>" in svg


def test_week_labels_are_days_the_page_formats(app):
    labels = service.figures(MOMENT, 4)["labels"]
    assert len(labels) == 4 and all(type(first) is date for first in labels)


def test_templates_use_the_locale_formats_not_fixed_patterns():
    found = [f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
             for path in sorted(TEMPLATES.rglob("*.html"))
             for match in FIXED_PATTERN.finditer(path.read_text(encoding="utf-8"))]
    assert not found, found
