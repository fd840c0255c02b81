"""The French communes shipped with the app (see build.py): look up by code, search by name.

Pure: no Flask, no database. A place is stored as its commune's INSEE code, never finer: a
Paris, Lyon or Marseille arrondissement is found as its commune.
"""
import bisect
import gzip
import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .names import fold

DATA = Path(__file__).with_name("communes.tsv.gz")
# A département code typed after the name, as in "Saint-Denis (93)" or "saint denis 974".
_DEPARTEMENT = re.compile(r"^(.*?)[\s(]+(\d[\dab]|97\d)\)?$")


class Commune(NamedTuple):
    """One commune: INSEE code, official name, département code, population, centre or None."""

    code: str
    name: str
    departement: str
    population: int
    centre: tuple[float, float] | None

    @property
    def title(self):
        """The name with its département, as lists show it: "Lyon (69)"."""
        return f"{self.name} ({self.departement})"


class _Catalog(NamedTuple):
    by_code: dict
    by_name: dict  # folded name or alias -> communes, most populous first
    names: list  # the folded names, sorted: those starting alike are neighbours


@lru_cache(maxsize=1)
def _catalog():
    by_code, names = {}, []
    with gzip.open(DATA, "rt", encoding="utf-8") as lines:
        for line in lines:
            cols = line.rstrip("\n").split("\t")
            if len(cols) == 2:
                names.append((cols[1], cols[0]))
                continue
            code, name, dep, population, lat, lon, cyrillic = cols
            by_code[code] = Commune(code, name, dep, int(population),
                                    (float(lat), float(lon)) if lat else None)
            names.append((name, code))
            names.extend((alias, code) for alias in cyrillic.split("|") if alias)
    by_name = {}
    for name, code in names:
        found = by_name.setdefault(fold(name), [])
        if by_code[code] not in found:
            found.append(by_code[code])
    for found in by_name.values():
        found.sort(key=lambda c: -c.population)
    return _Catalog(by_code, by_name, sorted(by_name))


def get(code):
    """The commune of this INSEE code, or None."""
    return _catalog().by_code.get(code or "")


def search(text, limit=8):
    """Communes whose name (Latin or Cyrillic) is or starts with the text, exact names first."""
    key, departement = _parse(text)
    if len(key) < 2:
        return []
    catalog = _catalog()
    exact = list(catalog.by_name.get(key, ()))
    names = catalog.names[bisect.bisect_right(catalog.names, key):
                          bisect.bisect_left(catalog.names, key + "\uffff")]
    starting = sorted((c for name in names for c in catalog.by_name[name]),
                      key=lambda c: -c.population)
    found = []
    for commune in exact + starting:
        if commune not in found and departement in ("", commune.departement):
            found.append(commune)
    return found[:limit]


def resolve(text):
    """(commune, choices): the one commune the text names, else the communes it may mean."""
    key, departement = _parse(text)
    exact = [c for c in _catalog().by_name.get(key, ())
             if departement in ("", c.departement)]
    choices = exact or search(text)
    if len(choices) == 1:
        return choices[0], []
    return None, choices


def _parse(text):
    folded = fold(text or "")
    match = _DEPARTEMENT.match(folded)
    if match and match.group(1):
        return match.group(1).strip(), match.group(2).upper()
    return folded, ""
