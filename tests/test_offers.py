"""Volunteers: their profile and their offers, which only they may see, change, pause or end."""
from datetime import date, timedelta

import pytest

from network.core.errors import ServiceError
from network.db import db
from network.matching import service as matching
from network.models import AuditEvent, HelpRequest, Match, Offer, VolunteerProfile, utcnow
from network.offers import service
from network.timeutil import paris_date

from .factories import make_mentor, make_newcomer, make_organizer
from .querycount import count_queries

TODAY = paris_date(utcnow())
ADDRESS = "7 impasse Cachée, Paris"


def _housing(**changes):
    form = {"beds": "2", "available_from": TODAY.isoformat(),
            "available_until": (TODAY + timedelta(days=60)).isoformat(), "city": "Paris",
            "address": ADDRESS, "household": "mixed", "accepts": ["man", "woman"],
            "pets_ok": "y", "house_rules": "Pas de bruit après 22h."}
    form.update(changes)
    return {key: value for key, value in form.items() if value is not None}


def _mentoring(**changes):
    form = {"capacity": "2", "in_person": "y", "online": "y", "city": "",
            "availability": "Le soir en semaine"}
    form.update(changes)
    return {key: value for key, value in form.items() if value is not None}


def _language(**changes):
    form = {"teaches": "fr", "levels": ["a0", "a1"], "capacity": "3", "online": "y"}
    form.update(changes)
    return form


def _offer(volunteer, kind="mentor", **fields):
    defaults = {"mentor": {"capacity": 2},
                "housing": {"beds": 2, "city": "Paris", "available_from": TODAY,
                            "address": ADDRESS},
                "language": {"capacity": 2, "teaches": "fr", "levels": "a0,a1"}}[kind]
    return Offer.create(volunteer=volunteer, kind=kind, **{**defaults, **fields})


def _hold(offer, n=1):
    """n live matches on the offer, as the matching service would book them."""
    for _ in range(n):
        newcomer = make_newcomer()
        request = HelpRequest.create(newcomer=newcomer, kind=offer.kind, status="matched",
                                     start=TODAY, wants="fr", level="a1")
        Match.create(request=request, offer=offer, newcomer=newcomer,
                     volunteer=offer.volunteer_id, kind=offer.kind, status="active")
    Offer.update(used=Offer.used + n).where(Offer.id == offer.id).execute()


def test_volunteer_profile(client, auth, mentor):
    auth.login(mentor)
    page = client.get("/offers/profile").get_data(as_text=True)
    assert '<input checked id="languages-0" name="languages" type="checkbox" value="ru">' in page
    assert '<input id="languages-3" name="languages" type="checkbox" value="en">' in page
    response = client.post("/offers/profile", data={
        "languages": ["fr", "uk"], "city": "Lyon", "contact_channel": "signal",
        "contact": "+33 6 12 00 00 09", "bio": "Professeure."})
    assert response.status_code == 302
    profile = VolunteerProfile.get(VolunteerProfile.user == mentor)
    assert (profile.languages, profile.city, profile.region, profile.contact_channel,
            profile.contact) == (("uk", "fr"), "Lyon", "69", "signal", "+33 6 12 00 00 09")


@pytest.mark.parametrize("changes, message", [
    ({"languages": []}, "Choose at least one language you speak."),
    ({"languages": ["xx"]}, "is not a valid choice"),
    ({"city": ""}, "Write the commune"),
    ({"city": "Saint-Denis"}, "Several communes match"),
    ({"contact": "x" * 121}, "longer than 120 characters"),
    ({"bio": "x" * 1001}, "longer than 1000 characters"),
])
def test_bad_volunteer_profile_changes_nothing(client, auth, mentor, changes, message):
    auth.login(mentor)
    data = {"languages": ["fr"], "city": "Lyon", "contact": "", "bio": ""}
    data.update(changes)
    response = client.post("/offers/profile", data=data)
    assert message in response.get_data(as_text=True)
    assert VolunteerProfile.get(VolunteerProfile.user == mentor).city == "Paris"


def test_a_volunteer_offers_three_kinds_at_once(client, auth, mentor):
    auth.login(mentor)
    assert client.post("/offers/new/mentor", data=_mentoring()).status_code == 302
    assert client.post("/offers/new/housing", data=_housing()).status_code == 302
    assert client.post("/offers/new/language", data=_language()).status_code == 302
    offers = {o.kind: o for o in Offer.select().where(Offer.volunteer == mentor)}
    assert set(offers) == {"mentor", "housing", "language"}
    assert all(o.status == "active" and o.used == 0 for o in offers.values())
    assert (offers["mentor"].capacity, offers["mentor"].online, offers["mentor"].city) == (
        2, True, "")
    housing = offers["housing"]
    assert (housing.capacity, housing.beds, housing.accepts, housing.pets_ok) == (
        1, 2, ("man", "woman"), True)
    assert housing.available_until == TODAY + timedelta(days=60)
    assert housing.address == ADDRESS
    raw = db.execute_sql(f"SELECT address FROM offer WHERE id = {db.param}",
                         (housing.id,)).fetchone()[0]
    assert "Cachée" not in raw
    assert (offers["language"].teaches, offers["language"].levels) == ("fr", ("a0", "a1"))
    assert AuditEvent.select().where(AuditEvent.action == "offer.created").count() == 3
    listing = client.get("/offers/").get_data(as_text=True)
    assert "Cachée" not in listing and "0 places taken of 2" in listing
    assert ADDRESS in client.get(f"/offers/{housing.id}").get_data(as_text=True)


@pytest.mark.parametrize("kind, data, message", [
    ("mentor", _mentoring(capacity="0"), "Number must be between 1 and 5."),
    ("mentor", _mentoring(capacity="99"), "Number must be between 1 and 5."),
    ("mentor", _mentoring(capacity="lots"), "Not a valid integer value."),
    ("mentor", _mentoring(in_person=None, online=None), "Choose in person, online, or both."),
    ("mentor", _mentoring(availability="x" * 201), "longer than 200 characters"),
    ("mentor", _mentoring(city="75011 Paris"), "No French commune"),
    ("housing", _housing(available_until=(TODAY - timedelta(days=1)).isoformat()),
     "The last day must be on or after the first night."),
    ("housing", _housing(beds="0"), "Number must be between 1 and 12."),
    ("housing", _housing(beds="99"), "Number must be between 1 and 12."),
    ("housing", _housing(address=""), "This field is required."),
    ("housing", _housing(address="x" * 301), "longer than 300 characters"),
    ("housing", _housing(city=""), "Write the commune"),
    ("housing", _housing(household="robots"), "Not a valid choice"),
    ("housing", _housing(accepts=["cats"]), "is not a valid choice"),
    ("housing", _housing(house_rules="x" * 2001), "longer than 2000 characters"),
    ("housing", _housing(available_from=""), "This field is required."),
    ("language", _language(levels=[]), "Choose at least one level you can teach."),
    ("language", _language(levels=["z9"]), "is not a valid choice"),
    ("language", _language(teaches="xx"), "Not a valid choice"),
    ("language", _language(capacity="11"), "Number must be between 1 and 10."),
])
def test_bad_offer_gets_a_message_and_writes_nothing(client, auth, mentor, kind, data, message):
    auth.login(mentor)
    response = client.post(f"/offers/new/{kind}", data=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert Offer.select().count() == 0


def test_an_unknown_kind_of_offer(client, auth, app, mentor):
    auth.login(mentor)
    assert client.get("/offers/new/car").status_code == 404
    assert client.post("/offers/new/car", data=_mentoring()).status_code == 404
    with app.test_request_context(), pytest.raises(ServiceError, match="Unknown kind of offer."):
        service.create_offer(mentor, "car", capacity=1)
    with app.test_request_context(), pytest.raises(ServiceError, match="Unknown detail"):
        service.create_offer(mentor, "mentor", capacity=1, in_person=True, used=0)
    assert Offer.select().count() == 0


def test_only_vetted_volunteers_create_offers(app, newcomer):
    with app.test_request_context(), pytest.raises(ServiceError):
        service.create_offer(newcomer, "mentor", capacity=1, in_person=True)
    with app.test_request_context(), pytest.raises(ServiceError):
        service.create_offer(make_mentor(status="pending"), "mentor", capacity=1, in_person=True)
    assert Offer.select().count() == 0


def test_editing_an_offer_keeps_its_matches(client, auth, mentor):
    offer = _offer(mentor, capacity=3)
    _hold(offer, 2)
    auth.login(mentor)
    page = client.get(f"/offers/{offer.id}").get_data(as_text=True)
    assert "2 newcomers are matched with this offer now." in page
    response = client.post(f"/offers/{offer.id}", data=_mentoring(capacity="1"))
    assert "2 newcomers are matched with this offer now: the capacity cannot be lower." in (
        response.get_data(as_text=True))
    assert Offer.get_by_id(offer.id).capacity == 3
    response = client.post(f"/offers/{offer.id}", data=_mentoring(capacity="2",
                                                                  availability="Samedi"))
    assert response.status_code == 302
    offer = Offer.get_by_id(offer.id)
    assert (offer.capacity, offer.used, offer.availability) == (2, 2, "Samedi")


def test_editing_a_housing_offer_shows_the_address_to_its_owner_only(client, auth, mentor):
    offer = _offer(mentor, "housing")
    auth.login(mentor)
    response = client.post(f"/offers/{offer.id}", data=_housing(address="1 place Neuve", beds="3"))
    assert response.status_code == 302
    offer = Offer.get_by_id(offer.id)
    assert (offer.address, offer.beds, offer.capacity) == ("1 place Neuve", 3, 1)
    assert "1 place Neuve" in client.get(f"/offers/{offer.id}").get_data(as_text=True)


def test_pause_resume_end(client, auth, app, mentor, newcomer):
    offer = _offer(mentor)
    HelpRequest.create(newcomer=newcomer, kind="mentor")
    auth.login(mentor)
    assert client.post(f"/offers/{offer.id}/pause").status_code == 302
    assert Offer.get_by_id(offer.id).status == "paused"
    with app.test_request_context():
        assert not matching.propose("mentor").result.proposals
    again = client.post(f"/offers/{offer.id}/pause", follow_redirects=True)
    assert "Only an active offer can be paused." in again.get_data(as_text=True)
    client.post(f"/offers/{offer.id}/resume")
    assert Offer.get_by_id(offer.id).status == "active"
    with app.test_request_context():
        assert matching.propose("mentor").result.proposals
    client.post(f"/offers/{offer.id}/end")
    assert Offer.get_by_id(offer.id).status == "ended"
    ended = client.post(f"/offers/{offer.id}/resume", follow_redirects=True)
    assert "Only a paused offer can be resumed." in ended.get_data(as_text=True)
    edit = client.post(f"/offers/{offer.id}", data=_mentoring(), follow_redirects=True)
    assert "This offer has ended." in edit.get_data(as_text=True)
    assert client.post(f"/offers/{offer.id}/explode").status_code == 404
    actions = {a for (a,) in AuditEvent.select(AuditEvent.action).tuples()}
    assert {"offer.paused", "offer.resumed", "offer.ended"} <= actions


def test_an_offer_someone_counts_on_cannot_end(client, auth, mentor):
    offer = _offer(mentor)
    _hold(offer)
    auth.login(mentor)
    page = client.post(f"/offers/{offer.id}/end", follow_redirects=True).get_data(as_text=True)
    assert "End those matches first" in page
    assert Offer.get_by_id(offer.id).status == "active"
    assert client.post(f"/offers/{offer.id}/pause").status_code == 302
    assert Offer.get_by_id(offer.id).status == "paused"


def test_another_volunteers_offer_is_not_found(client, auth, mentor):
    owner = make_mentor(name="Propriétaire")
    theirs = _offer(owner, "housing")
    for visitor in (mentor, make_organizer()):
        auth.login(visitor)
        assert client.get(f"/offers/{theirs.id}").status_code == 404
        hijack = client.post(f"/offers/{theirs.id}", data=_housing(address="hijack"))
        assert hijack.status_code == 404
        for action in ("pause", "resume", "end"):
            assert client.post(f"/offers/{theirs.id}/{action}").status_code == 404
        assert "Cachée" not in client.get("/offers/").get_data(as_text=True)
        auth.logout()
    offer = Offer.get_by_id(theirs.id)
    assert (offer.status, offer.address) == ("active", ADDRESS)
    with pytest.raises(ServiceError):
        service.update_offer(offer, mentor, **_housing_values())


def _housing_values():
    return {"beds": 1, "available_from": TODAY, "available_until": None, "city": "Paris",
            "house_rules": "", "pets_ok": False, "smoking_ok": False,
            "accessible": False, "household": "mixed", "accepts": [], "address": "x"}


def test_a_volunteer_never_sees_a_housing_address_that_is_not_theirs(client, auth, mentor):
    owner = make_mentor()
    theirs = _offer(owner, "housing")
    guest = make_newcomer()
    request = HelpRequest.create(newcomer=guest, kind="housing", start=TODAY, status="matched")
    match = Match.create(request=request, offer=theirs, newcomer=guest, volunteer=owner,
                         kind="housing", status="active")
    # Another volunteer who mentors the same guest sees the guest, not the host's door.
    mentoring = _offer(mentor)
    _hold(mentoring)
    Match.create(request=HelpRequest.create(newcomer=guest, kind="mentor", status="matched"),
                 offer=mentoring, newcomer=guest, volunteer=mentor, kind="mentor",
                 status="active")
    auth.login(mentor)
    for url in ("/", "/offers/", "/matching/mine", f"/people/newcomers/{guest.id}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Cachée" not in response.get_data(as_text=True), url
    assert client.get(f"/matching/matches/{match.id}").status_code == 404


def test_newcomers_cannot_use_the_offer_pages(client, auth, newcomer, mentor):
    offer = _offer(mentor)
    auth.login(newcomer)
    for url in ("/offers/", "/offers/profile", "/offers/new/mentor", f"/offers/{offer.id}"):
        assert client.get(url).status_code == 403, url
    for url in ("/offers/new/mentor", f"/offers/{offer.id}", f"/offers/{offer.id}/end"):
        assert client.post(url, data=_mentoring()).status_code == 403, url
    assert Offer.select().count() == 1 and Offer.get_by_id(offer.id).status == "active"


def test_a_pending_volunteer_cannot_offer(client, auth):
    auth.login(make_mentor(status="pending"))
    assert client.get("/offers/").status_code == 403
    assert client.post("/offers/new/mentor", data=_mentoring()).status_code == 403


def test_the_offer_list_costs_the_same_number_of_queries_with_more_offers(client, auth, mentor):
    auth.login(mentor)
    _offer(mentor)
    with count_queries() as few:
        client.get("/offers/")
    for kind in ("housing", "language", "mentor", "language"):
        _hold(_offer(mentor, kind))
    with count_queries() as many:
        client.get("/offers/")
    assert few["n"] > 0 and many["n"] == few["n"]


@pytest.mark.parametrize("fields, message", [
    ({"available_from": date(2027, 5, 2), "available_until": date(2027, 5, 1)}, "last day"),
    ({"available_from": None}, "first night"),
    ({"beds": 0}, "beds"),
    ({"beds": True}, "beds"),
    ({"address": " "}, "address"),
    ({"household": "other"}, "household"),
    ({"accepts": ["dogs"]}, "options offered"),
])
def test_clean_refuses_bad_housing(app, fields, message):
    with app.test_request_context(), pytest.raises(ServiceError, match=message):
        service.clean("housing", {**_housing_values(), **fields})


def test_clean_refuses_a_street_and_save_profile_a_bad_language(app, mentor):
    with app.test_request_context(), pytest.raises(ServiceError, match="No French commune"):
        service.clean("mentor", {"capacity": 1, "in_person": True, "city": "3 rue Neuve, Lyon"})
    with app.test_request_context(), pytest.raises(ServiceError, match="options offered"):
        service.save_profile(mentor, languages=["fr", "xx"], city="Lyon")
    assert VolunteerProfile.get(VolunteerProfile.user == mentor).languages == ("fr", "ru")
