"""A place typed by a person, checked against the communes: the columns it is stored as."""
from flask_babel import lazy_gettext as _l

from ..core.errors import ServiceError
from . import catalog

NOWHERE = {"city": "", "commune": "", "region": ""}


def place_columns(text, required=True):
    """city (official name), commune (INSEE code) and region (département) of the place typed.

    Only a commune is kept, never a street or anything finer; a name several communes share
    is refused with each of them and its département, so the person can write which.
    """
    text = (text or "").strip()
    if not text:
        if required:
            raise ServiceError(_l("Write the commune (town or city), for example Lyon."))
        return dict(NOWHERE)
    # No commune's name is this long: a longer text is not searched at all.
    commune, choices = catalog.resolve(text) if len(text) <= 100 else (None, [])
    if commune is not None:
        return {"city": commune.name, "commune": commune.code, "region": commune.departement}
    if choices:
        raise ServiceError(_l("Several communes match “%(text)s”: %(choices)s. Write the one you "
                              "mean with its département, as shown.", text=text[:80],
                              choices=", ".join(c.title for c in choices)))
    raise ServiceError(_l("No French commune is called “%(text)s”. Write only the commune, for "
                          "example Lyon or Лион: never a street address.", text=text[:80]))


def centre_of(code):
    """The commune's (latitude, longitude), or None if unknown."""
    commune = catalog.get(code)
    return commune.centre if commune else None
