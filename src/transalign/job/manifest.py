"""The job manifest (``DIR/manifest.json``): inputs, settings, hashes, per-shard status.

Rewritten atomically after every shard, so a killed job leaves a readable
manifest. Two hashes guard an existing output directory:

- ``settings_hash``: model (id + revision) and every setting that changes the
  output (translate options after device/dtype placement, segmenter, library
  versions). A different hash is an error: old and new outputs never mix.
- ``plan_hash``: the inputs' contents and the shard size. Changed inputs in an
  existing directory are an error too (the old shards describe other data).

The shard *files* are the truth about what is done (a file exists only once it
is complete); the manifest mirrors them for people and progress tools.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..outputs import open_output
from ..provenance import provenance
from ..text import plural
from .inputs import InputSource
from .shards import Shard
from .worker import ShardResult

MANIFEST_FORMAT = "transalign.batch.v1"
MANIFEST_NAME = "manifest.json"


def stable_hash(data: Any) -> str:
    """sha256 of canonical JSON, first 16 hex digits."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def plan_hash(sources: Sequence[InputSource], shard_size: int) -> str:
    """Hash of the inputs (kind, rows, content) and the shard size."""
    return stable_hash({"shard_size": shard_size,
                        "inputs": [_plan_key(s.describe()) for s in sources]})


def _plan_key(described: dict[str, Any]) -> list[Any]:
    """What of an input (as ``InputSource.describe`` records it) the plan depends on."""
    return [described.get("kind"), described.get("rows"), described.get("sha256")]


def _plan_change(old: dict[str, Any], sources: Sequence[InputSource],
                 batch: dict[str, Any]) -> str:
    """What differs from the manifest's plan, in words: the shard size or an input."""
    was = (old.get("batch") or {}).get("shard_size")
    if was != batch["shard_size"]:
        return f"another shard size ({was}; now {batch['shard_size']})"
    before = old.get("inputs") or []
    if len(before) != len(sources):
        return f"other inputs ({plural(len(before), 'input')}; now {len(sources)})"
    for k, (prev, source) in enumerate(zip(before, sources, strict=True), 1):
        if _plan_key(prev) != _plan_key(source.describe()):
            return (f"other inputs (input {k}, {source.path}, has changed: "
                    f"{prev.get('rows')} rows then, {source.rows} now)")
    return "other inputs or another shard size"


class JobManifest:
    """The manifest of one output directory.

    Args:
        path: ``DIR/manifest.json``.
        data: Its content.
    """

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data

    @classmethod
    def open(cls, output_dir: Path, *, settings: dict[str, Any], settings_hash: str,
             sources: Sequence[InputSource], shards: Sequence[Shard],
             batch: dict[str, Any]) -> JobManifest:
        """The directory's manifest: a new one, or the existing one if it matches.

        Raises:
            UsageError: the directory holds a job with other settings or inputs.
        """
        path = output_dir / MANIFEST_NAME
        p_hash = plan_hash(sources, int(batch["shard_size"]))
        if path.is_file():
            try:
                old = json.loads(path.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError):
                raise UsageError(f"{path}: unreadable manifest; use a new output "
                                 "directory") from None
            if old.get("format") != MANIFEST_FORMAT:
                raise UsageError(f"{path}: not a transalign batch manifest; use a new output "
                                 "directory")
            if old.get("settings_hash") != settings_hash:
                changed = sorted(k for k in set(settings) | set(old.get("settings", {}))
                                 if settings.get(k) != old.get("settings", {}).get(k))
                raise UsageError(
                    f"{output_dir} holds a job made with other settings (hash "
                    f"{old.get('settings_hash')}, now {settings_hash}; changed: "
                    f"{', '.join(changed[:5]) or '?'}); use a new --output directory, or "
                    "delete it to start over (outputs of different settings are never mixed)")
            if old.get("plan_hash") != p_hash:
                raise UsageError(
                    f"{output_dir} holds a job over {_plan_change(old, sources, batch)}; "
                    "use a new --output directory, or delete it to start over")
        data = {
            **provenance("batch"),  # tool and command first; settings and inputs below
            "format": MANIFEST_FORMAT,
            "status": "running",
            "settings_hash": settings_hash,
            "plan_hash": p_hash,
            "settings": settings,
            "batch": batch,
            "inputs": [s.describe() for s in sources],
            "shards": [{**s.describe(), "status": "pending"} for s in shards],
            "progress": {},
            "outputs": {},
        }
        manifest = cls(path, data)
        manifest._index = {s.name: i for i, s in enumerate(shards)}
        return manifest

    _index: dict[str, int]

    def record(self, result: ShardResult) -> None:
        """Mark a shard done with its counters."""
        entry = self.data["shards"][self._index[result.name]]
        entry.update(status="done", **result.to_json())

    def progress(self) -> dict[str, Any]:
        """Totals over finished shards (also stored under ``progress``)."""
        done = [s for s in self.data["shards"] if s["status"] == "done"]
        total = {k: sum(s.get(k, 0) for s in done)
                 for k in ("documents", "errors", "sentences", "target_tokens", "wrapped")}
        seconds = sum(s.get("seconds", 0.0) for s in done)
        total.update(shards_done=len(done), shards=len(self.data["shards"]),
                     seconds=round(seconds, 3),
                     tokens_per_s=round(total["target_tokens"] / seconds, 1) if seconds else 0.0)
        return total

    def done(self, name: str) -> bool:
        return self.data["shards"][self._index[name]]["status"] == "done"

    def save(self, status: str | None = None) -> None:
        """Rewrite ``manifest.json`` atomically."""
        if status:
            self.data["status"] = status
        self.data["progress"] = self.progress()
        with open_output(str(self.path)) as out:
            json.dump(self.data, out, ensure_ascii=False, indent=1, sort_keys=True)
            out.write("\n")
