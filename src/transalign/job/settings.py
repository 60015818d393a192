"""Batch-job settings: the ``batch:`` section of a YAML file.

A batch configuration has two sections, each with its own keys; an unknown key
in either is a ``ConfigError`` naming the key and the valid ones (OpusFilter's
rule: a typo must never be silently ignored)::

    translate:      # TranslateOptions keys (see configs/default.yaml)
      device: auto
    batch:
      shard_size: 1000
      engine: local
      cpu_fallback: true
      ray: {num_gpus: 1, num_cpus: 1, concurrency: null, reserve_cpus: 1}
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import (
    TranslateOptions,
    coerce_fields,
    excerpt,
    load_options,
    load_sections,
    register_nested,
)
from ..errors import ConfigError
from ..limits import MAX_SHARD_SIZE
from ..placement import Hardware, detect_hardware, resolve_placement

# placement lives in ..placement (one rule for translate, align and batch); re-exported
__all__ = ["BatchSettings", "Hardware", "RaySettings", "batch_settings_from_mapping",
           "detect_hardware", "load_job_config", "resolve_placement"]

log = logging.getLogger(__name__)

ENGINES = ("local", "ray")


@register_nested
@dataclass(frozen=True)
class RaySettings:
    """Resources of the Ray engine.

    Attributes:
        num_gpus: GPUs per actor (0 = CPU actors). Each actor loads the model once.
        num_cpus: CPUs per actor. Kept below the cluster's CPUs, see ``reserve_cpus``.
        concurrency: Number of actors; ``None`` = one per GPU (``num_gpus`` > 0),
            else as many as the CPUs left after ``reserve_cpus`` allow.
        reserve_cpus: CPUs never given to actors. Ray Data needs free CPUs for
            its own tasks: actors that claim every CPU hang the job with no error.
    """

    num_gpus: float = 0.0
    num_cpus: float = 1.0
    concurrency: int | None = None
    reserve_cpus: float = 1.0

    def __post_init__(self) -> None:
        if not self.num_gpus >= 0:  # NaN too
            raise ConfigError(f"batch.ray.num_gpus must be >= 0, got {self.num_gpus!r}")
        if not self.num_cpus > 0:
            raise ConfigError(f"batch.ray.num_cpus must be > 0, got {self.num_cpus!r}")
        if self.concurrency is not None and self.concurrency < 1:
            raise ConfigError(f"batch.ray.concurrency must be >= 1, got {self.concurrency!r}")
        # size-like: actors, and resources per actor (each actor loads the model)
        for name, most in (("num_gpus", 64), ("num_cpus", 1024), ("reserve_cpus", 1024)):
            if getattr(self, name) > most:
                raise ConfigError(f"batch.ray.{name} must be at most {most}, got "
                                  f"{getattr(self, name)!r}")
        if self.concurrency is not None and self.concurrency > 4096:
            raise ConfigError(f"batch.ray.concurrency must be at most 4096 actors, got "
                              f"{self.concurrency!r}")
        if not self.reserve_cpus >= 0:
            raise ConfigError(f"batch.ray.reserve_cpus must be >= 0, got {self.reserve_cpus!r}")


@dataclass(frozen=True)
class BatchSettings:
    """How the job is cut and run (not how sentences are translated).

    Attributes:
        shard_size: Documents (rows) per shard: the unit of work, of output
            files and of restarts.
        engine: ``local`` (one process: one GPU or the CPU) or ``ray``.
        cpu_fallback: When CUDA is asked for but absent, run on the CPU (with a
            warning) instead of failing.
        unwrap_lines: Input text is hard-wrapped (see ``segment.split_paragraphs``).
        references: For documents with a ``reference``: align our source
            sentences with the reference's sentences (our translation as the
            bridge) in each shard, and score the documents when merging.
        export: Formats of the aligned corpus written when merging
            (``transalign.export`` writers: jsonl, tmx, moses, tsv, hf).
        ray: Resources of the Ray engine.
    """

    shard_size: int = 1000
    engine: str = "local"
    cpu_fallback: bool = True
    unwrap_lines: bool = False
    references: bool = True
    export: tuple[str, ...] = ("jsonl",)
    ray: RaySettings = field(default_factory=RaySettings)

    def __post_init__(self) -> None:
        if isinstance(self.shard_size, bool) or int(self.shard_size) < 1:
            raise ConfigError(f"batch.shard_size must be at least 1, got "
                              f"{excerpt(self.shard_size)}")
        if self.shard_size > MAX_SHARD_SIZE:
            raise ConfigError(f"batch.shard_size must be at most {MAX_SHARD_SIZE:,} (a shard "
                              f"is held in memory), got {self.shard_size:,}")
        if isinstance(self.export, str) or not all(isinstance(f, str) for f in self.export):
            raise ConfigError(f"batch.export must be a list of formats, got "
                              f"{excerpt(self.export)}")
        if self.engine not in ENGINES:
            raise ConfigError(f"batch.engine: unknown value {excerpt(self.engine)}; "
                              f"choose from {', '.join(ENGINES)}")

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def batch_settings_from_mapping(values: dict[str, Any] | None,
                                source: str = "configuration") -> BatchSettings:
    """``BatchSettings`` from the ``batch:`` mapping; unknown keys raise ``ConfigError``."""
    return BatchSettings(**coerce_fields(BatchSettings, values, prefix="batch.", source=source))


def load_job_config(path: str | Path | None,
                    overrides: dict[str, Any] | None = None,
                    batch_overrides: dict[str, Any] | None = None
                    ) -> tuple[TranslateOptions, BatchSettings]:
    """Translation options and batch settings from a YAML file, then overrides.

    Args:
        path: YAML file with ``translate:`` and ``batch:`` sections (both
            optional); ``None`` = built-in defaults.
        overrides: ``TranslateOptions`` values from the command line.
        batch_overrides: ``BatchSettings`` values from the command line.

    Raises:
        ConfigError: unknown keys or invalid values, naming the key.
    """
    source = str(path) if path is not None else "configuration"
    options = load_options(path, overrides)  # the same file, the same rules as translate
    batch = batch_settings_from_mapping(load_sections(path).get("batch"), source)
    if batch_overrides:
        merged = {**batch.as_dict(), **batch_overrides}
        merged["ray"] = {**merged["ray"], **batch_overrides.get("ray", {})}
        batch = batch_settings_from_mapping(merged, "command line")
    return options, batch
