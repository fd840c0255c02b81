"""The form of a newcomer's procedure dates."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectChoice, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional

from ..core import vocabulary
from ..forms import DateField, Form, choices
from .documents import NAME_MAX
from .pages import STEP_LABELS
from .states import FACT_LABELS


def _date(field, description=None):
    return DateField(FACT_LABELS[field], validators=[Optional()], description=description)


class ProcedureForm(Form):
    """What happened so far; every deadline is computed from it. The interview, the decision and
    the CNDA hearing are procedure dates, typed on their own page."""

    entered = _date("entered")
    spada = _date("spada")
    registered = _date("registered",
                       _l("The day you received the attestation de demande d'asile."))
    procedure = SelectField(_l("Type of procedure (on the attestation)"), validators=[Optional()],
                            choices=[SelectChoice("", _l("Not known yet")),
                                     *vocabulary.choices("procedure_type")])
    attestation_expires = _date("attestation_expires",
                                _l("After each renewal, write the new date: the reminder "
                                   "follows it."))
    ofii_offer = _date("ofii_offer")
    domiciliation = _date("domiciliation")
    ofpra_filed = _date("ofpra_filed")
    inbox_checked = _date("inbox_checked")
    legal_aid_requested = _date("legal_aid_requested")
    legal_aid_decided = _date("legal_aid_decided")
    cnda_appealed = _date("cnda_appealed")
    cnda_decided = _date("cnda_decided")
    protection = _date("protection")
    residence_permit = _date("residence_permit")


class DocumentForm(Form):
    """A scan or photo for the newcomer's folder."""

    step = SelectField(_l("Step"), validators=[InputRequired(_l("Choose the step this document "
                                                                  "belongs to."))],
                       choices=choices([("", _l("Choose…"))] + list(STEP_LABELS.items())))
    name = StringField(_l("What it is"), validators=[Optional(), Length(max=NAME_MAX)],
                       description=_l("For example: military summons, OFPRA decision."))
    file = FileField(_l("File (PDF, JPEG or PNG, at most 8 MB)"))
    needs_translation = BooleanField(_l("Needs a sworn translation"))
    kind = SelectField(_l("Kind of document"), validators=[Optional()],
                       choices=vocabulary.choices("document_kind"),
                       description=_l("Ticks it on the checklist of every step that asks for it."))
