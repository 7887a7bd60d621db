"""Near-duplicate articles: wire copies and updates of one report, found by MinHash/LSH.

A wire story runs on dozens of sites with a new headline, a byline or a changed death
toll; counted as dozens of reports it would make one agency look like many witnesses.
Each stored article gets a MinHash signature (datasketch) of its word 5-grams; the
signature's LSH bands are kept in the store (``article_bands``), so finding the articles
that may be copies of a new one is one indexed lookup that survives restarts and needs
nothing loaded. Candidates are confirmed by the exact Jaccard similarity of their
5-grams; a copy is linked to the first article of its family (``articles.duplicate_of``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache

import duckdb
import numpy as np
from datasketch import MinHash, MinHashLSH

SHINGLE_WORDS = 5
# Jaccard similarity of 5-grams from which two articles are one report. Different reports
# of one event share a few phrases (< 0.2); a copy with another headline, byline and
# a paragraph more or less stays above 0.7.
THRESHOLD = 0.7
NUM_PERM = 128
# Shorter texts share too little to judge (briefs, captions): they are never linked.
MIN_WORDS = 40

SCHEMA = """
ALTER TABLE articles ADD COLUMN IF NOT EXISTS duplicate_of VARCHAR;
CREATE TABLE IF NOT EXISTS article_bands (band_key BIGINT NOT NULL, article_id VARCHAR NOT NULL);
CREATE INDEX IF NOT EXISTS article_bands_key ON article_bands (band_key);
"""

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Sketch:
    """What near-duplicate search needs of one text: its 5-grams and LSH band keys."""

    shingles: frozenset[str]
    band_keys: tuple[int, ...]


def shingles(text: str) -> frozenset[str]:
    """The text's word 5-grams, lower-cased (empty for a text under MIN_WORDS words)."""
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return frozenset()
    return frozenset(" ".join(words[i:i + SHINGLE_WORDS])
                     for i in range(len(words) - SHINGLE_WORDS + 1))


@cache
def _bands() -> tuple[int, int, MinHash]:
    """datasketch's choice of bands × rows for THRESHOLD, and an empty MinHash whose
    permutations every signature copies (drawing them anew each time is the slow part)."""
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r, MinHash(num_perm=NUM_PERM)


def sketch(text: str) -> Sketch:
    grams = shingles(text)
    if not grams:
        return Sketch(grams, ())
    bands, rows, empty = _bands()
    signature = empty.copy()
    signature.update_batch([gram.encode("utf-8") for gram in grams])
    values = np.asarray(signature.hashvalues, dtype=np.uint64)
    keys = tuple(
        int.from_bytes(hashlib.blake2b(band.to_bytes(2, "big") + values[band * rows:
                                       (band + 1) * rows].tobytes(), digest_size=8).digest(),
                       "big", signed=True)
        for band in range(bands))
    return Sketch(grams, keys)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def original_of(con: duckdb.DuckDBPyConnection, text_sketch: Sketch) -> str | None:
    """The stored article a text copies (the first of its family), or None."""
    if not text_sketch.band_keys:
        return None
    candidates = con.execute(
        "SELECT a.article_id, a.duplicate_of, a.text FROM articles a WHERE a.article_id IN "
        "(SELECT article_id FROM article_bands WHERE list_contains(?, band_key))",
        [list(text_sketch.band_keys)]).fetchall()
    scored = [(jaccard(text_sketch.shingles, shingles(text)), duplicate_of or article_id)
              for article_id, duplicate_of, text in candidates]
    best = max(scored, default=(0.0, None))
    return best[1] if best[0] >= THRESHOLD else None


def remember(con: duckdb.DuckDBPyConnection, article_id: str, text_sketch: Sketch) -> None:
    """Keep an article's band keys, so that later copies of it are found."""
    if text_sketch.band_keys:
        con.executemany("INSERT INTO article_bands VALUES (?, ?)",
                        [[key, article_id] for key in text_sketch.band_keys])
