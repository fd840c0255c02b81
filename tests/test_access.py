"""Every route, as every kind of visitor: the answer each one gets (default deny)."""
import pytest

from .routekit import LOGIN, RULES, VISITORS, url_of


def _endpoints(app):
    return sorted(r.endpoint for r in app.url_map.iter_rules() if r.endpoint != "static")


def test_every_route_has_a_rule(app):
    assert sorted(RULES) == _endpoints(app)


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("endpoint", sorted(RULES))
def test_route_answers_each_visitor(app, client, auth, world, endpoint, visitor):
    method, expected_by_visitor = RULES[endpoint]
    expected = expected_by_visitor.get(visitor, 403)
    people = world[0]
    if visitor != "anonymous":
        auth.login(people[visitor])
    url = url_of(app, endpoint, world)
    response = client.open(url, method=method)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")
    else:
        assert response.status_code == expected, (endpoint, visitor)
        if expected == 200 and response.mimetype == "text/html":
            title = response.get_data(as_text=True).split("<title>")[1].split("</title>")[0]
            assert "<" not in title and title.strip(), (endpoint, title)
