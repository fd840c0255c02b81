"""Encryption at rest for the most sensitive fields, with keys kept apart from the database."""
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from peewee import FieldAccessor, TextField

from .config import ConfigError

_keys = {"fernet": None}


class DecryptionError(RuntimeError):
    """A stored value cannot be read with the configured keys."""


def load_keys(instance_path, generate=True):
    """PASSAGE_ENCRYPTION_KEYS (newest first, comma-separated), else instance/encryption.key."""
    value = os.environ.get("PASSAGE_ENCRYPTION_KEYS")
    if not value:
        # Only development may write that file: beside the database it opens every field.
        if not generate:
            raise ConfigError("PASSAGE_ENCRYPTION_KEYS must be set in production.")
        path = Path(instance_path) / "encryption.key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(Fernet.generate_key().decode())
        value = path.read_text()
    return [key.strip() for key in value.replace("\n", ",").split(",") if key.strip()]


def init_app(app):
    """Use the app's keys for every encrypted field."""
    keys = load_keys(app.instance_path, generate=not app.config["PRODUCTION"])
    try:
        _keys["fernet"] = MultiFernet([Fernet(key) for key in keys])
    except ValueError:
        # The message names no key: it may end up in a log.
        raise ConfigError("PASSAGE_ENCRYPTION_KEYS holds a value that is not a Fernet key "
                          "(32 url-safe base64-encoded bytes).") from None


def encrypt(text):
    return _keys["fernet"].encrypt(text.encode()).decode()


def decrypt(token):
    try:
        return _keys["fernet"].decrypt(token.encode()).decode()
    except InvalidToken:
        raise DecryptionError(
            "a stored value cannot be decrypted with the configured keys") from None


def reveal(value):
    """The text of a value selected under another name (an alias bypasses the field's accessor)."""
    return decrypt(value) if isinstance(value, Ciphertext) else value


def rotate(token):
    """Re-encrypt a stored value under the newest key."""
    return _keys["fernet"].rotate(token.encode()).decode()


class Ciphertext(str):
    """A value that is already a token: stored as it is (key rotation writes these)."""


class _DecryptOnRead(FieldAccessor):
    """Decrypts when the attribute is read: rows listed but not shown cost no decryption."""

    def __get__(self, instance, instance_type=None):
        return reveal(super().__get__(instance, instance_type))


class EncryptedTextField(TextField):
    """Text stored as a Fernet token: a seized database file shows none of it."""

    accessor_class = _DecryptOnRead

    def db_value(self, value):
        if value is None or value == "" or isinstance(value, Ciphertext):
            return value
        return encrypt(value)

    def python_value(self, value):
        # Kept as the token: an unchanged value is saved back as it is, never re-encrypted.
        return Ciphertext(value) if value else value
