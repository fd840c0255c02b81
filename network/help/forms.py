"""Forms of a newcomer's profile and of the three kinds of help request."""
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from ..core import vocabulary
from ..core.codes import LANGUAGES
from ..core.contacts import check_contact
from ..forms import DateField, Form, PlaceField
from ..models import utcnow
from ..timeutil import paris_date
from .service import HOUSING_AHEAD_DAYS, NOTE_MAX

SPOKEN_CHOICES = vocabulary.choices("spoken_level")
HOUSEHOLD_CHOICES = vocabulary.choices("newcomer_household")
GENDER_CHOICES = vocabulary.choices("gender")
HOST_PREF_CHOICES = vocabulary.choices("host_pref")
CHANNEL_CHOICES = [SelectChoice("", _l("Choose…")), *vocabulary.choices("channel")]
URGENCY_CHOICES = vocabulary.choices("urgency_choice")
EMERGENCY = _l("With nowhere to sleep tonight, call 115: emergency shelter, free, day and night.")


def _today():
    return paris_date(utcnow())


class NewcomerProfileForm(Form):
    """What a newcomer tells the network about themself; never a street address."""

    city = PlaceField(_l("City where you are now"),
                      description=_l("Only the city: never a street address."))
    arrival_date = DateField(_l("When did you arrive in France? (optional)"),
                             validators=[Optional()])
    household = SelectField(_l("Who is with you?"), choices=HOUSEHOLD_CHOICES)
    gender = SelectField(_l("You are"), choices=GENDER_CHOICES,
                         description=_l("Not saying is fine: then only hosts who welcome "
                                        "anyone are proposed to you."))
    host_pref = SelectField(_l("If you need housing, you would rather stay with"),
                            choices=HOST_PREF_CHOICES)
    pets = BooleanField(_l("I have a pet with me"))
    smokes = BooleanField(_l("I smoke"))
    needs_access = BooleanField(_l("I need a step-free, accessible place"))
    contact_channel = SelectField(_l("How can your volunteers reach you?"),
                                  choices=CHANNEL_CHOICES, validators=[Optional()])
    contact = StringField(_l("Your number, username or email on it"),
                          validators=[Optional(), Length(max=120)],
                          description=_l("Seen only by the organizers and by the volunteers "
                                         "matched with you."),
                          render_kw={"autocomplete": "off"})
    notes = TextAreaField(_l("Anything else we should know (optional)"),
                          validators=[Optional(), Length(max=2000)])

    def language_fields(self):
        """One level select per language, in the order of LANGUAGES."""
        return [self[f"lang_{code}"] for code in LANGUAGES]

    def validate_contact(self, field):
        problem = check_contact(self.contact_channel.data, field.data)
        if problem:
            raise ValidationError(problem)

    def validate_arrival_date(self, field):
        if field.data and field.data > _today():
            raise ValidationError(_l("The arrival date cannot be in the future."))

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        # Said with the other fields' errors, not in a second round after they are fixed.
        if not any(f.data for f in self.language_fields()):
            self.language_fields()[0].errors.append(_l("Choose at least one language you speak."))
            return False
        return ok

    def load(self, profile, languages):
        """Fill the form from a stored profile."""
        self.process(obj=profile)
        for code, level in languages.items():
            if code in LANGUAGES:
                self[f"lang_{code}"].data = level

    def values(self):
        """Keyword arguments for help.service.save_profile."""
        data = {name: f.data for name, f in self._fields.items()
                if name != "csrf_token" and not name.startswith("lang_")}
        data["languages"] = {code: self[f"lang_{code}"].data for code in LANGUAGES}
        return data


for _code in LANGUAGES:
    setattr(NewcomerProfileForm, f"lang_{_code}",
            SelectField(vocabulary.LABELS["language"][_code], choices=SPOKEN_CHOICES,
                        validators=[Optional()]))


class RequestForm(Form):
    """Fields every kind of request has."""

    # Consent before the words are written: the proposed volunteer reads them too.
    note = TextAreaField(_l("A note for the organizers and your volunteer (optional)"),
                         validators=[Optional(), Length(max=NOTE_MAX)],
                         description=_l("The organizers read it, and so does the volunteer "
                                        "asked to help you, before answering. Write no "
                                        "address here."))

    def values(self):
        """Keyword arguments for help.service.create_request."""
        return {name: f.data for name, f in self._fields.items() if name != "csrf_token"}


class MentorRequestForm(RequestForm):
    """A mentor: someone who helps with the procedure and daily life."""

    online_ok = BooleanField(_l("Meeting online (video or phone) is fine for me"))


class HousingRequestForm(RequestForm):
    """A place to sleep: from when, how long, for how many people."""

    # No answer is chosen for the person: a default would say "tonight" for people who never did.
    urgency = SelectField(_l("How urgent is it?"),
                          choices=[SelectChoice("", _l("Choose…")), *URGENCY_CHOICES],
                          validators=[InputRequired(_l("Choose how urgent it is."))],
                          description=EMERGENCY)
    start = DateField(_l("From which night?"), default=_today,
                      validators=[InputRequired(_l("Choose the first night you need a place."))])
    nights = IntegerField(_l("For how many nights?"), default=7,
                          validators=[InputRequired(), NumberRange(1, 365)],
                          render_kw={"inputmode": "numeric", "min": 1, "max": 365})
    people = IntegerField(_l("How many people, you included?"), default=1,
                          validators=[InputRequired(), NumberRange(1, 12)],
                          render_kw={"inputmode": "numeric", "min": 1, "max": 12})

    def validate_start(self, field):
        if field.data is None:
            return
        if field.data < _today():
            raise ValidationError(_l("The first night cannot be in the past."))
        if field.data > _today() + timedelta(days=HOUSING_AHEAD_DAYS):
            raise ValidationError(_l("Ask for housing at most one year ahead."))


class LanguageRequestForm(RequestForm):
    """Lessons in a language."""

    wants = SelectField(_l("Which language do you want to learn?"), default="fr",
                        choices=vocabulary.choices("language"))
    level = SelectField(_l("Your level in it now"), default="a0",
                        choices=vocabulary.choices("level"))
    online_ok = BooleanField(_l("Lessons online are fine for me"))


REQUEST_FORMS = {
    "mentor": MentorRequestForm,
    "housing": HousingRequestForm,
    "language": LanguageRequestForm,
}
