"""The audit trail in the reader's words: actions, target kinds and details by their labels."""
import ast
import pathlib
import re

import pytest
from flask_login import current_user, login_user

from network.audit.service import record, record_read
from network.core.codes import AUDIT_ACTIONS, AUDIT_TARGETS
from network.core.vocabulary import LABELS
from network.models import MODELS, AuditEvent, Notification, User

from .factories import make_mentor

NETWORK = pathlib.Path(__file__).resolve().parent.parent / "network"
# The action of a record() call, however it is chosen ("a" if done else "b"), and of an event
# created directly.
RECORDED = re.compile(r"""\brecord\(\s*([^()]*?)(?:,\s*(?:target|actor|detail)=|\))""")
CREATED = re.compile(r"""\baction=["']([a-z0-9_.]+)["']""")
CODE = re.compile(r"""["']([a-z0-9_]+\.[a-z0-9_]+|logout)["']""")
ACTION = re.compile(r"[a-z0-9_]+\.[a-z0-9_]+")


def _recorded(text):
    return ({code for first in RECORDED.findall(text) for code in CODE.findall(first)}
            | set(CREATED.findall(text)) | _built(text))


def _built(text):
    """The actions of a module that records one it chose at run time (`record(event, ...)`): every
    string in it shaped like an action whose family (`offer.`) the code records elsewhere too."""
    tree = ast.parse(text)
    chosen = [call for call in ast.walk(tree) if isinstance(call, ast.Call)
              and getattr(call.func, "id", getattr(call.func, "attr", None)) == "record"
              and call.args and not _literal(call.args[0])]
    if not chosen:
        return set()
    built = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
             and isinstance(node.value, str) and ACTION.fullmatch(node.value)
             and node.value.split(".")[0] in FAMILIES}
    assert built, "an action chosen at run time whose codes are not written in its module"
    return built


def _literal(node):
    return (isinstance(node, ast.Constant) or isinstance(node, ast.IfExp)
            and _literal(node.body) and _literal(node.orelse))


FAMILIES = {code.split(".")[0] for code in AUDIT_ACTIONS}


def _in_network():
    return {action for path in NETWORK.rglob("*.py")
            for action in _recorded(path.read_text(encoding="utf-8"))}


def test_the_action_finder_sees_every_way_an_action_is_written():
    assert _recorded('record("a.b", target=x)\nrecord("user.2fa_on", actor=u)\n'
                     'record("c.done" if done else "c.undone",\n target=d)\nrecord("logout")\n'
                     'AuditEvent.create(actor_id=1, action="access.unusual")') == {
        "a.b", "user.2fa_on", "c.done", "c.undone", "logout", "access.unusual"}
    # Chosen from a table at run time, as the offers' pause, resume and end are.
    assert _recorded('STEPS = {"pause": ("offer.paused", 1), "stop": ("offer.ended", 2)}\n'
                     'url = "offers.edit"\n'
                     'def step(name):\n    event, _ = STEPS[name]\n    record(event, target=o)\n'
                     ) == {"offer.paused", "offer.ended"}


def test_every_action_the_code_records_has_words():
    recorded = _in_network()
    assert len(recorded) > 40, "the record() calls were not found"
    assert {"offer.paused", "offer.resumed", "offer.ended"} <= recorded
    assert sorted(recorded - set(AUDIT_ACTIONS)) == []
    assert sorted(set(AUDIT_ACTIONS) - set(LABELS["audit_action"])) == []


def test_every_kind_of_target_the_trail_records_has_words(app):
    """The trail names a target by its model: each kind it accepts has words, and it refuses a
    kind that has none (an organizer would read `localproxy #71`)."""
    models = {model.__name__.lower() for model in MODELS}
    assert set(AUDIT_TARGETS) <= models
    assert sorted(set(AUDIT_TARGETS) - set(LABELS["audit_target"])) == []
    with pytest.raises(ValueError, match="notification"):
        record("offer.paused", target=Notification(id=1), actor=User(id=1))
    with pytest.raises(ValueError, match="notification"):
        record_read("newcomer", [1], item=Notification(id=1), actor=User(id=2))
    assert not AuditEvent.select().exists()


def test_the_logged_in_person_is_recorded_as_a_person(app, organizer):
    with app.test_request_context():
        login_user(organizer)
        event = record("user.exported", target=current_user)
    assert (event.target_type, event.target_id) == ("user", organizer.id)


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
