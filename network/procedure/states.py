"""Words of the timeline this package adds to pages.py: the states that tell a right or a moot
deadline from one to meet, and the name of each date a person types."""
from flask_babel import lazy_gettext as _l

from .pages import STATE_LABELS

STATES = {
    **STATE_LABELS,
    "opens": _l("A right that opens on this day"),
    "available": _l("A right you have now: ask for it"),
    "passed": _l("Passed: nothing more to do for it"),
    "dublin": _l("Dublin procedure: another European country may be asked to examine the "
                 "request. If a transfer decision is handed to you, see a lawyer or an "
                 "association the same day: the time to contest it is very short."),
}
# Each typed date, in the form and on the timeline.
FACT_LABELS = {
    "entered": _l("Arrival in France"),
    "spada": _l("Pre-registration at the SPADA (plateforme d'accueil)"),
    "registered": _l("Registration at the GUDA (guichet unique)"),
    "attestation_expires": _l("Attestation valid until (as printed on it)"),
    "ofii_offer": _l("OFII reception offer (housing, ADA allowance) received"),
    "domiciliation": _l("Postal address (domiciliation) obtained"),
    "ofpra_filed": _l("OFPRA file sent"),
    "inbox_checked": _l("Last login to the OFPRA online account"),
    "interview": _l("OFPRA interview"),
    "decision_notified": _l("OFPRA decision received"),
    "legal_aid_requested": _l("Legal aid (aide juridictionnelle) asked for"),
    "legal_aid_decided": _l("Legal aid answer received"),
    "cnda_appealed": _l("Appeal lodged at the CNDA"),
    "cnda_hearing": _l("CNDA hearing"),
    "cnda_decided": _l("CNDA decision received"),
    "protection": _l("Protection granted (refugee or subsidiary protection)"),
    "residence_permit": _l("Residence permit (titre de séjour) received"),
}
