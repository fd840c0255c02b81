"""CSV downloads: a cell written by a user never runs as a formula in a spreadsheet."""
import csv
import io

import pytest

from network.models import Match
from network.spreadsheet import safe_cell

from .factories import make_mentor, make_newcomer, make_offer, make_request

HOSTILE_NEWCOMER = '=HYPERLINK("http://evil.test","x")'
HOSTILE_MENTOR = "@SUM(1+1)*cmd|' /C calc'!A0"


def test_a_pseudonym_in_the_matches_export_cannot_run_as_a_formula(client, auth, organizer):
    newcomer = make_newcomer(name=HOSTILE_NEWCOMER)
    mentor = make_mentor(name=HOSTILE_MENTOR)
    Match.create(request=make_request(newcomer), offer=make_offer(mentor), newcomer=newcomer,
                 volunteer=mentor, kind="mentor", status="proposed", score=-5)
    auth.login(organizer)

    text = client.get("/dashboard/matches.csv").get_data().decode("utf-8-sig")

    header, row = csv.reader(io.StringIO(text))
    record = dict(zip(header, row))
    assert (record["Newcomer"], record["Volunteer"]) == ("'" + HOSTILE_NEWCOMER,
                                                         "'" + HOSTILE_MENTOR)
    assert not [cell for cell in row if cell.startswith(("=", "+", "@", "\t", "\r"))]
    # A number is a number, even a negative one.
    assert record["Score"] == "-5"


@pytest.mark.parametrize("text", ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1",
                                  "  =1+1", "-"])
def test_every_formula_start_is_quoted(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Алексей", "a=b", "", "2026-12-01", 3, -1.5, None])
def test_other_values_are_kept(value):
    assert safe_cell(value) == value


def test_a_download_opens_with_its_cyrillic_intact(client, auth, organizer):
    newcomer = make_newcomer(name="Алексей Іванович")
    mentor = make_mentor(name="Марина")
    Match.create(request=make_request(newcomer), offer=make_offer(mentor), newcomer=newcomer,
                 volunteer=mentor, kind="mentor", status="proposed")
    auth.login(organizer)
    response = client.get("/dashboard/matches.csv")
    body = response.get_data()
    # The byte-order mark is what tells Excel the file is UTF-8.
    assert body.startswith(b"\xef\xbb\xbf") and "charset=utf-8" in response.content_type
    header, row = csv.reader(io.StringIO(body.decode("utf-8-sig")))
    record = dict(zip(header, row))
    assert (record["Newcomer"], record["Volunteer"]) == ("Алексей Іванович", "Марина")
