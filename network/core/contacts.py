"""How a person can be reached: each channel checked on its own terms, and shown as a link that
opens the app (a phone call, Telegram, Signal or mail)."""
import re
from urllib.parse import quote

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

from ..models import Match
from .errors import ServiceError

# Numbers written without a country code are read as French: the network lives in France.
REGION = "FR"
TELEGRAM_NAME = re.compile(r"^@?([A-Za-z][A-Za-z0-9_]{4,31})$")
SIGNAL_NAME = re.compile(r"^@?([A-Za-z][A-Za-z0-9_]{2,31}\.[0-9]{2,9})$")
CONTACT_MAX = 120
# A volunteer was asked, or the match runs: each side counts on reaching the other.
LIVE_MATCH = ("proposed", "active")
# Free text that names its app first, as volunteers write it: "Signal +33 6 …", "Telegram @name".
NAMED = re.compile(r"^(signal|telegram)\b[\s:]*(.+)$", re.IGNORECASE)


def phone_number(value):
    """The number in E.164 form (+33612345678), or None when it is no valid number."""
    try:
        number = phonenumbers.parse(value, REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _email(value):
    try:
        validate_email(value, check_deliverability=False, test_environment=True)
    except EmailNotValidError:
        return False
    return True


def check_contact(channel, value):
    """Why this contact cannot be used on this channel, or None when it can."""
    value = (value or "").strip()
    if not channel:
        return _l("Choose how we can reach you.") if value else None
    if not value:
        return _l("Write the number, username or address we can reach you at.")
    if len(value) > CONTACT_MAX:
        return _l("This contact is too long.")
    if channel == "phone" and not phone_number(value):
        return _l("Write a phone number, for example +33 6 12 34 56 78.")
    if channel == "telegram" and not (phone_number(value) or TELEGRAM_NAME.match(value)):
        return _l("Write your Telegram username (@name) or phone number.")
    if channel == "signal" and not (phone_number(value) or SIGNAL_NAME.match(value)):
        return _l("Write your Signal phone number or username (name.01).")
    if channel == "email" and not _email(value):
        return _l("Enter a valid email address.")
    return None


def keep_reachable(user, value):
    """Refuse to clear the contact of a person with a live match."""
    if (value or "").strip():
        return
    if Match.select().where(((Match.newcomer == user.id) | (Match.volunteer == user.id))
                            & Match.status.in_(LIVE_MATCH)).exists():
        raise ServiceError(_l("You are in a match now: keep a way to reach you until it ends. "
                              "You can change it to another one."))


def contact_href(channel, value):
    """The link that opens this contact in its app, or "" when there is none to make."""
    value = (value or "").strip()
    number = phone_number(value) if value else None
    if channel == "phone" and number:
        return f"tel:{number}"
    if channel == "telegram":
        if number:
            return f"https://t.me/{number}"
        name = TELEGRAM_NAME.match(value)
        return f"https://t.me/{name.group(1)}" if name else ""
    if channel == "signal":
        if number:
            return f"https://signal.me/#p/{number}"
        name = SIGNAL_NAME.match(value)
        return f"https://signal.me/#u/{quote(name.group(1))}" if name else ""
    if channel == "email" and _email(value):
        return f"mailto:{quote(value, safe='@')}"
    return ""


def free_text(value):
    """(channel, handle) of a contact written as free text: a number, @name, an address, or
    any of them after the app's name; ("", the text) when it is none of them."""
    value = (value or "").strip()
    named = NAMED.match(value)
    if named and check_contact(named.group(1).lower(), named.group(2)) is None:
        return named.group(1).lower(), named.group(2)
    return guess_channel(value), value


def guess_channel(value):
    """The channel of a contact written as free text: a number, @name or an address."""
    value = (value or "").strip()
    if not value:
        return ""
    if "@" in value[1:] and _email(value):
        return "email"
    if TELEGRAM_NAME.match(value) and value.startswith("@"):
        return "telegram"
    if phone_number(value):
        return "phone"
    return ""
