"""The procedure timeline: each deadline from the dates, moved off weekends and French holidays."""
from datetime import date

import pytest

from network.procedure.pages import RULE_LABELS, RULE_NOTES
from network.procedure.rules import CHECKED, RULES
from network.procedure.timeline import (
    Facts,
    compute,
    current_step,
    next_deadline,
    working_day,
)

TODAY = date(2026, 12, 1)


def _on(facts, rule, today=TODAY):
    return next(e for e in compute(facts, today) if e.rule == rule)


def test_every_rule_names_its_source_how_it_moves_and_explains_itself():
    for rule in RULES:
        assert "http" in rule.source and rule.roll in ("next", "previous", "none"), rule.code
        assert str(RULE_NOTES[rule.code]) and str(RULE_LABELS[rule.code]), rule.code


@pytest.mark.parametrize("registered, expected", [
    (date(2026, 12, 4), date(2026, 12, 24)),   # Christmas Friday: the Thursday before
    (date(2026, 12, 11), date(2026, 12, 31)),  # Thursday 31 December: no move
    (date(2027, 4, 10), date(2027, 4, 30)),    # Saturday 1 May: the Friday before
    (date(2027, 3, 8), date(2027, 3, 26)),     # Easter Monday 29 March: back past the weekend
])
def test_the_ofpra_file_is_due_21_days_after_registration_on_a_working_day(registered, expected):
    assert _on(Facts(registered=registered), "ofpra_file").date == expected


@pytest.mark.parametrize("notified, expected", [
    (date(2026, 11, 30), date(2026, 12, 31)),  # a délai franc: the day after 30 December
    (date(2026, 12, 1), date(2027, 1, 4)),    # 2 January is a Saturday: past the year's end
    (date(2027, 1, 31), date(2027, 3, 1)),    # 28 February, the month's last day, then one more
    (date(2026, 3, 30), date(2026, 5, 4)),    # 1 May 2026, a Friday holiday, then the weekend
    (date(2027, 2, 28), date(2027, 3, 30)),   # 29 March 2027 is Easter Monday
    (date(2027, 3, 29), date(2027, 4, 30)),   # notified on Easter Monday: a plain month and a day
    (date(2026, 9, 26), date(2026, 10, 27)),  # across the end of summer time: whole days only
])
def test_the_cnda_appeal_is_a_month_counted_franc_moved_to_the_next_working_day(notified,
                                                                                  expected):
    assert _on(Facts(registered=date(2026, 1, 5), decision_notified=notified),
               "cnda_appeal").date == expected


def test_legal_aid_within_15_days_suspends_the_appeal_month_as_the_lawyers_example_counts():
    # mlgm-avocat.fr: notified 4 June 2019, the request received 17 June, the answer 6 August:
    # 18 days were left, running from 7 August to Sunday 25 August, so Monday 26 August.
    facts = Facts(registered=date(2019, 1, 7), decision_notified=date(2019, 6, 4),
                  legal_aid_requested=date(2019, 6, 17))
    assert _on(facts, "cnda_appeal", date(2019, 7, 1)).state == "suspended"
    assert _on(facts, "legal_aid", date(2019, 7, 1)).state == "met"
    answered = facts._replace(legal_aid_decided=date(2019, 8, 6))
    assert _on(answered, "cnda_appeal", date(2019, 8, 7)).date == date(2019, 8, 26)


def test_legal_aid_asked_after_15_days_suspends_nothing():
    facts = Facts(registered=date(2026, 1, 5), decision_notified=date(2026, 6, 4),
                  legal_aid_requested=date(2026, 6, 25), legal_aid_decided=date(2026, 8, 6))
    assert _on(facts, "legal_aid").state == "late"
    assert _on(facts, "cnda_appeal").date == date(2026, 7, 6)  # 5 July is a Sunday


def test_changing_a_date_recomputes_every_deadline_that_depends_on_it():
    before = Facts(registered=date(2026, 11, 2), procedure="normal",
                   ofpra_filed=date(2026, 11, 20))
    after = before._replace(registered=date(2026, 11, 9))
    assert _on(before, "ofpra_file").date == date(2026, 11, 23)
    assert _on(after, "ofpra_file").date == date(2026, 11, 30)
    assert _on(before, "attestation_renewal").date == date(2027, 9, 2)
    assert _on(after, "attestation_renewal").date == date(2027, 9, 9)


def test_the_attestation_is_renewed_every_six_months_after_its_first_validity():
    facts = Facts(registered=date(2025, 1, 15), procedure="accelerated")
    # 6 months, then 6 more: 15 July 2025, 15 January 2026, 15 July 2026, then 15 January 2027.
    assert _on(facts, "attestation_renewal").date == date(2027, 1, 15)


def test_a_dublin_attestation_lasts_one_month_then_four_at_each_renewal():
    facts = Facts(registered=date(2026, 6, 15), procedure="dublin")
    # 15 July, then 15 November 2026, then 15 March 2027.
    assert _on(facts, "attestation_renewal").date == date(2027, 3, 15)
    assert not any(e.rule == "attestation_renewal"
                   for e in compute(facts._replace(procedure=None), TODAY))


def test_registration_more_than_90_days_after_arrival_is_a_warning():
    facts = Facts(entered=date(2026, 6, 1), registered=date(2026, 9, 1))
    assert _on(facts, "late_registration").state == "warning"
    assert _on(facts._replace(registered=date(2026, 8, 1)), "late_registration").state == "met"


def test_inbox_lawyer_work_and_health_dates():
    facts = Facts(entered=date(2026, 8, 1), registered=date(2026, 9, 1),
                  ofpra_filed=date(2026, 9, 14), inbox_checked=date(2026, 11, 20),
                  interview=date(2027, 1, 8))
    assert _on(facts, "inbox_check").date == date(2026, 12, 5)  # a Saturday: any day counts
    assert _on(facts, "lawyer_notice").date == date(2026, 12, 31)  # 1 January: the day before
    assert _on(facts, "work_authorisation").date == date(2027, 3, 14)
    assert _on(facts, "puma").date == date(2026, 12, 1)  # three months under the attestation


def test_the_current_step_and_the_next_deadline():
    entries = compute(Facts(registered=date(2026, 11, 20), procedure="normal"), TODAY)
    assert current_step(entries) == "guda"
    assert next_deadline(entries).rule == "ofpra_file"
    assert next_deadline(entries).date == date(2026, 12, 11)


def test_a_date_is_moved_only_as_its_rule_says():
    saturday = date(2027, 5, 1)
    assert working_day(saturday, "next") == date(2027, 5, 3)
    assert working_day(saturday, "previous") == date(2027, 4, 30)
    assert working_day(saturday, "none") == saturday


@pytest.mark.parametrize("registered, department, expected", [
    (date(2027, 3, 5), None, date(2027, 3, 26)),    # Good Friday is a working day elsewhere
    (date(2027, 3, 5), "57", date(2027, 3, 25)),    # in Moselle, the Thursday before
    (date(2025, 12, 5), "75", date(2025, 12, 26)),  # 26 December, a Friday, in Paris
    (date(2025, 12, 5), "67", date(2025, 12, 24)),  # in Alsace, before Christmas too
    (date(2025, 12, 5), "68", date(2025, 12, 24)),
])
def test_alsace_moselle_holidays_move_the_ofpra_file_earlier(registered, department, expected):
    assert _on(Facts(registered=registered, department=department), "ofpra_file").date == expected


def test_a_cnda_deadline_on_a_local_holiday_stays_on_the_courts_calendar():
    # 26 March 2027 is Good Friday: a holiday in Moselle, not at the CNDA in Montreuil.
    facts = Facts(registered=date(2026, 1, 5), decision_notified=date(2027, 2, 25),
                  department="57")
    assert _on(facts, "cnda_appeal").date == date(2027, 3, 26)


def test_every_rule_says_what_was_read_and_never_claims_a_check_it_did_not_do():
    assert set(CHECKED) == {rule.code for rule in RULES}
    for code, said in CHECKED.items():
        assert "Read" in said or "Not read" in said, code
        assert "checked" not in said.lower(), code
