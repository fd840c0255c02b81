"""Encrypted fields: tokens at rest, plain text when read, never re-encrypted for nothing."""
from unittest import mock

from network import crypto
from network.db import db
from network.models import NewcomerProfile


def _raw_contact(user_id):
    return db.execute_sql("SELECT contact FROM newcomer_profile WHERE user_id = %s"
                          % user_id).fetchone()[0]


def test_reading_the_field_gives_the_text_and_the_row_holds_only_the_token(app, newcomer):
    profile = NewcomerProfile.get(NewcomerProfile.user == newcomer.id)
    profile.contact = "+33 6 12 34 56 78"
    profile.save()
    token = _raw_contact(newcomer.id)
    assert "12 34" not in token
    loaded = NewcomerProfile.get(NewcomerProfile.user == newcomer.id)
    assert loaded.contact == "+33 6 12 34 56 78"
    assert loaded.__data__["contact"] == token


def test_loading_rows_decrypts_nothing_until_a_field_is_read(app, newcomer):
    NewcomerProfile.update(contact="secret").where(NewcomerProfile.user == newcomer.id).execute()
    with mock.patch.object(crypto, "decrypt", wraps=crypto.decrypt) as decrypt:
        profile = NewcomerProfile.get(NewcomerProfile.user == newcomer.id)
        assert profile.city is not None and decrypt.call_count == 0
        assert profile.contact == "secret" and decrypt.call_count == 1


def test_saving_an_unchanged_row_keeps_the_token_and_a_change_encrypts_anew(app, newcomer):
    NewcomerProfile.update(contact="first").where(NewcomerProfile.user == newcomer.id).execute()
    token = _raw_contact(newcomer.id)
    profile = NewcomerProfile.get(NewcomerProfile.user == newcomer.id)
    profile.city = "Lyon"
    profile.save()
    assert _raw_contact(newcomer.id) == token
    profile.contact = "second"
    profile.save()
    assert _raw_contact(newcomer.id) != token
    assert NewcomerProfile.get(NewcomerProfile.user == newcomer.id).contact == "second"
