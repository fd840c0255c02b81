"""Forms of the match board and of the volunteers' answers."""
import re

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, InputRequired, Length, Optional

from ..core import vocabulary
from ..core.codes import KINDS, VOLUNTEER_END_REASONS
from ..forms import Form, choices

PAIR = re.compile(r"^(\d{1,10}):(\d{1,10})$")


class BoardFilterForm(Form):
    """Which open requests to show (a GET form)."""

    class Meta:
        csrf = False

    kind = SelectField(_l("Kind of help"), choices=vocabulary.choices("kind"),
                       validators=[Optional(), AnyOf(KINDS)])
    city = StringField(_l("City"), validators=[Optional(), Length(max=80)])
    language = SelectField(_l("Language"), validators=[Optional()], choices=[
        SelectChoice("", _l("Any")), *vocabulary.choices("language")])


class ConfirmForm(Form):
    """The proposals the organizer sends to the volunteers, as "request:offer" pairs."""

    pairs = SelectMultipleField(_l("Proposals"), choices=[], validate_choice=False)

    def pair_ids(self):
        """The well-formed pairs, as integers."""
        found = (PAIR.match(value or "") for value in self.pairs.data or ())
        return [(int(m.group(1)), int(m.group(2))) for m in found if m]


class RespondForm(Form):
    """A volunteer's answer to a proposal."""

    decision = SelectField(_l("Your answer"), validators=[InputRequired()], choices=choices([
        ("accept", _l("I accept")), ("decline", _l("I decline"))]))
    reason = TextAreaField(_l("Reason (optional, seen by organizers only)"),
                           validators=[Optional(), Length(max=500)])


class EndForm(Form):
    """Ending a match."""

    reason = SelectField(_l("Why does it end?"), validators=[InputRequired()],
                         choices=vocabulary.choices("end_reason", VOLUNTEER_END_REASONS))


class ProblemForm(Form):
    """Reporting a problem in a match to the organizers."""

    text = TextAreaField(_l("What is the problem?"), validators=[InputRequired(), Length(max=2000)])
    end_now = BooleanField(_l("End this match now"))
