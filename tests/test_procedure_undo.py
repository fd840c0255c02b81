"""Dates cleared from the procedure form can be put back by whoever cleared them, for a day."""
from datetime import date, datetime, timedelta

import pytest

from network.jobs import run_all
from network.models import AuditEvent, ProcedureFile, RemovedProcedureDates
from network.privacy.service import erase
from network.procedure import service

from .factories import make_match, make_mentor, make_newcomer, make_organizer

NOW = datetime(2026, 12, 10, 9, 0)
DATES = {"registered": "2026-11-20", "procedure": "normal", "entered": "2026-10-01",
         "ofpra_filed": "2026-11-25"}


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    """The pages and the service see 10 December 2026."""
    for module in ("network.procedure.views", "network.procedure.service"):
        monkeypatch.setattr(f"{module}.utcnow", lambda: NOW)


def _saved(newcomer):
    return ProcedureFile.get(ProcedureFile.newcomer == newcomer.id)


def test_cleared_dates_come_back_and_the_deadlines_follow(client, auth):
    newcomer = make_newcomer()
    auth.login(newcomer)
    client.post(f"/procedure/newcomer/{newcomer.id}", data=DATES)
    cleared = {k: v for k, v in DATES.items() if k != "ofpra_filed"}
    page = client.post(f"/procedure/newcomer/{newcomer.id}", data=cleared,
                       follow_redirects=True).get_data(as_text=True)
    assert _saved(newcomer).ofpra_filed is None
    assert "Dates you removed stay here for a day" in page and "OFPRA file sent" in page
    response = client.post(f"/procedure/newcomer/{newcomer.id}/restore")
    assert response.status_code == 302
    assert _saved(newcomer).ofpra_filed == date(2026, 11, 25)
    assert not RemovedProcedureDates.select().exists()
    assert "Dates you removed" not in client.get("/procedure/").get_data(as_text=True)
    assert AuditEvent.select().where(AuditEvent.action == "procedure.restored").count() == 1


def test_a_date_written_since_is_kept(client, auth):
    newcomer = make_newcomer()
    auth.login(newcomer)
    client.post(f"/procedure/newcomer/{newcomer.id}", data=DATES)
    client.post(f"/procedure/newcomer/{newcomer.id}", data={**DATES, "entered": "",
                                                             "ofpra_filed": ""})
    client.post(f"/procedure/newcomer/{newcomer.id}", data={**DATES, "entered": "2026-10-02",
                                                             "ofpra_filed": ""})
    client.post(f"/procedure/newcomer/{newcomer.id}/restore")
    # The second save cleared ofpra_filed only: it comes back, the newer arrival date stays.
    assert (_saved(newcomer).entered, _saved(newcomer).ofpra_filed) == (
        date(2026, 10, 2), date(2026, 11, 25))


def test_only_whoever_cleared_them_may_put_them_back(client, auth):
    newcomer, mentor = make_newcomer(), make_mentor()
    make_match(mentor, newcomer)
    service.save_facts(newcomer.id, mentor, {k: v for k, v in DATES.items()}
                       | {"registered": date(2026, 11, 20), "entered": date(2026, 10, 1),
                          "ofpra_filed": date(2026, 11, 25)}, now=NOW)
    service.save_facts(newcomer.id, mentor, {"procedure": "normal",
                                             "registered": date(2026, 11, 20)}, now=NOW)
    for other in (newcomer, make_organizer()):
        auth.login(other)
        assert client.post(f"/procedure/newcomer/{newcomer.id}/restore").status_code == 404
        auth.logout()
    assert _saved(newcomer).entered is None
    auth.login(mentor)
    client.post(f"/procedure/newcomer/{newcomer.id}/restore")
    assert _saved(newcomer).entered == date(2026, 10, 1)


def test_after_a_day_they_are_gone_and_with_the_person(app, client, auth):
    newcomer, other = make_newcomer(), make_newcomer()
    for person in (newcomer, other):
        service.save_facts(person.id, person, {"entered": date(2026, 10, 1)}, now=NOW)
        service.save_facts(person.id, person, {}, now=NOW)
    auth.login(newcomer)
    later = NOW + service.UNDO_WITHIN + timedelta(minutes=1)
    assert service.removed_by(newcomer, newcomer.id, later) == {}
    with app.test_request_context():
        erase(other, make_organizer())
    assert RemovedProcedureDates.select().count() == 1
    with app.app_context():
        assert run_all(later)["removed_dates_forgotten"] == 1
    assert not RemovedProcedureDates.select().exists()
