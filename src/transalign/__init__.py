"""transalign: German→English MarianMT translation, alignment, evaluation and export.

The command line (``transalign``, ``transalign.cli``) is a thin layer over these modules:

- ``transalign.segment``: ``segment(text)`` → sentences with offsets and paragraphs;
- ``transalign.translate``: ``load_translator(TranslateOptions(...))`` → a ``Translator``;
  ``transalign.pipeline.translate_documents`` keeps a document's paragraphs;
- ``transalign.align``: ``align(src, tgt, bridge=...)`` → beads with score and
  confidence; ``transalign.pipeline.align_documents`` segments and bridges documents,
  and ``AlignedDocument.pairs()`` gives what ``transalign.export`` writes;
- ``transalign.evaluate``: ``evaluate_corpus``, ``evaluate_documents``,
  ``compare_systems`` (sacrebleu), ``score_alignments``;
- ``transalign.export``: filters and TMX/Moses/TSV/JSONL writers;
- ``transalign.check``: ``check_pair``/``check_pairs`` (numbers, tokens, language);
- ``transalign.job``: the resumable batch job (local or Ray).

Every error the library raises is a ``TransalignError`` (``transalign.errors``).
"""

from __future__ import annotations

from ._version import __version__
from .config import TranslateOptions, load_options
from .errors import (
    AlignmentError,
    ConfigError,
    InputError,
    ModelError,
    OutputError,
    TransalignError,
    TranslationError,
    UsageError,
)
from .pipeline import TranslatedDocument, translate_documents
from .reading import read_documents
from .records import Bead, Document, Sentence, TranslationRecord
from .translate import Translation, Translator, load_translator

__all__ = [
    "AlignmentError",
    "Bead",
    "ConfigError",
    "Document",
    "InputError",
    "ModelError",
    "OutputError",
    "Sentence",
    "TransalignError",
    "TranslateOptions",
    "TranslatedDocument",
    "Translation",
    "TranslationError",
    "TranslationRecord",
    "Translator",
    "UsageError",
    "__version__",
    "load_options",
    "load_translator",
    "read_documents",
    "translate_documents",
]
