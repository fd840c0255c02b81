"""From the dates of what happened to the whole timeline: pure, no Flask, no database."""
from collections import namedtuple
from datetime import timedelta
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta

from .rules import (
    ATTESTATION_MONTHS,
    DUBLIN_SOURCE,
    LOCAL_CALENDARS,
    NEXT,
    PREVIOUS,
    RENEWAL_MONTHS,
    RIGHTS,
    RULES_BY_CODE,
    STEP_CODES,
)

# What happened, in the procedure's order; `department` (of the newcomer's commune) comes from
# the profile.
FIELDS = ("entered", "spada", "registered", "procedure", "attestation_expires", "ofii_offer",
          "domiciliation", "ofpra_filed", "inbox_checked", "interview", "decision_notified",
          "legal_aid_requested", "legal_aid_decided", "cnda_appealed", "cnda_hearing",
          "cnda_decided", "protection", "residence_permit")
Facts = namedtuple("Facts", (*FIELDS, "department"), defaults=(None,) * (len(FIELDS) + 1))
DAY = timedelta(days=1)
# state: done (happened), planned (an appointment to come), open (still to meet), met, late,
# suspended (the clock is stopped), warning (a consequence to know about), opens (a right to come),
# available (a right that has opened), passed (a deadline no longer to act on), dublin (a Dublin
# procedure: its own clock, to see with a lawyer). `fact`: the typed date the entry shows or
# comes from.
Entry = namedtuple("Entry", "step rule date state source fact", defaults=(None,))
SOON = timedelta(days=7)
# The typed date that says a step happened.
HAPPENED = (("spada", "spada"), ("guda", "registered"), ("ofii", "ofii_offer"),
            ("domiciliation", "domiciliation"), ("ofpra_file", "ofpra_filed"),
            ("ofpra_interview", "interview"), ("ofpra_decision", "decision_notified"),
            ("legal_aid", "legal_aid_requested"), ("cnda_appeal", "cnda_appealed"),
            ("cnda_hearing", "cnda_hearing"), ("cnda_decision", "cnda_decided"),
            ("residence_permit", "protection"), ("residence_permit", "residence_permit"))


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
    """The renewal before the attestation expires, while the person still needs one: until
    protection or the CNDA's decision, and after an OFPRA decision while it can be or is appealed.
    The expiry printed on the attestation counts over the one computed from the procedure."""
    if facts.protection or facts.cnda_decided:
        return None
    if facts.decision_notified and not facts.cnda_appealed:
        appeal_by = _appeal(facts).date
        if appeal_by and appeal_by < today:
            return None
    if facts.attestation_expires:
        return _deadline("attestation_renewal", facts.attestation_expires,
                         facts.department)._replace(fact="attestation_expires")
    months = ATTESTATION_MONTHS.get(facts.procedure)
    if months is None:
        return None
    expires = facts.registered + relativedelta(months=months)
    renewals = 0
    while expires < today:
        renewals += 1
        expires = facts.registered + relativedelta(
            months=months + renewals * RENEWAL_MONTHS[facts.procedure])
    return _deadline("attestation_renewal", expires, facts.department)


def _appeal(facts):
    """The CNDA appeal deadline, stopped by legal aid asked in time; met once the appeal is in."""
    entry = _running_appeal(facts)
    if facts.cnda_appealed is None:
        return entry
    return entry._replace(state="met" if entry.date is None or facts.cnda_appealed <= entry.date
                          else "late")


def _running_appeal(facts):
    """The appeal deadline before any appeal is recorded: a month, or what legal aid left of it."""
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


def _settled(entry, facts, today):
    """The state a still-open entry takes once its date is reached or a later step made it moot:
    only what can still be acted on stays open."""
    if entry.state != "open" or not entry.rule:
        return entry
    if entry.rule in RIGHTS:
        return entry._replace(state="available" if entry.date <= today else "opens")
    moot = {
        # The notice must reach OFPRA before the interview: once its day is gone, it is too late.
        "lawyer_notice": entry.date < today,
        # Past its 15 days legal aid no longer stops the month: the appeal deadline is what counts.
        "legal_aid": entry.date < today,
        # An interview or a decision means OFPRA has the file, whether or not its day was typed.
        "ofpra_file": bool(facts.interview or facts.decision_notified),
    }.get(entry.rule, False)
    if entry.rule == "late_registration" and entry.date < today:
        return entry._replace(state="warning")
    return entry._replace(state="passed") if moot else entry


def compute(facts, today):
    """Every step that happened and every deadline the facts set, in date order (suspended last)."""
    entries = [Entry(step, None, getattr(facts, field),
                     "done" if getattr(facts, field) <= today else "planned", "", field)
               for step, field in HAPPENED if getattr(facts, field)]
    where = facts.department
    dublin = facts.procedure == "dublin"
    if dublin:
        entries.append(Entry("guda", None, None, "dublin", DUBLIN_SOURCE))
    if facts.entered:
        late = _deadline("late_registration", facts.entered, where)
        if facts.registered:
            late = late._replace(state="warning" if facts.registered > late.date else "met")
        entries.append(late)
    if facts.registered:
        entries.append(_deadline("puma", facts.registered, where))
        if not dublin:
            entries.append(_kept(_deadline("ofpra_file", facts.registered, where),
                                 facts.ofpra_filed))
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
    entries = [_settled(entry, facts, today) for entry in entries]
    return sorted(entries, key=lambda e: (e.date is None, e.date or today,
                                          STEP_CODES.index(e.step), e.rule or ""))


def current_step(entries):
    """The furthest step that happened, or None."""
    done = [STEP_CODES.index(e.step) for e in entries if e.state == "done"]
    return STEP_CODES[max(done)] if done else None


def next_deadline(entries):
    """The soonest deadline still to act on (an overdue one included), or None."""
    return next((e for e in entries if e.rule and e.state == "open" and e.date), None)


def pressing_all(entries, today):
    """Every urgent deadline (CNDA, OFPRA, attestation) due within 7 days or overdue, soonest
    first."""
    return [e for e in entries if e.rule and e.state == "open" and e.date
            and RULES_BY_CODE[e.rule].urgent and e.date <= today + SOON]


def pressing(entries, today):
    """The soonest urgent deadline due within 7 days or overdue, or None."""
    return next(iter(pressing_all(entries, today)), None)


def urgency(entries, today):
    """A sort key: urgent deadlines within 7 days first, then by date, then no deadline."""
    first = pressing(entries, today)
    if first is not None:
        return (0, first.date)
    nearest = next_deadline(entries)
    return (2, None) if nearest is None else (1, nearest.date)
