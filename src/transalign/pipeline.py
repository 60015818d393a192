"""Documents in, translated documents out: segment → translate → records.

The same pure function serves ``transalign translate`` and the batch job, so a
document translated either way comes out byte-identical.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .records import Document, Sentence, TranslationRecord

if TYPE_CHECKING:
    from .translate.base import Translator


@dataclass(frozen=True)
class TranslatedDocument:
    """A document, its sentences and their translations (one record per sentence)."""

    document: Document
    records: tuple[TranslationRecord, ...]
    paragraphs: tuple[tuple[int, int], ...]

    def text(self) -> str:
        """The English article, in the German article's layout.

        Each paragraph span of the source is replaced by the translations of
        its sentences joined with a space; everything between paragraphs (line
        breaks, blank lines, indentation) is copied, so the output has exactly
        the source's paragraphs and blank lines.
        """
        by_para: dict[int, list[str]] = {}
        for rec in self.records:
            by_para.setdefault(rec.para, []).append(rec.tgt)
        source = self.document.text
        out: list[str] = []
        pos = 0
        for para, (start, end) in enumerate(self.paragraphs):
            out.append(source[pos:start])
            out.append(" ".join(t for t in by_para.get(para, []) if t))
            pos = end
        out.append(source[pos:])
        return "".join(out)


def segment_documents(documents: Sequence[Document], *, unwrap_lines: bool = False
                      ) -> list[tuple[list[Sentence], list[tuple[int, int]]]]:
    """Sentences and paragraph spans of each document."""
    from .segment import segment, split_paragraphs

    return [(segment(doc.text, doc.id, unwrap_lines=unwrap_lines),
             split_paragraphs(doc.text, unwrap_lines=unwrap_lines)) for doc in documents]


def translate_documents(documents: Sequence[Document], translator: Translator, *,
                        unwrap_lines: bool = False,
                        progress: Callable[[int, int], None] | None = None
                        ) -> list[TranslatedDocument]:
    """Translate documents sentence by sentence, keeping their paragraphs.

    All sentences of all documents go to the translator in one call, so
    batching and deduplication work across documents.

    Args:
        documents: The documents to translate.
        translator: A loaded ``Translator``.
        unwrap_lines: Input is hard-wrapped (see ``segment.split_paragraphs``).
        progress: Called with (sentences translated, sentences in all), counting the
            unique sentences of all documents (``translator.stats.unique`` of this call;
            see ``Translator.translate_detailed``).
    """
    segmented = segment_documents(documents, unwrap_lines=unwrap_lines)
    flat = [s.text for sentences, _ in segmented for s in sentences]
    results = translator.translate_detailed(flat, progress=progress)
    out: list[TranslatedDocument] = []
    pos = 0
    for doc, (sentences, paragraphs) in zip(documents, segmented, strict=True):
        records = []
        for s in sentences:
            r = results[pos]
            pos += 1
            records.append(TranslationRecord(doc.id, s.para, s.idx, s.start, s.end,
                                             s.text, r.text, r.flags))
        out.append(TranslatedDocument(doc, tuple(records), tuple(paragraphs)))
    return out


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def manifest(translator: Translator, documents: Sequence[Document], *,
             source: str, unwrap_lines: bool = False) -> dict[str, Any]:
    """How an output was made: model, backend, settings, versions, input hash.

    No timestamps: the same input and settings give a byte-identical file.
    """
    from .segment import segmenter_info

    digest = hashlib.sha256()
    for doc in documents:
        digest.update(doc.id.encode() + b"\0" + doc.text.encode() + b"\0")
    return {
        **translator.signature(),
        **segmenter_info(unwrap_lines=unwrap_lines),
        "input": source,
        "input_sha256": digest.hexdigest(),
        "documents": len(documents),
        "format": "transalign.translate.v1",
        "fields": ["doc_id", "para", "sent", "start", "end", "src", "tgt", "flags"],
    }
