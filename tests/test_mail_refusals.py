"""A server's refusal of one email: a permanent one is given up and shown to organizers, a
temporary one waits for its back-off, and neither stops the rest of the batch."""
from contextlib import ExitStack
from datetime import timedelta

import pytest

from network.models import utcnow
from network.notify import mail, service

from . import smtpkit
from .factories import emails_to, make_mentor


class PickyServer:
    """Refuses some recipients for good, some for now, takes the rest."""

    def __init__(self, refuse=(), later=(), reject_data=()):
        self.refuse, self.later, self.reject_data = set(refuse), set(later), set(reject_data)
        self.accepted = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 unknown user"
        if address in self.later:
            return "451 4.7.1 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if set(envelope.rcpt_tos) & self.reject_data:
            return "554 5.6.0 message refused"
        self.accepted.extend(envelope.rcpt_tos)
        return "250 OK"


@pytest.fixture
def smtp_port():
    return smtpkit.free_port()


@pytest.fixture
def app_config(app_config, smtp_port):
    return {**app_config, **smtpkit.settings(smtp_port)}


@pytest.fixture
def serve(smtp_port):
    with ExitStack() as stack:
        yield lambda handler: stack.enter_context(smtpkit.serving(handler, smtp_port))


def _mail_to(*people):
    for person in people:
        service.notify(person, "alert", f"k:{person.id}", "checkin_alert")


def _row(address):
    return emails_to(address)[0]


def test_a_permanent_refusal_is_given_up_and_the_batch_goes_on(ctx, serve):
    gone, after = make_mentor(email="gone@example.test"), make_mentor(email="after@example.test")
    _mail_to(gone, after)
    server = serve(PickyServer(refuse={"gone@example.test"}))
    now = utcnow()
    assert mail.deliver(now) == 1
    assert server.accepted == ["after@example.test"]
    refused = _row("gone@example.test")
    assert refused.failed_at is not None and refused.sent_at is None
    assert refused.last_error.startswith("550")
    # Never tried again, however long the scheduler runs.
    assert mail.deliver(now + timedelta(days=30)) == 0
    assert _row("gone@example.test").attempts == refused.attempts


def test_a_rejected_message_is_given_up(ctx, serve):
    person = make_mentor(email="strict@example.test")
    _mail_to(person)
    serve(PickyServer(reject_data={"strict@example.test"}))
    assert mail.deliver(utcnow()) == 0
    assert _row("strict@example.test").failed_at is not None


def test_a_temporary_refusal_waits_and_the_rest_of_the_batch_leaves(ctx, serve):
    grey, other = make_mentor(email="grey@example.test"), make_mentor(email="other@example.test")
    _mail_to(grey, other)
    server = serve(PickyServer(later={"grey@example.test"}))
    now = utcnow()
    assert mail.deliver(now) == 1
    assert server.accepted == ["other@example.test"]
    waiting = _row("grey@example.test")
    assert waiting.failed_at is None and waiting.sent_at is None
    assert waiting.last_error.startswith("451") and waiting.next_try_at > now
    # The server takes it at the next try after the back-off.
    server.later.clear()
    assert mail.deliver(waiting.next_try_at) == 1
    assert server.accepted == ["other@example.test", "grey@example.test"]


def test_organizers_see_the_addresses_that_refuse_mail(app, client, auth, organizer, serve):
    with app.app_context():
        gone = make_mentor(email="gone@example.test", name="Gaspard Gone")
        fine = make_mentor(email="fine@example.test", name="Fanny Fine")
        _mail_to(gone, fine)
        serve(PickyServer(refuse={"gone@example.test"}))
        mail.deliver(utcnow())
    auth.login(organizer)
    page = client.get("/dashboard/").get_data(as_text=True)
    section = page[page.index('id="undeliverable-heading"'):]
    section = section[:section.index("</section>")]
    assert "Gaspard Gone" in section and "550" in section
    assert "Fanny Fine" not in section


def test_a_new_address_is_no_longer_listed(app, client, auth, organizer, serve):
    with app.app_context():
        gone = make_mentor(email="gone@example.test", name="Gaspard Gone")
        _mail_to(gone)
        serve(PickyServer(refuse={"gone@example.test"}))
        mail.deliver(utcnow())
        type(gone).update(email="new@example.test").where(type(gone).id == gone.id).execute()
    auth.login(organizer)
    page = client.get("/dashboard/").get_data(as_text=True)
    assert "Gaspard Gone" not in page
