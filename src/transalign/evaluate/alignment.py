"""Sentence-alignment scoring: strict and lax precision, recall and F1 against gold beads.

The definition is the standard one of the Text+Berg benchmark (Sennrich & Volk 2010,
as re-implemented in Vecalign's ``score.py``, Thompson & Koehn 2019):

* per document, gold ``G`` and test ``T`` are *sets* of beads
  ``(tuple(src ids), tuple(tgt ids))``;
* precision is over the distinct test beads, 0-1/1-0 beads included: a test bead is
  strict-correct if it is in ``G`` exactly, lax-correct if one single gold bead shares at
  least one source *and* at least one target index with it (a bead with an empty side
  can only be correct by exact match);
* recall: first every bead with an empty side is dropped from both ``G`` and ``T``, then
  the same test is made with ``G`` and ``T`` swapped;
* the counts are summed over all documents first, then ``P``, ``R`` and
  ``F1 = 2PR / (P + R)``. Policy for 0/0: a ratio with a zero denominator is 0.0, and so
  is F1 when ``P + R == 0``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..config import excerpt
from ..errors import InputError
from ..paths import shown
from ..reading import load_json_line, read_text
from ..records import Bead
from ..text import plural

__all__ = ["check_alignment", "read_alignment", "read_beads", "score_alignments"]

_Key = tuple[tuple[int, ...], tuple[int, ...]]


def _keys(beads: Iterable[Bead]) -> set[_Key]:
    return {(tuple(b.src), tuple(b.tgt)) for b in beads}


def _count(test: set[_Key], gold: set[_Key]) -> tuple[int, int]:
    """(strict hits, lax hits) of the beads in ``test`` against ``gold``."""
    strict = lax = 0
    # Index gold beads by each of their source ids so the lax test stays linear.
    by_src: dict[int, list[_Key]] = {}
    for g in gold:
        for i in g[0]:
            by_src.setdefault(i, []).append(g)
    for t in test:
        if t in gold:
            strict += 1
            lax += 1
            continue
        if not t[0] or not t[1]:
            continue  # an empty-side bead is only correct by exact match
        tgt = set(t[1])
        if any(g[1] and tgt.intersection(g[1]) for i in t[0] for g in by_src.get(i, ())):
            lax += 1
    return strict, lax


def _prf(tp_p: int, n_test: int, tp_r: int, n_gold: int) -> dict[str, float | int]:
    precision = tp_p / n_test if n_test else 0.0
    recall = tp_r / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "tp_p": tp_p,
        "n_test": n_test,
        "tp_r": tp_r,
        "n_gold": n_gold,
    }


def score_alignments(
    gold: Sequence[Sequence[Bead]], test: Sequence[Sequence[Bead]]
) -> dict[str, object]:
    """Strict and lax precision/recall/F1 of ``test`` against ``gold``, summed over documents.

    Args:
        gold: Per document, the gold beads (scores are ignored).
        test: Per document, the beads to score, in the same document order.

    Returns:
        ``{"strict": {...}, "lax": {...}, "documents": n, "gold_omissions": k}`` where
        each inner dict has ``precision``, ``recall``, ``f1`` and the counts ``tp_p``
        (correct test beads), ``n_test`` (distinct test beads), ``tp_r`` (recalled gold
        beads) and ``n_gold`` (distinct gold beads without an empty side); ``k``: the
        distinct gold beads with an empty side, which recall leaves out.

    Raises:
        InputError: if ``gold`` and ``test`` have different numbers of documents.
    """
    if len(gold) != len(test):
        raise InputError(
            f"gold has {plural(len(gold), 'document')} but test has {len(test)}; "
            "pass the same documents in the same order"
        )
    s_tp_p = s_tp_r = l_tp_p = l_tp_r = n_test = n_gold = n_omitted = 0
    for gold_doc, test_doc in zip(gold, test, strict=True):
        g, t = _keys(gold_doc), _keys(test_doc)
        strict_p, lax_p = _count(t, g)
        n_test += len(t)
        g_full = {b for b in g if b[0] and b[1]}
        t_full = {b for b in t if b[0] and b[1]}
        strict_r, lax_r = _count(g_full, t_full)
        n_gold += len(g_full)
        n_omitted += len(g) - len(g_full)
        s_tp_p += strict_p
        l_tp_p += lax_p
        s_tp_r += strict_r
        l_tp_r += lax_r
    return {
        "strict": _prf(s_tp_p, n_test, s_tp_r, n_gold),
        "lax": _prf(l_tp_p, n_test, l_tp_r, n_gold),
        "documents": len(gold),
        "gold_omissions": n_omitted,
    }


def read_beads(path: str | Path) -> list[list[Bead]]:
    """Read the beads of an alignment file, per document (see :func:`read_alignment`).

    Raises:
        InputError: if the file cannot be read or a line is not a bead.
    """
    return read_alignment(path)[0]


def read_alignment(path: str | Path) -> tuple[list[list[Bead]], list[str] | None]:
    """Read an alignment file: ``(beads per document, document ids or None)``.

    Two formats, told apart by content (the first non-blank line starts with ``{``:
    JSONL):

    * a bead file: one ``[i, ...]:[j, ...](:score)`` per line, documents separated by an
      empty line (``align --format beads``; gold files). A file without empty lines is
      one document; an empty file is no document; several consecutive empty lines count
      as one separator. No document ids (``None``).
    * JSONL of ``align --format jsonl`` (or ``export --format jsonl``): a manifest line,
      then one ``{"doc_id", "src_ids", "tgt_ids", "score", ...}`` record per bead;
      documents are grouped by ``doc_id`` in the order of their first record.

    Raises:
        InputError: if the file cannot be read or a line is not a bead (or record).
    """
    text = read_text(str(path))
    path = shown(path)
    first = next((line for line in text.split("\n") if line.strip()), "")
    if first.lstrip().startswith("{"):
        return _read_jsonl(text, str(path))
    return _read_bead_lines(text, path), None


def _bead_text(bead: Bead) -> str:
    return f"{list(bead.src)}:{list(bead.tgt)}"


def check_alignment(docs: Sequence[Sequence[Bead]], name: str,
                    gold: Sequence[Sequence[Bead]] | None = None) -> None:
    """Refuse an alignment that cannot be one: within a document a sentence in two beads
    (a duplicated bead, overlapping beads), or, given the ``gold`` documents, a bead
    naming a sentence past the last one the gold document has.

    A duplicated bead would otherwise still score 1.0 (beads are compared as sets), and
    overlapping or out-of-range beads are not an alignment of the documents.

    Raises:
        InputError: naming the file, the document and the bead.
    """
    for k, beads in enumerate(docs, 1):
        last = None
        if gold is not None and k <= len(gold):
            last = (max((i for b in gold[k - 1] for i in b.src), default=-1),
                    max((j for b in gold[k - 1] for j in b.tgt), default=-1))
        for side in (0, 1):
            owner: dict[int, Bead] = {}
            label = "source" if side == 0 else "target"
            for bead in beads:
                for i in (bead.src, bead.tgt)[side]:
                    if i in owner:
                        what = ("is given twice" if (owner[i].src, owner[i].tgt) ==
                                (bead.src, bead.tgt) else
                                f"overlaps {_bead_text(owner[i])} in {label} sentence {i}")
                        raise InputError(f"{name}: document {k}: bead {_bead_text(bead)} "
                                         f"{what}; each sentence belongs to one bead")
                    owner[i] = bead
                    if last is not None and i > last[side]:
                        raise InputError(
                            f"{name}: document {k}: bead {_bead_text(bead)} names {label} "
                            f"sentence {i}, but the gold document's {label} sentences end "
                            f"at {last[side]}")


def _read_bead_lines(text: str, path: str | Path) -> list[list[Bead]]:
    docs: list[list[Bead]] = []
    current: list[Bead] | None = None
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            if current is not None:
                docs.append(current)
                current = None
            continue
        try:
            bead = Bead.parse(line)
        except ValueError as exc:
            raise InputError(f"{path}:{lineno}: {exc}; expected [i, ...]:[j, ...]") from None
        if current is None:
            current = []
        current.append(bead)
    if current is not None:
        docs.append(current)
    return docs


def _jsonl_ids(obj: dict[str, object], key: str, where: str) -> tuple[int, ...]:
    value = obj.get(key)
    if not isinstance(value, list) or not all(
            isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in value):
        raise InputError(f"{where}: field {key!r} must be a list of sentence ids (integers >= 0)")
    if len(set(value)) != len(value):
        raise InputError(f"{where}: a sentence id repeats in {key!r}: {excerpt(value)}")
    return tuple(sorted(value))


def _read_jsonl(text: str, path: str) -> tuple[list[list[Bead]], list[str]]:
    """The beads of ``align --format jsonl`` output, grouped by ``doc_id``."""
    docs: dict[str, list[Bead]] = {}
    # split("\n"), not splitlines(): U+2028 and friends may sit inside JSON strings
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            obj = load_json_line(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: invalid JSON ({exc.msg} at column {exc.colno})") from None
        except ValueError as exc:
            raise InputError(f"{where}: invalid JSON ({exc})") from None
        if isinstance(obj, dict) and len(obj) == 1 and "manifest" in obj:
            continue
        if not isinstance(obj, dict) or "src_ids" not in obj or "tgt_ids" not in obj:
            raise InputError(f"{where}: not an alignment record; expected the JSONL of "
                             "`transalign align --format jsonl` ({\"doc_id\", \"src_ids\", "
                             "\"tgt_ids\", \"score\", ...} per line) or a bead file")
        doc_id = obj.get("doc_id")
        if not isinstance(doc_id, str):
            raise InputError(f"{where}: field 'doc_id' must be a string")
        src, tgt = _jsonl_ids(obj, "src_ids", where), _jsonl_ids(obj, "tgt_ids", where)
        if not src and not tgt:
            raise InputError(f"{where}: a bead needs a sentence on at least one side")
        score = obj.get("score")
        if score is not None and (not isinstance(score, int | float) or isinstance(score, bool)):
            raise InputError(f"{where}: field 'score' must be a number or null")
        docs.setdefault(doc_id, []).append(
            Bead(src, tgt, None if score is None else float(score)))
    return list(docs.values()), list(docs)
