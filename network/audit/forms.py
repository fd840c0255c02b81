"""The audit trail's filter form."""
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import Length, NumberRange, Optional

from ..bounds import ID_MAX
from ..forms import DateField, Form


class AuditFilterForm(Form):
    """Filter events by action, a person's pseudonym, actor, target and dates (posted, so that
    no pseudonym is in a URL)."""

    action = SelectField(_l("Action"), validators=[Optional()], validate_choice=False)
    person = StringField(_l("Pseudonym"), validators=[Optional(), Length(max=80)])
    actor = IntegerField(_l("Actor number"),
                         validators=[Optional(), NumberRange(min=1, max=ID_MAX)])
    target = IntegerField(_l("Target number"),
                          validators=[Optional(), NumberRange(min=1, max=ID_MAX)])
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("Until"), validators=[Optional()])
