"""Procedure deadlines: recording them, the CNDA appeal window, and who may see them."""
from datetime import date, timedelta

import pytest

from network.deadlines import service
from network.models import AuditEvent, Deadline, utcnow
from network.procedure.timeline import appeal_deadline
from network.timeutil import paris_date

from .factories import make_match, make_mentor, make_newcomer
from .querycount import count_queries

TODAY = paris_date(utcnow())


@pytest.mark.parametrize("decision, appeal", [
    (date(2025, 1, 31), date(2025, 3, 3)),   # 28 February, then a day: Saturday 1 March
    (date(2024, 1, 31), date(2024, 3, 1)),   # a leap year: 29 February, then Friday 1 March
    (date(2025, 3, 31), date(2025, 5, 2)),   # 30 April, then 1 May, a holiday
    (date(2025, 12, 15), date(2026, 1, 16)),
    (date(2025, 2, 28), date(2025, 3, 31)),  # 28 March, then Saturday 29 March
])
def test_the_appeal_deadline_is_the_procedures_month_counted_franc(decision, appeal):
    assert appeal_deadline(decision) == appeal


def _add(client, user_id, **data):
    return client.post(f"/deadlines/newcomer/{user_id}/new", data=data)


def _appeal_card(page):
    return page.get_data(as_text=True).split('id="cnda-appeal"')[1].split("</div>")[0]


def test_a_decision_shows_the_timelines_appeal_deadline_which_follows_it(client, auth, newcomer):
    auth.login(newcomer)
    assert 'id="cnda-appeal"' not in client.get("/deadlines/").get_data(as_text=True)
    decided = TODAY - timedelta(days=3)
    response = _add(client, newcomer.id, kind="ofpra_decision", date=decided.isoformat())
    assert response.status_code == 302 and response.headers["Location"] == "/deadlines/"
    assert [d.kind for d in Deadline.select()] == ["ofpra_decision"]
    card = _appeal_card(client.get("/deadlines/"))
    assert f'data-date="{appeal_deadline(decided).isoformat()}"' in card
    assert "Last day to appeal to the CNDA" in card and 'href="/procedure/#dates-heading"' in card
    decision = Deadline.get(Deadline.kind == "ofpra_decision")
    client.post(f"/deadlines/{decision.id}/edit", data={"date": "2025-01-31"})
    assert 'data-date="2025-03-03"' in _appeal_card(client.get("/deadlines/"))
    client.post(f"/deadlines/{decision.id}/delete")
    assert 'id="cnda-appeal"' not in client.get("/deadlines/").get_data(as_text=True)


def test_the_appeal_deadline_cannot_be_typed(client, auth, newcomer):
    auth.login(newcomer)
    assert _add(client, newcomer.id, kind="cnda_appeal", date="2030-01-01").status_code == 200
    assert not Deadline.select().exists()


@pytest.mark.parametrize("data, message", [
    ({"kind": "other", "date": TODAY.isoformat()}, "Say in a few words"),
    ({"kind": "ofpra_decision", "date": (TODAY + timedelta(days=1)).isoformat()},
     "cannot be in the future"),
    ({"kind": "prefecture", "date": "2099-01-01"}, "check the year"),
    ({"kind": "prefecture", "date": "31/31/2026"}, "Not a valid date"),
    ({"kind": "", "date": TODAY.isoformat()}, "Choose which step"),
    ({"kind": "asylum_granted", "date": TODAY.isoformat()}, "Not a valid choice"),
    ({"kind": "other", "date": TODAY.isoformat(), "label": "x" * 121}, "120"),
])
def test_bad_input_gets_a_message_and_writes_nothing(client, auth, newcomer, data, message):
    auth.login(newcomer)
    response = _add(client, newcomer.id, **data)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert not Deadline.select().exists()


def test_past_steps_can_be_recorded(client, auth, newcomer):
    auth.login(newcomer)
    _add(client, newcomer.id, kind="ofpra_interview", date=(TODAY - timedelta(days=40)).isoformat())
    assert Deadline.select().count() == 1


def test_the_mentor_records_dates_for_the_newcomer(client, auth, mentor, newcomer):
    make_match(mentor, newcomer)
    auth.login(mentor)
    _add(client, newcomer.id, kind="cnda_hearing", date=(TODAY + timedelta(days=30)).isoformat(),
         label="Salle 3")
    deadline = Deadline.get()
    assert (deadline.newcomer_id, deadline.created_by_id) == (newcomer.id, mentor.id)
    page = client.get(f"/deadlines/newcomer/{newcomer.id}").get_data(as_text=True)
    assert "Salle 3" in page and "CNDA hearing" in page


@pytest.mark.parametrize("kind", ["housing", "language"])
def test_hosts_and_language_helpers_have_no_access(client, auth, newcomer, kind):
    helper = make_mentor()
    make_match(helper, newcomer, kind=kind)
    deadline = Deadline.create(newcomer=newcomer, kind="ofpra_interview", date=TODAY)
    auth.login(helper)
    assert client.get(f"/deadlines/newcomer/{newcomer.id}").status_code == 404
    assert _add(client, newcomer.id, kind="prefecture", date=TODAY.isoformat()).status_code == 404
    assert client.get(f"/deadlines/{deadline.id}/edit").status_code == 404
    assert client.post(f"/deadlines/{deadline.id}/delete").status_code == 404
    assert Deadline.select().count() == 1


def test_strangers_get_404(client, auth, newcomer):
    deadline = Deadline.create(newcomer=newcomer, kind="ofpra_interview", date=TODAY)
    for stranger in (make_mentor(), make_newcomer()):
        auth.login(stranger)
        assert client.get(f"/deadlines/newcomer/{newcomer.id}").status_code == 404
        response = client.post(f"/deadlines/{deadline.id}/edit", data={"date": "2030-01-01"})
        assert response.status_code == 404
        auth.logout()
    assert Deadline.get_by_id(deadline.id).date == TODAY


def test_a_former_mentor_loses_access(client, auth, mentor, newcomer):
    match = make_match(mentor, newcomer)
    match.status = "ended"
    match.save()
    auth.login(mentor)
    assert client.get(f"/deadlines/newcomer/{newcomer.id}").status_code == 404


def test_organizers_see_dates_audited(client, auth, organizer, newcomer):
    Deadline.create(newcomer=newcomer, kind="prefecture", date=TODAY, label="Bobigny")
    auth.login(organizer)
    assert "Bobigny" in client.get(f"/deadlines/newcomer/{newcomer.id}").get_data(as_text=True)
    event = AuditEvent.get(AuditEvent.action == "deadlines.viewed")
    assert (event.actor_id, event.target_id) == (organizer.id, newcomer.id)


def test_the_service_checks_kinds_too(app, newcomer):
    with app.test_request_context(), pytest.raises(service.ServiceError):
        service.add_deadline(newcomer.id, newcomer, "cnda_appeal", TODAY)
    assert not Deadline.select().exists()


def test_the_list_costs_the_same_queries_with_more_dates(client, auth, newcomer):
    auth.login(newcomer)
    with count_queries() as few:
        client.get("/deadlines/")
    for days in range(-3, 5):
        Deadline.create(newcomer=newcomer, kind="prefecture", date=TODAY + timedelta(days=days))
    with count_queries() as many:
        client.get("/deadlines/")
    assert many["n"] == few["n"]


def test_the_page_links_to_the_readers_own_view_of_the_procedure(app, client, auth, newcomer):
    mentor = make_mentor()
    make_match(mentor, newcomer)
    auth.login(newcomer)
    own = client.get("/deadlines/").get_data(as_text=True)
    # Their own page, not the page a mentor or an organizer reads (which says their name).
    assert f"/procedure/newcomer/{newcomer.id}" not in own and 'href="/procedure/"' in own
    auth.logout()
    auth.login(mentor)
    page = client.get(f"/deadlines/newcomer/{newcomer.id}").get_data(as_text=True)
    assert f'href="/procedure/newcomer/{newcomer.id}"' in page
