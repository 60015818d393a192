"""``--engine ray``: a thin Ray Data adapter over ``worker.process_shard``.

Imported only when the Ray engine is chosen (``pip install 'transalign[ray]'``).
One dataset row per shard; a pool of actors, each loading the model once
(``map_batches`` with a callable class), translates whole shards and writes each
shard's file itself, with the same deterministic name and atomic rename as the
local engine; only the small counters travel back to the driver, which keeps the
manifest. So resume works exactly as locally, and a job may switch engines.

Ray pitfalls reproduced on Ray 2.60 (issue 7), and what this module does:

- Actors that claim every CPU hang the job with no error (Ray Data's own tasks
  never get a CPU): actors × ``num_cpus`` must leave ``reserve_cpus`` free, else
  ``ConfigError`` before anything starts.
- Ray Data's beta checkpointing hangs on small machines and duplicates output
  after crashes: not used; the shard files and the manifest are the checkpoint.
- Engine-level error skipping (``max_errored_blocks``) drops whole blocks of good
  documents: not used; bad documents are isolated inside ``process_shard`` and an
  error that escapes it fails the job (run again to resume).
- ``write_json``/``write_parquet`` name files at random, so re-runs duplicate
  output: not used; shard files have deterministic names, written atomically,
  so a retried shard (actor restarted after a node loss) replaces its own file.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..config import TranslateOptions
from ..errors import ConfigError, TransalignError, TranslationError, UsageError
from .settings import BatchSettings
from .shards import Shard
from .worker import ShardResult

log = logging.getLogger(__name__)


def import_ray() -> Any:
    """``ray`` with Ray Data, or a ``UsageError`` naming the extra."""
    try:
        import ray
        import ray.data
    except ImportError:
        raise UsageError("--engine ray needs Ray Data: pip install 'transalign[ray]' "
                         "(ray[data]); or use --engine local") from None
    return ray


class ShardActor:
    """A Ray Data callable class: loads the model once, translates whole shards.

    Args:
        options: ``TranslateOptions.as_dict()`` with a concrete device and dtype.
        output_dir: The job's output directory (a shared filesystem on a cluster).
        header: Written into every shard file (``settings_hash``).
        unwrap_lines: Input is hard-wrapped.
        references: Align documents that carry a reference with it.
    """

    def __init__(self, options: dict[str, Any], output_dir: str, header: dict[str, Any],
                 unwrap_lines: bool, references: bool = True) -> None:
        import ray

        from ..translate import load_translator

        self.translator = load_translator(TranslateOptions(**options))
        self.worker = f"ray-node:{ray.get_runtime_context().get_node_id()}"
        self.output_dir = output_dir
        self.header = header
        self.unwrap_lines = unwrap_lines
        self.references = references

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        from .worker import process_shard

        results = []
        for spec in batch["shard"]:
            shard = Shard.from_json(json.loads(spec))
            result = process_shard(shard, self.translator, self.output_dir, self.header,
                                   unwrap_lines=self.unwrap_lines, worker=self.worker,
                                   references=self.references)
            results.append(json.dumps(result.to_json()))
        return {"result": results}


def actor_pool(batch: BatchSettings, resources: dict[str, float]) -> int:
    """Number of actors for ``resources`` (``ray.cluster_resources()``).

    Raises:
        ConfigError: the actors would take every CPU (Ray Data would hang), or
            they ask for GPUs the cluster does not have.
    """
    cfg = batch.ray
    cpus = float(resources.get("CPU", 0))
    gpus = float(resources.get("GPU", 0))
    usable = cpus - cfg.reserve_cpus
    by_cpu = int(usable // cfg.num_cpus) if usable > 0 else 0
    if cfg.num_gpus > 0:
        if gpus < cfg.num_gpus:
            raise ConfigError(f"batch.ray.num_gpus is {cfg.num_gpus:g} per actor but the Ray "
                              f"cluster has {gpus:g} GPUs; set num_gpus: 0 for CPU actors")
        default = int(gpus // cfg.num_gpus)
    else:
        default = by_cpu
    wanted = cfg.concurrency or default
    if wanted < 1 or wanted > by_cpu:
        raise ConfigError(
            f"batch.ray: {max(wanted, 1)} actors x {cfg.num_cpus:g} CPUs would leave fewer than "
            f"reserve_cpus={cfg.reserve_cpus:g} of the cluster's {cpus:g} CPUs free, and Ray "
            "Data hangs without an error when actors hold every CPU; lower "
            "batch.ray.num_cpus or concurrency, or add CPUs")
    return wanted


def run_ray_shards(shards: Sequence[Shard], options: TranslateOptions, batch: BatchSettings,
                   output_dir: Path, header: dict[str, Any],
                   on_result: Callable[[ShardResult], None]) -> None:
    """Translate ``shards`` on Ray actors; ``on_result`` is called as each one finishes.

    Uses the running Ray instance if there is one, else ``ray.init()`` (which
    joins the cluster in ``RAY_ADDRESS`` when set, or starts a local one).
    """
    ray = import_ray()
    if not ray.is_initialized():
        if os.environ.get("RAY_ADDRESS"):
            ray.init(log_to_driver=False)
        else:
            ray.init(include_dashboard=False, log_to_driver=False)
    size = actor_pool(batch, ray.cluster_resources())
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    # One shard per block, so shards spread over actors instead of riding together.
    items = [{"shard": json.dumps(s.to_json())} for s in shards]
    ds = ray.data.from_items(items, override_num_blocks=len(items))
    ds = ds.map_batches(
        ShardActor,
        batch_size=1,
        compute=ray.data.ActorPoolStrategy(size=size),
        num_cpus=batch.ray.num_cpus,
        num_gpus=batch.ray.num_gpus,
        fn_constructor_kwargs={"options": options.as_dict(), "output_dir": str(output_dir),
                               "header": header, "unwrap_lines": batch.unwrap_lines,
                               "references": batch.references},
    )
    # Ray Data's actor pool restarts actors lost with their node and retries their
    # shard (max_restarts = max_task_retries = -1 by default): the retried shard's
    # file is rewritten under the same name, never duplicated.
    log.info("ray: %d shards on %d actors (%g CPUs, %g GPUs each)", len(shards), size,
             batch.ray.num_cpus, batch.ray.num_gpus)
    try:
        for row in ds.iter_rows():
            on_result(ShardResult.from_json(json.loads(row["result"])))
    except TransalignError:
        raise
    except Exception as exc:  # a Ray error wrapping the actor's; finished shards are kept
        lines = str(exc).strip().splitlines()
        cause = next((x for x in reversed(lines) if x.strip()), type(exc).__name__)
        raise TranslationError(f"the Ray job failed ({cause.strip()[:300]}); finished shards "
                               "are kept: run the same command again to resume") from exc
