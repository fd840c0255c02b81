"""The proposals page keeps the engine's last run until what it rests on changes, and pages."""
from datetime import timedelta

import pytest

from network.matching import engine, proposals
from network.models import AuditEvent, NewcomerProfile, Offer, User, utcnow

from .factories import make_mentor, make_newcomer, make_offer, make_request

URL = "/matching/mentor/proposals"


@pytest.fixture
def runs(app, monkeypatch):
    """How many times the engine ran; the page cache is off, so every GET renders."""
    monkeypatch.setattr(app.extensions["passage.pages"], "seconds", 0)
    counted = {"n": 0}
    original = engine.propose

    def counting(*args, **kwargs):
        counted["n"] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(engine, "propose", counting)
    return counted


@pytest.fixture
def seen(client, auth, organizer, runs):
    auth.login(organizer)

    def page(url=URL):
        response = client.get(url)
        assert response.status_code == 200
        return response.get_data(as_text=True)
    return page


def _proposals(page):
    return page[page.index('<ol class="proposals"'):page.index("</ol>")]


def test_a_second_view_shows_the_kept_run(seen, runs, mentor, newcomer):
    make_request(newcomer), make_offer(mentor)
    first = seen()
    assert "Алексей" in first and "Marc Mentor" in first
    AuditEvent.create(action="login.success", actor_id=mentor.id)  # not what the engine reads
    User.update(totp_last_step=7).where(User.id == mentor.id).execute()
    assert _proposals(seen()) == _proposals(first) and runs["n"] == 1


@pytest.mark.parametrize("change", [
    "new request", "offer paused", "profile language", "volunteer suspended", "offer deleted"])
def test_a_change_to_what_the_engine_reads_runs_it_again(seen, runs, mentor, newcomer, change):
    request, offer = make_request(newcomer), make_offer(mentor)
    assert f'value="{request.id}:{offer.id}"' in seen()
    if change == "new request":
        make_request(make_newcomer(name="Ольга"))
    elif change == "offer paused":
        Offer.update(status="paused").where(Offer.id == offer.id).execute()
    elif change == "profile language":
        (NewcomerProfile.update(languages="uk")
         .where(NewcomerProfile.user == newcomer.id).execute())
    elif change == "volunteer suspended":
        User.update(status="suspended").where(User.id == mentor.id).execute()
    else:
        Offer.delete().where(Offer.id == offer.id).execute()
    page = seen()
    assert runs["n"] == 2
    assert ("Ольга" in page) if change == "new request" else (f'value="{request.id}:' not in page)


def test_the_run_is_kept_within_the_hour_only(app, seen, runs, mentor, newcomer, monkeypatch):
    from network.matching import views

    make_request(newcomer), make_offer(mentor)
    start = utcnow().replace(minute=0, second=1)
    clock = {"now": start}
    monkeypatch.setattr(views, "utcnow", lambda: clock["now"])
    seen()
    clock["now"] = start + timedelta(minutes=59)
    seen()
    assert runs["n"] == 1
    clock["now"] = start + timedelta(hours=1)
    seen()
    assert runs["n"] == 2


def test_proposals_come_a_page_at_a_time(seen, runs):
    shown = proposals.PAGE_SIZE + 3
    for n in range(shown):
        make_offer(make_mentor(name=f"Mentor {n}"))
        make_request(make_newcomer(name=f"Newcomer {n}"))
    first, second = seen(), seen(f"{URL}?page=2")
    assert first.count('name="pairs"') == proposals.PAGE_SIZE and 'rel="next"' in first
    assert second.count('name="pairs"') == 3 and 'start="51"' in second
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert f"{shown} proposals" in first and runs["n"] == 1
    assert 'name="pairs"' not in seen(f"{URL}?page=99999999999999999999")
    for hostile in ("?page=-4", "?page=zwei"):
        assert seen(URL + hostile).count('name="pairs"') == proposals.PAGE_SIZE
    assert runs["n"] == 1


def test_only_organizers_see_proposals(client, auth, mentor, newcomer, runs):
    make_request(newcomer), make_offer(mentor)
    for person in (mentor, newcomer):
        auth.login(person)
        assert client.get(URL).status_code in (403, 404)
        auth.logout()
    assert runs["n"] == 0
