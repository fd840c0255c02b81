"""The folder and the step pages: each step's documents to bring, ticked by the folder; the
sworn translation; file names; who may read a document; every step page in four languages."""
import html
import io
import re

import pytest

from network.core.errors import ServiceError
from network.models import AuditEvent, Match, Offer, ProcedureDocument, User
from network.procedure import documents
from network.procedure.checklist import BRING
from network.procedure.pages import PAGES

from .factories import make_match, make_mentor, make_newcomer, make_organizer, make_request

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _upload(client, newcomer, filename="повестка.png", **fields):
    return client.post(f"/procedure/newcomer/{newcomer.id}/documents",
                       data={"step": "ofpra_file", "file": (io.BytesIO(PNG), filename), **fields},
                       content_type="multipart/form-data", follow_redirects=True)


def _item(page, kind_label):
    """The checklist line of a kind of document, as its words."""
    found = re.search(r'<li class="(held|missing)">' + re.escape(kind_label), html.unescape(page))
    return found and found.group(1)


def test_every_step_with_something_to_bring_has_a_checklist():
    assert set(BRING) == set(PAGES)
    assert all(BRING[step] for step in PAGES if step != "ofpra_inbox")


def test_uploading_a_document_of_a_kind_ticks_it_on_every_step_for_newcomer_and_mentor(
        app, client, auth):
    newcomer, mentor = make_newcomer(), make_mentor()
    make_match(mentor, newcomer)
    auth.login(newcomer)
    step = client.get("/procedure/steps/ofpra_interview").get_data(as_text=True)
    assert _item(step, "Evidence of mobilisation and desertion") == "missing"
    assert f"/procedure/newcomer/{newcomer.id}/documents?step=ofpra_interview&amp;kind=evidence" \
        in step
    page = _upload(client, newcomer, kind="evidence").get_data(as_text=True)
    assert "The document is kept, encrypted." in page
    assert ProcedureDocument.get().kind == "evidence"
    for code in ("ofpra_interview", "ofpra_file", "cnda_hearing"):
        step = client.get(f"/procedure/steps/{code}").get_data(as_text=True)
        assert _item(step, "Evidence of mobilisation and desertion") == "held", code
    assert _item(step, "CNDA convocation") == "missing"
    auth.logout()
    auth.login(mentor)
    folder = client.get(f"/procedure/newcomer/{newcomer.id}/documents").get_data(as_text=True)
    assert _item(folder, "Evidence of mobilisation and desertion") == "held"
    assert "OFPRA file: 1 of 5 in the folder" in folder
    step = client.get(f"/procedure/newcomer/{newcomer.id}/steps/cnda_hearing").get_data(
        as_text=True)
    assert _item(step, "Evidence of mobilisation and desertion") == "held"
    assert "The newcomer’s documents for this step" in step


def test_choosing_what_a_kept_document_is_ticks_it(app, client, auth):
    newcomer = make_newcomer()
    auth.login(newcomer)
    _upload(client, newcomer)
    document = ProcedureDocument.get()
    assert document.kind == ""
    assert _item(client.get("/procedure/steps/domiciliation").get_data(as_text=True),
                 "Attestation de demande d'asile") == "missing"
    client.post(f"/procedure/documents/{document.token}/kind", data={"kind": "attestation"})
    assert _item(client.get("/procedure/steps/domiciliation").get_data(as_text=True),
                 "Attestation de demande d'asile") == "held"
    page = client.post(f"/procedure/documents/{document.token}/kind", data={"kind": "nonsense"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Choose a kind of document from the list." in page
    assert ProcedureDocument.get().kind == "attestation"
    assert AuditEvent.select().where(AuditEvent.action == "procedure.document_kind").count() == 1


def test_a_sworn_translation_can_be_asked_for_and_withdrawn_after_the_upload(app, client, auth):
    newcomer = make_newcomer()
    auth.login(newcomer)
    _upload(client, newcomer)
    token = ProcedureDocument.get().token
    assert not ProcedureDocument.get().needs_translation
    client.post(f"/procedure/documents/{token}/translation", data={"needed": "1"})
    assert ProcedureDocument.get().needs_translation
    client.post(f"/procedure/documents/{token}/translated", data={"done": "1"})
    assert ProcedureDocument.get().translated
    folder = client.get(f"/procedure/newcomer/{newcomer.id}/documents").get_data(as_text=True)
    assert "Sworn translation done" in folder and "Needs no sworn translation" in folder
    client.post(f"/procedure/documents/{token}/translation", data={"needed": "1"})
    assert ProcedureDocument.get().translated  # saying so again keeps the translation done
    client.post(f"/procedure/documents/{token}/translation", data={"needed": "0"})
    document = ProcedureDocument.get()
    assert (document.needs_translation, document.translated) == (False, False)
    assert {e.action for e in AuditEvent.select()} >= {
        "procedure.document_translation_needed", "procedure.document_translation_not_needed"}


def test_a_long_file_name_is_shortened_visibly_keeping_its_extension(app, client, auth):
    newcomer = make_newcomer()
    auth.login(newcomer)
    long_name = "повестка военкомата " * 10 + ".png"
    page = _upload(client, newcomer, filename=long_name).get_data(as_text=True)
    kept = ProcedureDocument.get().name
    assert len(kept) == documents.NAME_MAX and kept.endswith("….png")
    assert "Its name was too long: it is kept as “" + kept + "”." in page


def test_a_typed_name_too_long_is_refused_and_nothing_is_kept(app, client, auth):
    newcomer = make_newcomer()
    auth.login(newcomer)
    page = _upload(client, newcomer, kind="evidence",
                   name="я" * (documents.NAME_MAX + 1)).get_data(as_text=True)
    assert "Field cannot be longer than 120 characters." in page
    assert not ProcedureDocument.select().exists()
    with pytest.raises(ServiceError, match="too long"):
        documents.add(newcomer.id, newcomer, "guda", "я" * 121, PNG)


def _housing_host_of(newcomer):
    host = make_mentor()
    request = make_request(newcomer, kind="housing")
    offer = Offer.create(volunteer=host, kind="housing", beds=1, city="Paris")
    Match.create(request=request, offer=offer, newcomer=newcomer, volunteer=host, kind="housing",
                 status="active")
    return host


def test_an_organizer_reads_a_document_audited_and_other_volunteers_are_refused(app, client,
                                                                              auth):
    newcomer, mentor, organizer = make_newcomer(), make_mentor(), make_organizer()
    make_match(mentor, newcomer)
    other_mentor = make_mentor()
    make_match(other_mentor, make_newcomer())
    host = _housing_host_of(newcomer)
    auth.login(newcomer)
    _upload(client, newcomer, kind="evidence")
    token = ProcedureDocument.get().token
    auth.logout()
    for refused in (other_mentor, host):
        auth.login(refused)
        assert client.get(f"/procedure/documents/{token}").status_code == 404
        assert client.get(f"/procedure/newcomer/{newcomer.id}/documents").status_code == 404
        assert client.get(f"/procedure/newcomer/{newcomer.id}/steps/guda").status_code == 404
        assert client.post(f"/procedure/documents/{token}/kind",
                           data={"kind": ""}).status_code == 404
        auth.logout()
    assert ProcedureDocument.get().kind == "evidence"
    assert not AuditEvent.select().where(AuditEvent.action == "procedure.viewed").exists()
    auth.login(organizer)
    response = client.get(f"/procedure/documents/{token}")
    assert response.data == PNG and response.headers["Cache-Control"] == "no-store"
    read = AuditEvent.get(AuditEvent.action == "procedure.viewed")
    assert read.actor_id == organizer.id and "document" in read.detail


LANGUAGES = ("en", "ru", "uk", "fr")
# The French word a newcomer finds on their papers, kept beside the translation in each title.
FRENCH = {"spada": "SPADA", "guda": "GUDA", "attestation": "attestation de demande d'asile",
          "ofii": "OFII", "domiciliation": "domiciliation", "ofpra_file": "OFPRA",
          "ofpra_inbox": "OFPRA", "ofpra_interview": "OFPRA", "ofpra_decision": "OFPRA",
          "legal_aid": "aide juridictionnelle", "cnda_appeal": "CNDA", "cnda_hearing": "CNDA",
          "cnda_decision": "CNDA", "residence_permit": "titre de séjour"}
# Free legal help, named as the person will look for it, in every language.
LEGAL_HELP = ("point-justice", "La Cimade")


@pytest.mark.parametrize("locale", LANGUAGES)
def test_every_step_page_in_every_language_has_help_numbers_and_loads_nothing_from_outside(
        app, client, auth, locale):
    newcomer = make_newcomer()
    User.update(locale=locale).where(User.id == newcomer.id).execute()
    auth.login(newcomer)
    assert set(FRENCH) == set(PAGES)
    for code in PAGES:
        response = client.get(f"/procedure/steps/{code}")
        assert response.status_code == 200, code
        page = response.get_data(as_text=True)
        assert f'<html lang="{locale}">' in page
        title = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
        assert FRENCH[code].lower() in html.unescape(title).lower(), (locale, code, title)
        assert "112" in page and "115" in page
        assert all(place in page for place in LEGAL_HELP), (locale, code)
        for address in re.findall(r'(?:src|href|action)="([^"]*)"', page):
            assert address.startswith(("/", "#")) and not address.startswith("//"), address
