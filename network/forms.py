"""Forms shared by every feature."""
import functools

from babel.support import Translations
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField as _DateField
from wtforms import PasswordField, SelectChoice, StringField
from wtforms.csrf.core import CSRFTokenField
from wtforms.i18n import messages_path
from wtforms.validators import EqualTo, InputRequired, Length, StopValidation, ValidationError
from wtforms.widgets import HiddenInput

from .bounds import DATE_MAX, DATE_MIN
from .core.errors import ServiceError
from .places.fields import place_columns


def choices(pairs):
    """(value, label) pairs as WTForms select choices."""
    return [SelectChoice(value, label) for value, label in pairs]


class _TokenInput(HiddenInput):
    """The CSRF token without an id: a page with several forms would repeat the same id."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", False)
        return super().__call__(field, **kwargs)


CSRFTokenField.widget = _TokenInput()


@functools.cache
def _wtforms_messages(locale):
    return Translations.load(messages_path(), [locale], domain="wtforms")


class Form(FlaskForm):
    """Every form of Passage: WTForms' own messages speak the reader's language."""

    class Meta:
        def get_translations(self, form):
            # Flask-WTF reads this catalog from disk for every request (0.2 ms); it never changes.
            return _wtforms_messages(str(get_locale()))

        def render_field(self, field, render_kw):
            # A browser cuts typed or pasted text at `maxlength` without a word, and WTForms
            # writes one from every Length(max=N): the server refuses a long text instead, with
            # the text kept in the field.
            return super().render_field(field, {**render_kw, "maxlength": False})


class EmptyForm(Form):
    """A POST-only button: carries nothing but the CSRF token."""

    @functools.cached_property
    def _token_input(self):
        return super().hidden_tag()

    def hidden_tag(self, *fields):
        """The token input, rendered once however many buttons a page lists."""
        return super().hidden_tag(*fields) if fields else self._token_input


class DateField(_DateField):
    """A day of the calendar the network lives in: past its bounds it is not a valid date."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and not DATE_MIN <= self.data <= DATE_MAX:
            self.data = None
            raise ValueError(_l("Enter a date between the years %(first)s and %(last)s.",
                                first=DATE_MIN.year, last=DATE_MAX.year))


def email_address(form, field):
    """A well-formed address; it is a login name, so special-use domains such as .test pass."""
    try:
        validate_email(field.data or "", check_deliverability=False, test_environment=True)
    except EmailNotValidError:
        raise ValidationError(_l("Enter a valid email address.")) from None


def validate_password_strength(form, field):
    """Long enough, and not just the email or name again."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    # Ten spaces are not a password: only what is not blank counts towards the length.
    if len((field.data or "").strip()) < minimum:
        raise ValidationError(_l("Use at least %(n)s characters.", n=minimum))
    email = getattr(form, "email", None)
    if email is not None and (field.data or "").lower() == (email.data or "").lower():
        raise ValidationError(_l("The password must not be your email address."))


class NewPasswordMixin:
    """A new password typed twice."""

    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(), Length(max=256), validate_password_strength],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[InputRequired(),
                    EqualTo("password", message=_l("The passwords do not match."))],
        render_kw={"autocomplete": "new-password"},
    )


class PlaceField(StringField):
    """A commune typed as text, matched on the server; where scripts run, names are suggested."""

    def __init__(self, label, required=True, **kwargs):
        kwargs.setdefault("render_kw", {"autocomplete": "off", "data-places": ""})
        super().__init__(label, **kwargs)
        self.required = required

    def pre_validate(self, form):
        self.data = (self.data or "").strip()
        try:
            place_columns(self.data, required=self.required)
        except ServiceError as problem:
            raise StopValidation(str(problem)) from problem
