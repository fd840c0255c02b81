"""CSV downloads a person opens: a byte-order mark, headers in the organizer's language, ISO dates,
Paris times to the minute, one row per week; the long format under codes for programs."""
import csv
import io
from datetime import datetime, timedelta

import pytest

from network.models import CheckIn, HelpRequest, User, utcnow

from .factories import make_match, make_mentor, make_newcomer


def _read(response, delimiter=","):
    body = response.get_data()
    # Excel shows Cyrillic only from a file that starts with the UTF-8 byte-order mark.
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=delimiter))


def _in(locale, organizer):
    User.update(locale=locale).where(User.id == organizer.id).execute()


def test_the_weekly_figures_read_in_russian_one_row_per_week(client, auth, organizer):
    mentor = make_mentor()
    match = make_match(mentor, make_newcomer())
    CheckIn.create(match=match, due_at=utcnow() - timedelta(days=3), status="missed")
    _in("ru", organizer)
    auth.login(organizer)
    rows = _read(client.get("/dashboard/figures.csv?weeks=12"), delimiter=";")
    assert rows[0] == ["Неделя с", "Новоприбывшие за неделю", "Бесед запланировано",
                       "Бесед проведено вовремя", "Проведено встреч",
                       "Пришли на встречи (человек)",
                       "Дней от заявки до принятой пары (медиана за неделю)"]
    weeks = rows[1:]
    assert len(weeks) == 12
    firsts = [datetime.strptime(row[0], "%Y-%m-%d").date() for row in weeks]
    assert all(b - a == timedelta(weeks=1) for a, b in zip(firsts, firsts[1:]))
    assert sum(int(row[1]) for row in weeks) == 1 and sum(int(row[2]) for row in weeks) == 1


def test_the_weekly_figures_in_ukrainian_and_french(client, auth, organizer):
    for locale, first in (("uk", "Тиждень від"), ("fr", "Semaine du")):
        _in(locale, organizer)
        auth.login(organizer)
        assert _read(client.get("/dashboard/figures.csv"), delimiter=";")[0][0] == first
        auth.logout()


def test_matches_give_paris_times_to_the_minute_and_words(client, auth, organizer):
    newcomer = make_newcomer(name="Алёша")
    # 10:05:33 UTC on 1 July is 12:05 in Paris (summer time), 9:59:59 in January 10:59.
    match = make_match(make_mentor(), newcomer, proposed_at=datetime(2026, 7, 1, 10, 5, 33))
    HelpRequest.update(created_at=datetime(2026, 1, 15, 9, 59, 59)).where(
        HelpRequest.id == match.request_id).execute()
    _in("ru", organizer)
    auth.login(organizer)
    rows = _read(client.get("/dashboard/matches.csv"), delimiter=";")
    assert rows[0][:3] == ["Номер", "Вид помощи", "Статус"]
    row = rows[1]
    assert row[1] == "Наставник" and "Алёша" in row
    assert "2026-01-15 10:59" in row and "2026-07-01 12:05" in row


def test_the_long_format_keeps_codes_and_iso_weeks(client, auth, organizer):
    _in("ru", organizer)
    auth.login(organizer)
    rows = _read(client.get("/dashboard/figures-long.csv?weeks=4"))
    assert rows[0] == ["group", "key", "measure", "value"]
    weeks = [row for row in rows if row[0] == "week" and row[2] == "newcomers_arrived"]
    assert len(weeks) == 4 and all(len(row[1]) == 10 and row[1][4] == "-" for row in weeks)


def _median_of_two_and_a_half_days():
    match = make_match(make_mentor(), make_newcomer(), responded_at=utcnow() - timedelta(hours=1))
    HelpRequest.update(created_at=match.responded_at - timedelta(days=2, hours=12)).where(
        HelpRequest.id == match.request_id).execute()


@pytest.mark.parametrize("locale, delimiter, wait", [
    ("ru", ";", "2,5"), ("uk", ";", "2,5"), ("fr", ";", "2,5"), ("en", ",", "2.5")])
def test_the_weekly_numbers_are_written_as_the_organizer_spreadsheet_reads_them(
        client, auth, organizer, locale, delimiter, wait):
    """Where a comma writes decimals, Excel splits a CSV on semicolons: «2,5» stays a number."""
    _median_of_two_and_a_half_days()
    _in(locale, organizer)
    auth.login(organizer)
    body = client.get("/dashboard/figures.csv?weeks=4").get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=delimiter))
    assert all(len(row) == 7 for row in rows)
    assert [row[6] for row in rows[1:] if row[6]] == [wait]
    assert '"' not in body
    matches = client.get("/dashboard/matches.csv").get_data().decode("utf-8-sig")
    assert len(next(csv.reader(io.StringIO(matches), delimiter=delimiter))) == 11


def test_the_long_format_keeps_plain_numbers_and_commas(client, auth, organizer):
    _median_of_two_and_a_half_days()
    _in("fr", organizer)
    auth.login(organizer)
    rows = _read(client.get("/dashboard/figures-long.csv?weeks=4"))
    assert ["2.5"] == [row[3] for row in rows
                       if row[2] == "median_days_to_match" and row[0] == "week" and row[3]]
