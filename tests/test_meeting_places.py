"""Where meetings take place: a commune or online, never finer before a seat; nearest first."""
import re
from datetime import timedelta

import pytest
from playhouse.migrations import Runner

from network.db import MIGRATIONS
from network.meetings import queries
from network.models import Meeting, NewcomerProfile, utcnow

from .factories import insert_row, old_database, place
from .meetingkit import first_date, login_as, make_meeting

ADDRESS = "12 rue de la Paix, 2e étage"


@pytest.fixture
def login(auth):
    return login_as(auth)


def online(app, facilitator, title="Онлайн", **changes):
    return make_meeting(app, facilitator, title=title, city="", place="", online_only=True,
                        online_link="https://meet.example.org/r", **changes)


# The migration


OLD_MEETINGS = [
    (1, "Lyon"), (2, "lyon 7e"), (3, ""), (4, "Saint-Denis"), (5, "Rue Garibaldi"),
]


def test_0028_turns_meeting_cities_into_communes_and_clears_anything_else(app, tmp_path):
    with old_database(tmp_path, "before_0028") as (database, schema):
        runner = Runner(database, str(MIGRATIONS), schema=schema)
        runner.up(target="0027_journey")
        insert_row(database, "account", dict(id=1, email="m@example.test", display_name="M",
                                             role="mentor", status="active"), schema)
        for row_id, city in OLD_MEETINGS:
            insert_row(database, "meeting", dict(id=row_id, title="x", language="ru", city=city,
                                                 capacity=10, duration=60, recurrence="weekly",
                                                 facilitator_id=1), schema)
        runner.up()

        def where(row_id):
            return database.execute_sql(
                f"SELECT city, commune, region, online_only FROM meeting WHERE id = {row_id}"
            ).fetchone()

        assert where(1) == ("Lyon", "69123", "69", False)
        # An arrondissement is its commune: nothing finer is kept.
        assert where(2) == ("Lyon", "69123", "69", False)
        # No city was a meeting held only online.
        assert tuple(where(3)[:3]) == ("", "", "") and where(3)[3]
        # A name four départements share, and a street: both gone, the meeting still in person.
        assert where(4) == ("", "", "", False)
        assert where(5) == ("", "", "", False)
        assert database.execute_sql("SELECT COUNT(*) FROM meeting_member").fetchone() == (0,)


def test_a_meeting_whose_city_named_no_commune_asks_its_facilitator(app, client, login, mentor,
                                                                    newcomer):
    meeting = make_meeting(app, mentor)
    Meeting.update(city="", commune="", region="").where(Meeting.id == meeting.id).execute()
    login(newcomer)
    page = client.get(f"/meetings/{first_date(meeting).id}").get_data(as_text=True)
    assert "Commune not given yet" in page and "Online" not in page
    login(mentor)
    assert "choose its commune" in client.get(f"/meetings/series/{meeting.id}").get_data(
        as_text=True)


# Never finer than a commune before a seat


def test_before_a_seat_the_place_is_the_commune_and_after_it_the_address(app, client, login,
                                                                        mentor, newcomer):
    occurrence = first_date(make_meeting(app, mentor, city="Saint-Denis (93)"))
    assert Meeting.get().commune == "93066"
    login(newcomer)
    for url in ("/meetings/", f"/meetings/{occurrence.id}", f"/meetings/{occurrence.id}.ics"):
        body = client.get(url).get_data(as_text=True)
        assert "Saint-Denis (93)" in body and "rue de la Paix" not in body, url
    client.post(f"/meetings/{occurrence.id}/rsvp")
    assert ADDRESS in client.get(f"/meetings/{occurrence.id}").get_data(as_text=True)


def test_the_form_reads_back_the_commune_with_its_departement(app, client, login, mentor):
    meeting = make_meeting(app, mentor, city="Saint-Denis (93)")
    login(mentor)
    page = client.get(f"/meetings/series/{meeting.id}/edit").get_data(as_text=True)
    assert 'value="Saint-Denis (93)"' in page
    online_meeting = online(app, mentor, "Онлайн")
    page = client.get(f"/meetings/series/{online_meeting.id}/edit").get_data(as_text=True)
    assert re.search(r'<input[^>]*checked[^>]*value="online"|<input[^>]*value="online"[^>]*'
                     r'checked', page)


def test_a_meeting_can_change_from_a_commune_to_online_and_back(app, client, login, mentor):
    meeting = make_meeting(app, mentor)
    login(mentor)
    form = client.get(f"/meetings/series/{meeting.id}/edit")
    assert form.status_code == 200
    day = (utcnow() + timedelta(days=2)).date().isoformat()
    data = {"title": "Группа", "description": "", "language": "ru", "day": day,
            "starts": "19:00", "ends": "21:00", "where": "online", "city": "",
            "place": "", "online_link": "https://meet.example.org/r", "capacity": "8",
            "recurrence": "weekly", "repeat_until": ""}
    assert client.post(f"/meetings/series/{meeting.id}/edit", data=data).status_code == 302
    changed = Meeting.get_by_id(meeting.id)
    assert (changed.online_only, changed.commune, changed.city) == (True, "", "")
    data.update(where="commune", city="Лион", place="Place Bellecour")
    assert client.post(f"/meetings/series/{meeting.id}/edit", data=data).status_code == 302
    changed = Meeting.get_by_id(meeting.id)
    assert (changed.online_only, changed.commune, changed.region) == (False, "69123", "69")


# Nearest first


def test_the_list_starts_near_the_person_then_online_then_the_rest(app, client, login, mentor,
                                                                   newcomer):
    soon = (utcnow() + timedelta(days=1)).date()
    for offset, (title, city) in enumerate([("Lyon group", "Lyon"), ("Online circle", ""),
                                            ("Montreuil group", "Montreuil (93)"),
                                            ("Paris group", "Paris")]):
        make = online if not city else make_meeting
        make(app, mentor, title=title, day=soon + timedelta(days=offset), recurrence="none",
             **({"city": city} if city else {}))
    NewcomerProfile.update(**place("Saint-Denis (93)")).where(
        NewcomerProfile.user == newcomer.id).execute()
    with app.test_request_context():
        rows, _ = queries.upcoming(newcomer, region=queries.home_region(newcomer))
    # The same département first, then online, then the rest soonest first.
    assert [(row.meeting.title, row.nearness) for row in rows] == [
        ("Montreuil group", queries.NEAR), ("Online circle", queries.ONLINE),
        ("Lyon group", queries.ELSEWHERE), ("Paris group", queries.ELSEWHERE)]
    login(newcomer)
    page = client.get("/meetings/").get_data(as_text=True)
    coming = page[page.index('id="coming-heading"'):]
    assert [title for title in re.findall(r">(\w+ (?:group|circle))</a>", coming)] == [
        "Montreuil group", "Online circle", "Lyon group", "Paris group"]
    assert "(93)" in coming and coming.count("Near you") == 1
    assert "First the meetings in your département (93)" in coming


def test_without_a_commune_the_online_meetings_come_first(app, client, login, mentor, newcomer):
    make_meeting(app, mentor, title="Paris group", day=(utcnow() + timedelta(days=1)).date(),
                 recurrence="none")
    online(app, mentor, "Online circle", day=(utcnow() + timedelta(days=3)).date(),
           recurrence="none")
    NewcomerProfile.update(city="", commune="", region="").where(
        NewcomerProfile.user == newcomer.id).execute()
    login(newcomer)
    page = client.get("/meetings/").get_data(as_text=True)
    coming = page[page.index('id="coming-heading"'):]
    assert coming.index("Online circle") < coming.index("Paris group")
    assert "Near you" not in coming and "Give your city in your profile" in coming



def test_pages_run_on_from_one_group_to_the_next_without_losing_or_repeating_a_date(
        app, mentor, newcomer, monkeypatch):
    monkeypatch.setattr(queries, "PAGE_SIZE", 2)
    soon = (utcnow() + timedelta(days=1)).date()
    for offset, (title, city) in enumerate([("Lyon 1", "Lyon"), ("Montreuil 1", "Montreuil (93)"),
                                            ("Online 1", ""), ("Lyon 2", "Lyon"),
                                            ("Online 2", ""), ("Montreuil 2", "Montreuil (93)")]):
        make = online if not city else make_meeting
        make(app, mentor, title=title, day=soon + timedelta(days=offset), recurrence="none",
             **({"city": city} if city else {}))
    seen, page, more = [], 1, True
    with app.test_request_context():
        while more:
            rows, more = queries.upcoming(newcomer, region="93", page=page)
            seen += [row.meeting.title for row in rows]
            page += 1
    assert seen == ["Montreuil 1", "Montreuil 2", "Online 1", "Online 2", "Lyon 1", "Lyon 2"]
    assert page == 4


def test_the_series_one_runs_come_by_their_next_date_even_past_the_first_batch(
        app, mentor, organizer, monkeypatch):
    monkeypatch.setattr(queries, "MANAGED_BATCH", 3)
    soon = (utcnow() + timedelta(days=1)).date()
    make_meeting(app, mentor, title="Weekly", day=soon, recurrence="weekly")
    for n in range(2):
        make_meeting(app, mentor, title=f"Later {n}", day=soon + timedelta(days=60 + n),
                     recurrence="none")
    cancelled = make_meeting(app, mentor, title="Cancelled", day=soon, recurrence="none")
    Meeting.update(cancelled_at=utcnow()).where(Meeting.id == cancelled.id).execute()
    # The weekly series fills the first batches with its own dates: the others come after.
    for who in (mentor, organizer):
        rows = queries.managed_meetings(who)
        assert [row.title for row in rows] == ["Weekly", "Later 0", "Later 1"]
        assert rows[0].next_at.date() == soon


@pytest.mark.parametrize("region", ["", "93"])
def test_a_meeting_whose_commune_is_not_given_yet_is_still_listed(app, mentor, newcomer, region):
    legacy = make_meeting(app, mentor, title="Old city", day=(utcnow() + timedelta(days=1)).date(),
                          recurrence="none")
    Meeting.update(commune="", region="").where(Meeting.id == legacy.id).execute()
    with app.test_request_context():
        rows, _ = queries.upcoming(newcomer, region=region)
    assert [(row.meeting.title, row.nearness) for row in rows] == [("Old city", queries.ELSEWHERE)]
