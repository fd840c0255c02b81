"""Every set of codes the database stores, declared once; plain tuples any layer may import."""
import re

# People.
ROLES = ("newcomer", "mentor", "organizer")
VOLUNTEER_ROLES = ("mentor", "organizer")
STATUSES = ("pending", "active", "suspended")
VETTING_DECISIONS = ("approved", "rejected", "suspended", "reinstated")
APPROVAL_KINDS = ("approve_volunteer", "suspend_organizer", "promote_organizer", "reveal_identity",
                  "read_conversation", "erase_newcomer", "reset_password")
INVITATION_STATES = ("open", "used", "expired", "revoked")

# What a newcomer tells about themselves; "" is "not said".
# Two households: who comes with the newcomer, and who lives in a host's home.
NEWCOMER_HOUSEHOLDS = ("alone", "partner", "children")
HOST_HOUSEHOLDS = ("mixed", "women", "men")
GENDERS = ("", "man", "woman", "other")
GUEST_GENDERS = ("man", "woman", "other")
HOST_PREFS = ("any", "women_only", "men_only")
CONTACT_CHANNELS = ("", "signal", "telegram", "phone", "email")
NEEDS = ("mentor", "housing", "language")
LANGUAGES = ("ru", "uk", "fr", "en")
# CEFR levels, for a language someone learns or teaches.
LEVELS = ("a0", "a1", "a2", "b1", "b2", "c1")
# How well a newcomer speaks a language, best first: a profile lists languages in this order.
SPOKEN_LEVELS = ("native", *reversed(LEVELS))

# Help, offers and matches.
KINDS = ("mentor", "housing", "language")
URGENCIES = ("tonight", "this_week", "later")
REQUEST_STATUSES = ("open", "proposed", "matched", "closed", "cancelled")
OFFER_STATUSES = ("active", "paused", "ended")
MATCH_STATUSES = ("proposed", "active", "ended", "declined")
# "" while the match lasts; "problem" is set by an organizer, never chosen by a volunteer.
END_REASONS = ("", "completed", "withdrawn", "problem")
VOLUNTEER_END_REASONS = ("completed", "withdrawn")
# What a host's house rules may exclude, in the engine's explanation of a request left alone.
HOUSE_RULE_NEEDS = ("pets", "smoking", "accessibility")

# Check-ins and the asylum procedure.
CHECKIN_STATUSES = ("scheduled", "done", "not_reached", "missed")
CHECKIN_OUTCOMES = ("done", "not_reached")
FLAGS = ("housing", "legal", "health", "money", "safety")
DEADLINE_KINDS = ("ofpra_interview", "ofpra_decision", "cnda_hearing", "prefecture",
                  "permit_renewal", "other")

# Meetings.
MEETING_LANGUAGES = LANGUAGES
RECURRENCES = ("none", "weekly", "biweekly", "monthly")

# Conversations.
CONVERSATION_KINDS = ("match", "organizers")
CONVERSATION_STATUSES = ("open", "closed")
# After how many days a conversation's messages disappear; 0: never.
DISAPPEAR_DAYS = (0, 1, 7, 30)

# Asylum procedure.
PROCEDURE_TYPES = ("normal", "accelerated", "dublin")
# What a document in a newcomer's folder is: the steps' checklists name these ("" is none).
DOCUMENT_KINDS = ("identity", "journey", "spada_convocation", "photos", "address_proof",
                  "attestation", "ofpra_letters", "resources", "ofpra_form", "evidence",
                  "ofpra_convocation", "ofpra_decision", "legal_aid_form", "interview_report",
                  "cnda_convocation", "cnda_decision", "protection_decision", "civil_status")
RSVP_STATUSES = ("going", "waitlist", "cancelled")

# Organizers' casework: what opened a case, and how it was closed.
CASE_KINDS = ("problem", "talk", "unreachable", "erasure", "message")
CASE_STATUSES = ("open", "closed")
CASE_OUTCOMES = ("resolved", "referred", "no_action", "erased")
# A line of a case: a note only organizers read, or an answer its reporter reads.
CASE_ENTRY_KINDS = ("note", "reply")

# The audit trail: what someone did, and the kind of thing they did it to. A read of a
# newcomer's data is "<what>.viewed", one of AUDIT_READS.
AUDIT_READS = ("newcomer", "match", "request", "checkin", "deadlines", "attendance", "case",
               "procedure", "conversation")
AUDIT_ACTIONS = (
    "approval.requested", "approval.confirmed", "approval.cancelled", "calendar.feed_created",
    "case.answered", "case.closed", "case.noted", "case.taken", "case.notes_read",
    "checkin.logged", "checkin.moved", "dashboard.exported", "deadline.appeal_lodged",
    "deadline.appeal_unmarked", "deadline.created", "deadline.deleted", "deadline.restored",
    "deadline.updated", "identity.revealed",
    "identity.updated", "invitation.created", "invitation.revoked", "invitation.used",
    "login.failure", "login.success", "logout", "match.accepted", "match.declined",
    "match.ended", "match.problem", "match.proposed", "meeting.attendance",
    "meeting.cancelled", "meeting.created", "meeting.occurrence_cancelled",
    "meeting.occurrence_updated", "meeting.updated", "newcomer.lead",
    "newcomer.lead_cleared", "offer.created", "offer.updated", "offer.paused", "offer.resumed",
    "offer.ended", "request.created", "request.withdrawn", "settings.changed",
    "signup.attempt", "user.erased", "user.erasure_cancelled", "user.erasure_requested",
    "user.exported", "user.password_changed", "user.recovery_code_used", "user.registered",
    "user.role_changed", "user.sessions_ended", "user.status_changed", "vetting.recorded",
    "volunteer.viewed", "conversation.disappearing", "conversation.reported", "password.reset",
    "password.reset_asked", "password.reset_handed", "procedure.document_added",
    "procedure.document_removed", "procedure.document_translated", "procedure.overview_viewed",
    "procedure.updated", "procedure.restored", "request.changed", "procedure.document_untranslated",
    "procedure.document_kind", "procedure.document_translation_needed",
    "procedure.document_translation_not_needed",
    "user.2fa_enrolled", "user.2fa_disabled", "access.unusual",
    *(f"{what}.viewed" for what in AUDIT_READS),
)
AUDIT_TARGETS = ("user", "case", "checkin", "deadline", "helprequest", "invitation", "match",
                 "meeting", "occurrence", "offer", "conversation", "proceduredocument",
                 "procedurefile", "message", "approval")
# The downloads of the organizers' dashboard, as the audit trail names them.
DASHBOARD_EXPORTS = ("figures", "figures-long", "matches")
# Why a login was refused, as the audit trail stores it.
LOGIN_FAILURES = ("suspended", "second_factor")

NOTIFICATION_KINDS = ("checkin_due", "checkin_overdue", "alert", "deadline", "match",
                      "meeting", "digest")

# A département code as people and offers store it: mainland, Corsica and overseas.
DEPARTEMENT = re.compile(r"^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6])$")
