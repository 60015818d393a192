"""The stages behind the commands: documents in, records out.

* ``translate_documents``: segment → translate → records. It serves ``transalign
  translate`` and the batch job, so a document translated either way comes out
  byte-identical.
* ``align_documents``: segment (or take the sentences given) → bridge → align → beads
  with their sentences. It serves ``transalign align``, ``transalign evaluate
  --documents`` (hypothesis against reference) and the batch job (translation against
  reference).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from .errors import InputError, UsageError
from .paths import name_id
from .provenance import documents_sha256, provenance
from .records import TRANSLATION_FIELDS, Bead, Document, Sentence, TranslationRecord
from .segment import segment, segmenter_info, split_paragraphs
from .text import plural

if TYPE_CHECKING:
    from .align import AlignOptions
    from .export.pair import AlignedPair
    from .translate.base import Translator

# where the aligner's similarity cue comes from (see ``align_documents``)
BRIDGES = ("translate", "file", "none", "same-language")


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

    return [(segment(doc.text, doc.id, unwrap_lines=unwrap_lines),
             split_paragraphs(doc.text, unwrap_lines=unwrap_lines)) for doc in documents]


def translate_documents(documents: Sequence[Document], translator: Translator, *,
                        unwrap_lines: bool = False,
                        progress: Callable[[int, int], None] | None = None
                        ) -> list[TranslatedDocument]:
    """Translate documents sentence by sentence, keeping their paragraphs.

    All sentences of all documents go to the translator in one call, so
    batching, deduplication and language identification work across documents. Each
    record carries the translator's flags, the sentence's confidence (``score``) and
    what each check flag is about (``checks``; see ``Translator.translate_detailed``).

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
                                             s.text, r.text, r.flags, r.score, r.checks))
        out.append(TranslatedDocument(doc, tuple(records), tuple(paragraphs)))
    return out


@dataclass(frozen=True)
class SegmentedDocument:
    """A document as the aligner sees it: its sentences and the paragraph of each.

    Attributes:
        doc_id: The document's id.
        sentences: Its sentences, in document order.
        paragraphs: The 0-based paragraph number of each sentence (non-decreasing).
    """

    doc_id: str
    sentences: tuple[str, ...]
    paragraphs: tuple[int, ...]


@dataclass(frozen=True)
class AlignedDocument:
    """A source document, its target document, and the beads that pair their sentences.

    Attributes:
        src: The source side, as aligned.
        tgt: The target side, as aligned.
        beads: Beads covering every source and target sentence exactly once, in order
            (see ``transalign.align.align``).
        bridge: The translation of each source sentence the aligner compared with the
            target (``None`` with the ``none`` and ``same-language`` bridges).
    """

    src: SegmentedDocument
    tgt: SegmentedDocument
    beads: tuple[Bead, ...]
    bridge: tuple[str, ...] | None = None

    @property
    def doc_id(self) -> str:
        """The source document's id."""
        return self.src.doc_id

    def src_text(self, bead: Bead) -> str:
        """The bead's source sentences joined with a space (``""`` for a 0-1 bead)."""
        return " ".join(self.src.sentences[i] for i in bead.src)

    def tgt_text(self, bead: Bead) -> str:
        """The bead's target sentences joined with a space (``""`` for a 1-0 bead)."""
        return " ".join(self.tgt.sentences[j] for j in bead.tgt)

    def pairs(self) -> list[AlignedPair]:
        """The beads as the pairs ``transalign.export`` filters and writes (what
        ``align --format jsonl`` then ``export`` read): texts, ids, score and confidence.

        >>> from transalign.pipeline import align_documents
        >>> from transalign.records import Document
        >>> [doc] = align_documents([Document("a", "Guten Tag. Wie geht es?")],
        ...                         [Document("a", "Good day. How are you?")], bridge="none")
        >>> [(p.src, p.tgt, p.kind) for p in doc.pairs()]
        [('Guten Tag.', 'Good day.', '1-1'), ('Wie geht es?', 'How are you?', '1-1')]
        """
        from .export.pair import AlignedPair  # export loads on use (as the CLI does)

        return [AlignedPair(self.src_text(b), self.tgt_text(b), self.doc_id, tuple(b.src),
                            tuple(b.tgt), b.score, "align", (), "", b.confidence)
                for b in self.beads]


def align_documents(src_docs: Sequence[Document | SegmentedDocument],
                    tgt_docs: Sequence[Document | SegmentedDocument], *,
                    bridge: str = "translate",
                    translator: Translator | Callable[[], Translator] | None = None,
                    src_translations: Sequence[str] | Callable[[int], Sequence[str]] | None = None,
                    presegmented: bool = False, unwrap_lines: bool = False,
                    options: AlignOptions | None = None, paragraphs: bool = True,
                    names: tuple[str, str] = ("source", "target"),
                    allow_empty: bool = True) -> list[AlignedDocument]:
    """Align the sentences of each source document with those of its target document.

    Documents are paired in order: both sides need the same number of documents and,
    when there are several, the same ids. Each document is segmented (or taken as
    given), the bridge is built for all documents at once, and each pair is aligned.

    Args:
        src_docs: Source documents; a ``SegmentedDocument`` is taken as segmented.
        tgt_docs: Target documents, in the same order.
        bridge: The similarity cue (one of ``BRIDGES``): ``"translate"``: the source
            sentences translated by ``translator``, all documents in one call;
            ``"file"``: the translations given in ``src_translations``; ``"none"``:
            no bridge (length, anchors and a lexicon learnt from the document);
            ``"same-language"``: source and target are in the same language.
        translator: With ``bridge="translate"``: a loaded ``Translator``, or a function
            that loads one (called once, after the documents were checked, so a model
            is not loaded for inputs that cannot be aligned).
        src_translations: With ``bridge="file"``: one translation per source sentence,
            all documents back to back, or a function that returns them given the
            number of source sentences (called after the documents were checked).
        presegmented: A ``Document`` holds one sentence per line, blank lines between
            paragraphs (no segmentation).
        unwrap_lines: Input is hard-wrapped (see ``segment.split_paragraphs``).
        options: Aligner options (default: tuned for the bridge's mode).
        paragraphs: Give the aligner each sentence's paragraph (used as
            ``options.paragraphs`` says); ``False``: each document is one paragraph.
        names: Names of the source and target inputs, in messages.
        allow_empty: ``False``: raise if neither side has a sentence.

    Returns:
        One ``AlignedDocument`` per document pair, in order.

    Raises:
        UsageError: an unknown bridge, or a bridge without what it needs.
        InputError: the documents do not pair up, both sides are empty (with
            ``allow_empty=False``), or not one translation per source sentence.
        AlignmentError: an aligner option is refused.
    """
    make_bridge = _bridge_maker(bridge, translator, src_translations)
    src = [_segmented(doc, presegmented, unwrap_lines) for doc in src_docs]
    tgt = [_segmented(doc, presegmented, unwrap_lines) for doc in tgt_docs]
    _check_pairs(src, tgt, names, allow_empty)
    flat = [s for doc in src for s in doc.sentences]
    bridges = [None] * len(src) if make_bridge is None else _per_document(make_bridge(flat), src)
    return [_align_pair(s, t, b, same_language=bridge == "same-language", options=options,
                        paragraphs=paragraphs)
            for s, t, b in zip(src, tgt, bridges, strict=True)]


def _bridge_maker(bridge: str, translator: Translator | Callable[[], Translator] | None,
                  src_translations: Sequence[str] | Callable[[int], Sequence[str]] | None
                  ) -> Callable[[list[str]], list[str]] | None:
    """What turns all source sentences into their bridge translations (``None``: no
    bridge).

    Raises:
        UsageError: an unknown bridge, or a bridge without what it needs.
    """
    if bridge not in BRIDGES:
        raise UsageError(f"unknown bridge {bridge!r}; choose from {', '.join(BRIDGES)}")
    if bridge != "file" and src_translations is not None:
        raise UsageError(f"src_translations are for the file bridge, not {bridge!r}")
    if bridge == "file":
        if src_translations is None:
            raise UsageError("the file bridge needs src_translations "
                             "(one translation per source sentence)")
        return partial(_given_translations, src_translations)
    if bridge == "translate":
        if translator is None:
            raise UsageError("the translate bridge needs a translator")
        if isinstance(translator, str | bytes) or not (
                callable(translator) or callable(getattr(translator, "translate", None))):
            raise UsageError(f"translator must be a Translator (load_translator(...)) or a "
                             f"function that returns one, got {type(translator).__name__}; "
                             "for a model path: load_translator(TranslateOptions(model=PATH))")
        return partial(_translated, translator)
    return None


def _segmented(doc: Document | SegmentedDocument, presegmented: bool, unwrap_lines: bool
               ) -> SegmentedDocument:
    """The document's sentences and their paragraphs (a ``SegmentedDocument`` as is)."""
    # imported on each call, not at the top: callers and tests may replace segment
    from .segment import segment

    if isinstance(doc, SegmentedDocument):
        return doc
    if presegmented:
        return _lines_as_sentences(doc)
    sentences = segment(doc.text, doc.id, unwrap_lines=unwrap_lines)
    return SegmentedDocument(doc.id, tuple(s.text for s in sentences),
                             tuple(s.para for s in sentences))


def _lines_as_sentences(doc: Document) -> SegmentedDocument:
    """Pre-segmented text: one sentence per non-blank line; blank lines end paragraphs."""
    sentences: list[str] = []
    paras: list[int] = []
    para, blank = 0, False
    for line in doc.text.split("\n"):
        line = line.strip()
        if not line:  # (a line of zero-width characters is a sentence, as in `segment`)
            blank = True
            continue
        if blank and sentences:
            para += 1
        blank = False
        sentences.append(line)
        paras.append(para)
    return SegmentedDocument(doc.id, tuple(sentences), tuple(paras))


def _check_pairs(src: list[SegmentedDocument], tgt: list[SegmentedDocument],
                 names: tuple[str, str], allow_empty: bool) -> None:
    """Raise InputError unless the documents pair up in order (and, unless
    ``allow_empty``, some side has a sentence)."""
    src_name, tgt_name = names
    if not allow_empty and not any(d.sentences for d in src) and not any(
            d.sentences for d in tgt):
        # one empty side is fine (every sentence of the other is an omission)
        raise InputError(f"{src_name} and {tgt_name} are both empty (nothing to align)")
    if len(src) != len(tgt):
        raise InputError(f"{src_name} has {plural(len(src), 'document')} but {tgt_name} "
                         f"has {len(tgt)}; give the same documents in the same order")
    if len(src) > 1:
        for s, t in zip(src, tgt, strict=True):
            if s.doc_id != t.doc_id:
                raise InputError(f"document ids differ: {s.doc_id!r} in {src_name} but "
                                 f"{t.doc_id!r} in {tgt_name}; give the same documents in "
                                 "the same order")


def _per_document(flat: list[str], src: list[SegmentedDocument]) -> list[tuple[str, ...] | None]:
    """Cut one translation per source sentence (documents back to back) into documents."""
    out: list[tuple[str, ...] | None] = []
    k = 0
    for doc in src:
        out.append(tuple(flat[k: k + len(doc.sentences)]))
        k += len(doc.sentences)
    return out


def _given_translations(given: Sequence[str] | Callable[[int], Sequence[str]],
                        sentences: list[str]) -> list[str]:
    """The file bridge: the translations given (or read) for ``sentences``, checked."""
    n = len(sentences)
    translations = list(given(n) if callable(given) else given)
    if len(translations) != n:
        raise InputError(f"{plural(len(translations), 'translation')} for "
                         f"{plural(n, 'source sentence')}; give exactly one translation "
                         "per source sentence")
    return translations


def _translated(translator: Translator | Callable[[], Translator], sentences: list[str]
                ) -> list[str]:
    """The translate bridge: ``sentences`` translated in one call, checked."""
    # a Translator, or a function that loads one (loaded now: the inputs were checked)
    loaded = translator if hasattr(translator, "translate") else translator()
    translations = list(loaded.translate(sentences)) if sentences else []
    if len(translations) != len(sentences):
        raise InputError(f"the translator returned {plural(len(translations), 'translation')} "
                         f"for {plural(len(sentences), 'sentence')}")
    return translations


def _align_pair(src: SegmentedDocument, tgt: SegmentedDocument, bridge: tuple[str, ...] | None,
                *, same_language: bool, options: AlignOptions | None, paragraphs: bool
                ) -> AlignedDocument:
    """One document pair aligned."""
    # imported on each call, not at the top: callers and tests may replace align
    from .align import align

    cuts = ({"src_paragraphs": src.paragraphs, "tgt_paragraphs": tgt.paragraphs}
            if paragraphs else {})
    beads = align(src.sentences, tgt.sentences, bridge=bridge, same_language=same_language,
                  options=options, **cuts)
    return AlignedDocument(src, tgt, tuple(beads), bridge)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def manifest(translator: Translator, documents: Sequence[Document], *,
             source: str, unwrap_lines: bool = False) -> dict[str, Any]:
    """How an output was made: model, backend, settings, versions, input hash.

    No timestamps: the same input and settings give a byte-identical file.
    """

    return provenance(
        "translate",
        settings={"translator": translator.signature(),
                  "segmenter": segmenter_info(unwrap_lines=unwrap_lines)},
        # the hash is over the documents read (ids and texts), whatever the file format
        inputs=[{"path": name_id(source), "documents_sha256": documents_sha256(documents),
                 "documents": len(documents)}],
        format="transalign.translate.v1",
        fields=list(TRANSLATION_FIELDS))
