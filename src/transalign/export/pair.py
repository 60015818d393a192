"""The one record type of the exporter: an aligned sentence pair."""

from __future__ import annotations

from dataclasses import dataclass

from ..text import bead_kind

# align: the aligner's score of a bead; confidence: the translator's confidence in a
# translate record (mean log-probability per target token, 0 or less, not calibrated);
# none: no score
SCORE_KINDS = ("align", "confidence", "none")


@dataclass(frozen=True, slots=True)
class AlignedPair:
    """One pair of a parallel corpus: a bead of source and target sentences.

    A translate record becomes a 1-1 pair scored by its confidence (score kind
    ``confidence``; none when the record has no score) and has no bead confidence; an
    align bead keeps its sentence ids, its score and its ``confidence``. Texts of several
    sentences are joined with a space (that is how ``transalign align --format jsonl``
    writes them).

    Two different things share a name: ``confidence`` (the field) is the aligner's
    calibrated probability that a bead is right, what ``export --min-confidence``
    filters on; score kind ``"confidence"`` says that ``score`` is a translate record's
    mean log-probability per token (the translator's confidence, not a probability).

    Attributes:
        src: Source text (may be empty for a 0-1 bead).
        tgt: Target text (may be empty for a 1-0 bead).
        doc_id: Id of the document the pair comes from.
        src_ids: 0-based source sentence ids, ascending.
        tgt_ids: 0-based target sentence ids, ascending.
        score: Alignment score or translation confidence, higher is better;
            ``None`` when the producer gave none.
        score_kind: What ``score`` is: ``"align"`` (aligner score, higher is
            better), ``"confidence"`` (a translate record's mean log-probability per
            target token, higher is better) or ``"none"`` (no score).
        flags: Anything the translator noticed (``long_split``, ``unk``, …).
        origin: ``file:line`` the pair was read from (for ``--rejected``).
        confidence: An align bead's confidence: the aligner's calibrated probability,
            in [0, 1], that the bead is right (see ``transalign.align``); ``None`` for a
            translate record and for beads written before confidences existed.
    """

    src: str
    tgt: str
    doc_id: str = ""
    src_ids: tuple[int, ...] = (0,)
    tgt_ids: tuple[int, ...] = (0,)
    score: float | None = None
    score_kind: str = "none"
    flags: tuple[str, ...] = ()
    origin: str = ""
    confidence: float | None = None

    @property
    def kind(self) -> str:
        """Alignment type such as ``"1-1"``, ``"2-1"`` or ``"0-1"`` (from the ids)."""
        return bead_kind(self.src_ids, self.tgt_ids)

    def to_json(self) -> dict[str, object]:
        """The JSONL shape of ``export --format jsonl`` (a superset of the align bead shape)."""
        return {
            "doc_id": self.doc_id,
            "src_ids": list(self.src_ids),
            "tgt_ids": list(self.tgt_ids),
            "src": self.src,
            "tgt": self.tgt,
            "score": self.score,
            "score_kind": self.score_kind,
            "confidence": self.confidence,
            "type": self.kind,
            "flags": list(self.flags),
        }
