"""Every field's error in one answer: a check that once ran only after every other field passed
is said with the others, and nothing is written while any field is wrong."""
import html
from datetime import timedelta

import pytest

from network.auth.service import create_invitation
from network.models import (
    HelpRequest,
    Offer,
    OutboxEmail,
    PendingSignup,
    User,
    VolunteerProfile,
    utcnow,
)
from network.timeutil import paris_date

from .factories import make_organizer

TODAY = paris_date(utcnow())
PASSWORD = "мой длинный пароль"


@pytest.fixture
def app_config(app_config):
    """Mail waits in the outbox, where a test can see that none was written."""
    return {**app_config, "SMTP_HOST": "smtp.invalid"}


def _errors(response):
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def test_housing_request_says_a_past_night_with_the_other_errors(client, auth, newcomer):
    auth.login(newcomer)
    page = _errors(client.post("/help/new/housing", data={
        "urgency": "this_week", "start": (TODAY - timedelta(days=1)).isoformat(),
        "nights": "7", "people": "20"}))
    assert "The first night cannot be in the past." in page
    assert "Number must be between 1 and 12." in page
    page = _errors(client.post("/help/new/housing", data={
        "urgency": "", "start": (TODAY + timedelta(days=400)).isoformat(),
        "nights": "7", "people": "1"}))
    assert "Ask for housing at most one year ahead." in page
    assert "Choose how urgent it is." in page
    assert HelpRequest.select().count() == 0


def test_sign_up_says_code_name_and_address_at_once(client, app):
    make_organizer(name="Olga Organizer")
    page = _errors(client.post("/register", data={
        "display_name": "OIga Organizer", "email": "аlexei@example.test",
        "password": PASSWORD, "confirm": PASSWORD, "city": "Lyon", "languages": ["ru"],
        "contact_channel": "telegram", "contact": "@alexei_lyon", "referral_code": "made-up"}))
    assert "This name is too close to the name of an organizer." in page
    assert "This address mixes letters of different alphabets" in page
    assert "This referral code is not valid or has expired." in page
    # Said at each field, not flashed one per round.
    assert page.count('class="error"') >= 3
    assert PendingSignup.select().count() == 0 and OutboxEmail.select().count() == 0
    assert User.select().count() == 1


def test_an_invited_volunteer_hears_of_name_and_address_at_once(client, app):
    organizer = make_organizer(name="Olga Organizer")
    with app.app_context():
        _, token = create_invitation(organizer, "mentor", None)
    page = _errors(client.post(f"/invite/{token}", data={
        "display_name": "OLGA ORGANIZER", "email": "mаrc@example.test",
        "password": PASSWORD, "confirm": PASSWORD}))
    assert "This name is too close to the name of an organizer." in page
    assert "This address mixes letters of different alphabets" in page
    assert PendingSignup.select().count() == 0 and OutboxEmail.select().count() == 0


def test_mentor_offer_says_where_with_the_other_errors(client, auth, mentor):
    auth.login(mentor)
    page = _errors(client.post("/offers/new/mentor", data={"capacity": "99", "city": ""}))
    assert "Choose in person, online, or both." in page
    assert "Number must be between 1 and 5." in page
    assert Offer.select().count() == 0


def test_language_offer_says_levels_and_where_at_once(client, auth, mentor):
    auth.login(mentor)
    page = _errors(client.post("/offers/new/language", data={"teaches": "fr", "capacity": "3"}))
    assert "Choose at least one level you can teach." in page
    assert "Choose in person, online, or both." in page
    assert Offer.select().count() == 0


def test_housing_offer_says_both_dates_at_once(client, auth, mentor):
    auth.login(mentor)
    page = _errors(client.post("/offers/new/housing", data={
        "beds": "1", "available_from": (TODAY - timedelta(days=3)).isoformat(),
        "available_until": (TODAY - timedelta(days=5)).isoformat(), "city": "Paris",
        "address": "7 impasse Cachée", "household": "mixed"}))
    assert "The first night cannot be in the past." in page
    assert "The last day must be on or after the first night." in page
    assert Offer.select().count() == 0


def test_volunteer_profile_says_languages_with_the_contact(client, auth, mentor):
    auth.login(mentor)
    page = _errors(client.post("/offers/profile", data={
        "city": "Lyon", "contact_channel": "phone", "contact": "ask at the Saturday group"}))
    assert "Choose at least one language you speak." in page
    assert "Write a phone number, for example +33 6 12 34 56 78." in page
    profile = VolunteerProfile.get(VolunteerProfile.user == mentor.id)
    assert (profile.city, profile.languages) == ("Paris", ("fr", "ru"))
