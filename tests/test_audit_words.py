"""The audit trail in the reader's words: actions, target kinds and details by their labels."""
import pathlib
import re

from network.core.codes import AUDIT_ACTIONS
from network.models import AuditEvent, User

from .factories import make_mentor

NETWORK = pathlib.Path(__file__).resolve().parent.parent / "network"
RECORDED = re.compile(r"""\brecord\(\s*["']([a-z_.]+)["']""")


def test_every_action_the_code_records_has_words():
    recorded = {action for path in NETWORK.rglob("*.py")
                for action in RECORDED.findall(path.read_text(encoding="utf-8"))}
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
