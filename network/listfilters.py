"""The organizers' list filters, kept on their login session: a pseudonym or a place searched
for never travels in a URL, where server logs, the browser's history and a shared link keep it.

The filter form posts; the list's own links carry only a page number.
"""
from flask import redirect, request, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from .auth import sessions
from .forms import EmptyForm


def filter_form(name, form_class, prepare=lambda form: form):
    """The list's filter form and, after a valid post, the redirect to its first page.

    A post keeps the form's values, or forgets them all with its "clear" button; a GET fills
    the form from what is kept. Either way the form is validated, so its errors show.
    """
    if request.method == "POST":
        if "clear" in request.form and EmptyForm().validate_on_submit():
            sessions.keep_filters(current_user, name, {})
            return None, redirect(url_for(request.endpoint), 303)
        form = prepare(form_class())
        if form.validate_on_submit():
            sessions.keep_filters(current_user, name, {
                field.name: request.form.get(field.name, "") for field in form
                if field.name != "csrf_token"})
            return form, redirect(url_for(request.endpoint), 303)
        return form, None
    form = prepare(form_class(formdata=MultiDict(sessions.kept_filters(current_user, name)),
                              meta={"csrf": False}))
    form.validate()
    return form, None
