"""Per-sentence features of the aligner, computed once per document side with numpy.

* Character n-gram profiles (chrF's cue, Popović 2015): every character n-gram of the
  lower-cased sentence is integer-coded with a vectorised rolling hash over the whole
  document, weighted by tf·idf, and projected into ``dim`` dimensions by signed feature
  hashing (Weinberger et al. 2009), so the dot product of two (sums of) profiles is an
  unbiased estimate of their exact n-gram dot product. Multi-sentence beads are sums of
  per-sentence profiles: each sentence is featurised (and translated) once.
* Anchor profiles: word tokens found verbatim on *both* sides (numbers, names, dates,
  cognates) plus a few punctuation classes (question and exclamation marks, quotes,
  colons) — Hunalign's and Bleualign's identical-token cue (Varga et al. 2005).
* Lengths in characters, for the Gale–Church length term (Gale & Church 1993).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_QUOTES = str.maketrans({c: '"' for c in "„“”«»‚‘’‹›\"'"})
# punctuation classes that survive translation: tokens "\x01?" never collide with words
_PUNCT = {"?": "\x01?", "!": "\x01!", '"': "\x01q", ":": "\x01:", "(": "\x01("}

_MIX = np.uint64(0x9E3779B97F4A7C15)
_MUL = np.uint64(0x100000001B3)


def normalise(text: str) -> str:
    """Lower-case, unify quotes, collapse whitespace (the text the n-grams are taken from)."""
    return _WS.sub(" ", text.translate(_QUOTES).lower()).strip()


def _codes(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Code points of all texts joined by a separator, and each text's start offset."""
    joined = "\x00".join(texts) + "\x00"
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))
    starts = np.zeros(len(texts), dtype=np.int64)
    if len(texts) > 1:
        np.cumsum(lengths[:-1], out=starts[1:])
    return codes, starts


def char_ngram_ids(
    texts: Sequence[str], orders: Sequence[int]
) -> tuple[np.ndarray, np.ndarray]:
    """Integer-coded character n-grams of each text.

    Returns:
        ``(sentence index, 64-bit n-gram code)`` for every n-gram occurrence; n-grams that
        would cross a text boundary are left out.
    """
    if not texts:
        return np.zeros(0, np.int64), np.zeros(0, np.uint64)
    codes, starts = _codes(texts)
    sent_of = np.repeat(np.arange(len(texts)), [len(t) + 1 for t in texts])
    sents, grams = [], []
    sep = codes == 0
    with np.errstate(over="ignore"):
        h = np.zeros(len(codes), dtype=np.uint64)
        bad = np.zeros(len(codes), dtype=bool)
        for n in range(1, max(orders) + 1):
            # h[p] = code of the n-gram starting at p (rolling polynomial hash, wraps mod 2^64)
            if n == 1:
                h = codes * _MUL + np.uint64(n)
                bad = sep.copy()
            else:
                h = h[:-1] * _MUL + codes[n - 1:]
                bad = bad[:-1] | sep[n - 1:]
            if n in orders:
                keep = ~bad
                sents.append(sent_of[: len(h)][keep])
                grams.append((h[keep] ^ np.uint64(n)) * _MIX)
    return np.concatenate(sents), np.concatenate(grams)


def word_ids(texts: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """Tokens (lower-cased words of 2+ characters, digit runs, punctuation classes)."""
    sents: list[int] = []
    toks: list[str] = []
    for i, text in enumerate(texts):
        for tok in _WORD.findall(text):
            if len(tok) > 1 or tok.isdigit():
                sents.append(i)
                toks.append(tok)
        for ch, cls in _PUNCT.items():
            if ch in text:
                sents.append(i)
                toks.append(cls)
    return np.asarray(sents, dtype=np.int64), toks


def zlib_crc(token: str) -> int:
    """A stable 64-bit token code (two CRC32s), identical across processes."""
    import zlib

    data = token.encode("utf-8")
    return (zlib.crc32(data) << 32) | zlib.crc32(data, 0x5BD1E995)


@dataclass(frozen=True)
class SideFeatures:
    """Raw (unnormalised) hashed profiles and lengths of one document side.

    Attributes:
        chars: ``(n, dim)`` float32 tf·idf char n-gram profiles (signed hashing).
        anchors: ``(n, dim_anchor)`` float32 anchor-token profiles.
        lengths: ``(n,)`` float64 lengths in characters (of the original text).
    """

    chars: np.ndarray
    anchors: np.ndarray
    lengths: np.ndarray


_TABLE_BITS = 20  # n-gram codes are counted in a 2^20 table: collisions are negligible


def _project(sent: np.ndarray, code: np.ndarray, weight: np.ndarray, n: int, dim: int) -> np.ndarray:
    """Signed feature hashing of ``(sentence, code, weight)`` triples into ``(n, dim)``."""
    if n == 0:
        return np.zeros((0, dim), np.float32)
    bucket = (code >> np.uint64(40)) % np.uint64(dim)
    sign = np.where((code >> np.uint64(17)) & np.uint64(1), 1.0, -1.0)
    flat = sent * dim + bucket.astype(np.int64)
    out = np.bincount(flat, weights=sign * weight, minlength=n * dim)
    return out.reshape(n, dim).astype(np.float32)


def _sentence_counts(sent: np.ndarray, code: np.ndarray) -> tuple[np.ndarray, np.ndarray,
                                                                    np.ndarray]:
    """Distinct ``(sentence, table slot)`` pairs of n-gram occurrences, with their counts."""
    slot = (code >> np.uint64(64 - _TABLE_BITS)).astype(np.int64)
    keys, tf = np.unique(sent.astype(np.int64) << _TABLE_BITS | slot, return_counts=True)
    return keys >> _TABLE_BITS, keys & ((1 << _TABLE_BITS) - 1), tf


def _slot_profile(sent: np.ndarray, slot: np.ndarray, tf: np.ndarray, idf: np.ndarray,
                  n: int, dim: int) -> np.ndarray:
    """tf·idf profiles (sqrt tf) hashed from table slots into ``dim`` signed buckets."""
    if n == 0:
        return np.zeros((0, dim), np.float32)
    mixed = slot.astype(np.uint64) * _MIX  # spread slot bits before taking bucket and sign
    with np.errstate(over="ignore"):
        mixed = mixed ^ (mixed >> np.uint64(29))
    return _project(sent, mixed, np.sqrt(tf) * idf[slot], n, dim)


def featurise(
    src_sim: Sequence[str],
    tgt_sim: Sequence[str],
    src_orig: Sequence[str],
    tgt_orig: Sequence[str],
    *,
    orders: Sequence[int] = (1, 2, 3, 4),
    dim: int = 1024,
    dim_anchor: int = 256,
) -> tuple[SideFeatures, SideFeatures]:
    """Features of both sides.

    Args:
        src_sim: Source texts compared by character n-grams (the bridge translations,
            or the source itself when there is no bridge).
        tgt_sim: Target texts.
        src_orig: Original source sentences (anchors, lengths).
        tgt_orig: Original target sentences.
        orders: Character n-gram orders.
        dim: Dimensions of the hashed n-gram profiles.
        dim_anchor: Dimensions of the hashed anchor profiles.
    """
    n, m = len(src_orig), len(tgt_orig)
    ss, sc = char_ngram_ids([normalise(t) for t in src_sim], orders)
    ts, tc = char_ngram_ids([normalise(t) for t in tgt_sim], orders)
    s_sent, s_slot, s_tf = _sentence_counts(ss, sc)
    t_sent, t_slot, t_tf = _sentence_counts(ts, tc)
    # idf over both sides together: an n-gram frequent anywhere carries little evidence
    df = np.bincount(np.concatenate([s_slot, t_slot]), minlength=1 << _TABLE_BITS)
    idf = np.log((n + m + 1.0) / (df + 0.5))
    src_chars = _slot_profile(s_sent, s_slot, s_tf, idf, n, dim)
    tgt_chars = _slot_profile(t_sent, t_slot, t_tf, idf, m, dim)

    sw, stoks = word_ids([t.translate(_QUOTES) for t in src_orig])
    tw, ttoks = word_ids([t.translate(_QUOTES) for t in tgt_orig])
    stoks = [t.lower() for t in stoks]
    ttoks = [t.lower() for t in ttoks]
    both = set(stoks) & set(ttoks)  # anchors: tokens verbatim on both sides
    src_anchor = _anchor_profile(sw, stoks, both, n, n + m, dim_anchor)
    tgt_anchor = _anchor_profile(tw, ttoks, both, m, n + m, dim_anchor)

    src_len = np.fromiter((len(t.strip()) for t in src_orig), dtype=np.float64, count=n)
    tgt_len = np.fromiter((len(t.strip()) for t in tgt_orig), dtype=np.float64, count=m)
    return (SideFeatures(src_chars, src_anchor, src_len),
            SideFeatures(tgt_chars, tgt_anchor, tgt_len))


def _anchor_profile(sent: np.ndarray, toks: list[str], both: set[str], n: int, n_docs: int,
                    dim: int) -> np.ndarray:
    keep = [k for k, t in enumerate(toks) if t in both]
    if not keep or n == 0:
        return np.zeros((n, dim), np.float32)
    kept = [toks[k] for k in keep]
    s = sent[keep]
    uniq = {t: k for k, t in enumerate(sorted(set(kept)))}
    tid = np.fromiter((uniq[t] for t in kept), dtype=np.int64, count=len(kept))
    # document frequency per token on this side, idf-weighted, binary tf per sentence
    keys = np.unique(tid * max(n, 1) + s)
    pairs = np.stack([keys // max(n, 1), keys % max(n, 1)], axis=1)
    df = np.bincount(pairs[:, 0], minlength=len(uniq))
    idf = np.log((n + 1.0) / (df + 0.5))
    idf = np.maximum(idf, 0.0)
    codes = np.fromiter((zlib_crc(t) for t in sorted(uniq, key=uniq.get)), dtype=np.uint64,
                        count=len(uniq))
    with np.errstate(over="ignore"):
        codes = codes * _MIX
    w = idf[pairs[:, 0]]
    del n_docs
    return _project(pairs[:, 1], codes[pairs[:, 0]], w, n, dim)


def gale_church_logp(delta: np.ndarray) -> np.ndarray:
    """log of the two-sided tail probability 2·(1 − Φ(|δ|)) (Gale & Church 1993)."""
    z = np.abs(delta) / math.sqrt(2.0)
    # erfc is not in numpy; use the Abramowitz–Stegun 7.1.26 approximation
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
                                                                         + t * 1.061405429))))
    return np.log(np.maximum(poly, 1e-300)) - z * z
