"""Peewee models, grouped by domain."""
# Meetings still import these three from here; they are defined once, in core/codes.py.
from ..core.codes import MEETING_LANGUAGES, RECURRENCES, VOLUNTEER_ROLES
from .accounts import (
    Approval,
    AuditEvent,
    Invitation,
    LoginSession,
    NewcomerProfile,
    PasswordReset,
    PendingSignup,
    RecoveryCode,
    User,
    VettingRecord,
    VolunteerProfile,
    utcnow,
)
from .care import CheckIn, Deadline, RemovedDeadline
from .cases import Case, CaseEntry, Lead
from .conversations import (
    Conversation,
    Message,
    PushSubscription,
    ReadMark,
    Report,
    ReportedMessage,
)
from .matching import HelpRequest, Match, MatchingVersion, Offer
from .meetings import (
    MAX_MEETING_CAPACITY,
    RSVP,
    Attendance,
    CalendarFeed,
    Meeting,
    Occurrence,
    SeriesMember,
)
from .notify import Notification, OutboxEmail, SchedulerLease, Setting
from .procedure import ProcedureDocument, ProcedureFile, RemovedProcedureDates

MODELS = [User, RecoveryCode, NewcomerProfile, VolunteerProfile, Invitation, VettingRecord,
          Approval, AuditEvent, Offer, HelpRequest, Match, CheckIn, Deadline, Notification,
          OutboxEmail, Setting, SchedulerLease, Meeting, Occurrence, RSVP, Attendance,
          CalendarFeed, LoginSession, PendingSignup, ProcedureFile, ProcedureDocument,
          Conversation, Message, ReadMark, Report, ReportedMessage, PushSubscription,
          PasswordReset, Case, CaseEntry, Lead, SeriesMember,
          RemovedDeadline, RemovedProcedureDates, MatchingVersion]
