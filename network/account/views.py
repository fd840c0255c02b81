"""Settings: language and password."""
from flask import Blueprint, abort, flash, jsonify, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ..actions import flash_refusal
from ..audit.service import record
from ..auth import sessions, twofactor
from ..auth.decorators import login_required, role_required
from ..forms import EmptyForm
from ..pagecache import keep_nowhere
from ..privacy import service as privacy
from . import service
from .forms import (
    EMAIL_KINDS,
    EmailForm,
    ErasureForm,
    LocaleForm,
    PasswordChangeForm,
    TwoFactorForm,
)

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.route("/", methods=["GET"])
@login_required
def settings():
    """Language, email and password forms."""
    return _render(PasswordChangeForm())


def _render(password_form):
    locale_form = LocaleForm(locale=current_user.locale or session.get("locale") or "en")
    off = current_user.email_off
    email_form = _email_form(kinds=[c.value for c in _kinds() if c.value not in off])
    return render_template("account/settings.html", locale_form=locale_form,
                           email_form=email_form, password_form=password_form,
                           erasure_form=ErasureForm(), button=EmptyForm(),
                           erasure_date=(privacy.erasure_date(current_user)
                                         if current_user.erasure_requested_at else None))


def _kinds():
    return [choice for choice in EMAIL_KINDS if service.receives(current_user, choice.value)]


def _email_form(**data):
    form = EmailForm(**data)
    form.kinds.choices = _kinds()
    return form


@bp.route("/email", methods=["POST"])
@login_required
def email():
    """Save which notifications come by email."""
    form = _email_form()
    if form.validate_on_submit():
        service.set_email_kinds(current_user, form.kinds.data or [], [c.value for c in _kinds()])
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
        with flash_refusal():
            user = service.change_password(current_user, form.current.data, form.password.data)
            sessions.start(user)
            login_user(user)
            flash(_("Your password is changed. You were logged out everywhere else."), "success")
            return redirect(url_for("account.settings"))
    return _render(form)


@bp.route("/two-factor", methods=["GET"])
@login_required
def two_factor():
    """Set up two-step login, or see that it is on."""
    if current_user.has_two_factor:
        return render_template("account/two_factor.html", enrolled=True, form=EmptyForm(),
                               may_disable=not twofactor.required(current_user))
    secret = twofactor.setup_secret(current_user)
    return _secret_page(render_template("account/two_factor.html", enrolled=False, secret=secret,
                                        qr=twofactor.qr_svg(current_user, secret),
                                        form=TwoFactorForm()))


@bp.route("/two-factor", methods=["POST"])
@login_required
def two_factor_confirm():
    """Check a first code from the app, then show the recovery codes once."""
    form = TwoFactorForm()
    secret = twofactor.secret_in_setup(current_user)
    if current_user.has_two_factor or not secret or not form.validate_on_submit():
        return redirect(url_for("account.two_factor"))
    codes = twofactor.enrol(current_user, secret, form.code.data)
    if codes is None:
        flash(_("This code is not valid. Check the time on your phone and try the next code."),
              "error")
        return redirect(url_for("account.two_factor"))
    return _secret_page(render_template("account/recovery_codes.html", codes=codes))


def _secret_page(html):
    """A page that shows a secret is kept by no cache, the browser's or ours."""
    return html, keep_nowhere()


@bp.route("/two-factor/disable", methods=["POST"])
@login_required
def two_factor_disable():
    """Mentors may turn two-step login off; organizers may not."""
    if twofactor.required(current_user):
        abort(403)
    if EmptyForm().validate_on_submit():
        twofactor.disable(current_user)
        flash(_("Two-step login is off."), "success")
    return redirect(url_for("account.settings"))


@bp.route("/logout-everywhere", methods=["POST"])
@login_required
def logout_everywhere():
    """End every session of this account, this one included."""
    if EmptyForm().validate_on_submit():
        service.end_all_sessions(current_user)
        logout_user()
        session.clear()
        flash(_("You are logged out on every device."), "success")
        return redirect(url_for("auth.login"))
    return redirect(url_for("account.settings"))


@bp.route("/export.json")
@login_required
def export():
    """Download everything Passage holds about you."""
    record("user.exported", target=current_user._get_current_object())
    response = jsonify(privacy.export(current_user))
    response.headers["Content-Disposition"] = "attachment; filename=passage-my-data.json"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/erase", methods=["POST"])
@role_required("newcomer")
def erase():
    """Ask for your data to be erased, after the grace period or at once."""
    form = ErasureForm()
    if not form.validate_on_submit():
        flash(_("The request could not be processed."), "error")
    elif form.at_once.data:
        privacy.request_erasure(current_user, at_once=True)
        logout_user()
        session.clear()
        flash(_("Your data is erased."), "success")
        return redirect(url_for("main.home"))
    elif privacy.request_erasure(current_user):
        flash(_("Your data will be erased in a few days. Until then you can cancel it in your "
                "settings."), "success")
    return redirect(url_for("account.settings"))


@bp.route("/erase/cancel", methods=["POST"])
@role_required("newcomer")
def erase_cancel():
    """Keep your data after all, within the grace period."""
    if EmptyForm().validate_on_submit() and privacy.cancel_erasure(current_user):
        flash(_("Your data will not be erased."), "success")
    return redirect(url_for("account.settings"))
