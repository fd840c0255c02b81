"""An organizer answers whoever reported a case in words of their own: the reporter reads it in
Passage, and nobody else does."""
from network.cases import service
from network.db import db
from network.models import AuditEvent, Case, CaseEntry, Conversation, Message, Notification

from .factories import make_match, make_mentor, make_newcomer

ANSWER = "Мы позвоним вам завтра в 10 часов"


def _answer(client, auth, organizer, case, text=ANSWER):
    auth.login(organizer)
    response = client.post(f"/cases/{case.id}/answer", data={"answer-text": text})
    auth.logout()
    return response


def test_a_newcomer_reads_the_answer_in_their_conversation_with_the_organizers(
        app, client, auth, organizer, newcomer):
    other = make_newcomer(name="Тарас")
    with app.app_context():
        case = service.open_case("talk", newcomer=newcomer, reporter=newcomer, key="talk:1")
    _answer(client, auth, organizer, case)

    conversation = Conversation.get((Conversation.newcomer == newcomer.id)
                                    & (Conversation.kind == "organizers"))
    message = Message.get(Message.conversation == conversation.id)
    assert (message.sender_id, message.body) == (organizer.id, ANSWER)
    # Kept with the case too, and encrypted at rest in both places.
    assert CaseEntry.get(CaseEntry.kind == "reply").body == ANSWER
    for table in ("case_entry", "message"):
        [(stored,)] = db.execute_sql(f"SELECT body FROM {table}").fetchall()
        assert ANSWER not in stored and stored
    told = Notification.get(Notification.recipient == newcomer.id)
    assert ANSWER not in str(told.payload) and told.link == f"/conversations/{conversation.id}"
    answered = AuditEvent.get(AuditEvent.action == "case.answered")
    assert (answered.actor_id, answered.target_id) == (organizer.id, case.id)

    auth.login(newcomer)
    assert ANSWER in client.get(f"/conversations/{conversation.id}").get_data(as_text=True)
    assert client.get(f"/cases/{case.id}").status_code == 403
    auth.logout()
    auth.login(other)
    assert client.get(f"/conversations/{conversation.id}").status_code == 404
    assert ANSWER not in client.get("/conversations/").get_data(as_text=True)


def test_a_volunteer_reads_the_answer_on_the_page_of_their_report(app, client, auth, organizer,
                                                                  mentor, newcomer):
    match = make_match(mentor, newcomer)
    auth.login(mentor)
    client.post(f"/matching/matches/{match.id}/problem", data={"text": "Он не отвечает"})
    auth.logout()
    case = Case.get()
    _answer(client, auth, organizer, case)

    [told] = Notification.select().where(Notification.dedupe_key.startswith("case-reply"))
    assert told.recipient_id == mentor.id and ANSWER not in str(told.payload)
    auth.login(mentor)
    inbox = client.get("/notifications/").get_data(as_text=True)
    assert "The organizers answered what you reported." in inbox and ANSWER not in inbox
    report = client.get(told.link).get_data(as_text=True)
    assert ANSWER in report and "Problem reported in a match" in report
    auth.logout()

    # The newcomer the report is about, another volunteer: the page does not exist for them.
    for person in (newcomer, make_mentor(name="Pierre")):
        auth.login(person)
        assert client.get(f"/cases/{case.id}/report").status_code == 404
        auth.logout()
    assert not Notification.select().where(
        (Notification.recipient == newcomer.id)
        & Notification.dedupe_key.startswith("case-reply")).exists()
    assert not Message.select().exists()


def test_an_answer_empty_too_long_or_to_nobody_is_refused_and_kept_on_the_page(
        app, client, auth, organizer, newcomer):
    with app.app_context():
        unreachable = service.open_case("unreachable", newcomer=newcomer, key="u:1")
        talk = service.open_case("talk", newcomer=newcomer, reporter=newcomer, key="talk:2")
    auth.login(organizer)
    nobody = client.post(f"/cases/{unreachable.id}/answer", data={"answer-text": ANSWER})
    assert "there is nobody to answer" in nobody.get_data(as_text=True)
    too_long = "я" * (service.NOTE_MAX + 1)
    refused = client.post(f"/cases/{talk.id}/answer", data={"answer-text": too_long})
    assert "This answer is too long." in refused.get_data(as_text=True)
    assert too_long in refused.get_data(as_text=True)
    empty = client.post(f"/cases/{talk.id}/answer", data={"answer-text": "  "})
    assert "Write the answer first." in empty.get_data(as_text=True)
    assert not CaseEntry.select().exists() and not Message.select().exists()
    assert not AuditEvent.select().where(AuditEvent.action == "case.answered").exists()
