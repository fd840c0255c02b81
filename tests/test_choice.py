"""The organizer's choice screen: what each candidate rests on, a stated order, no silent pick."""
import re

from network.matching import service

from .factories import make_mentor, make_offer, make_request


def _radios(page):
    return re.findall(r'<input type="radio" name="pairs" value="\d+:(\d+)"[^>]*?( checked)?>',
                      page)


def test_equal_scores_are_ordered_by_distance_and_none_is_preselected(client, auth, organizer,
                                                                     newcomer):
    request = make_request(newcomer, online_ok=True)
    far = make_offer(make_mentor(), city="Marseille", in_person=False, online=True)
    near = make_offer(make_mentor(), city="Lyon", in_person=False, online=True)
    with client.application.test_request_context():
        found = service.candidates(request)
    assert [c.offer.id for c in found] == [near.id, far.id]
    assert found[0].proposal.score == found[1].proposal.score
    assert [(c.place.title, c.km) for c in found] == [("Lyon (69)", 391), ("Marseille (13)", 660)]
    assert service.strictly_best(found) is None

    auth.login(organizer)
    page = client.get(f"/matching/requests/{request.id}").get_data(as_text=True)
    assert _radios(page) == [(str(near.id), ""), (str(far.id), "")]
    assert "Lyon (69)" in page and "391 km" in page and "equal scores by distance" in page


def test_a_strictly_best_candidate_is_preselected(client, auth, organizer, newcomer):
    request = make_request(newcomer, online_ok=True)
    make_offer(make_mentor(), city="Lyon", in_person=False, online=True)
    best = make_offer(make_mentor(), city="Paris")
    auth.login(organizer)
    page = client.get(f"/matching/requests/{request.id}").get_data(as_text=True)
    assert _radios(page)[0] == (str(best.id), " checked")
    assert [checked for _, checked in _radios(page)] == [" checked", ""]
    assert "Paris (75)" in page and "0 km" in page and "In person only" in page
