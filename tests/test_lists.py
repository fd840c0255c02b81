"""Lists at scale: newcomers and volunteers found by pseudonym, place, status, need and lead
organizer, paged, and two people of the same pseudonym told apart."""
import pytest

from network.models import Lead, NewcomerProfile, VolunteerProfile

from .factories import filtered, make_mentor, make_newcomer, make_organizer


def _newcomer(name, city, region, needs="mentor"):
    person = make_newcomer(name=name)
    NewcomerProfile.update(city=city, region=region, needs=needs).where(
        NewcomerProfile.user == person.id).execute()
    return person


def _names(page):
    return page.get_data(as_text=True)


def test_two_newcomers_of_one_pseudonym_are_told_apart(client, auth, organizer):
    lyon = _newcomer("Алексей", "Lyon", "69")
    paris = _newcomer("Алексей", "Paris", "75")
    auth.login(organizer)
    page = _names(filtered(client, "/people/newcomers", search="Алексей"))
    assert f"#{lyon.id}<" in page and f"#{paris.id}<" in page
    assert "Lyon" in page and "Paris" in page


def test_newcomers_are_found_by_place_need_and_lead(client, auth, organizer):
    camille = make_organizer(name="Camille")
    lyon = _newcomer("Ivan", "Lyon", "69", needs="housing")
    villeurbanne = _newcomer("Oleg", "Villeurbanne", "69", needs="mentor")
    paris = _newcomer("Pavel", "Paris", "75", needs="housing,mentor")
    Lead.create(newcomer=paris, organizer=camille)
    auth.login(organizer)
    by_department = _names(filtered(client, "/people/newcomers", place="69"))
    assert f"#{lyon.id}<" in by_department and f"#{villeurbanne.id}<" in by_department
    assert f"#{paris.id}<" not in by_department
    by_city = _names(filtered(client, "/people/newcomers", place="Villeur"))
    assert f"#{villeurbanne.id}<" in by_city and f"#{lyon.id}<" not in by_city
    housing = _names(filtered(client, "/people/newcomers", need="housing"))
    assert f"#{lyon.id}<" in housing and f"#{villeurbanne.id}<" not in housing
    led = _names(filtered(client, "/people/newcomers", lead=camille.id))
    assert f"#{paris.id}<" in led and f"#{lyon.id}<" not in led


def test_volunteers_are_found_by_pseudonym_and_place(client, auth, organizer):
    marie = make_mentor(name="Marie Durand")
    jules = make_mentor(name="Jules Martin")
    VolunteerProfile.update(city="Lyon", region="69").where(
        VolunteerProfile.user == jules.id).execute()
    auth.login(organizer)
    found = _names(filtered(client, "/people/volunteers", search="Durand"))
    assert f"#{marie.id}<" in found and f"#{jules.id}<" not in found
    assert f"#{jules.id}<" in _names(filtered(client, "/people/volunteers", place="69"))


@pytest.mark.parametrize("values", [dict(lead="abc"), dict(lead="99999999999999999999"),
                                    dict(need="nothing"), dict(place="x" * 500),
                                    dict(search="%_%"), dict(kind="nothing")])
def test_nonsense_filters_answer_a_page(client, auth, organizer, values):
    auth.login(organizer)
    for path in ("/people/newcomers", "/people/volunteers"):
        assert filtered(client, path, **values).status_code == 200
    assert client.get("/people/newcomers?page=0").status_code == 200
