"""The batch job: many documents → deterministic shards → atomic outputs + a manifest.

``run_job(inputs, output_dir, options, batch)`` runs the local engine (one
process, one GPU or the CPU) or, with ``batch.engine == "ray"``, Ray Data
(imported only then). Both run ``worker.process_shard`` on the same shards and
write the same files, so a job started on one engine can be finished on the other.
"""

from __future__ import annotations

from .inputs import InputSource, Row, scan_inputs
from .manifest import JobManifest
from .runner import fingerprint, merge_outputs, plan_translation, run_job
from .settings import (
    BatchSettings,
    Hardware,
    RaySettings,
    detect_hardware,
    load_job_config,
    resolve_placement,
)
from .shards import Shard, plan_shards, read_shard
from .worker import ShardResult, process_shard

__all__ = [
    "BatchSettings",
    "Hardware",
    "InputSource",
    "JobManifest",
    "RaySettings",
    "Row",
    "Shard",
    "ShardResult",
    "detect_hardware",
    "fingerprint",
    "load_job_config",
    "merge_outputs",
    "plan_shards",
    "plan_translation",
    "process_shard",
    "read_shard",
    "resolve_placement",
    "run_job",
    "scan_inputs",
]
