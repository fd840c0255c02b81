"""The dashboard says what it shows: the period it is for, charts with visible titles and axes,
weeks with their year, and lists that count beyond their first rows."""
import re
from datetime import date, timedelta

import pytest
from flask_babel import force_locale

from network.dashboard import charts
from network.dashboard.attention import ATTENTION_ROWS
from network.models import Case, CheckIn, utcnow
from network.privacy.service import request_erasure

from .factories import make_match, make_mentor, make_newcomer

TEXTS = re.compile(r'<text x="([\d.]+)"[^>]*>([^<]*)</text>')
PLACED = re.compile(r'<text x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>')


def _selected(page):
    return re.findall(r'<option selected value="(\d+)"|<option value="(\d+)" selected', page)


@pytest.mark.parametrize("query, shown", [("", "12"), ("?weeks=52", "52"), ("?weeks=4", "4"),
                                          ("?weeks=7", "12"), ("?weeks=abc", "12")])
def test_the_period_selector_shows_the_period_of_the_figures(client, auth, organizer, query,
                                                              shown):
    auth.login(organizer)
    page = client.get(f"/dashboard/{query}").get_data(as_text=True)
    selected = [a or b for a, b in _selected(page)]
    assert selected == [shown]
    rows = re.search(r"Check-ins due and done on time per week.*?<tbody>(.*?)</tbody>", page,
                     re.S).group(1)
    assert rows.count("<tr>") == int(shown)


def test_a_chart_has_a_visible_title_axis_titles_and_several_ticks(app):
    with app.test_request_context(), force_locale("en"):
        svg = str(charts.bars("Check-ins per week", ["01/11/2026", "08/11/2026"],
                              [("Due", [7, 3]), ("On time", [5, 1])], "Week of", "Check-ins"))
    words = [text for _x, text in TEXTS.findall(svg)]
    # The title is drawn, not only named for screen readers.
    assert "Check-ins per week" in words and "Week of" in words
    assert 'rotate(-90' in svg and ">Check-ins</text>" in svg
    assert [w for w in words if w.isdigit()] == ["0", "2", "4", "6", "8"]


@pytest.mark.parametrize("highest, ticks", [(0, [0, 1]), (3, [0, 1, 2, 3]), (10, [0, 5, 10]),
                                            (37, [0, 10, 20, 30, 40]), (1234, [0, 500, 1000,
                                                                               1500])])
def test_ticks_are_round_and_reach_the_highest_value(highest, ticks):
    assert charts.scale(highest) == ticks


@pytest.mark.parametrize("weeks", [4, 12, 52])
def test_the_last_week_is_labelled_inside_the_chart(app, weeks):
    first = date(2025, 12, 1)
    labels = [(first + timedelta(weeks=i)).strftime("%d.%m.%Y") for i in range(weeks)]
    with app.test_request_context(), force_locale("ru"):
        for draw in (charts.bars, charts.line):
            svg = str(draw("Заголовок", labels, [("Срок", list(range(weeks)))], "Неделя",
                           "Дни"))
            drawn = {text: (float(x), y) for x, y, text in PLACED.findall(svg) if text in labels}
            assert labels[-1] in drawn
            half = len(labels[-1]) * charts.CHAR / 2
            assert all(charts.LEFT <= x - half and x + half <= charts.WIDTH
                       for x, _y in drawn.values())
            # Labels drawn on one line never overlap their neighbours.
            for line in {y for _x, y in drawn.values()}:
                places = sorted(x for x, y in drawn.values() if y == line)
                assert all(b - a >= 2 * half for a, b in zip(places, places[1:]))
            if weeks <= 12:
                assert len(drawn) == weeks


def test_weeks_on_the_page_carry_their_year(client, auth, organizer):
    auth.login(organizer)
    page = client.get("/dashboard/?weeks=4").get_data(as_text=True)
    rows = re.search(r"Check-ins due and done on time per week.*?<tbody>(.*?)</tbody>", page,
                     re.S).group(1)
    assert len(re.findall(r"<td>\d\d/\d\d/(\d{4})</td>", rows)) == 4


def test_act_now_counts_past_its_first_rows_and_links_the_full_list(client, auth, organizer):
    for _ in range(ATTENTION_ROWS + 17):
        Case.create(kind="problem", newcomer=make_newcomer())
    Case.create(kind="erasure", newcomer=make_newcomer(), status="closed")
    mentor = make_mentor()
    for _ in range(ATTENTION_ROWS + 3):
        match = make_match(mentor, make_newcomer())
        CheckIn.create(match=match, due_at=utcnow() - timedelta(days=4))
    auth.login(organizer)
    page = client.get("/dashboard/").get_data(as_text=True)
    cases = re.search(r'id="cases-heading">(.*?)</section>', page, re.S).group(1)
    assert f"({ATTENTION_ROWS + 17})" in cases and "and 17 more" in cases
    assert 'href="/cases/"' in cases and cases.count("<li>") == ATTENTION_ROWS
    overdue = re.search(r'id="overdue-heading">(.*?)</section>', page, re.S).group(1)
    assert f"({ATTENTION_ROWS + 3})" in overdue and "and 3 more" in overdue


def test_erasure_requests_are_among_the_cases_to_act_on(app, client, auth, organizer, newcomer):
    with app.test_request_context():
        request_erasure(newcomer)
    auth.login(organizer)
    page = client.get("/dashboard/").get_data(as_text=True)
    cases = re.search(r'id="cases-heading">(.*?)</section>', page, re.S).group(1)
    assert "(1)" in cases and newcomer.display_name in cases and "Erasure" in cases
