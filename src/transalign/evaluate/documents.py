"""Document mode: score a translation against a reference that was segmented differently.

Both sides are segmented with :func:`transalign.segment.segment`, hypothesis
sentences are paired with reference sentences by the aligner in its
monolingual mode (:func:`transalign.pipeline.align_documents` with the
``same-language`` bridge; paragraphs are not used), and each bead with both
sides non-empty becomes one segment pair (sentence texts joined with a space),
which is then scored like line-parallel input.

Unpaired sentences (0-1 and 1-0 beads) must not make a translation look better
than it is. With ``unpaired="score"`` (the default) they are scored against an
empty string: an unpaired hypothesis sentence adds hypothesis n-grams that
match nothing (lower BLEU/chrF precision, TER insertions); an unpaired
reference sentence adds reference length with nothing to match (BLEU brevity
penalty, lower chrF recall, TER deletions). ``unpaired="ignore"`` drops them,
which only measures the quality of what could be paired.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import AlignmentError, InputError, UsageError
from ..pipeline import align_documents
from ..text import plural
from .corpus import CorpusResult, MetricScore, score_streams
from .metrics import DEFAULT_METRICS, MetricSettings, check_settings, resolve_metrics

if TYPE_CHECKING:
    from ..align import AlignOptions
    from ..records import Bead, Document

log = logging.getLogger(__name__)

UNPAIRED_POLICIES = ("score", "ignore")


@dataclass(frozen=True)
class SegmentPair:
    """One bead of a document pairing, as text.

    Attributes:
        doc_id: Id of the document (the reference's id).
        hyp_ids: 0-based hypothesis sentence indices in the document (may be empty).
        ref_ids: 0-based reference sentence indices in the document (may be empty).
        hyp: Hypothesis sentences joined with a space (``""`` when unpaired).
        ref: Reference sentences joined with a space (``""`` when unpaired).
        score: The aligner's bead score (higher is better), if it gave one.
        confidence: The aligner's calibrated probability, in [0, 1], that the bead is
            right (``transalign.align``), if it gave one: low where the pairing, and so
            the segment's score, is doubtful.
    """

    doc_id: str
    hyp_ids: tuple[int, ...]
    ref_ids: tuple[int, ...]
    hyp: str
    ref: str
    score: float | None = None
    confidence: float | None = None

    @property
    def paired(self) -> bool:
        return bool(self.hyp_ids) and bool(self.ref_ids)

    @property
    def kind(self) -> str:
        return f"{len(self.hyp_ids)}-{len(self.ref_ids)}"

    def to_json(self) -> dict[str, object]:
        return {"doc_id": self.doc_id, "hyp_ids": list(self.hyp_ids),
                "ref_ids": list(self.ref_ids), "type": self.kind, "hyp": self.hyp,
                "ref": self.ref, "align_score": self.score,
                "align_confidence": self.confidence}


@dataclass(frozen=True)
class DocumentPairing:
    """Sentence pairs of hypothesis and reference documents, and what could not be paired.

    Attributes:
        pairs: One :class:`SegmentPair` per bead, documents in reference order.
        n_documents: Number of document pairs.
        hyp_sentences: Hypothesis sentences after segmentation.
        ref_sentences: Reference sentences after segmentation.
        unpaired_hyp: Hypothesis sentences in 1-0 beads.
        unpaired_ref: Reference sentences in 0-1 beads.
        bead_types: Count of beads per type (``"1-1"``, ``"2-1"``…).
    """

    pairs: tuple[SegmentPair, ...] = field(repr=False)
    n_documents: int
    hyp_sentences: int
    ref_sentences: int
    unpaired_hyp: int
    unpaired_ref: int
    bead_types: dict[str, int]

    @property
    def paired_segments(self) -> int:
        return sum(1 for p in self.pairs if p.paired)

    def to_json(self) -> dict[str, object]:
        return {"documents": self.n_documents, "hyp_sentences": self.hyp_sentences,
                "ref_sentences": self.ref_sentences, "segments": len(self.pairs),
                "paired_segments": self.paired_segments,
                "unpaired_hyp_sentences": self.unpaired_hyp,
                "unpaired_ref_sentences": self.unpaired_ref,
                "bead_types": dict(sorted(self.bead_types.items()))}


@dataclass(frozen=True)
class DocumentResult:
    """Result of :func:`evaluate_documents`: scores plus the pairing they were computed on.

    Attributes:
        result: Scores over the segments that were scored (see ``unpaired``).
        pairing: The sentence pairing.
        unpaired: The policy used for unpaired sentences (``score`` or ``ignore``).
        scored: The segment pairs that were scored, in order (``result.sentences``
            is parallel to this).
    """

    result: CorpusResult
    pairing: DocumentPairing
    unpaired: str
    scored: tuple[SegmentPair, ...] = field(repr=False)

    def __getitem__(self, key: str) -> MetricScore:
        """The score of a metric, as ``result[key]`` (``"bleu"`` or ``"chrF2"``)."""
        return self.result[key]


def match_documents(hyp_docs: Sequence[Document], ref_docs: Sequence[Document], *,
                    hyp_name: str = "hypothesis", ref_name: str = "reference",
                    ) -> list[tuple[Document, Document]]:
    """Pair hypothesis and reference documents by id, in reference order.

    One document on each side (two plain text files) pair whatever their ids.

    Raises:
        InputError: no documents, a duplicate id, or ids that exist on one side only.
    """
    if not ref_docs:
        raise InputError(f"{ref_name}: no documents")
    if not hyp_docs:
        raise InputError(f"{hyp_name}: no documents")
    if len(hyp_docs) == 1 and len(ref_docs) == 1:
        return [(hyp_docs[0], ref_docs[0])]
    for name, docs in ((hyp_name, hyp_docs), (ref_name, ref_docs)):
        seen: set[str] = set()
        for doc in docs:
            if doc.id in seen:
                raise InputError(f"{name}: duplicate document id {doc.id!r}; "
                                 "every document needs its own id")
            seen.add(doc.id)
    by_id = {doc.id: doc for doc in hyp_docs}
    ref_ids = [doc.id for doc in ref_docs]
    missing = [i for i in ref_ids if i not in by_id]
    extra = [doc.id for doc in hyp_docs if doc.id not in set(ref_ids)]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"{plural(len(missing), 'reference id')} missing from {hyp_name} "
                         f"(e.g. {', '.join(map(repr, missing[:3]))})")
        if extra:
            parts.append(f"{plural(len(extra), 'id')} of {hyp_name} not in {ref_name} "
                         f"(e.g. {', '.join(map(repr, extra[:3]))})")
        raise InputError("documents do not match: " + "; ".join(parts)
                         + "; both sides need the same document ids")
    return [(by_id[doc.id], doc) for doc in ref_docs]


def _check_beads(beads: Sequence[Bead], n_hyp: int, n_ref: int, doc_id: str) -> None:
    # The aligner's contract: every index exactly once, in order. Checked here
    # because a gap would silently drop sentences from the score.
    hyp = [i for b in beads for i in b.src]
    ref = [j for b in beads for j in b.tgt]
    if hyp != list(range(n_hyp)) or ref != list(range(n_ref)):
        raise AlignmentError(f"document {doc_id!r}: the aligner's beads do not cover every "
                             f"sentence exactly once ({n_hyp} hypothesis, {n_ref} reference "
                             "sentences); this is a bug in the aligner")


def pair_documents(hyp_docs: Sequence[Document], ref_docs: Sequence[Document], *,
                   unwrap_lines: bool = False, align_options: AlignOptions | None = None,
                   hyp_name: str = "hypothesis", ref_name: str = "reference",
                   ) -> DocumentPairing:
    """Segment both sides and pair their sentences with the monolingual aligner.

    Args:
        hyp_docs: Hypothesis documents (e.g. our translation of each article).
        ref_docs: Reference documents with the same ids.
        unwrap_lines: Input is hard-wrapped; see :func:`transalign.segment.segment`.
        align_options: Options for :func:`transalign.align.align`.
        hyp_name: Name of the hypothesis input, in messages.
        ref_name: Name of the reference input, in messages.

    Returns:
        A :class:`DocumentPairing`.

    Raises:
        InputError: documents do not match.
    """
    matched = match_documents(hyp_docs, ref_docs, hyp_name=hyp_name, ref_name=ref_name)
    aligned = align_documents([hyp for hyp, _ in matched], [ref for _, ref in matched],
                              bridge="same-language", unwrap_lines=unwrap_lines,
                              options=align_options, paragraphs=False,
                              names=(hyp_name, ref_name))
    pairs: list[SegmentPair] = []
    kinds: Counter[str] = Counter()
    unpaired_hyp = unpaired_ref = 0
    for doc in aligned:
        n_hyp, n_ref = len(doc.src.sentences), len(doc.tgt.sentences)
        _check_beads(doc.beads, n_hyp, n_ref, doc.tgt.doc_id)
        for bead in doc.beads:
            kinds[bead.kind] += 1
            if not bead.tgt:
                unpaired_hyp += len(bead.src)
            elif not bead.src:
                unpaired_ref += len(bead.tgt)
            pairs.append(SegmentPair(doc.tgt.doc_id, tuple(bead.src), tuple(bead.tgt),
                                     doc.src_text(bead), doc.tgt_text(bead), bead.score,
                                     bead.confidence))
        log.debug("document %s: %d hyp, %d ref sentences, %d beads",
                  doc.tgt.doc_id, n_hyp, n_ref, len(doc.beads))
    return DocumentPairing(tuple(pairs), len(matched),
                           sum(len(doc.src.sentences) for doc in aligned),
                           sum(len(doc.tgt.sentences) for doc in aligned),
                           unpaired_hyp, unpaired_ref, dict(kinds))


def evaluate_documents(hyp_docs: Sequence[Document], ref_docs: Sequence[Document], *,
                       metrics: str | Iterable[str] = DEFAULT_METRICS,
                       settings: MetricSettings | None = None,
                       unpaired: str = "score", per_sentence: bool = False,
                       unwrap_lines: bool = False, align_options: AlignOptions | None = None,
                       system: str = "hypothesis", reference: str = "reference",
                       ) -> DocumentResult:
    """Score whole documents against references segmented differently (document mode).

    Args:
        hyp_docs: Hypothesis documents.
        ref_docs: Reference documents with the same ids (one reference only:
            several references would each pair the hypothesis differently).
        metrics: Metric keys (``bleu``, ``chrf``, ``chrf++``, ``ter``).
        settings: Tokenizer and case options.
        unpaired: ``score``: unpaired sentences are scored against an empty
            string, so they lower the score; ``ignore``: they are left out.
        per_sentence: Also compute one score per scored segment pair.
        unwrap_lines: Input is hard-wrapped (see :func:`transalign.segment.segment`).
        align_options: Options for the aligner.
        system: Name of the hypothesis input.
        reference: Name of the reference input.

    Returns:
        A :class:`DocumentResult`.

    Raises:
        UsageError: unknown metric, tokenizer or unpaired policy.
        InputError: documents do not match, or nothing to score.
    """
    if unpaired not in UNPAIRED_POLICIES:
        raise UsageError(f"unknown policy for unpaired sentences {unpaired!r}; "
                         f"choose from {', '.join(UNPAIRED_POLICIES)}")
    specs = resolve_metrics(metrics)
    settings = settings or MetricSettings()
    check_settings(settings)
    pairing = pair_documents(hyp_docs, ref_docs, unwrap_lines=unwrap_lines,
                             align_options=align_options, hyp_name=system, ref_name=reference)
    scored = [p for p in pairing.pairs if unpaired == "score" or p.paired]
    if not scored:
        raise InputError(f"{system} / {reference}: no sentence to score "
                         "(both sides are empty, or nothing could be paired)")
    if pairing.unpaired_hyp or pairing.unpaired_ref:
        log.info("%d hypothesis and %d reference sentences could not be paired (%s)",
                 pairing.unpaired_hyp, pairing.unpaired_ref,
                 "scored against empty text" if unpaired == "score" else "left out")
    hyps = [p.hyp for p in scored]
    refs = [[p.ref for p in scored]]
    scores, sentences = score_streams(hyps, refs, specs, settings, per_sentence=per_sentence)
    result = CorpusResult(system, len(hyps), 1, tuple(scores),
                          tuple(sentences) if sentences is not None else None)
    return DocumentResult(result, pairing, unpaired, tuple(scored))
