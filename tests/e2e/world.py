"""Run beside the seeded database: print, as JSON, the GET pages to visit with real demo ids.

A separate process, so the browser tests never bind the app's database proxy that the
unit tests share.
"""
import itertools
import json
import re
from datetime import timedelta

from flask import url_for

from network import create_app
from network.auth.service import create_invitation
from network.cases.service import open_case
from network.db import connection
from network.models import (
    CheckIn,
    Conversation,
    Deadline,
    HelpRequest,
    Match,
    Meeting,
    Message,
    Notification,
    Occurrence,
    Offer,
    User,
    utcnow,
)
from network.people.approvals import request as ask_second_organizer
from network.places.fields import place_columns

KINDS = ("mentor", "housing", "language")
# Not pages: data downloads (CSV, JSON, calendar files, scripts), and these answers.
NOT_PAGES = re.compile(r"\.(csv|json|ics|js|webmanifest)$")
NOT_PAGE_ENDPOINTS = {"static", "main.healthz", "places.suggest", "procedure.document"}


def _user(email):
    return User.get(User.email == email)


def _meeting(facilitator):
    """The demo's first coming date, or one made here while the demo has no meetings."""
    occurrence = (Occurrence.select().where(Occurrence.start_at > utcnow())
                  .order_by(Occurrence.start_at).first())
    if occurrence is not None:
        return occurrence
    start = (utcnow() + timedelta(days=3)).replace(hour=16, minute=0, second=0, microsecond=0)
    meeting = Meeting.create(title="Группа поддержки", language="ru", **place_columns("Paris"),
                             place="Local associatif", capacity=12, facilitator=facilitator,
                             created_by=facilitator, start_at=start, duration=90)
    return Occurrence.create(meeting=meeting, slot=start, start_at=start, capacity=12)


def arguments():
    """One real value (or several, for pages that differ by record) per URL argument."""
    organizer, mentor = _user("organizer@demo.test"), _user("mentor@demo.test")
    newcomer, pending = _user("newcomer@demo.test"), _user("newcomer.pending@demo.test")
    volunteer_pending = _user("volunteer.pending@demo.test")
    match = Match.get((Match.volunteer == mentor) & (Match.newcomer == newcomer)
                      & (Match.status == "active"))
    occurrence = _meeting(mentor)
    conversation = Conversation.get(Conversation.match == match)
    _, token = create_invitation(organizer, "mentor", label="e2e")
    # A notification to a page the mentor may no longer open: the crawl sees the page that says
    # what happened, where anyone else sees "not found".
    Notification.create(recipient=mentor, kind="match", dedupe_key="e2e-gone",
                        payload={"code": "match_ended", "params": {}},
                        link=url_for("deadlines.for_newcomer", user_id=pending.id))
    return {
        "user_id": [newcomer.id, pending.id],
        "volunteer_id": [mentor.id, volunteer_pending.id],
        "request_id": [HelpRequest.get((HelpRequest.newcomer == newcomer)
                                       & (HelpRequest.status == "open")).id],
        "match_id": [match.id],
        "checkin_id": [CheckIn.select().where((CheckIn.match == match)
                                              & (CheckIn.status == "scheduled"))
                       .order_by(CheckIn.due_at).first().id],
        "offer_id": [Offer.get((Offer.volunteer == mentor) & (Offer.kind == "mentor")).id],
        "deadline_id": [Deadline.select().where(Deadline.newcomer == newcomer).first().id],
        "meeting_id": [occurrence.meeting_id],
        "occurrence_id": [occurrence.id],
        "token": [token],
        # A problem the mentor reported, and a volunteer waiting for a second organizer.
        "case_id": [open_case("problem", newcomer=newcomer, match=match, reporter=mentor,
                              key=f"problem:{match.id}").id],
        "approval_id": [ask_second_organizer("approve_volunteer", volunteer_pending,
                                             organizer).id],
        "kind": list(KINDS),
        "code": ["ofpra_interview"],
        "conversation_id": [conversation.id],
        "message_id": [Message.get((Message.conversation == conversation)
                                   & (Message.sender == mentor)).id],
    }


def pages(app, args):
    """(endpoint, url) of every GET page in the url_map, once per value of its argument."""
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint in NOT_PAGE_ENDPOINTS or "GET" not in rule.methods:
            continue
        if NOT_PAGES.search(rule.rule):
            continue
        names = sorted(rule.arguments)
        values = []
        for name in names:
            source = name
            if name == "user_id" and rule.endpoint.startswith("people.volunteer"):
                source = "volunteer_id"
            if source not in args:
                raise ValueError(f"{rule.rule}: no demo value for <{source}>")
            values.append(args[source])
        # A page of two arguments (a newcomer's step) is seen with each pair of their values.
        found += [(rule.endpoint, url_for(rule.endpoint, **dict(zip(names, chosen))))
                  for chosen in itertools.product(*values)]
    return found


def main():
    app = create_app()
    with app.app_context(), connection(), app.test_request_context():
        print(json.dumps({"pages": pages(app, arguments())}))


if __name__ == "__main__":
    main()
