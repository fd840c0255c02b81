"""The route × visitor table: every route, the answer each kind of visitor gets, its URL."""
from flask import url_for

VISITORS = ("anonymous", "newcomer", "newcomer_pending", "mentor", "mentor_pending", "organizer")
LOGGED_IN = VISITORS[1:]
LOGIN = "login"  # a redirect to the login page
MEMBERS = ("newcomer", "mentor", "organizer")  # active: taken in or vetted
NOT_TAKEN_IN_404 = {"newcomer_pending": 404, "mentor_pending": 404}

# endpoint -> (method, {visitor: expected status or LOGIN}); a route missing here fails the test.
RULES = {
    "main.home": ("GET", {v: 200 for v in VISITORS}),
    "main.healthz": ("GET", {v: 200 for v in VISITORS}),
    # The official list of communes is public: sign-up suggests from it too.
    "places.suggest": ("POST", {v: 200 for v in VISITORS}),
    "main.set_language": ("POST", {v: 302 for v in VISITORS}),
    "auth.login": ("GET", {"anonymous": 200, **{v: 302 for v in LOGGED_IN}}),
    "auth.login_submit": ("POST", {"anonymous": 200, **{v: 302 for v in LOGGED_IN}}),
    "auth.register": ("GET", {"anonymous": 200, **{v: 302 for v in LOGGED_IN}}),
    "auth.accept_invitation": ("GET", {v: 200 for v in VISITORS}),
    # An invitation's token is no sign-up link: a made-up link opens nothing, for anyone.
    "auth.confirm_signup": ("GET", {v: 404 for v in VISITORS}),
    "auth.forgot": ("GET", {"anonymous": 200, **{v: 302 for v in LOGGED_IN}}),
    # A made-up reset link opens nothing, for anyone.
    "auth.reset_password": ("GET", {v: 404 for v in VISITORS}),
    "auth.logout": ("POST", {"anonymous": LOGIN, **{v: 302 for v in LOGGED_IN}}),
    "auth.invitations": ("GET", {"anonymous": LOGIN, "newcomer": 403, "newcomer_pending": 403,
                                 "mentor": 200, "mentor_pending": 403, "organizer": 200}),
    # The invitation belongs to the organizer: a mentor has no relation to it.
    "auth.revoke_invitation": ("POST", {"anonymous": LOGIN, "newcomer": 403,
                                        "newcomer_pending": 403, "mentor": 404,
                                        "mentor_pending": 403, "organizer": 302}),
    "account.settings": ("GET", {"anonymous": LOGIN, **{v: 200 for v in LOGGED_IN}}),
    "account.locale": ("POST", {"anonymous": LOGIN, **{v: 302 for v in LOGGED_IN}}),
    "account.password": ("POST", {"anonymous": LOGIN, **{v: 200 for v in LOGGED_IN}}),
    "account.email": ("POST", {"anonymous": LOGIN, **{v: 302 for v in LOGGED_IN}}),
    "account.logout_everywhere": ("POST", {"anonymous": LOGIN, **{v: 302 for v in LOGGED_IN}}),
    "account.two_factor": ("GET", {"anonymous": LOGIN, **{v: 200 for v in LOGGED_IN}}),
    "account.two_factor_confirm": ("POST", {"anonymous": LOGIN, **{v: 302 for v in LOGGED_IN}}),
    # Organizers must keep their second factor.
    "account.two_factor_disable": ("POST", {"anonymous": LOGIN, "organizer": 403,
                                            **{v: 302 for v in LOGGED_IN[:-1]}}),
    "auth.second_factor": ("GET", {v: 302 for v in VISITORS}),
    "notify.inbox": ("GET", {"anonymous": LOGIN, **{v: 200 for v in LOGGED_IN}}),
    "notify.read": ("POST", {"anonymous": LOGIN, **{v: 302 for v in LOGGED_IN}}),
    "notify.read_all": ("POST", {"anonymous": LOGIN, **{v: 302 for v in LOGGED_IN}}),
    "audit.index": ("GET", {"anonymous": LOGIN, "organizer": 200}),
    "people.volunteers": ("GET", {"anonymous": LOGIN, "organizer": 200}),
    "people.volunteer": ("GET", {"anonymous": LOGIN, "organizer": 200}),
    "people.newcomers": ("GET", {"anonymous": LOGIN, "organizer": 200}),
    "people.newcomer_lead": ("POST", {"anonymous": LOGIN, "organizer": 302}),
    # A mentor with no match to this newcomer must not learn that the record exists.
    "people.newcomer": ("GET", {"anonymous": LOGIN, "mentor": 404, "organizer": 200}),
    "people.admit": ("POST", {"anonymous": LOGIN, "organizer": 302}),
    "people.newcomer_status": ("POST", {"anonymous": LOGIN, "organizer": 302}),
    "people.promote": ("POST", {"anonymous": LOGIN, "organizer": 302}),
    "people.approvals_list": ("GET", {"anonymous": LOGIN, "organizer": 200}),
    # The made-up request waits; its record is the organizers' alone.
    "people.approval_evidence": ("GET", {"anonymous": LOGIN, "organizer": 200}),
    "people.approval_decide": ("POST", {"anonymous": LOGIN, "organizer": 302}),
    "people.identity": ("GET", {"anonymous": LOGIN, "organizer": 200}),
    "people.identity_request": ("POST", {"anonymous": LOGIN, "organizer": 302}),
    # With one organizer the handed-over link is shown at once.
    "people.password_reset": ("POST", {"anonymous": LOGIN, "organizer": 200}),
    "people.erase_confirm": ("GET", {"anonymous": LOGIN, "organizer": 200}),
    "people.erase": ("POST", {"anonymous": LOGIN, "organizer": 302}),
    "account.export": ("GET", {"anonymous": LOGIN, **{v: 200 for v in LOGGED_IN}}),
    "account.erase": ("POST", {"anonymous": LOGIN, "newcomer": 302}),
    "account.erase_cancel": ("POST", {"anonymous": LOGIN, "newcomer": 302}),
    # Newcomers, taken in or not yet, ask for help; the request id belongs to another newcomer.
    "help.index": ("GET", {"anonymous": LOGIN, "newcomer": 200, "newcomer_pending": 200}),
    "help.profile": ("GET", {"anonymous": LOGIN, "newcomer": 200, "newcomer_pending": 200}),
    "help.new_request": ("GET", {"anonymous": LOGIN, "newcomer": 200, "newcomer_pending": 200}),
    "help.request_detail": ("GET", {"anonymous": LOGIN, "newcomer": 404,
                                    "newcomer_pending": 404}),
    "help.edit_request": ("GET", {"anonymous": LOGIN, "newcomer": 404, "newcomer_pending": 404}),
    "help.withdraw": ("POST", {"anonymous": LOGIN, "newcomer": 404, "newcomer_pending": 404}),
    # Vetted volunteers offer help; the offer id belongs to another mentor, so even the organizer
    # has no relation to it.
    "offers.index": ("GET", {"anonymous": LOGIN, "mentor": 200, "organizer": 200}),
    "offers.profile": ("GET", {"anonymous": LOGIN, "mentor": 200, "organizer": 200}),
    "offers.new": ("GET", {"anonymous": LOGIN, "mentor": 200, "organizer": 200}),
    "offers.edit": ("GET", {"anonymous": LOGIN, "mentor": 404, "organizer": 404}),
    "offers.status": ("POST", {"anonymous": LOGIN, "mentor": 404, "organizer": 404}),
    # The check-in and the deadline belong to a stranger's active mentor match: only the organizer
    # may read them, nobody else may learn they exist, and nobody but its mentor logs or moves it.
    "checkins.index": ("GET", {"anonymous": LOGIN, "mentor": 200, "organizer": 200}),
    "checkins.log": ("GET", {"anonymous": LOGIN, "mentor": 404, "organizer": 200}),
    "checkins.move": ("GET", {"anonymous": LOGIN, "newcomer": 404, "mentor": 404,
                              "organizer": 403}),
    "checkins.mine": ("GET", {"anonymous": LOGIN, "newcomer": 200}),
    "checkins.ask": ("POST", {"anonymous": LOGIN, "newcomer": 302}),
    "checkins.settings": ("GET", {"anonymous": LOGIN, "organizer": 200}),
    "deadlines.mine": ("GET", {"anonymous": LOGIN, "newcomer": 200, "newcomer_pending": 200}),
    "deadlines.for_newcomer": ("GET", {"anonymous": LOGIN, "organizer": 200,
                                       **{v: 404 for v in LOGGED_IN[:-1]}}),
    "deadlines.add": ("POST", {"anonymous": LOGIN, "organizer": 200,
                               **{v: 404 for v in LOGGED_IN[:-1]}}),
    "deadlines.edit": ("GET", {"anonymous": LOGIN, "organizer": 200,
                               **{v: 404 for v in LOGGED_IN[:-1]}}),
    "deadlines.delete": ("POST", {"anonymous": LOGIN, "organizer": 302,
                                  **{v: 404 for v in LOGGED_IN[:-1]}}),
    # Only whoever removed the date may put it back: the organizer did.
    "deadlines.restore": ("POST", {"anonymous": LOGIN, "organizer": 302,
                                   **{v: 404 for v in LOGGED_IN[:-1]}}),
    # The procedure belongs to a newcomer nobody but the organizer is related to.
    "procedure.mine": ("GET", {"anonymous": LOGIN, "newcomer": 200, "newcomer_pending": 200}),
    "procedure.for_newcomer": ("GET", {"anonymous": LOGIN, "organizer": 200,
                                       **{v: 404 for v in LOGGED_IN[:-1]}}),
    "procedure.save": ("POST", {"anonymous": LOGIN, "organizer": 302,
                                **{v: 404 for v in LOGGED_IN[:-1]}}),
    # Only whoever cleared the dates may put them back: the organizer did.
    "procedure.restore": ("POST", {"anonymous": LOGIN, "organizer": 302,
                                   **{v: 404 for v in LOGGED_IN[:-1]}}),
    "procedure.folder": ("GET", {"anonymous": LOGIN, "organizer": 200,
                                 **{v: 404 for v in LOGGED_IN[:-1]}}),
    "procedure.upload": ("POST", {"anonymous": LOGIN, "organizer": 200,
                                  **{v: 404 for v in LOGGED_IN[:-1]}}),
    # A made-up document link opens nothing, for anyone.
    "procedure.document": ("GET", {"anonymous": LOGIN, **{v: 404 for v in LOGGED_IN}}),
    "procedure.translated": ("POST", {"anonymous": LOGIN, **{v: 404 for v in LOGGED_IN}}),
    "procedure.remove": ("POST", {"anonymous": LOGIN, **{v: 404 for v in LOGGED_IN}}),
    "procedure.kind": ("POST", {"anonymous": LOGIN, **{v: 404 for v in LOGGED_IN}}),
    "procedure.translation": ("POST", {"anonymous": LOGIN, **{v: 404 for v in LOGGED_IN}}),
    "procedure.step": ("GET", {"anonymous": LOGIN, **{v: 200 for v in LOGGED_IN}}),
    "procedure.step_for": ("GET", {"anonymous": LOGIN, "organizer": 200,
                                   **{v: 404 for v in LOGGED_IN[:-1]}}),
    "procedure.overview": ("GET", {"anonymous": LOGIN, "organizer": 200}),
    "matching.board": ("GET", {"anonymous": LOGIN, "organizer": 200}),
    "dashboard.index": ("GET", {"anonymous": LOGIN, "organizer": 200}),
    "dashboard.figures_csv": ("GET", {"anonymous": LOGIN, "organizer": 200}),
    "dashboard.matches_csv": ("GET", {"anonymous": LOGIN, "organizer": 200}),
    "dashboard.figures_long_csv": ("GET", {"anonymous": LOGIN, "organizer": 200}),
    "matching.proposals": ("GET", {"anonymous": LOGIN, "organizer": 200}),
    "matching.confirm": ("POST", {"anonymous": LOGIN, "organizer": 302}),
    "matching.request_detail": ("GET", {"anonymous": LOGIN, "organizer": 200}),
    "matching.mine": ("GET", {"anonymous": LOGIN, "mentor": 200, "organizer": 200}),
    # The match is between strangers to every visitor but the organizer.
    "matching.match_detail": ("GET", {"anonymous": LOGIN, "organizer": 200,
                                      **{v: 404 for v in LOGGED_IN[:-1]}}),
    # An empty answer comes back on the match page with its errors, not as a redirect.
    "matching.respond": ("POST", {"anonymous": LOGIN, "mentor": 404, "organizer": 200}),
    "matching.end": ("POST", {"anonymous": LOGIN, "mentor": 404, "organizer": 302}),
    "matching.problem": ("POST", {"anonymous": LOGIN, "organizer": 200,
                                  **{v: 404 for v in LOGGED_IN[:-1]}}),
    # Active people take part in meetings; the meeting is facilitated by a stranger mentor, so
    # only organizers run it, and people not taken in yet learn nothing about it.
    "meetings.index": ("GET", {"anonymous": LOGIN, **{v: 200 for v in MEMBERS}}),
    "meetings.new": ("GET", {"anonymous": LOGIN, "mentor": 200, "organizer": 200}),
    "meetings.series": ("GET", {"anonymous": LOGIN, "mentor": 404, "organizer": 200}),
    "meetings.edit": ("GET", {"anonymous": LOGIN, "mentor": 404, "organizer": 200}),
    "meetings.cancel_series": ("POST", {"anonymous": LOGIN, "mentor": 404, "organizer": 302}),
    "meetings.occurrence": ("GET", {"anonymous": LOGIN, **NOT_TAKEN_IN_404,
                                    **{v: 200 for v in MEMBERS}}),
    "meetings.ics": ("GET", {"anonymous": LOGIN, **NOT_TAKEN_IN_404, **{v: 200 for v in MEMBERS}}),
    "meetings.edit_occurrence": ("GET", {"anonymous": LOGIN, "mentor": 404, "organizer": 200}),
    "meetings.cancel_occurrence": ("POST", {"anonymous": LOGIN, "mentor": 404,
                                            "organizer": 302}),
    "meetings.rsvp": ("POST", {"anonymous": LOGIN, **NOT_TAKEN_IN_404,
                               **{v: 302 for v in MEMBERS}}),
    "meetings.leave": ("POST", {"anonymous": LOGIN, **NOT_TAKEN_IN_404,
                                **{v: 302 for v in MEMBERS}}),
    "meetings.join_series": ("POST", {"anonymous": LOGIN, **NOT_TAKEN_IN_404,
                                      **{v: 302 for v in MEMBERS}}),
    "meetings.leave_series": ("POST", {"anonymous": LOGIN, **NOT_TAKEN_IN_404,
                                       **{v: 302 for v in MEMBERS}}),
    "meetings.attendance": ("GET", {"anonymous": LOGIN, "mentor": 404, "organizer": 200}),
    "meetings.report": ("GET", {"anonymous": LOGIN, "organizer": 200}),
    "meetings.calendar_settings": ("GET", {"anonymous": LOGIN, **{v: 200 for v in MEMBERS}}),
    "meetings.calendar_new": ("POST", {"anonymous": LOGIN, **{v: 200 for v in MEMBERS}}),
    # A made-up feed token opens nothing, for anyone.
    "meetings.feed": ("GET", {v: 404 for v in VISITORS}),
    # The conversation is a stranger's: no member takes part in it. The only organizer reads it,
    # since the two-organizer rule needs two (audited), but never writes in it.
    "conversations.index": ("GET", {"anonymous": LOGIN, **{v: 200 for v in MEMBERS}}),
    "conversations.with_organizers": ("POST", {"anonymous": LOGIN, "newcomer": 302}),
    "conversations.show": ("GET", {"anonymous": LOGIN, "newcomer": 404, "mentor": 404,
                                   "organizer": 200}),
    "conversations.send": ("POST", {"anonymous": LOGIN, **{v: 404 for v in MEMBERS}}),
    "conversations.disappearing": ("POST", {"anonymous": LOGIN, **{v: 404 for v in MEMBERS}}),
    "conversations.report": ("GET", {"anonymous": LOGIN, **{v: 404 for v in MEMBERS}}),
    "conversations.reported": ("GET", {"anonymous": LOGIN, "organizer": 200}),
    "conversations.ask": ("POST", {"anonymous": LOGIN, "organizer": 302}),
    # The installable app's pieces show no one's data; quick exit works for anyone, logged in
    # or not. A device is registered for push with its subscription (none here: refused).
    "phone.manifest": ("GET", {v: 200 for v in VISITORS}),
    "phone.service_worker": ("GET", {v: 200 for v in VISITORS}),
    "phone.offline": ("GET", {v: 200 for v in VISITORS}),
    "phone.quick_exit": ("POST", {v: 303 for v in VISITORS}),
    "phone.leave": ("GET", {v: 302 for v in VISITORS}),
    "push.subscribe": ("POST", {"anonymous": LOGIN, **{v: 400 for v in MEMBERS}}),
    "push.unsubscribe": ("POST", {"anonymous": LOGIN, **{v: 200 for v in MEMBERS}}),
    # Cases are the organizers' alone: a newcomer who reported one never reads its notes.
    "cases.index": ("GET", {"anonymous": LOGIN, "organizer": 200}),
    "cases.detail": ("GET", {"anonymous": LOGIN, "organizer": 200}),
    "cases.take": ("POST", {"anonymous": LOGIN, "organizer": 302}),
    "cases.note": ("POST", {"anonymous": LOGIN, "organizer": 200}),
    "cases.answer": ("POST", {"anonymous": LOGIN, "organizer": 200}),
    # Only the person who reported a case reads its answers; the made-up case has no reporter.
    "cases.report": ("GET", {"anonymous": LOGIN, "newcomer": 404, "mentor": 404,
                             "organizer": 404}),
    "cases.lead": ("POST", {"anonymous": LOGIN, "organizer": 302}),
    "cases.close": ("POST", {"anonymous": LOGIN, "organizer": 302}),
}


def url_of(app, endpoint, world):
    """The URL of an endpoint, its arguments taken from the `world` fixture."""
    _, target_newcomer, target_volunteer, args = world
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    values = {}
    for name in rule.arguments:
        if name == "user_id":
            volunteer_page = endpoint.startswith(("people.volunteer", "people.promote"))
            values[name] = (target_volunteer if volunteer_page else target_newcomer).id
        else:
            values[name] = args[name]
    with app.test_request_context():
        return url_for(endpoint, **values)
