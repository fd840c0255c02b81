"""On a phone: installable (manifest, icons, service worker), push with no content, and a
browser that forgets everything at logout or quick exit."""
import json
import os
import stat

import pytest

from network.config import ConfigError
from network.conversations import service
from network.db import db
from network.models import PushSubscription
from network.push import keys
from network.push import service as push

from .factories import make_conversation
from .pushkit import b64, browser_keys, decrypt, push_service

SECRET = "Я у Нины, 14 rue des Lilas"


def test_every_page_links_the_manifest_which_names_the_service_worker_and_icons(client):
    for path in ("/", "/login", "/register"):
        assert '<link rel="manifest" href="/manifest.webmanifest">' in client.get(path).get_data(
            as_text=True)
    response = client.get("/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.get_data(as_text=True))
    assert manifest["serviceworker"]["src"] == "/sw.js" and manifest["scope"] == "/"
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in manifest["icons"]}
    for icon in manifest["icons"]:
        assert icon["src"].startswith("/static/") and client.get(icon["src"]).status_code == 200


def test_the_service_worker_is_same_origin_under_the_csp_and_caches_no_page(client):
    response = client.get("/sw.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    script = response.get_data(as_text=True)
    cached = script.split("const ASSETS = [")[1].split("];")[0]
    # Only the offline page and static files are ever put in the cache.
    assert [line.strip().strip('",') for line in cached.split("\n") if line.strip()] == [
        "OFFLINE", "/static/css/passage.css", "/static/js/passage.js",
        "/static/icons/passage.svg", "/static/icons/passage-192.png"]
    assert "caches.match(OFFLINE)" in script and "cache.put" not in script
    assert 'credentials: "omit"' in script and "cache.addAll(anonymous)" in script
    assert client.get("/offline").status_code == 200


def test_the_offline_page_is_the_same_for_a_logged_in_person_and_a_visitor(app, client, auth,
                                                                          organizer, newcomer):
    visitor = client.get("/offline").get_data(as_text=True)
    with app.app_context():
        service.send(service.with_organizers(newcomer), newcomer, SECRET)
    auth.login(organizer)
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Сохранено")]
    logged_in = client.get("/offline").get_data(as_text=True)
    assert logged_in == visitor
    for personal in ("csrf_token", "Log out", "Dashboard", "new message", "Сохранено",
                     organizer.display_name):
        assert personal not in logged_in


def test_logging_out_tells_the_browser_to_forget_cache_storage_and_cookies(client, auth,
                                                                           newcomer):
    auth.login(newcomer)
    response = client.post("/logout")
    assert response.headers["Clear-Site-Data"] == '"cache", "storage", "cookies"'


def test_quick_exit_leaves_for_a_neutral_site_and_ends_the_session(app, client, auth, newcomer):
    auth.login(newcomer)
    response = client.post("/exit")
    assert response.status_code == 303
    assert response.headers["Location"] == app.config["QUICK_EXIT_URL"]
    assert response.headers["Clear-Site-Data"] == '"cache", "storage", "cookies"'
    assert client.get("/conversations/").headers["Location"].startswith("/login")


@pytest.fixture
def csrf_on(app_config):
    app_config["WTF_CSRF_ENABLED"] = True


def test_a_forged_quick_exit_is_refused_and_logs_nobody_out(csrf_on, app, client, newcomer):
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/login", data={"email": newcomer.email, "password": "correct horse battery",
                                "csrf_token": token})
    assert client.get("/conversations/").status_code == 200
    response = client.post("/exit")  # from another site: no token
    assert response.status_code == 400 and "Clear-Site-Data" not in response.headers
    assert client.get("/conversations/").status_code == 200
    token = client.get("/conversations/").get_data(as_text=True).split(
        'name="csrf_token" value="')[1].split('"')[0]
    assert client.post("/exit", data={"csrf_token": token}).status_code == 303
    assert client.get("/conversations/").status_code == 302


@pytest.fixture(name="push_service")
def _push_service():
    with push_service() as service:
        yield service


def _subscribe(client, endpoint, public, secret):
    return client.post("/push/subscribe", json={"endpoint": endpoint, "keys": {
        "p256dh": b64(public), "auth": b64(secret)}})


@pytest.fixture
def device(client, auth, mentor, push_service):
    """The mentor's phone with push turned on: (its push service, endpoint, key, secret)."""
    handler, endpoint = push_service
    key, public, secret = browser_keys()
    auth.login(mentor)
    assert _subscribe(client, endpoint, public, secret).status_code == 200
    return handler, endpoint, key, secret


def _message_announced(app, mentor, newcomer, text="hello"):
    """The newcomer writes to the mentor: the message, once every push has been tried."""
    with app.test_request_context():
        conversation = make_conversation(mentor, newcomer)
        return service.send(service.get_for(newcomer, conversation.id), newcomer, text)


def test_the_mentors_phone_gets_a_push_it_alone_can_decrypt_and_it_holds_no_personal_data(
        app, mentor, newcomer, device):
    handler, _, key, secret = device
    message = _message_announced(app, mentor, newcomer, SECRET)
    ((headers, body),) = handler.received
    assert headers["content-encoding"] == "aes128gcm" and headers["authorization"].startswith(
        "vapid ")
    assert SECRET.encode() not in body
    payload = decrypt(body, key, secret)
    assert payload == {"title": "Passage", "body": "New message in Passage.",
                       "url": "/conversations/"}
    for private in (SECRET, newcomer.display_name, "Paris", str(message.conversation_id)):
        assert private not in json.dumps(payload, ensure_ascii=False)


def test_a_device_turned_off_gets_nothing_more(app, client, mentor, newcomer, device):
    handler, endpoint, _, _ = device
    assert client.post("/push/unsubscribe", json={"endpoint": endpoint}).status_code == 200
    _message_announced(app, mentor, newcomer)
    assert handler.received == [] and PushSubscription.select().count() == 0


@pytest.mark.parametrize("status, kept", [(410, 0), (500, 1)])
def test_a_device_its_push_service_forgot_is_dropped_and_a_failing_one_loses_no_message(
        app, mentor, newcomer, device, status, kept):
    handler = device[0]
    handler.status = status
    assert _message_announced(app, mentor, newcomer).id is not None
    assert len(handler.received) == 1 and PushSubscription.select().count() == kept


def test_a_subscription_is_encrypted_at_rest_and_a_bad_one_refused(app, client, auth, mentor,
                                                                   push_service):
    _, endpoint = push_service
    auth.login(mentor)
    assert client.post("/push/subscribe", json={"endpoint": "javascript:x"}).status_code == 400
    assert client.post("/push/subscribe", data="not json").status_code == 400
    _, public, secret = browser_keys()
    _subscribe(client, endpoint, public, secret)
    with app.app_context():
        raw = db.execute_sql("SELECT endpoint, auth FROM push_subscription").fetchone()
    assert endpoint not in raw[0] and b64(secret) not in raw[1]


@pytest.mark.parametrize("address", [
    None,  # the loopback push service, in plain http
    "https://127.0.0.1/push/1", "https://10.0.0.7/push/1", "https://[::1]/push/1",
    "https://localhost/push/1", "https://169.254.169.254/latest/meta-data", "ftp://push.example/1",
])
def test_in_production_no_device_address_may_point_into_the_servers_network(
        app, client, auth, mentor, push_service, address):
    app.config["PUSH_PRIVATE_ENDPOINTS"] = False
    _, public, secret = browser_keys()
    auth.login(mentor)
    assert _subscribe(client, address or push_service[1], public, secret).status_code == 400
    assert PushSubscription.select().count() == 0


def test_a_kept_address_that_points_inside_gets_nothing_and_the_message_goes(
        app, mentor, newcomer, device):
    handler = device[0]
    app.config["PUSH_PRIVATE_ENDPOINTS"] = False
    assert _message_announced(app, mentor, newcomer).id is not None
    assert handler.received == []


def test_a_push_service_cannot_send_the_server_on_to_another_address(
        app, mentor, newcomer, device):
    handler, endpoint, _, _ = device
    handler.status, handler.location = 307, endpoint.replace("/push/device-1", "/inside")
    assert _message_announced(app, mentor, newcomer).id is not None
    assert handler.paths == ["/push/device-1"]


def test_a_persons_newest_devices_are_kept_and_an_older_one_forgotten(
        app, client, auth, mentor, push_service):
    _, endpoint = push_service
    _, public, secret = browser_keys()
    auth.login(mentor)
    devices = [f"{endpoint}-{n}" for n in range(push.DEVICES + 1)]
    for device in devices:
        assert _subscribe(client, device, public, secret).status_code == 200
    with app.app_context():
        kept = {row.endpoint for row in PushSubscription.select()}
    assert kept == set(devices[1:])


def test_a_slow_push_service_holds_the_sender_up_for_a_bounded_time(
        app, client, auth, mentor, newcomer, push_service, monkeypatch):
    handler, endpoint = push_service
    handler.delay = 0.3
    monkeypatch.setattr(push, "BUDGET_SECONDS", 0.2)
    _, public, secret = browser_keys()
    auth.login(mentor)
    for n in range(3):
        _subscribe(client, f"{endpoint}-{n}", public, secret)
    assert _message_announced(app, mentor, newcomer).id is not None
    assert len(handler.paths) == 1


def test_forms_may_go_only_to_this_site_and_the_quick_exits_neutral_site(client):
    policy = client.get("/login").headers["Content-Security-Policy"]
    assert "form-action 'self' https://meteofrance.com;" in policy
    assert "default-src 'self'" in policy


def test_development_generates_a_private_vapid_key_and_production_without_one_pushes_nothing(
        tmp_path, monkeypatch):
    monkeypatch.delenv("VAPID_PRIVATE_KEY", raising=False)
    assert keys.load(tmp_path, production=False) is not None
    assert stat.S_IMODE(os.stat(tmp_path / "vapid.key").st_mode) == 0o600
    assert keys.load(tmp_path / "prod", production=True) is None
    assert not (tmp_path / "prod" / "vapid.key").exists()


def test_a_malformed_vapid_key_is_refused_without_printing_it(tmp_path, monkeypatch):
    monkeypatch.setenv("VAPID_PRIVATE_KEY", "not-a-key-0123456789")
    with pytest.raises(ConfigError) as refused:
        keys.load(tmp_path, production=True)
    assert "not-a-key" not in str(refused.value)
