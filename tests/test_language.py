"""English only, and said so: foreign articles are named on stderr, English ones never."""

import json
import subprocess
import sys

from tidings.language import detect, foreign

ENGLISH = ("Syrian rebels attacked government forces near Idlib on Saturday, killing four "
           "soldiers, the Syrian Observatory for Human Rights said.")
FRENCH = ("Les rebelles syriens ont attaqué samedi les forces gouvernementales près d'Idleb, "
          "tuant quatre soldats, selon l'Observatoire syrien des droits de l'homme.")
ARABIC = "هاجم المتمردون السوريون القوات الحكومية قرب إدلب يوم السبت وقتلوا أربعة جنود بحسب المرصد"


def test_the_language_is_told_and_english_in_any_case_is_english():
    assert detect(ENGLISH).code == "en"
    assert foreign(ENGLISH) is None and foreign(ENGLISH.lower()) is None
    assert foreign(ENGLISH.upper()) is None
    assert foreign(FRENCH).name == "French" and foreign(ARABIC).code == "ar"


def test_all_caps_text_is_judged_as_its_lower_case():
    # upper-cased English news looked Maltese to the model: caps tell it nothing
    assert detect(ENGLISH.upper()) == detect(ENGLISH.lower())
    assert detect(FRENCH.upper()) == detect(FRENCH.lower())


def test_english_crowded_with_foreign_names_is_english():
    # the detector reads letters and took this for Vietnamese, sure of it
    text = ("At dawn North Vietnamese units struck Quảng Trị, Huế and Đông Hà, and by the "
            "evening they held the bridges over the Thạch Hãn near Cửa Việt.")
    assert detect(text).code != "en" and foreign(text) is None
    assert foreign(FRENCH) is not None  # French has next to no English function words


def test_a_headline_of_names_and_nouns_is_english_by_its_words():
    # few function words, and the detector was sure it was Indonesian: no events at all
    text = ("Russian drones hit Odesa port as Kyiv reports gains near Bakhmut\n\n"
            "Russian drones struck grain warehouses in Odesa overnight.")
    assert detect(text).code != "en" and foreign(text) is None
    spanish = ("El ejército sirio bombardeó la ciudad de Idlib el sábado, matando a cuatro "
               "civiles, según el Observatorio Sirio de Derechos Humanos.")
    assert foreign(spanish).name == "Spanish"  # WordNet holds "el" and "la", not enough


def test_a_text_too_short_to_judge_is_not_called_foreign():
    assert detect("Kfar Nabouda, Idlib") is None and foreign("Jabal al-Zawiya") is None


def test_extract_names_the_foreign_article_and_codes_the_rest(tmp_path):
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "text": t}) + "\n"
                              for i, t in (("en-1", ENGLISH), ("fr-1", FRENCH))))
    run = subprocess.run([sys.executable, "-m", "tidings.cli", "extract", str(corpus),
                          "--workers", "1"], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert "article fr-1 is written in French (fr)" in run.stderr
    assert "en-1" not in run.stderr
    assert {json.loads(line)["article_id"] for line in run.stdout.splitlines()} == {"en-1"}


def test_a_foreign_article_is_not_read_for_places_or_events(pipeline):
    from tidings.model import Article

    visit = Article("Le président s'est rendu mardi à Kiev, en Ukraine, puis à Varsovie en "
                    "Pologne, pour discuter de la guerre avec ses homologues.")
    assert "Idlib" in [p.name for p in pipeline.places(Article(ENGLISH))]
    assert pipeline.places(visit) == [] and pipeline.extract(Article(FRENCH)) == []
    (_, places), = pipeline.places_many([visit])
    assert places == []
