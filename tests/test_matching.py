"""The match board and the life of a match: proposals, confirmation, answers, ends, races."""
import threading

import pytest

from network.matching import service
from network.models import AuditEvent, HelpRequest, Match, NewcomerProfile, Offer

from .factories import make_mentor, make_newcomer, make_offer, make_organizer, make_request


@pytest.fixture
def pair(app, mentor, newcomer):
    """An open mentoring request and a fitting offer with one place."""
    return make_request(newcomer), make_offer(mentor)


def _confirm(app, organizer, pairs):
    with app.test_request_context():
        return service.confirm(organizer, pairs)


def test_board_lists_open_requests_and_the_engine_proposes(client, auth, organizer, pair):
    auth.login(organizer)
    assert "Алексей" in client.get("/matching/?kind=mentor").get_data(as_text=True)
    page = client.get("/matching/mentor/proposals").get_data(as_text=True)
    assert "Алексей" in page and "Marc Mentor" in page
    assert "same city (paris (75))" in page.lower() and "fits every requirement" in page
    assert f'value="{pair[0].id}:{pair[1].id}"' in page


def test_confirming_books_the_place_and_sends_the_proposal(client, auth, organizer, pair):
    request, offer = pair
    auth.login(organizer)
    response = client.post("/matching/confirm", data={"pairs": [f"{request.id}:{offer.id}"]})
    assert response.status_code == 302
    match = Match.get()
    assert ((match.status, match.volunteer_id, match.score > 0)
            == ("proposed", offer.volunteer_id, True))
    assert Offer.get_by_id(offer.id).used == 1
    assert HelpRequest.get_by_id(request.id).status == "proposed"
    assert AuditEvent.select().where(AuditEvent.action == "match.proposed").count() == 1


def test_a_full_offer_refuses_a_second_request(app, organizer, mentor, pair):
    request, offer = pair
    second = make_request(make_newcomer())
    confirmed, refused = _confirm(app, organizer, [(request.id, offer.id), (second.id, offer.id)])
    assert len(confirmed) == 1 and refused == [second.id]
    assert Offer.get_by_id(offer.id).used == 1
    assert HelpRequest.get_by_id(second.id).status == "open"


def test_a_pair_breaking_a_rule_is_refused_even_if_posted(app, organizer, mentor):
    speaks_only_uk = make_newcomer()
    NewcomerProfile.update(languages="uk").where(NewcomerProfile.user == speaks_only_uk).execute()
    request = make_request(speaks_only_uk)
    offer = make_offer(mentor)
    NewcomerProfile.update(languages="fr").where(NewcomerProfile.user == mentor).execute()
    from network.models import VolunteerProfile
    VolunteerProfile.update(languages="fr").where(VolunteerProfile.user == mentor).execute()
    confirmed, refused = _confirm(app, organizer, [(request.id, offer.id)])
    assert not confirmed and Match.select().count() == 0


def test_a_paused_offer_is_never_proposed(app, organizer, pair):
    request, offer = pair
    Offer.update(status="paused").execute()
    with app.test_request_context():
        board = service.propose("mentor")
    assert not board.result.proposals
    assert board.result.unmatched[0].code in ("no_volunteer_nearby", "no_shared_language")
    assert _confirm(app, organizer, [(request.id, offer.id)]) == ([], [request.id])


@pytest.mark.parametrize("threads", [6])
def test_organizers_confirming_at_the_same_moment_never_overbook(app, mentor, threads):
    offer = make_offer(mentor, capacity=2)
    organizers = [make_organizer() for _ in range(threads)]
    requests = [make_request(make_newcomer()) for _ in range(threads)]
    barrier = threading.Barrier(threads)

    def race(n):
        barrier.wait()
        _confirm(app, organizers[n], [(requests[n].id, offer.id)])

    workers = [threading.Thread(target=race, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert Match.select().where(Match.offer == offer.id).count() == 2
    assert Offer.get_by_id(offer.id).used == 2
    assert HelpRequest.select().where(HelpRequest.status == "proposed").count() == 2


def test_a_volunteer_accepting_twice_at_once_activates_once(app, organizer, mentor, pair):
    request, offer = pair
    [match], _ = _confirm(app, organizer, [(request.id, offer.id)])
    results, barrier = [], threading.Barrier(4)

    def accept():
        barrier.wait()
        try:
            with app.test_request_context():
                service.respond(match, mentor, accept=True)
            results.append("ok")
        except service.ServiceError:
            results.append("refused")

    workers = [threading.Thread(target=accept) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert results.count("ok") == 1
    assert Match.get_by_id(match.id).status == "active"
    assert Offer.get_by_id(offer.id).used == 1
    assert AuditEvent.select().where(AuditEvent.action == "match.accepted").count() == 1


def test_accepting_makes_the_match_visible_to_both(app, client, auth, organizer, mentor, newcomer,
                                                   pair):
    request, offer = pair
    [match], _ = _confirm(app, organizer, [(request.id, offer.id)])
    NewcomerProfile.update(contact_channel="telegram", contact="@alexei_safe").where(
        NewcomerProfile.user == newcomer).execute()
    auth.login(mentor)
    page = client.get(f"/matching/matches/{match.id}").get_data(as_text=True)
    assert "@alexei_safe" not in page  # not before the volunteer accepts
    assert client.get(f"/people/newcomers/{newcomer.id}").status_code == 404
    client.post(f"/matching/matches/{match.id}/respond", data={"decision": "accept"})
    assert HelpRequest.get_by_id(request.id).status == "matched"
    assert "@alexei_safe" in client.get(f"/matching/matches/{match.id}").get_data(as_text=True)
    assert client.get(f"/people/newcomers/{newcomer.id}").status_code == 200
    auth.logout()
    auth.login(newcomer)
    assert client.get(f"/matching/matches/{match.id}").status_code == 200


def test_declining_returns_the_request_and_remembers_the_pair(app, client, auth, organizer, mentor,
                                                              pair):
    request, offer = pair
    [match], _ = _confirm(app, organizer, [(request.id, offer.id)])
    auth.login(mentor)
    client.post(f"/matching/matches/{match.id}/respond",
                data={"decision": "decline", "reason": "En vacances"})
    assert Match.get_by_id(match.id).decline_reason == "En vacances"
    assert HelpRequest.get_by_id(request.id).status == "open"
    assert Offer.get_by_id(offer.id).used == 0
    with app.test_request_context():
        [proposal] = service.propose("mentor").result.proposals
    assert "declined_before" in [part.code for part in proposal.explanation]


def test_ending_frees_the_place(app, client, auth, organizer, mentor, pair):
    request, offer = pair
    [match], _ = _confirm(app, organizer, [(request.id, offer.id)])
    with app.test_request_context():
        service.respond(match, mentor, accept=True)
    auth.login(mentor)
    client.post(f"/matching/matches/{match.id}/end", data={"reason": "completed"})
    assert Match.get_by_id(match.id).status == "ended"
    assert Offer.get_by_id(offer.id).used == 0
    assert HelpRequest.get_by_id(request.id).status == "closed"
    response = client.post(f"/matching/matches/{match.id}/end", data={"reason": "completed"})
    assert Offer.get_by_id(offer.id).used == 0 and response.status_code == 302


def test_a_newcomer_reports_a_problem_and_ends_the_match_at_once(app, client, auth, organizer,
                                                                 newcomer, pair):
    request, offer = pair
    [match], _ = _confirm(app, organizer, [(request.id, offer.id)])
    auth.login(newcomer)
    client.post(f"/matching/matches/{match.id}/problem",
                data={"text": "Он спрашивал мой адрес семьи", "end_now": "y"})
    ended = Match.get_by_id(match.id)
    assert ended.status == "ended" and ended.end_reason == "problem"
    assert HelpRequest.get_by_id(request.id).status == "open"
    auth.logout()
    auth.login(organizer)
    assert "Он спрашивал мой адрес семьи" in client.get("/matching/").get_data(as_text=True)


def test_withdrawing_a_request_ends_its_match(app, organizer, newcomer, pair):
    request, offer = pair
    _confirm(app, organizer, [(request.id, offer.id)])
    with app.test_request_context():
        service.withdraw_request(HelpRequest.get_by_id(request.id), newcomer)
        with pytest.raises(service.ServiceError):
            service.withdraw_request(HelpRequest.get_by_id(request.id), newcomer)
    assert HelpRequest.get_by_id(request.id).status == "cancelled"
    assert Offer.get_by_id(offer.id).used == 0
    assert Match.get().status == "ended"


def test_strangers_get_404_on_a_match(app, client, auth, organizer, pair):
    request, offer = pair
    [match], _ = _confirm(app, organizer, [(request.id, offer.id)])
    for stranger in (make_mentor(), make_newcomer()):
        auth.login(stranger)
        assert client.get(f"/matching/matches/{match.id}").status_code == 404
        assert client.post(f"/matching/matches/{match.id}/problem",
                           data={"text": "x"}).status_code == 404
        auth.logout()
    other_mentor = make_mentor()
    auth.login(other_mentor)
    assert client.post(f"/matching/matches/{match.id}/respond",
                       data={"decision": "accept"}).status_code == 404
    assert Match.get_by_id(match.id).status == "proposed"


def test_a_host_sees_contact_after_acceptance_but_never_needs_or_notes(app, client, auth, organizer,
                                                                      newcomer):
    host = make_mentor()
    offer = make_offer(host, "housing")
    request = make_request(newcomer, "housing")
    NewcomerProfile.update(contact_channel="signal", contact="+33 6 00 00 00 00",
                           needs="legal,health", notes="Ищут по линии военкомата").where(
        NewcomerProfile.user == newcomer).execute()
    [match], _ = _confirm(app, organizer, [(request.id, offer.id)])
    with app.test_request_context():
        service.respond(match, host, accept=True)
    auth.login(host)
    page = client.get(f"/matching/matches/{match.id}").get_data(as_text=True)
    assert "+33 6 00 00 00 00" in page and "legal,health" not in page
    person = client.get(f"/people/newcomers/{newcomer.id}").get_data(as_text=True)
    assert "Ищут по линии военкомата" not in person


def test_housing_request_unmatched_says_why(app, organizer, newcomer):
    make_request(newcomer, "housing", people=4)
    make_offer(make_mentor(), "housing", beds=2)
    with app.test_request_context():
        board = service.propose("housing")
    assert board.result.unmatched[0].code == "no_host_beds"
    from network.matching.explain import reason_text
    with app.test_request_context():
        text = reason_text(board.result.unmatched[0].code, board.result.unmatched[0].params)
    assert "4 beds" in text and "paris" in text.lower()


def test_volunteer_sees_own_proposals(client, auth, app, organizer, mentor, pair):
    _confirm(app, organizer, [(pair[0].id, pair[1].id)])
    auth.login(mentor)
    assert "Алексей" in client.get("/matching/mine").get_data(as_text=True)


def test_confirm_with_nonsense_changes_nothing(client, auth, organizer, pair):
    auth.login(organizer)
    for data in ({}, {"pairs": ["x:y"]}, {"pairs": ["99999:1"]}, {"pairs": ["1:" + "9" * 30]}):
        assert client.post("/matching/confirm", data=data).status_code == 302
    assert Match.select().count() == 0
    assert client.get("/matching/nonsense/proposals").status_code == 404


def test_relation_rules_for_newcomer_records(app, client, auth, organizer, mentor, newcomer, pair):
    request, offer = pair
    [match], _ = _confirm(app, organizer, [(request.id, offer.id)])
    with app.test_request_context():
        service.respond(match, mentor, accept=True)
        service.end_match(Match.get_by_id(match.id), mentor, "completed")
    auth.login(mentor)
    assert client.get(f"/people/newcomers/{newcomer.id}").status_code == 404


def test_each_side_hears_of_each_step(app, client, auth, organizer, mentor, newcomer, pair):
    from network.models import Notification

    request, offer = pair
    [match], _ = _confirm(app, organizer, [(request.id, offer.id)])
    assert Notification.get(Notification.recipient == mentor.id).payload["code"] == "match_proposed"
    with app.test_request_context():
        service.respond(match, mentor, accept=True)
    note = Notification.get(Notification.recipient == newcomer.id)
    assert note.payload["code"] == "match_accepted"
    auth.login(newcomer)
    client.post(f"/matching/matches/{match.id}/problem", data={"text": "Не отвечает"})
    assert Notification.select().where((Notification.recipient == organizer.id)
                                       & (Notification.kind == "alert")).count() == 1
