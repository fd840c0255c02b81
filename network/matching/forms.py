"""Forms of the match board and of the volunteers' answers."""
import re

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, Optional

from ..forms import Form, choices
from ..models import KINDS

PAIR = re.compile(r"^(\d{1,10}):(\d{1,10})$")
KIND_LABELS = {"mentor": _l("Mentor"), "housing": _l("Housing"), "language": _l("Language help")}


class BoardFilterForm(Form):
    """Which open requests to show (a GET form)."""

    class Meta:
        csrf = False

    kind = SelectField(_l("Kind of help"), choices=choices(KIND_LABELS.items()),
                       validators=[Optional(), AnyOf(KINDS)])
    city = StringField(_l("City"), validators=[Optional(), Length(max=80)])
    language = SelectField(_l("Language"), validators=[Optional()], choices=choices([
        ("", _l("Any")), ("ru", _l("Russian")), ("uk", _l("Ukrainian")), ("fr", _l("French")),
        ("en", _l("English"))]))


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

    reason = SelectField(_l("Why does it end?"), validators=[InputRequired()], choices=choices([
        ("completed", _l("The help is no longer needed: done")),
        ("withdrawn", _l("I can no longer help")),
    ]))


class ProblemForm(Form):
    """Reporting a problem in a match to the organizers."""

    text = TextAreaField(_l("What is the problem?"), validators=[InputRequired(), Length(max=2000)])
    end_now = BooleanField(_l("End this match now"))
