"""How an output was made: one shape for every manifest and report the tool writes.

Every JSONL manifest line, JSON report and job manifest starts with the same four keys::

    {"tool": {"name": "transalign", "version": "0.1.0"},
     "command": "align",
     "settings": {...},      # what decides the output (model, beams, bridge, metrics, …)
     "inputs": [...],        # what it was made from (paths, hashes, counts)
     ...}                    # then what is particular to the output (format, fields, …)

Like sacrebleu's signatures: enough to tell two outputs apart and to make one again. No
timestamps, so the same input and settings give a byte-identical file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ._version import __version__

__all__ = ["TOOL", "provenance"]

TOOL = {"name": "transalign", "version": __version__}


def provenance(command: str, *, settings: Mapping[str, Any] | None = None,
               inputs: Sequence[Any] | Mapping[str, Any] = (), **details: Any) -> dict[str, Any]:
    """The provenance of an output of ``command``.

    Args:
        command: The subcommand (``translate``, ``align``, ``export``, …).
        settings: What decides the output.
        inputs: What it was made from: a list of ``{"path", "sha256", …}``, or a mapping
            by role (``{"hypotheses": [...], "references": [...]}``).
        **details: Keys particular to this output, after the four common ones.
    """
    return {"tool": dict(TOOL), "command": command, "settings": dict(settings or {}),
            "inputs": dict(inputs) if isinstance(inputs, Mapping) else list(inputs),
            **details}
