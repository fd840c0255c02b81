"""Peewee models, grouped by domain."""
from .accounts import (
    CONTACT_CHANNELS,
    GENDERS,
    HOST_PREFS,
    HOUSEHOLDS,
    ROLES,
    STATUSES,
    VOLUNTEER_ROLES,
    AuditEvent,
    Invitation,
    NewcomerProfile,
    User,
    VettingRecord,
    VolunteerProfile,
    utcnow,
)
from .matching import (
    KINDS,
    LEVELS,
    LIVE_MATCH,
    URGENCIES,
    HelpRequest,
    Match,
    Offer,
)
from .care import CHECKIN_STATUSES, DEADLINE_KINDS, FLAGS, CheckIn, Deadline
from .notify import NOTIFICATION_KINDS, Notification, OutboxEmail, SchedulerLease, Setting

MODELS = [User, NewcomerProfile, VolunteerProfile, Invitation, VettingRecord, AuditEvent,
          Offer, HelpRequest, Match, CheckIn, Deadline, Notification, OutboxEmail, Setting,
          SchedulerLease]
