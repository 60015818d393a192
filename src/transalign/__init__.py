"""transalign: German→English MarianMT translation, alignment, evaluation and export."""

from __future__ import annotations

__version__ = "0.1.0"

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
from .records import Bead, Document, Sentence, TranslationRecord

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
    "TranslationError",
    "TranslationRecord",
    "UsageError",
    "__version__",
]
