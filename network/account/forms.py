"""Settings forms."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import InputRequired, Length

from ..auth.forms import CheckboxListField
from ..core import vocabulary
from ..forms import Form, NewPasswordMixin
from ..i18n import LOCALE_NAMES


class LocaleForm(Form):
    """The language Passage speaks to you in."""

    locale = SelectField(
        _l("Language"),
        choices=[SelectChoice(code, name, render_kw={"lang": code})
                 for code, name in LOCALE_NAMES.items()],
        validators=[InputRequired()],
    )


class PasswordChangeForm(NewPasswordMixin, Form):
    """The current password, then the new one twice."""

    current = PasswordField(_l("Current password"), validators=[InputRequired(), Length(max=256)],
                            render_kw={"autocomplete": "current-password"})


EMAIL_KINDS = vocabulary.choices("notification_kind")


class EmailForm(Form):
    """Which notifications also arrive by email (they always stay in the inbox)."""

    kinds = CheckboxListField(_l("Send me an email for"), choices=EMAIL_KINDS)


class TwoFactorForm(Form):
    """Confirm the authenticator app with one of its codes."""

    code = StringField(_l("Code from the app"), validators=[InputRequired(), Length(max=16)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"})


class ErasureForm(Form):
    """Asking to be forgotten, after the grace period or at once."""

    at_once = BooleanField(_l("Erase at once, without the days to change my mind (for my "
                              "safety)"))
