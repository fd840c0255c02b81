"""Delivering the email outbox over SMTP, with back-off, so an outage delays mail and loses none."""
import smtplib
import ssl
from datetime import timedelta
from email.message import EmailMessage

from flask import current_app

from ..models import OutboxEmail, utcnow

BATCH = 100
MAX_BACKOFF_MINUTES = 6 * 60


def backoff(attempts):
    """Minutes to wait before the next try: 2, 4, 8 ... at most six hours."""
    return min(2 ** attempts, MAX_BACKOFF_MINUTES)


def _connect(config):
    host, port = config["SMTP_HOST"], config["SMTP_PORT"]
    security = config["SMTP_SECURITY"]
    if security == "ssl":
        smtp = smtplib.SMTP_SSL(host, port, timeout=10, context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(host, port, timeout=10)
        if security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
    if config["SMTP_USERNAME"]:
        smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
    return smtp


def _message(email, sender):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = email.to_address
    message["Subject"] = email.subject
    # A stable id lets a receiving server drop the rare duplicate after a crash mid-send: the
    # same row gives the same id at every attempt (make_msgid would add time and randomness).
    message["Message-ID"] = (f"<passage-{email.id}.{email.created_at:%Y%m%d%H%M%S%f}"
                             "@passage.invalid>")
    message.set_content(email.body)
    return message


def deliver(now):
    """Send what is due; returns how many the server accepted.

    A refusal of one message leaves the rest of the batch going: a temporary one (4xx) waits
    for its back-off, a permanent one (5xx: unknown user, message rejected) is given up. Only
    a lost connection or a refused sender, which every message would meet, ends the batch.
    """
    config = current_app.config
    if not config.get("SMTP_HOST"):
        return 0
    due = list(OutboxEmail.select()
               .where(OutboxEmail.sent_at.is_null() & OutboxEmail.failed_at.is_null()
                      & (OutboxEmail.next_try_at <= now))
               .order_by(OutboxEmail.next_try_at, OutboxEmail.id).limit(BATCH))
    if not due:
        return 0
    try:
        smtp = _connect(config)
    except (OSError, smtplib.SMTPException) as exc:
        for email in due:
            _claim(email, now, error=f"connect: {exc}")
        return 0
    sent = 0
    with smtp:
        for email in due:
            # Claimed before sending: another scheduler, or this one after a crash, waits its turn.
            if not _claim(email, now):
                continue
            try:
                smtp.send_message(_message(email, config["SMTP_FROM"]))
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as exc:
                code, reply = _refusal(exc)
                changes = dict(last_error=reply[:300])
                if code >= 500:
                    changes["failed_at"] = utcnow()
                OutboxEmail.update(**changes).where(OutboxEmail.id == email.id).execute()
                continue
            except (OSError, smtplib.SMTPException) as exc:
                OutboxEmail.update(last_error=str(exc)[:300]).where(
                    OutboxEmail.id == email.id).execute()
                break
            OutboxEmail.update(sent_at=utcnow(), last_error="").where(
                OutboxEmail.id == email.id).execute()
            sent += 1
    return sent


def _refusal(exc):
    """The SMTP code and reply of a refused recipient or message."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        # One recipient a message: its code is the refusal.
        code, reply = next(iter(exc.recipients.values()))
    else:
        code, reply = exc.smtp_code, exc.smtp_error
    if isinstance(reply, bytes):
        reply = reply.decode("utf-8", "replace")
    return code, f"{code} {reply}"


def _claim(email, now, error=""):
    attempts = email.attempts + 1
    changes = dict(attempts=attempts, next_try_at=now + timedelta(minutes=backoff(attempts)))
    if error:
        changes["last_error"] = error[:300]
    return (OutboxEmail.update(**changes)
            .where((OutboxEmail.id == email.id) & OutboxEmail.sent_at.is_null()
                   & (OutboxEmail.attempts == email.attempts))
            .execute())
