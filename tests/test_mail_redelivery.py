"""An email sent again after a crash between "accepted by the server" and "marked sent" keeps
its Message-ID, so the receiving server can drop the duplicate."""
from datetime import timedelta

import pytest

from network.models import OutboxEmail, utcnow
from network.notify import mail, service

from . import smtpkit


@pytest.fixture
def smtp_port():
    return smtpkit.free_port()


@pytest.fixture
def app_config(app_config, smtp_port):
    return {**app_config, **smtpkit.settings(smtp_port)}


def _message_ids(inbox):
    import email

    return [email.message_from_bytes(m.content)["Message-ID"] for m in inbox.messages]


def test_a_resent_email_keeps_its_message_id(app, ctx, mentor, smtp_port):
    service.notify(mentor, "alert", "k:resend", "checkin_alert")
    service.notify(mentor, "alert", "k:other", "checkin_alert")
    with smtpkit.serving(smtpkit.Inbox(), smtp_port) as inbox:
        now = utcnow()
        assert mail.deliver(now) == 2
        # What a SIGKILL right after the server's "250 OK" leaves: claimed, sent, not marked.
        first = OutboxEmail.select().order_by(OutboxEmail.id).first()
        OutboxEmail.update(sent_at=None).where(OutboxEmail.id == first.id).execute()
        assert mail.deliver(now + timedelta(minutes=mail.backoff(first.attempts) + 1)) == 1
    ids = _message_ids(inbox)
    assert len(ids) == 3
    assert ids[2] == ids[0] != ids[1]
