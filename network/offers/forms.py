"""Forms of a volunteer's profile and of the three kinds of offer."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from ..auth.forms import CHANNEL_CHOICES, CheckboxListField
from ..core import vocabulary
from ..core.contacts import CONTACT_MAX, check_contact
from ..forms import DateField, Form, PlaceField
from ..models import utcnow
from ..timeutil import paris_date
from .service import BIO_MAX, FIELDS, MAX_BEDS, MAX_CAPACITY

HOUSEHOLD_CHOICES = vocabulary.choices("host_household")
GUEST_CHOICES = vocabulary.choices("guest_gender")


def _city(description=_l("Leave empty to use the city of your profile."), required=False):
    return PlaceField(_l("City"), required=required, description=description)


def _capacity(kind):
    top = MAX_CAPACITY[kind]
    return IntegerField(_l("How many newcomers at once?"), default=1,
                        validators=[InputRequired(), NumberRange(1, top)],
                        render_kw={"inputmode": "numeric", "min": 1, "max": top})


class VolunteerProfileForm(Form):
    """Languages, city, how matched newcomers reach the volunteer, a short bio."""

    languages = CheckboxListField(_l("Languages you speak"),
                                  choices=vocabulary.choices("language"))
    city = PlaceField(_l("City where you live"))
    # Checked per channel as a newcomer's is: free text such as "ask at the group" reaches nobody.
    contact_channel = SelectField(_l("How can newcomers matched with you reach you?"),
                                  choices=CHANNEL_CHOICES, validators=[Optional()],
                                  description=_l("Without it you cannot accept a match."))
    contact = StringField(_l("Your number, username or email on it"),
                          validators=[Optional(), Length(max=CONTACT_MAX)],
                          description=_l("Shown only to the newcomers matched with you, once "
                                         "you have accepted."),
                          render_kw={"autocomplete": "off"})
    bio = TextAreaField(_l("A few words about you"), validators=[Optional(), Length(max=BIO_MAX)])

    def validate_languages(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one language you speak."))

    def validate_contact(self, field):
        problem = check_contact(self.contact_channel.data, field.data)
        if problem:
            raise ValidationError(problem)

    def values(self):
        """Keyword arguments for offers.service.save_profile."""
        return {name: f.data for name, f in self._fields.items() if name != "csrf_token"}


class OfferForm(Form):
    """What every offer form gives the service."""

    kind = None

    def values(self):
        """Keyword arguments for offers.service.create_offer and update_offer."""
        return {name: f.data for name, f in self._fields.items() if name in FIELDS[self.kind]}

    def load(self, offer):
        """Fill the form from a stored offer."""
        for name in FIELDS[self.kind]:
            value = getattr(offer, name)
            self[name].data = list(value) if isinstance(value, tuple) else value


class _WhereForm(OfferForm):
    """An offer given in person, online or both."""

    def validate_online(self, field):
        if not (field.data or self.in_person.data):
            raise ValidationError(_l("Choose in person, online, or both."))


class MentorOfferForm(_WhereForm):
    """Mentoring: how many newcomers at once, where, when."""

    kind = "mentor"
    capacity = _capacity("mentor")
    in_person = BooleanField(_l("I can meet in person"), default=True)
    online = BooleanField(_l("I can help online (video or phone)"))
    city = _city()
    availability = StringField(_l("When are you available?"),
                               validators=[Optional(), Length(max=200)],
                               description=_l("For example: weekday evenings, Saturdays."))


class HousingOfferForm(OfferForm):
    """A bed: how many, when, where, and who the household takes in."""

    kind = "housing"
    beds = IntegerField(_l("How many beds?"), default=1,
                        validators=[InputRequired(), NumberRange(1, MAX_BEDS)],
                        render_kw={"inputmode": "numeric", "min": 1, "max": MAX_BEDS})
    available_from = DateField(_l("Available from"), validators=[InputRequired()])
    available_until = DateField(_l("Available until (optional)"), validators=[Optional()],
                                description=_l("The day the guest must have left. Leave empty "
                                               "if there is no end date."))
    city = _city(description=_l("Only the city here; the address goes below."), required=True)
    address = TextAreaField(_l("Exact address"), validators=[InputRequired(), Length(max=300)],
                            description=_l("Stored encrypted. Shown only to a guest you have "
                                           "accepted, never to other volunteers."),
                            render_kw={"rows": 3, "autocomplete": "street-address"})
    household = SelectField(_l("Who lives in the household?"), choices=HOUSEHOLD_CHOICES)
    accepts = CheckboxListField(_l("Whom can you host?"), choices=GUEST_CHOICES,
                                description=_l("Leave all unticked if anyone is welcome."))
    pets_ok = BooleanField(_l("Pets are welcome"))
    smoking_ok = BooleanField(_l("Smoking is allowed"))
    accessible = BooleanField(_l("Step-free access (wheelchair)"))
    house_rules = TextAreaField(_l("House rules"), validators=[Optional(), Length(max=2000)],
                                description=_l("Shown to the guest with the address, once you "
                                               "have accepted."))
    # The stored first night of the offer being changed: a stay already begun may keep it.
    kept_from = None

    def validate_available_from(self, field):
        if field.data and field.data != self.kept_from and field.data < paris_date(utcnow()):
            raise ValidationError(_l("The first night cannot be in the past."))

    def validate_available_until(self, field):
        if field.data and self.available_from.data and field.data < self.available_from.data:
            raise ValidationError(_l("The last day must be on or after the first night."))


class LanguageOfferForm(_WhereForm):
    """Language lessons: which language, to which levels, where, how many learners."""

    kind = "language"
    teaches = SelectField(_l("Which language do you teach?"), default="fr",
                          choices=vocabulary.choices("language"))
    levels = CheckboxListField(_l("Learners of which levels?"),
                               choices=vocabulary.choices("level"))
    capacity = _capacity("language")
    in_person = BooleanField(_l("I can teach in person"), default=True)
    online = BooleanField(_l("I can teach online"))
    city = _city()
    availability = StringField(_l("When are you available?"),
                               validators=[Optional(), Length(max=200)])

    def validate_levels(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one level you can teach."))


OFFER_FORMS = {form.kind: form for form in (MentorOfferForm, HousingOfferForm, LanguageOfferForm)}
