"""Each side of a live match can reach the other, by a link that opens the app."""
import pytest

from network.core.contacts import contact_href, free_text, guess_channel
from network.filters import contact
from network.models import Match, NewcomerProfile, VolunteerProfile

from .factories import make_match


@pytest.mark.parametrize("channel, value, href", [
    ("phone", "06 12 34 56 78", "tel:+33612345678"),
    ("phone", "+7 999 123-45-67", "tel:+79991234567"),
    ("telegram", "@alexei_lyon", "https://t.me/alexei_lyon"),
    ("telegram", "+33 6 12 34 56 78", "https://t.me/+33612345678"),
    ("signal", "+33 6 12 34 56 78", "https://signal.me/#p/+33612345678"),
    ("signal", "alexei.42", "https://signal.me/#u/alexei.42"),
    ("email", "a@example.test", "mailto:a@example.test"),
    ("phone", "javascript:alert(1)", ""),
    ("email", "javascript:alert(1)//@x", ""),
])
def test_each_channel_opens_its_app(channel, value, href):
    assert contact_href(channel, value) == href


@pytest.mark.parametrize("value, channel", [
    ("+33 6 12 34 56 78", "phone"), ("@alexei_lyon", "telegram"), ("a@example.test", "email"),
    ("ask at the Saturday group", ""),
])
def test_a_volunteers_free_text_contact_is_read_as_its_channel(value, channel):
    assert guess_channel(value) == channel


@pytest.mark.parametrize("value, channel, handle", [
    ("Signal +33 6 12 00 00 02", "signal", "+33 6 12 00 00 02"),
    ("telegram: @dmitri_passage", "telegram", "@dmitri_passage"),
    ("Signal, ask at the group", "", "Signal, ask at the group"),
])
def test_free_text_naming_its_app_opens_that_app(value, channel, handle):
    assert free_text(value) == (channel, handle)


def test_a_signal_contact_is_a_signal_link_not_a_phone_call():
    shown = str(contact("Signal +33 6 12 00 00 02"))
    assert 'href="https://signal.me/#p/+33612000002"' in shown
    assert ">Signal: +33 6 12 00 00 02<" in shown


def _accept(client, match):
    return client.post(f"/matching/matches/{match.id}/respond", data={"decision": "accept"},
                       follow_redirects=True)


def test_a_volunteer_without_a_contact_cannot_accept(client, auth, mentor, newcomer):
    match = make_match(mentor, newcomer, status="proposed")
    VolunteerProfile.update(contact="").where(VolunteerProfile.user == mentor.id).execute()
    auth.login(mentor)
    response = _accept(client, match)
    assert b"add to your profile how the newcomer can reach you" in response.data
    assert Match.get_by_id(match.id).status == "proposed"


def test_a_newcomer_nobody_can_reach_is_not_matched_live(client, auth, mentor, newcomer):
    match = make_match(mentor, newcomer, status="proposed")
    NewcomerProfile.update(contact_channel="", contact="").where(
        NewcomerProfile.user == newcomer.id).execute()
    auth.login(mentor)
    response = _accept(client, match)
    assert b"has not said yet how to reach them" in response.data
    assert Match.get_by_id(match.id).status == "proposed"


def test_once_accepted_each_side_sees_a_link_to_the_other(app, client, auth, mentor, newcomer):
    match = make_match(mentor, newcomer, status="proposed")
    auth.login(mentor)
    page = _accept(client, match).get_data(as_text=True)
    assert Match.get_by_id(match.id).status == "active"
    assert 'href="https://t.me/newcomer_' in page
    assert "Contact</dt><dd>—" not in page
    theirs = app.test_client()
    theirs.post("/login", data={"email": newcomer.email, "password": "correct horse battery"})
    home = theirs.get("/").get_data(as_text=True)
    assert 'href="tel:+336123456' in home
