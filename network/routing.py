"""URL converters: a path part that the database cannot hold matches no route (404)."""
from werkzeug.routing import IntegerConverter

from .bounds import ID_MAX


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: a row id, from 1 to the largest the id columns hold."""

    def __init__(self, map, **kwargs):
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", ID_MAX)
        super().__init__(map, **kwargs)


def init_app(app):
    """Make every `<int:...>` of every blueprint an id within the columns' range."""
    app.url_map.converters["int"] = IdConverter
