"""Forms for logging in, accepting an invitation and signing up."""
from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..core import vocabulary
from ..core.contacts import CONTACT_MAX, check_contact
from ..core.errors import ServiceError
from ..forms import Form, NewPasswordMixin, PlaceField, email_address
from .service import normalise_email, referral
from .signup import check_address, check_display_name

LANGUAGE_CHOICES = vocabulary.choices("language")
NEED_CHOICES = vocabulary.choices("need")
CHANNEL_CHOICES = [SelectChoice("", _l("Choose…")), *vocabulary.choices("channel")]


class CheckboxListField(SelectMultipleField):
    """Several choices as a list of checkboxes, which works on a phone and with a screen reader."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _email_field():
    return EmailField(
        _l("Email"),
        validators=[InputRequired(), Length(max=254), email_address],
        render_kw={"autocomplete": "email"},
    )


def _name_field():
    return StringField(
        _l("Name or pseudonym"),
        # Spaces alone are no name: stripped first, "   " is too short.
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[InputRequired(), Length(min=2, max=80)],
        description=_l("Any name you like; it does not need to be your real name."),
        render_kw={"autocomplete": "nickname"},
    )


class LoginForm(Form):
    """Email and password."""

    email = EmailField(_l("Email"), validators=[InputRequired(), Length(max=254)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=256)],
                             render_kw={"autocomplete": "current-password"})


class ForgotForm(Form):
    """The address a link to choose a new password is sent to."""

    email = _email_field()


class ResetPasswordForm(NewPasswordMixin, Form):
    """A new password typed twice, from a reset link."""


def _refused(check, value):
    """A service rule on one field, said as that field's error."""
    try:
        check(value)
    except ServiceError as problem:
        raise ValidationError(str(problem)) from problem


class SignupChecks:
    """The sign-up rules on the address and the name, said with the other fields' errors."""

    def validate_email(self, field):
        _refused(check_address, normalise_email(field.data))

    def validate_display_name(self, field):
        _refused(check_display_name, field.data)


class AcceptInvitationForm(SignupChecks, NewPasswordMixin, Form):
    """The invited volunteer chooses a name and a password."""

    email = _email_field()
    display_name = _name_field()


class RegisterForm(SignupChecks, NewPasswordMixin, Form):
    """A newcomer asks for help: a pseudonym, a way to log in, and what they need."""

    display_name = _name_field()
    email = _email_field()
    city = PlaceField(_l("City where you are now"), required=False,
                      description=_l("Only the city: never a street address."))
    languages = CheckboxListField(_l("Languages you speak"), choices=LANGUAGE_CHOICES)
    needs = CheckboxListField(_l("What do you need?"), choices=NEED_CHOICES)
    # Asked here because a volunteer who accepts must be able to reach the person at once.
    contact_channel = SelectField(_l("How can your volunteers reach you?"),
                                  choices=CHANNEL_CHOICES, validators=[InputRequired()])
    contact = StringField(_l("Your number, username or email on it"),
                          validators=[InputRequired(), Length(max=CONTACT_MAX)],
                          description=_l("Seen only by the organizers and by the volunteers "
                                         "matched with you."),
                          render_kw={"autocomplete": "off"})
    notes = TextAreaField(_l("Anything else we should know (optional)"),
                          validators=[Optional(), Length(max=2000)])
    referral_code = StringField(_l("Referral code from a volunteer (optional)"),
                                validators=[Optional(), Length(max=64)])

    def validate_contact(self, field):
        problem = check_contact(self.contact_channel.data, field.data)
        if problem:
            raise ValidationError(problem)

    def validate_referral_code(self, field):
        _refused(referral, field.data)


class InviteForm(Form):
    """An organizer or mentor creates an invitation link."""

    role = SelectField(_l("Invite as"), validators=[InputRequired()])
    email = EmailField(
        _l("Email of the person (optional)"),
        validators=[Optional(), Length(max=254), email_address],
        description=_l("If given, only this address can use the link."),
    )
    label = StringField(_l("Note for yourself"), validators=[Optional(), Length(max=120)],
                        description=_l("For example: met at the Saturday group."))


class SecondFactorForm(Form):
    """The six digits from the authenticator app, or a recovery code."""

    code = StringField(_l("Code"), validators=[InputRequired(), Length(max=32)],
                       description=_l("The 6 digits shown in your authenticator app, "
                                      "or one of your recovery codes."),
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"})
