"""A seed lexicon for aligning German with English without MT.

Without a bridge the aligner learns its lexicon from the document itself
(``features.learn_lexicon``, Hunalign's realignment): a short document has too few
beads for any word pair to recur, and is aligned on lengths, numbers and names alone.
Hunalign (Varga et al. 2005) starts from a bilingual dictionary where it has one; this
one was written for this project (``lexicon_de_en.txt``: about 5,300 common German words
of news and everyday text, by topic). Its entries join the learnt lexicon
(``lexicon``): every pair of a source word and a target word of the document whose
forms (the word, or the word less a common ending) are an entry and one of its
translations. With another pair of languages nothing matches and nothing changes.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence
from importlib import resources

import numpy as np

# endings stripped to find an entry (German inflection, English plural and past), and
# the shortest stem left
SUFFIXES_DE = ("ern", "en", "er", "es", "em", "e", "n", "s")
SUFFIXES_EN = ("ing", "es", "ed", "s", "d")
MIN_STEM = 3
# the weight of a seed word (a learnt entry's is its Dice coefficient, 0.1-1), shared
# among the target words it reaches
SEED_WEIGHT = 1.0
# the share of a side's words the list must know for the side to read as German
# (source) or English (target): 0.45-0.6 for German and 0.6-0.77 for English in the
# tuning documents, 0.03 for French read as English and 0.05 for English read as German
MIN_SHARE = 0.25

LIST_NAME = "lexicon_de_en.txt"

_WORDS = re.compile(r"[^\W\d_]+")

Tokens = tuple[np.ndarray, np.ndarray, list[str]]
_EMPTY = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))


@functools.cache
def _data() -> bytes:
    """The word list file (read once: ``entries`` and ``info`` both use it)."""
    return resources.files(__package__).joinpath(LIST_NAME).read_bytes()


@functools.cache
def entries() -> dict[str, frozenset[str]]:
    """The word list: German word -> its English translations."""
    text = _data().decode("utf-8")
    table: dict[str, set[str]] = defaultdict(set)
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            word, translations = line.split(None, 1)
            table[_sharp_s(word)].update(t.strip() for t in translations.split(",") if t.strip())
    return {w: frozenset(ts) for w, ts in table.items()}


def forms(word: str, suffixes: Sequence[str]) -> list[str]:
    """``word``, then ``word`` less each ending of ``suffixes`` it has, the longest stem
    first (at least ``MIN_STEM`` characters left; English "-ies" also as "-y")."""
    out = [word]
    if word.endswith("ies") and len(word) - 3 >= MIN_STEM:
        out.append(word[:-3] + "y")
    for suffix in sorted(suffixes, key=len):
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            out.append(word[: -len(suffix)])
    return out


def lexicon(src: Tokens, tgt: Tokens) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The seed entries for one document: ``(source word id, target word id, weight)``
    arrays sorted by source word (the form of ``features.learn_lexicon``'s), from the
    sides' ``features.tokens``; none unless the source reads as German and the target as
    English (``MIN_SHARE`` of the words of each side are forms the list knows)."""
    s_ids, t_ids = np.unique(src[1]), np.unique(tgt[1])
    translations = [_translations(src[2][i]) for i in s_ids]
    english = [_english_forms(tgt[2][j]) for j in t_ids]
    if (_share(src, s_ids, translations) < MIN_SHARE
            or _share(tgt, t_ids, english) < MIN_SHARE):
        return _EMPTY
    by_form: dict[str, list[int]] = defaultdict(list)
    for t_id, found in zip(t_ids.tolist(), english, strict=True):
        for form in found:
            by_form[form].append(t_id)
    pairs: set[tuple[int, int]] = set()
    for s_id, options in zip(s_ids.tolist(), translations, strict=True):
        for translation in options:
            pairs.update((s_id, t_id) for t_id in by_form.get(translation, ()))
    if not pairs:
        return _EMPTY
    arr = np.array(sorted(pairs), dtype=np.int64)
    # a word that reaches k target words gives each 1/k (as a learnt entry's Dice is
    # shared): "sie" (she, they, her, them) does not outweigh a word with one sense
    reach = np.bincount(arr[:, 0])[arr[:, 0]]
    return arr[:, 0], arr[:, 1], SEED_WEIGHT / reach


def _sharp_s(word: str) -> str:
    """German "ß" as "ss" (Swiss spelling, and the spelling before 1996: "daß")."""
    return word.replace("ß", "ss")


@functools.cache
def info() -> dict[str, object]:
    """The word list, for manifests: its file, entries and the start of its sha256."""
    return {"name": LIST_NAME, "entries": len(entries()),
            "sha256": hashlib.sha256(_data()).hexdigest()[:16]}


@functools.cache
def english_words() -> frozenset[str]:
    """Every English translation in the list."""
    return frozenset().union(*entries().values())


@functools.lru_cache(maxsize=1 << 16)
def _translations(word: str) -> frozenset[str]:
    """The English translations of a German word: of its longest form in the list ("wien"
    is Vienna, not "wie" less "-n"; "ss" read as "ß"), each also with the regular
    English endings ("vote": "votes", "voted"); none for a non-word."""
    if not word.isalpha():
        return frozenset()
    table = entries()
    for form in forms(_sharp_s(word), SUFFIXES_DE):
        if form in table:
            return frozenset(e for t in table[form] for e in _inflected(t))
    return frozenset()


def _inflected(word: str) -> tuple[str, ...]:
    """An English word with its regular plural, third-person and past endings."""
    if word.endswith("y") and len(word) > 2:
        return word, word[:-1] + "ies", word[:-1] + "ied"
    if word.endswith("e"):
        return word, word + "s", word + "d"
    return word, word + "s", word + "es", word + "ed"


@functools.lru_cache(maxsize=1 << 16)
def _english_forms(word: str) -> frozenset[str]:
    """An English word as the list knows it: itself where the list has it ("news", not
    "new" plus "-s"), else those of its forms less an ending that it has; none if none."""
    if not word.isalpha():
        return frozenset()
    known = english_words()
    if word in known:
        return frozenset([word])
    return frozenset(f for f in forms(word, SUFFIXES_EN) if f in known)


def _share(side: Tokens, ids: np.ndarray, found: list[frozenset[str]]) -> float:
    """The share of the word tokens of ``side`` (each word once a sentence) whose word
    (``ids``, in order) has something in ``found``."""
    _, word, vocab = side
    count = np.bincount(word, minlength=len(vocab))[ids]
    alpha = np.fromiter((vocab[i].isalpha() for i in ids.tolist()), dtype=bool, count=len(ids))
    known = np.fromiter((bool(f) for f in found), dtype=bool, count=len(ids))
    words = count[alpha].sum()
    return float(count[known].sum() / words) if words else 0.0


def language_shares(text: str, limit: int = 5000) -> tuple[float, float]:
    """``(German, English)``: the shares of the first ``limit`` words of ``text`` that the
    list knows as German words and as English translations (``MIN_SHARE`` and more reads
    as that language; English text reads about 0.05 German, and German about as little
    English)."""
    words = [w.lower() for w in _WORDS.findall(text, 0, 40 * limit)][:limit]
    if not words:
        return 0.0, 0.0
    german = sum(bool(_translations(w)) for w in words)
    english = sum(bool(_english_forms(w)) for w in words)
    return german / len(words), english / len(words)


def merged(learnt: tuple[np.ndarray, np.ndarray, np.ndarray],
           seed: tuple[np.ndarray, np.ndarray, np.ndarray], n_tgt: int
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Both lexicons as one, sorted by source word; a pair in both keeps the larger
    weight."""
    s = np.concatenate([learnt[0], seed[0]])
    t = np.concatenate([learnt[1], seed[1]])
    w = np.concatenate([learnt[2], seed[2]])
    if len(s) == 0:
        return s, t, w
    order = np.lexsort((-w, s * max(n_tgt, 1) + t))
    key = (s * max(n_tgt, 1) + t)[order]
    first = np.concatenate([[True], key[1:] != key[:-1]])
    keep = order[first]
    keep = keep[np.argsort(s[keep], kind="stable")]
    return s[keep], t[keep], w[keep]
