"""From the dates of what happened to the whole timeline: pure, no Flask, no database."""
from collections import namedtuple
from datetime import timedelta
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta

from .rules import (
    ATTESTATION_MONTHS,
    LOCAL_CALENDARS,
    NEXT,
    PREVIOUS,
    RENEWAL_MONTHS,
    RULES_BY_CODE,
    STEP_CODES,
)

# What a procedure file records; `department` (of the newcomer's commune) comes from the profile.
FIELDS = ("entered", "registered", "procedure", "ofpra_filed", "inbox_checked", "interview",
          "decision_notified", "legal_aid_requested", "legal_aid_decided")
Facts = namedtuple("Facts", (*FIELDS, "department"), defaults=(None,) * (len(FIELDS) + 1))
DAY = timedelta(days=1)
# state: done (happened), planned (an appointment to come), open (still to meet), met, late,
# suspended (the clock is stopped), warning (a consequence to know about).
Entry = namedtuple("Entry", "step rule date state source")
SOON = timedelta(days=7)
# The typed date that says a step happened.
HAPPENED = (("guda", "registered"), ("ofpra_file", "ofpra_filed"),
            ("ofpra_interview", "interview"), ("ofpra_decision", "decision_notified"),
            ("legal_aid", "legal_aid_requested"))


@lru_cache(maxsize=None)
def _holidays(year, subdiv=None):
    return frozenset(holidays.France(years=year, subdiv=subdiv))


def _closed(day, subdiv=None):
    return day.weekday() >= 5 or day in _holidays(day.year, subdiv)


def working_day(day, roll, department=None):
    """The day a deadline falls on, moved off weekends and public holidays as `roll` says."""
    step = {NEXT: 1, PREVIOUS: -1}.get(roll)
    # Alsace-Moselle's own holidays move a deadline only earlier: the offices where the newcomer
    # lives are closed then, while a deadline extended to the next working day is kept at the
    # CNDA, in Montreuil, on the national calendar.
    subdiv = LOCAL_CALENDARS.get(department) if roll == PREVIOUS else None
    while step and _closed(day, subdiv):
        day += timedelta(days=step)
    return day


def _add(start, rule):
    end = start + (relativedelta(months=rule.amount) if rule.unit == "months"
                   else timedelta(days=rule.amount))
    return end + DAY if rule.franc else end


def _deadline(code, start, department=None):
    rule = RULES_BY_CODE[code]
    return Entry(rule.step, code, working_day(_add(start, rule), rule.roll, department), "open",
                 rule.source)


def appeal_deadline(notified, department=None):
    """The last day to appeal to the CNDA against a decision received that day, before any legal
    aid request stops the month."""
    return _deadline("cnda_appeal", notified, department).date


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
        expires = facts.registered + relativedelta(
            months=months + renewals * RENEWAL_MONTHS[facts.procedure])
    return _deadline("attestation_renewal", expires, facts.department)


def _appeal(facts):
    rule = RULES_BY_CODE["cnda_appeal"]
    ends = _add(facts.decision_notified, rule)
    asked = facts.legal_aid_requested
    if asked is None or asked > facts.decision_notified + timedelta(days=15) or asked >= ends:
        return _deadline("cnda_appeal", facts.decision_notified, facts.department)
    if facts.legal_aid_decided is None:
        return Entry(rule.step, rule.code, None, "suspended", rule.source)
    # The month stops on the request; what was left of it runs again from the day after the
    # answer, as the délai franc did from the day after the decision.
    left = ends - asked
    return Entry(rule.step, rule.code,
                 working_day(facts.legal_aid_decided + DAY + left, rule.roll, facts.department),
                 "open", rule.source)


def compute(facts, today):
    """Every step that happened and every deadline the facts set, in date order (suspended last)."""
    entries = [Entry(step, None, getattr(facts, field),
                     "done" if getattr(facts, field) <= today else "planned", "")
               for step, field in HAPPENED if getattr(facts, field)]
    where = facts.department
    if facts.entered:
        late = _deadline("late_registration", facts.entered, where)
        if facts.registered:
            late = late._replace(state="warning" if facts.registered > late.date else "met")
        entries.append(late)
    if facts.registered:
        entries.append(_deadline("puma", facts.registered, where))
        entries.append(_kept(_deadline("ofpra_file", facts.registered, where), facts.ofpra_filed))
        renewal = _attestation(facts, today)
        if renewal:
            entries.append(renewal)
    if facts.ofpra_filed and not facts.decision_notified:
        entries.append(_deadline("inbox_check", max(facts.inbox_checked or facts.ofpra_filed,
                                                    facts.ofpra_filed), where))
        entries.append(_deadline("work_authorisation", facts.ofpra_filed, where))
    if facts.interview and not facts.decision_notified:
        entries.append(_deadline("lawyer_notice", facts.interview, where))
    if facts.decision_notified:
        entries.append(_kept(_deadline("legal_aid", facts.decision_notified, where),
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
