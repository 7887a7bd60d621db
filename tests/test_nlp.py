"""The spaCy pipeline as tidings loads it: verb lemmas our lexicons rely on, and the parse
that runs ahead of the later stages on a thread of its own."""

import csv
import threading
from importlib import resources

import pytest
import yaml

from tidings.model import Article
from tidings.nlp import MAX_PIECE_CHARS, load_nlp, parse, parse_ahead

CUE_VERB_LISTS = ("light_verbs", "quote_verbs", "denial_verbs", "hypothetical_governors",
                  "future_governors")


# Pasts the regular rule would misspell into non-words ("flied").
IRREGULAR_PASTS = {"fly": "flew"}


def _inflections(verb: str) -> list[str]:
    """Past, gerund and third person of a verb that doubles no consonant."""
    if verb in IRREGULAR_PASTS:
        return [IRREGULAR_PASTS[verb], verb + "ing", verb[:-1] + "ies"]
    if verb.endswith("e"):
        return [verb + "d", verb[:-1] + "ing", verb + "s"]
    if verb.endswith("y") and verb[-2] not in "aeiou":
        return [verb[:-1] + "ied", verb + "ing", verb[:-1] + "ies"]
    third = verb + "es" if verb.endswith(("s", "sh", "ch", "x", "z", "o")) else verb + "s"
    return [verb + "ed", verb + "ing", third]


def _lexicon_verbs() -> set[str]:
    folder = resources.files("tidings") / "data" / "events"
    with (folder / "triggers.tsv").open(encoding="utf-8") as handle:
        verbs = {row[0] for row in csv.reader(handle, delimiter="\t")
                 if row and not row[0].startswith("#") and "V" in row[1]}
    cues = yaml.safe_load((folder / "cues.yaml").read_text(encoding="utf-8"))
    verbs.update(w for name in CUE_VERB_LISTS for w in cues[name])
    return {v for v in verbs if v.isalpha() and not v.endswith(("ing", "ed"))}


def _misread(nlp, cases: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (form, lemma) of each (verb, form) whose form, read as a verb in a sentence, does
    not lemmatise back to its verb."""
    texts = (f"Officials said the rebels {form} the men in the town." for _, form in cases)
    wrong = []
    for (verb, form), doc in zip(cases, nlp.pipe(texts, batch_size=256), strict=True):
        token = next(t for t in doc if t.lower_ == form)
        if token.pos_ == "VERB" and token.lemma_.lower() != verb:
            wrong.append((form, token.lemma_))
    return wrong


def test_regular_inflections_of_lexicon_verbs_lemmatise_back():
    cases = [(verb, form) for verb in sorted(_lexicon_verbs()) for form in _inflections(verb)]
    assert not _misread(load_nlp(), cases)


def test_irregular_forms_of_lexicon_verbs_lemmatise_back():
    """Every past and participle the lemmatiser's own table gives a lexicon verb ("retook",
    "withdrew"), read in a sentence where the tagger may take it for a present."""
    nlp = load_nlp()
    irregular = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")["verb"]
    verbs = _lexicon_verbs()
    cases = sorted((lemmas[0], form) for form, lemmas in irregular.items()
                   if lemmas[0] in verbs and form != lemmas[0] and form.isalpha())
    assert len(cases) > 100 and not _misread(nlp, cases)


def test_mended_lemmas_fire_their_triggers(pipeline):
    from tidings.model import Article

    events = pipeline.extract(Article(text="Soldiers raped two women in the village of Minova."))
    assert [e.event_type for e in events] == ["ASSAULT"]


def test_pieces_join_back_and_cut_at_the_best_boundary_within_reach():
    from tidings.nlp import pieces

    paragraph = "Rebels shelled the port. Talks stalled again. " * 40
    text = "\n\n".join([paragraph] * 30) + "x" * 5000 + " tail"
    cut = pieces(text, limit=6000)
    assert "".join(cut) == text and all(len(p) <= 6000 for p in cut)
    assert all(p.endswith("\n\n") for p in cut[:-3]), "paragraph breaks first"
    assert pieces("word " * 10, limit=12) == ["word word ", "word word ", "word word ",
                                              "word word ", "word word "]
    assert pieces("y" * 25, limit=10) == ["y" * 10, "y" * 10, "y" * 5], "no space: cut blind"


def test_run_on_text_is_cut_into_bounded_sentences():
    from tidings.nlp import MAX_SENTENCE_TOKENS

    doc = load_nlp()("attack " * 1000)
    assert max(len(s) for s in doc.sents) <= MAX_SENTENCE_TOKENS
    normal = load_nlp()("Troops entered the town. " * 20)
    assert len(list(normal.sents)) == 20, "ordinary sentences are left alone"


def test_a_name_the_tagger_took_for_an_adverb_is_its_verbs_subject(pipeline):
    # the small model tags a clause-opening acronym it does not know as an adverb
    doc = load_nlp()("USAID sent food aid to Haiti on Monday.")
    assert (doc[0].dep_, doc[0].head.text, doc[0].pos_) == ("nsubj", "sent", "PROPN")
    (aid,) = pipeline.extract(Article("USAID sent food aid to Haiti on Monday."))
    assert [a.code for a in aid.actor] == ["USAGOV"] and aid.event_type == "AID"
    soon = load_nlp()("Soon the army attacked the town.")  # a true adverb stays one
    assert (soon[0].dep_, soon[2].dep_) == ("advmod", "nsubj")
    # in a headline, as a compound of the verb
    (pledge,) = [e for e in pipeline.extract(Article(
        "EU pledges 500 million euros in aid for Syria quake victims")) if e.event_type == "AGREE"]
    assert [a.code for a in pledge.actor] == ["IGOEU"]


def test_a_reduced_relative_read_as_the_main_verb_is_hung_back_on_its_noun():
    nlp = load_nlp()
    doc = nlp("Journalists arrested during the protests were released by the judiciary.")
    word = {t.text: t for t in doc}
    assert (word["released"].dep_, word["Journalists"].dep_, word["Journalists"].head.text,
            word["arrested"].dep_, word["arrested"].head.text) == (
        "ROOT", "nsubjpass", "released", "acl", "Journalists")
    assert len(list(doc.sents)) == 1
    # a coordinated passive shares the first verb's subject: left as it is
    both = nlp("The protesters marched through the city and were dispersed by police.")
    assert next(t for t in both if t.text == "marched").dep_ == "ROOT"


def _threads_running_ahead() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "tidings-parse" and t.is_alive()]


def test_a_parse_running_ahead_gives_what_parse_gives_in_order(pipeline):
    texts = [f"Rebels attacked post {i} near Kidal on Monday." for i in range(9)]
    texts[4] = "x" * (MAX_PIECE_CHARS + 1)  # left to the caller, as parse leaves it
    readers = []

    def items():
        for i, text in enumerate(texts):
            readers.append(threading.current_thread())
            yield text, i

    ahead = list(parse_ahead(pipeline.nlp, items(), batch_size=2))  # 5 batches, 2 ahead
    plain = list(parse(pipeline.nlp, ((t, i) for i, t in enumerate(texts)), batch_size=2))
    assert [i for _, i in ahead] == list(range(9))
    assert [d is None for d, _ in ahead] == [i == 4 for i in range(9)]
    assert [d.to_json() for d, _ in ahead if d] == [d.to_json() for d, _ in plain if d]
    assert set(readers) == {threading.current_thread()}, "the caller's items, its thread"


def test_errors_of_the_parse_running_ahead_and_of_the_items_reach_the_caller(pipeline):
    with pytest.raises(TypeError):  # a text that is not one fails on the parse's thread
        list(parse_ahead(pipeline.nlp, [("Troops left Goma.", 0), (None, 1)]))

    def broken():
        yield "Troops left Goma.", 0
        raise OSError("the feed went away")

    with pytest.raises(OSError, match="the feed went away"):
        list(parse_ahead(pipeline.nlp, broken()))


def test_a_caller_that_stops_early_leaves_no_parse_running(pipeline):
    stream = parse_ahead(pipeline.nlp, ((f"Troops left town {i}.", i) for i in range(100)),
                         batch_size=4)
    assert next(stream)[1] == 0
    stream.close()
    for thread in _threads_running_ahead():
        thread.join(timeout=30)
    assert not _threads_running_ahead()


def test_a_dateline_is_a_sentence_of_its_own_whole():
    doc = load_nlp()("Police fire water cannon at rally\nTBILISI, Nov 29 (AFP) - Georgian riot "
                     "police used water cannon on protesters, the ministry said.")
    assert [s.text.strip() for s in doc.sents] == [
        "Police fire water cannon at rally", "TBILISI, Nov 29 (AFP) -",
        "Georgian riot police used water cannon on protesters, the ministry said."]


def test_a_semicolon_between_two_clauses_ends_a_sentence_not_one_between_list_items():
    nlp = load_nlp()
    joined = nlp("Pakistani air strikes hit Afghan border provinces; Taliban vow to retaliate")
    assert [s.text for s in joined.sents] == ["Pakistani air strikes hit Afghan border "
                                              "provinces;", "Taliban vow to retaliate"]
    listed = nlp("The rebels attacked Aleppo; Idlib; and Hama.")
    assert len(list(listed.sents)) == 1


def test_speakers_run_into_the_list_before_their_verb_are_its_subject():
    doc = load_nlp()("M23 rebels seized two towns after days of fighting with the army and "
                     "allied militias, local officials and U.N. sources said.")
    said = next(t for t in doc if t.text == "said")
    assert [c.text for c in said.children if c.dep_ == "nsubj"] == ["officials"]
    assert [c.text for c in next(t for t in doc if t.text == "army").conjuncts] == ["militias"]
    # the report going on after its verb of saying: the parser hangs "said" on it
    doc = load_nlp()("M23 rebels seized two towns after days of fighting with the army and "
                     "allied militias, local officials and U.N. sources said, sending "
                     "thousands of civilians across the border into Uganda.")
    said = next(t for t in doc if t.text == "said")
    assert [c.text for c in said.children if c.dep_ == "nsubj"] == ["officials"]
