"""Where a model runs: the one place that turns backend/device/dtype requests into choices.

``translate``, ``align`` and ``batch`` all call :func:`resolve_placement` with the
requested options and what the machine offers (:class:`Hardware`), and get options
with a concrete ``backend``, ``device`` and ``dtype`` back, so every manifest says what
actually ran. It is a pure function of those two, so the GPU rules are tested on
CPU-only machines.

The rules:

- ``backend: auto`` → CTranslate2 when it is installed and can serve the request
  (several times faster than torch on the CPU in int8 and on GPUs in float16:
  ``scripts/bench_translate.py``), else transformers: bfloat16 on the CPU is a torch
  feature, and a GPU that only torch sees (CTranslate2's CUDA libraries missing) is
  used through transformers.
- ``device: auto`` → ``cuda`` when a GPU is visible, else ``cpu``. ``cuda`` without a
  GPU: an error when the command line asked for it; from a configuration file (which
  serves GPU and CPU machines alike) the CPU, with a warning, unless ``cpu_fallback``
  is off.
- On CUDA, ``dtype: auto`` → float16; bfloat16 on a GPU without it → float16.
- On the CPU, ``dtype: auto`` → int8 (CTranslate2) or float32 (transformers). A GPU
  type that comes with a GPU request that found no GPU (a configuration file's
  ``float16``/``bfloat16`` with ``device: auto`` or a fallen-back ``cuda``) becomes the
  CPU type, said once; float16 asked for on the command line or with ``device: cpu``
  is an error (no CPU kernel runs it); bfloat16 asked for there runs in torch.
- int8 needs CTranslate2.

Messages name where a value came from (``--dtype``, the configuration file, or the
default): see ``TranslateOptions.sources``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from .config import TranslateOptions, describe_source
from .errors import ConfigError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Hardware:
    """What the machine (or a Ray actor's node) offers.

    Attributes:
        cuda: A CUDA GPU is visible (to torch or to CTranslate2).
        bf16: That GPU computes in bfloat16 (Ampere and later).
        ctranslate2: The ctranslate2 package is installed.
        ct2_cuda: CTranslate2 itself can use the GPU (``None``: same as ``cuda``).
    """

    cuda: bool = False
    bf16: bool = False
    ctranslate2: bool = True
    ct2_cuda: bool | None = None

    @property
    def ct2_sees_cuda(self) -> bool:
        return self.cuda if self.ct2_cuda is None else self.ct2_cuda


def detect_hardware() -> Hardware:
    """CUDA and bfloat16 as torch and CTranslate2 see them."""
    # import cycle: the translate package imports this module
    from .translate.ct2_backend import import_ctranslate2

    try:
        ct2 = import_ctranslate2()
    except ConfigError:
        ct2 = None
    ct2_cuda = False
    if ct2 is not None:
        try:
            ct2_cuda = ct2.get_cuda_device_count() > 0
        except Exception:  # CUDA libraries that do not load: CTranslate2 sees no GPU
            ct2_cuda = False
    torch_cuda = torch_bf16 = False
    try:
        import torch  # heavy, but every loaded model needs it or CTranslate2 anyway
    except ImportError:
        pass
    else:
        torch_cuda = bool(torch.cuda.is_available())
        torch_bf16 = bool(torch_cuda and torch.cuda.is_bf16_supported())
    bf16 = torch_bf16
    if ct2_cuda and not torch_cuda:
        bf16 = "bfloat16" in ct2.get_supported_compute_types("cuda")
    return Hardware(cuda=torch_cuda or ct2_cuda, bf16=bf16, ctranslate2=ct2 is not None,
                    ct2_cuda=ct2_cuda)


def _from_command_line(options: TranslateOptions, key: str) -> bool:
    return options.sources.get(key, "").startswith("--")


def _device(options: TranslateOptions, hardware: Hardware, cpu_fallback: bool) -> str:
    if options.device == "auto":
        return "cuda" if hardware.cuda else "cpu"
    if options.device == "cuda" and not hardware.cuda:
        # (no source recorded: set in Python; the default is auto, never cuda)
        where = (describe_source(options, "device") if "device" in options.sources
                 else "set in TranslateOptions")
        if _from_command_line(options, "device"):
            raise ConfigError("--device cuda: no CUDA GPU is visible (a CPU build of torch, "
                              "or no driver); use --device cpu or --device auto")
        if not cpu_fallback:
            raise ConfigError(f"device cuda ({where}): no CUDA GPU is visible; use device: "
                              "cpu or auto, or set batch.cpu_fallback: true to run on the CPU")
        log.warning("device cuda (%s): no CUDA GPU visible: running on the CPU", where)
        return "cpu"
    return options.device


def _backend(options: TranslateOptions, device: str, hardware: Hardware) -> str:
    if options.backend != "auto":
        return options.backend
    if not hardware.ctranslate2:
        log.info("ctranslate2 is not installed: using transformers")
        return "transformers"
    if device == "cpu" and options.dtype == "bfloat16" and _keeps_gpu_type(options):
        return "transformers"  # bfloat16 on the CPU is a torch feature
    if device == "cuda" and not hardware.ct2_sees_cuda:
        log.warning("CTranslate2 cannot use the GPU here; using transformers on CUDA")
        return "transformers"
    return "ctranslate2"


def _keeps_gpu_type(options: TranslateOptions) -> bool:
    """A float16/bfloat16 on the CPU that was meant for the CPU: asked for on the
    command line, or together with ``device: cpu``."""
    return _from_command_line(options, "dtype") or options.device == "cpu"


def _dtype(options: TranslateOptions, device: str, backend: str, hardware: Hardware) -> str:
    dtype = options.dtype
    if dtype == "int8" and backend != "ctranslate2":
        raise ConfigError(f"dtype int8 needs backend: ctranslate2 (dtype "
                          f"{describe_source(options, 'dtype')}, backend "
                          f"{describe_source(options, 'backend')})")
    if device == "cuda":
        if dtype == "auto":
            return "float16"
        if dtype == "bfloat16" and not hardware.bf16:
            log.warning("dtype bfloat16 (%s): this GPU has no bfloat16: using float16",
                        describe_source(options, "dtype"))
            return "float16"
        return dtype
    cpu_type = "int8" if backend == "ctranslate2" else "float32"
    if dtype == "auto":
        return cpu_type
    if dtype in ("float16", "bfloat16") and _keeps_gpu_type(options):
        if dtype == "float16" or backend == "ctranslate2":
            raise ConfigError(f"dtype {dtype} is for GPUs ({describe_source(options, 'dtype')}"
                              f"; backend {backend}) and no GPU is used here; on the CPU use "
                              "int8 or float32 (or bfloat16 with backend transformers)")
        return dtype
    if dtype in ("float16", "bfloat16"):
        log.info("dtype %s (%s) is for GPUs and none is used here: using %s on the CPU",
                 dtype, describe_source(options, "dtype"), cpu_type)
        return cpu_type
    return dtype


def resolve_placement(options: TranslateOptions, hardware: Hardware, *,
                      cpu_fallback: bool = True, backend: str | None = None
                      ) -> TranslateOptions:
    """``options`` with a concrete ``backend``, ``device`` and ``dtype`` for ``hardware``.

    Args:
        options: Requested options (configuration file, environment and command line;
            ``options.sources`` says which gave each value).
        hardware: What the machine offers (``detect_hardware()``).
        cpu_fallback: Run a ``cuda`` request from a configuration file on the CPU
            when no GPU is visible (the batch job's ``batch.cpu_fallback``).
        backend: Force this backend instead of choosing one (tests, benchmarks).

    Raises:
        ConfigError: an impossible request, naming where its values came from.
    """
    device = _device(options, hardware, cpu_fallback)
    chosen = backend or _backend(options, device, hardware)
    dtype = _dtype(options, device, chosen, hardware)
    return options.replace(backend=chosen, device=device, dtype=dtype)
