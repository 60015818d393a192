"""Translation: a ``Translator`` over one of several backends.

``load_translator(options)`` resolves the model (local directory or hub id),
picks the backend and returns a ready ``Translator``. torch, transformers and
ctranslate2 are imported here only when a model is loaded.
"""

from __future__ import annotations

import logging

from ..config import TranslateOptions
from .base import Backend, GenerateSettings, TranslateStats, Translation, Translator
from .loading import ResolvedModel

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
    backend = _make_backend(resolved, options)
    log.debug("loaded %s with %s", resolved.model_id, backend.signature())
    return Translator(backend, options, resolved.info())


def _make_backend(resolved: ResolvedModel, options: TranslateOptions) -> Backend:
    name = choose_backend(options)
    if name == "ctranslate2":
        from .ct2_backend import CTranslate2Backend

        return CTranslate2Backend(resolved.path, resolved.model_id, resolved.revision,
                                  options.device, options.dtype, options.threads,
                                  options.cache_dir)
    from .hf_backend import TransformersBackend

    return TransformersBackend(resolved.path, options.device, options.dtype, options.threads)


def choose_backend(options: TranslateOptions) -> str:
    """The backend ``auto`` stands for: CTranslate2 when it is installed and sees the
    requested device, else transformers.

    scripts/bench_translate.py measures why: on the CPU CTranslate2 int8 is many
    times faster than torch (see the README's benchmark table), and on GPUs
    CTranslate2 float16 is faster too. A CUDA request that CTranslate2 cannot serve
    (no CUDA libraries) falls back to transformers with a warning.
    """
    if options.backend != "auto":
        return options.backend
    from ..errors import ConfigError
    from .ct2_backend import import_ctranslate2

    try:
        ctranslate2 = import_ctranslate2()
    except ConfigError:
        log.info("ctranslate2 is not installed: using transformers")
        return "transformers"
    if options.dtype == "bfloat16" and options.device != "cuda":
        return "transformers"
    if options.device in ("auto", "cuda"):
        try:
            cuda_ct2 = ctranslate2.get_cuda_device_count() > 0
        except Exception:
            cuda_ct2 = False
        if not cuda_ct2 and _torch_sees_cuda():
            log.warning("CTranslate2 cannot use the GPU here; using transformers on CUDA")
            return "transformers"
    return "ctranslate2"


def _torch_sees_cuda() -> bool:
    try:
        import torch
    except ImportError:
        return False
    return bool(torch.cuda.is_available())
