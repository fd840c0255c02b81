"""Erasure is deliberate: a confirmation page, a second organizer, and volunteers told only
that their match ended."""
from datetime import timedelta

from network import config
from network.models import Approval, Case, Match, Notification, User
from network.people import approvals
from network.privacy.service import erase_requested, request_erasure

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


def test_a_newcomer_may_change_their_mind_during_the_grace_period(app, client, auth, newcomer):
    auth.login(newcomer)
    client.post("/account/erase")
    asked = User.get_by_id(newcomer.id).erasure_requested_at
    assert asked is not None and not _erased(newcomer)
    assert "Keep my data" in client.get("/account/").get_data(as_text=True)
    client.post("/account/erase/cancel")
    assert User.get_by_id(newcomer.id).erasure_requested_at is None
    case = Case.get(Case.kind == "erasure")
    assert (case.status, case.outcome) == ("closed", "no_action")
    with app.app_context():
        assert erase_requested(asked + timedelta(days=30)) == 0
    assert not _erased(newcomer)


def test_the_grace_period_is_seven_days_unless_configured(tmp_path, monkeypatch):
    monkeypatch.delenv("ERASURE_GRACE_DAYS", raising=False)
    assert config.load(str(tmp_path))["ERASURE_GRACE_DAYS"] == 7
    monkeypatch.setenv("ERASURE_GRACE_DAYS", "2")
    assert config.load(str(tmp_path))["ERASURE_GRACE_DAYS"] == 2


def test_a_request_not_cancelled_is_carried_out_after_the_grace_period(app, newcomer):
    assert app.config["ERASURE_GRACE_DAYS"] == 7
    grace = timedelta(days=7)
    with app.app_context():
        request_erasure(newcomer)
        asked = User.get_by_id(newcomer.id).erasure_requested_at
        assert erase_requested(asked + grace - timedelta(minutes=1)) == 0
        assert not _erased(newcomer)
        assert erase_requested(asked + grace + timedelta(minutes=1)) == 1
        assert _erased(newcomer)
        # The next tick finds nothing left to do.
        assert erase_requested(asked + grace + timedelta(hours=1)) == 0


def test_for_safety_a_newcomer_erases_at_once_and_is_logged_out(client, auth, newcomer):
    auth.login(newcomer)
    client.post("/account/erase", data={"at_once": "y"})
    assert _erased(newcomer)
    assert client.get("/account/").status_code == 302
