"""Links in emails and feeds: PUBLIC_URL when set; in development, where the app is served."""
import pytest

from network.config import development_url
from network.meetings import calendar, seats
from network.models import OutboxEmail
from network.notify import service

from .meetingkit import first_date, in_request, make_meeting


@pytest.fixture
def app_config(app_config):
    return {**app_config, "SMTP_HOST": "127.0.0.1", "SMTP_SECURITY": "none", "PUBLIC_URL": "",
            "DEVELOPMENT_URL": "http://127.0.0.1:8123"}


@pytest.mark.parametrize("argv, environ, url", [
    (["flask", "--app", "wsgi", "run"], {}, "http://127.0.0.1:5000"),
    (["flask", "--app", "wsgi", "run", "--port", "8123"], {}, "http://127.0.0.1:8123"),
    (["flask", "run", "-h", "192.168.1.20", "-p", "8000"], {}, "http://192.168.1.20:8000"),
    (["flask", "run", "--host=0.0.0.0", "--port=8000"], {}, "http://127.0.0.1:8000"),
    (["flask", "run", "--host", "::1", "--cert", "adhoc"], {}, "https://[::1]:5000"),
    (["flask", "--app", "wsgi", "scheduler"], {"FLASK_RUN_PORT": "8080"},
     "http://127.0.0.1:8080"),
    (["flask", "run", "--port", "8000"], {"FLASK_RUN_PORT": "8080"}, "http://127.0.0.1:8000"),
])
def test_the_development_address_is_where_flask_run_serves(argv, environ, url):
    assert development_url(argv, environ) == url


def emailed_link():
    [email] = OutboxEmail.select()
    return next(word for word in email.body.split() if word.startswith("http"))


def test_an_email_made_in_a_job_links_to_where_the_app_is_served(app, mentor):
    with app.app_context():
        service.notify(mentor, "meeting", "k:1", "meeting_seat", link="/meetings/7")
    assert emailed_link() == "http://127.0.0.1:8123/meetings/7"


def test_an_email_made_in_a_request_links_to_the_address_it_came_to(app, mentor):
    with app.test_request_context(base_url="http://192.168.1.20:5000"):
        service.notify(mentor, "meeting", "k:1", "meeting_seat", link="/meetings/7")
    assert emailed_link() == "http://192.168.1.20:5000/meetings/7"


def test_public_url_wins_everywhere(app, mentor):
    app.config["PUBLIC_URL"] = "https://passage.example.org"
    with app.test_request_context(base_url="http://evil.example"):
        service.notify(mentor, "meeting", "k:1", "meeting_seat", link="/meetings/7")
    assert emailed_link() == "https://passage.example.org/meetings/7"


def test_a_feed_links_back_to_the_address_it_was_fetched_from(app, mentor, newcomer):
    occurrence = first_date(make_meeting(app, mentor))
    in_request(app, seats.rsvp, occurrence, newcomer)
    with app.test_request_context(base_url="http://192.168.1.20:5000"):
        body = calendar.feed(newcomer).decode()
    assert f"URL:http://192.168.1.20:5000/meetings/{occurrence.id}" in body
