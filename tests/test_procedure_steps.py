"""Every step's date: the attestation as printed and renewed, after a refusal while the CNDA
appeal is pending, Dublin, and every date that moves the deadlines depending on it."""
from datetime import date, datetime

import pytest

from network.deadlines.reminders import deadline_reminders
from network.deadlines.service import add_deadline
from network.models import Notification
from network.procedure import service
from network.procedure.timeline import Facts, compute, current_step

from .factories import make_match, make_mentor, make_newcomer

TODAY = date(2026, 12, 1)
BASE = Facts(registered=date(2026, 3, 2), procedure="normal", ofpra_filed=date(2026, 3, 16))


def _on(facts, rule, today=TODAY):
    return next((e for e in compute(facts, today) if e.rule == rule), None)


def test_the_printed_expiry_sets_the_renewal_and_a_renewal_moves_it():
    computed = _on(BASE, "attestation_renewal").date
    # Ten months end on Saturday 2 January 2027; 1 January is a holiday: the Thursday before.
    assert computed == date(2026, 12, 31)
    printed = BASE._replace(attestation_expires=date(2026, 12, 12))
    assert _on(printed, "attestation_renewal").date == date(2026, 12, 11)  # Saturday: Friday
    renewed = printed._replace(attestation_expires=date(2027, 6, 10))
    assert _on(renewed, "attestation_renewal").date == date(2027, 6, 10)
    # An expiry passed unrenewed stays a deadline to act on now.
    assert _on(printed, "attestation_renewal", date(2026, 12, 20)).state == "open"


def test_after_a_refusal_the_attestation_is_renewed_while_the_appeal_is_pending():
    refused = BASE._replace(decision_notified=date(2026, 11, 2),
                            attestation_expires=date(2027, 1, 15))
    assert _on(refused, "attestation_renewal").date == date(2027, 1, 15)
    appealed = refused._replace(cnda_appealed=date(2026, 11, 20))
    assert _on(appealed, "cnda_appeal").state == "met"
    # The appeal month is long gone in March; lodged, the appeal keeps the attestation.
    assert _on(appealed, "attestation_renewal", date(2027, 3, 1)).date == date(2027, 1, 15)
    assert _on(refused, "attestation_renewal", date(2027, 3, 1)) is None
    decided = appealed._replace(cnda_hearing=date(2027, 2, 1), cnda_decided=date(2027, 2, 20))
    assert _on(decided, "attestation_renewal", date(2027, 3, 1)) is None
    assert current_step(compute(decided, date(2027, 3, 1))) == "cnda_decision"


def test_every_step_recorded_shows_on_the_timeline_in_order():
    facts = Facts(entered=date(2026, 1, 2), spada=date(2026, 1, 5), registered=date(2026, 1, 12),
                  ofii_offer=date(2026, 1, 12), domiciliation=date(2026, 1, 20),
                  ofpra_filed=date(2026, 1, 30), interview=date(2026, 5, 4),
                  decision_notified=date(2026, 6, 1), cnda_appealed=date(2026, 6, 20),
                  cnda_hearing=date(2026, 10, 5), cnda_decided=date(2026, 10, 26),
                  protection=date(2026, 10, 26), residence_permit=date(2026, 11, 20))
    happened = [e.fact for e in compute(facts, TODAY) if e.fact]
    assert happened == ["spada", "registered", "ofii_offer", "domiciliation", "ofpra_filed",
                        "interview", "decision_notified", "cnda_appealed", "cnda_hearing",
                        "cnda_decided", "protection", "residence_permit"]
    assert current_step(compute(facts, TODAY)) == "residence_permit"


def test_a_dublin_procedure_has_no_ofpra_file_deadline_and_says_to_see_a_lawyer():
    facts = Facts(registered=date(2026, 11, 20), procedure="dublin")
    entries = compute(facts, TODAY)
    assert not any(e.rule == "ofpra_file" for e in entries)
    note = next(e for e in entries if e.state == "dublin")
    assert note.date is None and "http" in note.source


@pytest.mark.parametrize("field, day, moved", [
    ("registered", date(2026, 3, 9), {"ofpra_file", "puma", "attestation_renewal"}),
    ("entered", date(2026, 1, 5), {"late_registration"}),
    ("ofpra_filed", date(2026, 3, 20), {"work_authorisation"}),
    ("ofpra_filed", date(2026, 11, 23), {"ofpra_file", "inbox_check", "work_authorisation"}),
    ("inbox_checked", date(2026, 11, 25), {"inbox_check"}),
    ("attestation_expires", date(2027, 1, 20), {"attestation_renewal"}),
    ("interview", date(2027, 1, 19), {"lawyer_notice"}),
])
def test_every_date_recomputes_the_deadlines_depending_on_it(field, day, moved):
    before = BASE._replace(entered=date(2026, 1, 2), inbox_checked=date(2026, 11, 20),
                           interview=date(2027, 1, 12))
    after = before._replace(**{field: day})

    def dates(facts):
        return {e.rule: (e.date, e.state) for e in compute(facts, TODAY) if e.rule}
    changed = {rule for rule, value in dates(after).items() if dates(before).get(rule) != value}
    assert changed == moved


@pytest.mark.parametrize("field, day, moved", [
    ("decision_notified", date(2026, 11, 27), {"legal_aid", "cnda_appeal"}),
    ("legal_aid_requested", date(2026, 11, 21), {"cnda_appeal"}),
    ("legal_aid_requested", None, {"legal_aid", "cnda_appeal"}),
    ("legal_aid_decided", date(2026, 12, 1), {"cnda_appeal"}),
    ("cnda_appealed", date(2026, 11, 27), {"cnda_appeal"}),
])
def test_every_date_after_the_decision_recomputes_what_depends_on_it(field, day, moved):
    before = BASE._replace(decision_notified=date(2026, 11, 20),
                           legal_aid_requested=date(2026, 11, 24),
                           legal_aid_decided=date(2026, 11, 28))
    after = before._replace(**{field: day})

    def dates(facts):
        return {e.rule: (e.date, e.state) for e in compute(facts, TODAY) if e.rule}
    changed = {rule for rule, value in dates(after).items() if dates(before).get(rule) != value}
    assert changed == moved


def test_on_the_night_summer_time_starts_the_reminder_counts_paris_days(app, ctx):
    newcomer = make_newcomer()
    service.save_facts(newcomer.id, newcomer, {"registered": date(2027, 3, 9)},
                       now=datetime(2027, 3, 28, 12, 0))
    # Clocks go forward on Sunday 28 March 2027: 22:30 UTC that evening is already 00:30 on
    # Monday 29 March in Paris, and the OFPRA file is due on Tuesday 30 March: tomorrow. Counted
    # in UTC, or with winter time's hour, it would still be Sunday and two days ahead.
    assert service.reminders(datetime(2027, 3, 28, 22, 30)) == 1
    assert Notification.get().payload["code"] == "deadline_tomorrow"


def test_the_cnda_appeal_and_a_printed_expiry_are_reminded_once_to_each(app, ctx):
    newcomer, mentor = make_newcomer(), make_mentor()
    make_match(mentor, newcomer)
    now = datetime(2026, 12, 28, 9, 0)
    service.save_facts(newcomer.id, newcomer, {
        "registered": date(2026, 3, 2), "ofpra_filed": date(2026, 3, 16),
        "attestation_expires": date(2027, 1, 4)}, now=now)
    add_deadline(newcomer.id, newcomer, "ofpra_decision", date(2026, 12, 1), now=now)
    # The appeal deadline (4 January 2027) and the attestation's (4 January): one reminder each
    # to the newcomer and the mentor, from the timeline only.
    assert service.reminders(now) + deadline_reminders(now) == 4
    assert service.reminders(now) + deadline_reminders(now) == 0
    sent = {(n.recipient_id, n.dedupe_key.split(":")[2]) for n in Notification.select()}
    assert sent == {(who, rule) for who in (newcomer.id, mentor.id)
                    for rule in ("cnda_appeal", "attestation_renewal")}
