"""From the dates of what happened to the whole timeline: pure, no Flask, no database."""
from collections import namedtuple
from datetime import timedelta
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta

from .rules import (
    ATTESTATION_MONTHS,
    NEXT,
    PREVIOUS,
    RENEWAL_MONTHS,
    RULES_BY_CODE,
    STEP_CODES,
)

FIELDS = ("entered", "registered", "procedure", "ofpra_filed", "inbox_checked", "interview",
          "decision_notified", "legal_aid_requested", "legal_aid_decided")
Facts = namedtuple("Facts", FIELDS, defaults=(None,) * len(FIELDS))
# state: done (happened), planned (an appointment to come), open (still to meet), met, late,
# suspended (the clock is stopped), warning (a consequence to know about).
Entry = namedtuple("Entry", "step rule date state source")
SOON = timedelta(days=7)
# The typed date that says a step happened.
HAPPENED = (("guda", "registered"), ("ofpra_file", "ofpra_filed"),
            ("ofpra_interview", "interview"), ("ofpra_decision", "decision_notified"),
            ("legal_aid", "legal_aid_requested"))


@lru_cache(maxsize=None)
def _holidays(year):
    # Metropolitan France's public holidays; Alsace-Moselle's two extra days are not counted.
    return frozenset(holidays.France(years=year))


def _closed(day):
    return day.weekday() >= 5 or day in _holidays(day.year)


def working_day(day, roll):
    """The day a deadline really falls on, moved off weekends and French public holidays as `roll`
    says."""
    step = {NEXT: 1, PREVIOUS: -1}.get(roll)
    while step and _closed(day):
        day += timedelta(days=step)
    return day


def _add(start, rule):
    if rule.unit == "months":
        return start + relativedelta(months=rule.amount)
    return start + timedelta(days=rule.amount)


def _deadline(code, start, state="open"):
    rule = RULES_BY_CODE[code]
    return Entry(rule.step, code, working_day(_add(start, rule), rule.roll), state, rule.source)


def _kept(entry, done_on):
    """An open deadline becomes met or late once the thing it asks for is done."""
    if done_on is None:
        return entry
    return entry._replace(state="met" if done_on <= entry.date else "late")


def _attestation(facts, today):
    months = ATTESTATION_MONTHS.get(facts.procedure)
    if months is None or facts.decision_notified:
        return None
    expires = facts.registered + relativedelta(months=months)
    renewals = 0
    while expires < today:
        renewals += 1
        expires = facts.registered + relativedelta(months=months + renewals * RENEWAL_MONTHS)
    return _deadline("attestation_renewal", expires)


def _appeal(facts):
    rule = RULES_BY_CODE["cnda_appeal"]
    month_ends = _add(facts.decision_notified, rule)
    asked = facts.legal_aid_requested
    if asked is None or asked > facts.decision_notified + timedelta(days=15) or asked > month_ends:
        return _deadline("cnda_appeal", facts.decision_notified)
    if facts.legal_aid_decided is None:
        return Entry(rule.step, rule.code, None, "suspended", rule.source)
    # The month stops on the request and runs on, for what was left of it, from the answer.
    left = month_ends - asked
    return Entry(rule.step, rule.code,
                 working_day(facts.legal_aid_decided + left, rule.roll), "open", rule.source)


def compute(facts, today):
    """Every step that happened and every deadline the facts set, in date order (suspended last)."""
    entries = [Entry(step, None, getattr(facts, field),
                     "done" if getattr(facts, field) <= today else "planned", "")
               for step, field in HAPPENED if getattr(facts, field)]
    if facts.entered:
        late = _deadline("late_registration", facts.entered)
        if facts.registered:
            late = late._replace(state="warning" if facts.registered > late.date else "met")
        entries.append(late)
    if facts.entered or facts.registered:
        entries.append(_deadline("puma", facts.entered or facts.registered))
    if facts.registered:
        entries.append(_kept(_deadline("ofpra_file", facts.registered), facts.ofpra_filed))
        renewal = _attestation(facts, today)
        if renewal:
            entries.append(renewal)
    if facts.ofpra_filed and not facts.decision_notified:
        entries.append(_deadline("inbox_check", max(facts.inbox_checked or facts.ofpra_filed,
                                                    facts.ofpra_filed)))
        entries.append(_deadline("work_authorisation", facts.ofpra_filed))
    if facts.interview and not facts.decision_notified:
        entries.append(_deadline("lawyer_notice", facts.interview))
    if facts.decision_notified:
        entries.append(_kept(_deadline("legal_aid", facts.decision_notified),
                             facts.legal_aid_requested))
        entries.append(_appeal(facts))
    return sorted(entries, key=lambda e: (e.date is None, e.date or today,
                                          STEP_CODES.index(e.step), e.rule or ""))


def current_step(entries):
    """The furthest step that happened, or None."""
    done = [STEP_CODES.index(e.step) for e in entries if e.state == "done"]
    return STEP_CODES[max(done)] if done else None


def next_deadline(entries):
    """The deadline still open that comes first (an overdue one included), or None."""
    return next((e for e in entries if e.rule and e.state == "open" and e.date), None)


def urgency(entries, today):
    """A sort key: CNDA and OFPRA deadlines within 7 days first, then by date, then no deadline."""
    nearest = next_deadline(entries)
    if nearest is None:
        return (2, None)
    pressing = RULES_BY_CODE[nearest.rule].urgent and nearest.date <= today + SOON
    return (0 if pressing else 1, nearest.date)
