"""Log in, log out, accept an invitation, sign up, hand out invitations."""
import hashlib
import time

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ..audit.service import record
from ..core import vocabulary
from ..core.access import menu
from ..extensions import limiter, login_manager
from ..forms import EmptyForm
from ..headers import CLEAR_SITE_DATA
from ..help import service as help_service
from ..links import absolute, safe_next
from ..models import Invitation, User
from ..pagecache import same_for_visitors
from . import reset, service, sessions, signup, twofactor
from .decorators import login_required, volunteer_required
from .forms import (
    AcceptInvitationForm,
    ForgotForm,
    InviteForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
    SecondFactorForm,
)

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(key):
    """A session is valid only while its row exists, for an unsuspended user."""
    return sessions.load(key)


@bp.app_context_processor
def _menu():
    # The navigation offers what the route guards let this person reach, decided in one place.
    return {"menu": menu(current_user) if current_user.is_authenticated else None}


def _account_key():
    email = service.normalise_email(request.form.get("email"))
    return "login-account:" + hashlib.sha256(email.encode()).hexdigest()


def _refuse():
    g.login_refused = True


def _refused(response):
    # Only a refused password or code counts toward the lock: an outage (503) locks nobody out.
    return g.get("login_refused", False)


def _fresh_session():
    # A fresh session at each login step, so a planted session cookie cannot be carried over.
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale


def _start_session(user):
    _fresh_session()
    sessions.start(user)
    login_user(user)
    session["login_at"] = session["seen_at"] = time.time()
    service.complete_login(user)


@bp.before_app_request
def enforce_session_rules():
    """Idle and absolute session limits (shorter for organizers), and organizers' 2FA enrolment."""
    if not current_user.is_authenticated:
        return None
    now = time.time()
    config = current_app.config
    strict = current_user.role == "organizer"
    idle = config["SESSION_IDLE_MINUTES_ORGANIZER" if strict else "SESSION_IDLE_MINUTES"] * 60
    limit = config["SESSION_HOURS_ORGANIZER" if strict else "SESSION_HOURS"] * 3600
    if now - session.get("seen_at", 0) > idle or now - session.get("login_at", 0) > limit:
        sessions.end(current_user.session_key)
        logout_user()
        _fresh_session()
        flash(_("Your session has ended. Please log in again."), "info")
        return redirect(url_for("auth.login", next=request.full_path if request.method == "GET"
                                else None))
    # Written at most once a minute: a session cookie signed again on every page costs time.
    if now - session.get("seen_at", 0) > SEEN_AT_STEP:
        session["seen_at"] = now
    if (strict and not current_user.has_two_factor
            and request.endpoint not in ENROLMENT_ALLOWED):
        flash(_("Organizers must set up two-step login first."), "info")
        return redirect(url_for("account.two_factor"))
    return None


SEEN_AT_STEP = 60
ENROLMENT_ALLOWED = {"account.two_factor", "account.two_factor_confirm", "auth.logout",
                     "static", "main.set_language", "main.healthz"}


@bp.get("/login")
@same_for_visitors
def login():
    """The login form; showing it counts against no limit."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    return render_template("auth/login.html", form=LoginForm())


@bp.post("/login")
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_ADDRESS"], deduct_when=_refused)
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_ACCOUNT"], key_func=_account_key,
               deduct_when=_refused)
def login_submit():
    """Log in with email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    # Judged before anything happens: a `next` that cannot be followed is dropped, not failed on.
    target = safe_next(request.args.get("next"))
    form = LoginForm()
    if form.validate_on_submit():
        user = service.authenticate(form.email.data, form.password.data, on_refusal=_refuse)
        if user is not None and user.has_two_factor:
            _fresh_session()
            session["2fa"] = {"key": sessions.start(user, second_factor_due=True),
                              "next": target}
            return redirect(url_for("auth.second_factor"))
        if user is not None:
            _start_session(user)
            return redirect(target or url_for("main.home"))
        flash(_("Email or password is wrong."), "error")
    return render_template("auth/login.html", form=form)


def _pending_user():
    # The limiter's key and the view both need it: one query per request.
    if "pending_user" not in g:
        g.pending_user = sessions.pending((session.get("2fa") or {}).get("key"))
    return g.pending_user


def _pending_key():
    user = _pending_user()
    return f"login-2fa:{user.id if user else None}"


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_ACCOUNT"], methods=["POST"],
               key_func=_pending_key, deduct_when=_refused)
def second_factor():
    """The second step: a code from the authenticator app, or a recovery code."""
    pending = session.get("2fa")
    user = _pending_user()
    if user is None or not user.totp_secret:
        session.pop("2fa", None)
        flash(_("Please log in again."), "info")
        return redirect(url_for("auth.login"))
    form = SecondFactorForm()
    if form.validate_on_submit():
        code = form.code.data.strip()
        if ((twofactor.verify(user, code) or twofactor.use_recovery_code(user, code))
                and sessions.end(pending["key"])):
            _start_session(user)
            return redirect(pending.get("next") or url_for("main.home"))
        _refuse()
        record("login.failure", target=user, actor=None, detail="second_factor")
        flash(_("This code is not valid. Codes change every 30 seconds and work only once."),
              "error")
    return render_template("auth/second_factor.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """End this session."""
    record("logout", target=current_user._get_current_object())
    sessions.end(current_user.session_key)
    logout_user()
    session.clear()
    flash(_("You are logged out."), "info")
    response = redirect(url_for("auth.login"))
    # The phone may be seized: the browser forgets what it kept of this person.
    response.headers["Clear-Site-Data"] = CLEAR_SITE_DATA
    return response


@bp.route("/invite/<token>", methods=["GET", "POST"])
def accept_invitation(token):
    """An invited volunteer asks for the account; the link to create it comes by email."""
    invitation = service.open_invitation(token)
    if invitation is None:
        return render_template("auth/invitation_invalid.html"), 404
    if invitation.role == "newcomer":
        return redirect(url_for("auth.register", code=token))
    form = AcceptInvitationForm()
    if request.method == "GET" and invitation.email:
        form.email.data = invitation.email
    if form.validate_on_submit():
        try:
            signup.request_signup(
                form.email.data, form.display_name.data, form.password.data,
                role=invitation.role, locale=str(get_locale()),
                invitation=service.volunteer_invitation(token, form.email.data),
            )
        except service.ServiceError as exc:
            flash(str(exc), "error")
        else:
            return _link_sent(form.email.data)
    return render_template("auth/accept_invitation.html", form=form,
                           role=vocabulary.label("role", invitation.role))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
@same_for_visitors
def register():
    """A newcomer asks for help; the link that creates the account comes by email."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = RegisterForm()
    if request.method == "GET":
        form.referral_code.data = request.args.get("code", "")[:64]
    if form.validate_on_submit():
        try:
            signup.request_signup(
                form.email.data, form.display_name.data, form.password.data,
                locale=str(get_locale()),
                invitation=service.referral(form.referral_code.data),
                profile=dict(city=(form.city.data or "").strip(), languages=form.languages.data,
                             needs=form.needs.data, notes=(form.notes.data or "").strip(),
                             contact_channel=form.contact_channel.data,
                             contact=form.contact.data.strip()),
            )
        except service.ServiceError as exc:
            flash(str(exc), "error")
        else:
            return _link_sent(form.email.data)
    return render_template("auth/register.html", form=form)


def _link_sent(email):
    # The one answer for a new address, an existing one and a lookalike alike.
    return render_template("auth/signup_sent.html", address=service.normalise_email(email))


@bp.route("/register/confirm/<token>", methods=["GET", "POST"])
def confirm_signup(token):
    """The emailed link: a button creates the account, so a mail scanner's visit creates none."""
    if signup.open_signup(token) is None:
        return render_template("auth/signup_invalid.html"), 404
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            user = signup.confirm_signup(token)
        except service.ServiceError:
            return render_template("auth/signup_invalid.html"), 404
        _start_session(user)
        if user.role == "newcomer":
            # Housing and language need details a sign-up form does not ask: their forms follow,
            # and until they are sent only what was opened is said to be registered.
            session["to_ask"] = help_service.needs_to_ask(user)
            opened = [kind for kind in help_service.profile_of(user).needs
                      if kind not in session["to_ask"]]
            flash(_("Thank you. Your request is registered: %(needs)s. An organizer will "
                    "contact you soon.", needs=vocabulary.labels("need", opened)) if opened
                  else _("Thank you. Your account is created; an organizer will contact you "
                         "soon."), "success")
            if session["to_ask"]:
                return redirect(url_for("help.new_request", kind=session["to_ask"].pop(0)))
        else:
            flash(_("Welcome! An organizer will contact you for a short interview."), "success")
        return redirect(url_for("main.home"))
    return render_template("auth/confirm_signup.html", form=form)


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["FORGOT_LIMIT_ADDRESS"], methods=["POST"])
@limiter.limit(lambda: current_app.config["FORGOT_LIMIT_ACCOUNT"], methods=["POST"],
               key_func=lambda: "forgot-" + _account_key())
@same_for_visitors
def forgot():
    """Ask for a link to choose a new password; the answer never tells who has an account."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = ForgotForm()
    if form.validate_on_submit():
        reset.request_reset(form.email.data)
        return render_template("auth/forgot_sent.html",
                               address=service.normalise_email(form.email.data))
    return render_template("auth/forgot.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    """The link: a new password, then every session of the account is over."""
    if reset.open_reset(token) is None:
        return render_template("auth/reset_invalid.html"), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            reset.reset_password(token, form.password.data)
        except service.ServiceError:
            return render_template("auth/reset_invalid.html"), 404
        _fresh_session()
        logout_user()
        flash(_("Your password is changed. Log in with it."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)


@bp.route("/invitations", methods=["GET", "POST"])
@volunteer_required
def invitations():
    """Create invitation links and see the ones you made."""
    roles = service.invitable_roles(current_user)
    form = InviteForm()
    role_choices = vocabulary.choices("role", roles)
    form.role.choices = role_choices
    link = None
    if form.validate_on_submit():
        try:
            invitation, token = service.create_invitation(
                current_user, form.role.data, form.email.data, form.label.data or "")
        except service.ServiceError as exc:
            flash(str(exc), "error")
        else:
            link = absolute(url_for("auth.accept_invitation", token=token))
            form = InviteForm(formdata=None)
            form.role.choices = role_choices
    query = (Invitation.select(Invitation, User)
             .join(User, on=(Invitation.created_by == User.id))
             .order_by(Invitation.created_at.desc()).limit(100))
    if not current_user.is_organizer:
        query = query.where(Invitation.created_by == current_user.id)
    return render_template("auth/invitations.html", form=form, link=link,
                           invitations=query, revoke_form=EmptyForm())


@bp.route("/invitations/<int:invitation_id>/revoke", methods=["POST"])
@volunteer_required
def revoke_invitation(invitation_id):
    """Revoke an invitation that has not been used."""
    invitation = Invitation.get_or_none(Invitation.id == invitation_id)
    if invitation is None or not (current_user.is_organizer
                                  or invitation.created_by_id == current_user.id):
        abort(404)
    if EmptyForm().validate_on_submit() and service.revoke_invitation(invitation, current_user):
        flash(_("The invitation is revoked."), "success")
    else:
        flash(_("This invitation can no longer be revoked."), "error")
    return redirect(url_for("auth.invitations"))
