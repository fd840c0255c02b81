"""The core's error types reach people as pages: a service's NotFound is the ordinary 404."""
from network.core.errors import NotFound


def test_a_service_not_found_is_the_404_page(app):
    @app.route("/_probe/<int:thing>")
    def probe(thing):
        raise NotFound()

    with app.test_client() as client:
        missing = client.get("/_probe/7")
        nowhere = client.get("/no-such-page")
    assert missing.status_code == nowhere.status_code == 404
    # The same words: nothing tells a record kept from the person apart from no record at all.
    assert b"This page does not exist, or it is not available to you." in missing.get_data()
    assert missing.get_data().replace(b"_probe/7", b"") == nowhere.get_data().replace(
        b"no-such-page", b"")
