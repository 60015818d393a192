"""Paragraph numbers of the sentences behind alignment beads, for the alignment view.

``align --format jsonl`` writes each bead's sentence ids and texts, not the paragraph of
each sentence. Beads that carry ``src_paras``/``tgt_paras`` (one paragraph number per id)
are used as they are. Otherwise the two texts named in the manifest (``src``, ``tgt``)
are segmented again as ``align`` did (same segmenter, ``presegmented`` and
``unwrap_lines`` from the manifest), and the result is used only if it gives back every
bead's text exactly; anything else (a file moved or edited since) shows no boundaries,
with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import TransalignError
from ..reading import read_input
from ..segment import segment

__all__ = ["bead_paragraphs"]

# doc_id -> side ("src"/"tgt") -> paragraph of each sentence id
Paragraphs = dict[str, dict[str, list[int]]]


def _from_beads(beads: Sequence[dict[str, Any]]) -> Paragraphs | None:
    out: Paragraphs = {}
    for bead in beads:
        for side in ("src", "tgt"):
            paras, ids = bead.get(f"{side}_paras"), bead[f"{side}_ids"]
            if not (isinstance(paras, list) and len(paras) == len(ids)
                    and all(isinstance(p, int) and not isinstance(p, bool) for p in paras)):
                return None
            numbers = out.setdefault(str(bead.get("doc_id", "")), {"src": [], "tgt": []})[side]
            for i, p in zip(ids, paras, strict=True):
                numbers.extend([-1] * (i + 1 - len(numbers)))
                numbers[i] = p
    return out


_ROLES = {"src": ("src", "source"), "tgt": ("tgt", "target")}


def _setting(manifest: dict[str, Any], key: str) -> Any:
    """A setting of the manifest: at its top, or under ``settings``."""
    settings = manifest.get("settings")
    if isinstance(settings, dict) and key in settings:
        return settings[key]
    return manifest.get(key)


def _side_path(manifest: dict[str, Any], side: str) -> str | None:
    """The input file of one side as the manifest names it: ``"src": PATH`` (at the top
    or under ``inputs``/``settings``), or ``"inputs": [{"path", "role": "source"}, …]``."""
    paths: list[object] = []
    inputs = manifest.get("inputs")
    if isinstance(inputs, list):
        paths += [i.get("path") for i in inputs
                  if isinstance(i, dict) and i.get("role") in _ROLES[side]]
    for holder in (manifest, inputs, manifest.get("settings")):
        if isinstance(holder, dict):
            value = holder.get(side)
            paths.append(value.get("path") if isinstance(value, dict) else value)
    return next((p for p in paths if isinstance(p, str) and p and p != "-"), None)


def _find(path: str, folders: Sequence[Path]) -> Path | None:
    candidate = Path(path)
    if candidate.is_absolute():
        return candidate if candidate.is_file() else None
    for folder in folders:
        if (folder / candidate).is_file():
            return folder / candidate
    return None


def _lines_as_sentences(text: str) -> tuple[list[str], list[int]]:
    """Pre-segmented text as ``align --presegmented`` reads it: one sentence per
    non-blank line, a blank line ends a paragraph."""
    sentences: list[str] = []
    paras: list[int] = []
    para, blank = 0, False
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            blank = True
            continue
        if blank and sentences:
            para += 1
        blank = False
        sentences.append(line)
        paras.append(para)
    return sentences, paras


def _segmented(path: Path, manifest: dict[str, Any]) -> list[tuple[list[str], list[int]]]:
    """Each document's sentences and their paragraphs, as ``align`` segmented them."""

    documents, _ = read_input(str(path))
    segmenter = _setting(manifest, "segmenter")
    unwrap = bool(segmenter.get("unwrap_lines")) if isinstance(segmenter, dict) else False
    out = []
    for doc in documents:
        if _setting(manifest, "presegmented"):
            out.append(_lines_as_sentences(doc.text))
        else:
            sentences = segment(doc.text, doc.id, unwrap_lines=unwrap)
            out.append(([s.text for s in sentences], [s.para for s in sentences]))
    return out


def _joined(sentences: list[str], ids: list[int]) -> str | None:
    if any(i >= len(sentences) for i in ids):
        return None
    return " ".join(sentences[i] for i in ids)


def bead_paragraphs(beads: Sequence[dict[str, Any]], manifest: dict[str, Any] | None,
                    folders: Sequence[Path]) -> tuple[Paragraphs | None, str]:
    """The paragraph of every sentence of the beads' documents, and where it came from.

    Args:
        beads: The beads as read (``doc_id``, ``src_ids``, ``tgt_ids``, ``src``, ``tgt``).
        manifest: The alignment's manifest (names the two texts).
        folders: Where a relative path in the manifest is looked for, in order.

    Returns:
        ``(paragraphs, note)``: ``{doc_id: {"src": [...], "tgt": [...]}}`` or ``None``, and
        one sentence saying where the paragraphs come from or why there are none.
    """
    given = _from_beads(beads)
    if given is not None:
        return given, "paragraphs as recorded in the beads"
    if not manifest:
        return None, "no paragraph boundaries: the beads have no manifest naming their texts"
    paths = {side: _side_path(manifest, side) for side in ("src", "tgt")}
    found = {side: _find(p, folders) if p else None for side, p in paths.items()}
    missing = [paths[s] or f"({s} not named)" for s in ("src", "tgt") if found[s] is None]
    if missing:
        return None, (f"no paragraph boundaries: {', '.join(missing)} not found (the texts "
                      "the manifest names)")
    try:
        sides = {side: _segmented(found[side], manifest) for side in ("src", "tgt")}
    except (TransalignError, OSError) as exc:
        return None, f"no paragraph boundaries: {exc}"
    if len(sides["src"]) != len(sides["tgt"]):
        return None, "no paragraph boundaries: the two texts have different numbers of documents"
    doc_ids = list(dict.fromkeys(str(b.get("doc_id", "")) for b in beads))
    if len(doc_ids) != len(sides["src"]):
        return None, "no paragraph boundaries: the texts do not hold the beads' documents"
    out: Paragraphs = {}
    for k, doc_id in enumerate(doc_ids):
        out[doc_id] = {"src": sides["src"][k][1], "tgt": sides["tgt"][k][1]}
    position = {doc_id: k for k, doc_id in enumerate(doc_ids)}
    for bead in beads:
        k = position[str(bead.get("doc_id", ""))]
        for side in ("src", "tgt"):
            if _joined(sides[side][k][0], bead[f"{side}_ids"]) != bead[side]:
                return None, (f"no paragraph boundaries: {paths[side]} no longer gives the "
                              "beads' sentences (edited since the alignment?)")
    return out, (f"paragraphs from {paths['src']} and {paths['tgt']}, segmented again and "
                 "checked against every bead")
