"""The forms of a case page: a note, an answer to the reporter and an outcome."""
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, TextAreaField
from wtforms.validators import InputRequired, Length

from ..core.vocabulary import choices
from ..forms import Form
from .service import NOTE_MAX


class NoteForm(Form):
    """A note added to the case's private notes."""

    text = TextAreaField(_l("New note"), validators=[
        InputRequired(message=_l("Write the note first.")),
        Length(max=NOTE_MAX, message=_l("This note is too long."))])


class AnswerForm(Form):
    """An answer the person who reported the case reads in Passage."""

    text = TextAreaField(_l("Answer to the person who reported it"), validators=[
        InputRequired(message=_l("Write the answer first.")),
        Length(max=NOTE_MAX, message=_l("This answer is too long."))])


class CloseForm(Form):
    """How the case ended."""

    outcome = SelectField(_l("Outcome"), choices=choices("case_outcome"),
                          validators=[InputRequired(message=_l("Choose an outcome."))])
