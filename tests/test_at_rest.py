"""At rest: free text about people is a token in the database, its backups, after a rotation."""
import os
import sqlite3
import stat
import subprocess
from datetime import date, timedelta

import psycopg2
import pytest
from cryptography.fernet import Fernet, InvalidToken
from peewee import CharField, TextField
from playhouse.migrations import Runner

from network import create_app, crypto
from network.auth import sessions
from network.auth.service import create_invitation
from network.auth.signup import request_signup
from network.backup import backup
from network.cases.service import add_note
from network.checkins.service import log_checkin
from network.conversations.service import get_for, open_for_match, send
from network.crypto import EncryptedTextField
from network.db import MIGRATIONS, db
from network.deadlines.service import add_deadline, delete_deadline
from network.help.service import create_request
from network.matching.service import report_problem, respond
from network.models import (
    MODELS,
    Case,
    CheckIn,
    Conversation,
    Deadline,
    HelpRequest,
    Invitation,
    LoginSession,
    Match,
    Meeting,
    Message,
    NewcomerProfile,
    Occurrence,
    Offer,
    OutboxEmail,
    VettingRecord,
    VolunteerProfile,
    utcnow,
)
from network.offers.service import create_offer, save_profile
from network.people.service import record_vetting
from network.procedure.documents import add as add_document
from network.push.service import subscribe

from .conftest import BASE_CONFIG, TEST_DATABASE_URL
from .factories import PASSWORD, insert_row, make_mentor, make_user, migrate, old_database
from .meetingkit import first_date, make_meeting

# Every text column kept in clear, and why: each is queried, a code, a hash or a number.
CLEAR = {
    ("User", "email"): "the login looks the account up by it (unique)",
    ("LoginSession", "key_hash"): "a SHA-256 hash of the cookie's random key",
    ("PendingSignup", "token_hash"): "a SHA-256 hash of the emailed link's token",
    ("PasswordReset", "token_hash"): "a SHA-256 hash of the reset link's token",
    ("NewcomerProfile", "commune"): "an INSEE commune code: matching and lists read it",
    ("VolunteerProfile", "commune"): "an INSEE commune code: matching and lists read it",
    ("Offer", "commune"): "an INSEE commune code: matching reads it",
    ("PendingSignup", "role"): "a code",
    ("User", "email_skeleton"): "the address folded for the lookalike check; the address is clear",
    ("User", "display_name"): "a pseudonym, chosen as such; lists sort and search it",
    ("User", "password_hash"): "an Argon2id hash",
    ("User", "role"): "a code", ("User", "status"): "a code", ("User", "locale"): "a code",
    ("User", "email_off"): "notification kinds (codes)",
    ("RecoveryCode", "code_hash"): "a hash",
    ("NewcomerProfile", "city"): "a commune, searched by organizers and matched on",
    ("NewcomerProfile", "region"): "a département code, matched on",
    ("NewcomerProfile", "languages"): "language codes, searched and matched on",
    ("NewcomerProfile", "needs"): "codes", ("NewcomerProfile", "household"): "a code",
    ("NewcomerProfile", "gender"): "a code, matched on",
    ("NewcomerProfile", "host_pref"): "a code, matched on",
    ("NewcomerProfile", "contact_channel"): "a code (the contact itself is encrypted)",
    ("VolunteerProfile", "contact_channel"): "a code (the contact itself is encrypted)",
    ("VolunteerProfile", "city"): "a commune, matched on",
    ("VolunteerProfile", "region"): "a département code, matched on",
    ("VolunteerProfile", "languages"): "language codes, matched on",
    ("Invitation", "token_hash"): "a hash, looked up", ("Invitation", "role"): "a code",
    ("VettingRecord", "decision"): "a code",
    ("Approval", "kind"): "a code",
    ("Case", "kind"): "a code", ("Case", "status"): "a code", ("Case", "outcome"): "a code",
    ("Case", "open_key"): "a kind and a row number, one open case per cause (unique)",
    ("CaseEntry", "kind"): "a code: a note or an answer to the reporter",
    ("AuditEvent", "action"): "a code, filtered on", ("AuditEvent", "target_type"): "a code",
    ("AuditEvent", "detail"): "codes and numbers only; append-only, so never rewritten",
    ("AuditEvent", "ip_hash"): "a keyed hash",
    ("Offer", "kind"): "a code", ("Offer", "status"): "a code",
    ("Offer", "city"): "a commune, matched on", ("Offer", "region"): "a code, matched on",
    ("Offer", "household"): "a code", ("Offer", "accepts"): "codes",
    ("Offer", "teaches"): "a code", ("Offer", "levels"): "codes",
    ("HelpRequest", "kind"): "a code", ("HelpRequest", "status"): "a code",
    ("HelpRequest", "urgency"): "a code", ("HelpRequest", "wants"): "a code",
    ("HelpRequest", "level"): "a code",
    ("Match", "kind"): "a code", ("Match", "status"): "a code",
    ("Match", "explanation"): "the engine's codes and numbers",
    ("Match", "end_reason"): "a code (a problem's text is encrypted)",
    ("CheckIn", "status"): "a code",
    ("CheckIn", "flags"): "codes, searched by the dashboard's alarm index",
    ("Deadline", "kind"): "a code",
    ("RemovedDeadline", "kind"): "a code",
    ("RemovedProcedureDates", "dates"): "procedure field names and their dates, as every date",
    ("Notification", "kind"): "a code", ("Notification", "dedupe_key"): "codes and numbers, unique",
    ("Notification", "payload"): "a message code and counts", ("Notification", "link"): "a path",
    ("Setting", "key"): "a code", ("Setting", "value"): "a network setting",
    ("SchedulerLease", "name"): "a code", ("SchedulerLease", "holder"): "a process name",
    ("Meeting", "language"): "a code", ("Meeting", "city"): "a commune, filtered on",
    ("Meeting", "commune"): "an INSEE commune code: the list filters and sorts by it",
    ("Meeting", "region"): "a département code: the list puts the person's first",
    ("Meeting", "recurrence"): "a code",
    ("RSVP", "status"): "a code",
    ("CalendarFeed", "token_hash"): "a hash, looked up",
    ("Conversation", "kind"): "a code", ("Conversation", "status"): "a code",
    ("ProcedureFile", "procedure"): "a code",
    ("ProcedureDocument", "step"): "a code", ("ProcedureDocument", "kind"): "a code",
    ("ProcedureDocument", "content_type"): "a media type",
    ("ProcedureDocument", "token"): "a random token a link names; opening it needs a relation",
    ("PushSubscription", "endpoint_hash"): "a SHA-256 of the device's push address, looked up",
}

MARKERS = {
    "bio": "Marker-bio: ancien sergent, vit rue Oberkampf",
    "availability": "Marker-availability: after my shift at Hôpital Tenon",
    "house_rules": "Marker-house-rules: интерфон Петров, 3-й этаж",
    "address": "Marker-address: 14 rue des Lilas",
    "note": "Marker-request-note: боюсь выходить из дома",
    "label": "Marker-deadline: OFPRA, 10h, Fontenay-sous-Bois",
    "removed_label": "Marker-removed-deadline: préfecture de Bobigny, guichet 4",
    "references": "Marker-references: recommandé par Irina K.",
    "vetting_note": "Marker-vetting: served with him in 2022",
    "invitation_label": "Marker-invitation: for Dmitri from the Lyon group",
    "invitation_email": "marker-invitee@private.test",
    "decline_reason": "Marker-decline: my neighbour knows his family",
    "problem": "Marker-problem: he was followed after the meeting",
    "checkin_notes": "Marker-checkin: не спит, звонили из части",
    "description": "Marker-description: ring Natalia's bell",
    "title": "Marker-title: anciens de la 155e brigade",
    "occurrence_title": "Marker-occurrence-title: chez Natalia",
    "meeting_place": "Marker-place: back room of café Le Zinc",
    "occurrence_place": "Marker-occurrence: church hall, side door",
    "contact": "Marker-contact: @hidden_handle",
    "identity": "Marker-identity: Ivanov Ivan, b. 1999",
    "last_error": "550 Marker-smtp: mailbox org@example.test unavailable",
    "totp_setup": "MARKERTOTPSETUPSECRETAAAAAAAAAAA",
    "document_name": "Marker-document: OFPRA decision of Ivanov",
    "document_text": "Marker-scan: mobilisation order served in Belgorod",
    "signup_notes": "Marker-signup: arrived at Gare de Lyon, sleeping at a friend's",
    "message": "Marker-message: я у Нины, 14 rue des Lilas, код 4512",
    "push_endpoint": "https://push.invalid/Marker-push-endpoint",
    "case_notes": "Marker-case: the mentor says his unit called him",
    "list_filter": "Marker-filter: Гордей from Villeurbanne",
}


@pytest.fixture
def written(app, organizer, mentor, newcomer):
    """A marker in every encrypted field, through the service that writes it where there is one."""
    app.config["SMTP_HOST"] = "smtp.invalid"
    host = make_mentor(email="host@example.test")
    volunteer = make_user(role="mentor", status="pending")
    with app.test_request_context():
        save_profile(mentor, languages=["fr", "ru"], city="Paris", bio=MARKERS["bio"])
        # The marker is no contact a channel accepts: written as a row, as the newcomer's below.
        VolunteerProfile.update(contact=MARKERS["contact"]).where(
            VolunteerProfile.user == mentor.id).execute()
        mentoring = create_offer(mentor, "mentor", capacity=2, city="Paris", in_person=True,
                                 availability=MARKERS["availability"])
        housing = create_offer(host, "housing", beds=1, city="Paris", household="mixed",
                               available_from=date.today(), house_rules=MARKERS["house_rules"],
                               address=MARKERS["address"])
        request = create_request(newcomer, "housing", urgency="this_week",
                                 start=date.today() + timedelta(days=3), note=MARKERS["note"])
        add_deadline(newcomer.id, organizer, "other", date.today() + timedelta(days=20),
                     MARKERS["label"])
        delete_deadline(add_deadline(newcomer.id, organizer, "other", date.today(),
                                     MARKERS["removed_label"]), organizer)
        record_vetting(volunteer, organizer, "rejected", references=MARKERS["references"],
                       note=MARKERS["vetting_note"])
        create_invitation(organizer, "mentor", email=MARKERS["invitation_email"],
                          label=MARKERS["invitation_label"])
        Offer.update(used=1).where(Offer.id == housing.id).execute()
        HelpRequest.update(status="proposed").where(HelpRequest.id == request.id).execute()
        proposal = Match.create(request=request.id, offer=housing.id, newcomer=newcomer.id,
                                volunteer=host.id, kind="housing")
        respond(proposal, host, accept=False, reason=MARKERS["decline_reason"])
        mentoring_request = create_request(newcomer, "mentor")
        match = Match.create(request=mentoring_request.id, offer=mentoring.id,
                             newcomer=newcomer.id, volunteer=mentor.id, kind="mentor",
                             status="active")
        report_problem(match, newcomer, MARKERS["problem"])
        open_for_match(match)
        send(get_for(newcomer, Conversation.get().id), newcomer, MARKERS["message"])
        subscribe(mentor, MARKERS["push_endpoint"], "Marker-push-key", "Marker-push-auth")
        add_note(Case.get(), organizer, MARKERS["case_notes"])
        sessions.start(organizer)
        sessions.keep_filters(organizer, "newcomers", {"search": MARKERS["list_filter"]})
        checkin = CheckIn.create(match=match.id, due_at=utcnow())
        log_checkin(checkin, mentor, "done", wellbeing=3, notes=MARKERS["checkin_notes"])
        NewcomerProfile.update(contact=MARKERS["contact"], notes=MARKERS["note"],
                               identity=MARKERS["identity"]).where(
            NewcomerProfile.user == newcomer.id).execute()
    meeting = make_meeting(app, mentor, title=MARKERS["title"], description=MARKERS["description"],
                           place=MARKERS["meeting_place"], online_link="https://meet.invalid/x")
    with app.app_context():
        Occurrence.update(place=MARKERS["occurrence_place"],
                          title=MARKERS["occurrence_title"]).where(
            Occurrence.id == first_date(meeting).id).execute()
        # What the outbox keeps of a refusing server.
        OutboxEmail.update(last_error=MARKERS["last_error"]).execute()
        # A two-step secret being set up, kept on the session's row.
        LoginSession.create(key_hash="0" * 64, user=mentor.id, totp_setup=MARKERS["totp_setup"])
        request_signup("arrival@example.test", "Arrival", PASSWORD,
                       profile={"notes": MARKERS["signup_notes"]})
        add_document(newcomer.id, organizer, "ofpra_decision", MARKERS["document_name"],
                     b"%PDF-1.4 " + MARKERS["document_text"].encode())
    return MARKERS


def _raw_text():
    """Every row of every table, as a plain database client outside the app reads them."""
    if TEST_DATABASE_URL:
        with psycopg2.connect(TEST_DATABASE_URL) as conn, conn.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            dump = []
            for (table,) in cursor.fetchall():
                cursor.execute(f'SELECT * FROM "{table}"')
                dump.append(repr(cursor.fetchall()))
            return "\n".join(dump)
    conn = sqlite3.connect(db.obj.database)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def _backup_text(path):
    backup(path)
    if TEST_DATABASE_URL:
        # The custom format is compressed: read it as the SQL it restores.
        return subprocess.run(["pg_restore", "--file", "-", str(path)], check=True,
                              capture_output=True, text=True).stdout
    return path.read_bytes().decode("utf-8", errors="replace")


def test_a_seized_database_its_files_and_a_backup_show_none_of_the_free_text(
        app, written, tmp_path):
    with app.app_context():
        raw, backed_up = _raw_text(), _backup_text(tmp_path / "backup")
        if not TEST_DATABASE_URL:
            db.execute_sql("PRAGMA wal_checkpoint(FULL)")
            files = b"".join(open(f"{db.obj.database}{end}", "rb").read()
                             for end in ("", "-wal") if os.path.exists(f"{db.obj.database}{end}"))
            raw += files.decode("utf-8", errors="replace")
        assert "Marker-" not in raw and "marker-invitee" not in raw
        assert "Marker-" not in backed_up and "marker-invitee" not in backed_up
        # The markers were written: the app reads every one of them back.
        shown = {Deadline.get().label, HelpRequest.get(HelpRequest.kind == "housing").note,
                 Invitation.get().label, Invitation.get().email,
                 VettingRecord.get().references, VettingRecord.get().note,
                 VolunteerProfile.get(VolunteerProfile.bio != "").bio,
                 Match.get(Match.decline_reason != "").decline_reason,
                 OutboxEmail.select().order_by(OutboxEmail.id).get().last_error, Message.get().body}
        assert {MARKERS[k] for k in ("label", "note", "invitation_label", "invitation_email",
                                     "references", "vetting_note", "bio", "decline_reason",
                                     "last_error", "message")} == shown


def test_the_outbox_keeps_no_address_subject_or_body_in_clear(app, written):
    with app.app_context():
        email = OutboxEmail.select().order_by(OutboxEmail.id).get()
        address, subject, body = db.execute_sql(
            "SELECT to_address, subject, body FROM outbox_email ORDER BY id").fetchone()
        assert email.to_address == "org@example.test" and email.subject and "/" in email.body
        assert "@" not in address and email.subject not in subject and "http" not in body


def _encrypted_columns():
    return [(model, field) for model in MODELS for field in model._meta.sorted_fields
            if isinstance(field, EncryptedTextField)]


def _tokens(model, field):
    query = (f'SELECT "{field.column_name}" FROM "{model._meta.table_name}" '
             f'WHERE "{field.column_name}" IS NOT NULL AND "{field.column_name}" != \'\'')
    return [token for (token,) in db.execute_sql(query).fetchall()]


def test_rotate_key_reencrypts_every_encrypted_field_under_the_new_key_alone(app, written, runner):
    with app.app_context():
        before = {(model, field): _tokens(model, field) for model, field in _encrypted_columns()}
    assert all(before.values()), [f"{m.__name__}.{f.name}" for (m, f), t in before.items()
                                  if not t]
    result = runner.invoke(args=["rotate-key"])
    assert result.exit_code == 0, result.output
    with open(os.path.join(app.instance_path, "encryption.key")) as fh:
        new_key = Fernet(fh.read().strip())
    with app.app_context():
        for (model, field), old_tokens in before.items():
            for token in _tokens(model, field):
                assert token not in old_tokens
                new_key.decrypt(token.encode())
        assert Deadline.get().label == MARKERS["label"]
        # The sign-up email came after the marker, and PostgreSQL returns rows in no set order.
        first = OutboxEmail.select().order_by(OutboxEmail.id).get()
        assert first.last_error == MARKERS["last_error"]


def test_an_old_key_alone_reads_nothing_after_rotation(app, written, runner):
    with open(os.path.join(app.instance_path, "encryption.key")) as fh:
        old_key = Fernet(fh.read().strip())
    assert runner.invoke(args=["rotate-key"]).exit_code == 0
    with app.app_context():
        token = _tokens(Deadline, Deadline.label)[0]
    with pytest.raises(InvalidToken):
        old_key.decrypt(token.encode())


def test_every_text_column_is_encrypted_or_kept_clear_for_a_stated_reason():
    text = {(model.__name__, field.name): field for model in MODELS
            for field in model._meta.sorted_fields if isinstance(field, (CharField, TextField))}
    unjudged = [name for name, field in text.items()
                if not isinstance(field, EncryptedTextField) and name not in CLEAR]
    assert not unjudged, f"encrypt these or say in CLEAR why they stay readable: {unjudged}"
    stale = [name for name in CLEAR
             if name not in text or isinstance(text[name], EncryptedTextField)]
    assert not stale


@pytest.mark.skipif(TEST_DATABASE_URL is not None, reason="the SQLite file's own permissions")
def test_a_new_sqlite_file_and_its_wal_and_shm_are_private(tmp_path, monkeypatch):
    monkeypatch.setenv("PASSAGE_INSTANCE", str(tmp_path / "instance"))
    path = tmp_path / "data" / "passage.sqlite3"
    old_umask = os.umask(0o022)
    try:
        app = create_app({**BASE_CONFIG, "DATABASE_URL": f"sqlite:///{path}"})
        migrate(app)
        with app.app_context():
            make_mentor()
            modes = {end: stat.S_IMODE(os.stat(f"{path}{end}").st_mode)
                     for end in ("", "-wal", "-shm")}
    finally:
        os.umask(old_umask)
        db.obj.close_all()
    assert modes == {"": 0o600, "-wal": 0o600, "-shm": 0o600}
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700


@pytest.mark.skipif(TEST_DATABASE_URL is not None, reason="the SQLite file's own permissions")
def test_an_existing_readable_sqlite_file_is_made_private(tmp_path, monkeypatch):
    monkeypatch.setenv("PASSAGE_INSTANCE", str(tmp_path / "instance"))
    path = tmp_path / "passage.sqlite3"
    sqlite3.connect(path).close()
    os.chmod(path, 0o644)
    create_app({**BASE_CONFIG, "DATABASE_URL": f"sqlite:///{path}"})
    db.obj.close_all()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


OLD_ROWS = [
    ("account", dict(id=1, email="o@example.test", display_name="O", role="organizer",
                     status="active")),
    ("account", dict(id=2, email="m@example.test", display_name="M", role="mentor",
                     status="active")),
    ("account", dict(id=3, email="n@example.test", display_name="N", role="newcomer",
                     status="active")),
    ("volunteer_profile", dict(id=1, user_id=2, bio=MARKERS["bio"])),
    ("invitation", dict(id=1, token_hash="h1", role="mentor", created_by_id=1,
                        email=MARKERS["invitation_email"], label=MARKERS["invitation_label"])),
    ("invitation", dict(id=2, token_hash="h2", role="mentor", created_by_id=1, label="")),
    ("vetting_record", dict(id=1, volunteer_id=2, organizer_id=1, decision="approved",
                            references=MARKERS["references"], note=MARKERS["vetting_note"])),
    ("offer", dict(id=1, volunteer_id=2, kind="housing", status="active", capacity=1, used=0,
                   household="mixed", availability=MARKERS["availability"],
                   house_rules=MARKERS["house_rules"])),
    ("help_request", dict(id=1, newcomer_id=3, kind="housing", status="open", urgency="later",
                          nights=1, people=1, note=MARKERS["note"])),
    ("help_match", dict(id=1, request_id=1, offer_id=1, newcomer_id=3, volunteer_id=2,
                        kind="housing", status="declined", end_reason="", explanation="[]",
                        decline_reason=MARKERS["decline_reason"])),
    ("deadline", dict(id=1, newcomer_id=3, kind="other", label=MARKERS["label"])),
    ("meeting", dict(id=1, title=MARKERS["title"], language="ru", capacity=10, duration=60,
                     recurrence="none", description=MARKERS["description"])),
    ("meeting_occurrence", dict(id=1, meeting_id=1, capacity=10, seats_taken=0,
                                title=MARKERS["occurrence_title"])),
    ("notification", dict(id=1, recipient_id=1, kind="match", dedupe_key="k1", payload="{}")),
    ("outbox_email", dict(id=1, notification_id=1, to_address="o@example.test",
                          subject="Marker-subject", body="Marker-body https://passage.test/m/1",
                          last_error=MARKERS["last_error"])),
]
# (table, column, the model's field): what 0011 must turn into tokens, in the rows with id 1.
ENCRYPTED_BY_0011 = [
    ("volunteer_profile", "bio", VolunteerProfile.bio),
    ("invitation", "email", Invitation.email), ("invitation", "label", Invitation.label),
    ("vetting_record", "references", VettingRecord.references),
    ("vetting_record", "note", VettingRecord.note),
    ("offer", "availability", Offer.availability), ("offer", "house_rules", Offer.house_rules),
    ("help_request", "note", HelpRequest.note),
    ("help_match", "decline_reason", Match.decline_reason),
    ("deadline", "label", Deadline.label),
    ("meeting", "title", Meeting.title), ("meeting", "description", Meeting.description),
    ("meeting_occurrence", "title", Occurrence.title),
    ("outbox_email", "to_address", OutboxEmail.to_address),
    ("outbox_email", "subject", OutboxEmail.subject), ("outbox_email", "body", OutboxEmail.body),
    ("outbox_email", "last_error", OutboxEmail.last_error),
]


def test_0011_encrypts_the_free_text_of_a_database_written_in_clear(app, tmp_path):
    markers = {table: values for table, values in OLD_ROWS if values["id"] == 1}
    with old_database(tmp_path, "before_0011") as (database, schema):
        runner = Runner(database, str(MIGRATIONS), schema=schema)
        runner.up(target="0009_alarm_index")
        for table, values in OLD_ROWS:
            insert_row(database, table, values, schema)
        runner.up()
        for table, column, _ in ENCRYPTED_BY_0011:
            raw = database.execute_sql(
                f'SELECT "{column}" FROM "{table}" WHERE id = 1').fetchone()[0]
            assert raw != markers[table][column] and "Marker" not in raw and "@" not in raw
            assert crypto.decrypt(raw) == markers[table][column]
        # Empty and missing values stay as they were: "is there a note?" needs no key.
        assert database.execute_sql(
            "SELECT email, label FROM invitation WHERE id = 2").fetchone() == (None, "")
        if TEST_DATABASE_URL:
            types = {(c.table, c.name): c.data_type for table in ("invitation", "offer",
                     "help_match", "deadline", "meeting", "meeting_occurrence", "outbox_email")
                     for c in database.get_columns(table, schema)}
            assert {types[(table, column)] for table, column, _ in ENCRYPTED_BY_0011
                    if (table, column) in types} == {"text"}
        bound = db.obj
        db.initialize(database)
        try:
            for table, column, field in ENCRYPTED_BY_0011:
                assert getattr(field.model.get_by_id(1), field.name) == markers[table][column]
        finally:
            db.initialize(bound)
