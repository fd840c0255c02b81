"""The second organizer decides on evidence, and the vetting form decides nothing in advance."""
import re
from datetime import timedelta

from flask_babel import force_locale, format_date

from network.audit.service import READ_ACTIONS
from network.models import Approval, AuditEvent, Invitation, User, VettingRecord, utcnow

from .factories import make_mentor, make_offer, make_organizer


def _vet(client, person, **data):
    return client.post(f"/people/volunteers/{person.id}", data=data)


def test_the_second_organizer_reads_what_the_first_recorded(app, client, auth, organizer):
    camille = make_organizer(name="Camille")
    candidate = make_mentor(status="pending", name="Marie D.")
    Invitation.create(token_hash="x" * 64, role="mentor", created_by=camille,
                      expires_at=utcnow() + timedelta(days=7), used_at=utcnow(),
                      used_by=candidate, label="Rencontrée à la Cimade")
    make_offer(candidate, kind="housing", city="Lyon")
    auth.login(organizer)
    _vet(client, candidate, decision="approved", interview_done="y",
         references="Cimade Lyon, Mme Roux", note="Calme, fiable, parle russe.")
    approval = Approval.get(Approval.kind == "approve_volunteer")
    # The list sends the asker nowhere near a confirm button of their own.
    assert f"/people/approvals/{approval.id}/confirm" not in client.get(
        "/people/approvals").get_data(as_text=True)
    auth.logout()

    auth.login(camille)
    page = client.get(f"/people/approvals/{approval.id}").get_data(as_text=True)
    for evidence in ("Marie D.", "Cimade Lyon, Mme Roux", "Calme, fiable, parle russe.",
                     "Interview done", "Rencontrée à la Cimade", "Camille", "Housing",
                     f"/people/approvals/{approval.id}/confirm"):
        assert evidence in page, evidence
    client.post(f"/people/approvals/{approval.id}/confirm")
    assert User.get_by_id(candidate.id).status == "active"
    # Decided: the page of the request is gone.
    assert client.get(f"/people/approvals/{approval.id}").status_code == 404


def test_a_newcomers_record_shown_for_a_decision_is_an_audited_read(app, client, auth, organizer,
                                                                  newcomer):
    camille = make_organizer(name="Camille")
    User.update(last_login_at=utcnow()).where(User.id == camille.id).execute()
    auth.login(organizer)
    client.post(f"/people/newcomers/{newcomer.id}/erase")
    approval = Approval.get(Approval.kind == "erase_newcomer")
    auth.logout()
    auth.login(camille)
    assert "Paris" in client.get(f"/people/approvals/{approval.id}").get_data(as_text=True)
    read = AuditEvent.get(AuditEvent.action.in_(READ_ACTIONS))
    assert (read.actor_id, read.target_id) == (camille.id, newcomer.id)


def test_the_vetting_form_chooses_nothing_in_advance(client, auth, organizer):
    candidate = make_mentor(status="pending")
    auth.login(organizer)
    page = client.get(f"/people/volunteers/{candidate.id}").get_data(as_text=True)
    decision = re.search(r'<select[^>]*name="decision".*?</select>', page, re.S).group(0)
    chosen = [option for option in re.findall(r"<option[^>]*>", decision) if "selected" in option]
    assert chosen == [] or all('value=""' in option for option in chosen)
    # A browser shows the first option as chosen: it must be the empty one.
    values = re.findall(r'<option[^>]*value="([^"]*)"', decision)
    assert values[0] == "" and "approved" in values
    assert 'value="reinstated"' not in page
    response = _vet(client, candidate, interview_done="y", references="Cimade")
    assert "Choose a decision." in response.get_data(as_text=True)
    assert VettingRecord.select().count() == 0


def test_reinstating_is_only_for_a_suspended_person(client, auth, organizer):
    candidate = make_mentor(status="pending")
    suspended = make_mentor(status="suspended")
    auth.login(organizer)
    assert 'value="reinstated"' in client.get(f"/people/volunteers/{suspended.id}").get_data(
        as_text=True)
    # Posting the decision the page did not offer is refused, and nothing is written.
    _vet(client, candidate, decision="reinstated", interview_done="y")
    assert User.get_by_id(candidate.id).status == "pending"
    assert VettingRecord.select().count() == 0


def test_the_interview_date_is_recorded_and_read_in_the_second_organizers_language(
        app, client, auth, organizer):
    camille = make_organizer(name="Camille")
    User.update(locale="fr").where(User.id == camille.id).execute()
    candidate = make_mentor(status="pending", name="Marie D.")
    interview = (utcnow() - timedelta(days=3)).date()
    auth.login(organizer)
    _vet(client, candidate, decision="approved", interview_done="y",
         interview_on=interview.isoformat())
    assert VettingRecord.get(VettingRecord.volunteer == candidate.id).interview_on == interview
    approval = Approval.get(Approval.kind == "approve_volunteer")
    auth.logout()

    auth.login(camille)
    page = client.get(f"/people/approvals/{approval.id}").get_data(as_text=True)
    with app.test_request_context():
        with force_locale("fr"):
            shown = format_date(interview, "medium")
    assert f"entretien le {shown}" in page and interview.isoformat() not in page


def test_an_interview_date_in_the_future_is_refused_and_nothing_is_recorded(client, auth,
                                                                             organizer):
    candidate = make_mentor(status="pending")
    auth.login(organizer)
    tomorrow = (utcnow() + timedelta(days=2)).date().isoformat()
    page = _vet(client, candidate, decision="approved", interview_done="y",
                interview_on=tomorrow).get_data(as_text=True)
    assert "The interview date cannot be in the future." in page
    assert f'value="{tomorrow}"' in page
    assert not VettingRecord.select().where(VettingRecord.volunteer == candidate.id).exists()
    assert User.get_by_id(candidate.id).status == "pending"
