"""The gazetteer: normalisation, lookup order, curated additions and EntityRuler patterns."""

import math
import os
import subprocess
import sys
import time

import pytest
from rapidfuzz import fuzz, process

from tidings.geo import Gazetteer, normalise
from tidings.geo.gazetteer import _FUZZY_CUTOFF, KEPT_CACHES, cache_dir


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


@pytest.mark.parametrize(("a", "b"), [
    ("Kfar Nabouda", "Kafr Nabudah"),
    ("Jebel al-Zawiya", "Jabal Zawiyah"),
    ("Deir ez-Zor", "Dayr al-Zor"),
    ("Ma'arrat al-Nu’man", "Maarrat an-Numan"),
    ("Al Ḩasakah", "Hasakah"),
    ("the Gaza Strip", "GAZA STRIP"),
])
def test_normalise_unifies_spelling_variants(a: str, b: str) -> None:
    assert normalise(a) == normalise(b)


def test_normalise_keeps_different_names_apart() -> None:
    assert normalise("Homs") != normalise("Hama")
    assert normalise("al") == "al"  # an article alone is not dropped to nothing


def test_load_is_one_instance_per_process(gaz: Gazetteer) -> None:
    assert Gazetteer.load() is gaz


def test_cache_dir_follows_environment(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("TIDINGS_CACHE", str(tmp_path))
    assert cache_dir() == tmp_path


def test_curated_village_found_by_variant_spelling(gaz: Gazetteer) -> None:
    for spelling in ("Kfar Nabouda", "Kafr Nabuda", "kafr nabudah"):
        best = gaz.lookup(spelling)[0]
        assert best.id == "tid:kafr-nabudah"
        assert (best.country, best.admin1, best.precision) == ("SYR", "Hama", "city")
        assert abs(best.lat - 35.44) < 0.1 and abs(best.lon - 36.5) < 0.1


def test_aleppo_is_the_syrian_city_first(gaz: Gazetteer) -> None:
    candidates = gaz.lookup("Aleppo")
    assert (candidates[0].country, candidates[0].feature[:3]) == ("SYR", "PPL")
    assert candidates[0].admin1 == "Aleppo"  # GeoNames admin code named via the curated row
    assert any(c.feature == "ADM1" for c in candidates)  # the governorate is a candidate too


def test_ambiguous_name_lists_several_countries(gaz: Gazetteer) -> None:
    countries = {c.country for c in gaz.lookup("Tripoli")}
    assert {"LBY", "LBN"} <= countries


def test_country_aliases_and_precision(gaz: Gazetteer) -> None:
    for name in ("U.S.", "United States", "America"):
        assert gaz.lookup(name)[0].country == "USA"
    syria = gaz.lookup("Syria")[0]
    assert (syria.feature, syria.precision, syria.admin1) == ("PCLI", "country", None)


def test_admin_word_finds_the_division(gaz: Gazetteer) -> None:
    best = gaz.lookup("Idlib province")[0]
    assert (best.id, best.feature, best.precision) == ("tid:sy-idlib", "ADM1", "admin1")
    assert gaz.lookup("Donetsk region")[0].id == "tid:ua-donetsk-oblast"


def test_derived_first_level_division_has_coordinates(gaz: Gazetteer) -> None:
    ohio = gaz.lookup("Ohio")[0]
    assert (ohio.feature, ohio.country) == ("ADM1", "USA")
    assert 38 < ohio.lat < 42 and -85 < ohio.lon < -80


@pytest.mark.parametrize(("name", "country"), [
    # no city shares its name (Nangarhar's seat is Jalalabad) and ISO's code is not GeoNames'
    ("Nangarhar", "AFG"), ("Paktika province", "AFG"), ("Zamfara State", "NGA"),
    ("Cabo Delgado", "MOZ"),
    # no ISO name ties it: ISO says "Lvivska oblast", GeoNames "Lviv"; ISO's Philippine
    # regions carry a numeral
    ("Lviv Oblast", "UKR"), ("South Kivu", "COD"), ("Paktia province", "AFG"),
    ("Western Visayas", "PHL"),
])
def test_first_level_division_found_by_geonames_name(gaz: Gazetteer, name: str,
                                                     country: str) -> None:
    best = gaz.lookup(name)[0]
    assert (best.feature, best.country, best.precision) == ("ADM1", country, "admin1")


def test_a_division_takes_geonames_ascii_spelling_of_isos_name(gaz: Gazetteer) -> None:
    # ISO writes "Nangarhār" and "Tehrān"; English news, as GeoNames, "Nangarhar", "Tehran"
    assert gaz.lookup("Nangarhar")[0].name == "Nangarhar"
    assert gaz.lookup("Tehran province")[0].name == "Tehran"


def test_namesake_town_elsewhere_does_not_take_a_division_code(gaz: Gazetteer) -> None:
    # small towns called "Chiapas" or "Tamaulipas" lie in other states: each state is its own
    for name in ("Chiapas", "Tamaulipas", "Jalisco"):
        best = gaz.lookup(f"{name} state")[0]
        assert (best.name, best.feature, best.country) == (name, "ADM1", "MEX")
    assert gaz.lookup("Chiapas")[0].lat < 18 < gaz.lookup("Tamaulipas")[0].lat


def test_division_named_by_english_words_needs_its_level_word(gaz: Gazetteer) -> None:
    # Papua New Guinea's Gulf Province is no "Gulf"; Myanmar's Shan State no "Shan"
    assert all(c.country != "PNG" for c in gaz.lookup("Gulf", fuzzy=False))
    assert (gaz.lookup("Gulf Province")[0].country, gaz.lookup("Shan State")[0].country) == (
        "PNG", "MMR")


@pytest.mark.parametrize(("name", "country", "precision"), [
    ("Upper Nile", "SSD", "admin1"),  # English words, but news names the state so
    ("Northwest Region", "CMR", "admin1"),  # not Iceland's Northwest
    ("Southwest Region", "CMR", "admin1"),
    ("Puntland", "SOM", "region"),  # federal member states span several GeoNames regions
    ("Jubaland", "SOM", "region"),
    ("Western Sahara", "ESH", "region"),
    ("Zaatari", "JOR", "point"),
    ("Kutupalong refugee camp", "BGD", "point"),
])
def test_conflict_regions_and_camps_news_names(gaz: Gazetteer, name: str, country: str,
                                                precision: str) -> None:
    best = gaz.lookup(name, fuzzy=False)[0]
    assert (best.country, best.precision) == (country, precision)


def test_exact_beats_fuzzy_and_fuzzy_needs_five_letters(gaz: Gazetteer) -> None:
    assert gaz.lookup("Damascus")[0].match == "exact"
    typo = gaz.lookup("Damascuss")
    assert typo and typo[0].match == "fuzzy" and typo[0].country == "SYR"
    assert gaz.lookup("Homz") == []  # too short to guess at


def test_unknown_name_has_no_candidates(gaz: Gazetteer) -> None:
    assert gaz.lookup("Zorbulistan") == []


def test_airport_codes_are_not_aliases(gaz: Gazetteer) -> None:
    assert all(c.name != "Damascus" for c in gaz.lookup("DAM"))


def test_entity_patterns_cover_curated_aliases_with_labels(gaz: Gazetteer) -> None:
    patterns = {p["pattern"]: p for p in gaz.entity_patterns()}
    assert patterns["Kfar Nabouda"]["label"] == "GPE"
    assert patterns["Kfar Nabouda"]["id"] == "tid:kafr-nabudah"
    assert patterns["Jabal al-Zawiya"]["label"] == "LOC"
    assert patterns["Hmeimim air base"]["label"] == "FAC"
    assert patterns["Atmeh camp"]["label"] == "FAC"
    assert "Aleppo" not in patterns  # stock NER handles GeoNames names; only curated here


def test_newspaper_state_abbreviations_name_the_us_state(gaz: Gazetteer) -> None:
    assert [c.id for c in gaz.lookup("Ky.")] == ["US-KY"]
    assert [c.id for c in gaz.lookup("W. Va.")] == ["US-WV"]
    # "Ga." is the state, never the country of the same name
    assert [(c.id, c.country) for c in gaz.lookup("Ga.")] == [("US-GA", "USA")]


def test_curated_province_names_the_division_of_its_cities(gaz: Gazetteer) -> None:
    province = gaz.lookup("British Columbia")[0]
    assert (province.feature, province.country) == ("ADM1", "CAN")
    # GeoNames gives Canadian cities a number for their province; the curated code maps it
    vancouver = next(c for c in gaz.lookup("Vancouver") if c.country == "CAN")
    assert vancouver.admin1 == "British Columbia"
    # a curated division is not added again under ISO's name for it ("Kharkivska oblast")
    assert gaz.lookup("Kharkiv")[0].admin1 == "Kharkiv"
    assert gaz.lookup("Kharkivska oblast", fuzzy=False) == []


def test_every_city_names_its_division_never_a_geonames_code(gaz: Gazetteer) -> None:
    # pycountry matches neither of these divisions to its GeoNames code ("30", "11"):
    # the names come from GeoNames' own table (data/geo/admin1.tsv)
    shenzhen = next(c for c in gaz.lookup("Shenzhen") if c.country == "CHN")
    assert shenzhen.admin1 == "Guangdong"
    seoul = next(c for c in gaz.lookup("Seoul") if c.country == "KOR")
    assert seoul.admin1 == "Seoul"
    cities = [row for row in gaz.rows if row[9] == "GeoNames cities500"]
    assert not [row for row in cities if row[5] and row[5].isdigit()]
    assert sum(row[5] is None for row in cities) < 0.01 * len(cities)


def test_us_county_has_its_own_centre(gaz: Gazetteer) -> None:
    county = gaz.lookup("Marin County", fuzzy=False)[0]
    assert (county.feature, county.admin1, county.precision) == ("ADM2", "California", "admin2")
    assert abs(county.lat - 38.0) < 0.3 and abs(county.lon + 122.6) < 0.3  # not mid-California


def test_district_is_found_by_full_and_bare_name(gaz: Gazetteer) -> None:
    district = gaz.lookup("Manbij District")[0]
    assert (district.feature, district.precision, district.country, district.admin1) == (
        "ADM2", "admin2", "SYR", "Aleppo")
    assert abs(district.lat - 36.5) < 0.3 and abs(district.lon - 38.0) < 0.3
    assert district.source.startswith("GeoNames admin2")
    bare = gaz.lookup("Manbij")
    assert (bare[0].feature, bare[0].precision) == ("PPL", "city")  # the town outranks...
    assert district.id in [c.id for c in bare]  # ...but the district is a candidate


def test_level_word_picks_the_division_level(gaz: Gazetteer) -> None:
    assert [c.feature for c in gaz.lookup("Kandahar province")] == ["ADM1"]
    assert [c.feature for c in gaz.lookup("Kandahar district")] == ["ADM2"]


def test_second_level_division_of_other_countries(gaz: Gazetteer) -> None:
    raion = gaz.lookup("Bakhmut Raion")[0]
    assert (raion.feature, raion.precision, raion.country) == ("ADM2", "admin2", "UKR")
    assert abs(raion.lat - 48.6) < 0.5 and abs(raion.lon - 38.0) < 0.5
    assert raion.population > 0  # the sum of its cities
    lga = next(c for c in gaz.lookup("Maiduguri") if c.feature == "ADM2")
    assert lga.country == "NGA" and abs(lga.lat - 11.85) < 0.3 and abs(lga.lon - 13.16) < 0.3
    assert gaz.lookup("Maiduguri")[0].feature == "PPL"  # the city first, the LGA after
    seat_placed = gaz.lookup("Tartus District")[0]  # no city carries its code: at its seat
    assert seat_placed.feature == "ADM2" and abs(seat_placed.lat - 34.9) < 0.1
    assert "its seat" in seat_placed.source


def test_every_row_names_its_source(gaz: Gazetteer) -> None:
    assert all(row[9] for row in gaz.rows)


@pytest.mark.parametrize(("name", "feature", "lat", "lon"), [
    ("Euphrates River", "STM", 35.3, 40.1),
    ("Black Sea", "SEA", 43.4, 34.0),
    ("Hindu Kush", "MTS", 36.0, 71.0),
    ("Syrian Desert", "DSRT", 33.0, 39.0),
    ("Jordan Valley", "VAL", 32.0, 35.5),
])
def test_physical_features(gaz: Gazetteer, name: str, feature: str, lat: float,
                           lon: float) -> None:
    best = gaz.lookup(name)[0]
    assert (best.feature, best.precision, best.source) == (
        feature, "region", "rough centre, curated")
    assert abs(best.lat - lat) < 0.5 and abs(best.lon - lon) < 0.5


def test_repeated_fuzzy_miss_is_searched_once(gaz: Gazetteer,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    search = gaz._search_fuzzy
    monkeypatch.setattr(gaz, "_search_fuzzy", lambda key: calls.append(key) or search(key))
    assert gaz.lookup("Qxyzzplonk Vale") == gaz.lookup("Qxyzzplonk Vale") == []
    assert len(calls) == 1


@pytest.mark.parametrize("typo", ["Damascuss", "Alexandriaa", "Kafr Nabuuda", "Springfeld",
                                  "Santa Marie", "Kharkov Oblast"])
def test_fuzzy_prefilter_drops_no_match(gaz: Gazetteer, typo: str) -> None:
    """The character-mask pre-filter only skips keys that cannot reach the cutoff: the search
    finds what scoring every key of the same first letter and length range finds."""
    key = normalise(typo)
    bound = _FUZZY_CUTOFF / (200 - _FUZZY_CUTOFF)
    every = [k for k in gaz.index if k[0] == key[0]
             and math.ceil(len(key) * bound) <= len(k) <= math.floor(len(key) / bound)]
    every.sort(key=len)  # the search's order: by length, then the index's
    full = process.extract(key, every, scorer=fuzz.ratio, limit=5, score_cutoff=_FUZZY_CUTOFF)
    assert full and gaz._search_fuzzy(key) == [(k, score) for k, score, _ in full]


def test_prepare_builds_the_cache_for_workers_and_keeps_the_latest_other_versions(tmp_path):
    # the caches of three other versions, used an hour, two and three hours ago
    for hours in (1, 2, 3):
        other = tmp_path / f"gazetteer-other{hours}.pickle"
        other.write_bytes(b"built by another version")
        os.utime(other, (time.time() - 3600 * hours,) * 2)
    code = ("from tidings.geo import Gazetteer; Gazetteer.prepare(); "
            "assert Gazetteer._instance is None; Gazetteer.prepare()")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=600, env={**os.environ, "TIDINGS_CACHE": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    kept = {p.name for p in tmp_path.glob("gazetteer-*.pickle")}
    assert len(kept) == KEPT_CACHES == 3
    assert {"gazetteer-other1.pickle", "gazetteer-other2.pickle"} < kept


def test_second_level_divisions_name_their_first_level_division(gaz: Gazetteer) -> None:
    # GeoNames ties Mosul district to Iraq's code 15, which no ISO division takes: its name
    # comes from admin1.tsv, as for towns, so the city and its district share "Nineveh"
    district = next(c for c in gaz.lookup("Mosul", False) if c.feature == "ADM2")
    assert district.admin1 == "Nineveh"


def test_bare_congo_is_either_congo(gaz: Gazetteer) -> None:
    # the actor lexicon reads a bare "Congo" as the DR Congo; the geoparser weighs both
    assert {"COD", "COG"} <= {c.country for c in gaz.lookup("Congo", False)
                              if c.feature == "PCLI"}
