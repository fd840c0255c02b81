"""Every newcomer can have a lead organizer: set or cleared on the newcomer's page or taken from
a case, shown on the page and in the list, and chosen in the list's filter by number."""
from network.cases import service
from network.models import AuditEvent, Case, Lead

from .factories import filtered, make_newcomer, make_organizer


def _lead(newcomer):
    return Lead.select(Lead.organizer).where(Lead.newcomer == newcomer.id).scalar()


def test_an_organizer_sets_and_clears_a_newcomers_lead_on_their_page(client, auth, organizer,
                                                                    newcomer):
    camille = make_organizer(name="Camille")
    auth.login(organizer)
    page = client.get(f"/people/newcomers/{newcomer.id}").get_data(as_text=True)
    assert "Lead organizer" in page and "Nobody" in page
    assert f'<option value="{camille.id}">Camille #{camille.id}</option>' in page

    client.post(f"/people/newcomers/{newcomer.id}/lead", data={"lead": camille.id})
    assert _lead(newcomer) == camille.id
    page = client.get(f"/people/newcomers/{newcomer.id}").get_data(as_text=True)
    assert f'Camille <span class="muted">#{camille.id}</span>' in page
    listed = client.get("/people/newcomers").get_data(as_text=True)
    assert f'Camille <span class="muted">#{camille.id}</span>' in listed
    set_ = AuditEvent.get(AuditEvent.action == "newcomer.lead")
    assert (set_.actor_id, set_.target_id, set_.detail) == (organizer.id, newcomer.id,
                                                            f"#{camille.id}")

    client.post(f"/people/newcomers/{newcomer.id}/lead", data={"lead": ""})
    assert _lead(newcomer) is None
    assert AuditEvent.get(AuditEvent.action == "newcomer.lead_cleared").target_id == newcomer.id


def test_a_lead_must_be_an_active_organizer_and_only_organizers_set_one(client, auth, organizer,
                                                                      mentor, newcomer):
    away = make_organizer(name="Away", status="suspended")
    auth.login(organizer)
    for refused in (mentor.id, away.id, "abc", 2**40):
        response = client.post(f"/people/newcomers/{newcomer.id}/lead", data={"lead": refused},
                               follow_redirects=True)
        assert "Choose an active organizer." in response.get_data(as_text=True)
    assert _lead(newcomer) is None
    # Only a newcomer has a lead: a volunteer's number is no newcomer page.
    assert client.post(f"/people/newcomers/{mentor.id}/lead",
                       data={"lead": organizer.id}).status_code == 404
    auth.logout()
    auth.login(mentor)
    assert client.post(f"/people/newcomers/{newcomer.id}/lead",
                       data={"lead": mentor.id}).status_code == 403
    assert _lead(newcomer) is None


def test_an_organizer_becomes_the_lead_from_a_case_and_gets_its_next_cases(app, client, auth,
                                                                          organizer, newcomer):
    with app.app_context():
        case = service.open_case("talk", newcomer=newcomer, reporter=newcomer, key="talk:1")
    auth.login(organizer)
    client.post(f"/cases/{case.id}/lead")
    assert _lead(newcomer) == organizer.id
    with app.app_context():
        later = service.open_case("unreachable", newcomer=newcomer, key="unreachable:1")
    assert Case.get_by_id(later.id).assignee_id == organizer.id


def test_the_list_filters_by_lead_and_tells_two_organizers_of_one_name_apart(client, auth,
                                                                            organizer, mentor):
    first, second = make_organizer(name="Camille"), make_organizer(name="Camille")
    led, other = make_newcomer(name="Иван"), make_newcomer(name="Олег")
    Lead.create(newcomer=led, organizer=second)
    Lead.create(newcomer=other, organizer=first)
    auth.login(organizer)
    page = filtered(client, "/people/newcomers", lead=second.id).get_data(as_text=True)
    for camille in (first, second):
        assert f'value="{camille.id}">Camille #{camille.id}</option>' in page
    assert f'<option selected value="{second.id}">' in page
    assert f"#{led.id}<" in page and f"#{other.id}<" not in page
    # Volunteers are never offered as leads.
    assert f'value="{mentor.id}"' not in page
