"""A person is told, in their language, when the network takes them in or approves them."""
import re

import pytest

from network.models import Notification

from .factories import emails_to, make_mentor, make_newcomer


@pytest.fixture
def app_config(app_config):
    """Mail waits in the outbox, where the tests read it."""
    return {**app_config, "SMTP_HOST": "smtp.invalid"}


def test_a_newcomer_taken_in_is_told_in_russian(app, client, auth, organizer):
    person = make_newcomer(status="pending", locale="ru")
    auth.login(organizer)
    client.post(f"/people/newcomers/{person.id}/admit")
    note = Notification.get(Notification.recipient == person.id)
    assert (note.payload["code"], note.link) == ("taken_in", "/")
    email = emails_to(person.email)[0]
    assert re.search("[а-яё]", email.subject) and re.search("[а-яё]", email.body)
    theirs = app.test_client()
    theirs.post("/login", data={"email": person.email, "password": "correct horse battery"})
    inbox = theirs.get("/notifications/").get_data(as_text=True)
    assert "Вас приняли в сеть" in inbox


def test_an_approved_volunteer_is_led_to_add_an_offer(client, auth, organizer):
    candidate = make_mentor(status="pending", locale="fr")
    auth.login(organizer)
    client.post(f"/people/volunteers/{candidate.id}",
                data={"decision": "approved", "interview_done": "y"})
    note = Notification.get(Notification.recipient == candidate.id)
    assert (note.payload["code"], note.link) == ("volunteer_approved", "/offers/")
    assert "Passage" in emails_to(candidate.email)[0].subject


def test_restoring_a_suspended_account_says_nothing_new(client, auth, organizer):
    person = make_newcomer(status="suspended")
    auth.login(organizer)
    client.post(f"/people/newcomers/{person.id}/status", data={"status": "active"})
    assert Notification.select().where(Notification.recipient == person.id).count() == 0
