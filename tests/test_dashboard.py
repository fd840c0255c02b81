"""The dashboard: attention items, figures, charts with tables, exports, flat query counts."""
import csv
import io
from datetime import date, timedelta

import pytest

from network.models import (
    AuditEvent,
    CheckIn,
    Deadline,
    HelpRequest,
    Match,
    NewcomerProfile,
    utcnow,
)

from .factories import make_mentor, make_newcomer, make_offer, make_organizer, make_request
from .querycount import count_queries


def _grow(n):
    """n more of everything the dashboard looks at."""
    now = utcnow()
    for i in range(n):
        mentor = make_mentor(status="pending" if i % 3 == 0 else "active")
        newcomer = make_newcomer()
        offer = make_offer(mentor, capacity=2, used=1)
        match = Match.create(request=make_request(newcomer, status="matched"), offer=offer,
                             newcomer=newcomer, volunteer=mentor, kind="mentor", status="active",
                             responded_at=now - timedelta(days=i))
        CheckIn.create(match=match, due_at=now - timedelta(days=5 + i), status="missed")
        CheckIn.create(match=match, due_at=now - timedelta(days=10 + i), status="done",
                       logged_at=now - timedelta(days=10 + i), flags="safety", wellbeing=1)
        make_request(make_newcomer(), "housing", urgency="tonight")
        # Its CNDA appeal deadline falls within the week.
        Deadline.create(newcomer=newcomer, kind="ofpra_decision",
                        date=date.today() - timedelta(days=29))
        (NewcomerProfile.update(unreachable_since=now)
         .where(NewcomerProfile.user == newcomer).execute())


def test_every_attention_item_links_to_where_it_is_resolved(client, auth, organizer):
    _grow(2)
    auth.login(organizer)
    page = client.get("/dashboard/").get_data(as_text=True)
    for fragment in ("/checkins/", "/people/newcomers/", "/procedure/newcomer/",
                     "/matching/requests/", "/people/volunteers/"):
        assert fragment in page, fragment
    assert page.count("<svg") == 4 and page.count("<details>") == 4


def test_query_count_does_not_grow_with_the_network(app, client, auth, organizer):
    _grow(1)
    auth.login(organizer)
    client.get("/dashboard/")
    with count_queries() as small:
        assert client.get("/dashboard/?weeks=52").status_code == 200
    _grow(12)
    app.extensions["passage.dashboard_figures"].clear()  # counted afresh, not kept
    with count_queries() as large:
        assert client.get("/dashboard/?weeks=52").status_code == 200
    assert small["n"] == large["n"]


def test_figures_are_right(app, ctx, organizer):
    from network.dashboard import service

    _grow(3)
    figures = service.figures(utcnow(), 4, None)
    assert figures["open_requests"]["housing"]["count"] == 3
    assert figures["active"]["mentor"] == 3
    assert figures["checkins_total"] == [6, 3]
    assert figures["capacity"][("mentor", "Paris")] == {"capacity": 6, "used": 3}
    assert sum(figures["arrivals"]) == 6


def test_city_filter(client, auth, organizer):
    _grow(1)
    lyon = make_newcomer()
    NewcomerProfile.update(city="Lyon").where(NewcomerProfile.user == lyon).execute()
    make_request(lyon, "housing", urgency="tonight")
    auth.login(organizer)
    page = client.get("/dashboard/?city=Lyon").get_data(as_text=True)
    assert lyon.display_name in page


@pytest.mark.parametrize("query", ["?weeks=5", "?weeks=abc", "?city=" + "x" * 500, "?weeks=-1"])
def test_nonsense_filters_fall_back(client, auth, organizer, query):
    auth.login(organizer)
    assert client.get("/dashboard/" + query).status_code == 200


def test_exports_are_audited_and_hold_no_contact_data(client, auth, organizer):
    _grow(2)
    NewcomerProfile.update(contact="@secret_contact", notes="private note").execute()
    auth.login(organizer)
    figures = client.get("/dashboard/figures-long.csv?weeks=4")
    rows = list(csv.reader(io.StringIO(figures.get_data().decode("utf-8-sig"))))
    assert rows[0] == ["group", "key", "measure", "value"]
    assert ["kind", "housing", "open_requests", "2"] in rows
    matches = client.get("/dashboard/matches.csv").get_data(as_text=True)
    assert "@secret_contact" not in matches and "private note" not in matches
    assert len(list(csv.reader(io.StringIO(matches)))) == 3
    assert AuditEvent.select().where(AuditEvent.action == "dashboard.exported").count() == 2


def test_mentors_and_newcomers_get_no_dashboard(client, auth, mentor, newcomer):
    for person in (mentor, newcomer):
        auth.login(person)
        assert client.get("/dashboard/").status_code == 403
        assert client.get("/dashboard/matches.csv").status_code == 403
        auth.logout()
    assert HelpRequest.select().count() == 0


def test_figures_are_counted_again_after_a_minute_and_attention_is_always_live(
        app, client, auth, organizer, monkeypatch):
    from network.dashboard import views

    monkeypatch.setattr(app.extensions["passage.pages"], "seconds", 0)  # tested apart
    start = utcnow()
    clock = {"now": start}
    monkeypatch.setattr(views, "utcnow", lambda: clock["now"])
    auth.login(organizer)

    def page():
        return client.get("/dashboard/?weeks=4").get_data(as_text=True)

    before = page()
    make_request(make_newcomer(), "housing", urgency="tonight")
    clock["now"] = start + timedelta(seconds=30)
    kept = page()
    assert "Housing needed tonight (1)" in kept and "Housing needed tonight (0)" in before
    assert _open_housing(kept) == _open_housing(before)  # figures: a minute old at most
    clock["now"] = start + timedelta(seconds=61)
    assert _open_housing(page()) == _open_housing(before) + 1


def test_the_kept_figures_are_shown_in_each_organizers_language(client, auth, organizer):
    french = make_organizer(locale="fr")
    auth.login(organizer)
    assert "Where the network stands" in client.get("/dashboard/").get_data(as_text=True)
    auth.logout()
    auth.login(french)
    page = client.get("/dashboard/").get_data(as_text=True)
    assert "Où en est le réseau" in page and "Where the network stands" not in page


def _open_housing(page):
    row = page.split('<th scope="row">Housing</th><td>')[1]
    return int(row.split("<")[0])
