"""Nothing personal in a URL: the organizers' lists keep their filters on the login session,
their links carry only a page number, and a second page is filtered like the first."""
import re
from urllib.parse import quote, quote_plus

import pytest

from network.auth import sessions
from network.models import AuditEvent, LoginSession, NewcomerProfile, VolunteerProfile
from network.people import service as people

from .factories import filtered, make_mentor, make_newcomer, make_offer

NAME = "Гордей"
PLACE = "Villeurbanne"
# Every address a page leads to: links, form actions, and what a script or a redirect reads.
ADDRESSES = re.compile(r"""(?:href|action|src|formaction|data-[a-z-]+)=["']([^"']*)["']""")


def _person(make, profile, name, city):
    person = make(name=name)
    profile.update(city=city, region="69").where(profile.user == person.id).execute()
    return person


def _newcomers():
    return [_person(make_newcomer, NewcomerProfile, f"{NAME} {n}", PLACE) for n in range(3)], [
        _person(make_newcomer, NewcomerProfile, f"{NAME} {n}", "Lyon") for n in range(2)]


def _volunteers():
    wanted = [_person(make_mentor, VolunteerProfile, f"{NAME} {n}", PLACE) for n in range(3)]
    for person in wanted:
        make_offer(person, "housing", beds=1, city="Lyon")
    mentoring = _person(make_mentor, VolunteerProfile, f"{NAME} 9", PLACE)
    make_offer(mentoring, "mentor")
    return wanted, [mentoring, _person(make_mentor, VolunteerProfile, f"{NAME} 8", "Lyon")]


def _events(organizer):
    wanted = [make_newcomer(name=f"{NAME} {n}") for n in range(3)]
    others = [make_newcomer(name=f"Тарас {n}") for n in range(2)]
    for person in wanted + others:
        AuditEvent.create(actor_id=organizer.id, action="newcomer.viewed", target_type="user",
                          target_id=person.id)
    return wanted, others


LISTS = {
    "newcomers": ("/people/newcomers", dict(search=NAME, place=PLACE[:6]), _newcomers),
    "volunteers": ("/people/volunteers", dict(search=NAME, place=PLACE[:6], kind="housing"),
                   _volunteers),
    "audit": ("/audit/", dict(person=NAME), _events),
}


def _shown(page, people_):
    return {person.id for person in people_
            if f"#{person.id}<" in page or f"Person no. {person.id}<" in page}


@pytest.mark.parametrize("name", LISTS)
def test_a_filtered_list_keeps_its_filters_out_of_every_url_and_on_its_second_page(
        app, client, auth, organizer, monkeypatch, name):
    path, values, grow = LISTS[name]
    monkeypatch.setattr(people, "PAGE_SIZE", 2)
    app.config["AUDIT_PAGE_SIZE"] = 2
    wanted, others = grow(organizer) if name == "audit" else grow()
    auth.login(organizer)

    posted = client.post(path, data=values)
    assert posted.status_code == 303 and posted.headers["Location"] == path
    first = client.get(path).get_data(as_text=True)
    second = client.get(f"{path}?page=2").get_data(as_text=True)
    assert _shown(first, wanted) | _shown(second, wanted) == {p.id for p in wanted}
    assert not _shown(first + second, others)
    assert 'rel="next"' in first and f'href="{path}?page=2"' in first

    for page in (first, second):
        # The search is in the form's fields, which post; in no address the page holds.
        assert f'value="{NAME}"' in page
        for address in ADDRESSES.findall(page):
            for secret in (NAME, values.get("place", NAME)):
                assert all(form not in address for form in (secret, quote(secret),
                                                            quote_plus(secret))), address


@pytest.mark.parametrize("name", LISTS)
def test_show_all_forgets_the_filters_and_a_query_string_sets_none(app, client, auth, organizer,
                                                                   name):
    path, values, grow = LISTS[name]
    wanted, others = grow(organizer) if name == "audit" else grow()
    auth.login(organizer)
    # A filter in a URL (an old bookmark) is not obeyed: searches are never asked for that way.
    assert _shown(client.get(f"{path}?search={NAME}&person={NAME}").get_data(as_text=True),
                  others)
    filtered(client, path, **values)
    assert not _shown(client.get(path).get_data(as_text=True), others)
    everyone = filtered(client, path, clear="1").get_data(as_text=True)
    assert _shown(everyone, others) == {p.id for p in others}


def test_the_filters_end_with_the_login_session_and_are_encrypted(app, client, auth, organizer):
    auth.login(organizer)
    filtered(client, "/people/newcomers", search=NAME)
    row = LoginSession.get(LoginSession.user == organizer.id)
    assert NAME in row.list_filters
    stored = LoginSession.select(LoginSession.list_filters).tuples().get()[0]
    assert NAME not in stored
    auth.logout()
    assert not LoginSession.select().where(LoginSession.user == organizer.id).exists()
    auth.login(organizer)
    with app.test_request_context():
        organizer.login_session_id = LoginSession.get(LoginSession.user == organizer.id).id
        assert sessions.kept_filters(organizer, "newcomers") == {}


def test_a_filter_refused_says_why_and_keeps_what_was_kept(client, auth, organizer):
    auth.login(organizer)
    filtered(client, "/people/newcomers", search=NAME)
    refused = filtered(client, "/people/newcomers", search="x" * 81)
    assert refused.status_code == 200
    assert "Field cannot be longer than 80 characters." in refused.get_data(as_text=True)
    assert f'value="{NAME}"' in client.get("/people/newcomers").get_data(as_text=True)
