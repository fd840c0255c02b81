"""Settings: language and password."""
from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from ..auth.decorators import login_required
from ..auth.service import ServiceError
from . import service
from .forms import EMAIL_KINDS, EmailForm, LocaleForm, PasswordChangeForm

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.route("/", methods=["GET"])
@login_required
def settings():
    """Language, email and password forms."""
    return _render(PasswordChangeForm())


def _render(password_form):
    locale_form = LocaleForm(locale=current_user.locale or session.get("locale") or "en")
    off = current_user.email_off.split(",")
    email_form = EmailForm(kinds=[c.value for c in EMAIL_KINDS if c.value not in off])
    return render_template("account/settings.html", locale_form=locale_form,
                           email_form=email_form, password_form=password_form)


@bp.route("/email", methods=["POST"])
@login_required
def email():
    """Save which notifications come by email."""
    form = EmailForm()
    if form.validate_on_submit():
        service.set_email_kinds(current_user, form.kinds.data or [], [c.value for c in EMAIL_KINDS])
        flash(_("Your email choices are saved."), "success")
    return redirect(url_for("account.settings"))


@bp.route("/locale", methods=["POST"])
@login_required
def locale():
    """Save the language."""
    form = LocaleForm()
    if form.validate_on_submit():
        service.set_locale(current_user, form.locale.data)
        session["locale"] = form.locale.data
        flash(_("Your language is saved."), "success")
    return redirect(url_for("account.settings"))


@bp.route("/password", methods=["POST"])
@login_required
def password():
    """Change the password; other sessions end, this one goes on."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            user = service.change_password(current_user, form.current.data, form.password.data)
        except ServiceError as exc:
            flash(str(exc), "error")
        else:
            login_user(user)
            flash(_("Your password is changed. You were logged out everywhere else."), "success")
            return redirect(url_for("account.settings"))
    return _render(form)
