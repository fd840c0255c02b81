"""A newcomer's procedure: who may see and change it, reminders once, the command as the page."""
import base64
import io
import json
import re
from datetime import date, datetime

import pytest

from network.deadlines.service import add_deadline
from network.jobs import JOBS
from network.models import (
    AuditEvent,
    NewcomerProfile,
    Notification,
    ProcedureDocument,
    ProcedureFile,
)
from network.privacy.service import erase
from network.procedure import service

from .factories import make_match, make_mentor, make_newcomer, make_organizer, place

NOW = datetime(2026, 12, 10, 9, 0)
DATES = {"registered": "2026-11-20", "procedure": "normal", "entered": "2026-10-01"}


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    """The pages and the service see 10 December 2026."""
    for module in ("network.procedure.views", "network.procedure.service", "network.main.views",
                   "network.dashboard.views"):
        monkeypatch.setattr(f"{module}.utcnow", lambda: NOW)


def _facts(**values):
    return {k: date.fromisoformat(v) if k != "procedure" else v for k, v in values.items()}


def test_a_newcomer_builds_a_timeline_and_a_changed_date_moves_the_deadline(app, client, auth):
    newcomer = make_newcomer()
    auth.login(newcomer)
    client.post(f"/procedure/newcomer/{newcomer.id}", data=DATES)
    page = client.get("/procedure/").get_data(as_text=True)
    assert 'data-rule="ofpra_file" data-date="2026-12-11"' in page
    client.post(f"/procedure/newcomer/{newcomer.id}", data={**DATES, "registered": "2026-11-23"})
    page = client.get("/procedure/").get_data(as_text=True)
    assert 'data-rule="ofpra_file" data-date="2026-12-14"' in page


def test_a_mentor_of_another_newcomer_can_neither_read_nor_write_it(app, client, auth):
    newcomer, stranger = make_newcomer(), make_mentor()
    make_match(make_mentor(), newcomer)
    service.save_facts(newcomer.id, newcomer, _facts(registered="2026-11-20"))
    auth.login(stranger)
    assert client.get(f"/procedure/newcomer/{newcomer.id}").status_code == 404
    assert client.post(f"/procedure/newcomer/{newcomer.id}",
                       data={"registered": "2026-01-01"}).status_code == 404
    assert ProcedureFile.get(ProcedureFile.newcomer == newcomer.id).registered == date(2026, 11, 20)


def test_the_matched_mentor_reads_it_and_the_read_is_audited(app, client, auth):
    newcomer, mentor = make_newcomer(), make_mentor()
    make_match(mentor, newcomer)
    auth.login(mentor)
    assert client.get(f"/procedure/newcomer/{newcomer.id}").status_code == 200
    assert AuditEvent.select().where((AuditEvent.action == "procedure.viewed")
                             & (AuditEvent.target_id == newcomer.id)).exists()


def test_bad_dates_are_refused_with_a_message_and_nothing_is_written(app, client, auth):
    newcomer = make_newcomer()
    auth.login(newcomer)
    page = client.post(f"/procedure/newcomer/{newcomer.id}", follow_redirects=True,
                       data={"registered": "2026-11-20", "entered": "2026-11-25"})
    assert page.status_code == 200 and "check the dates" in page.get_data(as_text=True)
    page = client.post(f"/procedure/newcomer/{newcomer.id}", data={"registered": "20-11-2026x"})
    assert page.status_code == 200
    assert not ProcedureFile.select().exists()


def test_reminders_go_to_the_newcomer_and_mentor_once(app, ctx):
    assert "procedure_reminders" in dict(JOBS)
    newcomer, mentor = make_newcomer(), make_mentor()
    make_match(mentor, newcomer)
    service.save_facts(newcomer.id, newcomer, _facts(registered="2026-11-20"), now=NOW)
    assert service.reminders(NOW) == 2
    assert service.reminders(NOW) == 0
    assert {n.recipient_id for n in Notification.select()} == {newcomer.id, mentor.id}
    # A corrected date sets a new deadline: it is announced again.
    service.save_facts(newcomer.id, newcomer, _facts(registered="2026-11-23"), now=NOW)
    assert service.reminders(NOW) == 2


def test_the_organizers_see_the_most_urgent_first_and_on_the_dashboard(app, client, auth):
    calm, pressed = make_newcomer(name="Calm"), make_newcomer(name="Pressed")
    organizer = make_organizer()
    service.save_facts(calm.id, organizer, _facts(registered="2026-12-08"))
    service.save_facts(pressed.id, organizer, _facts(registered="2026-11-24"))
    assert [row[0].id for row in service.overview(NOW.date())] == [pressed.id, calm.id]
    cards = service.urgent(NOW.date())
    assert [n.id for card in cards.values() for n, _ in card] == [pressed.id]
    auth.login(organizer)
    page = client.get("/procedure/all").get_data(as_text=True)
    assert page.index("Pressed") < page.index("Calm")
    assert AuditEvent.select().where(AuditEvent.action == "procedure.overview_viewed").exists()
    assert "Pressed" in client.get("/dashboard/").get_data(as_text=True)


def test_erasing_the_newcomer_erases_the_procedure(app, ctx):
    newcomer = make_newcomer()
    service.save_facts(newcomer.id, newcomer, _facts(registered="2026-11-20"), now=NOW)
    erase(newcomer, make_organizer())
    assert not ProcedureFile.select().exists()


def _shown(page):
    return re.findall(r'data-step="([a-z_]+)" data-rule="([a-z_]*)" data-date="([0-9-]*)"', page)


def _printed(runner, dates, today, *extra):
    args = ["procedure-timeline", "--json", "--today", today, *extra]
    for name, value in dates.items():
        args += [f"--{name.replace('_', '-')}", value]
    result = runner.invoke(args=args)
    return [json.loads(line) for line in result.output.splitlines()]


def test_the_command_prints_the_dates_the_page_shows(app, client, auth, runner):
    newcomer = make_newcomer()
    auth.login(newcomer)
    dates = {"registered": "2026-11-20", "entered": "2026-10-01", "procedure": "accelerated",
             "decision_notified": "2026-11-30", "legal_aid_requested": "2026-12-01",
             "legal_aid_decided": "2026-12-03", "ofpra_filed": "2026-11-25",
             "inbox_checked": "2026-11-28"}
    add_deadline(newcomer.id, newcomer, "ofpra_decision", date(2026, 11, 30), now=NOW)
    client.post(f"/procedure/newcomer/{newcomer.id}", data=dates)
    page = client.get("/procedure/").get_data(as_text=True)
    today = page.split('data-today="')[1].split('"')[0]
    printed = _printed(runner, dates, today)
    assert [(p["step"], p["rule"] or "", p["date"] or "") for p in printed] == _shown(page)
    assert all(p["source"] for p in printed if p["rule"])


def test_a_newcomer_in_moselle_has_its_holidays_in_the_page_and_the_command(app, client, auth,
                                                                            runner):
    newcomer = make_newcomer()
    NewcomerProfile.update(**place("Metz")).where(NewcomerProfile.user == newcomer.id).execute()
    auth.login(newcomer)
    # 21 days after 13 March 2026 is Good Friday, a holiday in Moselle only: the Thursday before.
    dates = {"registered": "2026-03-13"}
    client.post(f"/procedure/newcomer/{newcomer.id}", data=dates)
    page = client.get("/procedure/").get_data(as_text=True)
    assert 'data-rule="ofpra_file" data-date="2026-04-02"' in page
    today = page.split('data-today="')[1].split('"')[0]
    printed = _printed(runner, dates, today, "--department", "57")
    assert [(p["step"], p["rule"] or "", p["date"] or "") for p in printed] == _shown(page)
    elsewhere = _printed(runner, dates, today)
    assert next(p for p in elsewhere if p["rule"] == "ofpra_file")["date"] == "2026-04-03"


def test_the_notes_are_in_the_readers_language_beside_the_french_source(app, client, auth):
    newcomer = make_newcomer()
    auth.login(newcomer)
    client.post("/language", data={"locale": "ru"})
    client.post(f"/procedure/newcomer/{newcomer.id}", data=DATES)
    page = client.get("/procedure/").get_data(as_text=True)
    assert "21 день" in page and "You have 21 days" not in page
    assert '<small lang="fr">CESEDA, art. R.531-2' in page


def test_the_newcomers_export_holds_the_procedure_and_the_documents_decrypted(app, client, auth):
    newcomer = make_newcomer()
    auth.login(newcomer)
    client.post(f"/procedure/newcomer/{newcomer.id}", data=DATES)
    _upload(client, newcomer, needs_translation="y")
    data = json.loads(client.get("/account/export.json").data)["procedure"]
    assert data["dates"]["registered"] == "2026-11-20" and data["dates"]["procedure"] == "normal"
    [document] = data["documents"]
    assert document["name"] == "повестка.png" and document["needs_translation"]
    assert base64.b64decode(document["content_base64"]) == PNG


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _upload(client, newcomer, data=PNG, name="повестка.png", **fields):
    return client.post(f"/procedure/newcomer/{newcomer.id}/documents",
                       data={"step": "ofpra_file", "file": (io.BytesIO(data), name), **fields},
                       content_type="multipart/form-data", follow_redirects=True)


def test_a_document_round_trips_encrypted_and_only_for_those_related(app, client, auth):
    newcomer, mentor, stranger = make_newcomer(), make_mentor(), make_mentor()
    make_match(mentor, newcomer)
    auth.login(newcomer)
    _upload(client, newcomer, needs_translation="y")
    document = ProcedureDocument.get()
    raw = ProcedureDocument.select(ProcedureDocument.content.alias("c")).tuples().get()[0]
    assert base64.b64encode(PNG).decode() not in raw and "повестка" not in str(
        ProcedureDocument.select(ProcedureDocument.name.alias("n")).tuples().get()[0])
    assert len(document.token) >= 40
    assert client.get(f"/procedure/documents/{document.id}").status_code == 404
    response = client.get(f"/procedure/documents/{document.token}")
    assert response.data == PNG and response.headers["Cache-Control"] == "no-store"
    auth.logout()
    auth.login(stranger)
    assert client.get(f"/procedure/documents/{document.token}").status_code == 404
    assert client.post(f"/procedure/documents/{document.token}/delete").status_code == 404
    auth.logout()
    auth.login(mentor)
    assert client.get(f"/procedure/documents/{document.token}").data == PNG
    assert AuditEvent.select().where((AuditEvent.action == "procedure.viewed")
                                     & (AuditEvent.detail.contains("document"))).exists()
    client.post(f"/procedure/documents/{document.token}/translated", data={"done": "1"})
    assert ProcedureDocument.get().translated


def test_a_file_that_is_not_a_pdf_jpeg_or_png_is_refused_whatever_its_name(app, client, auth):
    newcomer = make_newcomer()
    auth.login(newcomer)
    page = _upload(client, newcomer, data=b"<script>alert(1)</script>", name="scan.png")
    assert "Only PDF, JPEG and PNG" in page.get_data(as_text=True)
    page = _upload(client, newcomer, data=PNG + b"\x00" * (8 * 1024 * 1024))
    assert page.status_code in (200, 413) and not ProcedureDocument.select().exists()
    # A phone photo, larger than any other form may send, is kept.
    _upload(client, newcomer, data=PNG + b"\x00" * (3 * 1024 * 1024))
    assert ProcedureDocument.get().size > 3 * 1024 * 1024


def test_erasing_the_newcomer_erases_the_folder(app, client, auth):
    newcomer = make_newcomer()
    auth.login(newcomer)
    _upload(client, newcomer)
    erase(newcomer, make_organizer())
    assert not ProcedureDocument.select().exists()


def test_on_the_night_summer_time_ends_the_reminder_counts_paris_days(app, ctx):
    newcomer = make_newcomer()
    service.save_facts(newcomer.id, newcomer, _facts(registered="2026-10-05"), now=NOW)
    # 22:30 UTC on 24 October is 00:30 on Sunday 25 October in Paris, hours before the change;
    # the OFPRA file is due on Monday 26 October: tomorrow, in Paris.
    assert service.reminders(datetime(2026, 10, 24, 22, 30)) == 1
    assert Notification.get().payload["code"] == "deadline_tomorrow"


def test_the_newcomer_reaches_the_timeline_from_home_and_the_menu_with_the_next_deadline(
        app, client, auth):
    newcomer = make_newcomer()
    auth.login(newcomer)
    service.save_facts(newcomer.id, newcomer, _facts(**DATES), now=NOW)
    home = client.get("/").get_data(as_text=True)
    assert home.count('href="/procedure/"') == 2  # the menu and the home page
    assert '<time datetime="2026-12-11">' in home.split('id="procedure-next"')[1]


def test_a_mentor_reaches_the_timeline_of_the_newcomer_mentored_only(app, client, auth):
    mentor, mentored, housed = make_mentor(), make_newcomer(), make_newcomer()
    make_match(mentor, mentored)
    make_match(mentor, housed, kind="housing")
    auth.login(mentor)
    home = client.get("/").get_data(as_text=True)
    assert f'href="/procedure/newcomer/{mentored.id}"' in home
    assert f'href="/procedure/newcomer/{housed.id}"' not in home
    assert client.get(f"/procedure/newcomer/{housed.id}").status_code == 404


def test_the_organizers_home_links_every_procedure(app, client, auth):
    auth.login(make_organizer())
    assert 'href="/procedure/all"' in client.get("/").get_data(as_text=True)
