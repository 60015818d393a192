"""The alignment scorer (strict/lax P/R/F1 as ../shared/data/README.md defines it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from transalign.errors import InputError
from transalign.evaluate.alignment import read_beads, score_alignments
from transalign.records import Bead


def beads(*specs: str) -> list[Bead]:
    return [Bead.parse(s) for s in specs]


GOLD = beads("[0]:[0]", "[1, 2]:[1]", "[3]:[]", "[4]:[2, 3]", "[]:[4]", "[5]:[5]")

# (name, gold docs, test docs, strict (tp_p, n_test, tp_r, n_gold), lax (tp_p, tp_r))
CASES = [
    ("perfect", [GOLD], [GOLD], (6, 6, 4, 4), (6, 4)),
    ("empty-side beads count in precision only",
     [GOLD], [beads("[0]:[0]", "[1, 2]:[1]", "[3]:[2, 3]", "[4]:[4]", "[5]:[5]")],
     (3, 5, 3, 4), (3, 3)),
    # [1]:[1] and [2]:[] against gold [1, 2]:[1]: the 1-1 is lax-correct, the 1-0 is not
    ("split merge is lax only",
     [GOLD], [beads("[0]:[0]", "[1]:[1]", "[2]:[]", "[3]:[]", "[4]:[2, 3]", "[]:[4]",
                    "[5]:[5]")],
     (5, 7, 3, 4), (6, 4)),
    ("wrong empty-side bead", [beads("[0]:[]", "[1]:[0]")], [beads("[]:[0]", "[0, 1]:[]")],
     (0, 2, 0, 1), (0, 0)),
    ("duplicates are counted once", [beads("[0]:[0]")], [beads("[0]:[0]", "[0]:[0]")],
     (1, 1, 1, 1), (1, 1)),
    # test [0,1]:[0,1] overlaps gold [0]:[0] and [1]:[1]: lax for precision, and both gold
    # beads are lax-recalled by it
    ("lax needs one gold bead sharing both sides", [beads("[0]:[0]", "[1]:[1]", "[2]:[2]")],
     [beads("[0, 1]:[0, 1]", "[2]:[2]")], (1, 2, 1, 3), (2, 3)),
    ("source overlap alone is not lax", [beads("[0]:[1]", "[1]:[0]")],
     [beads("[0]:[0]", "[1]:[1]")], (0, 2, 0, 2), (0, 0)),
    ("no documents", [], [], (0, 0, 0, 0), (0, 0)),
    ("empty documents", [[], []], [[], []], (0, 0, 0, 0), (0, 0)),
    ("only empty-side gold", [beads("[]:[0]")], [beads("[]:[0]")], (1, 1, 0, 0), (1, 0)),
    ("sums over documents before dividing",
     [beads("[0]:[0]"), beads("[0]:[0]", "[1]:[1]", "[2]:[2]")],
     [beads("[0]:[0]"), beads("[0]:[1]", "[1]:[0]", "[2]:[2]")], (2, 4, 2, 4), (2, 2)),
]


@pytest.mark.parametrize(("name", "gold", "test", "strict", "lax"), CASES,
                         ids=[c[0] for c in CASES])
def test_counts(name: str, gold, test, strict, lax) -> None:
    res = score_alignments(gold, test)
    s, lx = res["strict"], res["lax"]
    assert (s["tp_p"], s["n_test"], s["tp_r"], s["n_gold"]) == strict
    assert (lx["tp_p"], lx["n_test"], lx["tp_r"], lx["n_gold"]) == (lax[0], strict[1], lax[1],
                                                                    strict[3])
    assert res["documents"] == len(gold)


@pytest.mark.parametrize(("tp_p", "n_test", "tp_r", "n_gold", "p", "r", "f1"), [
    (3, 4, 2, 4, 0.75, 0.5, 0.6),
    (0, 0, 0, 0, 0.0, 0.0, 0.0),  # 0/0 is 0, F1 of 0 and 0 is 0
    (0, 3, 0, 2, 0.0, 0.0, 0.0),
    (2, 2, 2, 2, 1.0, 1.0, 1.0),
])
def test_ratios_and_zero_policy(tp_p, n_test, tp_r, n_gold, p, r, f1) -> None:
    from transalign.evaluate.alignment import _prf

    out = _prf(tp_p, n_test, tp_r, n_gold)
    assert out["precision"] == pytest.approx(p)
    assert out["recall"] == pytest.approx(r)
    assert out["f1"] == pytest.approx(f1)


def test_scores_of_test_beads_are_ignored() -> None:
    gold = [beads("[0]:[0]", "[1]:[1]")]
    test = [[Bead((0,), (0,), 0.1), Bead((1,), (1,), -5.0)]]
    assert score_alignments(gold, test)["strict"]["f1"] == 1.0


def test_different_document_counts_raise() -> None:
    with pytest.raises(InputError, match="gold has 1 document but test has 2"):
        score_alignments([GOLD], [GOLD, GOLD])


@pytest.mark.parametrize(("text", "expected"), [
    ("", []),
    ("\n\n", []),
    ("[0]:[0]\n[1]:[1, 2]\n", [["[0]:[0]", "[1]:[1, 2]"]]),
    ("[0]:[0]:0.5\n\n[]:[0]\n[0]:[]\n", [["[0]:[0]"], ["[]:[0]", "[0]:[]"]]),
    ("[0]:[0]\n\n\n\n[0]:[0]", [["[0]:[0]"], ["[0]:[0]"]]),
    ("[0,1]:[2]\r\n", [["[0, 1]:[2]"]]),
])
def test_read_beads(tmp_path: Path, text: str, expected: list[list[str]]) -> None:
    path = tmp_path / "beads.txt"
    path.write_bytes(text.encode("utf-8"))
    docs = read_beads(path)
    assert [[b.format(with_score=False) for b in d] for d in docs] == expected


@pytest.mark.parametrize(("text", "match"), [
    ("[0]:[0]\nnot a bead\n", r"beads.txt:2: not a bead"),
    ("[0]:[x]\n", r"beads.txt:1:"),
])
def test_read_beads_rejects_bad_lines(tmp_path: Path, text: str, match: str) -> None:
    path = tmp_path / "beads.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=match):
        read_beads(path)


def test_read_beads_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_beads(tmp_path / "nope.txt")


@pytest.mark.shared
def test_textberg_gold_scores_itself_perfectly(shared_data: Path) -> None:
    base = shared_data / "alignment" / "textberg_vecalign" / "bleualign_data"
    gold = [read_beads(base / f"test{k}.defr")[0] for k in range(7)]
    res = score_alignments(gold, gold)
    assert res["strict"]["f1"] == 1.0
    assert res["strict"]["n_gold"] == sum(1 for d in gold for b in d if b.src and b.tgt)


@pytest.mark.parametrize(("line", "message"), [
    ("[]:[]", "at least one side"),
    ("[0]:[2, 2]", "repeats"),
])
def test_bead_file_refuses_empty_beads_and_repeated_ids(tmp_path: Path, line: str,
                                                     message: str) -> None:
    path = tmp_path / "t.beads"
    path.write_text(f"[0]:[0]\n{line}\n", encoding="utf-8")
    with pytest.raises(InputError, match=f"t.beads:2: .*{message}"):
        read_beads(path)


def test_bead_ids_are_a_set_in_any_order(tmp_path: Path) -> None:
    gold, test = tmp_path / "g.beads", tmp_path / "t.beads"
    gold.write_text("[1, 0]:[0]\n[2]:[2, 1]\n", encoding="utf-8")
    test.write_text("[0, 1]:[0]\n[2]:[1, 2]\n", encoding="utf-8")
    assert read_beads(gold) == read_beads(test)
    assert score_alignments(read_beads(gold), read_beads(test))["strict"]["f1"] == 1.0


def test_eval_script_shows_sampled_disagreements() -> None:
    """``eval_alignment.py --disagreements``: each missed gold bead (both sides non-empty)
    with the gold and test beads touching it and their sentences; beads found, and gold
    omissions, are never shown; the sample is reproducible and capped at what was missed."""
    from conftest import _load_script

    script = _load_script("eval_alignment")
    src = [f"s{i}" for i in range(6)]
    tgt = [f"t{j}" for j in range(6)]
    test = beads("[0]:[0]", "[1]:[1]", "[2]:[]", "[3]:[]", "[4]:[2, 3]", "[]:[4]", "[5]:[5]")
    pairs = [(src, tgt, GOLD, test)]
    lines = script.disagreements(pairs, 5, seed=0)
    assert lines == [
        "1 gold beads missed",
        "#0 doc 0  gold [((1, 2), (1,))]  ours [((1,), (1,)), ((2,), ())]",
        "    S 1 s1",
        "    S 2 s2",
        "    T 1 t1",
    ]
    # two documents: both missed beads, the same sample for the same seed
    other = beads("[0]:[0, 1]", "[1, 2]:[2]")
    pairs.append((src, tgt, beads("[0]:[0]", "[1]:[1, 2]", "[2]:[]"), other))
    two = script.disagreements(pairs, 5, seed=3)
    assert two[0] == "3 gold beads missed"
    assert sorted(line.split("  ")[1] for line in two if line.startswith("#")) == [
        "gold [((0,), (0,)), ((1,), (1, 2)), ((2,), ())]",  # missed [1]:[1, 2]
        "gold [((0,), (0,)), ((1,), (1, 2))]",  # missed [0]:[0], ours [0]:[0, 1]
        "gold [((1, 2), (1,))]"]
    assert two == script.disagreements(pairs, 5, seed=3)
    assert len([x for x in script.disagreements(pairs, 1, seed=3) if x.startswith("#")]) == 1
