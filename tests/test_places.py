"""The communes catalog: official codes, Latin and Cyrillic search, never finer than a commune."""
import gzip

from network.matching.engine import km_between
from network.places import catalog
from network.places.names import fold


def test_a_cyrillic_name_finds_the_commune():
    commune, choices = catalog.resolve("Лион")
    assert (commune.code, commune.departement, choices) == ("69123", "69", [])


def test_an_arrondissement_is_stored_as_its_commune():
    assert catalog.resolve("lyon 7e")[0].code == "69123"
    assert catalog.resolve("Paris 18e Arrondissement")[0].code == "75056"


def test_case_accents_and_hyphens_do_not_matter():
    assert catalog.resolve("LYON")[0] == catalog.resolve("lyon")[0]
    assert catalog.resolve("saint etienne")[0].code == catalog.resolve("Saint-Étienne")[0].code


def test_an_ambiguous_name_asks_which_with_the_departement():
    commune, choices = catalog.resolve("Saint-Denis")
    assert commune is None
    assert {"93066", "97411"} <= {c.code for c in choices}
    assert "Saint-Denis (93)" in {c.title for c in choices}
    assert catalog.resolve("Saint-Denis (93)")[0].code == "93066"


def test_a_street_address_names_no_commune():
    assert catalog.resolve("Лион, ул. Гарибальди 12") == (None, [])


def test_search_suggests_by_prefix_in_both_scripts():
    assert catalog.search("Villeur")[0].code == "69266"
    assert catalog.search("Вилер")[0].code == "69266"
    assert catalog.search("l") == []


def test_every_commune_has_an_official_code_and_departement():
    with gzip.open(catalog.DATA, "rt", encoding="utf-8") as lines:
        rows = [line.split("\t") for line in lines if line.count("\t") > 1]
    assert len(rows) > 34000
    assert all(len(r[0]) == 5 and r[0].startswith(r[2][:2]) for r in rows)
    # Lyon's centre is its town hall, place des Terreaux.
    assert catalog.get("69123").centre == (45.7677, 4.8354)
    assert catalog.get("") is None and catalog.get("nowhere") is None


def test_every_commune_has_a_centre_in_its_own_departement():
    with gzip.open(catalog.DATA, "rt", encoding="utf-8") as lines:
        codes = [line.split("\t")[0] for line in lines if line.count("\t") > 1]
    # Clipperton, where nobody lives, is the one commune without any source for a centre.
    assert [c for c in codes if catalog.get(c).centre is None] == ["98901"]
    # A village GeoNames does not list lies a few km from its neighbour, not nowhere.
    village, neighbour = catalog.get("01001"), catalog.get("01093")
    assert village.population < 1000
    assert 1 < km_between(village.centre, neighbour.centre) < 10
    # Mainland centres stay in mainland France.
    assert all(41 < catalog.get(c).centre[0] < 51.5 and -5.5 < catalog.get(c).centre[1] < 10
               for c in codes if not c.startswith("97") and not c.startswith("98"))


def test_fold_transliterates_russian_and_ukrainian():
    assert fold("Ліон") == fold("Лион") == "lion"
    assert fold("St-Malo") == "saint malo"


def _suggest(client, **form):
    return client.post("/places/suggest", data=form)


def test_suggestions_are_public_json_and_bounded(client):
    assert _suggest(client, q="Лион").get_json()[0] == "Lyon (69)"
    assert len(_suggest(client, q="sa").get_json()) == 8
    assert _suggest(client, q="x" * 10000).get_json() == []
    assert _suggest(client).get_json() == []


def test_what_is_typed_never_goes_in_a_url(client):
    # A place in the query string would be kept in logs, proxies and the browser's history.
    assert client.get("/places/suggest?q=Лион").status_code == 405
    script = client.get("/static/js/places.js").get_data(as_text=True)
    assert 'method: "POST"' in script and "?q=" not in script and "X-CSRFToken" in script


def test_a_suggestion_asked_from_another_site_is_refused(app_config):
    from network import create_app

    client = create_app({**app_config, "WTF_CSRF_ENABLED": True}).test_client()
    assert client.post("/places/suggest", data={"q": "Lyon"}).status_code == 400
    page = client.get("/register").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    answer = client.post("/places/suggest", data={"q": "Lyon"}, headers={"X-CSRFToken": token})
    assert answer.get_json()[0] == "Lyon (69)"


def test_without_javascript_a_typed_commune_is_matched_on_the_server(client):
    page = client.get("/register").get_data(as_text=True)
    assert 'data-places=""' in page and "<datalist" not in page


def test_every_page_loads_the_suggestions_from_its_own_origin(client):
    page = client.get("/register").get_data(as_text=True)
    assert '<script src="/static/js/places.js" data-suggest="/places/suggest">' in page
    assert 'data-places=""' in page
