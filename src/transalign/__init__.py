"""transalign: German→English MarianMT translation, alignment, evaluation and export."""

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
