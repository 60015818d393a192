"""`make demo` (scripts/demo.sh): the whole pipeline on the examples, each step's output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_demo_runs_every_step_and_echoes_each_command(tiny_model: Path, tmp_path: Path) -> None:
    out = tmp_path / "demo"
    env = {**os.environ, "MODEL": str(tiny_model), "OUT": str(out),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(["bash", str(ROOT / "scripts" / "demo.sh")], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    echoed = [line.split("$ ", 1)[1] for line in done.stderr.splitlines() if "$ transalign" in line]
    assert [c.split()[1] for c in echoed] == [
        "translate", "translate", "segment", "align", "export", "export", "evaluate"]
    assert (out / "article.mt.en.txt").read_text().count("\n") == \
        (ROOT / "examples" / "article.de.txt").read_text().count("\n")
    beads = [json.loads(x) for x in (out / "beads.jsonl").read_text().splitlines()[1:]]
    assert beads and all("src_ids" in b for b in beads)
    assert (out / "corpus.tmx").read_text().startswith("<?xml")
    de, en = ((out / f"corpus.de-en.{x}").read_text().splitlines() for x in ("de", "en"))
    assert len(de) == len(en) > 0
    assert "BLEU" in done.stdout
