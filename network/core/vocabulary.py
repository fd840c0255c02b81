"""The words each stored code is shown as, in the reader's language: one place for every label."""
from flask_babel import get_locale, lazy_pgettext
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

from . import codes

# One entry per way a set of codes is worded; a set named after a context ("offer_kind")
# words the same codes for another page. Every label of every code set lives here.
LABELS = {
    "role": {"newcomer": _l("Newcomer"), "mentor": _l("Mentor"), "organizer": _l("Organizer")},
    "status": {"pending": _l("Pending"), "active": lazy_pgettext("person", "Active"),
               "suspended": _l("Suspended")},
    "decision": {"approved": _l("Approved"), "rejected": _l("Rejected"),
                 "suspended": _l("Suspended"), "reinstated": _l("Reinstated")},
    # What an organizer chooses in the vetting form.
    "decision_choice": {"approved": _l("Approve"), "rejected": _l("Reject"),
                        "suspended": _l("Suspend"), "reinstated": _l("Reinstate")},
    "approval_kind": {
        "approve_volunteer": _l("Let a volunteer in"),
        "suspend_organizer": _l("Suspend an organizer"),
        "promote_organizer": _l("Make an organizer"),
        "reveal_identity": _l("Read a newcomer’s identity"),
        "read_conversation": _l("Read a newcomer’s conversations"),
        "reset_password": _l("Hand over a new password link"),
        "erase_newcomer": _l("Erase a newcomer’s personal data"),
    },
    "invitation_state": {"open": _l("Not used yet"), "used": lazy_pgettext("invitation", "Used"),
                         "expired": _l("Expired"), "revoked": _l("Revoked")},
    "newcomer_household": {"alone": _l("Alone"), "partner": _l("With my partner"),
                           "children": _l("With children")},
    "host_household": {"mixed": _l("Women and men"), "women": _l("Only women"),
                       "men": _l("Only men")},
    # The same codes as a host reads them about a guest.
    "guest_household": {"alone": lazy_pgettext("guest", "Alone"),
                        "partner": lazy_pgettext("guest", "With a partner"),
                        "children": lazy_pgettext("guest", "With children")},
    "gender": {"": _l("I prefer not to say"), "man": _l("Man"), "woman": _l("Woman"),
               "other": _l("Other")},
    "guest_gender": {"man": _l("Men"), "woman": _l("Women"),
                     "other": _l("People of another gender")},
    "host_pref": {"any": _l("Any host"), "women_only": _l("Only a household of women"),
                  "men_only": _l("Only a household of men")},
    "channel": {"signal": _l("Signal"), "telegram": _l("Telegram"),
                "phone": _l("Phone (call or SMS)"), "email": _l("Email")},
    "need": {"mentor": _l("A mentor"), "housing": lazy_pgettext("need", "Housing"),
             "language": _l("Language lessons")},
    "language": {"ru": _l("Russian"), "uk": _l("Ukrainian"), "fr": _l("French"),
                 "en": _l("English")},
    "level": {
        "a0": _l("A0: starting from zero"),
        "a1": _l("A1: beginner"),
        "a2": _l("A2: basic"),
        "b1": _l("B1: intermediate"),
        "b2": _l("B2: good"),
        "c1": _l("C1: fluent"),
    },
    # A newcomer's own level in each language; "" is "I do not speak it".
    "spoken_level": {
        "": _l("I do not speak it"),
        "native": _l("Native language"),
        "c1": _l("Fluent (C1)"),
        "b2": _l("Good (B2)"),
        "b1": _l("Intermediate (B1)"),
        "a2": _l("Basic (A2)"),
        "a1": _l("Beginner (A1)"),
        "a0": _l("A few words (A0)"),
    },
    "kind": {"mentor": _l("Mentor"), "housing": lazy_pgettext("kind of help", "Housing"),
             "language": _l("Language help")},
    "offer_kind": {"mentor": _l("Mentoring"), "housing": lazy_pgettext("offer kind", "Housing"),
                   "language": _l("Language lessons")},
    "offer_kind_intro": {
        "mentor": _l("A mentor accompanies newcomers through the asylum procedure and daily life."),
        "housing": _l("A bed for a newcomer, for a few nights or longer. One stay at a time."),
        "language": _l("Lessons for newcomers who learn a language."),
    },
    "request_kind_intro": {
        "mentor": _l("A mentor helps you with the asylum procedure and daily life, in a language "
                     "you speak."),
        "housing": _l("A volunteer host offers you a bed. You see the address only once the host "
                      "has accepted."),
        "language": _l("A volunteer teaches you a language, in person or online."),
    },
    # The newcomer chooses among these: tonight says why it is urgent.
    "urgency_choice": {"tonight": _l("Tonight: I have nowhere to sleep"),
                       "this_week": _l("This week"), "later": _l("Later")},
    "urgency": {"tonight": _l("Tonight"), "this_week": _l("This week"), "later": _l("Later")},
    # Inside a sentence of the match's explanation, hence lower case.
    "urgency_inline": {"tonight": _l("tonight"), "this_week": _l("this week"),
                       "later": _l("later")},
    "house_rule_need": {"pets": _l("pets"), "smoking": _l("smoking"),
                        "accessibility": _l("accessibility")},
    "request_status": {"open": _l("Looking for a volunteer"),
                       "proposed": _l("A volunteer is being asked"), "matched": _l("Matched"),
                       "closed": lazy_pgettext("request", "Done"), "cancelled": _l("Withdrawn")},
    "offer_status": {"active": lazy_pgettext("offer", "Active"), "paused": _l("Paused"),
                     "ended": _l("Ended")},
    "match_status": {"proposed": _l("Proposed: waiting for the volunteer’s answer."),
                     "active": _l("Active."), "ended": _l("Ended."), "declined": _l("Declined.")},
    "end_reason": {"completed": _l("The help is no longer needed: done"),
                   "withdrawn": _l("I can no longer help"), "problem": _l("Problem reported")},
    "checkin_status": {"scheduled": _l("Planned"), "done": lazy_pgettext("check-in", "Done"),
                       "not_reached": _l("Not reached"), "missed": _l("Missed")},
    "checkin_outcome": {"done": _l("We talked"), "not_reached": _l("I could not reach them")},
    "flag": {"housing": lazy_pgettext("concern", "Housing"), "legal": _l("Legal procedure"),
             "health": _l("Health"), "money": _l("Money"),
             "safety": _l("Safety: the person may be in danger")},
    "deadline_kind": {
        "ofpra_interview": _l("OFPRA interview"),
        "ofpra_decision": _l("OFPRA decision received"),
        "cnda_hearing": _l("CNDA hearing"),
        "prefecture": _l("Prefecture appointment"),
        "permit_renewal": _l("Asylum-seeker certificate renewal"),
        "other": _l("Other step"),
    },
    "conversation_kind": {
        "match": _l("With a volunteer of a match"),
        "organizers": _l("With the organizers"),
    },
    "conversation_status": {
        "open": lazy_pgettext("conversation", "Open"),
        "closed": lazy_pgettext("conversation", "Closed"),
    },
    "disappear_days": {
        0: lazy_pgettext("disappearing", "Never"),
        1: _l("After 1 day"),
        7: _l("After 1 week"),
        30: _l("After 1 month"),
    },
    "procedure_type": {
        "normal": _l("Normal procedure"),
        "accelerated": _l("Accelerated procedure"),
        "dublin": _l("Dublin procedure"),
    },
    "document_kind": {
        "": _l("Something else"),
        "identity": _l("Identity document or passport"),
        "journey": _l("Papers from the journey"),
        "spada_convocation": _l("SPADA convocation"),
        "photos": _l("Photos"),
        "address_proof": _l("Proof of address"),
        "attestation": _l("Attestation de demande d'asile"),
        "ofpra_letters": _l("OFPRA letters"),
        "resources": _l("Papers about your resources"),
        "ofpra_form": _l("OFPRA form, filled in"),
        "evidence": _l("Evidence of mobilisation and desertion"),
        "ofpra_convocation": _l("OFPRA convocation"),
        "ofpra_decision": _l("OFPRA decision"),
        "legal_aid_form": _l("Legal aid form"),
        "interview_report": _l("OFPRA interview report"),
        "cnda_convocation": _l("CNDA convocation"),
        "cnda_decision": _l("CNDA decision"),
        "protection_decision": _l("Decision granting protection"),
        "civil_status": _l("Civil status papers from OFPRA"),
    },
    "recurrence": {
        "none": _l("Once"),
        "weekly": _l("Every week"),
        "biweekly": _l("Every two weeks"),
        "monthly": _l("Every month, on the same weekday (for example the second Tuesday)"),
    },
    "rsvp_status": {"going": _l("You have a seat"), "waitlist": _l("You are on the waitlist"),
                    "cancelled": _l("Cancelled")},
    "case_kind": {
        "problem": _l("Problem reported in a match"),
        "talk": _l("“I need to talk” not answered"),
        "unreachable": _l("Newcomer unreachable"),
        "erasure": _l("Erasure request"),
        "message": _l("Reported message"),
    },
    "case_status": {"open": lazy_pgettext("case", "Open"),
                    "closed": lazy_pgettext("case", "Closed")},
    "case_outcome": {
        "resolved": _l("Resolved"),
        "referred": _l("Referred to another service"),
        "no_action": _l("Nothing to do"),
        "erased": _l("Data erased"),
    },
    "case_entry_kind": {"note": _l("Note"),
                        "reply": _l("Answer to the person who reported it")},
    "audit_action": {
        "approval.requested": _l("Second organizer asked for"),
        "approval.confirmed": _l("Confirmed by a second organizer"),
        "approval.cancelled": _l("Request withdrawn or refused"),
        "calendar.feed_created": _l("Calendar link created"),
        "case.answered": _l("Reporter told"),
        "case.closed": _l("Case closed"),
        "case.noted": _l("Case note added"),
        "case.taken": _l("Case taken"),
        "case.notes_read": _l("Case notes read"),
        "checkin.logged": _l("Check-in logged"),
        "checkin.moved": _l("Check-in moved"),
        "dashboard.exported": _l("Figures downloaded"),
        "deadline.appeal_lodged": _l("Appeal recorded as lodged"),
        "deadline.appeal_unmarked": _l("Appeal no longer marked as lodged"),
        "deadline.created": _l("Procedure date added"),
        "deadline.deleted": _l("Procedure date deleted"),
        "deadline.restored": _l("Procedure date put back"),
        "deadline.updated": _l("Procedure date changed"),
        "identity.revealed": _l("Identity read"),
        "identity.updated": _l("Identity changed"),
        "invitation.created": _l("Invitation created"),
        "invitation.revoked": _l("Invitation revoked"),
        "invitation.used": _l("Invitation used"),
        "login.failure": _l("Login refused"),
        "login.success": _l("Logged in"),
        "logout": _l("Logged out"),
        "match.accepted": _l("Proposal accepted"),
        "match.declined": _l("Proposal declined"),
        "match.ended": _l("Match ended"),
        "match.problem": _l("Problem reported"),
        "match.proposed": _l("Match proposed"),
        "meeting.attendance": _l("Attendance recorded"),
        "meeting.cancelled": _l("Meeting cancelled"),
        "meeting.created": _l("Meeting created"),
        "meeting.occurrence_cancelled": _l("Meeting date cancelled"),
        "meeting.occurrence_updated": _l("Meeting date changed"),
        "meeting.updated": _l("Meeting changed"),
        "newcomer.lead": _l("Lead organizer set"),
        "newcomer.lead_cleared": _l("Lead organizer removed"),
        "offer.created": _l("Offer created"),
        "offer.updated": _l("Offer changed"),
        "offer.paused": _l("Offer paused"),
        "offer.resumed": _l("Offer resumed"),
        "offer.ended": _l("Offer ended"),
        "request.created": _l("Request created"),
        "request.withdrawn": _l("Request withdrawn"),
        "settings.changed": _l("Setting changed"),
        "signup.attempt": _l("Sign-up attempt with a known address"),
        "user.erased": _l("Personal data erased"),
        "user.erasure_cancelled": _l("Erasure request cancelled"),
        "user.erasure_requested": _l("Erasure asked for"),
        "user.exported": _l("Own data downloaded"),
        "user.password_changed": _l("Password changed"),
        "user.recovery_code_used": _l("Recovery code used"),
        "user.registered": _l("Account created"),
        "user.role_changed": _l("Role changed"),
        "user.sessions_ended": _l("Logged out everywhere"),
        "user.status_changed": _l("Account status changed"),
        "vetting.recorded": _l("Vetting recorded"),
        "volunteer.viewed": _l("Volunteer record read"),
        "newcomer.viewed": _l("Newcomer record read"),
        "match.viewed": _l("Match read"),
        "request.viewed": _l("Request read"),
        "checkin.viewed": _l("Check-in read"),
        "deadlines.viewed": _l("Procedure dates read"),
        "attendance.viewed": _l("Attendance read"),
        "case.viewed": _l("Case read"),
        "conversation.disappearing": _l("Disappearing messages set"),
        "conversation.reported": _l("Message reported"),
        "conversation.viewed": _l("Conversation read"),
        "password.reset": _l("Password set from a reset link"),
        "password.reset_asked": _l("Password reset link asked for"),
        "password.reset_handed": _l("Password reset link handed over"),
        "procedure.document_added": _l("Document added to the folder"),
        "procedure.document_removed": _l("Document removed from the folder"),
        "procedure.document_translated": _l("Sworn translation recorded"),
        "procedure.overview_viewed": _l("Procedures overview read"),
        "procedure.updated": _l("Procedure dates changed"),
        "procedure.restored": _l("Cleared procedure dates put back"),
        "procedure.viewed": _l("Asylum procedure read"),
        "request.changed": _l("Request changed"),
        "procedure.document_untranslated": _l("Sworn translation no longer marked as done"),
        "procedure.document_kind": _l("Kind of document recorded"),
        "procedure.document_translation_needed": _l("Document marked as needing a sworn "
                                                    "translation"),
        "procedure.document_translation_not_needed": _l("Document marked as needing no sworn "
                                                        "translation"),
        "user.2fa_enrolled": _l("Two-step login turned on"),
        "user.2fa_disabled": _l("Two-step login turned off"),
        "access.unusual": _l("Many newcomers’ records opened in a short time"),
    },
    "login_failure": {"suspended": _l("Account suspended"),
                      "second_factor": _l("Wrong code of the second step")},
    "audit_target": {
        "user": _l("Person"),
        "case": _l("Case"),
        "checkin": _l("Check-in"),
        "deadline": _l("Procedure date"),
        "helprequest": _l("Request"),
        "invitation": _l("Invitation"),
        "match": _l("Match"),
        "meeting": _l("Meeting"),
        "occurrence": _l("Meeting date"),
        "offer": lazy_pgettext("offer of help", "Offer"),
        "conversation": _l("Conversation"),
        "message": _l("Message"),
        "proceduredocument": _l("Document"),
        "procedurefile": _l("Asylum procedure"),
        "approval": _l("Confirmation by a second organizer"),
    },
    "export": {"figures": _l("Figures per week"),
               "figures-long": _l("Figures for programs"),
               "matches": _l("Matches, pseudonyms only")},
    "notification_kind": {
        "checkin_due": _l("Check-ins due"),
        "checkin_overdue": _l("Overdue check-ins"),
        "alert": _l("Alerts"),
        "deadline": _l("Procedure dates"),
        "match": _l("Proposals and matches"),
        "meeting": _l("Meetings"),
        "digest": _l("Daily summary (organizers)"),
    },
}

# Which stored codes each label set words: a code stored without a label fails a test.
CODE_SETS = {
    "role": codes.ROLES, "status": codes.STATUSES, "decision": codes.VETTING_DECISIONS,
    "decision_choice": codes.VETTING_DECISIONS,
    "approval_kind": codes.APPROVAL_KINDS, "invitation_state": codes.INVITATION_STATES,
    "newcomer_household": codes.NEWCOMER_HOUSEHOLDS,
    "guest_household": codes.NEWCOMER_HOUSEHOLDS, "host_household": codes.HOST_HOUSEHOLDS,
    "gender": codes.GENDERS, "guest_gender": codes.GUEST_GENDERS, "host_pref": codes.HOST_PREFS,
    "channel": codes.CONTACT_CHANNELS, "need": codes.NEEDS, "language": codes.LANGUAGES,
    "level": codes.LEVELS, "spoken_level": ("", *codes.SPOKEN_LEVELS), "kind": codes.KINDS,
    "offer_kind": codes.KINDS,
    "offer_kind_intro": codes.KINDS, "request_kind_intro": codes.KINDS,
    "urgency": codes.URGENCIES, "urgency_choice": codes.URGENCIES,
    "urgency_inline": codes.URGENCIES, "house_rule_need": codes.HOUSE_RULE_NEEDS,
    "request_status": codes.REQUEST_STATUSES, "offer_status": codes.OFFER_STATUSES,
    "match_status": codes.MATCH_STATUSES, "end_reason": codes.END_REASONS,
    "checkin_status": codes.CHECKIN_STATUSES, "checkin_outcome": codes.CHECKIN_OUTCOMES,
    "flag": codes.FLAGS, "deadline_kind": codes.DEADLINE_KINDS,
    "recurrence": codes.RECURRENCES, "rsvp_status": codes.RSVP_STATUSES,
    "procedure_type": codes.PROCEDURE_TYPES, "conversation_kind": codes.CONVERSATION_KINDS,
    "document_kind": ("", *codes.DOCUMENT_KINDS),
    "conversation_status": codes.CONVERSATION_STATUSES, "disappear_days": codes.DISAPPEAR_DAYS,
    "notification_kind": codes.NOTIFICATION_KINDS,
    "case_kind": codes.CASE_KINDS, "case_status": codes.CASE_STATUSES,
    "case_outcome": codes.CASE_OUTCOMES,
    "case_entry_kind": codes.CASE_ENTRY_KINDS,
    "audit_action": codes.AUDIT_ACTIONS, "audit_target": codes.AUDIT_TARGETS,
    "login_failure": codes.LOGIN_FAILURES, "export": codes.DASHBOARD_EXPORTS,
}


# Words already looked up, by language: a list page shows a hundred labels, and a lazy
# string looks its catalog up again each time it is shown.
_SAID = {}


def label(set_name, code):
    """The reader's words for a stored code; "" for the empty code of a set that has none."""
    key = (get_locale(), set_name, code)
    said = _SAID.get(key)
    if said is None:
        words = LABELS[set_name]
        said = _SAID[key] = str(words[code] if code else words.get(code, ""))
    return said


def labels(set_name, text):
    """A stored list ("housing,money" or a list of codes) as its words, joined by commas."""
    items = text.split(",") if isinstance(text, str) else text
    return ", ".join(str(label(set_name, code)) for code in items if code)


def choices(set_name, only=None):
    """A set's labelled codes as WTForms choices in its order, or the codes given in theirs."""
    words = LABELS[set_name]
    wanted = CODE_SETS[set_name] if only is None else only
    return [SelectChoice(code, words[code]) for code in wanted if code in words]


def init_app(app):
    """Let every template name a code by its label."""
    app.jinja_env.globals.update(label=label, labels=labels, choices=choices)
