"""A push service on loopback and a browser's push keys: what the push tests share."""
import base64
import contextlib
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


class PushService(BaseHTTPRequestHandler):
    """A push service on loopback: keeps what it receives (and where), answers with the status
    it is told, and sends on to `location` when told to."""

    received, paths = [], []
    status = 201
    location = None
    delay = 0

    def do_POST(self):  # noqa: N802 (the http.server API)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        time.sleep(type(self).delay)
        type(self).received.append(({k.lower(): v for k, v in self.headers.items()}, body))
        type(self).paths.append(self.path)
        self.send_response(type(self).status)
        if type(self).location:
            self.send_header("Location", type(self).location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def push_service():
    """(PushService, a device's endpoint on it), served until the block ends."""
    PushService.received, PushService.paths, PushService.status = [], [], 201
    PushService.location, PushService.delay = None, 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), PushService)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield PushService, f"http://127.0.0.1:{server.server_port}/push/device-1"
    finally:
        server.shutdown()
        server.server_close()


def b64(data):
    """Base64url without padding, as the Push API writes keys."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def browser_keys():
    """What a browser makes when it subscribes: a P-256 key pair and a 16-byte secret."""
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(serialization.Encoding.X962,
                                           serialization.PublicFormat.UncompressedPoint)
    return key, public, os.urandom(16)


def decrypt(body, key, secret):
    """The payload as the device reads it (RFC 8291, aes128gcm)."""
    return json.loads(http_ece.decrypt(body, private_key=key, auth_secret=secret,
                                       version="aes128gcm"))
