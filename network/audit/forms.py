"""The audit trail's filter form."""
from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField
from wtforms.validators import NumberRange, Optional

from ..forms import Form


class AuditFilterForm(Form):
    """Filter events by action, actor, target and dates (a GET form)."""

    class Meta:
        csrf = False

    action = SelectField(_l("Action"), validators=[Optional()], validate_choice=False)
    actor = IntegerField(_l("Actor number"), validators=[Optional(), NumberRange(min=1)])
    target = IntegerField(_l("Target number"), validators=[Optional(), NumberRange(min=1)])
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("Until"), validators=[Optional()])
