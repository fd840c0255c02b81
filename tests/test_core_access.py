"""Who may see what, a table per kind of thing: each viewer's relation and the refusal performed."""
from datetime import date, timedelta

import pytest

from network.auth.decorators import get_newcomer_for
from network.checkins import service as checkins
from network.core.access import (
    NewcomerView,
    Relation,
    active_organizers,
    checkin_relation,
    conversation_view,
    is_active_volunteer,
    match_view,
    menu,
    newcomer_relation,
    procedure_relation,
)
from network.core.errors import NotFound
from network.deadlines import service as deadlines
from network.help import service as help_service
from network.models import CheckIn, Conversation, Deadline, Match, NewcomerProfile, User, utcnow
from network.offers import service as offers

from .factories import (
    make_match,
    make_mentor,
    make_newcomer,
    make_offer,
    make_organizer,
    make_request,
    make_user,
)


@pytest.fixture
def circle(app, organizer, mentor, newcomer):
    """One newcomer with a mentor, a host and a language helper; a stranger volunteer beside."""
    NewcomerProfile.update(notes="Afraid of the consulate", contact="@alexei").where(
        NewcomerProfile.user == newcomer.id).execute()
    host, teacher, stranger = make_mentor(), make_mentor(), make_mentor()
    make_match(mentor, newcomer, kind="mentor")
    make_match(host, newcomer, kind="housing")
    make_match(teacher, newcomer, kind="language")
    return {"organizer": organizer, "mentor": mentor, "host": host, "teacher": teacher,
            "stranger": stranger, "newcomer": newcomer, "other newcomer": make_newcomer()}


# A newcomer's record

@pytest.mark.parametrize("viewer, relation", [
    ("organizer", Relation.ORGANIZER),
    ("mentor", Relation.MENTOR),
    ("host", Relation.HELPER),
    ("teacher", Relation.HELPER),
    ("stranger", None),
    ("newcomer", None),
    ("other newcomer", None),
])
def test_the_relation_to_a_newcomers_record(circle, viewer, relation):
    assert newcomer_relation(circle[viewer], circle["newcomer"].id) == relation


@pytest.mark.parametrize("status", ["pending", "suspended"])
def test_a_volunteer_not_active_loses_the_record_of_their_own_match(circle, status):
    for name in ("mentor", "organizer"):
        User.update(status=status).where(User.id == circle[name].id).execute()
        viewer = User.get_by_id(circle[name].id)
        assert newcomer_relation(viewer, circle["newcomer"].id) is None
        with pytest.raises(NotFound):
            get_newcomer_for(viewer, circle["newcomer"].id)


def test_an_ended_or_proposed_match_opens_no_record(app, newcomer):
    ended, proposed = make_mentor(), make_mentor()
    make_match(ended, newcomer, status="ended")
    make_match(proposed, newcomer, kind="housing", status="proposed")
    for viewer in (ended, proposed):
        assert newcomer_relation(viewer, newcomer.id) is None
        with pytest.raises(NotFound):
            get_newcomer_for(viewer, newcomer.id)


def test_a_volunteers_account_is_no_newcomer_record(circle):
    with pytest.raises(NotFound):
        get_newcomer_for(circle["organizer"], circle["mentor"].id)


@pytest.mark.parametrize("relation, contact, history, referrer, manage", [
    (Relation.ORGANIZER, True, True, True, True),
    (Relation.MENTOR, True, True, False, False),
    (Relation.HELPER, True, False, False, False),
])
def test_what_each_relation_sees_of_the_record(relation, contact, history, referrer, manage):
    view = NewcomerView(relation)
    assert (view.contact, view.history, view.referrer, view.manage) == (
        contact, history, referrer, manage)


def test_the_record_page_shows_each_viewer_what_their_relation_allows(circle, client, auth):
    url = f"/people/newcomers/{circle['newcomer'].id}"
    pages = {}
    for viewer in ("organizer", "mentor", "host", "stranger"):
        auth.login(circle[viewer])
        pages[viewer] = client.get(url)
        auth.logout()
    assert pages["stranger"].status_code == 404
    seen = {viewer: page.get_data(as_text=True) for viewer, page in pages.items()
            if page.status_code == 200}
    assert all("@alexei" in text for text in seen.values())
    assert "Afraid of the consulate" in seen["organizer"] and "Afraid of the consulate" in seen[
        "mentor"]
    assert "Afraid of the consulate" not in seen["host"]
    erase = f"/people/newcomers/{circle['newcomer'].id}/erase"
    assert erase in seen["organizer"]
    assert erase not in seen["mentor"] and erase not in seen["host"]


# Procedure dates

@pytest.mark.parametrize("viewer, relation", [
    ("organizer", Relation.ORGANIZER),
    ("mentor", Relation.MENTOR),
    ("newcomer", Relation.NEWCOMER),
    ("host", None),
    ("teacher", None),
    ("stranger", None),
    ("other newcomer", None),
])
def test_who_keeps_the_procedure_dates(circle, viewer, relation):
    newcomer = circle["newcomer"]
    deadline = Deadline.create(newcomer=newcomer, kind="ofpra_interview", date=date(2027, 1, 5))
    assert procedure_relation(circle[viewer], newcomer.id) == relation
    if relation is None:
        with pytest.raises(NotFound):
            deadlines.newcomer_for(circle[viewer], newcomer.id)
        with pytest.raises(NotFound):
            deadlines.get_deadline_for(circle[viewer], deadline.id)
    else:
        assert deadlines.newcomer_for(circle[viewer], newcomer.id) == (newcomer, relation)
        assert deadlines.get_deadline_for(circle[viewer], deadline.id) == (deadline, relation)


def test_a_host_asking_for_the_procedure_dates_gets_404(circle, client, auth):
    auth.login(circle["host"])
    assert client.get(f"/deadlines/newcomer/{circle['newcomer'].id}").status_code == 404
    assert client.post(f"/deadlines/newcomer/{circle['newcomer'].id}/new",
                       data={"kind": "ofpra_interview", "date": "2027-01-05"}).status_code == 404
    assert Deadline.select().count() == 0


# Check-ins

@pytest.fixture
def checkin(circle):
    match = Match.get((Match.volunteer == circle["mentor"].id) & (Match.kind == "mentor"))
    return CheckIn.create(match=match, due_at=utcnow() + timedelta(days=2))


@pytest.mark.parametrize("match_status, viewer, relation", [
    ("active", "mentor", Relation.MENTOR),
    ("active", "newcomer", Relation.NEWCOMER),
    ("active", "organizer", Relation.ORGANIZER),
    ("active", "host", None),
    ("active", "stranger", None),
    ("active", "other newcomer", None),
    ("ended", "mentor", None),
    ("ended", "newcomer", None),
    ("ended", "organizer", Relation.ORGANIZER),
])
def test_the_relation_to_a_check_in(circle, checkin, match_status, viewer, relation):
    Match.update(status=match_status).where(Match.id == checkin.match_id).execute()
    if relation is None:
        with pytest.raises(NotFound):
            checkins.get_checkin_for(circle[viewer], checkin.id)
    else:
        loaded = checkins.get_checkin_for(circle[viewer], checkin.id)
        assert checkin_relation(circle[viewer], loaded) == relation


def test_a_stranger_reading_a_check_in_gets_404_and_an_organizer_writing_it_403(
        circle, checkin, client, auth):
    auth.login(circle["stranger"])
    assert client.get(f"/checkins/{checkin.id}/log").status_code == 404
    auth.logout()
    auth.login(circle["organizer"])
    assert client.post(f"/checkins/{checkin.id}/log",
                       data={"outcome": "done", "wellbeing": "1"}).status_code == 403
    assert CheckIn.get_by_id(checkin.id).status == "scheduled"


# Help requests and offers: each only for its owner

def test_a_help_request_is_its_newcomers_only(circle):
    request = make_request(circle["other newcomer"])
    for viewer in ("newcomer", "organizer", "mentor"):
        with pytest.raises(NotFound):
            help_service.get_request_for(circle[viewer], request.id)
        with pytest.raises(NotFound):
            help_service.my_request(circle[viewer], request.id)
    assert help_service.get_request_for(circle["other newcomer"], request.id) == request


def test_an_offer_is_its_volunteers_only(circle):
    offer = make_offer(circle["stranger"])
    for viewer in ("mentor", "organizer"):
        with pytest.raises(NotFound):
            offers.get_offer_for(circle[viewer], offer.id)
    assert offers.get_offer_for(circle["stranger"], offer.id) == offer


# Matches

@pytest.mark.parametrize("viewer, relation", [
    ("organizer", Relation.ORGANIZER),
    ("newcomer", Relation.NEWCOMER),
    ("mentor", Relation.VOLUNTEER),
    ("host", None),
    ("stranger", None),
])
def test_the_relation_to_a_match(circle, viewer, relation):
    match = Match.get((Match.volunteer == circle["mentor"].id) & (Match.kind == "mentor"))
    view = match_view(circle[viewer], match)
    assert (view.relation if view else None) == relation
    if view is not None:
        # Only the newcomer's own reading goes unrecorded.
        assert view.audited == (relation != Relation.NEWCOMER)


def test_a_stranger_asking_for_a_match_gets_404(circle, client, auth):
    match = Match.get((Match.volunteer == circle["mentor"].id) & (Match.kind == "mentor"))
    auth.login(circle["stranger"])
    assert client.get(f"/matching/matches/{match.id}").status_code == 404


# Conversations

@pytest.mark.parametrize("viewer, relation", [
    ("newcomer", Relation.NEWCOMER),
    ("mentor", Relation.VOLUNTEER),
    ("host", None),
    ("stranger", None),
    ("organizer", None),
    ("other newcomer", None),
])
@pytest.mark.parametrize("status", ["open", "closed"])
def test_the_relation_to_a_match_conversation(circle, viewer, relation, status):
    match = Match.get((Match.volunteer == circle["mentor"].id) & (Match.kind == "mentor"))
    conversation = Conversation(kind="match", match=match.id, newcomer=match.newcomer_id,
                                volunteer=match.volunteer_id, status=status)
    view = conversation_view(circle[viewer], conversation, confirmed=lambda: False)
    assert (view.relation if view else None) == relation
    if view is not None:
        # A closed conversation stays readable to its two people, written by neither.
        assert view.participant and view.write == (status == "open") and not view.audited


def test_an_organizer_reads_a_conversation_only_once_confirmed_and_never_writes(circle):
    conversation = Conversation(kind="match", newcomer=circle["newcomer"].id,
                                volunteer=circle["mentor"].id, status="open")
    view = conversation_view(circle["organizer"], conversation, confirmed=lambda: True)
    assert view.relation == Relation.READER
    assert view.audited and not view.participant and not view.write
    # The confirmation opens nothing to anyone but an organizer.
    assert conversation_view(circle["stranger"], conversation, confirmed=lambda: True) is None


def test_every_organizer_takes_part_in_a_newcomers_conversation_with_the_organizers(circle):
    conversation = Conversation(kind="organizers", newcomer=circle["newcomer"].id, status="open")
    asked = []
    view = conversation_view(circle["organizer"], conversation,
                             confirmed=lambda: asked.append(1) or False)
    assert view.relation == Relation.ORGANIZER and view.write and not asked
    for outsider in ("mentor", "other newcomer"):
        assert conversation_view(circle[outsider], conversation, confirmed=lambda: True) is None


@pytest.mark.parametrize("name", ["newcomer", "mentor", "organizer"])
def test_a_person_not_active_has_no_conversation(circle, name):
    conversation = Conversation(kind="organizers" if name == "organizer" else "match",
                                newcomer=circle["newcomer"].id, volunteer=circle["mentor"].id,
                                status="open")
    User.update(status="suspended").where(User.id == circle[name].id).execute()
    viewer = User.get_by_id(circle[name].id)
    assert conversation_view(viewer, conversation, confirmed=lambda: True) is None


# Active volunteers, active organizers, and the navigation that follows the guards

@pytest.mark.parametrize("role, status, volunteer", [
    ("mentor", "active", True),
    ("organizer", "active", True),
    ("mentor", "pending", False),
    ("mentor", "suspended", False),
    ("organizer", "suspended", False),
    ("newcomer", "active", False),
])
def test_an_active_volunteer_is_a_vetted_mentor_or_organizer(role, status, volunteer):
    assert is_active_volunteer(User(role=role, status=status)) is volunteer


def test_active_organizers_leave_out_the_suspended_and_everyone_else(app):
    active = make_organizer()
    make_organizer(status="suspended")
    make_mentor()
    assert [u.id for u in User.select().where(active_organizers())] == [active.id]


@pytest.mark.parametrize("role, status, offered", [
    ("organizer", "active", {"organizer", "volunteer", "meetings", "conversations"}),
    ("mentor", "active", {"volunteer", "meetings", "conversations"}),
    ("mentor", "pending", set()),
    ("newcomer", "active", {"newcomer", "checkins", "meetings", "conversations"}),
    ("newcomer", "pending", {"newcomer"}),
    ("newcomer", "suspended", set()),
])
def test_the_menu_offers_what_the_guards_allow(role, status, offered):
    shown = menu(User(role=role, status=status))
    assert {name for name, on in vars(shown).items() if on} == offered


def test_a_mentor_sees_no_organizer_link_and_is_refused_the_page(app, client, auth):
    mentor = make_user(role="mentor")
    auth.login(mentor)
    home = client.get("/").get_data(as_text=True)
    assert "/dashboard" not in home and "/offers" in home
    assert client.get("/dashboard/").status_code == 403
