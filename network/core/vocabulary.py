"""The words each stored code is shown as, in the reader's language: one place for every label."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
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
    },
    "invitation_state": {"open": _l("Not used yet"), "used": lazy_pgettext("invitation", "Used"),
                         "expired": _l("Expired"), "revoked": _l("Revoked")},
    "newcomer_household": {"alone": _l("Alone"), "partner": _l("With my partner"),
                           "children": _l("With children")},
    "host_household": {"mixed": _l("Women and men"), "women": _l("Only women"),
                       "men": _l("Only men")},
    "gender": {"": _l("I prefer not to say"), "man": _l("Man"), "woman": _l("Woman"),
               "other": _l("Other")},
    "guest_gender": {"man": _l("Men"), "woman": _l("Women"),
                     "other": _l("People of another gender")},
    "host_pref": {"any": _l("Any host"), "women_only": _l("Only a household of women"),
                  "men_only": _l("Only a household of men")},
    "channel": {"signal": _l("Signal"), "telegram": _l("Telegram"),
                "phone": _l("Phone (call or SMS)"), "email": _l("Email")},
    "need": {"mentor": _l("A mentor"), "housing": _l("Housing"),
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
    "kind": {"mentor": _l("Mentor"), "housing": _l("Housing"), "language": _l("Language help")},
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
        "cnda_appeal": _l("Last day to appeal to the CNDA"),
        "cnda_hearing": _l("CNDA hearing"),
        "prefecture": _l("Prefecture appointment"),
        "permit_renewal": _l("Asylum-seeker certificate renewal"),
        "other": _l("Other step"),
    },
    "recurrence": {
        "none": _l("Once"),
        "weekly": _l("Every week"),
        "biweekly": _l("Every two weeks"),
        "monthly": _l("Every month, on the same weekday (for example the second Tuesday)"),
    },
    "rsvp_status": {"going": _l("You have a seat"), "waitlist": _l("You are on the waitlist"),
                    "cancelled": _l("Cancelled")},
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
    "newcomer_household": codes.NEWCOMER_HOUSEHOLDS, "host_household": codes.HOST_HOUSEHOLDS,
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
    "notification_kind": codes.NOTIFICATION_KINDS,
}


def label(set_name, code):
    """The reader's words for a stored code; "" for the empty code of a set that has none."""
    return LABELS[set_name][code] if code else LABELS[set_name].get(code, "")


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
