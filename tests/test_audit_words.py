"""The audit trail in the reader's words: actions, target kinds and details by their labels."""
import pathlib
import re

from network.core.codes import AUDIT_ACTIONS
from network.models import AuditEvent, User

from .factories import make_mentor

NETWORK = pathlib.Path(__file__).resolve().parent.parent / "network"
# The action of a record() call, however it is chosen ("a" if done else "b"), and of an event
# created directly.
RECORDED = re.compile(r"""\brecord\(\s*([^()]*?)(?:,\s*(?:target|actor|detail)=|\))""")
CREATED = re.compile(r"""\baction=["']([a-z0-9_.]+)["']""")
CODE = re.compile(r"""["']([a-z0-9_]+\.[a-z0-9_]+|logout)["']""")


def _recorded(text):
    return ({code for first in RECORDED.findall(text) for code in CODE.findall(first)}
            | set(CREATED.findall(text)))


def test_the_action_finder_sees_every_way_an_action_is_written():
    assert _recorded('record("a.b", target=x)\nrecord("user.2fa_on", actor=u)\n'
                     'record("c.done" if done else "c.undone",\n target=d)\nrecord("logout")\n'
                     'AuditEvent.create(actor_id=1, action="access.unusual")') == {
        "a.b", "user.2fa_on", "c.done", "c.undone", "logout", "access.unusual"}


def test_every_action_the_code_records_has_words():
    recorded = {action for path in NETWORK.rglob("*.py")
                for action in _recorded(path.read_text(encoding="utf-8"))}
    assert len(recorded) > 40, "the record() calls were not found"
    assert sorted(recorded - set(AUDIT_ACTIONS)) == []


def test_the_trail_reads_in_french(client, auth, organizer):
    mentor = make_mentor()
    User.update(locale="fr").where(User.id == organizer.id).execute()
    AuditEvent.create(actor_id=organizer.id, action="approval.confirmed", target_type="user",
                      target_id=mentor.id, detail=f"approve_volunteer #{organizer.id}")
    AuditEvent.create(actor_id=None, action="login.failure", target_type="user",
                      target_id=mentor.id, detail="second_factor")
    # History written before the words existed is shown as it was written.
    AuditEvent.create(actor_id=None, action="legacy.thing", detail="free text")
    auth.login(organizer)
    page = client.get("/audit/").get_data(as_text=True)
    for words in ("Confirmé par un·e deuxième organisateur·rice",
                  f"Admettre un·e bénévole #{organizer.id}", "Connexion refusée",
                  "Code de la deuxième étape erroné",
                  f"Personne n° {mentor.id}", "legacy.thing", "free text"):
        assert words in page, words
    for code in ("approval.confirmed", "approve_volunteer", "second_factor", "login.failure"):
        assert f">{code}<" not in page and f"> {code}" not in page, code


def test_details_of_every_shape_read_in_russian(client, auth, organizer):
    """Numbers, reads, settings and downloads: no detail is left in English or as a code."""
    mentor = make_mentor()
    User.update(locale="ru").where(User.id == organizer.id).execute()
    shapes = [("match.viewed", "match 12"), ("request.viewed", "helprequest 7"),
              ("conversation.reported", "message 31"), ("access.unusual", "21 records"),
              ("settings.changed", "checkin_cadence=3,7,14;14"),
              ("conversation.disappearing", "7"), ("dashboard.exported", "figures"),
              ("meeting.attendance", "5"), ("request.changed", "housing"),
              ("user.2fa_enrolled", ""), ("procedure.document_untranslated", "")]
    for action, detail in shapes:
        AuditEvent.create(actor_id=organizer.id, action=action, target_type="user",
                          target_id=mentor.id, detail=detail)
    auth.login(organizer)
    page = client.get("/audit/").get_data(as_text=True)
    page = page[page.index("<table"):]
    for words in ("Пара № 12", "Заявка № 7", "Сообщение № 31", "21 карточка новоприбывшего",
                  "Частота бесед: дни 3, 7, 14, затем каждые 14 дней", "Через 1 неделю",
                  "Показатели по неделям", "5 человек", "Жильё", "Двухэтапный вход включён",
                  "Отметка о присяжном переводе снята",
                  "За короткое время открыто много карточек новоприбывших"):
        assert words in page, words
    for _action, detail in shapes:
        if detail:
            assert f">{detail}<" not in page, detail
    for english in ("records", "checkin_cadence", "helprequest", "message 31", "2fa"):
        assert english not in page, english


def test_reads_exports_and_restored_dates_read_in_russian(client, auth, organizer):
    User.update(locale="ru").where(User.id == organizer.id).execute()
    AuditEvent.create(actor_id=organizer.id, action="case.viewed", target_type="user",
                      target_id=organizer.id, detail="case 12")
    AuditEvent.create(actor_id=organizer.id, action="conversation.viewed", target_type="user",
                      target_id=organizer.id, detail="message 7")
    AuditEvent.create(actor_id=organizer.id, action="dashboard.exported", detail="figures-long")
    AuditEvent.create(actor_id=organizer.id, action="deadline.restored", target_type="deadline",
                      target_id=3, detail="ofpra_decision")
    auth.login(organizer)
    page = client.get("/audit/").get_data(as_text=True)
    for words in ("Обращение № 12", "Сообщение № 7", "Показатели для программ",
                  "Дата процедуры возвращена", "Получено решение OFPRA"):
        assert words in page, words
    for code in ("case 12", "message 7", "figures-long", "deadline.restored", "ofpra_decision"):
        assert f">{code}<" not in page and f"> {code}" not in page, code
