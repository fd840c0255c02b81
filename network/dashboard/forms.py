"""The dashboard's period and city filter."""
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from ..forms import Form, choices


class DashboardForm(Form):
    """Which weeks and which city (a GET form)."""

    class Meta:
        csrf = False

    weeks = SelectField(_l("Period"), coerce=int, validators=[Optional()], choices=choices([
        (4, _l("4 weeks")), (12, _l("12 weeks")), (52, _l("52 weeks"))]))
    city = StringField(_l("City"), validators=[Optional(), Length(max=80)])
