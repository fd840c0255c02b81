"""Every request's form and query values, cleaned of control characters before anyone reads them."""
import re

from flask import Request, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.utils import cached_property

from .bounds import PAGE_MAX

# NUL and the other C0/C1 controls (but tab, newline, return) break PostgreSQL text and
# terminals, and no person types them.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean(value):
    """The text without control characters."""
    return CONTROL.sub("", value) if isinstance(value, str) else value


def _cleaned(multidict):
    return ImmutableMultiDict([(clean(k), clean(v)) for k, v in multidict.items(multi=True)])


class CleanRequest(Request):
    """The app's request class: what views and forms see is already clean."""

    def _load_form_data(self):
        super()._load_form_data()
        self.form = _cleaned(self.form)

    @cached_property
    def args(self):
        return _cleaned(super().args)


def int_arg(name, default=1, low=1, high=PAGE_MAX):
    """An integer of the query string, clamped to [low, high]; the default if missing or not one."""
    value = request.args.get(name, default, type=int)
    return min(max(value, low), high)
