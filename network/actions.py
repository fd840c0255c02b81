"""Small pieces every blueprint's views share."""
import contextlib

from flask import flash, request
from flask_babel import gettext as _

from .auth.service import ServiceError
from .forms import EmptyForm


def page_number():
    """The page asked for in the query string, 1 at least."""
    return max(request.args.get("page", 1, type=int), 1)


@contextlib.contextmanager
def flash_refusal():
    """A service's refusal (ServiceError) raised inside becomes an error message on the page."""
    try:
        yield
    except ServiceError as exc:
        flash(str(exc), "error")


def button_action(action, done_message):
    """Run a POST-only action behind its CSRF check and say how it went."""
    if not EmptyForm().validate_on_submit():
        flash(_("The request could not be processed."), "error")
        return
    with flash_refusal():
        action()
        flash(done_message, "success")
