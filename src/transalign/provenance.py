"""How an output was made: one shape for every manifest and report the tool writes.

Every JSONL manifest line, JSON report and job manifest has the same four keys (a JSONL
manifest line and a job manifest are written with their keys sorted, a JSON report in
this order)::

    {"tool": {"name": "transalign", "version": "0.1.0"},
     "command": "align",
     "settings": {...},      # what decides the output (model, beams, bridge, metrics, …)
     "inputs": [...],        # what it was made from (paths, hashes, counts)
     ...}                    # then what is particular to the output (format, fields, …)

Like sacrebleu's signatures: enough to tell two outputs apart and to make one again. No
timestamps, so the same input and settings give a byte-identical file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from .records import Document

__all__ = ["TOOL", "documents_sha256", "provenance"]

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


def documents_sha256(documents: Iterable[Document]) -> str:
    """The sha256 of the documents read (ids and texts), whatever the file format."""
    digest = hashlib.sha256()
    for doc in documents:
        digest.update(doc.id.encode("utf-8", "surrogatepass") + b"\0"
                      + doc.text.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()
