"""Never unreachable: a volunteer's contact is a channel and a handle checked as a newcomer's
is, shown as a link that opens the app, and nobody clears theirs while a match of theirs is
live."""
import html

import pytest
from playhouse.migrations import Runner

from network import crypto
from network.db import MIGRATIONS
from network.models import Match, NewcomerProfile, VolunteerProfile

from .factories import insert_row, make_match, make_mentor, old_database

LIVE = "You are in a match now: keep a way to reach you until it ends."


def _profile(**changes):
    return {"languages": ["fr", "ru"], "city": "Paris", "contact_channel": "signal",
            "contact": "+33 6 12 00 00 09", "bio": "", **changes}


def _newcomer_profile(**changes):
    return {"lang_ru": "native", "city": "Lyon", "household": "alone", "gender": "",
            "host_pref": "any", "contact_channel": "telegram", "contact": "@alexei_lyon",
            **changes}


def _page(response):
    return html.unescape(response.get_data(as_text=True))


def _stored(user):
    profile = VolunteerProfile.get(VolunteerProfile.user == user.id)
    return profile.contact_channel, profile.contact


@pytest.mark.parametrize("channel, contact, message", [
    ("", "ask at the Saturday group", "Choose how we can reach you."),
    ("phone", "ask at the Saturday group", "Write a phone number"),
    ("telegram", "+33 6", "Write your Telegram username (@name) or phone number."),
    ("signal", "", "Write the number, username or address we can reach you at."),
    ("pigeon", "@alexei", "Not a valid choice."),
])
def test_a_contact_that_reaches_nobody_is_refused(client, auth, mentor, channel, contact,
                                                   message):
    auth.login(mentor)
    before = _stored(mentor)
    page = _page(client.post("/offers/profile",
                             data=_profile(contact_channel=channel, contact=contact)))
    assert message in page
    assert _stored(mentor) == before


def test_the_newcomer_sees_the_volunteers_contact_as_a_link_to_its_app(client, auth, mentor,
                                                                       newcomer):
    auth.login(mentor)
    assert client.post("/offers/profile", data=_profile()).status_code == 302
    assert _stored(mentor) == ("signal", "+33 6 12 00 00 09")
    make_match(mentor, newcomer)
    auth.logout()
    auth.login(newcomer)
    page = _page(client.get("/help/"))
    assert '<a href="https://signal.me/#p/+33612000009" rel="noopener">Signal: +33 6 12 00 00 09' \
        in page


def test_a_volunteer_without_a_contact_is_told_they_cannot_accept(client, auth, mentor):
    VolunteerProfile.update(contact_channel="", contact="").where(
        VolunteerProfile.user == mentor.id).execute()
    auth.login(mentor)
    assert "you cannot accept a match" in _page(client.get("/offers/"))
    page = _page(client.get("/offers/profile"))
    assert "Without it you cannot accept a match." in page


@pytest.mark.parametrize("status", ["proposed", "active"])
def test_a_volunteer_cannot_clear_their_contact_while_a_match_is_live(client, auth, mentor,
                                                                      newcomer, status):
    make_match(mentor, newcomer, status=status)
    auth.login(mentor)
    before = _stored(mentor)
    # Posted straight to the server, as a forged request would be: the service is the guard.
    page = _page(client.post("/offers/profile", data=_profile(contact_channel="", contact=""),
                             follow_redirects=True))
    assert LIVE in page
    assert _stored(mentor) == before


def test_a_newcomer_cannot_clear_their_contact_while_a_match_is_live(client, auth, mentor,
                                                                     newcomer):
    make_match(mentor, newcomer)
    auth.login(newcomer)

    def stored():
        profile = NewcomerProfile.get(NewcomerProfile.user == newcomer.id)
        return profile.contact_channel, profile.contact, profile.city

    before = stored()
    page = _page(client.post("/help/profile",
                             data=_newcomer_profile(contact_channel="", contact="")))
    assert LIVE in page
    # Refused whole: the city typed with it is not saved either, and the form keeps it.
    assert stored() == before and before[1]
    assert 'value="Lyon"' in page


def test_a_contact_may_change_while_live_and_be_cleared_once_the_match_ended(client, auth, mentor,
                                                                             newcomer):
    match = make_match(mentor, newcomer)
    auth.login(mentor)
    changed = _profile(contact_channel="email", contact="marc@example.test")
    assert client.post("/offers/profile", data=changed).status_code == 302
    assert _stored(mentor) == ("email", "marc@example.test")
    Match.update(status="ended").where(Match.id == match.id).execute()
    assert client.post("/offers/profile",
                       data=_profile(contact_channel="", contact="")).status_code == 302
    assert _stored(mentor) == ("", "")


OLD_CONTACTS = {
    1: ("Signal +33 6 12 00 00 02", ("signal", "+33 6 12 00 00 02")),
    2: ("Telegram @dmitri_passage", ("telegram", "@dmitri_passage")),
    3: ("telegram: @dmitri_passage", ("telegram", "@dmitri_passage")),
    4: ("sophie@example.org", ("email", "sophie@example.org")),
    5: ("06 12 34 56 78", ("phone", "06 12 34 56 78")),
    6: ("@olga_passage", ("telegram", "@olga_passage")),
    7: ("ask at the Saturday group", ("", "")),
    8: ("Signal, ask at the group", ("", "")),
    9: ("", ("", "")),
}


def test_0032_reads_free_text_contacts_as_a_channel_and_clears_the_rest(app, tmp_path):
    with old_database(tmp_path, "before_0032") as (database, schema):
        runner = Runner(database, str(MIGRATIONS), schema=schema)
        runner.up(target="0030_matching_version")
        for n, (text, _) in OLD_CONTACTS.items():
            insert_row(database, "account", dict(id=n, email=f"v{n}@example.test",
                                                 display_name=f"V{n}", role="mentor",
                                                 status="active"), schema)
            insert_row(database, "volunteer_profile",
                       dict(id=n, user_id=n, contact=crypto.encrypt(text) if text else ""),
                       schema)
        runner.up()
        rows = database.execute_sql(
            "SELECT id, contact_channel, contact FROM volunteer_profile").fetchall()
    found = {row_id: (channel, crypto.decrypt(token) if token else "")
             for row_id, channel, token in rows}
    assert found == {n: parsed for n, (_, parsed) in OLD_CONTACTS.items()}


def test_a_volunteer_whose_contact_was_cleared_cannot_accept(client, auth, newcomer):
    host = make_mentor()
    VolunteerProfile.update(contact_channel="", contact="").where(
        VolunteerProfile.user == host.id).execute()
    match = make_match(host, newcomer, status="proposed")
    auth.login(host)
    page = _page(client.post(f"/matching/matches/{match.id}/respond",
                             data={"decision": "accept"}, follow_redirects=True))
    assert "add to your profile how the newcomer can reach you" in page
    assert Match.get_by_id(match.id).status == "proposed"
