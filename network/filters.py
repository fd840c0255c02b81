"""Template filters that show stored codes as words of the reader's language."""
from .forms import CHANNEL_LABELS, LANGUAGE_NAMES, LEVEL_LABELS, NEED_LABELS


def _codes(text):
    return [item.strip() for item in (text or "").split(",") if item.strip()]


def languages(text):
    """"ru:native,fr:a1" as "Russian, French (A1)"."""
    shown = []
    for item in _codes(text):
        code, _, level = item.partition(":")
        name = str(LANGUAGE_NAMES.get(code, code))
        shown.append(f"{name} ({level.upper()})" if level in LEVEL_LABELS else name)
    return ", ".join(shown)


def needs(text):
    """"mentor,housing" as "A mentor, Housing"."""
    return ", ".join(str(NEED_LABELS.get(code, code)) for code in _codes(text))


def channel(code):
    """"telegram" as "Telegram"."""
    return str(CHANNEL_LABELS.get(code, code or ""))


def init_app(app):
    """Give the templates these filters."""
    app.jinja_env.filters.update(languages=languages, needs=needs, channel=channel)
