"""An email sent again after a crash between "accepted by the server" and "marked sent" keeps
its Message-ID, so the receiving server can drop the duplicate."""
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller

from network.models import OutboxEmail, utcnow
from network.notify import mail, service


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def app_config(app_config, smtp_port):
    return {**app_config, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": smtp_port,
            "SMTP_SECURITY": "none"}


def _message_ids(inbox):
    import email

    return [email.message_from_bytes(m.content)["Message-ID"] for m in inbox.messages]


def test_a_resent_email_keeps_its_message_id(app, ctx, mentor, smtp_port):
    service.notify(mentor, "alert", "k:resend", "checkin_alert")
    service.notify(mentor, "alert", "k:other", "checkin_alert")
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        now = utcnow()
        assert mail.deliver(now) == 2
        # What a SIGKILL right after the server's "250 OK" leaves: claimed, sent, not marked.
        first = OutboxEmail.select().order_by(OutboxEmail.id).first()
        OutboxEmail.update(sent_at=None).where(OutboxEmail.id == first.id).execute()
        assert mail.deliver(now + timedelta(minutes=mail.backoff(first.attempts) + 1)) == 1
    finally:
        controller.stop()
    ids = _message_ids(inbox)
    assert len(ids) == 3
    assert ids[2] == ids[0] != ids[1]
