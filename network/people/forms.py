"""Forms for vetting volunteers and changing a person's status."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms import (
    BooleanField,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, InputRequired, Length, Optional

from ..core import vocabulary
from ..forms import DateField, Form

STATUS_FILTERS = [SelectChoice("", _l("All")), *vocabulary.choices("status")]


class VettingForm(Form):
    """One vetting step: what was checked and what was decided."""

    interview_done = BooleanField(_l("Interview done"))
    interview_on = DateField(_l("Interview date"), validators=[Optional()])
    references = TextAreaField(_l("References checked"), validators=[Optional(), Length(max=2000)])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])
    # Nothing chosen in advance: the organizer picks the decision deliberately.
    decision = SelectField(_l("Decision"), choices=[SelectChoice("", _l("Choose…"))],
                           validators=[InputRequired(message=_l("Choose a decision."))])

    def offer(self, decisions):
        """Offer these decisions after the empty choice."""
        self.decision.choices = [SelectChoice("", _l("Choose…")),
                                 *vocabulary.choices("decision_choice", decisions)]
        return self


class StatusForm(Form):
    """Suspend or restore an account."""

    status = HiddenField(validators=[AnyOf(("active", "suspended"))])


class FilterForm(Form):
    """Filter a list by status; posted, so that nothing searched for is in a URL."""

    status = SelectField(_l("Status"), choices=STATUS_FILTERS, validators=[Optional()])


class IdentityForm(Form):
    """Real name and legal status, stored encrypted."""

    identity = TextAreaField(_l("Real name and legal status (encrypted)"),
                             validators=[Optional(), Length(max=2000)],
                             description=_l("Write only what the network truly needs. It is "
                                            "never shown without a second organizer's consent."))


class PersonFilterForm(FilterForm):
    """Find people by status, pseudonym and place."""

    search = StringField(_l("Pseudonym"), validators=[Optional(), Length(max=80)])
    place = StringField(_l("City or département"), validators=[Optional(), Length(max=80)])


class VolunteerFilterForm(PersonFilterForm):
    """Find volunteers also by what they offer."""

    kind = SelectField(lazy_pgettext("offer of help", "Offer"),
                       choices=[SelectChoice("", _l("All")), *vocabulary.choices("offer_kind")],
                       validators=[Optional()])


class NewcomerFilterForm(PersonFilterForm):
    """Find newcomers also by need and lead organizer."""

    need = SelectField(_l("Need"), choices=[SelectChoice("", _l("All")),
                                            *vocabulary.choices("need")],
                       validators=[Optional()])
    # Only an organizer offered is accepted: any other number makes the filter invalid.
    lead = SelectField(_l("Lead organizer"), validators=[Optional()])

    def offer(self, organizers):
        """Offer these organizers as leads after "all", told apart by their number."""
        self.lead.choices = [SelectChoice("", _l("All")), *organizer_choices(organizers)]
        return self


def organizer_choices(organizers):
    """Organizers as choices, each with their number: two may share a pseudonym."""
    return [SelectChoice(str(o.id), f"{o.display_name} #{o.id}") for o in organizers]


class LeadForm(Form):
    """Who follows a newcomer among the organizers, or nobody."""

    lead = SelectField(_l("Lead organizer"), validators=[Optional()])

    def offer(self, organizers):
        """Offer these organizers after "nobody"."""
        self.lead.choices = [SelectChoice("", _l("Nobody")), *organizer_choices(organizers)]
        return self
