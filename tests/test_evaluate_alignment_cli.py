"""``transalign evaluate-alignment`` on hand-made bead files."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from transalign.cli import main

GOLD = "[0]:[0]\n[1, 2]:[1]\n[3]:[]\n\n[0]:[0, 1]\n[1]:[2]\n"


def _files(tmp_path: Path, gold: str, test: str) -> tuple[str, str]:
    g, t = tmp_path / "gold.txt", tmp_path / "test.txt"
    g.write_text(gold, encoding="utf-8")
    t.write_text(test, encoding="utf-8")
    return str(g), str(t)


# Counts worked out by hand from the data README's definition.
@pytest.mark.parametrize(("test", "strict", "lax"), [
    # identical to the gold: everything correct
    (GOLD, (5, 5, 4, 4), (5, 5, 4, 4)),
    # scores after the second colon are ignored
    ("[0]:[0]:0.9\n[1, 2]:[1]:0.5\n[3]:[]:-1\n\n[0]:[0, 1]:1\n[1]:[2]:1\n",
     (5, 5, 4, 4), (5, 5, 4, 4)),
    # split 2-1 into 1-1 + 1-0; drop the gold 1-0 into a 1-0 that matches exactly
    ("[0]:[0]\n[1]:[1]\n[2]:[]\n[3]:[]\n\n[0]:[0, 1]\n[1]:[2]\n",
     (4, 6, 3, 4), (5, 6, 4, 4)),
    # everything shifted: no hit at all; beads with an empty side never count laxly
    ("[0]:[1]\n[1, 2, 3]:[0]\n\n[0, 1]:[]\n[]:[0, 1, 2]\n", (0, 4, 0, 4), (0, 4, 0, 4)),
    # a 3-2 bead overlapping both gold beads of document 2: lax-correct only
    ("[0]:[0]\n[1, 2]:[1]\n[3]:[]\n\n[0, 1]:[0, 1, 2]\n", (3, 4, 2, 4), (4, 4, 4, 4)),
])
def test_text_and_json_counts(tmp_path, capsys, test, strict, lax):
    gold_path, test_path = _files(tmp_path, GOLD, test)
    assert main(["evaluate-alignment", "--gold", gold_path, "--test", test_path,
                 "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    for kind, (tp_p, n_test, tp_r, n_gold) in (("strict", strict), ("lax", lax)):
        r = report[kind]
        assert (r["tp_p"], r["n_test"], r["tp_r"], r["n_gold"]) == (tp_p, n_test, tp_r, n_gold)
        p, rec = tp_p / n_test, tp_r / n_gold  # n_test, n_gold > 0 in every case here
        assert r["precision"] == pytest.approx(p) and r["recall"] == pytest.approx(rec)
        assert r["f1"] == pytest.approx(2 * p * rec / (p + rec) if p + rec else 0.0)
    assert report["documents"] == 2 and report["gold_omissions"] == 1  # [3]:[]
    assert report["inputs"]["gold"]["sha256"] == hashlib.sha256(GOLD.encode()).hexdigest()

    assert main(["evaluate-alignment", "--gold", gold_path, "--test", test_path]) == 0
    text = capsys.readouterr().out
    strict_row = next(line for line in text.split("\n") if line.startswith("strict"))
    assert f"{strict[0]}/{strict[1]}" in strict_row
    assert f"{report['strict']['f1']:.4f}" in strict_row
    assert "recall leaves out the gold's 1 omission" in text


def test_output_file(tmp_path, capsys):
    gold_path, test_path = _files(tmp_path, GOLD, GOLD)
    out = tmp_path / "score.json"
    assert main(["evaluate-alignment", "-g", gold_path, "-t", test_path, "--format", "json",
                 "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert json.loads(out.read_text())["strict"]["f1"] == 1.0


@pytest.mark.parametrize(("gold", "test", "fragment"), [
    (GOLD, "[0]:[0]\n", "has 2 documents but"),
    (GOLD, "[0]:[0]\nnot a bead\n", "test.txt:2: not a bead"),
    ("", "[0]:[0]\n", "no gold beads"),
    (GOLD, None, "no such file"),
    (GOLD, b"\xff[0]:[0]\n", "invalid UTF-8"),
])
def test_errors_exit_2_with_one_line(tmp_path, capsys, gold, test, fragment):
    gold_path = tmp_path / "gold.txt"
    gold_path.write_text(gold, encoding="utf-8")
    test_path = tmp_path / "test.txt"
    if isinstance(test, bytes):
        test_path.write_bytes(test)
    elif test is not None:
        test_path.write_text(test, encoding="utf-8")
    assert main(["evaluate-alignment", "--gold", str(gold_path), "--test", str(test_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert fragment in err and "\n" not in err and "Traceback" not in err
