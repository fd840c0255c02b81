"""Writing a message, choosing when messages disappear, and reporting one."""
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..auth.forms import CheckboxListField
from ..core import vocabulary
from ..forms import Form
from .service import MAX_LENGTH


class MessageForm(Form):
    """One message, plain text."""

    body = TextAreaField(_l("Your message"), filters=[lambda text: (text or "").strip()],
                         validators=[DataRequired(message=_l("Write a message first.")),
                                     Length(max=MAX_LENGTH, message=_l(
                                         "A message is at most %(max)d characters."))],
                         render_kw={"rows": 3, "maxlength": MAX_LENGTH})


class DisappearForm(Form):
    """After how long the conversation's messages disappear, for both sides."""

    days = SelectField(_l("Messages disappear"), coerce=int,
                       choices=vocabulary.choices("disappear_days"))


class ReportForm(Form):
    """Which messages around the reported one the organizers may also read."""

    include = CheckboxListField(_l("Also show the organizers these messages"), coerce=int,
                                choices=[], validate_choice=False)
