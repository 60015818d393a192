"""German sentence segmentation with character offsets, paragraph-aware.

Paragraphs first (:func:`split_paragraphs`), then sentences inside each
(:func:`split_sentences`); :func:`segment` does both and returns
:class:`~transalign.records.Sentence` records whose ``text`` is exactly
``document[start:end]``, so nothing is lost and the whitespace between
sentences can be rebuilt. Conventions (docs/segmentation.md): split at sentence ends
inside quotations; keep an attribution tail with the quote; never split
initials, ordinals, abbreviations, numbers, URLs or e-mail addresses.

Pure Python and the standard library only: importing it is cheap.
"""

from __future__ import annotations

from .._version import __version__
from ..errors import InputError
from ..records import Sentence
from .paragraphs import split_paragraphs
from .rules import split_sentences

NAME = "transalign-de-rules"
VERSION = "1.0"

__all__ = ["NAME", "VERSION", "segment", "segmenter_info", "split_paragraphs", "split_sentences"]


def segmenter_info(*, unwrap_lines: bool = False) -> dict[str, object]:
    """How sentences were made, for manifests: name, version and options."""
    return {
        "segmenter": NAME,
        "segmenter_version": VERSION,
        "transalign_version": __version__,
        "language": "de",
        "unwrap_lines": unwrap_lines,
    }


def segment(text: str, doc_id: str = "", *, unwrap_lines: bool = False) -> list[Sentence]:
    """Split a document into sentences with offsets.

    Args:
        text: The whole document, exactly as read.
        doc_id: Copied into every :class:`Sentence`.
        unwrap_lines: Treat single line breaks as spaces and blank lines as
            paragraph breaks (PDF-style hard-wrapped input); see
            :func:`split_paragraphs`.

    Returns:
        Sentences in document order; ``para`` is the 0-based paragraph index,
        ``idx`` the 0-based sentence index in the whole document. No sentence
        crosses a paragraph or has surrounding whitespace. Empty or
        whitespace-only text gives ``[]``.
    """
    if not isinstance(text, str):
        raise InputError(f"segment() takes the document as one str, got {type(text).__name__}"
                         + ("; decode bytes first (text.decode('utf-8'))"
                            if isinstance(text, bytes) else ""))
    sentences: list[Sentence] = []
    idx = 0
    for para, (ps, pe) in enumerate(split_paragraphs(text, unwrap_lines=unwrap_lines)):
        while ps < pe and text[ps] == "\ufeff":  # a byte-order mark is not text
            ps += 1
        paragraph = text[ps:pe]
        # a byte-order mark inside (files joined with `cat`) is not text either: the
        # boundaries are found with it read as a space (same length, so the offsets
        # hold), and it stays in the sentence's text, exactly as read
        for s, e in split_sentences(paragraph.replace("\ufeff", " ")):
            sentences.append(Sentence(doc_id, para, idx, ps + s, ps + e, paragraph[s:e]))
            idx += 1
    return sentences
