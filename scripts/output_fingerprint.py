#!/usr/bin/env python
"""Fingerprints of transalign's outputs on the examples, to show a refactor changed none.

Runs ``translate`` (text, jsonl), ``segment``, ``align`` (beads, jsonl; bridges none and
model; soft and hard paragraphs) and ``batch`` on ``examples/`` with a given model, and
prints one ``sha256  name`` line per output. Manifest lines (provenance: versions, paths,
hashes of the code) are left out of the hash, since they say how an output was made
rather than what it is; everything else must match byte for byte.

    python scripts/output_fingerprint.py --model models/tiny > after.txt
    PYTHONPATH=/path/to/old/checkout/src python scripts/output_fingerprint.py \\
        --model models/tiny > before.txt
    diff before.txt after.txt
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _content(path: Path) -> bytes:
    """The file without its manifest lines (JSONL ``{"manifest": …}``) and manifest.json."""
    if path.name == "manifest.json":
        return b""
    lines = path.read_bytes().split(b"\n")
    return b"\n".join(x for x in lines if not x.startswith(b'{"manifest":'))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", required=True, help="local Marian checkpoint")
    args = parser.parse_args()
    model = str(Path(args.model).resolve())
    de, en = str(ROOT / "examples" / "article.de.txt"), str(ROOT / "examples" / "article.en.txt")
    tmp = Path(tempfile.mkdtemp(prefix="fp"))
    jobs_in = tmp / "docs.jsonl"
    text_de = Path(de).read_text(encoding="utf-8")
    text_en = Path(en).read_text(encoding="utf-8")
    jobs_in.write_text("".join(json.dumps({"id": f"d{i}", "text": text_de, "reference": text_en},
                                          ensure_ascii=False) + "\n" for i in range(3)),
                       encoding="utf-8")
    m = ["--model", model]
    runs = {
        "translate.txt": ["translate", de, *m],
        "translate.jsonl": ["translate", de, *m, "--format", "jsonl"],
        "translate-greedy.jsonl": ["translate", de, *m, "--format", "jsonl", "--beams", "1"],
        "segment.txt": ["segment", de],
        "segment.jsonl": ["segment", de, "--format", "jsonl"],
        "align-none.beads": ["align", de, en, "--bridge", "none"],
        "align-none-hard.jsonl": ["align", de, en, "--bridge", "none", "--paragraphs", "hard",
                                  "--format", "jsonl"],
        "align-model.jsonl": ["align", de, en, *m, "--format", "jsonl"],
        "align-model-tsv.tsv": ["align", de, en, *m, "--format", "tsv"],
    }
    for name, argv in runs.items():
        out = tmp / name
        subprocess.run([sys.executable, "-m", "transalign", *argv, "-q", "-o", str(out)],
                       check=True)
    subprocess.run([sys.executable, "-m", "transalign", "batch", "--input", str(jobs_in),
                    "--output", str(tmp / "batch"), *m, "-q"], check=True)
    outputs = sorted(p for p in tmp.rglob("*") if p.is_file() and p != jobs_in
                     and "shards" not in p.parts)
    for path in outputs:
        digest = hashlib.sha256(_content(path)).hexdigest()
        print(f"{digest}  {path.relative_to(tmp)}")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
