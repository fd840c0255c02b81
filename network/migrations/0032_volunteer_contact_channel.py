"""A volunteer's contact becomes a channel and a handle checked on that channel's terms, as a
newcomer's is. Free text that names a way to reach the volunteer ("Signal +33 6 …",
"Telegram @name", an address, a phone number) becomes that channel and handle; anything else
("ask at the Saturday group") reaches nobody and is cleared, so the volunteer is asked for a
contact before accepting a match.

The reading of free text is frozen here, as it stood when this migration was written.
"""
import re

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from peewee import CharField, Table
from playhouse.migrate import SqliteMigrator

from network import crypto

TELEGRAM_NAME = re.compile(r"^@?([A-Za-z][A-Za-z0-9_]{4,31})$")
SIGNAL_NAME = re.compile(r"^@?([A-Za-z][A-Za-z0-9_]{2,31}\.[0-9]{2,9})$")
NAMED = re.compile(r"^(signal|telegram)\b[\s:]*(.+)$", re.IGNORECASE)
CONTACT_MAX = 120


def _phone(value):
    try:
        number = phonenumbers.parse(value, "FR")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number)


def _email(value):
    try:
        validate_email(value, check_deliverability=False, test_environment=True)
    except EmailNotValidError:
        return False
    return True


def _fits(channel, value):
    if not value or len(value) > CONTACT_MAX:
        return False
    return {"phone": _phone(value),
            "telegram": _phone(value) or bool(TELEGRAM_NAME.match(value)),
            "signal": _phone(value) or bool(SIGNAL_NAME.match(value)),
            "email": _email(value)}[channel]


def parse(text):
    """(channel, handle) of a contact written as free text, or ("", "") when it is none."""
    text = (text or "").strip()
    named = NAMED.match(text)
    if named and _fits(named.group(1).lower(), named.group(2).strip()):
        return named.group(1).lower(), named.group(2).strip()
    if "@" in text[1:] and _fits("email", text):
        return "email", text
    if text.startswith("@") and _fits("telegram", text):
        return "telegram", text
    if _fits("phone", text):
        return "phone", text
    return "", ""


def up(migrator, db):
    migrator.migrate(migrator.add_column("volunteer_profile", "contact_channel",
                                         CharField(max_length=16, default="")))
    rows = Table("volunteer_profile", ("id", "contact", "contact_channel")).bind(db)
    for row_id, token in list(rows.select(rows.id, rows.contact)
                              .where(rows.contact.is_null(False) & (rows.contact != "")).tuples()):
        channel, handle = parse(crypto.decrypt(token))
        rows.update({rows.contact_channel: channel,
                     rows.contact: crypto.encrypt(handle) if handle else ""}).where(
            rows.id == row_id).execute()


def down(migrator, db):
    migrator.migrate(migrator.drop_column("volunteer_profile", "contact_channel"))
    if isinstance(migrator, SqliteMigrator):
        # SQLite rebuilt the table without 0030's triggers (see 0036), which 0030 then drops.
        for event in ("INSERT", "UPDATE", "DELETE"):
            db.execute_sql(
                f"CREATE TRIGGER IF NOT EXISTS matching_version_volunteer_profile_"
                f"{event.lower()} AFTER {event} ON volunteer_profile BEGIN INSERT INTO "
                "matching_version (id, n) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET "
                "n = matching_version.n + 1; END")
