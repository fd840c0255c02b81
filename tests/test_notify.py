"""Notifications: deduplicated, shown in the inbox, emailed through an outbox surviving outages."""
from datetime import timedelta

import pytest

from network.models import Notification, OutboxEmail, User, utcnow
from network.notify import mail, service

from . import smtpkit
from .factories import make_mentor, make_organizer


@pytest.fixture
def smtp_port():
    return smtpkit.free_port()


@pytest.fixture
def app_config(app_config, smtp_port):
    return {**app_config, **smtpkit.settings(smtp_port), "PUBLIC_URL": "https://passage.example"}


@pytest.fixture
def smtp_server(smtp_port):
    with smtpkit.serving(smtpkit.Inbox(), smtp_port) as handler:
        yield handler


def test_the_same_key_notifies_once(app, ctx, mentor):
    assert service.notify(mentor, "alert", "k:1", "checkin_alert") is True
    assert service.notify(mentor, "alert", "k:1", "checkin_alert") is False
    assert Notification.select().count() == 1


def test_alerts_reach_every_active_organizer_once(app, ctx):
    active = [make_organizer(), make_organizer()]
    make_organizer(status="suspended")
    make_organizer(status="pending")
    assert service.alert_organizers("x:1", "unreachable") == 2
    assert service.alert_organizers("x:1", "unreachable") == 0
    assert {n.recipient_id for n in Notification.select()} == {u.id for u in active}


def test_inbox_shows_counts_and_marks_read(client, auth, app, mentor):
    with app.app_context():
        service.notify(mentor, "alert", "k:2", "deadline_soon", {"days": 5}, link="/account/")
    auth.login(mentor)
    page = client.get("/").get_data(as_text=True)
    assert "(1 new)" in page
    inbox = client.get("/notifications/").get_data(as_text=True)
    assert "A procedure date is coming up in 5 days." in inbox
    note = Notification.get()
    response = client.post(f"/notifications/{note.id}/read")
    assert response.headers["Location"] == "/account/"
    assert Notification.get().read_at is not None
    assert "(1 new)" not in client.get("/").get_data(as_text=True)


def test_nobody_marks_or_follows_someone_elses_notification(client, auth, app, mentor):
    other = make_mentor()
    with app.app_context():
        service.notify(other, "alert", "k:3", "checkin_alert", link="/matching/mine")
    auth.login(mentor)
    note = Notification.get()
    response = client.post(f"/notifications/{note.id}/read")
    assert response.headers["Location"] == "/notifications/"
    assert Notification.get().read_at is None
    assert "A check-in raised an alert" not in client.get("/notifications/").get_data(as_text=True)


def test_email_goes_through_the_outbox_with_no_detail(app, ctx, mentor, smtp_server):
    service.notify(mentor, "checkin_due", "k:4", "checkin_due", link="/checkins/")
    email = OutboxEmail.get()
    assert email.to_address == mentor.email
    assert "https://passage.example/checkins/" in email.body
    assert mentor.display_name not in email.body
    assert mail.deliver(utcnow()) == 1
    [received] = smtp_server.messages
    assert received.rcpt_tos == [mentor.email]
    assert b"Passage: something needs your attention" in received.content
    assert mail.deliver(utcnow()) == 0


def test_people_choose_which_kinds_come_by_email(client, auth, app, mentor):
    auth.login(mentor)
    client.post("/account/email", data={"kinds": ["alert", "deadline"]})
    assert "checkin_due" in User.get_by_id(mentor.id).email_off
    with app.app_context():
        service.notify(mentor, "checkin_due", "k:5", "checkin_due")
        service.notify(mentor, "alert", "k:6", "checkin_alert")
    assert [e.notification.kind for e in OutboxEmail.select()] == ["alert"]
    assert Notification.select().count() == 2


def test_only_organizers_are_offered_the_daily_summary(client, auth, mentor, newcomer, organizer):
    for person, offered in ((mentor, False), (newcomer, False), (organizer, True)):
        auth.login(person)
        page = client.get("/account/").get_data(as_text=True)
        assert ('value="digest"' in page) is offered
        auth.logout()
    auth.login(newcomer)
    client.post("/account/email", data={"kinds": ["digest", "meeting"]})  # not offered: refused
    assert not User.get_by_id(newcomer.id).email_off
    client.post("/account/email", data={"kinds": ["meeting"]})
    assert list(User.get_by_id(newcomer.id).email_off) == [
        "checkin_due", "checkin_overdue", "alert", "deadline", "match"]


def test_an_smtp_outage_delays_mail_and_loses_none(app, ctx, mentor, smtp_port):
    for n in range(3):
        service.notify(mentor, "alert", f"k:outage:{n}", "checkin_alert")
    now = utcnow()
    assert mail.deliver(now) == 0  # the server is down
    assert all(e.attempts == 1 and e.last_error for e in OutboxEmail.select())
    assert mail.deliver(now) == 0  # backing off: no retry storm
    assert all(e.attempts == 1 for e in OutboxEmail.select())
    with smtpkit.serving(smtpkit.Inbox(), smtp_port) as handler:
        later = now + timedelta(minutes=mail.backoff(1) + 1)
        assert mail.deliver(later) == 3
        assert mail.deliver(later + timedelta(hours=1)) == 0
    assert len(handler.messages) == 3
    assert OutboxEmail.select().where(OutboxEmail.sent_at.is_null()).count() == 0


def test_backoff_grows_and_is_capped():
    assert [mail.backoff(n) for n in (1, 2, 3)] == [2, 4, 8]
    assert mail.backoff(30) == 360


def test_no_smtp_host_means_inbox_only(app_config, tmp_path, monkeypatch):
    from network import create_app

    monkeypatch.setenv("PASSAGE_INSTANCE", str(tmp_path / "nosmtp"))
    app = create_app({**app_config, "SMTP_HOST": "",
                      "DATABASE_URL": app_config["DATABASE_URL"]})
    with app.app_context():
        user = make_mentor()
        before = OutboxEmail.select().count()
        service.notify(user, "alert", "k:7", "checkin_alert")
        assert OutboxEmail.select().count() == before
        assert mail.deliver(utcnow()) == 0


@pytest.mark.parametrize("days, text", [(1, "через 1 день."), (2, "через 2 дня."),
                                        (5, "через 5 дней."), (21, "через 21 день.")])
def test_a_count_takes_the_form_the_reader_s_language_gives_it(app, days, text):
    from flask_babel import force_locale

    from network.notify.messages import render

    with app.test_request_context(), force_locale("ru"):
        assert render("deadline_soon", {"days": days}).endswith(text)
