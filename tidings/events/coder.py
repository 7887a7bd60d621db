"""The learned event coder: a fine-tuned encoder that reads each event candidate.

The trigger lexicon finds candidates and fills their arguments, but its types do not
transfer to news it was not written for (docs/event-types.md). This model reads one
candidate at a time — the sentence with the trigger marked, beside what the lexicon made
of it — and answers three questions with calibrated probabilities: which PLOVER type (or
none), which CAMEO penta class (0 statement/appeal … 4 material conflict), and which ACLED
sub-event type (or none). Wire sentences hold several events, so the unit is the
candidate, not the sentence.

Inference needs only onnxruntime and tokenizers: the encoder (all-MiniLM-L6-v2,
fine-tuned, int8) and its tokenizer ship in ``tidings/data/models/event_coder`` with a
card (``meta.json``, docs/models.md). Training lives apart, in ``tidings.training``, and
is the only code that imports torch.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import numpy as np

from tidings import budget
from tidings.events.combine import as_statement
from tidings.events.policy import Policy
from tidings.model import ACLED_EVENT_TYPE, PLOVER_TYPES, STATEMENT, Event

MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "models" / "event_coder"
NO_EVENT = "NONE"
TYPE_LABELS: tuple[str, ...] = (*PLOVER_TYPES, NO_EVENT)
PENTA_LABELS: tuple[str, ...] = ("statement/appeal", "verbal cooperation",
                                 "material cooperation", "verbal conflict", "material conflict")
NO_ACLED = "none"
ACLED_LABELS: tuple[str, ...] = (*ACLED_EVENT_TYPE, NO_ACLED)
HEADS: dict[str, tuple[str, ...]] = {"type": TYPE_LABELS, "penta": PENTA_LABELS,
                                     "acled": ACLED_LABELS}
# The role head tags each word piece of the sentence: part of the candidate's source (who
# acts), its target (whom it is aimed at), or neither.
ROLE_LABELS: tuple[str, ...] = ("none", "source", "target")
# The encoder's last layer, one vector per word piece: what the geoparser's toponym
# promoter reads of a name in its sentence (EventCoder.span_vectors), and the event-place
# chooser of the places of an event's sentence (Reading.vectors).
HIDDEN = "hidden"
# The trigger is wrapped in these (single word pieces of the encoder's vocabulary); the
# encoder's vector at the opening mark stands for the candidate.
MARK_OPEN, MARK_CLOSE = "«", "»"
MAX_TOKENS = 128
# Characters of context kept either side of the trigger: a run-on sentence is cut around
# its trigger rather than losing the trigger to the tokenizer's length limit.
CONTEXT_CHARS = 320
FOLDS = 5


def fold_of(group: str, folds: int = FOLDS) -> int:
    """The cross-validation fold of a text: by a hash of its letters and digits, so every
    copy of a sentence, in any data set and however it is spaced, quoted or cased, falls
    in the same fold (folds grouped by sentence; 71 sentences of conflibert_cameo_train
    recur in plv_train with other quotes or spaces)."""
    return int(hashlib.sha1(sentence_key(group).encode("utf-8")).hexdigest(), 16) % folds


def sentence_key(text: str) -> str:
    """A text's letters and digits, lowercased: what makes two copies the same sentence."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


@dataclass(frozen=True)
class Candidate:
    """One possible event: its sentence, the trigger's offsets in that sentence, and the
    lexicon's reading of it (``evidence``); ``group`` is the text that decides its fold."""

    sentence: str
    start: int
    end: int
    evidence: str
    group: str

    def text_pair(self) -> tuple[str, str]:
        """The encoder's two segments: the sentence with the trigger marked, the evidence."""
        lo = max(0, self.start - CONTEXT_CHARS)
        hi = self.end + CONTEXT_CHARS
        s = self.sentence
        trigger = f"{MARK_OPEN} {s[self.start:self.end]} {MARK_CLOSE}"
        return f"{s[lo:self.start]}{trigger}{s[self.end:hi]}", self.evidence

    def sentence_offset(self, at: int) -> int | None:
        """Where a character of the first segment stands in the sentence (None: a mark)."""
        lo = max(0, self.start - CONTEXT_CHARS)
        before, trigger = self.start - lo, self.end - self.start
        opened = len(MARK_OPEN) + 1
        if at < before:
            return lo + at
        if at < before + opened:
            return None
        if at < before + opened + trigger:
            return self.start + at - before - opened
        if at < before + 2 * opened + trigger:
            return None
        return self.end + at - before - 2 * opened - trigger


def lexicon_evidence(event: Event | None) -> str:
    """What the lexicon says of a candidate, in words the encoder reads."""
    if event is None:
        return "no lexicon event"
    parts = [event.event_type.lower(), event.mode or "", f"cameo {event.cameo}" if event.cameo
             else "", "with actor" if event.actor else "", "with target" if event.recipient
             else ""]
    return " ".join(p for p in parts if p)


def mean_between(spans: np.ndarray, rows: np.ndarray, start: int, end: int
                 ) -> np.ndarray | None:
    """The mean of the rows of the word pieces whose ``spans`` lie between two sentence
    offsets; None where there are none (the model did not see those words)."""
    inside = (spans[:, 0] >= start) & (spans[:, 1] <= end)
    return rows[inside].mean(axis=0) if inside.any() else None


@dataclass
class Roles:
    """The role head's reading of a candidate's sentence: per word piece, its character
    span in the sentence and the probabilities of ROLE_LABELS."""

    spans: np.ndarray  # (pieces, 2) start, end
    probs: np.ndarray  # (pieces, 3)

    def of(self, start: int, end: int) -> tuple[float, float]:
        """(P source, P target) of the words between two sentence offsets: the mean over
        their pieces (0, 0 where the model did not see them)."""
        mean = mean_between(self.spans, self.probs, start, end)
        return (0.0, 0.0) if mean is None else (float(mean[1]), float(mean[2]))


@dataclass
class PieceVectors:
    """The encoder's last layer over a candidate's sentence: per word piece its character
    span in the sentence and its vector, and the vector of the trigger's opening mark (each
    piece read in the light of the event, as the role head reads it)."""

    spans: np.ndarray  # (pieces, 2) start, end
    hidden: np.ndarray  # (pieces, width)
    mark: np.ndarray  # (width,)

    def of(self, start: int, end: int) -> np.ndarray | None:
        """The mean vector of the pieces between two sentence offsets; None where the model
        did not see them (cut off by its length limit)."""
        return mean_between(self.spans, self.hidden, start, end)


@dataclass
class Reading:
    """The coder's calibrated probabilities for one candidate, per head."""

    types: dict[str, float]
    penta: dict[str, float]
    acled: dict[str, float]
    roles: Roles | None = None
    vectors: PieceVectors | None = None  # where the model exposes its last layer

    @property
    def top_type(self) -> str:
        return max(self.types, key=self.types.__getitem__)

    @property
    def top_penta(self) -> int:
        return PENTA_LABELS.index(max(self.penta, key=self.penta.__getitem__))

    @property
    def top_acled(self) -> str:
        return max(self.acled, key=self.acled.__getitem__)


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = logits / temperature
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


class Encoding:
    """Token ids of candidates, padded per batch; shared by inference and training."""

    def __init__(self, tokenizer_path: Path) -> None:
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS, strategy="longest_first")
        self.mark = self.tokenizer.token_to_id(MARK_OPEN)

    def encode(self, candidates: Sequence[Candidate]) -> list[list[int]]:
        return [ids for ids, _ in self.encode_spans(candidates)]

    def encode_spans(self, candidates: Sequence[Candidate]
                     ) -> list[tuple[list[int], list[tuple[int, int] | None]]]:
        """Token ids, and for each token the span of sentence characters it stands for
        (None for special tokens, the marks and the evidence segment)."""
        out = []
        pairs = [c.text_pair() for c in candidates]
        for candidate, e in zip(candidates, self.tokenizer.encode_batch(pairs), strict=True):
            spans: list[tuple[int, int] | None] = []
            for (a, b), segment, special in zip(e.offsets, e.sequence_ids,
                                               e.special_tokens_mask, strict=True):
                start = candidate.sentence_offset(a) if segment == 0 and not special else None
                end = candidate.sentence_offset(b - 1) if start is not None else None
                spans.append((start, end + 1) if start is not None and end is not None
                              else None)
            out.append((e.ids, spans))
        return out

    def batch(self, ids: list[list[int]]) -> dict[str, np.ndarray]:
        """Padded ids, attention mask, segment ids and the opening mark's position."""
        width = max(len(x) for x in ids)
        input_ids = np.zeros((len(ids), width), dtype=np.int64)
        token_types = np.zeros_like(input_ids)
        mask = np.zeros_like(input_ids)
        marks = np.zeros(len(ids), dtype=np.int64)
        sep = self.tokenizer.token_to_id("[SEP]")
        for row, x in enumerate(ids):
            input_ids[row, :len(x)] = x
            mask[row, :len(x)] = 1
            first_sep = x.index(sep) if sep in x else len(x)
            token_types[row, first_sep + 1:len(x)] = 1
            marks[row] = x.index(self.mark) if self.mark in x[:first_sep] else 0
        return {"input_ids": input_ids, "attention_mask": mask, "token_type_ids": token_types,
                "mark_index": marks}


class EventCoder:
    """The shipped (or any trained) coder: ``read`` candidates, get a Reading each."""

    def __init__(self, folder: Path) -> None:
        try:
            import onnxruntime as ort
        except ImportError as error:  # a dependency of the package; only a broken install
            raise RuntimeError("the event coder needs onnxruntime: pip install onnxruntime"
                               ) from error
        self.folder = folder
        self.meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        options = ort.SessionOptions()
        # A core for the parse, which runs ahead on its own thread (nlp.parse_ahead), the
        # rest up to two for the coder: on 2 cores one thread, which then runs on the
        # caller's, where the article's budget counts it (benchmarks/throughput.py: 28.0 s
        # for 300 articles, 29.5 s with two threads; docs/PERFORMANCE.md); one per process
        # when running many (parallel.py)
        options.intra_op_num_threads = int(os.environ.get(
            "TIDINGS_CODER_THREADS", max(1, min(2, (os.cpu_count() or 1) - 1))))
        options.inter_op_num_threads = 1
        # the helper thread waits for work asleep, not spinning: spinning nearly doubled
        # the coder's CPU time for the same readings (docs/PERFORMANCE.md)
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(folder / "model.onnx"), options,
                                            providers=["CPUExecutionProvider"])
        self.encoding = Encoding(folder / "tokenizer.json")
        self.temperature: dict[str, float] = self.meta.get("temperature", {})

    @classmethod
    def load(cls, folder: Path | None = None) -> EventCoder | None:
        """The coder in ``folder`` (default: the shipped one), loaded once per process;
        None when there is none, so that the pipeline runs on the lexicon alone.
        ``$TIDINGS_CODER`` names another folder (a model of ``tidings train``)."""
        return _load(Path(folder or os.environ.get("TIDINGS_CODER") or MODEL_DIR))

    def logits(self, candidates: Sequence[Candidate]) -> dict[str, np.ndarray]:
        """Raw scores per head, one row per candidate, in order, each read alone."""
        return self._run(candidates)[0]

    def _run(self, candidates: Sequence[Candidate]
             ) -> tuple[dict[str, np.ndarray], list[Roles | None], list[PieceVectors | None]]:
        """Raw scores per head and, where the model has a role head, each candidate's
        role probabilities per word piece of its sentence, and where it exposes its last
        layer, the pieces' vectors.

        One candidate per run: the int8 model quantises each run's activations with one
        scale for the whole run, so a candidate read in a batch is read in the light of its
        neighbours' extremes and padding (over 200 CASE snippets, type probabilities moved by
        up to 0.25 and 6 top types changed with the batch: benchmarks/batch_invariance.py).
        Read alone, a candidate reads the same wherever it comes, and faster on CPU (no
        padding to the batch's longest: docs/PERFORMANCE.md)."""
        encoded = self.encoding.encode_spans(candidates)
        out = {head: np.zeros((len(encoded), len(labels)), dtype=np.float32)
               for head, labels in HEADS.items()}
        roles: list[Roles | None] = [None] * len(encoded)
        vectors: list[PieceVectors | None] = [None] * len(encoded)
        names = [o.name for o in self.session.get_outputs()]
        for i, (ids, spans) in enumerate(encoded):
            budget.check()
            row = self.encoding.batch([ids])
            results = dict(zip(names, self.session.run(names, row), strict=True))
            for head in HEADS:
                out[head][i] = results[head][0]
            keep = [t for t, sp in enumerate(spans) if sp is not None]
            where = np.array([spans[t] for t in keep], dtype=np.int64).reshape(-1, 2)
            if "role" in results:
                roles[i] = Roles(where, softmax(results["role"][0, keep]))
            if HIDDEN in results:
                hidden = results[HIDDEN][0]
                vectors[i] = PieceVectors(where, hidden[keep], hidden[row["mark_index"][0]])
        return out, roles, vectors

    def span_vectors(self, candidates: Sequence[Candidate]) -> np.ndarray | None:
        """The encoder's last-layer vector of each candidate's marked words (the mean over
        their word pieces), one row per candidate, each read alone (see :meth:`_run`); None
        when this model does not expose its last layer (a coder exported before it did)."""
        width = next((o.shape[-1] for o in self.session.get_outputs() if o.name == HIDDEN),
                     None)
        if width is None:
            return None
        out = np.zeros((len(candidates), width), dtype=np.float32)
        for i, (c, (ids, spans)) in enumerate(zip(
                candidates, self.encoding.encode_spans(candidates), strict=True)):
            budget.check()
            hidden = self.session.run([HIDDEN], self.encoding.batch([ids]))[0][0]
            inside = [t for t, span in enumerate(spans)
                      if span is not None and c.start <= span[0] and span[1] <= c.end]
            out[i] = hidden[inside].mean(axis=0) if inside else hidden[0]
        return out

    def read(self, candidates: Sequence[Candidate]) -> list[Reading]:
        if not candidates:
            return []
        logits, roles, vectors = self._run(candidates)
        probs = {head: softmax(logits[head], self.temperature.get(head, 1.0))
                 for head in HEADS}
        return [Reading(*({label: float(probs[head][i, j]) for j, label in enumerate(labels)}
                          for head, labels in HEADS.items()), roles=roles[i],
                        vectors=vectors[i])
                for i in range(len(candidates))]


class CrossValidatedCoder:
    """Fold models standing in for the shipped coder when scoring data it trained on: each
    candidate is read by the model whose training left out that candidate's fold."""

    def __init__(self, folds: list[EventCoder]) -> None:
        self.folds = folds
        self.meta = folds[0].meta

    @classmethod
    def load(cls, folder: Path) -> CrossValidatedCoder | None:
        paths = sorted(folder.glob("fold-*"))
        if not paths or not all((p / "model.onnx").exists() for p in paths):
            return None
        return cls([EventCoder(p) for p in paths])

    def read(self, candidates: Sequence[Candidate]) -> list[Reading]:
        readings: list[Reading | None] = [None] * len(candidates)
        folds = {group: fold_of(group, len(self.folds)) for group in {c.group for c in candidates}}
        for k, coder in enumerate(self.folds):
            mine = [i for i, c in enumerate(candidates) if folds[c.group] == k]
            for i, reading in zip(mine, coder.read([candidates[i] for i in mine]), strict=True):
                readings[i] = reading
        return readings  # type: ignore[return-value]


@cache
def _load(folder: Path) -> EventCoder | None:
    if not (folder / "model.onnx").exists():
        return None
    return EventCoder(folder)


def added_type(reading: Reading, policy: Policy) -> tuple[str, float] | None:
    """What a candidate without a lexicon event becomes, and the coder's probability of it:
    the coder's PLOVER type, a statement where the policy records them, or None."""
    top = reading.top_type
    if policy.add is not None and top != NO_EVENT and reading.types[top] >= policy.add:
        return top, reading.types[top]
    said = reading.penta[PENTA_LABELS[0]]
    if policy.statements is not None and reading.top_penta == 0 and said >= policy.statements:
        return STATEMENT, said
    return None


def judge(event: Event, reading: Reading, policy: Policy, aside: bool = False
          ) -> Event | None:
    """A lexicon event after the coder has read it: kept, re-typed, or dropped (None).
    ``typed_by`` says who decided: both agreeing, the lexicon overruling a doubting
    coder, or the coder. ``aside``: the sentence does not report the event (an aside, a
    participle describing a noun, an act under another event's trigger:
    ``extract._told_aside``), and the coder re-types it only from ``policy.aside_retype``."""
    top = reading.top_type
    # The coder learned what a sentence reports; an act told as not done, wanted or to come,
    # or denied, is typed by its trigger word ("refused to attack", "denied carrying out
    # strikes": the refusal or denial is its own event, which the coder would read again).
    # But what such an act states, PLOVER codes: a visit to come is a promise, an
    # agreement not reached a refusal; the coder learned those (combine.as_statement).
    asserted = event.flags.factual and not event.flags.denied
    if (asserted and policy.veto is not None and top == NO_EVENT
            and reading.types[NO_EVENT] >= policy.veto):
        return None
    sure = policy.retype is not None and reading.types[top] >= (
        max(policy.retype, policy.aside_retype) if aside else policy.retype)
    if asserted and sure and top not in (NO_EVENT, event.event_type):
        event = replace(event, event_type=top, mode=None, cameo=None, contexts=[],
                        typed_by="model")
    elif not asserted and sure and (statement := as_statement(event, top)) is not None:
        event = replace(statement, typed_by="model")
    else:
        event = replace(event, typed_by="both" if top == event.event_type else "lexicon")
    score = reading.types[event.event_type]
    confidence = round(event.confidence * score, 2) if policy.weigh else event.confidence
    return replace(event, type_score=round(score, 3), penta=reading.top_penta,
                   confidence=confidence)


def apply_acled_readings(events: Sequence[Event], readings: Sequence[Reading],
                         threshold: float) -> None:
    """The coder's ACLED sub-event type (and so its event type) over the rules' where it is
    this sure. Off in the shipped policy: measured on CASE it helps, but it is confidently
    wrong where ACLED's codebook is plain (docs/event-types.md, "ACLED types")."""
    for event, reading in zip(events, readings, strict=True):
        sub = reading.top_acled
        if sub != NO_ACLED and reading.acled[sub] >= threshold:
            event.acled_sub_event_type, event.acled_event_type = sub, ACLED_EVENT_TYPE[sub]
