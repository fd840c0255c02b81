"""Where the journey leads a person on: the mentor answering "I need to talk", the needs ticked
at sign-up still to finish, the 115 number beside a request for tonight, a new volunteer's
first offer, and the words organizers read when a guest did not say their gender."""
from datetime import timedelta

import pytest
from flask_babel import force_locale

from network.core.errors import ServiceError
from network.help import service
from network.matching.explain import reason_text
from network.models import (
    AuditEvent,
    CheckIn,
    HelpRequest,
    NewcomerProfile,
    Notification,
    Offer,
    User,
    utcnow,
)
from network.timeutil import paris_date

from .factories import (
    follow_signup_link,
    make_conversation,
    make_mentor,
    make_newcomer,
    make_offer,
    make_organizer,
    make_request,
)

TODAY = paris_date(utcnow())


@pytest.fixture
def app_config(app_config):
    """Mail waits in the outbox (nothing delivers it in tests), where the tests read links."""
    return {**app_config, "SMTP_HOST": "smtp.invalid"}

# "I need to talk": the mentor answers at once

def _asked(client, auth, newcomer, mentor):
    """The newcomer asks to talk; the mentor opens the notification's link."""
    auth.login(newcomer)
    client.post("/checkins/ask")
    auth.logout()
    auth.login(mentor)
    note = Notification.get(Notification.recipient == mentor.id)
    return client.get(note.link).get_data(as_text=True)


def test_the_mentor_reaches_the_newcomer_from_the_notification(client, auth, mentor, newcomer):
    conversation = make_conversation(mentor, newcomer)
    NewcomerProfile.update(contact_channel="phone", contact="06 12 34 56 78").where(
        NewcomerProfile.user == newcomer.id).execute()
    page = _asked(client, auth, newcomer, mentor)
    assert '<a href="tel:+33612345678"' in page
    assert f'href="/conversations/{conversation.id}"' in page
    assert f'href="/matching/matches/{conversation.match_id}"' in page
    assert client.get(f"/conversations/{conversation.id}").status_code == 200
    # Reading the contact is reading the newcomer's data: the trail names them.
    assert AuditEvent.select().where((AuditEvent.action == "checkin.viewed")
                                     & (AuditEvent.actor_id == mentor.id)
                                     & (AuditEvent.target_id == newcomer.id)).exists()


@pytest.mark.parametrize("channel, contact, href", [
    ("telegram", "@fedor_e2e", "https://t.me/fedor_e2e"),
    ("signal", "+33 7 55 00 00 01", "https://signal.me/#p/+33755000001"),
    ("email", "fedor@example.org", "mailto:fedor@example.org"),
])
def test_each_channel_opens_its_app(client, auth, mentor, newcomer, channel, contact, href):
    make_conversation(mentor, newcomer)
    NewcomerProfile.update(contact_channel=channel, contact=contact).where(
        NewcomerProfile.user == newcomer.id).execute()
    assert f'href="{href}"' in _asked(client, auth, newcomer, mentor)


def test_without_a_contact_the_mentor_is_told_whom_to_ask(client, auth, mentor, newcomer):
    make_conversation(mentor, newcomer)
    NewcomerProfile.update(contact_channel="", contact="").where(
        NewcomerProfile.user == newcomer.id).execute()
    page = _asked(client, auth, newcomer, mentor)
    assert "Ask the organizers." in page and "/conversations/" in page


def test_an_organizer_reading_the_check_in_gets_no_mentor_answer_box(client, auth, mentor,
                                                                      newcomer):
    conversation = make_conversation(mentor, newcomer)
    auth.login(newcomer)
    client.post("/checkins/ask")
    auth.logout()
    auth.login(make_organizer())
    asked = CheckIn.get(CheckIn.asked_by_newcomer == True)  # noqa: E712
    page = client.get(f"/checkins/{asked.id}/log").get_data(as_text=True)
    assert "reach-heading" not in page
    assert f"/conversations/{conversation.id}" not in page


def test_another_mentor_cannot_open_the_asked_check_in(client, auth, mentor, newcomer):
    make_conversation(mentor, newcomer)
    auth.login(newcomer)
    client.post("/checkins/ask")
    auth.logout()
    auth.login(make_mentor())
    asked = CheckIn.get(CheckIn.asked_by_newcomer == True)  # noqa: E712
    page = client.get(f"/checkins/{asked.id}/log")
    assert page.status_code == 404
    assert "@newcomer_" not in page.get_data(as_text=True)


# Needs ticked at sign-up: a prompt until each is a request

SIGN_UP = {"display_name": "Фёдор", "email": "fedor@example.test",
           "password": "нет-войне-2024", "confirm": "нет-войне-2024", "city": "Lyon",
           "languages": ["ru"], "contact_channel": "telegram", "contact": "@fedor_lyon"}


def _sign_up(client, needs):
    client.post("/register", data={**SIGN_UP, "needs": needs})
    return follow_signup_link(client, SIGN_UP["email"])


def _housing():
    return {"urgency": "this_week", "start": (TODAY + timedelta(days=1)).isoformat(),
            "nights": "7", "people": "1"}


def test_a_need_left_in_the_walk_waits_on_the_home_page_until_finished(client, app):
    walk = _sign_up(client, ["mentor", "housing"])
    assert walk.headers["Location"] == "/help/new/housing"
    # The person leaves the walk: home says what is registered and what is not, and leads back.
    home = client.get("/").get_data(as_text=True)
    assert "Your request is registered: A mentor." in home
    assert "Housing" not in home.split("Your request is registered")[1].split(".")[0]
    assert 'href="/help/new/housing"' in home and "Finish my request: Housing" in home
    assert 'href="/help/new/mentor"' not in home
    assert client.post("/help/new/housing", data=_housing()).status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "finish-heading" not in home and "/help/new/housing" not in home
    user = User.get(User.email == SIGN_UP["email"])
    assert {r.kind for r in HelpRequest.select().where(
        (HelpRequest.newcomer == user.id) & (HelpRequest.status == "open"))} == {
        "mentor", "housing"}


def test_a_sign_up_with_only_details_to_give_is_not_told_it_is_registered(client, app):
    _sign_up(client, ["housing", "language"])
    home = client.get("/").get_data(as_text=True)
    assert "Your request is registered" not in home
    assert "Your account is created" in home
    for kind in ("housing", "language"):
        assert f'href="/help/new/{kind}"' in home
    assert not HelpRequest.select().exists()


def test_a_newcomer_taken_in_sees_each_need_without_a_request(client, auth, newcomer):
    NewcomerProfile.update(needs="mentor,housing,language").where(
        NewcomerProfile.user == newcomer.id).execute()
    make_request(newcomer, "mentor")
    auth.login(newcomer)
    home = client.get("/").get_data(as_text=True)
    assert 'href="/help/new/housing"' in home and 'href="/help/new/language"' in home
    assert 'href="/help/new/mentor"' not in home


def test_a_need_withdrawn_or_met_is_not_asked_for_again(client, auth, newcomer):
    NewcomerProfile.update(needs="mentor,housing,language").where(
        NewcomerProfile.user == newcomer.id).execute()
    make_request(newcomer, "mentor")
    make_request(newcomer, "language", status="cancelled")
    make_request(newcomer, "housing", status="closed")
    auth.login(newcomer)
    assert "finish-heading" not in client.get("/").get_data(as_text=True)


def test_no_prompt_where_every_need_has_its_request(client, auth, newcomer):
    make_request(newcomer, "mentor")
    auth.login(newcomer)
    assert "finish-heading" not in client.get("/").get_data(as_text=True)


# Urgency: only what the person chose

def test_a_housing_request_without_an_urgency_is_refused_not_given_one(app, newcomer):
    with app.test_request_context(), pytest.raises(ServiceError, match="how urgent"):
        service.create_request(newcomer, "housing", start=TODAY, nights=3)
    assert not HelpRequest.select().exists()
    stored = make_request(newcomer, "housing", urgency="this_week", start=TODAY)
    with app.test_request_context(), pytest.raises(ServiceError, match="how urgent"):
        service.update_request(newcomer, stored, start=TODAY, nights=3)
    assert HelpRequest.get_by_id(stored.id).urgency == "this_week"


# 115 beside a request for tonight

@pytest.mark.parametrize("path", ["/", "/help/"])
def test_a_request_for_tonight_shows_115_on_its_card(client, auth, newcomer, path):
    tonight = make_request(newcomer, "housing", urgency="tonight", start=TODAY)
    auth.login(newcomer)
    assert '<a href="tel:115">' in client.get(path).get_data(as_text=True)
    HelpRequest.update(urgency="this_week").where(HelpRequest.id == tonight.id).execute()
    assert 'href="tel:115"' not in client.get(path).get_data(as_text=True)


def test_a_pending_newcomer_sees_115_on_the_waiting_page(client, auth):
    waiting = make_newcomer(status="pending")
    make_request(waiting, "housing", urgency="tonight", start=TODAY)
    auth.login(waiting)
    assert '<a href="tel:115">' in client.get("/").get_data(as_text=True)


# A volunteer just approved is led to offer something

def test_an_approved_volunteer_without_an_offer_is_asked_for_one(client, auth, mentor):
    auth.login(mentor)
    home = client.get("/").get_data(as_text=True)
    for kind in ("mentor", "housing", "language"):
        assert f'href="/offers/new/{kind}"' in home
    offer = make_offer(mentor)
    assert "/offers/new/" not in client.get("/").get_data(as_text=True)
    Offer.update(status="paused").where(Offer.id == offer.id).execute()
    assert "/offers/new/" not in client.get("/").get_data(as_text=True)
    Offer.update(status="ended").where(Offer.id == offer.id).execute()
    assert 'href="/offers/new/mentor"' in client.get("/").get_data(as_text=True)


# "Not said" is not a wish: the organizers are told which rule excluded the guest

@pytest.mark.parametrize("locale, said, not_said", [
    ("en", "did not say their gender", "household"),
    ("ru", "не указал пол", "как просили"),
])
def test_a_guest_who_did_not_say_their_gender_is_told_as_such(app, locale, said, not_said):
    with app.test_request_context(), force_locale(locale):
        text = reason_text("host_takes", {"gender": ""})
        told = reason_text("host_takes", {"gender": "woman"})
    assert said in text and not_said not in text.lower()
    assert said not in told


def test_the_organizer_reads_the_not_said_reason_on_the_board(client, auth, organizer, newcomer):
    NewcomerProfile.update(gender="").where(NewcomerProfile.user == newcomer.id).execute()
    make_request(newcomer, "housing", urgency="this_week", start=TODAY)
    make_offer(make_mentor(), "housing", accepts="man", household="men",
               available_from=TODAY)
    auth.login(organizer)
    page = client.get("/matching/housing/proposals").get_data(as_text=True)
    assert "this person did not say their gender" in page
    assert "household" not in page.split("unmatched-heading")[1].lower()
