"""``--engine ray`` on a simulated 2-node local cluster (fake GPUs, small object store).

Every test has a timeout: a Ray job that hangs (the pitfall of actors holding
every CPU) fails instead of stalling CI. Skipped when ray is not installed.
"""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")
pytest.importorskip("ray.data")

from transalign.job import load_job_config, run_job  # noqa: E402

pytestmark = pytest.mark.ray

STORE = 80 * 1024 * 1024  # bytes of object store per node
OUTPUTS = ("translations.jsonl", "documents.jsonl", "errors.jsonl")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory):
    """Head (1 CPU, no GPU) + one worker node (1 CPU, 1 fake GPU)."""
    # RAY_TMPDIR (set by conftest): a short folder of the test session's own, since Ray's
    # socket paths must stay under the 107-byte limit, and Ray writes its address file
    # there too (not /tmp/ray).
    import os

    from ray.cluster_utils import Cluster

    temp = os.environ["RAY_TMPDIR"]
    cluster = Cluster(initialize_head=True, head_node_args={
        "num_cpus": 1, "num_gpus": 0, "object_store_memory": STORE,
        "temp_dir": str(temp), "include_dashboard": False})
    cluster.add_node(num_cpus=1, num_gpus=1, object_store_memory=STORE)
    ray.init(address=cluster.address, log_to_driver=False)
    yield cluster
    ray.shutdown()
    cluster.shutdown()


@pytest.fixture(scope="module")
def job(tmp_path_factory: pytest.TempPathFactory, tiny_model: Path) -> dict:
    """Inputs (with bad documents), settings, and the local engine's outputs to compare with."""
    root = tmp_path_factory.mktemp("rayjob")
    lines = []
    for i in range(40):
        if i % 9 == 8:
            lines.append(json.dumps({"id": f"bad{i}", "text": i}))
        else:
            lines.append(json.dumps({"id": f"d{i:02d}", "text": f"Die Sitzung {i} ist "
                                     "öffentlich. Der Minister sprach in Berlin."},
                                    ensure_ascii=False))
    src = root / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = root / "ray.yaml"
    # device: cpu — the fake GPUs only schedule actors; the model runs on the CPU.
    # A forced output length keeps shards busy long enough to lose a node midway.
    config.write_text("translate:\n  device: cpu\n  beams: 2\n  max_new_tokens_cap: 30\n"
                      "  min_new_tokens: 30\n  guard: false\n"
                      "batch:\n  shard_size: 4\n  ray: {num_gpus: 1, num_cpus: 1}\n",
                      encoding="utf-8")
    options, batch = load_job_config(config, {"model": str(tiny_model)})
    local = root / "local"
    run_job([str(src)], local, options, batch)
    return {"src": src, "options": options, "batch": batch, "local": local}


def same_outputs(a: Path, b: Path) -> None:
    for name in OUTPUTS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    ids = [json.loads(x)["id"] for x in (b / "documents.jsonl").read_text().split("\n") if x]
    assert len(ids) == len(set(ids)) == 36


@pytest.mark.timeout(240)
def test_ray_engine_gives_the_local_engines_outputs(cluster, job: dict, tmp_path: Path) -> None:
    batch = dataclasses.replace(job["batch"], engine="ray")
    out = tmp_path / "ray"
    progress = run_job([str(job["src"])], out, job["options"], batch)
    assert (progress["documents"], progress["errors"]) == (36, 4)
    same_outputs(job["local"], out)
    # Restart on a finished directory: nothing redone, outputs unchanged.
    stamps = {p.name: p.stat().st_mtime_ns for p in (out / "shards").glob("*.jsonl")}
    run_job([str(job["src"])], out, job["options"], batch)
    assert {p.name: p.stat().st_mtime_ns for p in (out / "shards").glob("*.jsonl")} == stamps
    same_outputs(job["local"], out)
    # Ray Data's usage-metrics poller never started (ray_engine.no_metrics_poller): no
    # thread left to print a traceback when the process exits
    assert "data-usage-metrics-poller" not in {t.name for t in threading.enumerate()}


@pytest.mark.timeout(300)
def test_ray_job_survives_losing_a_node_midway(cluster, job: dict, tmp_path: Path) -> None:
    batch = dataclasses.replace(job["batch"], engine="ray")

    def attempt(k: int) -> bool:
        """One job on a fresh extra node, removed once it has finished a shard of its own.

        Returns whether the node was removed mid-job (the scheduler may give the new
        node no shard before the job ends: then the attempt proves nothing and is
        repeated). Either way the outputs must be complete and free of duplicates.
        """
        extra = cluster.add_node(num_cpus=1, num_gpus=1, object_store_memory=STORE)
        cluster.wait_for_nodes()
        out = tmp_path / f"ray{k}"
        result: dict = {}

        def go() -> None:
            try:
                result["progress"] = run_job([str(job["src"])], out, job["options"], batch)
            except BaseException as exc:  # reported below
                result["error"] = exc

        worker = threading.Thread(target=go)
        worker.start()
        removed = False
        extra_id = f"ray-node:{extra.node_id}"
        while worker.is_alive():
            try:
                shards = json.loads((out / "manifest.json").read_text())["shards"]
                extra_done = any(s.get("worker") == extra_id for s in shards)
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                extra_done = False
            if extra_done and not removed:
                cluster.remove_node(extra)
                removed = True
            time.sleep(0.02)
        worker.join()
        if not removed:
            cluster.remove_node(extra)
        workers = [s["worker"] for s in
                   json.loads((out / "manifest.json").read_text())["shards"]]
        print(f"attempt {k}: removed mid-job={removed}, shards per worker:",
              {w: workers.count(w) for w in set(workers)})
        assert "error" not in result, result.get("error")
        assert (result["progress"]["documents"], result["progress"]["errors"]) == (36, 4)
        same_outputs(job["local"], out)
        return removed

    assert any(attempt(k) for k in range(3)), "the new node never got a shard in 3 attempts"
