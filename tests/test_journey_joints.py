"""The joints of the newcomer's journey: what the host reads before accepting, what the guest
reads once accepted, long texts refused and kept, a first night in the past, and a notification
whose subject has gone since."""
from datetime import date, timedelta

import pytest

from network.checkins.service import ask_for_checkin, mentor_checkins
from network.core.errors import ServiceError
from network.matching import service
from network.models import Case, CheckIn, Match, NewcomerProfile, Notification, Offer, utcnow
from network.offers.service import create_offer, update_offer
from network.privacy.service import erase

from .factories import make_match, make_mentor, make_newcomer, make_offer, make_organizer, place


@pytest.fixture
def stay(app, mentor, newcomer):
    """A housing proposal waiting for the host's answer, with a note and house rules."""
    NewcomerProfile.update(household="children", pets=True, smokes=False,
                           needs_access=True).where(NewcomerProfile.user == newcomer.id).execute()
    match = make_match(mentor, newcomer, kind="housing", status="proposed")
    match.request.note = "Мы с дочкой, ей 6 лет; я работаю по утрам."
    match.request.save()
    Offer.update(address="12 rue Garibaldi, 69003 Lyon", house_rules="Pas de bruit après 22 h.",
                 **place("Lyon")).where(Offer.id == match.offer_id).execute()
    return match


def test_the_host_reads_the_note_and_the_household_before_accepting(client, auth, mentor, stay):
    auth.login(mentor)
    page = client.get(f"/matching/matches/{stay.id}").get_data(as_text=True)
    assert "Мы с дочкой, ей 6 лет" in page
    assert "With children" in page and "A pet comes too" in page
    assert "Does not smoke" in page and "Needed" in page
    another = make_mentor(email="other@example.test")
    auth.logout()
    auth.login(another)
    assert client.get(f"/matching/matches/{stay.id}").status_code == 404


def test_the_newcomer_is_told_the_volunteer_reads_the_note(client, auth, newcomer):
    auth.login(newcomer)
    page = client.get("/help/new/housing").get_data(as_text=True)
    assert "so does the volunteer asked to help you, before answering" in page


def test_the_guest_reads_the_house_rules_with_the_address_once_accepted(client, auth, mentor,
                                                                        newcomer, stay):
    auth.login(newcomer)
    waiting = client.get(f"/help/requests/{stay.request_id}").get_data(as_text=True)
    assert "Pas de bruit" not in waiting and "Garibaldi" not in waiting
    auth.logout()
    auth.login(mentor)
    client.post(f"/matching/matches/{stay.id}/respond", data={"decision": "accept"})
    assert Match.get_by_id(stay.id).status == "active"
    auth.logout()
    auth.login(newcomer)
    for path in (f"/help/requests/{stay.request_id}", "/help/"):
        page = client.get(path).get_data(as_text=True)
        assert "12 rue Garibaldi" in page and "Pas de bruit après 22 h." in page


def test_a_long_decline_reason_is_refused_and_kept(client, auth, mentor, stay):
    auth.login(mentor)
    reason = "я не могу " * 60
    page = client.post(f"/matching/matches/{stay.id}/respond",
                       data={"decision": "decline", "reason": reason}).get_data(as_text=True)
    assert reason.strip() in page
    assert "500" in page
    assert Match.get_by_id(stay.id).status == "proposed"


def test_the_service_refuses_a_long_text_rather_than_cut_it(app, mentor, newcomer, stay):
    with app.test_request_context(), pytest.raises(ServiceError, match="at most 500"):
        service.respond(stay, mentor, False, "x" * 501)
    assert (Match.get_by_id(stay.id).status, Match.get_by_id(stay.id).decline_reason) == (
        "proposed", "")
    active = make_match(mentor, make_newcomer())
    with app.test_request_context(), pytest.raises(ServiceError, match="at most 2000"):
        service.report_problem(active, mentor, "y" * 2001, end_now=True)
    assert Match.get_by_id(active.id).status == "active"
    assert Case.select().count() == 0


def test_a_long_problem_report_comes_back_with_its_text(client, auth, mentor, newcomer):
    match = make_match(mentor, newcomer)
    auth.login(mentor)
    text = "Проблема. " * 201
    page = client.post(f"/matching/matches/{match.id}/problem",
                       data={"text": text}).get_data(as_text=True)
    assert text.strip() in page
    assert Match.get_by_id(match.id).problem == ""


def _housing(**fields):
    return {"beds": 1, "available_until": None, "city": "Lyon", "house_rules": "",
            "pets_ok": False, "smoking_ok": False, "accessible": False, "household": "mixed",
            "accepts": [], "address": "1 rue de la Paix", **fields}


def test_a_housing_offer_cannot_start_in_the_past(app, mentor):
    yesterday = date.today() - timedelta(days=1)
    with app.test_request_context(), pytest.raises(ServiceError, match="past"):
        create_offer(mentor, "housing", **_housing(available_from=yesterday))
    assert Offer.select().count() == 0


def test_an_offer_already_begun_keeps_its_first_night(app, mentor):
    begun = make_offer(mentor, kind="housing", available_from=date(2026, 1, 1), address="x")
    with app.test_request_context():
        update_offer(begun, mentor, **_housing(available_from=date(2026, 1, 1), beds=3))
        with pytest.raises(ServiceError, match="past"):
            update_offer(begun, mentor, **_housing(available_from=date(2026, 1, 2)))
    assert Offer.get_by_id(begun.id).beds == 3


def test_the_offer_form_says_so_beside_the_other_errors(client, auth, mentor):
    auth.login(mentor)
    page = client.post("/offers/new/housing", data={
        "beds": "0", "available_from": "2020-01-01", "city": "Lyon", "address": "",
        "household": "mixed"}).get_data(as_text=True)
    assert "The first night cannot be in the past." in page
    assert "Number must be between 1 and 12." in page or "between 1 and 12" in page
    assert Offer.select().count() == 0


def _notified(person, path, key):
    Notification.create(recipient=person, kind="match", dedupe_key=key,
                        payload={"code": "match_ended", "params": {}}, link=path)


def test_a_notification_about_an_erased_newcomer_says_so(client, auth, app, mentor, newcomer):
    match = make_match(mentor, newcomer)
    path = f"/deadlines/newcomer/{newcomer.id}"
    _notified(mentor, path, "deadline:1")
    with app.test_request_context():
        erase(newcomer, make_organizer())
    auth.login(mentor)
    response = client.get(path)
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "record was erased" in page and "Алексей" not in page
    assert Match.get_by_id(match.id).status == "ended"


def test_a_notification_about_an_ended_match_says_so(client, auth, app, mentor, newcomer):
    match = make_match(mentor, newcomer)
    checkin = CheckIn.create(match=match, due_at=utcnow())
    path = f"/checkins/{checkin.id}/log"
    _notified(mentor, path, "checkin:1")
    with app.test_request_context():
        service.end_match(match, mentor, "completed")
    auth.login(mentor)
    response = client.get(path)
    assert response.status_code == 404
    assert "This match has ended" in response.get_data(as_text=True)


def test_nobody_learns_more_than_not_found_without_the_notification(client, auth, app, mentor,
                                                                    newcomer):
    make_match(mentor, newcomer)
    with app.test_request_context():
        erase(newcomer, make_organizer())
    auth.login(mentor)
    page = client.get(f"/deadlines/newcomer/{newcomer.id}").get_data(as_text=True)
    assert "Not found" in page and "erased" not in page


def test_an_ask_to_talk_comes_up_first_and_is_not_overdue(client, auth, app, mentor, newcomer):
    match = make_match(mentor, newcomer)
    planned = CheckIn.create(match=match, due_at=utcnow() + timedelta(days=2))
    with app.test_request_context():
        asked = ask_for_checkin(newcomer)
        overdue, upcoming = mentor_checkins(mentor, now=utcnow() + timedelta(minutes=5))
    assert overdue == [] and [c.id for c in upcoming] == [asked.id, planned.id]
    auth.login(mentor)
    page = client.get("/").get_data(as_text=True)
    assert "Overdue:" not in page and "Asked to talk:" in page
    assert f"Алексей <span class=\"muted\">#{newcomer.id}</span>" in page


def test_the_profile_form_says_every_error_in_one_answer(client, auth, newcomer):
    auth.login(newcomer)
    page = client.post("/help/profile", data={
        "city": "Лион, ул. Гарибальди 12", "household": "alone", "gender": "",
        "host_pref": "any"}).get_data(as_text=True)
    assert "Choose at least one language you speak." in page
    assert "never a street address" in page
