"""Translation settings: defaults, YAML configuration files, command-line overrides.

Unknown keys are an error that names the key and the valid choices (a typo must
never be silently ignored). ``configs/default.yaml`` documents the defaults.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
import os
import reprlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import limits
from .errors import ConfigError
from .paths import is_regular, missing_reason, oserror_reason, probe, shown

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
        checks: Copy segments with nothing to translate (``copied``) and English
            sentences (``source_en``) instead of translating them, and check every
            translation: numbers, dates, times and links kept (``number_mismatch``,
            ``missing_token``), English (``not_english``). See
            :mod:`transalign.translate.trust`. Off: every segment goes to the model.
        translate_all: Translate English sentences too (still flagged ``source_en``).
        min_confidence: Flag ``low_confidence`` on translations whose confidence (mean
            log-probability per token, 0 or less; not calibrated) is below this;
            ``None``: no such flag.
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
    checks: bool = True
    translate_all: bool = False
    min_confidence: float | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    sources: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def _named(self, name: str) -> str:
        """A setting as the user gave it: ``--max-batch-tokens`` from the command line,
        else its key (a configuration file's value says where it came from at the end
        of the message, ``_from``)."""
        source = self.sources.get(name, "")
        return source if source.startswith("--") else name

    def _from(self, name: str) -> str:
        source = self.sources.get(name, "")
        return f" (in {source})" if source and not source.startswith("--") else ""

    def __post_init__(self) -> None:
        # the types first (options built in Python: beams=1.5 or "4" failed later, inside
        # the backend); numbers of another type (numpy's) and paths pass, as they work
        for f in dataclasses.fields(self):
            if f.name not in ("extra", "sources"):
                _check_type(self._named(f.name), str(f.type), getattr(self, f.name))
        _choice("backend", self.backend, BACKENDS)
        _choice("device", self.device, DEVICES)
        _choice("dtype", self.dtype, DTYPES)
        for name in ("beams", "max_batch_tokens", "max_batch_sentences", "max_new_tokens_cap"):
            if int(getattr(self, name)) < 1:
                raise ConfigError(f"{self._named(name)} must be at least 1, got "
                                  f"{getattr(self, name)!r}{self._from(name)}")
        if not 0 < self.max_new_tokens_ratio < math.inf:
            raise ConfigError(f"max_new_tokens_ratio must be a positive number, "
                              f"got {self.max_new_tokens_ratio!r}")
        if not 0 < self.repetition_penalty < math.inf:
            raise ConfigError(f"repetition_penalty must be a positive number, "
                              f"got {self.repetition_penalty!r}")
        for name in ("no_repeat_ngram_size", "threads", "min_new_tokens", "max_new_tokens_offset"):
            if int(getattr(self, name)) < 0:
                raise ConfigError(f"{self._named(name)} must be 0 or more, got "
                                  f"{getattr(self, name)!r}{self._from(name)}")
        if self.beams > 64:
            raise ConfigError(f"{self._named('beams')} must be at most 64, got {self.beams}"
                              f"{self._from('beams')}")
        for name, most in _BOUNDS.items():
            if int(getattr(self, name)) > most:
                raise ConfigError(f"{self._named(name)} must be at most {most:,}, got "
                                  f"{excerpt(getattr(self, name))}{self._from(name)}"
                                  f"{_BOUND_NOTES.get(name, '')}")
        if not self.max_new_tokens_ratio <= 1000:
            raise ConfigError(f"max_new_tokens_ratio must be at most 1000, "
                              f"got {self.max_new_tokens_ratio!r}")
        if self.min_confidence is not None and not -math.inf < self.min_confidence <= 0:
            raise ConfigError(f"min_confidence is a mean log-probability per token: a "
                              f"number of 0 or less, got {self.min_confidence!r}")
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


# the size-like settings and their most (limits.py): beyond these a value only eats memory
# or crashes the thread libraries
_BOUNDS = {"max_batch_tokens": limits.MAX_BATCH_TOKENS,
           "max_batch_sentences": limits.MAX_BATCH_SENTENCES,
           "max_new_tokens_cap": limits.MAX_NEW_TOKENS,
           "max_new_tokens_offset": limits.MAX_NEW_TOKENS,
           "no_repeat_ngram_size": limits.MAX_NGRAM,
           "threads": limits.MAX_THREADS}
_BOUND_NOTES = {"threads": " (4 per CPU of this machine, at least 32; 0 = one per CPU)"}


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
    """A ``repr`` of ``value`` cut to about ``limit`` characters: error lines never echo a
    whole value. Bounded in time and memory whatever the value (a string of megabytes, a
    list of a million ids, a structure of shared references that would print as
    gigabytes): only what is shown is ever turned into text."""
    if isinstance(value, str | bytes):
        text = repr(value[: limit + 1])
        if len(value) <= limit and len(text) <= limit:
            return text
        return f"{text[:limit]}… ({len(value)} characters)"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return f"an integer of {value.bit_length()} bits"
    text = _SHORT_REPR.repr(value)
    return text if len(text) <= limit else f"{text[:limit]}…"


def _short_repr() -> Any:

    short = reprlib.Repr()
    short.maxlevel = 3
    short.maxdict = short.maxlist = short.maxtuple = short.maxset = short.maxfrozenset = 4
    short.maxstring = short.maxother = 60
    short.maxlong = 40
    return short


_SHORT_REPR = _short_repr()


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


def _check_type(name: str, kind: str, value: Any) -> None:
    """Refuse a value set in Python that its field cannot use: text or a fraction for a
    whole number, text for a number or a switch, anything but text or a path for text."""
    base = kind.split("|")[0].strip()
    if value is None:
        if "None" not in kind:
            _bad(name, kind, value)
    elif base == "int":
        if not isinstance(value, numbers.Integral) and not (
                isinstance(value, numbers.Real) and float(value).is_integer()):
            _bad(name, kind, value)
    elif base in ("float", "bool"):
        if not isinstance(value, numbers.Real) and type(value).__name__ not in ("bool", "bool_"):
            _bad(name, kind, value)
    elif base == "str" and not isinstance(value, str | os.PathLike):
        _bad(name, kind, value)


def _bad(name: str, kind: str, value: Any) -> Any:
    raise ConfigError(f"{name}: invalid value {excerpt(value)} (expected {kind})")


def options_from_mapping(values: dict[str, Any], source: str = "configuration",
                         base: TranslateOptions | None = None) -> TranslateOptions:
    """Build options from a mapping; unknown keys raise ``ConfigError``."""
    try:
        coerced = coerce_fields(TranslateOptions, values, prefix="", source=source)
        base = base or TranslateOptions()
        # remembered for messages: a value from the command line is named by its flag
        origin = {k: f"--{k.replace('_', '-')}" if source == COMMAND_LINE else source
                  for k in coerced}
        return base.replace(**coerced, sources={**base.sources, **origin})
    except ConfigError as exc:
        # a value refused by its type or its choices: say which file gave it
        said = str(exc)
        if (source in (COMMAND_LINE, MODEL_ENV, "configuration") or said.startswith(f"{source}:")
                or f"(in {source})" in said):
            raise
        raise ConfigError(f"{source}: translate.{exc}") from None


COMMAND_LINE = "command line"


def apply_overrides(options: TranslateOptions,
                    overrides: dict[str, Any] | None = None) -> TranslateOptions:
    """``TRANSALIGN_MODEL`` (when set), then the command line's values, over ``options``.

    Precedence, highest first: ``--model``, ``TRANSALIGN_MODEL``, the configuration
    file, the built-in default (as pip and git rank environment over files).
    """

    env_model = os.environ.get(MODEL_ENV, "").strip()
    if env_model and not (overrides and "model" in overrides):
        options = options_from_mapping({"model": env_model}, MODEL_ENV, options)
    if overrides:
        options = options_from_mapping(overrides, COMMAND_LINE, options)
    return options


def read_yaml(path: str | Path) -> dict[str, Any]:
    """Read a YAML mapping with clear errors.

    A configuration is a few dozen settings, and is read as one: at most
    ``limits.MAX_CONFIG_BYTES``, at most ``limits.MAX_CONFIG_NODES`` values once aliases
    are expanded (a "billion laughs" file is refused before anything walks it), no
    recursive alias, no key given twice in a mapping (YAML's last-wins would silently drop
    the first). Every problem is one ``ConfigError`` naming the file.
    """
    import yaml  # heavy: pyyaml, only when a file is read


    name = shown(path)
    info = probe(path, ConfigError)
    if info is None:
        raise ConfigError(f"{name}: configuration file not found "
                          f"({missing_reason(path)})")
    if not is_regular(info):
        raise ConfigError(f"{name}: not a configuration file (a directory, device or pipe)")
    try:
        with open(path, "rb") as handle:
            raw = handle.read(limits.MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"{name}: cannot read the configuration file "
                          f"({oserror_reason(exc)})") from None
    if len(raw) > limits.MAX_CONFIG_BYTES:
        raise ConfigError(f"{name}: larger than {limits.size_text(limits.MAX_CONFIG_BYTES)}; "
                          "a configuration file holds a few settings")
    loader = None
    try:
        text = raw.decode("utf-8")
        loader = _new_loader(text)
        node = loader.get_single_node()
        if node is None:
            return {}
        _check_expansion(node, name)
        data = loader.construct_document(node)
    except (yaml.YAMLError, UnicodeDecodeError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ConfigError(f"{name}: not valid YAML ({first[:200]})") from None
    except RecursionError:
        raise ConfigError(f"{name}: not valid YAML (nested too deeply)") from None
    except _DuplicateKey as exc:
        raise ConfigError(f"{name}:{exc}") from None
    finally:
        if loader is not None:
            loader.dispose()
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{name}: expected a mapping of settings at the top level")
    return data


class _DuplicateKey(Exception):
    """A key given twice in one YAML mapping (``read_yaml`` adds the file's name)."""


def _loader_class() -> type:
    """A YAML SafeLoader that refuses a key given twice in one mapping."""
    import yaml  # heavy: pyyaml

    class ConfigLoader(yaml.SafeLoader):
        def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
            if isinstance(node, yaml.MappingNode):
                seen: set[Any] = set()
                for key_node, _ in node.value:
                    if key_node.tag == "tag:yaml.org,2002:merge":
                        continue  # "<<: *base" keys may be overridden, as YAML intends
                    key = self.construct_object(key_node, deep=True)
                    try:
                        duplicate = key in seen
                        seen.add(key)
                    except TypeError:  # an unhashable key: the base class says so
                        continue
                    if duplicate:
                        raise _DuplicateKey(
                            f"{key_node.start_mark.line + 1}: key {excerpt(key)} is "
                            "given twice in one mapping; keep one") from None
            return super().construct_mapping(node, deep=deep)

    return ConfigLoader


def _new_loader(text: str) -> Any:
    """A loader of ``_loader_class`` (made once: it imports yaml) over ``text``."""
    global _LOADER
    if _LOADER is None:
        _LOADER = _loader_class()
    return _LOADER(text)


_LOADER: type | None = None


def _check_expansion(root: Any, name: str) -> None:
    """Refuse a YAML document that expands to more than ``MAX_CONFIG_NODES`` values once
    its aliases are followed, or whose aliases form a loop."""
    import yaml  # heavy: pyyaml

    most = limits.MAX_CONFIG_NODES
    sizes: dict[int, int] = {}  # id(node) -> values under it, aliases expanded
    active: set[int] = set()

    def size(node: Any) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise ConfigError(f"{name}: an alias refers to a value that holds it (a "
                              "recursive structure); a configuration cannot be one")
        total = 1
        if isinstance(node, yaml.SequenceNode | yaml.MappingNode):
            active.add(key)
            children = (node.value if isinstance(node, yaml.SequenceNode)
                        else [n for pair in node.value for n in pair])
            for child in children:
                total += size(child)
                if total > most:
                    raise ConfigError(
                        f"{name}: expands to more than {most:,} values (aliases of aliases, a "
                        "'billion laughs'?); a configuration holds a few dozen settings")
            active.discard(key)
        sizes[key] = total
        return total

    size(root)


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
                 overrides: dict[str, Any] | None = None, *,
                 sections: dict[str, Any] | None = None) -> TranslateOptions:
    """Options from a YAML file's ``translate:`` section, then ``TRANSALIGN_MODEL`` and
    the command line's overrides (:func:`apply_overrides`).

    Args:
        path: YAML configuration file; ``None`` uses the built-in defaults
            (the same values as ``configs/default.yaml``).
        overrides: Values from the command line, applied last.
        sections: The file's sections when the caller has read them already
            (:func:`load_sections`; the file is then not read again).
    """
    if sections is None:
        sections = load_sections(path)
    options = (options_from_mapping(sections["translate"], str(path))
               if "translate" in sections else TranslateOptions())
    return apply_overrides(options, overrides)
