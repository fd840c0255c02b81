"""Each newcomer's folder of scans and photos: checked by content, encrypted at rest, reached by a
random token, and erased with the person."""
import base64
import os
import secrets

from flask_babel import lazy_gettext as _l

from ..audit.service import record
from ..core.codes import DOCUMENT_KINDS
from ..core.errors import NotFound, ServiceError
from ..db import write_transaction
from ..models import ProcedureDocument
from .rules import STEP_CODES

MAX_BYTES = 8 * 1024 * 1024
NAME_MAX = 120
# What a file is, read from its first bytes: the name and the browser's claim are never trusted.
SIGNATURES = ((b"%PDF-", "application/pdf"), (b"\xff\xd8\xff", "image/jpeg"),
              (b"\x89PNG\r\n\x1a\n", "image/png"))
LISTED = (ProcedureDocument.id, ProcedureDocument.token, ProcedureDocument.step,
          ProcedureDocument.kind, ProcedureDocument.name, ProcedureDocument.content_type,
          ProcedureDocument.size, ProcedureDocument.needs_translation, ProcedureDocument.translated,
          ProcedureDocument.uploaded_at, ProcedureDocument.newcomer)


def kind_of(data):
    """The content type the bytes really are, or None."""
    return next((kind for magic, kind in SIGNATURES if data.startswith(magic)), None)


def fitted_name(name):
    """A file's name no longer than NAME_MAX, its extension kept, and whether it was shortened.

    A phone names a photo as it likes; the person is told the shorter name it is kept under.
    """
    name = (name or "").strip() or "document"
    if len(name) <= NAME_MAX:
        return name, False
    stem, extension = os.path.splitext(name)
    extension = extension if len(extension) <= 10 else ""
    return stem[:NAME_MAX - len(extension) - 1].rstrip() + "…" + extension, True


def _check_kind(kind):
    if kind and kind not in DOCUMENT_KINDS:
        raise ServiceError(_l("Choose a kind of document from the list."))


def add(newcomer_id, by, step, name, data, needs_translation=False, kind=""):
    """Keep a document in the newcomer's folder, encrypted; only a PDF, JPEG or PNG."""
    name = (name or "").strip() or "document"
    if len(name) > NAME_MAX:
        raise ServiceError(_l("The name is too long: at most %(max)s characters.", max=NAME_MAX))
    if step not in STEP_CODES:
        raise ServiceError(_l("Choose the step this document belongs to."))
    _check_kind(kind)
    if not data:
        raise ServiceError(_l("Choose a file."))
    if len(data) > MAX_BYTES:
        raise ServiceError(_l("The file is too large: at most 8 MB."))
    media = kind_of(data)
    if media is None:
        raise ServiceError(_l("Only PDF, JPEG and PNG files can be kept."))
    with write_transaction():
        document = ProcedureDocument.create(
            newcomer=newcomer_id, token=secrets.token_urlsafe(32), step=step, kind=kind, name=name,
            content_type=media, size=len(data), content=base64.b64encode(data).decode(),
            needs_translation=bool(needs_translation), uploaded_by=by.id)
        record("procedure.document_added", target=document, actor=by)
    return document


def folder(newcomer_id):
    """The newcomer's documents without their content, newest first."""
    return list(ProcedureDocument.select(*LISTED).where(ProcedureDocument.newcomer == newcomer_id)
                .order_by(ProcedureDocument.uploaded_at.desc(), ProcedureDocument.id.desc()))


def by_token(token):
    """The document behind a token, or NotFound."""
    document = ProcedureDocument.get_or_none(ProcedureDocument.token == token)
    if document is None:
        raise NotFound()
    return document


def content(document):
    """The document's bytes."""
    return base64.b64decode(document.content)


def mark_translated(document, by, done=True):
    """Record that the sworn translation is done (or not yet)."""
    if not document.needs_translation:
        raise ServiceError(_l("This document needs no sworn translation."))
    with write_transaction():
        ProcedureDocument.update(translated=done).where(
            ProcedureDocument.id == document.id).execute()
        record("procedure.document_translated" if done else "procedure.document_untranslated",
               target=document, actor=by)


def set_kind(document, by, kind):
    """Say what the document is: the checklists of the steps that ask for it are ticked."""
    _check_kind(kind)
    with write_transaction():
        ProcedureDocument.update(kind=kind).where(ProcedureDocument.id == document.id).execute()
        record("procedure.document_kind", target=document, actor=by)


def set_needs_translation(document, by, needed):
    """Say whether the document needs a sworn translation; without one, none is done."""
    with write_transaction():
        # Saying again that it needs one keeps a translation already done.
        changes = {"needs_translation": needed} if needed else {"needs_translation": False,
                                                                 "translated": False}
        ProcedureDocument.update(**changes).where(ProcedureDocument.id == document.id).execute()
        record("procedure.document_translation_needed" if needed
               else "procedure.document_translation_not_needed", target=document, actor=by)


def remove(document, by):
    """Delete a document from the folder."""
    with write_transaction():
        ProcedureDocument.delete().where(ProcedureDocument.id == document.id).execute()
        record("procedure.document_removed", target=document, actor=by)


def export(newcomer_id):
    """The newcomer's documents with their names and content, decrypted, oldest first."""
    return [{"name": d.name, "step": d.step, "kind": d.kind, "type": d.content_type,
             "size": d.size,
             "needs_translation": d.needs_translation, "translated": d.translated,
             "uploaded": d.uploaded_at.isoformat(), "content_base64": d.content}
            for d in ProcedureDocument.select().where(ProcedureDocument.newcomer == newcomer_id)
            .order_by(ProcedureDocument.uploaded_at, ProcedureDocument.id)]


def erase(newcomer_id):
    """Delete the newcomer's whole folder."""
    ProcedureDocument.delete().where(ProcedureDocument.newcomer == newcomer_id).execute()
