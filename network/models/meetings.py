"""Peer-support meetings: series, their occurrences, RSVPs, attendance and calendar feeds."""
from peewee import (
    BooleanField,
    CharField,
    Check,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
)

from ..core.codes import MEETING_LANGUAGES, RECURRENCES, RSVP_STATUSES
from ..crypto import EncryptedTextField
from ..db import BaseModel
from .accounts import User, one_of, utcnow

MAX_MEETING_CAPACITY = 200


class Meeting(BaseModel):
    """A meeting or a recurring series; times are naive UTC, recurrence follows Paris time."""

    # A group's name can say whom it gathers or where: "Anciens de la 155e, Montreuil".
    title = EncryptedTextField()
    description = EncryptedTextField(default="")
    language = CharField(max_length=8, constraints=[one_of("language", MEETING_LANGUAGES)])
    # The commune's official name and INSEE code (network/places), never anything finer; all
    # empty for a meeting held only online, and the code alone empty while a place from before
    # communes still waits for its facilitator to name one.
    city = CharField(max_length=80, default="", index=True)
    commune = CharField(max_length=5, default="", index=True)
    region = CharField(max_length=3, default="", index=True)
    online_only = BooleanField(default=False)
    # Where people meet, and the video link: whoever finds them can find the people.
    place = EncryptedTextField(default="")
    online_link = EncryptedTextField(default="")
    capacity = IntegerField(
        constraints=[Check(f"capacity BETWEEN 1 AND {MAX_MEETING_CAPACITY}")])
    facilitator = ForeignKeyField(User, null=True, on_delete="SET NULL",
                                  backref="meetings_facilitated")
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    # Attendance of such a meeting is a number only: never who came.
    count_only = BooleanField(default=False)
    recurrence = CharField(max_length=16, default="none",
                           constraints=[one_of("recurrence", RECURRENCES)])
    repeat_until = DateField(null=True)
    start_at = DateTimeField()
    duration = IntegerField(constraints=[Check("duration BETWEEN 15 AND 720")])
    created_at = DateTimeField(default=utcnow)
    cancelled_at = DateTimeField(null=True)


class Occurrence(BaseModel):
    """One date of a meeting; title, place and start may differ from the series."""

    # Indexed with slot and with start_at below: "does this series have a date to come?"
    meeting = ForeignKeyField(Meeting, backref="occurrences", on_delete="CASCADE", index=False)
    # The slot of the series this occurrence stands for: topping up never adds it twice.
    slot = DateTimeField()
    start_at = DateTimeField(index=True)
    title = EncryptedTextField(default="")
    place = EncryptedTextField(default="")
    # Seats are counted on the row itself, so one conditional UPDATE books a seat safely.
    capacity = IntegerField(
        constraints=[Check(f"capacity BETWEEN 1 AND {MAX_MEETING_CAPACITY}")])
    seats_taken = IntegerField(default=0,
                               constraints=[Check("seats_taken >= 0 AND seats_taken <= capacity")])
    attended = IntegerField(null=True, constraints=[Check("attended >= 0")])
    attendance_recorded_at = DateTimeField(null=True)
    cancelled_at = DateTimeField(null=True)

    class Meta:
        table_name = "meeting_occurrence"
        indexes = ((("meeting", "slot"), True), (("meeting", "start_at"), False))


class RSVP(BaseModel):
    """A person's answer for one occurrence: a seat, a place on the waitlist, or cancelled."""

    occurrence = ForeignKeyField(Occurrence, backref="rsvps", on_delete="CASCADE")
    user = ForeignKeyField(User, backref="rsvps", on_delete="CASCADE")
    status = CharField(max_length=16, constraints=[one_of("status", RSVP_STATUSES)])
    # Order on the waitlist: the lowest gets the next free seat.
    position = IntegerField(default=0)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "meeting_rsvp"
        indexes = ((("occurrence", "user"), True), (("occurrence", "status", "position"), False),
                   (("user", "status"), False))


class Attendance(BaseModel):
    """Someone came to an occurrence; never written for a count-only meeting."""

    occurrence = ForeignKeyField(Occurrence, backref="attendance", on_delete="CASCADE")
    user = ForeignKeyField(User, backref="attendance", on_delete="CASCADE")
    recorded_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    recorded_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "meeting_attendance"
        indexes = ((("occurrence", "user"), True), (("user", "occurrence"), False))


class SeriesMember(BaseModel):
    """Someone who joined a whole series: a seat (or the waitlist) on each of its dates."""

    meeting = ForeignKeyField(Meeting, backref="members", on_delete="CASCADE")
    user = ForeignKeyField(User, backref="series_joined", on_delete="CASCADE")
    joined_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "meeting_member"
        indexes = ((("meeting", "user"), True), (("user", "meeting"), False))


class CalendarFeed(BaseModel):
    """A person's private calendar URL; only the SHA-256 of its token is kept."""

    user = ForeignKeyField(User, unique=True, backref="calendar_feeds", on_delete="CASCADE")
    token_hash = CharField(max_length=64, unique=True)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "calendar_feed"
