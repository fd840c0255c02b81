"""A logged-in person whose request finds the database gone gets the calm 503 page: the error
page itself must not go back to the database (the unread count, the person's account)."""
import pytest
from peewee import InterfaceError, OperationalError

from network.db import db


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_the_database_going_away_is_a_503_for_a_logged_in_person(client, auth, mentor, monkeypatch,
                                                                 error):
    auth.login(mentor)
    assert client.get("/").status_code == 200

    def refuse(*args, **kwargs):
        raise error("server closed the connection unexpectedly")

    monkeypatch.setattr(db.obj, "execute_sql", refuse)
    for path in ("/", "/matching/mine", "/notifications/"):
        page = client.get(path)
        assert page.status_code == 503, path
        assert b"cannot reach its database" in page.data and b"Traceback" not in page.data
    monkeypatch.undo()
    # Back again: the same session works, nobody was logged out.
    page = client.get("/")
    assert page.status_code == 200 and b'action="/logout"' in page.data


def test_the_database_going_away_after_the_page_was_rendered_still_serves_it(app, client,
                                                                            auth, mentor,
                                                                            monkeypatch):
    from network.pagecache import PageCache

    auth.login(mentor)
    client.get("/")
    probes = iter([7])

    def probe(self):
        for state in probes:
            return state
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(PageCache, "database_state", probe)
    page = client.get("/account/")
    assert page.status_code == 200 and b"Traceback" not in page.data
    assert not app.extensions["passage.pages"].pages
