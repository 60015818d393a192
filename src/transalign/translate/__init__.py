"""Translation: a ``Translator`` over one of several backends.

``load_translator(options)`` resolves the model (local directory or hub id),
picks the backend and returns a ready ``Translator``. torch, transformers and
ctranslate2 are imported here only when a model is loaded.
"""

from __future__ import annotations

import logging

from ..config import TranslateOptions
from ..errors import UsageError
from ..placement import detect_hardware, resolve_placement
from .base import Backend, GenerateSettings, TranslateStats, Translation, Translator
from .loading import ResolvedModel, resolve_model
from .trust import preload

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

    The backend, device and dtype are decided by :func:`transalign.placement.resolve_placement`.

    Raises:
        ModelError: the model cannot be found or loaded (the message names the fix).
        ConfigError: an impossible combination (e.g. ``--device cuda`` on the command
            line without a GPU; ``device="cuda"`` from a configuration file or set in
            Python runs on the CPU instead, with a warning, as the batch job does).
    """
    if options is not None and not isinstance(options, TranslateOptions):
        raise UsageError(f"load_translator() takes TranslateOptions, got "
                         f"{type(options).__name__}; for a model path: "
                         "load_translator(TranslateOptions(model=PATH))")
    options = resolve_placement(options or TranslateOptions(), detect_hardware())
    resolved = resolve_model(options.model, options.revision)
    backend = _make_backend(resolved, options)
    if options.checks:  # the language model loads with the translation model

        preload()
    log.debug("loaded %s with %s", resolved.model_id, backend.signature())
    return Translator(backend, options, resolved.info())


def _make_backend(resolved: ResolvedModel, options: TranslateOptions) -> Backend:
    # keeps --help fast: only the chosen backend's module is loaded
    if options.backend == "ctranslate2":
        from .ct2_backend import CTranslate2Backend  # heavy: ctranslate2

        return CTranslate2Backend(resolved.path, resolved.model_id, resolved.revision,
                                  options.device, options.dtype, options.threads,
                                  options.cache_dir)
    from .hf_backend import TransformersBackend  # heavy: transformers and torch

    return TransformersBackend(resolved.path, options.device, options.dtype, options.threads)


def choose_backend(options: TranslateOptions) -> str:
    """The backend ``auto`` stands for on this machine (see :mod:`transalign.placement`)."""
    return resolve_placement(options, detect_hardware()).backend
