"""Translation: a ``Translator`` over one of several backends.

``load_translator(options)`` resolves the model (local directory or hub id),
picks the backend and returns a ready ``Translator``. torch, transformers and
ctranslate2 are imported here only when a model is loaded.
"""

from __future__ import annotations

import logging

from ..config import TranslateOptions
from .base import Backend, GenerateSettings, TranslateStats, Translation, Translator

__all__ = [
    "Backend",
    "GenerateSettings",
    "TranslateStats",
    "Translation",
    "Translator",
    "load_translator",
]

log = logging.getLogger(__name__)


def load_translator(options: TranslateOptions | None = None) -> Translator:
    """A ready ``Translator`` for ``options`` (model, backend, device, dtype, decoding).

    Raises:
        ModelError: the model cannot be found or loaded (the message names the fix).
        ConfigError: an impossible combination (e.g. ``--device cuda`` without a GPU).
    """
    from .loading import resolve_model

    options = options or TranslateOptions()
    resolved = resolve_model(options.model, options.revision)
    backend = _make_backend(resolved.path, options)
    log.debug("loaded %s with %s", resolved.model_id, backend.signature())
    return Translator(backend, options, resolved.info())


def _make_backend(path, options: TranslateOptions) -> Backend:
    from .hf_backend import TransformersBackend

    return TransformersBackend(path, options.device, options.dtype, options.threads)
