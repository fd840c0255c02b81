"""Erasure is deliberate: a confirmation page, a second organizer, and volunteers told only
that their match ended."""
from network.models import Approval, Match, Notification, User
from network.people import approvals

from .factories import make_match, make_organizer


def _erased(person):
    return User.get_by_id(person.id).erased_at is not None


def test_the_red_button_opens_a_page_and_erases_nothing(client, auth, organizer, newcomer):
    auth.login(organizer)
    page = client.get(f"/people/newcomers/{newcomer.id}/erase")
    assert page.status_code == 200
    assert f'action="/people/newcomers/{newcomer.id}/erase"' in page.get_data(as_text=True)
    assert not _erased(newcomer)


def test_one_organizer_alone_cannot_erase_a_newcomer(app, client, auth, organizer, mentor,
                                                     newcomer):
    other = make_organizer(name="Camille")
    match = make_match(mentor, newcomer)
    auth.login(organizer)
    client.post(f"/people/newcomers/{newcomer.id}/erase")
    assert not _erased(newcomer)
    approval = Approval.get(Approval.kind == "erase_newcomer")
    # The asker confirming their own request is the attack the rule refuses.
    client.post(f"/people/approvals/{approval.id}/confirm")
    assert not _erased(newcomer) and Match.get_by_id(match.id).status == "active"
    auth.logout()

    auth.login(other)
    client.post(f"/people/approvals/{approval.id}/confirm")
    assert _erased(newcomer)
    told = Notification.get(Notification.recipient == mentor.id,
                            Notification.dedupe_key == f"match-erased:{match.id}")
    # Nothing personal travels, and the link opens the volunteer's own list, not a dead page.
    assert told.payload == {"code": "match_ended", "params": {}}
    assert told.link == "/matching/mine"
    auth.logout()
    auth.login(mentor)
    assert client.get(told.link).status_code == 200


def test_a_single_organizer_network_erases_after_the_confirmation_page(app, client, auth,
                                                                      organizer, newcomer):
    with app.app_context():
        assert not approvals.rule_applies()
    auth.login(organizer)
    client.post(f"/people/newcomers/{newcomer.id}/erase")
    assert _erased(newcomer)
