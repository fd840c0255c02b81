"""Help requests, volunteer offers and the matches between them."""
import json

from peewee import (
    SQL,
    BooleanField,
    CharField,
    Check,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from ..core.codes import (
    END_REASONS,
    HOST_HOUSEHOLDS,
    KINDS,
    MATCH_STATUSES,
    OFFER_STATUSES,
    REQUEST_STATUSES,
    URGENCIES,
)
from ..crypto import EncryptedTextField
from ..db import BaseModel
from .accounts import User, one_of, utcnow
from .fields import ListField


class JSONField(TextField):
    """A small JSON document."""

    def db_value(self, value):
        return json.dumps(value, ensure_ascii=False)

    def python_value(self, value):
        return json.loads(value) if value else None


class Offer(BaseModel):
    """What a volunteer offers: mentoring, a bed, or language lessons."""

    volunteer = ForeignKeyField(User, backref="offers", on_delete="CASCADE")
    kind = CharField(max_length=16, constraints=[one_of("kind", KINDS)])
    status = CharField(max_length=16, default="active",
                       constraints=[one_of("status", OFFER_STATUSES)])
    # Live matches (proposed or active) hold a slot; the database refuses more than capacity.
    capacity = IntegerField(default=1, constraints=[Check("capacity BETWEEN 1 AND 20")])
    used = IntegerField(default=0, constraints=[Check("used >= 0 AND used <= capacity")])
    # The commune's official name and INSEE code (network/places), never anything finer.
    city = CharField(max_length=80, default="")
    commune = CharField(max_length=5, default="")
    region = CharField(max_length=3, default="")
    in_person = BooleanField(default=True)
    online = BooleanField(default=False)
    availability = EncryptedTextField(default="")
    beds = IntegerField(default=0)
    available_from = DateField(null=True)
    available_until = DateField(null=True)
    pets_ok = BooleanField(default=False)
    smoking_ok = BooleanField(default=False)
    accessible = BooleanField(default=False)
    household = CharField(max_length=16, default="mixed",
                          constraints=[one_of("household", HOST_HOUSEHOLDS)])
    accepts = ListField(max_length=40, default="")
    house_rules = EncryptedTextField(default="")
    address = EncryptedTextField(default="")
    teaches = CharField(max_length=8, default="")
    levels = ListField(max_length=40, default="")
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("kind", "status"), False),)


class HelpRequest(BaseModel):
    """A newcomer asks for one kind of help."""

    newcomer = ForeignKeyField(User, backref="help_requests", on_delete="CASCADE")
    kind = CharField(max_length=16, constraints=[one_of("kind", KINDS)])
    status = CharField(max_length=16, default="open",
                       constraints=[one_of("status", REQUEST_STATUSES)])
    urgency = CharField(max_length=16, default="later", constraints=[one_of("urgency", URGENCIES)])
    start = DateField(null=True)
    nights = IntegerField(default=1, constraints=[Check("nights BETWEEN 1 AND 365")])
    people = IntegerField(default=1, constraints=[Check("people BETWEEN 1 AND 12")])
    wants = CharField(max_length=8, default="")
    level = CharField(max_length=8, default="")
    online_ok = BooleanField(default=False)
    note = EncryptedTextField(default="")
    created_at = DateTimeField(default=utcnow)
    closed_at = DateTimeField(null=True)

    class Meta:
        table_name = "help_request"
        indexes = ((("kind", "status", "created_at"), False),)


class Match(BaseModel):
    """A request paired with an offer: proposed to the volunteer, then active, then ended."""

    request = ForeignKeyField(HelpRequest, backref="matches", on_delete="CASCADE")
    offer = ForeignKeyField(Offer, backref="matches", on_delete="CASCADE")
    # Copied from request and offer so "my matches" is one indexed lookup for either side.
    newcomer = ForeignKeyField(User, backref="matches_as_newcomer", on_delete="CASCADE")
    volunteer = ForeignKeyField(User, backref="matches_as_volunteer", on_delete="CASCADE")
    kind = CharField(max_length=16, constraints=[one_of("kind", KINDS)])
    status = CharField(max_length=16, default="proposed",
                       constraints=[one_of("status", MATCH_STATUSES)])
    score = IntegerField(default=0)
    explanation = JSONField(default=list)
    proposed_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    proposed_at = DateTimeField(default=utcnow)
    responded_at = DateTimeField(null=True)
    decline_reason = EncryptedTextField(default="")
    ended_at = DateTimeField(null=True)
    end_reason = CharField(max_length=16, default="",
                           constraints=[one_of("end_reason", END_REASONS)])
    problem = EncryptedTextField(default="")

    class Meta:
        table_name = "help_match"
        indexes = (
            (("status", "responded_at"), False),
            (("status", "proposed_at"), False),
            (("volunteer", "status"), False),
            (("newcomer", "status"), False),
        )


# A newcomer has one live request of each kind, and a request one live match: the database
# enforces both, so a double submit or a race fails instead of duplicating.
HelpRequest.add_index(
    HelpRequest.index(HelpRequest.newcomer, HelpRequest.kind, unique=True,
                      name="help_request_one_live_per_kind")
    .where(SQL("status IN ('open', 'proposed', 'matched')"))
)
Match.add_index(
    Match.index(Match.request, unique=True, name="match_one_live_per_request")
    .where(SQL("status IN ('proposed', 'active')"))
)
# Few matches ever report a problem: the board finds them without reading every match.
Match.add_index(Match.index(Match.proposed_at, name="match_with_problem")
                .where(SQL("problem != ''")))


class MatchingVersion(BaseModel):
    """A number that grows with every change to what the matching engine reads.

    Database triggers (migration 0028) count every write to requests, offers, matches,
    profiles and account statuses, whoever writes: a proposal kept from an earlier run is good
    while the number is the same.
    """

    n = IntegerField(default=0)

    class Meta:
        table_name = "matching_version"
