"""Translation settings: defaults, YAML configuration files, command-line overrides.

Unknown keys are an error that names the key and the valid choices (a typo must
never be silently ignored). ``configs/default.yaml`` documents the defaults.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-de-en"
BACKENDS = ("auto", "transformers", "ctranslate2")
DEVICES = ("auto", "cpu", "cuda")
DTYPES = ("auto", "float32", "float16", "bfloat16", "int8")


@dataclass(frozen=True)
class TranslateOptions:
    """Everything that decides how sentences are translated (and so the output).

    Attributes:
        model: Hub id or local directory of a Marian checkpoint.
        revision: Hub revision (branch, tag, commit); ``None`` = the default branch.
        backend: ``auto`` (fastest that works), ``transformers`` or ``ctranslate2``.
        device: ``auto`` (CUDA when available), ``cpu`` or ``cuda``.
        dtype: ``auto`` = float32 on CPU (transformers) / int8 (ctranslate2 on CPU),
            float16 on CUDA; or an explicit dtype.
        beams: Beam size (opus-mt uses 4); 1 = greedy.
        max_batch_tokens: Token budget per batch: sentences × longest padded
            source length. Batches are built over length-sorted sentences.
        max_batch_sentences: Upper bound on sentences per batch.
        max_new_tokens_ratio: Output limit relative to the source length ...
        max_new_tokens_offset: ... plus this, per sentence ...
        max_new_tokens_cap: ... and never more than this.
        min_new_tokens: Force at least this many output tokens (benchmarks only).
        guard: Detect degenerate output (repetition loops, far too long output,
            ``<unk>``) and retry those sentences once with repetition controls.
        repetition_penalty: Penalty used on that retry.
        no_repeat_ngram_size: n-gram block used on that retry.
        normalize: Apply OPUS-MT-style input normalisation (see ``normalize.py``).
        threads: CPU threads for inference (0 = library default).
        cache_dir: Where converted CTranslate2 models are cached (None = default).
        sources: Where each value that is not the default came from: ``--flag`` (the
            command line), ``TRANSALIGN_MODEL`` or a configuration file's path; used in
            messages only (not compared, not hashed).
    """

    model: str = DEFAULT_MODEL
    revision: str | None = None
    backend: str = "auto"
    device: str = "auto"
    dtype: str = "auto"
    beams: int = 4
    max_batch_tokens: int = 6000
    max_batch_sentences: int = 64
    max_new_tokens_ratio: float = 2.0
    max_new_tokens_offset: int = 10
    max_new_tokens_cap: int = 256
    min_new_tokens: int = 0
    guard: bool = True
    repetition_penalty: float = 1.3
    no_repeat_ngram_size: int = 3
    normalize: bool = True
    threads: int = 0
    cache_dir: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    sources: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        _choice("backend", self.backend, BACKENDS)
        _choice("device", self.device, DEVICES)
        _choice("dtype", self.dtype, DTYPES)
        for name in ("beams", "max_batch_tokens", "max_batch_sentences", "max_new_tokens_cap"):
            if int(getattr(self, name)) < 1:
                raise ConfigError(f"{name} must be at least 1, got {getattr(self, name)!r}")
        if not 0 < self.max_new_tokens_ratio < math.inf:
            raise ConfigError(f"max_new_tokens_ratio must be a positive number, "
                              f"got {self.max_new_tokens_ratio!r}")
        if not 0 < self.repetition_penalty < math.inf:
            raise ConfigError(f"repetition_penalty must be a positive number, "
                              f"got {self.repetition_penalty!r}")
        for name in ("no_repeat_ngram_size", "threads", "min_new_tokens", "max_new_tokens_offset"):
            if int(getattr(self, name)) < 0:
                raise ConfigError(f"{name} must be 0 or more, got {getattr(self, name)!r}")
        if self.beams > 64:
            raise ConfigError(f"beams must be at most 64, got {self.beams}")
        if self.min_new_tokens > self.max_new_tokens_cap:
            raise ConfigError(f"min_new_tokens ({self.min_new_tokens}) must not exceed "
                              f"max_new_tokens_cap ({self.max_new_tokens_cap})")

    def replace(self, **changes: Any) -> TranslateOptions:
        return dataclasses.replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d.pop("extra", None)
        d.pop("sources", None)
        return d


def _choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ConfigError(f"{name}: unknown value {value!r}; choose from {', '.join(choices)}")


FIELDS = {f.name: f for f in dataclasses.fields(TranslateOptions)
          if f.name not in ("extra", "sources")}

# The default model when neither --model nor the configuration file names one... and
# above the file: a user (or a test) sets it once for every command.
MODEL_ENV = "TRANSALIGN_MODEL"


def describe_source(options: TranslateOptions, key: str) -> str:
    """Where ``options.<key>`` came from, for messages: ``from --dtype``,
    ``from configs/batch-gpu.yaml``, ``from TRANSALIGN_MODEL`` or ``default``."""
    source = options.sources.get(key)
    return f"from {source}" if source else "default"


def excerpt(value: Any, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters: error lines never echo a whole value."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"


def coerce_fields(cls: type, values: Any, *, prefix: str, source: str) -> dict[str, Any]:
    """The values of a settings section for dataclass ``cls``, checked against its fields.

    The one place where configuration values get their types, for every section (the
    ``translate:`` options here, the batch job's ``batch:`` and ``batch.ray:``): an
    unknown key, a value of the wrong type (``True`` is not a number, a list is not a
    path) or a mapping that is not one is a ``ConfigError`` naming the key as the file
    spells it (``prefix`` + key) and showing a short excerpt of the value. A field whose
    type is another settings dataclass takes a nested mapping.
    """
    section = prefix.rstrip(".") or "translate"
    if values is None:
        return {}
    if not isinstance(values, dict):
        raise ConfigError(f"{source}: '{section}' must be a mapping")
    fields = {f.name: f for f in dataclasses.fields(cls) if f.name not in ("extra", "sources")}
    unknown = sorted(set(values) - set(fields), key=str)
    if unknown:
        raise ConfigError(f"{source}: unknown key {excerpt(f'{prefix}{unknown[0]}')}; "
                          f"valid keys: {', '.join(sorted(fields))}")
    out: dict[str, Any] = {}
    for key, value in values.items():
        kind = str(fields[key].type)
        nested = _NESTED.get(kind)
        if nested is not None:
            out[key] = nested(**coerce_fields(nested, value, prefix=f"{prefix}{key}.",
                                              source=source))
        else:
            out[key] = _coerce(f"{prefix}{key}", kind, value)
    return out


# settings dataclasses that may be a field of another (by their annotation's name)
_NESTED: dict[str, type] = {}


def register_nested(cls: type) -> type:
    """Let ``cls`` be the type of a field of another settings section (a nested mapping)."""
    _NESTED[cls.__name__] = cls
    return cls


def _coerce(name: str, kind: str, value: Any) -> Any:
    if value is None:
        return None if "None" in kind else _bad(name, kind, value)
    base = kind.split("|")[0].strip()
    if base == "bool":
        return value if isinstance(value, bool) else _bad(name, kind, value)
    if isinstance(value, bool):  # YAML's true is not a number, a name or a list
        return _bad(name, kind, value)
    if base == "int":
        return value if isinstance(value, int) else _bad(name, kind, value)
    if base == "float":
        return float(value) if isinstance(value, int | float) else _bad(name, kind, value)
    if base == "str":
        return value if isinstance(value, str) else _bad(name, kind, value)
    if base.startswith("tuple[str"):
        if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            return tuple(value)
        return _bad(name, kind, value)
    return value


def _bad(name: str, kind: str, value: Any) -> Any:
    raise ConfigError(f"{name}: invalid value {excerpt(value)} (expected {kind})")


def options_from_mapping(values: dict[str, Any], source: str = "configuration",
                         base: TranslateOptions | None = None) -> TranslateOptions:
    """Build options from a mapping; unknown keys raise ``ConfigError``."""
    coerced = coerce_fields(TranslateOptions, values, prefix="", source=source)
    base = base or TranslateOptions()
    # remembered for messages: a value from the command line is named by its flag
    origin = {k: f"--{k.replace('_', '-')}" if source == COMMAND_LINE else source
              for k in coerced}
    return base.replace(**coerced, sources={**base.sources, **origin})


COMMAND_LINE = "command line"


def apply_overrides(options: TranslateOptions,
                    overrides: dict[str, Any] | None = None) -> TranslateOptions:
    """``TRANSALIGN_MODEL`` (when set), then the command line's values, over ``options``.

    Precedence, highest first: ``--model``, ``TRANSALIGN_MODEL``, the configuration
    file, the built-in default (as pip and git rank environment over files).
    """
    import os

    env_model = os.environ.get(MODEL_ENV, "").strip()
    if env_model and not (overrides and "model" in overrides):
        options = options_from_mapping({"model": env_model}, MODEL_ENV, options)
    if overrides:
        options = options_from_mapping(overrides, COMMAND_LINE, options)
    return options


def read_yaml(path: str | Path) -> dict[str, Any]:
    """Read a YAML mapping with clear errors."""
    import yaml

    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"{path}: configuration file not found")
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ConfigError(f"{path}: not valid YAML ({first})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings at the top level")
    return data


# the sections a configuration file holds: every command reads the whole file through
# load_sections and takes its own (``translate`` here, ``batch`` in job/settings.py)
SECTIONS = ("translate", "batch")


def load_sections(path: str | Path | None) -> dict[str, Any]:
    """The sections of a configuration file, its top level checked once for every command.

    A file holds sections (``translate:``, ``batch:``) or, for short, translate settings
    at its top level (then it is read as ``{"translate": …}``). A top-level mapping under
    another name is a misspelt section and an error naming the valid ones; so is any
    other key beside the sections. ``None`` gives no sections (the built-in defaults).
    """
    if path is None:
        return {}
    data = read_yaml(path)
    misspelt = [k for k, v in data.items()
                if isinstance(v, dict) and k not in SECTIONS and k not in FIELDS]
    if not (any(k in SECTIONS for k in data) or misspelt):
        return {"translate": data} if data else {}
    others = sorted((k for k in data if k not in SECTIONS), key=str)
    if others:
        raise ConfigError(f"{path}: unknown key {excerpt(others[0])}; valid keys: "
                          f"{', '.join(sorted(SECTIONS))}")
    return data


def load_options(path: str | Path | None = None,
                 overrides: dict[str, Any] | None = None) -> TranslateOptions:
    """Options from a YAML file's ``translate:`` section, then ``TRANSALIGN_MODEL`` and
    the command line's overrides (:func:`apply_overrides`).

    Args:
        path: YAML configuration file; ``None`` uses the built-in defaults
            (the same values as ``configs/default.yaml``).
        overrides: Values from the command line, applied last.
    """
    sections = load_sections(path)
    options = (options_from_mapping(sections["translate"], str(path))
               if "translate" in sections else TranslateOptions())
    return apply_overrides(options, overrides)
