"""Newcomers: their profile, their requests, and what they see of the volunteers matched."""
import re
from datetime import timedelta

import pytest

from network.core.contacts import check_contact
from network.core.errors import ServiceError
from network.db import db
from network.help import service
from network.models import AuditEvent, HelpRequest, Match, NewcomerProfile, Offer, utcnow
from network.models.fields import levels
from network.timeutil import paris_date

from .factories import make_mentor, make_newcomer, make_organizer, make_request
from .querycount import count_queries

TODAY = paris_date(utcnow())


def _profile(**changes):
    form = {"lang_ru": "native", "lang_fr": "a1", "city": "Lyon",
            "arrival_date": (TODAY - timedelta(days=10)).isoformat(), "household": "partner",
            "gender": "man", "host_pref": "any", "pets": "y", "contact_channel": "telegram",
            "contact": "@alexei_lyon", "notes": "Говорю по-русски."}
    form.update(changes)
    return {key: value for key, value in form.items() if value is not None}


def _housing(**changes):
    form = {"urgency": "this_week", "start": (TODAY + timedelta(days=2)).isoformat(),
            "nights": "14", "people": "2", "note": ""}
    form.update(changes)
    return form


def _active_match(help_request, offer, status="active"):
    """A match as the matching service leaves it once the volunteer accepted."""
    Offer.update(used=Offer.used + 1).where(Offer.id == offer.id).execute()
    HelpRequest.update(status="matched" if status == "active" else "proposed").where(
        HelpRequest.id == help_request.id).execute()
    return Match.create(request=help_request, offer=offer, newcomer=help_request.newcomer_id,
                        volunteer=offer.volunteer_id, kind=help_request.kind, status=status)


@pytest.fixture
def host(app):
    """A host with a contact and a housing offer at a secret address."""
    volunteer = make_mentor(name="Hélène Hôte")
    from network.models import VolunteerProfile
    VolunteerProfile.update(contact="+33 6 11 22 33 44").where(
        VolunteerProfile.user == volunteer).execute()
    offer = Offer.create(volunteer=volunteer, kind="housing", beds=2, city="Paris",
                         available_from=TODAY, address="12 rue Secrète, 3e étage")
    return volunteer, offer


def test_profile_keeps_languages_with_levels_and_encrypts_the_contact(client, auth, newcomer):
    auth.login(newcomer)
    response = client.post("/help/profile", data=_profile())
    assert response.status_code == 302
    profile = NewcomerProfile.get(NewcomerProfile.user == newcomer)
    assert (list(profile.languages.items()), profile.city, profile.region) == (
        [("ru", "native"), ("fr", "a1")], "Lyon", "69")
    assert (profile.household, profile.gender, profile.pets, profile.smokes) == (
        "partner", "man", True, False)
    assert (profile.contact_channel, profile.contact) == ("telegram", "@alexei_lyon")
    raw = db.execute_sql(f"SELECT contact FROM newcomer_profile WHERE id = {db.param}",
                         (profile.id,)).fetchone()[0]
    assert "alexei" not in raw
    page = client.get("/help/profile").get_data(as_text=True)
    assert 'value="@alexei_lyon"' in page and '<option selected value="a1">' in page


@pytest.mark.parametrize("changes, message", [
    ({"city": "Лион, ул. Гарибальди 12"}, "never a street address"),
    ({"city": ""}, "Write the commune"),
    ({"city": "x" * 81}, "No French commune"),
    ({"city": "Saint-Denis"}, "Saint-Denis (93), Saint-Denis (11)"),
    ({"lang_ru": "", "lang_fr": ""}, "Choose at least one language you speak."),
    ({"lang_ru": "fluent-ish"}, "Not a valid choice"),
    ({"contact_channel": "phone", "contact": "call me maybe"}, "Write a phone number"),
    ({"contact_channel": "email", "contact": "not-an-email"}, "Enter a valid email address."),
    ({"contact_channel": "", "contact": "+33 6 00 00 00 00"}, "Choose how we can reach you."),
    ({"contact_channel": "signal", "contact": ""}, "Write the number, username or address"),
    ({"arrival_date": (TODAY + timedelta(days=3)).isoformat()}, "cannot be in the future"),
    ({"notes": "x" * 2001}, "longer than 2000 characters"),
    ({"household": "commune"}, "Not a valid choice"),
])
def test_bad_profile_input_gets_a_message_and_changes_nothing(client, auth, newcomer, changes,
                                                               message):
    auth.login(newcomer)
    response = client.post("/help/profile", data=_profile(**changes))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    profile = NewcomerProfile.get(NewcomerProfile.user == newcomer)
    assert (profile.city, profile.languages) == ("Paris", {"ru": "native"})
    assert profile.contact.startswith("@newcomer_")


def test_the_profile_form_shows_a_language_given_at_sign_up(client, auth, newcomer):
    auth.login(newcomer)
    page = client.get("/help/profile").get_data(as_text=True)
    assert '<option selected value="native">' in page


def test_languages_round_trip():
    assert levels("ru:native,fr:a1,uk") == {"ru": "native", "fr": "a1", "uk": "native"}
    assert service.format_languages({"fr": "a1", "ru": "native", "en": ""}) == "ru:native,fr:a1"


@pytest.mark.parametrize("channel, value, ok", [
    ("telegram", "@alexei_lyon", True), ("telegram", "+33 6 12 34 56 78", True),
    ("telegram", "@ab", False), ("signal", "alexei.42", True), ("signal", "+33612345678", True),
    ("signal", "alexei", False), ("phone", "06 12 34 56 78", True), ("phone", "12", False),
    ("email", "a@example.test", True), ("", "", True), ("", "x", False), ("phone", "", False),
    ("phone", "+7 999 123-45-67", True), ("phone", "00 00 00 00 00", False),
    ("phone", "+33 1 23", False),
])
def test_check_contact(app, channel, value, ok):
    with app.test_request_context():
        assert (check_contact(channel, value) is None) is ok


def test_a_newcomer_asks_for_three_kinds_of_help_at_once(client, auth, newcomer):
    auth.login(newcomer)
    assert client.post("/help/new/mentor", data={"online_ok": "y"}).status_code == 302
    assert client.post("/help/new/housing", data=_housing(urgency="tonight")).status_code == 302
    assert client.post("/help/new/language",
                       data={"wants": "fr", "level": "a1", "online_ok": "y"}).status_code == 302
    rows = {r.kind: r for r in HelpRequest.select().where(HelpRequest.newcomer == newcomer)}
    assert set(rows) == {"mentor", "housing", "language"}
    assert rows["mentor"].online_ok and rows["mentor"].status == "open"
    housing = rows["housing"]
    assert (housing.urgency, housing.nights, housing.people) == ("tonight", 14, 2)
    page = client.get(f"/help/requests/{housing.id}").get_data(as_text=True)
    assert '<a href="tel:115">' in page
    assert housing.start == TODAY + timedelta(days=2)
    assert (rows["language"].wants, rows["language"].level) == ("fr", "a1")
    assert AuditEvent.select().where(AuditEvent.action == "request.created").count() == 3
    page = client.get("/help/").get_data(as_text=True)
    assert page.count("Looking for a volunteer") == 3
    assert "/help/new/" not in page


def test_one_live_request_per_kind(client, auth, newcomer):
    auth.login(newcomer)
    client.post("/help/new/mentor", data={})
    response = client.post("/help/new/mentor", data={})
    assert "You already have a request of this kind." in response.get_data(as_text=True)
    assert HelpRequest.select().count() == 1
    HelpRequest.update(status="cancelled").execute()
    assert client.post("/help/new/mentor", data={}).status_code == 302
    assert HelpRequest.select().count() == 2


def test_the_housing_form_chooses_no_urgency_and_gives_the_115_number(client, auth, newcomer):
    auth.login(newcomer)
    page = client.get("/help/new/housing").get_data(as_text=True)
    first = re.search(r'<select[^>]*name="urgency"[^>]*>\s*<option[^>]*>', page).group(0)
    assert first.endswith('<option value="">') and "selected" not in first
    assert "call 115" in page and 'selected value="tonight"' not in page


@pytest.mark.parametrize("changes, message", [
    ({"nights": "0"}, "Number must be between 1 and 365."),
    ({"nights": "366"}, "Number must be between 1 and 365."),
    ({"people": "13"}, "Number must be between 1 and 12."),
    ({"people": "two"}, "Not a valid integer value."),
    ({"start": ""}, "Choose the first night you need a place."),
    ({"start": "31/12/2026"}, "Not a valid date value."),
    ({"start": (TODAY - timedelta(days=1)).isoformat()}, "cannot be in the past"),
    ({"start": (TODAY + timedelta(days=400)).isoformat()}, "at most one year ahead"),
    ({"urgency": "yesterday"}, "Not a valid choice"),
    # Nothing is chosen for the person: no answer is no urgency, not "tonight".
    ({"urgency": ""}, "Choose how urgent it is."),
    ({"note": "x" * 1001}, "longer than 1000 characters"),
])
def test_bad_housing_request_gets_a_message_and_writes_nothing(client, auth, newcomer, changes,
                                                               message):
    auth.login(newcomer)
    response = client.post("/help/new/housing", data=_housing(**changes))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert HelpRequest.select().count() == 0


def test_bad_language_request_and_unknown_kind_write_nothing(client, auth, newcomer):
    auth.login(newcomer)
    response = client.post("/help/new/language", data={"wants": "klingon", "level": "a1"})
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert client.post("/help/new/lawyer", data={}).status_code == 404
    assert HelpRequest.select().count() == 0


@pytest.mark.parametrize("kind, fields, message", [
    ("lawyer", {}, "Unknown kind of help."),
    ("language", {"wants": "fr", "level": "native"}, "Choose the language and your level"),
    ("housing", {"urgency": "later", "start": None}, "Choose the first night"),
    ("housing", {"urgency": "later", "start": TODAY, "nights": 0}, "between 1 and 365"),
    ("housing", {"urgency": "later", "start": TODAY, "people": 40}, "between 1 and 12"),
    # Nobody chooses for the person: without their answer there is no urgency to store.
    ("housing", {"start": TODAY}, "Choose how urgent it is."),
    ("mentor", {"note": "x" * 1001}, "The note is too long"),
])
def test_create_request_refuses_what_the_form_would(app, newcomer, kind, fields, message):
    with app.test_request_context(), pytest.raises(ServiceError, match=message):
        service.create_request(newcomer, kind, **fields)
    assert HelpRequest.select().count() == 0


def test_only_newcomers_create_requests(app, mentor):
    with app.test_request_context(), pytest.raises(ServiceError):
        service.create_request(mentor, "mentor")


def test_a_pending_newcomer_may_already_ask_for_help(client, auth, app):
    pending = make_newcomer(status="pending")
    auth.login(pending)
    assert client.get("/help/profile").status_code == 200
    assert client.post("/help/new/mentor", data={}).status_code == 302
    page = client.get("/help/").get_data(as_text=True)
    assert "the search for volunteers starts once you are taken in" in page
    assert 'href="/help/"' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("who", ["mentor", "organizer"])
def test_volunteers_cannot_use_the_newcomer_pages(client, auth, app, who):
    auth.login(make_mentor() if who == "mentor" else make_organizer())
    for url in ("/help/", "/help/profile", "/help/new/mentor"):
        assert client.get(url).status_code == 403
    assert client.post("/help/new/mentor", data={}).status_code == 403
    assert HelpRequest.select().count() == 0


def test_another_newcomers_request_is_not_found(client, auth, newcomer, host):
    other = make_newcomer(name="Другой")
    theirs = HelpRequest.create(newcomer=other, kind="housing", start=TODAY)
    _active_match(theirs, host[1])
    auth.login(newcomer)
    assert client.get(f"/help/requests/{theirs.id}").status_code == 404
    assert client.post(f"/help/requests/{theirs.id}/withdraw").status_code == 404
    assert client.get("/help/requests/999999").status_code == 404
    assert HelpRequest.get_by_id(theirs.id).status == "matched"
    assert "Secrète" not in client.get("/help/").get_data(as_text=True)
    assert "Secrète" not in client.get("/").get_data(as_text=True)


def test_the_guest_sees_the_host_contact_and_address_once_accepted(client, auth, newcomer, host):
    volunteer, offer = host
    mine = HelpRequest.create(newcomer=newcomer, kind="housing", start=TODAY, nights=3)
    match = _active_match(mine, offer, status="proposed")
    auth.login(newcomer)
    for url in ("/help/", f"/help/requests/{mine.id}", "/"):
        page = client.get(url).get_data(as_text=True)
        assert "Secrète" not in page and "Hélène" not in page and "+33 6 11" not in page, url
    Match.update(status="active").where(Match.id == match.id).execute()
    HelpRequest.update(status="matched").where(HelpRequest.id == mine.id).execute()
    for url in ("/help/", f"/help/requests/{mine.id}", "/"):
        page = client.get(url).get_data(as_text=True)
        assert "12 rue Secrète, 3e étage" in page and "Hélène Hôte" in page, url
        assert "+33 6 11 22 33 44" in page


def test_a_mentor_match_never_reveals_the_mentors_housing_address(client, auth, newcomer, host):
    volunteer, housing = host
    mentoring = Offer.create(volunteer=volunteer, kind="mentor", capacity=2)
    _active_match(HelpRequest.create(newcomer=newcomer, kind="mentor"), mentoring)
    auth.login(newcomer)
    page = client.get("/help/").get_data(as_text=True)
    assert "Hélène Hôte" in page and "Secrète" not in page


def test_withdrawing_an_open_request(client, auth, newcomer):
    mine = HelpRequest.create(newcomer=newcomer, kind="mentor")
    auth.login(newcomer)
    response = client.post(f"/help/requests/{mine.id}/withdraw")
    assert response.status_code == 302
    assert HelpRequest.get_by_id(mine.id).status == "cancelled"
    page = client.get("/help/").get_data(as_text=True)
    assert "Your request is withdrawn." in page and "Withdrawn" in page
    again = client.post(f"/help/requests/{mine.id}/withdraw", follow_redirects=True)
    assert "This request is already closed." in again.get_data(as_text=True)


def test_withdrawing_ends_the_match_and_frees_the_bed(client, auth, newcomer, host):
    mine = HelpRequest.create(newcomer=newcomer, kind="housing", start=TODAY)
    match = _active_match(mine, host[1])
    auth.login(newcomer)
    client.post(f"/help/requests/{mine.id}/withdraw")
    assert HelpRequest.get_by_id(mine.id).status == "cancelled"
    assert Match.get_by_id(match.id).status == "ended"
    assert Offer.get_by_id(host[1].id).used == 0
    assert "Secrète" not in client.get("/help/").get_data(as_text=True)


def test_pages_cost_the_same_number_of_queries_with_more_requests(client, auth, newcomer, host):
    auth.login(newcomer)
    HelpRequest.create(newcomer=newcomer, kind="mentor")
    with count_queries() as few_home:
        client.get("/")
    with count_queries() as few_list:
        client.get("/help/")
    _active_match(HelpRequest.create(newcomer=newcomer, kind="housing", start=TODAY), host[1])
    language = Offer.create(volunteer=make_mentor(), kind="language", teaches="fr", levels="a1")
    _active_match(HelpRequest.create(newcomer=newcomer, kind="language", wants="fr", level="a1"),
                  language)
    for _ in range(5):
        HelpRequest.create(newcomer=newcomer, kind="mentor", status="cancelled")
    with count_queries() as many_home:
        page = client.get("/").get_data(as_text=True)
    with count_queries() as many_list:
        client.get("/help/")
    assert "Secrète" in page
    assert few_home["n"] > 0
    assert (many_home["n"], many_list["n"]) == (few_home["n"], few_list["n"])


def test_the_demo_gives_the_board_open_requests_of_every_kind(app, client, auth):
    from network.demo import seed_demo
    from network.models import User

    with app.app_context():
        seed_demo("demo passphrase")
    open_kinds = {kind for (kind,) in HelpRequest.select(HelpRequest.kind).join(
        User, on=(HelpRequest.newcomer == User.id)).where(
        (HelpRequest.status == "open") & (User.status == "active")).tuples()}
    assert open_kinds == {"mentor", "housing", "language"}
    newcomer = User.get(User.email == "newcomer@demo.test")
    profile = NewcomerProfile.get(NewcomerProfile.user == newcomer)
    assert (profile.contact_channel, profile.region) == ("telegram", "75") and profile.contact
    # Their mentor request is already matched (the demo's care history); housing is still open.
    assert {(r.kind, r.status) for r in newcomer.help_requests} == {("housing", "open"),
                                                                    ("mentor", "matched")}
    mentor = User.get(User.email == "mentor@demo.test")
    offers = {o.kind: o for o in mentor.offers}
    assert (offers["mentor"].city, offers["mentor"].capacity) == ("Paris", 2)
    assert offers["language"].teaches == "fr"
    housing = Offer.select().where(Offer.kind == "housing").first()
    assert 1 <= housing.beds <= 4 and housing.address and housing.capacity == 1
    auth.login(newcomer, "demo passphrase")
    assert "/help/requests/" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("changes, message", [
    ({"city": "12 rue de la Paix, Lyon"}, "No French commune"),
    ({"languages": {"ru": "fluent"}}, "Unknown language or level."),
    ({"languages": {"tlh": "native"}}, "Unknown language or level."),
    ({"host_pref": "nobody"}, "Choose one of the options offered."),
    ({"contact_channel": "pigeon", "contact": "x"}, "Choose one of the options offered."),
])
def test_save_profile_refuses_what_the_form_would(app, newcomer, changes, message):
    fields = {"languages": {"ru": "native"}, "city": "Lyon"}
    with app.test_request_context(), pytest.raises(ServiceError, match=message):
        service.save_profile(newcomer, **{**fields, **changes})
    assert NewcomerProfile.get(NewcomerProfile.user == newcomer).city == "Paris"


def test_a_newcomer_edits_an_open_request(client, auth, newcomer):
    auth.login(newcomer)
    client.post("/help/new/housing", data=_housing(urgency="this_week"))
    request = HelpRequest.get()
    assert "Change my request" in client.get(f"/help/requests/{request.id}").get_data(as_text=True)
    form = client.get(f"/help/requests/{request.id}/edit").get_data(as_text=True)
    assert 'value="14"' in form
    response = client.post(f"/help/requests/{request.id}/edit", data=_housing(nights=3))
    assert response.status_code == 302
    assert HelpRequest.get_by_id(request.id).nights == 3
    # Bad input is refused and changes nothing.
    response = client.post(f"/help/requests/{request.id}/edit", data=_housing(nights=0))
    assert response.status_code == 200 and HelpRequest.get_by_id(request.id).nights == 3


def test_a_request_a_volunteer_was_asked_about_cannot_be_edited(client, auth, newcomer):
    auth.login(newcomer)
    client.post("/help/new/mentor", data={})
    request = HelpRequest.get()
    HelpRequest.update(status="proposed").execute()
    response = client.post(f"/help/requests/{request.id}/edit", data={"note": "changed"},
                           follow_redirects=True)
    assert "can no longer be changed" in response.get_data(as_text=True)
    assert HelpRequest.get_by_id(request.id).note == ""


def test_nobody_edits_another_newcomers_request(client, auth, newcomer):
    theirs = make_request(make_newcomer())
    auth.login(newcomer)
    assert client.post(f"/help/requests/{theirs.id}/edit", data={"note": "x"}).status_code == 404
    assert HelpRequest.get_by_id(theirs.id).note == ""
