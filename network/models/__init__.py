"""Peewee models, grouped by domain."""
from .accounts import (
    CONTACT_CHANNELS,
    GENDERS,
    HOST_PREFS,
    HOUSEHOLDS,
    ROLES,
    STATUSES,
    APPROVAL_KINDS,
    VOLUNTEER_ROLES,
    Approval,
    AuditEvent,
    Invitation,
    LoginSession,
    NewcomerProfile,
    PendingSignup,
    RecoveryCode,
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
from .conversations import (
    DISAPPEAR_DAYS,
    Conversation,
    Message,
    PushSubscription,
    ReadMark,
    Report,
    ReportedMessage,
)
from .meetings import (
    MAX_MEETING_CAPACITY,
    MEETING_LANGUAGES,
    RECURRENCES,
    RSVP,
    Attendance,
    CalendarFeed,
    Meeting,
    Occurrence,
)

MODELS = [User, RecoveryCode, NewcomerProfile, VolunteerProfile, Invitation, VettingRecord,
          Approval, AuditEvent, Offer, HelpRequest, Match, CheckIn, Deadline, Notification,
          OutboxEmail, Setting, SchedulerLease, Meeting, Occurrence, RSVP, Attendance,
          CalendarFeed, LoginSession, PendingSignup, Conversation, Message, ReadMark, Report,
          ReportedMessage, PushSubscription]
