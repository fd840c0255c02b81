"""Columns that hold a short list of codes as text: "a,b,c" in the database, a tuple in Python."""
from peewee import CharField, FieldAccessor


def items(value):
    """A stored "a,b" or an iterable of codes as a tuple of codes; a set in sorted order."""
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(item.strip() for item in value.split(",") if item.strip())
    if isinstance(value, (set, frozenset)):
        return tuple(sorted(value))
    return tuple(value)


def levels(value):
    """A stored "ru:native,fr:a1" or a mapping as {code: level}; a bare code is a native one."""
    if isinstance(value, dict):
        return dict(value)
    pairs = (item.partition(":") for item in items(value))
    return {code: level or "native" for code, _, level in pairs if code}


class _ParsedAccessor(FieldAccessor):
    # A new row keeps what it was given ("" by default) until it is read back: parse on read too.
    def __get__(self, instance, instance_type=None):
        if instance is None:
            return self.field
        return self.field.python_value(instance.__data__.get(self.name))


class ListField(CharField):
    """Codes stored comma-separated, read as a tuple in the order they were stored."""

    accessor_class = _ParsedAccessor

    def db_value(self, value):
        return value if isinstance(value, str) else ",".join(items(value))

    def python_value(self, value):
        return items(value)


class LanguageLevelsField(ListField):
    """Languages with a level each, "ru:native,fr:a1", read as {"ru": "native", "fr": "a1"}."""

    def db_value(self, value):
        if isinstance(value, str):
            return value
        return ",".join(f"{code}:{level}" for code, level in levels(value).items())

    def python_value(self, value):
        return levels(value)
