"""``--engine ray``: a thin Ray Data adapter over ``worker.process_shard``.

Ray itself is imported only when the Ray engine is chosen (``pip install 'transalign[ray]'``).
One dataset row per shard; a pool of actors, each loading the model once
(``map_batches`` with a callable class), translates whole shards and writes each
shard's file itself, with the same deterministic name and atomic rename as the
local engine; only the small counters travel back to the driver, which keeps the
manifest. So resume works exactly as locally, and a job may switch engines.

Ray pitfalls reproduced on Ray 2.60 (docs/batch.md), and what this module does:

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

Ray's own console output (its INFO/WARNING log lines, Ray Data's execution plan
and progress bars, the workers' output and errors) stays out of the user's
terminal unless ``verbose`` (the CLI's ``--debug``): see ``ray_console``. The
job's own progress is the driver's (``on_result``), and a failure is one
``TranslationError``; Ray's log files in its session directory keep the rest.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..config import TranslateOptions
from ..errors import ConfigError, TransalignError, TranslationError, UsageError
from ..text import plural
from ..translate import load_translator
from .settings import BatchSettings
from .shards import Shard
from .worker import ShardResult, process_shard

log = logging.getLogger(__name__)


def import_ray() -> Any:
    """``ray`` with Ray Data, or a ``UsageError`` naming the extra."""
    try:  # heavy, and optional: only the Ray engine needs it
        import ray  # heavy and optional: ray
        import ray.data  # heavy and optional: ray
    except ImportError:
        raise UsageError("--engine ray needs Ray Data: pip install 'transalign[ray]' "
                         "(ray[data]); or use --engine local") from None
    return ray


def no_metrics_poller() -> None:
    """Keep Ray Data from starting its usage-metrics poller in this process.

    Ray Data 2.60 starts, on its first execution, a daemon thread that asks Prometheus
    (``localhost:9090`` unless ``RAY_PROMETHEUS_HOST`` says otherwise) for cluster
    counters every 10 s, for its usage telemetry. One of its queries still in flight
    when the process exits prints "Exception in thread data-usage-metrics-poller" and a
    cut-off traceback (seen in 2 of 6 test runs here). A poller with no metrics, put in
    its place before the first execution, is never started, and Ray Data reads it as
    "no snapshot yet", as it does before a first poll. The module is private: on a Ray
    without it, nothing is done.
    """
    try:
        from ray.data._internal.usage import poller  # private, Ray Data 2.60-2.63
        with poller._poller_lock:
            if poller._poller is None:
                poller._poller = poller.ClusterMetricsPoller({})
    except (ImportError, AttributeError, TypeError):
        log.debug("ray: no usage-metrics poller to replace in this Ray version")


@contextlib.contextmanager
def ray_console(ray: Any, verbose: bool) -> Iterator[None]:
    """Keep Ray's console output out of the terminal while the job runs, unless ``verbose``.

    Inside, restored on the way out:

    - the console handlers of the ``ray`` and ``ray.data`` loggers (Ray's INFO and
      WARNING lines such as "Started a local Ray instance", Ray Data's execution
      plan and its reports of errors in actors) let nothing through; Ray Data's log
      file (``ray-data.log`` in the session directory) still gets everything;
    - errors the raylet sends to the driver ("A worker died ...", which Ray prints
      on stdout) go to this module's logger at DEBUG instead;
    - Python warnings raised from Ray's modules are ignored;
    - Ray Data draws no progress bars and prints no execution plan.

    The workers' own stdout and stderr are kept from the driver by ``ray.init``'s
    ``log_to_driver`` (``run_ray_shards``). Not covered: ERROR lines that the driver's
    C++ core worker writes straight to the process's stderr, such as the one Ray Data
    2.60 causes for every actor ("... has constructor arguments in the object store",
    ray-project/ray#57733); only ``RAY_BACKEND_LOG_LEVEL`` turns them off, and setting
    it prints a line of its own.
    """
    context = ray.data.DataContext.get_current()
    saved_context = (context.enable_progress_bars, context.print_on_execution_start)
    context.enable_progress_bars = False  # the job's progress is the driver's (on_result)
    context.print_on_execution_start = verbose
    if verbose:
        try:
            yield
        finally:
            context.enable_progress_bars, context.print_on_execution_start = saved_context
        return
    silenced: list[tuple[logging.Handler, int]] = []
    for name in ("ray", "ray.data"):
        for handler in logging.getLogger(name).handlers:
            if isinstance(handler, logging.StreamHandler) and \
                    not isinstance(handler, logging.FileHandler):
                silenced.append((handler, handler.level))
                handler.setLevel(logging.CRITICAL + 1)
    # Ray's driver prints the raylet's error messages through this function (looked up
    # when each message arrives); no public setting turns them off.
    worker_module = getattr(getattr(ray, "_private", None), "worker", None)
    printer = getattr(worker_module, "print_to_stdstream", None)

    def to_debug_log(data: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        for line in data.get("lines", ()):
            log.debug("ray %s: %s", data.get("pid", ""), line)

    if printer is not None:
        worker_module.print_to_stdstream = to_debug_log
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", module=r"ray(\.|$)")
            yield
    finally:
        if printer is not None:
            worker_module.print_to_stdstream = printer
        for handler, level in silenced:
            handler.setLevel(level)
        context.enable_progress_bars, context.print_on_execution_start = saved_context


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
        import ray  # heavy, and optional: only the Ray engine needs it

        self.translator = load_translator(TranslateOptions(**options))
        self.worker = f"ray-node:{ray.get_runtime_context().get_node_id()}"
        self.output_dir = output_dir
        self.header = header
        self.unwrap_lines = unwrap_lines
        self.references = references

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
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
                   on_result: Callable[[ShardResult], None], *, verbose: bool = False) -> None:
    """Translate ``shards`` on Ray actors; ``on_result`` is called as each one finishes.

    Uses the running Ray instance if there is one, else ``ray.init()`` (which
    joins the cluster in ``RAY_ADDRESS`` when set, or starts a local one).

    Args:
        verbose: Let Ray's console output through (``ray_console``), and the
            workers' stdout and stderr when this call starts Ray.
    """
    ray = import_ray()
    no_metrics_poller()
    with ray_console(ray, verbose):
        if not ray.is_initialized():
            if os.environ.get("RAY_ADDRESS"):
                ray.init(log_to_driver=verbose)
            else:
                ray.init(include_dashboard=False, log_to_driver=verbose)
        _run_on_actors(ray, shards, options, batch, output_dir, header, on_result)


def _run_on_actors(ray: Any, shards: Sequence[Shard], options: TranslateOptions,
                   batch: BatchSettings, output_dir: Path, header: dict[str, Any],
                   on_result: Callable[[ShardResult], None]) -> None:
    size = actor_pool(batch, ray.cluster_resources())
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
    log.info("ray: %s on %s (%g CPUs, %g GPUs each)", plural(len(shards), "shard"),
             plural(size, "actor"), batch.ray.num_cpus, batch.ray.num_gpus)
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
