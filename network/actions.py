"""Small pieces every blueprint's views share."""
import contextlib

from flask import flash
from flask_babel import gettext as _

from .core.errors import ServiceError
from .forms import EmptyForm
from .inputs import int_arg


def page_number():
    """The page asked for in the query string, 1 at least."""
    return int_arg("page")


@contextlib.contextmanager
def flash_refusal(category="error"):
    """A service's refusal (ServiceError) raised inside becomes a message on the page."""
    try:
        yield
    except ServiceError as exc:
        flash(str(exc), category)


@contextlib.contextmanager
def field_refusal(field):
    """A service's refusal raised inside becomes an error under this form field."""
    try:
        yield
    except ServiceError as exc:
        field.errors.append(str(exc))


def button_action(action, done_message, refusal="error"):
    """Run a POST-only action behind its CSRF check and say how it went.

    `done_message` is a message, or a function of what the action returned that gives one.
    """
    if not EmptyForm().validate_on_submit():
        flash(_("The request could not be processed."), "error")
        return
    with flash_refusal(refusal):
        done = action()
        flash(done_message(done) if callable(done_message) else done_message, "success")
