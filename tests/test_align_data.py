"""Regression floors on the shared alignment gold (skipped when ../shared/data is absent).

The full evaluation is ``scripts/eval_alignment.py``; these run two small Text+Berg
articles and a slice of Tom Sawyer in a second or two, so a change that breaks the
aligner on real data fails here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from transalign.align import align
from transalign.cli import main
from transalign.evaluate.alignment import read_beads, score_alignments

pytestmark = pytest.mark.shared

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))


def _textberg(shared: Path):
    import eval_alignment

    return eval_alignment.textberg(shared / "alignment", "test")


# (article, bridge?, strict F1 floor): floors a little under what the aligner scores now
CASES = [(2, True, 0.85), (4, True, 0.80), (2, False, 0.75), (4, False, 0.60)]


@pytest.mark.parametrize(("doc", "bridge", "floor"), CASES)
def test_textberg_articles(shared_data: Path, doc: int, bridge: bool, floor: float) -> None:
    src, tgt, mt, gold = _textberg(shared_data)[doc]
    test = align(src, tgt, bridge=mt if bridge else None)
    f1 = score_alignments([gold], [test])["strict"]["f1"]
    assert f1 >= floor


def test_tom_sawyer_slice(shared_data: Path) -> None:
    import eval_alignment

    src, tgt, gold = eval_alignment.tom_sawyer(shared_data / "alignment", "test")
    # the first 400 gold beads: cut both sides where those beads end
    gold = gold[:400]
    n = max(i for b in gold for i in b.src) + 1
    m = max(j for b in gold for j in b.tgt) + 1
    test = align(src[:n], tgt[:m])
    assert score_alignments([gold], [test])["strict"]["f1"] >= 0.85


def test_cli_with_file_bridge_on_textberg(shared_data: Path, tmp_path: Path, capsys) -> None:
    base = shared_data / "alignment" / "textberg_vecalign" / "bleualign_data"
    src, _, mt, _ = _textberg(shared_data)[4]
    bridge = tmp_path / "bridge.txt"
    bridge.write_text("\n".join(mt) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["align", str(base / "test4.de"), str(base / "test4.fr"), "--presegmented",
                 "--bridge", "file", "--src-translations", str(bridge), "--format", "jsonl",
                 "-o", str(out), "-q"]) == 0
    lines = out.read_text("utf-8").split("\n")[:-1]
    assert "manifest" in json.loads(lines[0])
    from transalign.records import Bead

    test = [Bead(tuple(r["src_ids"]), tuple(r["tgt_ids"]))
            for r in map(json.loads, lines[1:])]
    gold = read_beads(base / "test4.defr")
    assert score_alignments(gold, [test])["strict"]["f1"] >= 0.80
    assert sum(len(b.src) for b in test) == len(src)
