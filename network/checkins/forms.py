"""Forms to log and move a check-in, and the organizers' cadence setting."""
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from ..auth.forms import CheckboxListField
from ..core import vocabulary
from ..core.codes import CHECKIN_OUTCOMES
from ..forms import DateField, Form, choices
from .service import MAX_REPEAT, NOTES_MAX

WELLBEING_LABELS = {"5": _l("5: very well"), "4": _l("4: well"), "3": _l("3: so-so"),
                    "2": _l("2: badly"), "1": _l("1: very badly")}


class LogForm(Form):
    """How a check-in went, as its mentor tells it."""

    # No "required" flag: the select always sends a value, and a placeholder would cost a tap.
    outcome = SelectField(_l("Outcome"), choices=vocabulary.choices("checkin_outcome"))
    # Checked by hand, so that 0 or 6 gets a message a person understands.
    wellbeing = SelectField(_l("How is the person doing?"), validate_choice=False,
                            choices=choices([("", _l("Choose…")), *WELLBEING_LABELS.items()]),
                            description=_l("Only if you talked."))
    flags = CheckboxListField(_l("Concerns"), choices=vocabulary.choices("flag"),
                              description=_l("A safety concern or wellbeing 1 alerts the "
                                             "organizers at once."))
    notes = TextAreaField(_l("Private notes"),
                          validators=[Optional(), Length(max=NOTES_MAX, message=_l(
                              "The notes are too long: at most %(max)d characters."))],
                          description=_l("Seen by you and the organizers only, never by the "
                                         "newcomer."))

    def validate_wellbeing(self, field):
        if field.data and field.data not in WELLBEING_LABELS:
            raise ValidationError(_l("Wellbeing goes from 1 to 5."))
        if self.outcome.data == "done" and not field.data:
            raise ValidationError(_l("Choose how the person is doing, from 1 to 5."))

    def load(self, checkin):
        """Fill the form from a check-in logged before, to correct it."""
        if checkin.status in CHECKIN_OUTCOMES:
            self.outcome.data = checkin.status
        self.wellbeing.data = str(checkin.wellbeing or "")
        self.flags.data = list(checkin.flags)
        self.notes.data = checkin.notes

    def values(self):
        """Keyword arguments for service.log_checkin."""
        return dict(outcome=self.outcome.data,
                    wellbeing=int(self.wellbeing.data) if self.wellbeing.data else None,
                    flags=self.flags.data or [], notes=self.notes.data or "")


class MoveForm(Form):
    """A new day and time for a planned check-in."""

    day = DateField(_l("New day"), validators=[InputRequired(_l("Choose a day."))])
    at = TimeField(_l("Time (Paris)"), validators=[InputRequired(_l("Choose a time."))])


class CadenceForm(Form):
    """When check-ins fall after a mentor match starts."""

    fixed = StringField(_l("First check-ins, in days after the match starts"),
                        validators=[Length(max=120)],
                        description=_l("Separated by commas, for example 3, 7, 14."))
    repeat = IntegerField(_l("Then a check-in every … days"),
                          validators=[InputRequired(_l("Write a number of days.")),
                                      NumberRange(1, MAX_REPEAT, message=_l(
                                          "Check-ins must repeat every 1 to %(max)s days."))],
                          render_kw={"inputmode": "numeric", "min": 1, "max": MAX_REPEAT})
