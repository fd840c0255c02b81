"""What each notification says, in the reader's language; payloads carry only codes and numbers."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext, ngettext

MESSAGES = {
    "checkin_due": _l("A check-in is due within a day."),
    "checkin_overdue": _l("A check-in is more than two days overdue. "
                          "Please get in touch and log it."),
    "checkin_overdue_org": _l("A check-in is more than two days overdue."),
    "checkin_alert": _l("A check-in raised an alert: a safety flag or very low wellbeing."),
    "checkin_moved": _l("A check-in was moved to another time."),
    "checkin_asked": _l("A newcomer asks to talk soon."),
    "unreachable": _l("A newcomer missed two check-ins in a row and is marked unreachable."),
    "deadline_tomorrow": _l("A procedure date is tomorrow."),
    "cnda_no_appeal": _l("A CNDA appeal deadline is within 7 days and no appeal is recorded."),
    "match_proposed": _l("You have a new proposal to answer."),
    "match_accepted": _l("A volunteer accepted: you can now see how to reach them."),
    "match_declined": _l("A volunteer declined a proposal."),
    "match_problem": _l("A problem was reported in a match."),
    "match_ended": _l("One of your matches has ended. The organizers will tell you if anything "
                      "is needed from you."),
    # One date of a series, not the series: a «séance», not a «rencontre».
    "meeting_reminder": lazy_pgettext("meeting date",
                                      "A meeting you registered for starts within a day."),
    "meeting_cancelled": lazy_pgettext("meeting date",
                                       "A meeting you registered for is cancelled."),
    "meeting_changed": lazy_pgettext("meeting date",
                                     "A meeting you registered for has a new time or place."),
    "meeting_seat": lazy_pgettext("meeting date",
                                  "A seat became free: you are now registered for a meeting."),
    "new_message": _l("New message in Passage."),
    "message_reported": _l("A message in a conversation was reported."),
    "unusual_access": _l("Unusual access: someone opened many newcomer records in a short time."),
    "approval_needed": _l("Another organizer asks you to confirm a sensitive decision."),
    "signup_attempt": _l("Someone tried to sign up with your email address or one that looks "
                         "like it. Nothing was changed in your account; if it was not you, "
                         "tell an organizer."),
    "taken_in": _l("You are taken into the network. The organizers are looking for the right "
                   "people to help you."),
    "volunteer_approved": _l("You are approved as a volunteer. Add what you can offer: "
                             "mentoring, a bed or language lessons."),
    "erasure_requested": _l("A newcomer asks for their data to be erased."),
    "case_answered": _l("An organizer has read what you reported and is taking care of it."),
    "case_replied": _l("The organizers answered what you reported."),
    # Three counts in one sentence cannot agree with each in every language: one per line.
    "digest": _l("Daily summary. Waiting to be taken in or vetted: %(pending)s. "
                 "Open requests: %(open)s. Overdue check-ins: %(overdue)s."),
}
# Messages whose words follow a number ("2 дня", "5 дней"): the parameter that counts.
COUNTED = {
    "deadline_soon": ("days", lambda n: ngettext("A procedure date is coming up in %(num)s day.",
                                                 "A procedure date is coming up in %(num)s days.",
                                                 n)),
}
EMAIL_SUBJECT = _l("Passage: something needs your attention")
EMAIL_BODY = _l("You have a new notification in Passage. Log in to read it:\n\n%(link)s\n\n"
                "For your safety this email does not say more.")


def render(code, params=None):
    """The text of a notification."""
    if code in COUNTED:
        name, text = COUNTED[code]
        return text((params or {}).get(name, 0))
    text = MESSAGES.get(code)
    if text is None:
        return code
    return str(text) % (params or {}) if params else str(text)
