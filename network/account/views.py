"""Settings: language and password."""
from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from ..auth.decorators import login_required
from ..auth.service import ServiceError
from . import service
from .forms import LocaleForm, PasswordChangeForm

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.route("/", methods=["GET"])
@login_required
def settings():
    """Language and password forms."""
    locale_form = LocaleForm(locale=current_user.locale or session.get("locale") or "en")
    return render_template("account/settings.html", locale_form=locale_form,
                           password_form=PasswordChangeForm())


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
    locale_form = LocaleForm(locale=current_user.locale or "en")
    return render_template("account/settings.html", locale_form=locale_form, password_form=form)
