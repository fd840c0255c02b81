"""A local SMTP server for the mail tests: a free port, the settings that point at it, a handler."""
import socket
from contextlib import contextmanager

from aiosmtpd.controller import Controller


def free_port():
    """A TCP port on loopback that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def settings(port):
    """The app's SMTP configuration for a plain server on loopback."""
    return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": port, "SMTP_SECURITY": "none"}


class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@contextmanager
def serving(handler, port):
    """The handler answering SMTP on the port for the duration of the block."""
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler
    finally:
        controller.stop()
