"""Training data for the event coder: labelled texts in, labelled candidates out.

Each source says something different about a text: our own sentences and ``plv_train``
give PLOVER types, ``conflibert_cameo_train`` a CAMEO penta class, ``case2021_task2_even``
an ACLED-style subtype. Each becomes a :class:`LabelledText` whose labels are partial where
the source is: a *set* of acceptable PLOVER types (YIELD is CONCEDE or RETREAT; a penta
class allows several types), or nothing for a head the source says nothing about.

``plv_train`` and ``conflibert_cameo_train`` also mark the source and target of their event;
those spans label the role head on the main candidate; so may our own sentences, and the
penta class of a statement. With ``silver_roles`` (an experiment, off in the shipped
recipe: docs/models.md), the sentence's other events get silver roles where the grammar of
their own clause names their parties outright (:func:`outright_roles`), so that the role
head learns to read the parties of the marked trigger, not the main event's.

Candidates come from the pipeline itself (its lexicon events and the reported verbs of
sentences without one), so that the coder trains on what it will read. The sentence's
label goes to its main candidate; every candidate of a text with no event is "no event".
Gold sets are read from ``../shared/datasets`` at train time and never copied here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc

from tidings.evaluate import CASE_ACLED, CASE_PLOVER, PLOVER_PENTA, locate, main_event
from tidings.events.arguments import is_passive, noun_phrase
from tidings.events.coder import NO_ACLED, NO_EVENT, Candidate
from tidings.events.extract import event_candidate, uncovered_verbs, verb_candidate
from tidings.model import PLOVER_TYPES, Article, Event

OWN_DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "training"
# The project's own sentences: types only (news.jsonl), or with the main event's parties,
# place, and the penta class of statements (wire.jsonl).
OWN_FILES = ("news.jsonl", "wire.jsonl")
# Gold sets marked *train* in ../shared/datasets/README.md, by file name.
GOLD_SETS = ("plv_train", "conflibert_cameo_train", "case2021_task2_even")
PENTA_TYPES: dict[int, frozenset[str]] = {
    k: frozenset(t for t, c in PLOVER_PENTA.items() if c == k) for k in range(1, 5)}
# The labels of conflibert put CAMEO 16 (reduce relations) in verbal conflict, with 163
# (impose sanctions), which CAMEO2PLOVER makes COERCE.
PENTA_TYPES[3] = PENTA_TYPES[3] | {"SANCTION", "COERCE"}
YIELD = frozenset({"CONCEDE", "RETREAT"})


RoleSpan = tuple[str, int, int]  # "source" or "target", start, end


def role_spans(text: str, marked: list[tuple[str, str]]) -> tuple[RoleSpan, ...] | None:
    """Gold (role, phrase) pairs as character spans: S is the source, T the target; of the
    parties of a symmetric event (R: "met", "held talks"), the first is the source."""
    spans: list[RoleSpan] = []
    parties = 0
    for role, phrase in marked:
        if role == "R":
            role, parties = ("S" if parties == 0 else "T"), parties + 1
        where = locate(text, phrase) if role in ("S", "T") and phrase else None
        if where is not None:
            spans.append(("source" if role == "S" else "target", *where))
    return tuple(spans) or None


@dataclass
class LabelledText:
    """One training text and what its source says about its main event."""

    text: str
    source: str
    types: frozenset[str] | None = None  # acceptable PLOVER types, {NONE}: no event
    penta: int | None = None
    acled: str | None = None  # an ACLED sub-event type, or NO_ACLED
    roles: tuple[RoleSpan, ...] | None = None  # the main event's source and target

    @property
    def no_event(self) -> bool:
        return self.types == frozenset({NO_EVENT})


@dataclass
class LabelledCandidate:
    candidate: Candidate
    source: str
    types: frozenset[str] | None = None
    penta: int | None = None
    acled: str | None = None
    lexicon_type: str | None = None
    main: bool = False
    roles: tuple[RoleSpan, ...] | None = None  # in the candidate's sentence
    # silver roles: only their spans are scored ("none" spans: another event's parties)
    roles_known_only: bool = False
    extra: dict = field(default_factory=dict)


def _jsonl(path: Path) -> Iterable[dict]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as error:
                    raise ValueError(f"{path}:{number}: not JSON ({error.msg})") from None


def read_own(path: Path) -> list[LabelledText]:
    """``{"text", "labels": [PLOVER types]}`` lines; [] means no political event. Optional:
    ``"penta": 0`` for a statement or appeal (no PLOVER type: then no labels), and the exact
    words of the main event's ``source``, ``target`` and ``location`` (null: the text names
    none). The location trains nothing yet (docs/models.md, event-place chooser)."""
    rows = []
    for number, row in enumerate(_jsonl(path), 1):
        where = f"{path}:{number}"
        text, labels, penta = row["text"], row.get("labels"), row.get("penta")
        if labels is None and penta != 0:
            raise ValueError(f"{where}: no labels (only a statement, penta 0, has none)")
        unknown = set(labels or ()) - set(PLOVER_TYPES)
        if unknown:
            raise ValueError(f"{where}: not PLOVER types: {sorted(unknown)}")
        phrases = {key: row.get(key) for key in ("source", "target", "location")}
        missing = [p for p in phrases.values() if p is not None and p not in text]
        if missing:
            raise ValueError(f"{where}: not in the text: {missing}")
        types = None if labels is None else frozenset(labels) or frozenset({NO_EVENT})
        roles = role_spans(text, [(side, phrases[key] or "")
                                  for side, key in (("S", "source"), ("T", "target"))])
        rows.append(LabelledText(text, path.stem, types, penta=penta, roles=roles))
    return rows


def read_plv(path: Path) -> list[LabelledText]:
    return [LabelledText(r["text"], "plv_train",
                         YIELD if r["plover"] == "YIELD" else frozenset({r["plover"]}),
                         penta=int(r["penta"]),
                         roles=role_spans(r["text"], [("S", r.get("source") or ""),
                                                      ("T", r.get("target") or "")]))
            for r in _jsonl(path)]


def read_conflibert(path: Path) -> list[LabelledText]:
    """Penta class 0 (statements and appeals) trains the penta head only: PLOVER has no
    type for a statement, and an appeal may be a REQUEST."""
    return [LabelledText(r["text"], "conflibert_cameo_train",
                         PENTA_TYPES.get(int(r["penta"])), penta=int(r["penta"]),
                         roles=role_spans(r["text"], r.get("spans", [])))
            for r in _jsonl(path)]


def read_case(path: Path) -> list[LabelledText]:
    rows = []
    for r in _jsonl(path):
        accepted = CASE_PLOVER.get(r["label"])
        types = None if accepted is None else frozenset(accepted or {NO_EVENT})
        rows.append(LabelledText(r["text"], "case2021_task2_even", types,
                                 acled=CASE_ACLED.get(r["label"], NO_ACLED)))
    return rows


READERS: dict[str, Callable[[Path], list[LabelledText]]] = {
    "plv_train": read_plv, "conflibert_cameo_train": read_conflibert,
    "case2021_task2_even": read_case}


def gold_path(data_dir: Path, name: str) -> Path:
    path = data_dir / "dev" / f"{name}.jsonl"
    return path if path.exists() else data_dir / f"{name}.jsonl"


def source_files(data_dir: Path | None, gold_sets: Sequence[str],
                 own: Sequence[Path] | None = None) -> dict[str, Path]:
    """Every training file by source name; a missing gold set is an error that names it."""
    files = {Path(p).stem: Path(p) for p in (own or [OWN_DATA_DIR / f for f in OWN_FILES])}
    for name in gold_sets:
        if name not in READERS:
            raise ValueError(f"not a training set: {name!r} (choose from {', '.join(READERS)})")
        if data_dir is None:
            raise ValueError(f"{name} needs --data-dir (the folder holding dev/)")
        path = gold_path(data_dir, name)
        if not path.exists():
            raise FileNotFoundError(f"{name}: no {path}")
        files[name] = path
    return files


def read_sources(files: dict[str, Path]) -> list[LabelledText]:
    return [row for name, path in files.items()
            for row in (READERS[name](path) if name in READERS else read_own(path))]


def data_hash(files: dict[str, Path]) -> str:
    """sha256 over the training files' names and bytes: what the model card records."""
    digest = hashlib.sha256()
    for name, path in sorted(files.items()):
        digest.update(name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def label_candidates(texts: Sequence[LabelledText], pipeline, silver_roles: bool = False
                     ) -> list[LabelledCandidate]:
    """Parse each text with the pipeline and label its candidates (see the module doc)."""
    out: list[LabelledCandidate] = []
    docs = pipeline.nlp.pipe((t.text for t in texts), batch_size=64)
    cues = pipeline.triggers.cues
    for text, doc in zip(texts, docs, strict=True):
        events, context = pipeline.lexicon_events(doc, Article(text=text.text))
        verbs = uncovered_verbs(doc, context, events, cues, need_party=False)
        found = [LabelledCandidate(event_candidate(e, text.text), text.source,
                                   lexicon_type=e.event_type) for e in events]
        found += [LabelledCandidate(verb_candidate(v, text.text), text.source) for v in verbs]
        starts = [e.sentence.start for e in events] + [v.sent.start_char for v in verbs]
        if not found:
            continue
        if text.no_event:
            for c in found:
                c.types, c.acled = text.types, NO_ACLED
            out.extend(found)
            continue
        matching = [e for e in events if text.types and e.event_type in text.types]
        chosen = main_event(matching or events)
        main = found[events.index(chosen)] if chosen is not None else found[len(events)]
        main.main = True
        main.types, main.penta, main.acled = text.types, text.penta, text.acled
        main.roles = _in_sentence(text.roles, starts[found.index(main)], main.candidate)
        for c in found:  # another event the sentence holds, of a type its label allows
            if c is not main and c.lexicon_type and text.types and c.lexicon_type in text.types:
                c.types = frozenset({c.lexicon_type})
        if silver_roles:
            _silver_roles(found, events, doc, starts, main)
        out.extend(c for c in found if c.types or c.penta is not None or c.acled or c.roles)
    return out


def outright_roles(event: Event, doc: Doc, start: int) -> tuple[RoleSpan, ...] | None:
    """The parties the grammar of a verb trigger's own clause names in so many words, as
    spans of its sentence (which starts at ``start``): an active verb's subject is the
    source and its direct object the target, a passive's "by" agent the source and its
    subject the target. None where no named source is stated (a pronoun's antecedent is
    what the gold sets mark, and only the reader knows it)."""
    trigger = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    if trigger is None or trigger.root.pos_ not in ("VERB", "AUX"):
        return None
    verb = trigger.root
    if is_passive(verb):
        sources = [o for a in verb.children if a.dep_ == "agent"
                   for o in a.children if o.dep_ == "pobj"]
        targets = [c for c in verb.children if c.dep_ == "nsubjpass"]
    else:
        sources = [c for c in verb.children if c.dep_ == "nsubj"]
        targets = [c for c in verb.children if c.dep_ == "dobj"]
    if len(sources) != 1 or sources[0].pos_ not in ("NOUN", "PROPN"):
        return None
    spans = []
    for side, heads in (("source", sources), ("target", targets)):
        for head in heads:
            phrase = noun_phrase(head)
            spans.append((side, phrase.start_char - start, phrase.end_char - start))
    return tuple(spans)


def _silver_roles(found: list[LabelledCandidate], events: list[Event], doc: Doc,
                  starts: list[int], main: LabelledCandidate) -> None:
    """Silver roles for the lexicon candidates besides the main one (see the module doc):
    their outright parties, and as "none" the parties other events of the sentence have
    that are not theirs (the main event's gold ones above all: what the head must not
    copy)."""
    silver = {i: outright_roles(e, doc, starts[i])
              for i, e in enumerate(events) if found[i] is not main}
    for i, roles in silver.items():
        if not roles:
            continue
        others = [span for j, c in enumerate(found) if j != i and starts[j] == starts[i]
                  for span in (c.roles if c is main else silver.get(j)) or ()]
        theirs = tuple(("none", a, b) for _, a, b in others
                       if not any(a < y and x < b for _, x, y in roles))
        found[i].roles, found[i].roles_known_only = roles + theirs, True


def _in_sentence(roles: tuple[RoleSpan, ...] | None, start: int, candidate: Candidate
                 ) -> tuple[RoleSpan, ...] | None:
    """Role spans of a text moved into the candidate's sentence; None when the text has
    none or they lie outside it (spaCy split the text)."""
    if roles is None:
        return None
    end = start + len(candidate.sentence)
    inside = tuple((role, a - start, b - start) for role, a, b in roles
                   if start <= a and b <= end)
    return inside or None
