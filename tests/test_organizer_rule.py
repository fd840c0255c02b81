"""No single organizer can lower the number of organizers the two-organizer rule counts."""
import pytest

from network.core.errors import ServiceError
from network.models import Approval, NewcomerProfile, User
from network.people import approvals
from network.privacy import service as privacy

from .conftest import Auth
from .factories import make_mentor, make_organizer

SECRET = "Иванов Алексей Петрович, в/ч 12345"


def _as(app, user):
    """A client logged in as this person, beside the others."""
    client = app.test_client()
    Auth(client).login(user)
    return client


def _vet(client, person, decision):
    return client.post(f"/people/volunteers/{person.id}",
                       data={"decision": decision, "interview_done": "y"}, follow_redirects=True)


def _status(person):
    return User.get_by_id(person.id).status


def _identity_page(client, newcomer):
    return client.get(f"/people/newcomers/{newcomer.id}/identity").get_data(as_text=True)


def _confirm_suspension(client):
    suspension = Approval.get(Approval.kind == "suspend_organizer")
    return client.post(f"/people/approvals/{suspension.id}/confirm")


@pytest.fixture
def second(app, organizer):
    return make_organizer(name="Second Organizer")


@pytest.fixture
def third(app, organizer):
    return make_organizer(name="Third Organizer")


@pytest.mark.parametrize("decision", ["suspended", "rejected"])
def test_one_organizer_cannot_suspend_the_other_and_then_act_alone(
        app, organizer, second, mentor, newcomer, decision):
    NewcomerProfile.update(identity=SECRET).where(NewcomerProfile.user == newcomer).execute()
    candidate = make_mentor(status="pending")
    rogue = _as(app, organizer)

    page = _vet(rogue, second, decision).get_data(as_text=True)

    assert "before this organizer is suspended" in page
    assert _status(second) == "active"
    with app.app_context():
        assert approvals.rule_applies()
    # Everything the suspension was meant to unlock still needs the second organizer.
    rogue.post(f"/people/newcomers/{newcomer.id}/identity/request")
    assert SECRET not in _identity_page(rogue, newcomer)
    _vet(rogue, candidate, "approved")
    assert _status(candidate) == "pending"
    rogue.post(f"/people/volunteers/{mentor.id}/promote")
    assert User.get_by_id(mentor.id).role == "mentor"
    # Nor can the requester confirm their own request.
    _confirm_suspension(rogue)
    assert _status(second) == "active"


def test_a_second_organizer_confirms_a_suspension_and_its_sessions_end(
        app, organizer, second, third):
    session = _as(app, second)
    _vet(_as(app, organizer), second, "suspended")

    _confirm_suspension(_as(app, third))

    assert _status(second) == "suspended"
    assert session.get("/people/approvals").status_code == 302


def test_the_organizer_in_question_cannot_refuse_their_suspension(app, organizer, second, third):
    _vet(_as(app, organizer), second, "suspended")
    suspension = Approval.get(Approval.kind == "suspend_organizer")

    page = _as(app, second).post(f"/people/approvals/{suspension.id}/cancel",
                                 follow_redirects=True).get_data(as_text=True)

    assert "decided by the other organizers" in page
    assert Approval.get_by_id(suspension.id).cancelled_at is None
    _as(app, third).post(f"/people/approvals/{suspension.id}/confirm")
    assert _status(second) == "suspended"


def test_an_organizer_cannot_suspend_themselves(app, organizer, second):
    page = _vet(_as(app, organizer), organizer, "suspended").get_data(as_text=True)
    assert "You cannot vet yourself." in page
    assert _status(organizer) == "active"


def test_a_suspended_organizers_open_requests_cannot_be_confirmed(
        app, organizer, second, third, newcomer):
    candidate = make_mentor(status="pending")
    rogue = _as(app, organizer)
    _vet(rogue, candidate, "approved")
    rogue.post(f"/people/newcomers/{newcomer.id}/identity/request")
    asked = [a.id for a in Approval.select().where(Approval.requested_by == organizer.id)]
    _vet(_as(app, second), organizer, "suspended")
    _confirm_suspension(_as(app, third))
    assert _status(organizer) == "suspended"

    confirmer = _as(app, second)
    for approval_id in asked:
        page = confirmer.post(f"/people/approvals/{approval_id}/confirm",
                              follow_redirects=True).get_data(as_text=True)
        assert "already handled" in page
    assert _status(candidate) == "pending"
    assert Approval.select().where(Approval.confirmed_at.is_null(False)
                                   & Approval.id.in_(asked)).count() == 0


def test_an_identity_shown_with_a_suspended_organizers_consent_is_hidden_again(
        app, organizer, second, third, newcomer):
    NewcomerProfile.update(identity=SECRET).where(NewcomerProfile.user == newcomer).execute()
    reader = _as(app, third)
    reader.post(f"/people/newcomers/{newcomer.id}/identity/request")
    _as(app, organizer).post(f"/people/approvals/{Approval.get().id}/confirm")
    assert SECRET in _identity_page(reader, newcomer)

    _vet(_as(app, second), organizer, "suspended")
    _confirm_suspension(reader)

    assert _status(organizer) == "suspended"
    assert SECRET not in _identity_page(reader, newcomer)


@pytest.mark.parametrize("fault", ["suspended behind the rule's back", "account deleted"])
def test_a_request_whose_asker_is_no_longer_an_organizer_is_never_confirmed(
        ctx, organizer, second, mentor, fault):
    approval = approvals.request("promote_organizer", mentor, organizer)
    if fault == "account deleted":
        # The foreign key sets the asker to NULL: a request nobody stands behind.
        Approval.update(requested_by=None).where(Approval.id == approval.id).execute()
    else:
        User.update(status="suspended").where(User.id == organizer.id).execute()

    with pytest.raises(ServiceError):
        approvals.confirm(Approval.get_by_id(approval.id), second)

    assert User.get_by_id(mentor.id).role == "mentor"


def test_suspending_a_mentor_withdraws_the_request_to_promote_them(app, organizer, second, third):
    candidate = make_mentor()
    _as(app, organizer).post(f"/people/volunteers/{candidate.id}/promote")
    promotion = Approval.get(Approval.kind == "promote_organizer")

    _vet(_as(app, second), candidate, "suspended")
    _as(app, third).post(f"/people/approvals/{promotion.id}/confirm")

    assert User.get_by_id(candidate.id).role == "mentor"
    assert Approval.get_by_id(promotion.id).cancelled_at is not None


def test_an_organizer_cannot_be_erased(ctx, organizer, second):
    with pytest.raises(ServiceError):
        privacy.erase(second, organizer)
    assert _status(second) == "active"


def test_suspending_a_mentor_lowers_nothing_and_needs_one_organizer(app, organizer, second, mentor):
    _vet(_as(app, organizer), mentor, "suspended")
    assert _status(mentor) == "suspended"
