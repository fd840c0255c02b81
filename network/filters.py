"""Template filters that show stored codes as words of the reader's language."""
from markupsafe import Markup, escape

from .core.codes import LEVELS
from .core.contacts import contact_href, free_text
from .core.vocabulary import label, labels
from .models.fields import levels


def languages(value):
    """{"ru": "native", "fr": "a1"}, ("ru", "fr") or "ru:native,fr:a1" as "Russian, French (A1)"."""
    return ", ".join(f"{label('language', code)} ({level.upper()})" if level in LEVELS
                     else str(label("language", code)) for code, level in levels(value).items())


def needs(value):
    """("mentor", "housing") or "mentor,housing" as "A mentor, Housing"."""
    return labels("need", value)


def channel(code):
    """"telegram" as "Telegram"."""
    return str(label("channel", code or ""))


def contact(value, code=None):
    """A contact as a link that opens its app, with the channel's name; free text is guessed."""
    if code is None:
        code, value = free_text(value)
    href = contact_href(code, value)
    text = f"{channel(code)}: {value}" if code else value
    if not href:
        return escape(text)
    return Markup('<a href="{}" rel="noopener">{}</a>').format(href, text)


def init_app(app):
    """Give the templates these filters."""
    app.jinja_env.filters.update(languages=languages, needs=needs, channel=channel,
                                 contact=contact)
