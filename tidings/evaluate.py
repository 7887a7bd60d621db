"""Score the pipeline against the gold sets in ``../shared/datasets`` (see its README).

Each dataset has a scorer: a pure function of (gold rows, predictions) returning a
:class:`Result`, so the arithmetic is unit-tested without spaCy. :func:`evaluate` runs the
pipeline on one dataset and scores it; :func:`run_cli` is what ``tidings eval`` calls.
The gold data is read at run time and never copied into the repository.
"""

from __future__ import annotations

import json
import math
import os
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from tidings.cluster import haversine_km
from tidings.events.policy import SHIPPED_POLICY, Policy
from tidings.model import (
    ACLED_EVENT_TYPE,
    PLOVER_QUAD,
    STATEMENT,
    Actor,
    Article,
    Event,
    Place,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

    from tidings.geo.locate import PlaceChoosers
    from tidings.geo.ranker import Ranker
    from tidings.pipeline import Pipeline

Span = tuple[int, int]

ACCURACY_KM = 161.0  # 100 miles: the customary "right" radius of a geoparse
MAX_ERROR_KM = 20039.0  # half the Earth's circumference: the worst error, and AUC's scale

# ConfliBERT's five classes; the ranges are the CAMEO roots of each (see penta_name in data).
PENTA_NAMES = ("statement/appeal", "verbal coop", "material coop", "verbal conflict",
               "material conflict")
PENTA_CAMEO_ROOTS = ((1, 2), (3, 5), (6, 8), (9, 13), (14, 20))
VERBAL = 3  # the verbal conflict class

# PLOVER type -> class: classes 1-4 are CAMEO's quad classes. PLOVER dropped CAMEO 01/02,
# so class 0 is reachable only through an event's own CAMEO code.
PLOVER_PENTA: dict[str, int] = PLOVER_QUAD

# CASE 2021 (ACLED-style) subtype -> the PLOVER types that count as finding it.
# () = not political: we should emit nothing. None = too mixed to score either way
# (organised crime: the arrests in it are COERCE, the smuggling is not an event).
CASE_PLOVER: dict[str, tuple[str, ...] | None] = {
    "ARMED_CLASH": ("ASSAULT",), "ATTACK": ("ASSAULT",), "AIR_STRIKE": ("ASSAULT",),
    "ART_MISS_ATTACK": ("ASSAULT",), "CHEM_WEAP": ("ASSAULT",), "GRENADE": ("ASSAULT",),
    "REM_EXPLOS": ("ASSAULT",), "SUIC_BOMB": ("ASSAULT",), "SEX_VIOL": ("ASSAULT",),
    "ABDUCT_DISSAP": ("ASSAULT",), "MOB_VIOL": ("ASSAULT", "PROTEST"),
    "GOV_REGAINS_TERIT": ("ASSAULT", "COERCE"),
    "NON_STATE_ACTOR_OVERTAKES_TER": ("ASSAULT", "COERCE"),
    "FORCE_AGAINST_PROTEST": ("ASSAULT", "COERCE"),
    "PEACE_PROTEST": ("PROTEST",), "PROTEST_WITH_INTER": ("PROTEST", "COERCE"),
    "VIOL_DEMONSTR": ("PROTEST", "ASSAULT"),
    "ARREST": ("COERCE",), "PROPERTY_DISTRUCT": ("COERCE", "ASSAULT"), "DISR_WEAP": ("COERCE",),
    "NON_VIOL_TERRIT_TRANSFER": ("RETREAT", "COERCE"), "HQ_ESTABLISHED": ("MOBILIZE",),
    "CHANGE_TO_GROUP_ACT": ("MOBILIZE", "RETREAT", "COOPERATE"),
    "AGREEMENT": ("AGREE", "SUPPORT", "COOPERATE", "RETREAT"),  # 057 "sign" is SUPPORT
    "DIPLO": ("CONSULT", "AGREE", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN",
              "SANCTION"),
    "ATTRIB": ("ASSAULT", "ACCUSE"),  # claims of responsibility come with the attack
    "NATURAL_DISASTER": (), "MAN_MADE_DISASTER": (),
    "ORG_CRIME": None, "OTHER": None,
}

# CASE 2021 subtype -> the ACLED sub-event type it stands for (its event type follows).
CASE_ACLED: dict[str, str] = {
    "ARMED_CLASH": "Armed clash", "GOV_REGAINS_TERIT": "Government regains territory",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "AIR_STRIKE": "Air/drone strike", "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "SUIC_BOMB": "Suicide bomb", "REM_EXPLOS": "Remote explosive/landmine/IED",
    "GRENADE": "Grenade", "CHEM_WEAP": "Chemical weapon", "ATTACK": "Attack",
    "ABDUCT_DISSAP": "Abduction/forced disappearance", "SEX_VIOL": "Sexual violence",
    "PEACE_PROTEST": "Peaceful protest", "PROTEST_WITH_INTER": "Protest with intervention",
    "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "VIOL_DEMONSTR": "Violent demonstration", "MOB_VIOL": "Mob violence",
    "AGREEMENT": "Agreement", "ARREST": "Arrests",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity", "DISR_WEAP": "Disrupted weapons use",
    "HQ_ESTABLISHED": "Headquarters or base established",
    "PROPERTY_DISTRUCT": "Looting/property destruction",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory",
}


@dataclass
class Error:
    """One disagreement for error analysis; ``cost`` ranks errors within a dataset."""

    kind: str
    text: str
    gold: str
    ours: str
    cost: float = 1.0


@dataclass
class Result:
    """What a scorer returns: headline figures, breakdown tables (rows of dicts), errors."""

    dataset: str
    rows: int
    figures: dict[str, float | int | None]
    tables: dict[str, list[dict]] = field(default_factory=dict)
    errors: list[Error] = field(default_factory=list)
    seconds: float | None = None
    setting: str | None = None  # what the event coder knew of this set


# ---------------------------------------------------------------- shared arithmetic

def ratio(part: float, whole: float) -> float | None:
    """A rate, or None when there is nothing to divide by (not 0: 0 would be a claim)."""
    return part / whole if whole else None


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    """Precision, recall and F1 from counts; 0 where undefined."""
    p, r = ratio(tp, n_pred) or 0.0, ratio(tp, n_gold) or 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def match_spans(gold: Sequence[Span], pred: Sequence[Span]) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs of overlapping spans, greedy in gold order."""
    pairs, used = [], set()
    for i, g in enumerate(gold):
        j = next((j for j, p in enumerate(pred) if j not in used and overlaps(g, p)), None)
        if j is not None:
            used.add(j)
            pairs.append((i, j))
    return pairs


def span(obj: Actor | Place | Event) -> Span:
    """The character span of an actor, a place, or an event's trigger."""
    anchor = obj.trigger if isinstance(obj, Event) else obj
    return anchor.start, anchor.end


def locate(text: str, phrase: str) -> Span | None:
    """Where a gold phrase stands in its text, also when the gold set re-spaced its tokens
    ("Mexico 's President")."""
    at = text.find(phrase)
    if at >= 0:
        return at, at + len(phrase)
    words = [re.escape(w) for w in re.findall(r"\w+|[^\w\s]", phrase)]
    found = re.search(r"\s*".join(words), text) if words else None
    return (found.start(), found.end()) if found else None


def count_roles(counts: Counter, text: str, marked: Sequence[Sequence[str]],
                event: Event | None) -> None:
    """Add one sentence's source (S) and target (T) spans, gold against the event's actors
    and recipients, to ``counts``: (role, "tp" | "pred" | "gold" | "rows" | "matched")."""
    gold: dict[str, list[Span]] = {"S": [], "T": []}
    for role, phrase in marked:
        where = locate(text, phrase) if role in gold and phrase else None
        if where is not None:
            gold[role].append(where)
    if not any(gold.values()):
        return
    sides = {"S": event.actor, "T": event.recipient} if event else {"S": [], "T": []}
    if event and event.mutual and not event.recipient and len(event.actor) > 1:
        # PLOVER lists the parties of a mutual act as its actors ("India and Pakistan
        # agreed"), where a set of source -> target records makes the first the source and
        # the others its targets, as dyads() counts it for petr2
        sides = {"S": event.actor[:1], "T": event.actor[1:]}
    for role in ("S", "T"):
        pred = [span(a) for a in sides[role]]
        tp = len(match_spans(gold[role], pred))
        counts[role, "tp"] += tp
        counts[role, "pred"] += len(pred)
        counts[role, "gold"] += len(gold[role])
        counts[role, "rows"] += bool(gold[role])
        counts[role, "matched"] += bool(gold[role]) and tp > 0


def role_figures(counts: Counter) -> dict[str, float | None]:
    """Span P/R/F1 per role, and the share of sentences whose gold phrase we found."""
    figures: dict[str, float | None] = {}
    for role in ("S", "T"):
        f = prf(counts[role, "tp"], counts[role, "pred"], counts[role, "gold"])
        figures |= {f"{role}_span_{k}": v for k, v in f.items()}
        figures[f"{role}_text_match"] = ratio(counts[role, "matched"], counts[role, "rows"])
    return figures


def gold_spans(row: dict, label: str) -> list[Span]:
    return [(s["start"], s["end"]) for s in row["spans"] if s["label"] == label]


def lost_span(text: str) -> bool:
    """Empty, or a lowercase scrap of up to 4 characters ('e', 'r fr'): an offset that was
    lost in the source data, not a place name. Such rows cannot be scored for location."""
    text = text.strip()
    return len(text) < 2 or (len(text) <= 4 and text[0].islower())


def asserted(event: Event) -> bool:
    """Told as having happened or as going to: not negated, denied or hypothetical. PLOVER
    codes only these; we keep the rest, flagged."""
    return not (event.flags.negated or event.flags.denied or event.flags.hypothetical)


def main_event(events: Sequence[Event]) -> Event | None:
    """What a one-label-per-sentence set scores: the most confident event the sentence
    asserts, else the most confident; the first on ties."""
    return max(events, key=lambda e: (asserted(e), e.confidence), default=None)


def auc_log_error(errors_km: Sequence[float]) -> float | None:
    """Area under the sorted ln(error + 1) curve, scaled to [0, 1] (Gritta et al. 2017).

    Lower is better; trapezoidal rule on unit steps, as in their evaluation code.
    """
    ys = sorted(math.log(km + 1) for km in errors_km)
    if len(ys) < 2:
        return ys[0] / math.log(MAX_ERROR_KM) if ys else None
    area = sum(ys) - (ys[0] + ys[-1]) / 2
    return area / ((len(ys) - 1) * math.log(MAX_ERROR_KM))


def distance_figures(errors_km: Sequence[float]) -> dict[str, float | int | None]:
    """The geocoding figures the geoparsing literature reports."""
    return {
        "resolved": len(errors_km),
        "acc@161km": ratio(sum(km <= ACCURACY_KM for km in errors_km), len(errors_km)),
        "mean_km": statistics.fmean(errors_km) if errors_km else None,
        "median_km": statistics.median(errors_km) if errors_km else None,
        "auc": auc_log_error(errors_km),
    }


def window(text: str, at: Span, width: int = 80) -> str:
    """The text around a span, for showing an error in a long article."""
    return text[max(0, at[0] - width):at[1] + width].replace("\n", " ")


def describe(events: Iterable[Event]) -> str:
    """Events in one line, for error listings: TYPE[trigger] actors->recipients @place."""
    def codes(actors: list[Actor]) -> str:
        return "/".join(a.code or a.country or a.text for a in actors) or "?"

    return "; ".join(
        f"{e.event_type}[{e.trigger.text}] {codes(e.actor)}->{codes(e.recipient)}"
        + (f" @{e.location.text}" if e.location else "")
        for e in events) or "no event"


# ---------------------------------------------------------------- CAMEO

def load_cameo2plover(path: Path) -> dict[str, str]:
    """CAMEO code -> PLOVER type from the reference file (first entry wins: 08 is CONCEDE)."""
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        code, sep, rest = line.partition(":")
        if sep and code.strip().isdigit():
            table.setdefault(code.strip(), rest.split("#")[0].split(",")[0].strip())
    return table


def cameo_to_plover(code: str, table: dict[str, str]) -> str | None:
    """By longest code prefix; None for CAMEO 01/02, which PLOVER dropped."""
    return next((table[code[:n]] for n in range(len(code), 1, -1) if code[:n] in table), None)


def cameo_penta(code: str) -> int | None:
    root = int(code[:2]) if code[:2].isdigit() else -1
    return next((i for i, (lo, hi) in enumerate(PENTA_CAMEO_ROOTS) if lo <= root <= hi), None)


def penta_class(event: Event) -> int | None:
    """The event coder's class when it read the event, else the event's own CAMEO root
    (finer than its type), else its PLOVER type's class."""
    if event.penta is not None:
        return event.penta
    return cameo_penta(event.cameo) if event.cameo else PLOVER_PENTA.get(event.event_type)


def actor_agreement(code: str, actors: list[Actor]) -> tuple[bool, bool] | None:
    """(country agrees, country and sector agree) for a CAMEO actor code such as USAGOV.

    None when the gold code names no country ('---REB'). Sector counts only when both
    sides give one, as the dataset README asks.
    """
    country, sector = code[:3], code[3:6]
    if len(country) < 3 or not country.isalpha():
        return None
    same = [a for a in actors if (a.country or (a.code or "")[:3]) == country]
    return bool(same), any(not (sector and a.sector) or a.sector == sector for a in same)


def _verdicts(coding: dict, event: Event) -> list[tuple[str, tuple[bool, bool]]]:
    """actor_agreement for source -> actor and target -> recipient, where gold has a country."""
    pairs = (("actor", coding["sourcecode"]), ("recipient", coding["targetcode"]))
    return [(role, v) for role, code in pairs
            if (v := actor_agreement(code, getattr(event, role))) is not None]


def dyads(event: Event) -> int:
    """How many source -> target records a dyadic coder (PETRARCH) makes of one of ours:
    each actor with each recipient, or for a mutual event ("X, Y and Z met", "X met Y":
    ``Event.mutual``), each ordered pair of its parties, whichever side we put them on (the
    PLOVER manual: different parties, different records)."""
    actors, recipients = len(event.actor), len(event.recipient)
    parties = actors + recipients
    if event.mutual and parties > 1:
        return parties * (parties - 1)
    return max(actors, 1) * max(recipients, 1)


# ---------------------------------------------------------------- scorers

def score_petr2(rows: list[dict], preds: list[list[Event]],
                cameo2plover: dict[str, str]) -> Result:
    """Event types as multisets per sentence; actor countries on type-matched events.

    Our asserted events are scored, as a PLOVER coder returns only those; ``f1_all_events``
    counts the negated, denied and hypothetical ones too. The gold codes one record per
    source -> target pair; ``dyad_`` figures count each of our events as the records a
    dyadic coder would make of it (:func:`dyads`).
    """
    counts: dict[str, Counter] = defaultdict(Counter)  # type -> gold, ours, tp
    dyad_counts: Counter = Counter()  # the same, our events counted as dyads
    agree: Counter = Counter()  # (role, "country"|"code"|"n") -> count
    no_event = no_event_fp = unmapped = 0
    errors: list[Error] = []
    every: Counter = Counter()  # tp, ours, gold with all of our events
    for row, all_events in zip(rows, preds, strict=True):
        events = [e for e in all_events if asserted(e)]
        codings = [c for c in row["codings"] if c.get("eventcode")]
        typed = [(cameo_to_plover(c["eventcode"], cameo2plover), c) for c in codings]
        unmapped += sum(t is None for t, _ in typed)
        gold = [(t, c) for t, c in typed if t]
        g, p = Counter(t for t, _ in gold), Counter(e.event_type for e in events)
        for key, counter in (("gold", g), ("ours", p), ("tp", g & p)):
            for t, n in counter.items():
                counts[t][key] += n
        p_all = Counter(e.event_type for e in all_events)
        every.update({"gold": g.total(), "ours": p_all.total(), "tp": (g & p_all).total()})
        as_dyads = Counter()
        for e in events:
            as_dyads[e.event_type] += dyads(e)
        dyad_counts.update({"gold": g.total(), "ours": as_dyads.total(),
                            "tp": (g & as_dyads).total()})
        if not gold:
            no_event += 1
            no_event_fp += bool(events)
        fp, fn = sum((p - g).values()), sum((g - p).values())
        gold_text = "; ".join(f"{t} {c['eventcode']} {c['sourcecode']}->{c['targetcode']}"
                              for t, c in gold) or "no event"
        if fp or fn:
            kind = "wrong type" if fp and fn else "spurious" if fp else "missed"
            errors.append(Error(kind, row["text"], gold_text, describe(events), fp + fn))
        unused = list(events)
        for t, coding in gold:
            candidates = [e for e in unused if e.event_type == t]
            if not candidates:
                continue
            ev = max(candidates, key=lambda e: sum(v[0] for _, v in _verdicts(coding, e)))
            unused.remove(ev)
            for role, verdict in _verdicts(coding, ev):
                agree[role, "n"] += 1
                agree[role, "country"] += verdict[0]
                agree[role, "code"] += verdict[1]
                if not verdict[0]:
                    errors.append(Error(f"wrong {role}", row["text"], gold_text,
                                        describe([ev]), 0.5))
    total = sum(counts.values(), Counter())
    figures: dict[str, float | int | None] = {
        **prf(total["tp"], total["ours"], total["gold"]),
        **{f"dyad_{k}": v for k, v in prf(dyad_counts["tp"], dyad_counts["ours"],
                                            dyad_counts["gold"]).items()},
        "f1_all_events": prf(every["tp"], every["ours"], every["gold"])["f1"],
        "gold_events": total["gold"], "unmapped_gold_01_02": unmapped,
        "no_event_sentences": no_event, "no_event_fp_rate": ratio(no_event_fp, no_event)}
    for role in ("actor", "recipient"):
        figures[f"{role}_country_acc"] = ratio(agree[role, "country"], agree[role, "n"])
        figures[f"{role}_code_acc"] = ratio(agree[role, "code"], agree[role, "n"])
    per_type = [{"type": t, "gold": c["gold"], "ours": c["ours"], "tp": c["tp"],
                 **prf(c["tp"], c["ours"], c["gold"])} for t, c in sorted(counts.items())]
    return Result("petr2_gsr_validation", len(rows), figures, {"per type": per_type}, errors)


def score_conflibert(rows: list[dict], preds: list[list[Event]]) -> Result:
    """One class per sentence from its most confident event; actor spans S/T by overlap.

    accuracy_1_4 leaves out class 0 (CAMEO 01/02), which PLOVER types cannot express.
    The labels' names put CAMEO 14-20 in material conflict, but the labels themselves put
    CAMEO 16 (reduce relations: sanctions, aid suspended, expulsions) in verbal conflict;
    the ``_16_verbal`` figures score it as labelled.
    """
    confusion = [Counter() for _ in PENTA_NAMES]
    as_labelled = [Counter() for _ in PENTA_NAMES]  # CAMEO 16 as verbal conflict
    spans: Counter = Counter()  # (role, "tp"|"pred"|"gold") -> count
    errors: list[Error] = []
    for row, events in zip(rows, preds, strict=True):
        ev, gold = main_event(events), row["penta"]
        ours = penta_class(ev) if ev else None
        confusion[gold][ours] += 1
        as_labelled[gold][VERBAL if ev and (ev.cameo or "").startswith("16") else ours] += 1
        if ours != gold:
            name = PENTA_NAMES[ours] if ours is not None else "none"
            errors.append(Error("no event" if ev is None else "wrong class", row["text"],
                                PENTA_NAMES[gold], f"{name}: {describe(events)}",
                                0.5 if ours is None else abs(ours - gold)))
        count_roles(spans, row["text"], row.get("spans", []), ev)
    per_class = _per_class(confusion)
    right, gold_n = [r["tp"] for r in per_class], [r["gold"] for r in per_class]
    figures: dict[str, float | int | None] = {
        "accuracy": ratio(sum(right), len(rows)),
        "accuracy_1_4": ratio(sum(right[1:]), sum(gold_n[1:])),
        "macro_f1": statistics.fmean(r["f1"] for r in per_class),
        "no_event_rate": ratio(sum(row[None] for row in confusion), len(rows))}
    labelled = _per_class(as_labelled)
    figures |= {"accuracy_16_verbal": ratio(sum(r["tp"] for r in labelled), len(rows)),
                "macro_f1_16_verbal": statistics.fmean(r["f1"] for r in labelled)}
    figures |= role_figures(spans)
    matrix = [{"gold \\ ours": name, **{o: confusion[g][i] for i, o in enumerate(PENTA_NAMES)},
               "none": confusion[g][None]} for g, name in enumerate(PENTA_NAMES)]
    for row in per_class:
        del row["tp"]
    return Result("conflibert_cameo_train", len(rows), figures,
                  {"per class": per_class, "confusion": matrix}, errors)


def _per_class(confusion: list[Counter]) -> list[dict]:
    """Gold, predicted and right counts and P/R/F1 per class of a gold x ours matrix."""
    rows = []
    for c, name in enumerate(PENTA_NAMES):
        gold, n_pred = sum(confusion[c].values()), sum(row[c] for row in confusion)
        rows.append({"class": name, "gold": gold, "ours": n_pred, "tp": confusion[c][c],
                     **prf(confusion[c][c], n_pred, gold)})
    return rows


def score_plv(rows: list[dict], preds: list[list[Event]]) -> Result:
    """One PLOVER type per sentence from its most confident event, as Zero-Shot-PLOVER
    scores it: macro-F1 over the gold labels (YIELD, the older label, is CONCEDE or
    RETREAT)."""
    pairs: list[tuple[str, str]] = []
    errors: list[Error] = []
    roles: Counter = Counter()
    for row, events in zip(rows, preds, strict=True):
        ev, gold = main_event(events), row["plover"]
        count_roles(roles, row["text"], [("S", row.get("source") or ""),
                                         ("T", row.get("target") or "")], ev)
        ours = ev.event_type if ev else "none"
        if gold == "YIELD" and ours in ("CONCEDE", "RETREAT"):
            ours = "YIELD"
        pairs.append((gold, ours))
        if ours != gold:
            errors.append(Error("no event" if ev is None else "wrong type", row["text"], gold,
                                describe(events)))
    per_type = []
    for label in sorted({g for g, _ in pairs}):
        tp = sum(g == o == label for g, o in pairs)
        n_gold, n_ours = sum(g == label for g, _ in pairs), sum(o == label for _, o in pairs)
        per_type.append({"type": label, "gold": n_gold, "ours": n_ours, "tp": tp,
                         **prf(tp, n_ours, n_gold)})
    figures: dict[str, float | int | None] = {
        "accuracy": ratio(sum(g == o for g, o in pairs), len(pairs)),
        "macro_f1": statistics.fmean(r["f1"] for r in per_type) if per_type else None,
        "no_event_rate": ratio(sum(o == "none" for _, o in pairs), len(pairs))}
    figures |= role_figures(roles)
    return Result("plv_train", len(rows), figures, {"per type": per_type}, errors)


def score_case2021(rows: list[dict], preds: list[list[Event]]) -> Result:
    """Recall of the mapped PLOVER types per subtype, and of the ACLED sub-event and event
    types (does any event carry them?); false events on non-political text."""
    by_label: dict[str, Counter] = defaultdict(Counter)
    errors: list[Error] = []
    for row, events in zip(rows, preds, strict=True):
        label, types = row["label"], {e.event_type for e in events}
        accepted = CASE_PLOVER.get(label)
        c = by_label[label]
        c["n"] += 1
        c["any event"] += bool(events)
        if sub_event := CASE_ACLED.get(label):
            ours = {e.acled_sub_event_type for e in events}
            c["acled sub"] += sub_event in ours
            c["acled type"] += ACLED_EVENT_TYPE[sub_event] in {e.acled_event_type for e in events}
        if accepted is None:
            continue
        hit = bool(types & set(accepted)) if accepted else not events
        c["right"] += hit
        if not hit:
            kind = ("false event" if not accepted else "wrong type" if events else "missed")
            errors.append(Error(kind, row["text"], f"{label} -> {'/'.join(accepted) or 'none'}",
                                describe(events), 1 + bool(events)))
        elif sub_event and sub_event not in ours:
            errors.append(Error("wrong ACLED sub-event", row["text"], f"{label} -> {sub_event}",
                                "; ".join(sorted(s or "none" for s in ours)), 0.5))
    political = {k: c for k, c in by_label.items() if CASE_PLOVER.get(k)}
    benign = {k: c for k, c in by_label.items() if CASE_PLOVER.get(k) == ()}
    acled = {k: c for k, c in by_label.items() if k in CASE_ACLED}

    def total(group: dict[str, Counter], key: str) -> int:
        return sum(c[key] for c in group.values())

    figures: dict[str, float | int | None] = {
        "political_rows": total(political, "n"),
        "recall": ratio(total(political, "right"), total(political, "n")),
        "macro_recall": statistics.fmean(c["right"] / c["n"] for c in political.values())
        if political else None,
        "no_event_rate": ratio(total(political, "n") - total(political, "any event"),
                               total(political, "n")),
        "non_political_rows": total(benign, "n"),
        "false_event_rate": ratio(total(benign, "any event"), total(benign, "n")),
        "acled_rows": total(acled, "n"),
        "acled_sub_event_accuracy": ratio(total(acled, "acled sub"), total(acled, "n")),
        "acled_event_type_accuracy": ratio(total(acled, "acled type"), total(acled, "n"))}
    per_label = [{"label": k, "plover": "/".join(CASE_PLOVER.get(k) or ()) or "-", "n": c["n"],
                  "recall": ratio(c["right"], c["n"]) if CASE_PLOVER.get(k) else None,
                  "any_event": ratio(c["any event"], c["n"]),
                  "acled_sub_event": ratio(c["acled sub"], c["n"]) if k in CASE_ACLED else None}
                 for k, c in sorted(by_label.items())]
    return Result("case2021_task2_even", len(rows), figures, {"per label": per_label}, errors)


def score_event_location(rows: list[dict], preds: list[list[Event]],
                         verb_locations: Sequence[Place | None] | None = None,
                         offered: Sequence[bool] | None = None) -> Result:
    """For the event at the gold verb: is the place the text gives it the gold location (or
    none if none)? ``loc_accuracy_with_fallback`` also counts sentence and article fallbacks.

    End to end, only rows where the pipeline typed an event at the gold verb are scored
    (``coverage``). ``verb_locations`` (the locator run at every gold verb, as
    :func:`locate_gold_verbs` does) scores the locator itself on every row: the ``verb_``
    figures, and the location errors listed. ``offered``: whether the geoparse found a
    gold location among the row's places at all (``verb_loc_offered``, what a chooser can
    reach).
    """
    c: Counter = Counter()  # row kind ("loc", "noloc", "lost") + " covered"/" right"/" verb"
    errors: list[Error] = []
    has_verb_locations = verb_locations is not None
    verb_locations = verb_locations or [None] * len(rows)
    offered = offered or [False] * len(rows)
    for row, events, at_verb, on_offer in zip(rows, preds, verb_locations, offered, strict=True):
        verbs, locs = gold_spans(row, "VERB"), gold_spans(row, "LOCATION")
        key = ("lost" if any(lost_span(row["text"][a:b]) for a, b in locs)
               else "loc" if locs else "noloc")
        c[key] += 1
        ev = main_event([e for e in events if any(overlaps(span(e), v) for v in verbs)])
        gold = " | ".join(row["text"][a:b] for a, b in locs) or "no location"
        verb = row["text"][verbs[0][0]:verbs[0][1]]
        if ev is None:
            errors.append(Error("no event at verb", row["text"], f"{verb} @ {gold}",
                                describe(events), 0.5))
        else:
            c[f"{key} covered"] += 1
        if key == "lost":
            continue
        if ev is not None:
            c[f"{key} right"] += _location_right(stated_location(ev), locs)
            c[f"{key} fallback right"] += _location_right(ev.location, locs)
        c[f"{key} offered"] += on_offer
        located = stated_location(ev) if ev is not None else at_verb
        right = _location_right(located, locs)
        c[f"{key} verb"] += right
        if not right and (ev is not None or has_verb_locations):
            kind = "wrong place" if located and locs else "extra place" if located else "no place"
            ours = describe([ev]) if ev else f"{verb} @{located.text if located else '-'}"
            errors.append(Error(kind, row["text"], gold, ours, 1 + (kind != "no place")))
    scored = c["loc covered"] + c["noloc covered"]
    figures: dict[str, float | int | None] = {
        "coverage": ratio(scored + c["lost covered"], len(rows)),
        "accuracy": ratio(c["loc right"] + c["noloc right"], scored),
        "loc_accuracy": ratio(c["loc right"], c["loc covered"]),
        "no_loc_accuracy": ratio(c["noloc right"], c["noloc covered"]),
        "loc_accuracy_with_fallback": ratio(c["loc fallback right"], c["loc covered"]),
        "loc_recall": ratio(c["loc right"], c["loc"]),
        "rows_with_loc": c["loc"], "rows_loc_lost": c["lost"]}
    if has_verb_locations:
        figures |= {"verb_accuracy": ratio(c["loc verb"] + c["noloc verb"], c["loc"] + c["noloc"]),
                    "verb_loc_accuracy": ratio(c["loc verb"], c["loc"]),
                    "verb_no_loc_accuracy": ratio(c["noloc verb"], c["noloc"]),
                    "verb_loc_offered": ratio(c["loc offered"], c["loc"])}
    return Result("event_location_dev", len(rows), figures, {}, errors)


def stated_location(event: Event) -> Place | None:
    """The place the text itself attaches to the event; a sentence or article fallback
    (``location_basis``) is a guess the dataset's "no location" rows would count wrong."""
    return event.location if event.location_basis == "text" else None


def locate_gold_verbs(pipe: Pipeline, rows: list[dict], articles: list[Article]
                      ) -> tuple[list[list[Event]], list[Place | None], list[bool]]:
    """Each row's events; the pipeline's locator run at the row's gold verb with the doc's
    geoparsed places (nothing excluded: a verb with no event has no actors), with the
    coder's reading of the verb as the pipeline reads a verb no lexicon row matched; and
    whether those places hold a gold location at all."""
    from tidings.events.extract import verb_candidate
    from tidings.geo import locate_event
    from tidings.pipeline import english_text

    preds: list[list[Event]] = []
    located: list[Place | None] = []
    offered: list[bool] = []
    pending: list[tuple[int, Token, list[Place], PlaceChoosers, str]] = []

    def locate_pending() -> None:
        """Place the pending gold verbs, read by the coder in one batch as the pipeline
        reads a verb no lexicon row matched (a batch at a time: readings hold vectors)."""
        readings = (pipe.coder.read([verb_candidate(v, text) for _, v, _, _, text in pending])
                    if pipe.coder is not None and pipe.policy is not None
                    else [None] * len(pending))
        for (row, verb, places, chosen, _), reading in zip(pending, readings, strict=True):
            located[row] = locate_event(verb, places, [], choosers=chosen,
                                        vectors=reading.vectors if reading else None)
        pending.clear()

    choosers, _ = honest_choosers("event_location_dev", [a.text for a in articles])
    docs = pipe.nlp.pipe((english_text(a) for a in articles), batch_size=32)
    for row, article, doc, chosen in zip(rows, articles, docs, choosers, strict=True):
        events, context = pipe.lexicon_events(doc, article, chosen)
        preds.append(pipe.coded(doc, events, context))
        located.append(None)
        places = context.places  # the doc's geoparse, as the events were placed with it
        offered.append(any(overlaps(span(p), g) for p in places
                           for g in gold_spans(row, "LOCATION")))
        verbs = gold_spans(row, "VERB")
        verb = doc.char_span(*verbs[0], alignment_mode="expand") if verbs else None
        if verb is not None:
            pending.append((len(located) - 1, verb.root, places, chosen, article.text))
        if len(pending) >= 32:
            locate_pending()
    locate_pending()
    return preds, located, offered


def _location_right(place: Place | None, locs: list[Span]) -> bool:
    """A place overlapping a gold location, or no place when gold has none."""
    if not locs:
        return place is None
    return place is not None and any(overlaps(span(place), g) for g in locs)


def score_lgl(rows: list[dict], preds: list[list[Place]]) -> Result:
    """Toponym recognition by span overlap; resolution error on recognised gold toponyms.

    A recognised toponym left without coordinates counts as the worst error (20,039 km).
    """
    tp = n_pred = n_gold = 0
    distances: list[float] = []
    errors: list[Error] = []
    for row, places in zip(rows, preds, strict=True):
        gold, text = row["toponyms"], row["text"]
        pairs = match_spans([(t["start"], t["end"]) for t in gold], [span(p) for p in places])
        tp, n_pred, n_gold = tp + len(pairs), n_pred + len(places), n_gold + len(gold)

        for i, j in pairs:
            g, p = gold[i], places[j]
            if g["lat"] is None:
                continue
            km = (haversine_km(g["lat"], g["lon"], p.lat, p.lon) if p.lat is not None
                  and p.lon is not None else MAX_ERROR_KM)
            distances.append(km)
            if km > ACCURACY_KM:
                errors.append(Error("far" if p.lat is not None else "unresolved",
                                    window(text, span(p)), f"{g['name']} ({g['lat']}, {g['lon']})",
                                    f"{p.name} ({p.lat}, {p.lon}) {km:.0f} km",
                                    km / ACCURACY_KM))
        paired_gold, paired_pred = {i for i, _ in pairs}, {j for _, j in pairs}
        errors += [Error("missed toponym", window(text, (t["start"], t["end"])), t["name"], "-")
                   for i, t in enumerate(gold) if i not in paired_gold]
        errors += [Error("spurious toponym", window(text, span(p)), "-", p.text)
                   for j, p in enumerate(places) if j not in paired_pred]
    figures = {**prf(tp, n_pred, n_gold), "gold_toponyms": n_gold,
               "unresolved": sum(e.kind == "unresolved" for e in errors),
               **distance_figures(distances)}
    return Result("lgl", len(rows), figures, {}, errors)


# ---------------------------------------------------------------- runner

@dataclass(frozen=True)
class Dataset:
    score: Callable[..., Result]
    places: bool = False  # scored on geoparse(doc) instead of events
    needs_cameo: bool = False  # the scorer takes the CAMEO -> PLOVER table
    locate_verbs: bool = False  # the scorer takes the locator's answer at each gold verb


DATASETS: dict[str, Dataset] = {
    "plv_train": Dataset(score_plv),
    "petr2_gsr_validation": Dataset(score_petr2, needs_cameo=True),
    "conflibert_cameo_train": Dataset(score_conflibert),
    "case2021_task2_even": Dataset(score_case2021),
    "event_location_dev": Dataset(score_event_location, locate_verbs=True),
    "lgl": Dataset(score_lgl, places=True),
}


def resolve_data_dir(data_dir: Path | None = None) -> Path:
    """--data-dir, else $TIDINGS_DATA, else ../shared/datasets beside the repository."""
    if data_dir:
        return data_dir
    if env := os.environ.get("TIDINGS_DATA"):
        return Path(env)
    return Path(__file__).resolve().parents[2] / "shared" / "datasets"


def data_file(data_dir: Path, sub: str, name: str) -> Path:
    """``DIR/sub/name``, or ``DIR/name`` for a flat directory (e.g. unpacked held-out data)."""
    nested = data_dir / sub / name
    return nested if nested.exists() else data_dir / name


def read_jsonl(path: Path, limit: int | None = None) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in islice(f, limit)]


def to_article(row: dict) -> Article:
    """Every dataset has text; ids and dates where given (YYYYMMDD; others are left out)."""
    try:
        day = datetime.strptime(row.get("date", ""), "%Y%m%d").date()
    except ValueError:
        day = None
    return Article(text=row["text"], id=str(row.get("id", "")), date=day)


def worst_first(errors: list[Error]) -> list[Error]:
    """By cost, interleaved across kinds (worst of each kind, then the second worst...),
    so that a short listing shows every kind of error rather than many of one."""
    seen: Counter = Counter()
    ranked = []
    for e in sorted(errors, key=lambda e: -e.cost):
        ranked.append((seen[e.kind], e))
        seen[e.kind] += 1
    return [e for _, e in sorted(ranked, key=lambda pair: pair[0])]


class NotCrossValidated(Exception):
    """A set the event coder trained on, and no fold models to score it honestly."""


# What fold models must share with the coder to stand for it: the same data, read by the
# same network with the same settings (a change of heads or settings is another training).
SAME_TRAINING = ("data_sha256", "settings", "heads", "max_tokens", "encoder")


def honest_pipeline(dataset: str, pipe: Pipeline) -> tuple[Pipeline, str]:
    """The pipeline that may score ``dataset``, and what the event coder knew of it. A set
    the coder trained on is read through the fold models of that same training: each
    sentence by the model whose training left it out."""
    from tidings.events.coder import CrossValidatedCoder
    from tidings.pipeline import Pipeline

    if pipe.coder is None:
        return pipe, "lexicon only"
    if isinstance(pipe.coder, CrossValidatedCoder):
        return pipe, "fold models given"
    if dataset not in pipe.coder.meta.get("training_sets", []):
        return pipe, "never trained on"
    from tidings.training import cv_dir

    folds = CrossValidatedCoder.load(cv_dir())
    if folds is None or any(folds.meta.get(k) != pipe.coder.meta.get(k) for k in SAME_TRAINING):
        raise NotCrossValidated(
            f"{dataset}: the event coder trained on it, so it is scored with the 5 fold models "
            f"of that training, and {cv_dir()} has {'none' if folds is None else 'others'}; "
            f"make them with `tidings train --output DIR` (about 30 min on an idle machine; "
            f"the shipped model is left alone), or score the lexicon alone with --lexicon-only")
    setting = "5-fold cross-validated (grouped by sentence)"
    if folds.meta.get("reading_sha256") != pipe.coder.meta.get("reading_sha256"):
        # same files, another reading of them (the lexicon or code changed in between):
        # the folds are another run's, whose figures differ from the shipped run's by noise
        setting += ("; the fold models are of another training run than the coder's, on the "
                    "same files read otherwise (figures vary by run: docs/models.md)")
    return Pipeline(pipe.policy, coder=folds), setting


def honest_rankers(dataset: str, texts: list[str]) -> tuple[list[Ranker], str]:
    """The geo ranker for each text, and what it knew of ``dataset`` (see :func:`honest`)."""
    from tidings.geo.ranker import Ranker

    return honest(Ranker.load(), dataset, texts, "geo-ranker", "article")


def honest_promoters(dataset: str, texts: list[str]) -> tuple[list[Ranker], str]:
    """The toponym promoter for each text, and what it knew of ``dataset``."""
    from tidings.geo.resolve import toponym_promoter

    return honest(toponym_promoter(), dataset, texts, "toponym-promoter", "article")


def honest_choosers(dataset: str, texts: list[str]) -> tuple[list[PlaceChoosers], str]:
    """The event-place choosers for each text, and what they knew of ``dataset``."""
    from tidings.geo.locate import PlaceChoosers, event_place_chooser, event_place_encoder_chooser

    plain, setting = honest(event_place_chooser(), dataset, texts, "event-place-chooser",
                            "sentence")
    encoder_model = event_place_encoder_chooser()
    if encoder_model is None:
        return [PlaceChoosers(p) for p in plain], setting
    encoded, _ = honest(encoder_model, dataset, texts, "event-place-encoder-chooser",
                        "sentence")
    return [PlaceChoosers(p, e) for p, e in zip(plain, encoded, strict=True)], setting


def honest(model: Ranker, dataset: str, texts: list[str], name: str, unit: str
           ) -> tuple[list[Ranker], str]:
    """A linear choice model for each text, and what it knew of ``dataset``: on a set it
    was fitted on, each text is read by the fold model whose fitting left it out."""
    from tidings.events.coder import fold_of

    if dataset not in model.meta.get("trained_on", []):
        return [model] * len(texts), "never trained on"
    if not model.folds:
        raise NotCrossValidated(f"{dataset}: the {name} was fitted on it and carries no "
                                f"fold models; refit it with tidings train --model {name}")
    return ([model.fold(fold_of(text)) for text in texts],
            f"5-fold cross-validated (grouped by {unit})")


# How news may come cased: feeds and scrapers often deliver all lower or all upper case.
# Changing case keeps every offset (str.lower/upper where a character's length holds).
CASINGS: dict[str, Callable[[str], str]] = {"lower": str.lower, "upper": str.upper}


def recased(text: str, casing: str) -> str:
    """``text`` in ``casing``, character by character, so gold offsets stay right."""
    change = CASINGS[casing]
    return "".join(c2 if len(c2 := change(c)) == 1 else c for c in text)


def evaluate(dataset: str, data_dir: Path, limit: int | None = None,
             pipe: Pipeline | None = None, casing: str | None = None, workers: int = 1
             ) -> dict:
    """Run the pipeline on one dataset and score it; errors come worst first. ``casing``
    (lower, upper): the texts are read so cased, the gold left as it is. ``workers``: read
    the rows in that many processes, each with its own pipeline of ``pipe``'s policy (the
    figures are the same as one process gives; a run of one shard stays in this one)."""
    if pipe is None:
        from tidings.pipeline import Pipeline

        pipe = Pipeline()
    honest, setting = honest_pipeline(dataset, pipe)
    spec = DATASETS[dataset]
    rows = read_jsonl(data_file(data_dir, "dev", f"{dataset}.jsonl"), limit)
    articles = [to_article(r) for r in rows]
    if casing:
        articles = [replace(a, text=recased(a.text, casing)) for a in articles]
        setting += f", text {casing}-cased"
    if spec.places:
        texts = [a.text for a in articles]
        setting += (f"; geo ranker: {honest_rankers(dataset, texts)[1]}; toponym promoter: "
                    f"{honest_promoters(dataset, texts)[1]}")
    elif spec.locate_verbs:
        setting += f"; event-place chooser: {honest_choosers(dataset, [])[1]}"
    started = time.perf_counter()
    if workers > 1 and len(rows) > EVAL_SHARD:  # a short run is not worth the start-up
        preds, extra = predict_in_workers(dataset, rows, articles, workers, pipe.policy)
    else:
        preds, extra = predict(dataset, honest, rows, articles)
    if spec.needs_cameo:
        path = data_file(data_dir, "reference", "CAMEO2PLOVER-2021.txt")
        extra["cameo2plover"] = load_cameo2plover(path)
        if pipe.policy is not None and pipe.policy.statements is not None:
            extra["cameo2plover"]["01"] = STATEMENT  # the gold's statements become ours
    result = spec.score(rows, preds, **extra)
    result.seconds = time.perf_counter() - started
    result.setting = setting
    result.errors = worst_first(result.errors)
    result.tables["error kinds"] = [{"kind": k, "n": n} for k, n in
                                    Counter(e.kind for e in result.errors).most_common()]
    return asdict(result)


def predict(dataset: str, pipe: Pipeline, rows: list[dict], articles: list[Article]
            ) -> tuple[list, dict]:
    """What the (honest) pipeline reads in each row, and the extra inputs of the scorer."""
    spec = DATASETS[dataset]
    extra: dict = {}
    if spec.places:
        from tidings.geo import geoparse

        texts = [a.text for a in articles]
        rankers, _ = honest_rankers(dataset, texts)
        promoters, _ = honest_promoters(dataset, texts)
        docs = pipe.nlp.pipe(texts, batch_size=32)
        preds: list = [geoparse(doc, pipe.gazetteer, ranker, promoter)
                       for doc, ranker, promoter in zip(docs, rankers, promoters, strict=True)]
    elif spec.locate_verbs:
        preds, extra["verb_locations"], extra["offered"] = locate_gold_verbs(pipe, rows,
                                                                              articles)
    else:
        preds = [events for _, events in pipe.extract_many(articles, batch_size=32)]
    return preds, extra


# Rows per task of a parallel eval: enough for spaCy's batches, small enough to balance.
EVAL_SHARD = 64
_eval_pipelines: dict[str, Pipeline] = {}  # in an eval worker: the honest pipeline per set
_eval_policy = None


def _start_eval_worker(policy: object, threads: int) -> None:
    global _eval_policy
    os.environ["TIDINGS_CODER_THREADS"] = str(threads)
    _eval_policy = policy


def _predict_shard(task: tuple[str, list[dict], list[Article]]) -> tuple[list, dict]:
    """In an eval worker: :func:`predict` on a shard, with the worker's honest pipeline."""
    from tidings.pipeline import Pipeline

    dataset, rows, articles = task
    if dataset not in _eval_pipelines:
        _eval_pipelines[dataset] = honest_pipeline(dataset, Pipeline(_eval_policy))[0]
    return predict(dataset, _eval_pipelines[dataset], rows, articles)


def predict_in_workers(dataset: str, rows: list[dict], articles: list[Article], workers: int,
                       policy: object) -> tuple[list, dict]:
    """:func:`predict` over ``workers`` processes (spawned), shards merged in row order."""
    import multiprocessing

    from tidings.geo import Gazetteer

    Gazetteer.prepare()
    tasks = [(dataset, rows[i : i + EVAL_SHARD], articles[i : i + EVAL_SHARD])
             for i in range(0, len(rows), EVAL_SHARD)]
    threads = max(1, (os.cpu_count() or 1) // workers)
    with multiprocessing.get_context("spawn").Pool(
            workers, initializer=_start_eval_worker, initargs=(policy, threads)) as pool:
        parts = pool.map(_predict_shard, tasks, chunksize=1)
    preds: list = []
    extra: dict = {}
    for part_preds, part_extra in parts:
        preds += part_preds
        for key, values in part_extra.items():
            extra.setdefault(key, []).extend(values)
    return preds, extra


def fmt(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 100 else f"{value:,.0f}"
    return str(value).replace("|", "\\|")


def markdown_table(rows: list[dict]) -> str:
    """A markdown table with the first row's keys as header."""
    if not rows:
        return ""
    head = list(rows[0])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(fmt(r.get(k)) for k in head) + " |" for r in rows]
    return "\n".join(lines)


def format_table(results: dict[str, dict]) -> str:
    """Markdown: per dataset what is scored, its headline figures, its breakdown tables."""
    parts = []
    for name, r in results.items():
        seconds = f", {r['seconds']:.0f} s" if r.get("seconds") is not None else ""
        seconds += f"; event coder: {r['setting']}" if r.get("setting") else ""
        how = DATASETS[name].score.__doc__.splitlines()[0] if name in DATASETS else ""
        parts.append(f"### {name} ({r['rows']} rows{seconds})\n\n{how}\n\n"
                     f"{markdown_table([r['figures']])}")
        parts += [f"{title}:\n\n{markdown_table(rows)}" for title, rows in r["tables"].items()
                  if rows]
    return "\n\n".join(parts) + "\n"


def format_errors(results: dict[str, dict], n: int) -> str:
    """The n worst errors of each dataset, one line each."""
    lines = []
    for name, r in results.items():
        lines.append(f"### worst errors: {name}\n")
        lines += [f"- [{e['kind']}] {' '.join(e['text'].split())[:240]}\n"
                  f"  gold: {e['gold']} | ours: {e['ours']}" for e in r["errors"][:n]]
        lines.append("")
    return "\n".join(lines)


def run_cli(dataset: str, json_path: Path | None, errors: int, limit: int | None,
            data_dir: Path | None, policy: Policy | None = SHIPPED_POLICY,
            casing: str | None = None, workers: int = 1) -> int:
    """``tidings eval DATASET|all``: print tables (and the worst errors), optionally JSON.
    ``policy``: how coder and lexicon decide (None: the lexicon alone)."""
    names = list(DATASETS) if dataset == "all" else [dataset]
    if unknown := [n for n in names if n not in DATASETS]:
        print(f"unknown dataset {unknown[0]!r}; choose from: all, {', '.join(DATASETS)}",
              file=sys.stderr)
        return 2
    from tidings.pipeline import Pipeline

    data_dir = resolve_data_dir(data_dir)
    pipe = Pipeline(policy)
    try:
        results = {n: evaluate(n, data_dir, limit, pipe, casing, workers) for n in names}
    except NotCrossValidated as error:
        print(f"tidings eval: {error}", file=sys.stderr)
        return 2
    for r in results.values():
        r["errors"] = r["errors"][:errors]
    print(format_table(results))
    if errors:
        print(format_errors(results, errors))
    if json_path:
        meta = {"date": date.today().isoformat(), "limit": limit, "data_dir": str(data_dir),
                "casing": casing, "policy": policy and asdict(policy)}
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps({"meta": meta, "results": results}, indent=1,
                                        ensure_ascii=False), encoding="utf-8")
    return 0
