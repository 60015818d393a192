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
* Word profiles of the bridge against the target (words and adjacent word pairs), or
  of a lexicon learnt from the document itself (``learn_lexicon``, Hunalign's
  realignment) when there is no bridge.
* Lengths in characters, for the Gale–Church length term (Gale & Church 1993).
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

_WS = re.compile(r"\s+")
_SEP = "\x1e"
_TOKEN_SEP = re.compile(r"\w\w+|\d|\x1e")
# double quotes of every convention become '"' (single ones stay: they are apostrophes too)
_QUOTES = str.maketrans({c: '"' for c in "„“”«»‹›"})
# punctuation classes that survive translation: tokens "\x01?" never collide with words
_PUNCT = {"?": "\x01?", "!": "\x01!", '"': "\x01q", ":": "\x01:", "(": "\x01("}

_MIX = np.uint64(0x9E3779B97F4A7C15)
_MUL = np.uint64(0x100000001B3)


def similarity_text(text: str) -> str:
    """Lower-case, unify quotes, collapse whitespace (the text the n-grams are taken from)."""
    return _WS.sub(" ", text.translate(_QUOTES).lower()).strip()


def _codes(texts: Sequence[str]) -> np.ndarray:
    """Code points of all texts, each followed by a NUL separator."""
    joined = "\x00".join(texts) + "\x00"
    # surrogatepass: a lone surrogate (possible in a Python str) must not crash us
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"),
                          dtype=np.uint32).astype(np.uint64)
    return codes


def tokens(texts: Sequence[str], *, bigrams: bool = False
           ) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Distinct tokens of each text: lower-cased words of 2+ characters and digits, plus
    punctuation classes (a question or exclamation mark or colon anywhere and at the end,
    opening and closing quotes — dialogue keeps them across languages).

    Args:
        texts: The sentences.
        bigrams: Also pairs of adjacent words (``"new york"``).

    Returns:
        ``(sentence index, token id)`` arrays sorted by sentence, each pair once, and the
        vocabulary (token of each id).
    """
    if not texts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), []
    # one regex pass over the whole side; \x1e separates the sentences
    joined = _SEP.join(t.replace(_SEP, " ") for t in texts)
    found = _TOKEN_SEP.findall(joined.lower())
    vocab: dict[str, int] = {_SEP: 0}
    ids = [vocab.setdefault(w, len(vocab)) for w in found]
    if bigrams:
        # pairs of adjacent words: both neighbours are words (id 0 is the separator)
        pairs = [f"{a} {b}" for a, b, ia, ib in zip(found, found[1:], ids, ids[1:], strict=False)
                 if ia and ib]
        pair_ids = [vocab.setdefault(p, len(vocab)) for p in pairs]
        nb = np.asarray(ids, dtype=np.int64)
        both = np.flatnonzero((nb[:-1] != 0) & (nb[1:] != 0)) + 1
    arr = np.asarray(ids, dtype=np.int64)
    sent_all = np.cumsum(arr == 0)
    word_mask = arr != 0
    sent_parts = [sent_all[word_mask]]
    id_parts = [arr[word_mask]]
    if bigrams and pairs:
        sent_parts.append(sent_all[both])
        id_parts.append(np.asarray(pair_ids, dtype=np.int64))
    # punctuation classes, from the normalised text of each sentence
    extra_sent, extra_ids = [], []
    normed = joined.replace(",,", '"').translate(_QUOTES).split(_SEP)
    for i, text in enumerate(normed):
        for cls in _punctuation_classes(text.strip()):
            extra_sent.append(i)
            extra_ids.append(vocab.setdefault(cls, len(vocab)))
    sent_parts.append(np.asarray(extra_sent, dtype=np.int64))
    id_parts.append(np.asarray(extra_ids, dtype=np.int64))
    sent = np.concatenate(sent_parts)
    ids = np.concatenate(id_parts)
    if not len(ids):
        return np.zeros(0, np.int64), np.zeros(0, np.int64), list(vocab)
    v = len(vocab)
    keys = np.unique(sent * v + ids)
    return keys // v, keys % v, list(vocab)


def _punctuation_classes(text: str) -> list[str]:
    """The punctuation-class tokens of one normalised, stripped sentence (see ``tokens``)."""
    if not text:
        return []
    classes = [cls for ch, cls in _PUNCT.items() if ch in text]
    if text[0] == '"':
        classes.append("\x01qo")
    core = text.rstrip('"*_ ')
    if core and text[-1] == '"':
        classes.append("\x01qc")
    if core and core[-1] in "?!:;":
        classes.append("\x01e" + core[-1])
    return classes


def zlib_crc(token: str) -> int:
    """A stable 64-bit token code (two CRC32s), identical across processes."""
    data = token.encode("utf-8")
    return (zlib.crc32(data) << 32) | zlib.crc32(data, 0x5BD1E995)


@dataclass(frozen=True)
class SideFeatures:
    """Raw (unnormalised) hashed profiles and lengths of one document side.

    Attributes:
        chars: ``(n, dim)`` float32 tf·idf char n-gram profiles (signed hashing).
        anchors: ``(n, dim_anchor)`` float32 anchor-token profiles.
        lengths: ``(n,)`` float64 lengths in characters (of the original text).
        lex: ``(n, dim_lex)`` float32 word profiles: of the bridge's words (source side)
            and the target's, or of a learnt lexicon's translations of the source words
            and the target's words; None when there are none (yet).
        tokens: ``tokens()`` of the original sentences (for learning a lexicon).
        starts: ``(n,)`` bool, True where a sentence opens a paragraph after the first
            one (a bead whose span contains one crosses a paragraph boundary); None when
            paragraphs are not known or not used.
        blocks: ``(n,)`` int, the block of each sentence under hard paragraph cuts (a
            bead takes its sentences from one block, the same on both sides); None when
            there are no hard cuts.
    """

    chars: np.ndarray
    anchors: np.ndarray
    lengths: np.ndarray
    lex: np.ndarray | None = None
    tokens: tuple[np.ndarray, np.ndarray, list[str]] | None = None
    starts: np.ndarray | None = None
    blocks: np.ndarray | None = None
    numbers: tuple[frozenset[str], ...] | None = None


# numbers as written: "40 000" and "12 345,67" (spaces between thousands), "12.500",
# "2,5", "03.07.2024"
_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:,\d+)?(?![\d.,]\d)"
                     r"|\d+(?:[.,]\d+)*")
_DATE_LIKE = re.compile(r"\d{1,2}[.,]\d{1,2}(?:[.,]\d{2,4})?")
# an hour after noon on the 24-hour clock: "14 Uhr", "14.30 Uhr", "14:30", "14h"
_AFTERNOON = re.compile(r"(?<![\d.,:])(1[3-9]|2[0-3])(?:(?:[.:][0-5]\d)?\s?(?:Uhr|h)\b|:[0-5]\d)")
# number words of German, English and French, 2 to 12 and the tens to 50 ("ein"/"one"/
# "un" are articles as often as numbers)
_NUMBER_WORDS = {w: str(v) for v, words in {
    2: "zwei two deux", 3: "drei three trois", 4: "vier four quatre", 5: "fünf five cinq",
    6: "sechs six", 7: "sieben seven", 8: "acht eight huit", 9: "neun nine neuf",
    10: "zehn ten dix", 11: "elf eleven onze", 12: "zwölf twelve douze",
    20: "zwanzig twenty vingt", 30: "dreißig thirty trente", 40: "vierzig forty quarante",
    50: "fünfzig fifty cinquante"}.items() for w in words.split()}
# (matched in the lower-cased text: faster than IGNORECASE)
_NUMBER_WORD = re.compile(r"(?<!\w)(?:" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
                          + r")(?!\w)")
_DIGIT = re.compile(r"\d")


# the key that marks a sentence with numbers written in digits (see ``number_keys``)
DIGITS = ""


def _plain(token: str) -> str:
    """The digits of ``token``, of any script, as ASCII without leading zeros ("٣" is
    "3", "12.500" is "12500")."""
    return "".join(str(int(c)) for c in token if c.isdigit()).lstrip("0") or "0"


def number_keys(text: str) -> frozenset[str]:
    """The numbers of a sentence as keys that survive translation: digits without their
    separators and leading zeros ("12.500", "12,500" and "12 500" are "12500"; "2,5" and
    "2.5" are "25"), the parts of a date or a time ("03.07.2024": "3", "7", "2024";
    "14.30": "14", "30"), an hour after noon also on the 12-hour clock ("14 Uhr",
    "14:30": "2"), a year also by its last two digits ("1977": "77"), and the number
    words two to twelve and the tens to fifty in German, English or French (which match
    digits but, alone, do not make a sentence numbered: ``DIGITS`` is among the keys of
    a sentence with digits)."""
    keys: set[str] = set()
    if _DIGIT.search(text):
        for token in _NUMBER.findall(text):
            digits = _plain(token)
            keys.add(digits)
            if _DATE_LIKE.fullmatch(token):
                keys.update(_plain(p) for p in re.split(r"[.,]", token))
            if len(digits) == 4 and "1900" <= digits <= "2099":
                keys.add(_plain(digits[2:]))  # "1977" as "77", "die Saison 77"
        keys.update(str(int(hour) - 12) for hour in _AFTERNOON.findall(text))
    if keys:
        keys.add(DIGITS)  # number words alone ("a gasp or two") do not make it numbered
    keys.update(_NUMBER_WORDS[w] for w in _NUMBER_WORD.findall(text.lower()))
    return frozenset(keys)


def reordered(f: SideFeatures, rows: Sequence[int]) -> SideFeatures:
    """The features of sentences ``rows`` of one side, in that order (a part of the side,
    or the side in another order), without paragraphs: what ``featurise`` gives for
    those sentences, but with the whole side's idf weights."""
    rows = np.asarray(list(rows), dtype=np.int64)
    tokens = None
    if f.tokens is not None:
        sent, word, vocab = f.tokens
        where = np.full(len(f.lengths), -1, dtype=np.int64)
        where[rows] = np.arange(len(rows))
        new = where[sent]
        keep = new >= 0
        order = np.argsort(new[keep], kind="stable")
        tokens = (new[keep][order], word[keep][order], vocab)
    return SideFeatures(f.chars[rows], f.anchors[rows], f.lengths[rows],
                        lex=None if f.lex is None else f.lex[rows], tokens=tokens,
                        numbers=None if f.numbers is None
                        else tuple(f.numbers[r] for r in rows))


_TABLE_BITS = 20  # n-gram codes are counted in a 2^20 table: collisions are negligible


def _project(sent: np.ndarray, code: np.ndarray, weight: np.ndarray, n: int, dim: int) -> np.ndarray:
    """Signed feature hashing of ``(sentence, code, weight)`` triples into ``(n, dim)``."""
    if n == 0:
        return np.zeros((0, dim), np.float32)
    bucket = (code >> np.uint64(40)) % np.uint64(dim)
    sign = np.where((code >> np.uint64(17)) & np.uint64(1), 1.0, -1.0)
    flat = sent.astype(np.int64) * dim + bucket.astype(np.int64)
    out = np.bincount(flat, weights=sign * weight, minlength=n * dim)
    return out.reshape(n, dim).astype(np.float32)


def _sentence_counts(texts: Sequence[str], orders: Sequence[int]
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct ``(sentence, table slot)`` pairs of the texts' character n-grams, with
    their counts (int32 arrays).

    Every n-gram is integer-coded by a rolling polynomial hash over the code points of the
    whole side (wrapping mod 2^64), vectorised one order at a time; n-grams that would
    cross a separator (a sentence boundary, or a NUL inside a text) are left out. The top
    bits of the mixed code pick one of 2^20 table slots.
    """
    if not texts:
        z = np.zeros(0, np.int32)
        return z, z, z
    codes = _codes(texts)
    sent_of = np.repeat(np.arange(len(texts), dtype=np.int64),
                        [len(t) + 1 for t in texts]) << _TABLE_BITS
    sep = codes == 0
    keys = []
    shift = np.uint64(64 - _TABLE_BITS)
    with np.errstate(over="ignore"):
        h = codes * _MUL + np.uint64(1)
        bad = sep.copy()
        for n in range(1, max(orders) + 1):
            if n > 1:
                h = h[:-1] * _MUL + codes[n - 1:]
                bad = bad[:-1] | sep[n - 1:]
            if n in orders:
                keep = ~bad
                slot = (((h[keep] ^ np.uint64(n)) * _MIX) >> shift).astype(np.int64)
                keys.append(sent_of[: len(h)][keep] | slot)
    del codes, h, bad, sep, sent_of
    uniq, tf = np.unique(np.concatenate(keys), return_counts=True)
    del keys
    return ((uniq >> _TABLE_BITS).astype(np.int32),
            (uniq & ((1 << _TABLE_BITS) - 1)).astype(np.int32), tf.astype(np.int32))


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
    word_bridge: bool = False,
    dim_words: int = 512,
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
        word_bridge: Also profiles of the words and adjacent word pairs of ``src_sim``
            (the bridge) and the target found on both (``SideFeatures.lex``), the
            word-level side of chrF/BLEU.
        dim_words: Dimensions of those word profiles.
    """
    n, m = len(src_orig), len(tgt_orig)
    s_sent, s_slot, s_tf = _sentence_counts([similarity_text(t) for t in src_sim], orders)
    t_sent, t_slot, t_tf = _sentence_counts([similarity_text(t) for t in tgt_sim], orders)
    # idf over both sides together: an n-gram frequent anywhere carries little evidence
    df = np.bincount(s_slot, minlength=1 << _TABLE_BITS)
    df += np.bincount(t_slot, minlength=1 << _TABLE_BITS)
    idf = np.log((n + m + 1.0) / (df + 0.5))
    src_chars = _slot_profile(s_sent, s_slot, s_tf, idf, n, dim)
    tgt_chars = _slot_profile(t_sent, t_slot, t_tf, idf, m, dim)

    s_tok, t_tok = tokens(src_orig), tokens(tgt_orig)
    both = set(s_tok[2]) & set(t_tok[2])  # anchors: tokens verbatim on both sides
    src_anchor = _anchor_profile(*s_tok, both, n, dim_anchor)
    tgt_anchor = _anchor_profile(*t_tok, both, m, dim_anchor)

    src_len = np.fromiter((len(t.strip()) for t in src_orig), dtype=np.float64, count=n)
    tgt_len = np.fromiter((len(t.strip()) for t in tgt_orig), dtype=np.float64, count=m)
    src_words = tgt_words = None
    if word_bridge:
        # words of the bridge translation against the target's (word-level chrF's cue)
        b_tok = tokens(src_sim, bigrams=True)
        t_big = tokens(tgt_orig, bigrams=True)
        shared = set(b_tok[2]) & set(t_big[2])
        src_words = _anchor_profile(*b_tok, shared, n, dim_words)
        tgt_words = _anchor_profile(*t_big, shared, m, dim_words)
    return (SideFeatures(src_chars, src_anchor, src_len, lex=src_words, tokens=s_tok,
                         numbers=tuple(number_keys(t) for t in src_orig)),
            SideFeatures(tgt_chars, tgt_anchor, tgt_len, lex=tgt_words, tokens=t_tok,
                         numbers=tuple(number_keys(t) for t in tgt_orig)))


def _anchor_profile(sent: np.ndarray, word: np.ndarray, vocab: list[str], both: set[str],
                    n: int, dim: int) -> np.ndarray:
    """idf-weighted profiles over the tokens found on both sides (binary tf)."""
    if n == 0 or not both:
        return np.zeros((n, dim), np.float32)
    shared = np.fromiter((t in both for t in vocab), dtype=bool, count=len(vocab))
    keep = shared[word]
    sent, word = sent[keep], word[keep]
    df = np.bincount(word, minlength=len(vocab))
    idf = np.log((n + 1.0) / (df + 0.5)).clip(min=0.0)
    # codes from the token text, so both sides hash a token alike
    codes = np.zeros(len(vocab), dtype=np.uint64)
    for k in np.flatnonzero(shared):
        codes[k] = zlib_crc(vocab[k])
    with np.errstate(over="ignore"):
        codes = codes * _MIX
    return _project(sent, codes[word], idf[word], n, dim)


def gale_church_logp(delta: np.ndarray) -> np.ndarray:
    """log of the two-sided tail probability 2·(1 − Φ(|δ|)) (Gale & Church 1993)."""
    z = np.abs(delta) / math.sqrt(2.0)
    # erfc is not in numpy; use the Abramowitz–Stegun 7.1.26 approximation
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
                                                                         + t * 1.061405429))))
    return np.log(np.maximum(poly, 1e-300)) - z * z


def learn_lexicon(src: tuple[np.ndarray, np.ndarray], tgt: tuple[np.ndarray, np.ndarray],
                  n_src: int, n_tgt: int, *, min_count: int = 2, min_dice: float = 0.1,
                  top: int = 3) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A bilingual lexicon from word co-occurrence in (roughly) aligned beads.

    Hunalign's idea (Varga et al. 2005): without a dictionary, align by length and
    identical tokens first, then learn word translations from that alignment and realign.
    Association is the Dice coefficient ``2·c(s,t) / (c(s) + c(t))`` over beads; every
    source word keeps its ``top`` partners with ``c(s,t) >= min_count`` and
    ``Dice >= min_dice``.

    Args:
        src: ``(bead index, source word id)`` arrays, each pair once, sorted by bead.
        tgt: ``(bead index, target word id)`` arrays, each pair once, sorted by bead.
        n_src: Source vocabulary size.
        n_tgt: Target vocabulary size.

    Returns:
        ``(source word, target word, Dice)`` arrays of the entries, sorted by source word.
    """
    empty = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    (s_bead, s_word), (t_bead, t_word) = src, tgt
    if len(s_word) == 0 or len(t_word) == 0:
        return empty
    n_beads = int(max(s_bead.max(), t_bead.max())) + 1
    cs = np.bincount(s_word, minlength=n_src)
    ct = np.bincount(t_word, minlength=n_tgt)
    # a pair can reach min_count only if both words occur in min_count beads: drop the
    # rest before forming the pairs (most of the vocabulary, far fewer pairs to count)
    keep_s = cs[s_word] >= min_count
    keep_t = ct[t_word] >= min_count
    s_bead, s_word = s_bead[keep_s], s_word[keep_s]
    t_bead, t_word = t_bead[keep_t], t_word[keep_t]
    if len(s_word) == 0 or len(t_word) == 0:
        return empty
    t_count = np.bincount(t_bead, minlength=n_beads)
    t_start = np.concatenate([[0], np.cumsum(t_count)[:-1]])
    # every (source word, target word) pair of every bead, without a Python loop
    rep = t_count[s_bead]
    total = int(rep.sum())
    if total == 0:
        return empty
    ends = np.cumsum(rep)
    offs = np.arange(total) - np.repeat(ends - rep, rep)
    pair_s = np.repeat(s_word, rep)
    pair_t = t_word[np.repeat(t_start[s_bead], rep) + offs]
    uniq, cst = np.unique(pair_s * n_tgt + pair_t, return_counts=True)
    keep = cst >= min_count
    uniq, cst = uniq[keep], cst[keep]
    src_w, tgt_w = uniq // n_tgt, uniq % n_tgt
    dice = 2.0 * cst / (cs[src_w] + ct[tgt_w])
    keep = dice >= min_dice
    src_w, tgt_w, dice = src_w[keep], tgt_w[keep], dice[keep]
    order = np.lexsort((-dice, src_w))
    src_w, tgt_w, dice = src_w[order], tgt_w[order], dice[order]
    rank = np.arange(len(src_w)) - np.searchsorted(src_w, src_w, side="left")
    keep = rank < top
    return src_w[keep], tgt_w[keep], dice[keep]


def lexical_profiles(src: tuple[np.ndarray, np.ndarray], tgt: tuple[np.ndarray, np.ndarray],
                     n: int, m: int, lexicon: tuple[np.ndarray, np.ndarray, np.ndarray],
                     n_tgt: int, dim: int) -> tuple[np.ndarray, np.ndarray]:
    """Profiles of the lexical bridge: each source sentence as the bag of its words'
    lexicon translations (weighted by Dice), each target sentence as its bag of words,
    both idf-weighted over the target side and hashed into ``dim`` dimensions.

    Args:
        src: ``(sentence, word)`` arrays of the source side (``sentence_words``).
        tgt: The same for the target side.
        n: Number of source sentences.
        m: Number of target sentences.
        lexicon: ``learn_lexicon``'s entries, sorted by source word.
        n_tgt: Target vocabulary size.
        dim: Dimensions of the profiles.
    """
    lex_s, lex_t, lex_d = lexicon
    t_sent, t_word = tgt
    df = np.bincount(t_word, minlength=n_tgt)
    idf = np.log((m + 1.0) / (df + 0.5)).clip(min=0.0)
    covered = np.zeros(n_tgt, bool)
    covered[lex_t] = True  # only words the lexicon can produce carry evidence
    ok = covered[t_word]
    with np.errstate(over="ignore"):
        t_code = t_word.astype(np.uint64) * _MIX
    tgt_prof = _project(t_sent[ok], t_code[ok], idf[t_word[ok]], m, dim)
    s_sent, s_word = src
    if len(lex_s) == 0 or n == 0 or len(s_word) == 0:
        return np.zeros((n, dim), np.float32), tgt_prof
    # expand every source word into its lexicon entries
    first = np.searchsorted(lex_s, np.arange(max(int(s_word.max()), int(lex_s.max())) + 2))
    count = first[s_word + 1] - first[s_word]
    total = int(count.sum())
    if total == 0:
        return np.zeros((n, dim), np.float32), tgt_prof
    ends = np.cumsum(count)
    idx = np.repeat(first[s_word], count) + np.arange(total) - np.repeat(ends - count, count)
    tw = lex_t[idx]
    with np.errstate(over="ignore"):
        code = tw.astype(np.uint64) * _MIX
    src_prof = _project(np.repeat(s_sent, count), code, lex_d[idx] * idf[tw], n, dim)
    return src_prof, tgt_prof
