"""Stored codes reach people as words of their language."""
from flask_babel import force_locale

from network.filters import channel, languages, needs


def test_codes_become_words_in_the_readers_language(app):
    with app.test_request_context():
        assert languages("ru:native,fr:a1") == "Russian, French (A1)"
        assert needs("mentor,housing") == "A mentor, Housing"
        assert channel("telegram") == "Telegram" and channel("") == ""
        with force_locale("ru"):
            assert languages("fr:b1").endswith("(B1)") and "French" not in languages("fr:b1")
