"""The CNDA appeal deadline and the attestation's expiry are the procedure timeline's alone: the
organizers' alert, the dashboard and both procedure pages count the legal aid that stops it."""
import re
from datetime import date, datetime

import pytest

from network.deadlines.service import add_deadline
from network.models import Notification
from network.procedure import service

from .factories import make_newcomer, make_organizer

NOW = datetime(2026, 12, 10, 9, 0)
# Received on 12 November: a month, franc, is Sunday 13 December, so Monday 14 December.
DECIDED = date(2026, 11, 12)
ASKED = {"legal_aid_requested": date(2026, 11, 20)}
# Answered on 1 December: the 23 days left run from 2 December to Christmas, so Monday 28.
ANSWERED = {**ASKED, "legal_aid_decided": date(2026, 12, 1)}


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    """The pages see 10 December 2026."""
    for module in ("network.procedure.views", "network.deadlines.views",
                   "network.dashboard.views"):
        monkeypatch.setattr(f"{module}.utcnow", lambda: NOW)


def _decided(facts=None, name="Refused"):
    newcomer, organizer = make_newcomer(name=name), make_organizer()
    add_deadline(newcomer.id, organizer, "ofpra_decision", DECIDED, now=NOW)
    if facts:
        service.save_facts(newcomer.id, organizer, facts, now=NOW)
    return newcomer, organizer


def _card(client, heading):
    page = client.get("/dashboard/").get_data(as_text=True)
    return page.split(f'id="{heading}"')[1].split("</section>")[0]


def test_a_month_within_7_days_alerts_the_organizers_once(app, ctx):
    newcomer, organizer = _decided()
    assert service.cnda_alerts(NOW) == 1
    assert service.cnda_alerts(NOW) == 0
    alert = Notification.get(Notification.recipient == organizer.id)
    assert "2026-12-14" in alert.dedupe_key and str(newcomer.id) in alert.dedupe_key


def test_legal_aid_asked_in_time_stops_the_alert_and_the_dashboard(app, client, auth):
    _, organizer = _decided(ASKED)
    assert service.cnda_alerts(NOW) == 0
    auth.login(organizer)
    assert "Refused" not in _card(client, "cnda-heading")


def test_after_legal_aid_the_alert_comes_on_the_recomputed_day(app, ctx):
    _decided(ANSWERED)
    assert service.cnda_alerts(NOW) == 0  # the 28th is more than 7 days away
    assert service.cnda_alerts(datetime(2026, 12, 22, 9, 0)) == 1
    assert "2026-12-28" in Notification.get().dedupe_key


def test_the_dashboard_lists_the_appeal_once_on_its_own_card(app, client, auth):
    _, organizer = _decided()
    auth.login(organizer)
    assert "Refused" in _card(client, "cnda-heading") and "14 Dec 2026" in _card(
        client, "cnda-heading")
    assert "Refused" not in _card(client, "procedure-heading")


def test_a_computed_attestation_expiry_is_on_the_dashboards_attestation_card(app, client, auth):
    organizer = make_organizer()
    # Registered in a normal procedure on 14 February: nothing printed, valid 10 months.
    newcomer = make_newcomer(name="Expiring")
    service.save_facts(newcomer.id, organizer, {
        "registered": date(2026, 2, 14), "procedure": "normal", "ofpra_filed": date(2026, 2, 20),
        "inbox_checked": date(2026, 12, 9)}, now=NOW)
    auth.login(organizer)
    card = _card(client, "attestation-heading")
    assert "Expiring" in card and "14 Dec 2026" in card
    assert "Expiring" not in _card(client, "procedure-heading")


def _appeal_on(page):
    entry = page.get_data(as_text=True).split('data-rule="cnda_appeal"')[1].split(">")[0]
    return dict(re.findall(r'data-(date|state)="([^"]*)"', entry))


@pytest.mark.parametrize("facts, expected", [
    (None, {"date": "2026-12-14", "state": "open"}),
    (ASKED, {"date": "", "state": "suspended"}),
    (ANSWERED, {"date": "2026-12-28", "state": "open"}),
])
def test_the_procedure_dates_and_the_procedure_show_the_same_appeal(app, client, auth, facts,
                                                                     expected):
    newcomer, _ = _decided(facts)
    auth.login(newcomer)
    on_dates = _appeal_on(client.get("/deadlines/"))
    assert on_dates == _appeal_on(client.get("/procedure/")) == expected
