"""Forms to record and change the dates of an asylum procedure."""
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional

from ..core import vocabulary
from ..core.codes import DEADLINE_KINDS
from ..forms import DateField, Form
from .service import LABEL_MAX


def _label_field():
    return StringField(_l("Description (required for “Other step”)"),
                       validators=[Optional(), Length(max=LABEL_MAX)],
                       description=_l("For example: the place, or what to bring."))


class DeadlineForm(Form):
    """A new dated step of the procedure."""

    kind = SelectField(_l("Step"), choices=[
        SelectChoice("", _l("Choose…")), *vocabulary.choices("deadline_kind", DEADLINE_KINDS)],
        validators=[InputRequired(_l("Choose which step of the procedure this is."))])
    date = DateField(_l("Date"), validators=[InputRequired(_l("Choose the date."))],
                     description=_l("For a decision: the day you received it. The appeal "
                                    "deadline is computed from it."))
    label = _label_field()


class EditDeadlineForm(Form):
    """A new date or description for a recorded step."""

    date = DateField(_l("Date"), validators=[InputRequired(_l("Choose the date."))])
    label = _label_field()
