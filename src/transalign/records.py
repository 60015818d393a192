"""Frozen records passed between the stages of the data flow (see docs/design.md).

read ──► segment ──► translate ──► align ──► evaluate / export
Document  Sentence    str           Bead
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .jsonl import manifest_line
from .text import bead_kind

__all__ = ["TRANSLATION_FIELDS", "Bead", "Document", "Sentence", "TranslationRecord",
           "manifest_line"]


@dataclass(frozen=True)
class Document:
    """A document as read from the input.

    Attributes:
        id: Unique id (file name, JSONL ``id``, or ``"-"`` for stdin).
        text: The full text, exactly as read (line breaks kept).
        reference: An optional reference translation of the whole document.
    """

    id: str
    text: str
    reference: str | None = None


@dataclass(frozen=True)
class Sentence:
    """One sentence of a document, with character offsets into ``Document.text``.

    Attributes:
        doc_id: Id of the document it belongs to.
        para: 0-based paragraph index (paragraphs are non-empty lines, or
            blank-line separated blocks when line-wrapped input is unwrapped).
        idx: 0-based sentence index within the document (not the paragraph).
        start: Offset of the first character in ``Document.text``.
        end: Offset one past the last character; ``text == doc.text[start:end]``.
        text: The sentence text, exactly as in the document (no normalisation).
    """

    doc_id: str
    para: int
    idx: int
    start: int
    end: int
    text: str


# The keys of a translation record, in order (the JSONL manifests' "fields").
TRANSLATION_FIELDS = ("doc_id", "para", "sent", "start", "end", "src", "tgt", "flags",
                      "score", "checks")


@dataclass(frozen=True)
class TranslationRecord:
    """One translated sentence, as written to ``translate --format jsonl``.

    Attributes:
        flags: What the translator noticed (``Translation.flags``).
        score: The confidence: mean log-probability per target token of the chosen
            hypothesis (``None`` for a copied or empty sentence; see
            :mod:`transalign.translate.base`).
        checks: What each check flag is about, e.g. ``{"number_mismatch": ["19 Uhr"]}``;
            always written, ``{}`` when nothing is flagged by a check.
    """

    doc_id: str
    para: int
    sent: int
    start: int
    end: int
    src: str
    tgt: str
    flags: tuple[str, ...] = ()
    score: float | None = None
    checks: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        """The record's JSON object: the keys of :data:`TRANSLATION_FIELDS`, in order."""
        return {
            "doc_id": self.doc_id,
            "para": self.para,
            "sent": self.sent,
            "start": self.start,
            "end": self.end,
            "src": self.src,
            "tgt": self.tgt,
            "flags": list(self.flags),
            "score": self.score,
            "checks": dict(self.checks),
        }


_BEAD_RE = re.compile(r"^\s*\[([0-9,\s]*)\]\s*:\s*\[([0-9,\s]*)\]\s*(?::\s*(\S+))?\s*$")


@dataclass(frozen=True, order=True)
class Bead:
    """An alignment bead: source sentence ids paired with target sentence ids.

    Indices are 0-based and ascending. ``score`` is higher-is-better; ``None``
    for gold beads, which carry no score. ``confidence`` is the aligner's calibrated
    probability that the bead is correct (in [0, 1]; see ``transalign.align``), ``None``
    for gold or parsed beads; the bead text format (``format``) keeps only the score.
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float | None = field(default=None, compare=False)
    confidence: float | None = field(default=None, compare=False)

    @property
    def kind(self) -> str:
        """Alignment type such as ``"1-1"``, ``"2-1"`` or ``"0-1"``."""
        return bead_kind(self.src, self.tgt)

    def format(self, with_score: bool = True) -> str:
        """Bead text format ``[i, ...]:[j, ...]:score`` used in the alignment literature."""
        text = f"[{', '.join(map(str, self.src))}]:[{', '.join(map(str, self.tgt))}]"
        if with_score and self.score is not None:
            text += f":{self.score:.6f}"
        return text

    @classmethod
    def parse(cls, line: str) -> Bead:
        """Parse ``[i, ...]:[j, ...]`` with an optional ``:score``.

        Raises:
            ValueError: if the line is not a bead.
        """
        match = _BEAD_RE.match(line)
        if not match:
            raise ValueError(f"not a bead: {line.strip()[:80]!r}")

        def ids(group: str) -> tuple[int, ...]:
            out = tuple(int(x) for x in group.replace(",", " ").split())
            if len(set(out)) != len(out):
                shown = group.strip()
                shown = shown if len(shown) <= 60 else f"{shown[:60]}… ({len(out)} ids)"
                raise ValueError(f"a sentence id repeats in a bead: [{shown}]")
            # a bead is a set of sentences: gold files list some out of order (Text+Berg
            # has [227, 218]), so the ids are sorted
            return tuple(sorted(out))

        score = float(match.group(3)) if match.group(3) is not None else None
        src, tgt = ids(match.group(1)), ids(match.group(2))
        if not src and not tgt:
            raise ValueError("a bead needs a sentence on at least one side: []:[]")
        return cls(src, tgt, score)
