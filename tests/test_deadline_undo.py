"""A removed procedure date can be put back, by whoever removed it, for a day; then it is gone."""
from datetime import timedelta

from network.deadlines import service
from network.jobs import run_all
from network.models import AuditEvent, Deadline, RemovedDeadline, utcnow
from network.privacy.service import erase
from network.timeutil import paris_date

from .factories import make_match, make_mentor, make_newcomer, make_organizer

TODAY = paris_date(utcnow())


def _decision(newcomer, by):
    return service.add_deadline(newcomer.id, by, "ofpra_decision", TODAY - timedelta(days=3),
                                "Courrier reçu le lundi")


def test_a_removed_decision_comes_back_as_it_was(client, auth, newcomer):
    auth.login(newcomer)
    decision = _decision(newcomer, newcomer)
    page = client.post(f"/deadlines/{decision.id}/delete", follow_redirects=True)
    text = page.get_data(as_text=True)
    assert not Deadline.select().exists()
    assert "Dates you removed stay here for a day" in text and "Put back" in text
    assert "Courrier reçu le lundi" in text
    removed = RemovedDeadline.get()
    response = client.post(f"/deadlines/removed/{removed.id}/restore")
    assert response.status_code == 302 and response.headers["Location"] == "/deadlines/"
    back = Deadline.get_by_id(decision.id)
    assert (back.kind, back.date, back.label) == ("ofpra_decision", decision.date,
                                                   "Courrier reçu le lundi")
    assert not RemovedDeadline.select().exists()
    assert "Put back" not in client.get("/deadlines/").get_data(as_text=True)
    actions = [e.action for e in AuditEvent.select().where(AuditEvent.target_id == decision.id)
               .order_by(AuditEvent.id)]
    assert actions[-2:] == ["deadline.deleted", "deadline.restored"]


def test_only_whoever_removed_it_may_put_it_back(client, auth, newcomer):
    mentor = make_mentor()
    make_match(mentor, newcomer, status="active")
    decision = _decision(newcomer, newcomer)
    service.delete_deadline(decision, mentor)
    removed = RemovedDeadline.get()
    for other in (newcomer, make_organizer()):
        auth.login(other)
        assert "Put back" not in client.get(
            f"/deadlines/newcomer/{newcomer.id}").get_data(as_text=True)
        assert client.post(f"/deadlines/removed/{removed.id}/restore").status_code == 404
        auth.logout()
    assert not Deadline.select().exists()
    auth.login(mentor)
    assert client.post(f"/deadlines/removed/{removed.id}/restore").status_code == 302
    assert Deadline.select().count() == 1


def test_a_mentor_no_longer_matched_cannot_put_it_back(client, auth, newcomer):
    mentor = make_mentor()
    match = make_match(mentor, newcomer, status="active")
    decision = _decision(newcomer, mentor)
    service.delete_deadline(decision, mentor)
    match.status = "ended"
    match.save()
    auth.login(mentor)
    removed = RemovedDeadline.get()
    assert client.post(f"/deadlines/removed/{removed.id}/restore").status_code == 404
    assert not Deadline.select().exists()


def test_after_a_day_it_is_gone_for_good(app, client, auth, newcomer):
    decision = _decision(newcomer, newcomer)
    service.delete_deadline(decision, newcomer)
    removed = RemovedDeadline.get()
    later = utcnow() + service.UNDO_WITHIN + timedelta(minutes=1)
    auth.login(newcomer)
    RemovedDeadline.update(removed_at=utcnow() - service.UNDO_WITHIN - timedelta(minutes=1)
                           ).execute()
    assert client.post(f"/deadlines/removed/{removed.id}/restore").status_code == 404
    with app.app_context():
        assert run_all(later)["removed_dates_forgotten"] == 1
    assert not RemovedDeadline.select().exists()


def test_a_number_taken_again_meanwhile_gives_the_date_a_new_one(newcomer):
    interview = service.add_deadline(newcomer.id, newcomer, "ofpra_interview", TODAY)
    service.delete_deadline(interview, newcomer)
    taken = Deadline.create(id=interview.id, newcomer=newcomer, kind="prefecture", date=TODAY)
    back = service.restore_deadline(RemovedDeadline.get(), newcomer)
    assert back.id != taken.id and Deadline.select().count() == 2


def test_erasure_takes_the_removed_dates_too(app, newcomer):
    interview = service.add_deadline(newcomer.id, newcomer, "ofpra_interview", TODAY)
    service.delete_deadline(interview, newcomer)
    with app.test_request_context():
        erase(newcomer, make_organizer())
    assert not RemovedDeadline.select().exists()


def test_someone_else_s_removal_is_not_listed(newcomer):
    other = make_newcomer()
    interview = service.add_deadline(other.id, other, "ofpra_interview", TODAY)
    service.delete_deadline(interview, other)
    assert service.removed_by(other, newcomer.id) == []
    assert [r.deadline_id for r in service.removed_by(other, other.id)] == [interview.id]
