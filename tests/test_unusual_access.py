"""Someone opening many newcomer records in a short time alerts the other organizers."""
import pytest

from network.models import AuditEvent, Notification

from .factories import make_newcomer, make_organizer


@pytest.fixture
def app_config(app_config):
    return {**app_config, "UNUSUAL_ACCESS_COUNT": 5, "UNUSUAL_ACCESS_MINUTES": 10}


def test_many_records_in_a_short_time_alert_the_other_organizers(client, auth, organizer):
    colleague = make_organizer()
    people = [make_newcomer() for _ in range(6)]
    auth.login(organizer)
    for person in people[:4]:
        client.get(f"/people/newcomers/{person.id}")
    assert Notification.select().count() == 0
    for person in people[4:]:
        client.get(f"/people/newcomers/{person.id}")
    [alert] = Notification.select()
    assert alert.recipient_id == colleague.id and alert.payload["code"] == "unusual_access"
    assert AuditEvent.select().where(AuditEvent.action == "access.unusual").count() == 1


def test_reopening_the_same_record_is_not_unusual(client, auth, organizer):
    make_organizer()
    person = make_newcomer()
    auth.login(organizer)
    for _ in range(10):
        client.get(f"/people/newcomers/{person.id}")
    assert Notification.select().count() == 0
