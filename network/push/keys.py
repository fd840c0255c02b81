"""The VAPID key that signs pushes: from the environment in production, generated in development."""
import base64
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02

from ..config import ConfigError

_key = {"vapid": None}


def load(instance_path, production):
    """VAPID_PRIVATE_KEY (PEM) from the environment; else, in development, instance/vapid.key.

    Production without the variable has no push: nothing is generated beside the data there.
    """
    pem = os.environ.get("VAPID_PRIVATE_KEY", "").replace("\\n", "\n").strip()
    if not pem and not production:
        path = Path(instance_path) / "vapid.key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            key = ec.generate_private_key(ec.SECP256R1())
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
        pem = path.read_text()
    if not pem:
        return None
    try:
        return Vapid02.from_pem(pem.encode())
    except Exception:
        # The message names no key: it may end up in a log.
        raise ConfigError("VAPID_PRIVATE_KEY is not a PEM-encoded P-256 private key.") from None


def init_app(app):
    """Load the app's VAPID key (or none: push is then off)."""
    _key["vapid"] = load(app.instance_path, app.config["PRODUCTION"])


def vapid():
    """The signing key, or None when push is off."""
    return _key["vapid"]


def public_key():
    """The application server key a browser subscribes with (base64url, uncompressed point)."""
    key = vapid()
    if key is None:
        return ""
    raw = key.public_key.public_bytes(serialization.Encoding.X962,
                                      serialization.PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
