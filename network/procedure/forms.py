"""The form of a newcomer's procedure dates."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectChoice, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional

from ..core import vocabulary
from ..forms import DateField, Form, choices
from .documents import NAME_MAX
from .pages import STEP_LABELS


def _date(label, description=None):
    return DateField(label, validators=[Optional()], description=description)


class ProcedureForm(Form):
    """What happened so far; every deadline is computed from it."""

    entered = _date(_l("Arrival in France"))
    registered = _date(_l("Registration at the GUDA (guichet unique)"),
                       _l("The day you received the attestation de demande d'asile."))
    procedure = SelectField(_l("Type of procedure (on the attestation)"), validators=[Optional()],
                            choices=[SelectChoice("", _l("Not known yet")),
                                     *vocabulary.choices("procedure_type")])
    ofpra_filed = _date(_l("OFPRA file sent"))
    inbox_checked = _date(_l("Last login to the OFPRA online account"))
    interview = _date(_l("OFPRA interview"))
    decision_notified = _date(_l("OFPRA decision received"))
    legal_aid_requested = _date(_l("Legal aid (aide juridictionnelle) asked for"))
    legal_aid_decided = _date(_l("Legal aid answer received"))


class DocumentForm(Form):
    """A scan or photo for the newcomer's folder."""

    step = SelectField(_l("Step"), validators=[InputRequired(_l("Choose the step this document "
                                                                  "belongs to."))],
                       choices=choices([("", _l("Choose…"))] + list(STEP_LABELS.items())))
    name = StringField(_l("What it is"), validators=[Optional(), Length(max=NAME_MAX)],
                       description=_l("For example: military summons, OFPRA decision."))
    file = FileField(_l("File (PDF, JPEG or PNG, at most 8 MB)"))
    needs_translation = BooleanField(_l("Needs a sworn translation"))
