"""Each step's documents to bring, as kinds of document, ticked by what the folder holds."""
from collections import namedtuple

from ..models import ProcedureDocument

Item = namedtuple("Item", "kind present")

# The step pages' "what to bring" (pages.py), as the kinds a document in the folder may be.
BRING = {
    "spada": ("identity", "journey"),
    "guda": ("spada_convocation", "identity", "photos", "address_proof"),
    "attestation": ("attestation", "photos", "address_proof", "ofpra_letters"),
    "ofii": ("attestation", "resources"),
    "domiciliation": ("attestation",),
    "ofpra_file": ("ofpra_form", "photos", "attestation", "identity", "evidence"),
    "ofpra_inbox": (),
    "ofpra_interview": ("ofpra_convocation", "attestation", "evidence"),
    "ofpra_decision": ("ofpra_decision",),
    "legal_aid": ("ofpra_decision", "legal_aid_form"),
    "cnda_appeal": ("ofpra_decision", "interview_report", "evidence"),
    "cnda_hearing": ("cnda_convocation", "attestation", "evidence"),
    "cnda_decision": ("cnda_decision",),
    "residence_permit": ("protection_decision", "photos", "address_proof", "civil_status"),
}


def kinds_in_folder(newcomer_id):
    """The kinds of document the newcomer's folder holds."""
    return {kind for (kind,) in ProcedureDocument.select(ProcedureDocument.kind).distinct()
            .where((ProcedureDocument.newcomer == newcomer_id) & (ProcedureDocument.kind != ""))
            .tuples()}


def for_step(step, held):
    """The step's documents to bring, each in the folder or missing."""
    return [Item(kind, kind in held) for kind in BRING[step]]


def every_step(steps, held):
    """(step, its items) for each step that asks for documents, in the procedure's order."""
    return [(step, for_step(step, held)) for step in steps if BRING[step]]
