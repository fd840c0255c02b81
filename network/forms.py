"""Forms shared by every feature."""
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectChoice
from wtforms.validators import EqualTo, InputRequired, Length, ValidationError


def choices(pairs):
    """(value, label) pairs as WTForms select choices."""
    return [SelectChoice(value, label) for value, label in pairs]


class EmptyForm(FlaskForm):
    """A POST-only button: carries nothing but the CSRF token."""


def email_address(form, field):
    """A well-formed address; it is a login name, so special-use domains such as .test pass."""
    try:
        validate_email(field.data or "", check_deliverability=False, test_environment=True)
    except EmailNotValidError:
        raise ValidationError(_l("Enter a valid email address.")) from None


def validate_password_strength(form, field):
    """Long enough, and not just the email or name again."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(field.data or "") < minimum:
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
        validators=[InputRequired(), EqualTo("password", message=_l("The passwords do not match."))],
        render_kw={"autocomplete": "new-password"},
    )
