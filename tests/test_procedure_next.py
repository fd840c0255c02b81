"""The next deadline is the soonest one still to act on: a right that has opened or a notice whose
day is gone never hides a CNDA or legal-aid deadline, on any page that shows it."""
from datetime import date, datetime

import pytest

from network.deadlines.service import add_deadline
from network.procedure import service
from network.procedure.timeline import Facts, compute, next_deadline, pressing

from .factories import make_match, make_mentor, make_newcomer, make_organizer

NOW = datetime(2026, 12, 10, 9, 0)
TODAY = NOW.date()
# Registered in January, the OFPRA decision received on 1 December: legal aid is due on
# Wednesday 16 December, while health cover (PUMa) opened in April.
REGISTERED = {"registered": date(2026, 1, 5), "procedure": "normal",
              "ofpra_filed": date(2026, 1, 20)}
DECIDED = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    """The pages and the service see 10 December 2026."""
    for module in ("network.procedure.views", "network.procedure.service", "network.main.views",
                   "network.dashboard.views"):
        monkeypatch.setattr(f"{module}.utcnow", lambda: NOW)


def _decided(newcomer, by):
    service.save_facts(newcomer.id, by, REGISTERED, now=NOW)
    add_deadline(newcomer.id, by, "ofpra_decision", DECIDED, now=NOW)


def test_an_opened_right_and_a_passed_notice_are_not_deadlines():
    entries = compute(Facts(**REGISTERED, decision_notified=DECIDED), TODAY)
    states = {e.rule: e.state for e in entries if e.rule}
    assert states["puma"] == "available"
    assert (next_deadline(entries).rule, next_deadline(entries).date) == (
        "legal_aid", date(2026, 12, 16))
    assert pressing(entries, TODAY).rule == "legal_aid"
    waiting = compute(Facts(**REGISTERED, interview=date(2026, 12, 14)), TODAY)
    states = {e.rule: e.state for e in waiting if e.rule}
    # The notice was due on Monday 7 December: too late now, and no longer a deadline.
    assert states["lawyer_notice"] == "passed" and states["work_authorisation"] == "available"
    assert next_deadline(waiting).rule == "inbox_check"
    ahead = compute(Facts(registered=date(2026, 11, 20)), TODAY)
    assert {e.rule: e.state for e in ahead if e.rule}["puma"] == "opens"


def test_an_interview_or_a_decision_means_the_ofpra_file_was_sent():
    facts = Facts(registered=date(2026, 1, 5), decision_notified=DECIDED)
    assert {e.rule: e.state for e in compute(facts, TODAY) if e.rule}["ofpra_file"] == "passed"


def test_the_organizers_see_the_legal_aid_deadline_first_and_on_the_dashboard(app, client,
                                                                             auth):
    organizer = make_organizer()
    calm, pressed = make_newcomer(name="Calm"), make_newcomer(name="Pressed")
    service.save_facts(calm.id, organizer, {"registered": date(2026, 12, 1)}, now=NOW)
    _decided(pressed, organizer)
    first, *_ = service.overview(TODAY)
    assert (first[0].id, first[2].rule) == (pressed.id, "legal_aid")
    assert [(n.id, d.rule) for n, d in service.urgent(TODAY)["procedure"]] == [
        (pressed.id, "legal_aid")]
    auth.login(organizer)
    overview = client.get("/procedure/all").get_data(as_text=True)
    assert overview.index("Pressed") < overview.index("Calm")
    row = overview.split(f'data-newcomer="{pressed.id}"')[1].split("</tr>")[0]
    assert 'data-rule="legal_aid"' in row and "16 Dec 2026" in row
    card = client.get("/dashboard/").get_data(as_text=True).split('id="procedure-heading"')[1]
    assert "Pressed" in card.split("</section>")[0] and "16 Dec 2026" in card


def test_the_newcomer_and_the_mentor_see_the_legal_aid_deadline_at_home(app, client, auth):
    newcomer, mentor = make_newcomer(), make_mentor()
    make_match(mentor, newcomer)
    _decided(newcomer, newcomer)
    auth.login(newcomer)
    home = client.get("/").get_data(as_text=True)
    assert '<time datetime="2026-12-16">' in home.split('id="procedure-next"')[1]
    auth.logout()
    auth.login(mentor)
    home = client.get("/").get_data(as_text=True)
    assert '<time datetime="2026-12-16">' in home.split('class="procedure-next"')[1]


def test_an_attestation_expiring_within_7_days_is_on_the_dashboard_and_first_in_the_overview(
        app, client, auth):
    organizer = make_organizer()
    calm, expiring = make_newcomer(name="Calm"), make_newcomer(name="Expiring")
    later = make_newcomer(name="Later")
    service.save_facts(calm.id, organizer, {"registered": date(2026, 12, 1)}, now=NOW)
    for person, expires in ((expiring, date(2026, 12, 15)), (later, date(2026, 12, 18))):
        service.save_facts(person.id, organizer, {"registered": date(2026, 5, 4),
                                                  "ofpra_filed": date(2026, 5, 18),
                                                  "inbox_checked": date(2026, 12, 9),
                                                  "attestation_expires": expires}, now=NOW)
    assert [n.id for n, *_ in service.overview(TODAY)][0] == expiring.id
    auth.login(organizer)
    card = client.get("/dashboard/").get_data(as_text=True).split('id="attestation-heading"')[1]
    card = card.split("</section>")[0]
    assert "Expiring" in card and "15 Dec 2026" in card and "Later" not in card
    assert "Calm" not in card
    # Listed once: the card of OFPRA and CNDA deadlines leaves the expiry to this one.
    cards = service.urgent(TODAY)
    assert [n.id for n, _ in cards["attestation"]] == [expiring.id]
    assert expiring.id not in [n.id for n, _ in cards["procedure"]]


def test_the_overview_sorts_by_urgency_name_or_step_with_only_a_code_in_the_address(
        app, client, auth):
    organizer = make_organizer()
    zoe, adam = make_newcomer(name="Zoé"), make_newcomer(name="Adam")
    _decided(zoe, organizer)
    service.save_facts(adam.id, organizer, {"registered": date(2026, 12, 1)}, now=NOW)
    auth.login(organizer)

    def order(sort=None):
        page = client.get("/procedure/all" + (f"?sort={sort}" if sort else ""))
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        return tuple(sorted(("Zoé", "Adam"), key=text.split("<tbody>")[1].index)), text
    assert order()[0] == ("Zoé", "Adam")        # legal aid due within 7 days
    assert order("name")[0] == ("Adam", "Zoé")
    assert order("step")[0] == ("Zoé", "Adam")  # the decision is further on than registration
    assert order("<script>")[0] == order("urgency")[0]
    links = [href for href in order()[1].split('href="')[1:] if href.startswith("/procedure/all")]
    assert {href.split('"')[0] for href in links} == {"/procedure/all?sort=name",
                                                     "/procedure/all?sort=step"}

