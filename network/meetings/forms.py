"""Forms to create and change meetings, filter them and record who came."""
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from ..auth.forms import CheckboxListField
from ..core import vocabulary
from ..core.errors import ServiceError
from ..forms import DateField, Form, PlaceField, choices
from ..models import MAX_MEETING_CAPACITY
from ..places import catalog
from ..timeutil import paris_time
from .attendance import MAX_ATTENDED
from .series import (
    DESCRIPTION_MAX,
    LINK_MAX,
    PLACE_MAX,
    TITLE_MAX,
    MeetingInput,
    OccurrenceInput,
    facilitator_named,
)

IN_A_COMMUNE, ONLINE = "commune", "online"


def _title(label, required=True):
    return StringField(label, validators=[
        InputRequired(_l("Give the meeting a title.")) if required else Optional(),
        Length(max=TITLE_MAX, message=_l("The title is too long: at most %(max)d characters."))])


def _place():
    return TextAreaField(_l("Address"), validators=[Optional(), Length(
        max=PLACE_MAX, message=_l("The address is too long: at most %(max)d characters."))],
        description=_l("Shown only to people with a seat, to the facilitator and to the "
                       "organizers."))


def _day(label):
    return DateField(label, validators=[InputRequired(_l("Choose the day."))])


def _starts():
    return TimeField(_l("Starts at (Paris time)"),
                     validators=[InputRequired(_l("Choose when it starts."))])


class MeetingForm(Form):
    """A meeting, or a series of them."""

    title = _title(_l("Title"))
    description = TextAreaField(_l("What is it about?"), validators=[Optional(), Length(
        max=DESCRIPTION_MAX,
        message=_l("The description is too long: at most %(max)d characters."))],
        description=_l("Seen by everyone who can register. Do not write the address here."))
    language = SelectField(_l("Language spoken"), choices=vocabulary.choices("language"),
                           validators=[InputRequired()])
    day = _day(_l("Day (of the first meeting)"))
    starts = _starts()
    ends = TimeField(_l("Ends at (Paris time)"),
                     validators=[InputRequired(_l("Choose when it ends."))])
    where = RadioField(_l("In person or online?"), default=IN_A_COMMUNE, choices=choices([
        (IN_A_COMMUNE, _l("In a commune (and online too, if you give a link)")),
        (ONLINE, _l("Only online"))]), validators=[InputRequired()])
    city = PlaceField(_l("Commune"), required=False,
                      description=_l("Only the town or city, for example Lyon or Лион: the "
                                     "address goes below."))
    place = _place()
    online_link = URLField(_l("Online link"), validators=[Optional(), Length(
        max=LINK_MAX, message=_l("The link is too long: at most %(max)d characters."))],
        description=_l("Shown only to people with a seat."))
    capacity = IntegerField(_l("Seats"), default=12, validators=[
        InputRequired(_l("Say how many people can take part.")),
        NumberRange(1, MAX_MEETING_CAPACITY,
                    message=_l("Between 1 and %(max)s people can take part."))],
        render_kw={"inputmode": "numeric", "min": 1, "max": MAX_MEETING_CAPACITY})
    facilitator = StringField(
        _l("Facilitator"),
        validators=[InputRequired(_l("Choose a facilitator.")), Length(max=254)],
        description=_l("Their email address, or their name as Passage shows it."))
    facilitator_id = None
    count_only = BooleanField(_l("Count only: record how many people came, never who"))
    recurrence = SelectField(_l("How often"), choices=vocabulary.choices("recurrence"),
                             validators=[InputRequired()])
    repeat_until = DateField(_l("Repeat until (optional)"), validators=[Optional()],
                             description=_l("The last day a repeated meeting may take place."))

    def validate_ends(self, field):
        if self.starts.data and field.data and field.data <= self.starts.data:
            raise ValidationError(_l("The meeting must end after it starts."))

    def validate_repeat_until(self, field):
        if (self.recurrence.data != "none" and field.data and self.day.data
                and field.data < self.day.data):
            raise ValidationError(_l("The last date cannot be before the first meeting."))

    def validate_facilitator(self, field):
        try:
            self.facilitator_id = facilitator_named(field.data).id
        except ServiceError as exc:
            raise ValidationError(str(exc)) from None

    def validate_city(self, field):
        if self.where.data == IN_A_COMMUNE and not field.data:
            raise ValidationError(_l("Write the commune (town or city), for example Lyon."))

    def validate_place(self, field):
        if self.where.data == ONLINE and (field.data or "").strip():
            raise ValidationError(_l("A meeting held only online has no address: leave it "
                                     "empty, or choose a commune."))
        if not (field.data or "").strip() and not (self.online_link.data or "").strip():
            raise ValidationError(_l("Give a place or an online link."))

    def load(self, meeting):
        """Fill the form from a series, in Paris time."""
        start = paris_time(meeting.start_at)
        end = start + timedelta(minutes=meeting.duration)
        self.process(data=dict(
            {name: getattr(meeting, name) for name in (
                "title", "description", "language", "place", "online_link", "capacity",
                "count_only", "recurrence", "repeat_until")},
            where=ONLINE if meeting.online_only else IN_A_COMMUNE,
            # With its département, so that a name several communes share is read back as this.
            city=catalog.get(meeting.commune).title if catalog.get(meeting.commune) else "",
            day=start.date(), starts=start.time().replace(second=0),
            ends=end.time().replace(second=0),
            facilitator=meeting.facilitator.email if meeting.facilitator_id else ""))

    def values(self, facilitator=None):
        """The service's input; a mentor's own meetings are facilitated by the mentor."""
        return MeetingInput(
            title=self.title.data, description=self.description.data,
            language=self.language.data, day=self.day.data, starts=self.starts.data,
            ends=self.ends.data, online_only=self.where.data == ONLINE,
            city="" if self.where.data == ONLINE else self.city.data, place=self.place.data,
            online_link=self.online_link.data, capacity=self.capacity.data,
            facilitator=facilitator or self.facilitator_id, count_only=self.count_only.data,
            recurrence=self.recurrence.data, repeat_until=self.repeat_until.data)


class OccurrenceForm(Form):
    """A change to one date of a series."""

    day = _day(_l("Day"))
    starts = _starts()
    title = _title(_l("Title of this date"), required=False)
    place = _place()

    def load(self, occurrence):
        """Fill the form from the date as it stands."""
        start = paris_time(occurrence.start_at)
        self.day.data, self.starts.data = start.date(), start.time().replace(second=0)
        self.title.data = occurrence.title or occurrence.meeting.title
        self.place.data = occurrence.place or occurrence.meeting.place

    def values(self):
        return OccurrenceInput(day=self.day.data, starts=self.starts.data,
                               title=self.title.data, place=self.place.data)


class FilterForm(Form):
    """Which meetings to list (a GET form)."""

    class Meta:
        csrf = False

    language = SelectField(_l("Language"), validators=[Optional()], choices=[
        SelectChoice("", _l("Any")), *vocabulary.choices("language")])
    place = SelectField(_l("City"), validators=[Optional(), Length(max=5)],
                        validate_choice=False)

    def set_communes(self, communes):
        """(code, name) of the communes to offer, after "any" and "online"."""
        self.place.choices = choices([("", _l("Any")), (ONLINE, _l("Online")), *communes])


class AttendanceForm(Form):
    """Who came to a date, among those who registered, and how many others."""

    people = CheckboxListField(_l("Who came"), coerce=int, validate_choice=False)
    others = IntegerField(_l("Others who came without registering"), default=0, validators=[
        InputRequired(_l("Write a number, 0 if nobody else came.")),
        NumberRange(0, MAX_ATTENDED, message=_l("From 0 to %(max)s."))],
        render_kw={"inputmode": "numeric", "min": 0, "max": MAX_ATTENDED})


class CountForm(Form):
    """How many people came to a count-only meeting."""

    count = IntegerField(_l("How many people came"), validators=[
        InputRequired(_l("Write how many people came.")),
        NumberRange(0, MAX_ATTENDED, message=_l("From 0 to %(max)s."))],
        description=_l("Only the number is kept: never who came."),
        render_kw={"inputmode": "numeric", "min": 0, "max": MAX_ATTENDED})
