"""One set of CLI conventions across the subcommands , end to end.

Data on stdout unless ``-o``; ``-o FILE`` replaces a file atomically but never an input;
``evaluate REF... < HYP`` as sacrebleu; errors that name the next step; document ids in
``segment`` text output; counts with the right plural; ``-q`` next to ``-o``.
"""

from __future__ import annotations

import io
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from transalign.cli import COMMANDS, main
from transalign.evaluate.report import display_names
from transalign.text import plural

FIXTURES = Path(__file__).parent / "fixtures" / "align"
DE_DOC, EN_DOC = FIXTURES / "article.de.txt", FIXTURES / "article.en.txt"
GOLD = FIXTURES / "article.gold"

ALIGN_JSONL = [
    {"manifest": {"command": "align", "bridge": "none"}},
    {"doc_id": "a1", "src_ids": [0], "tgt_ids": [0], "src": "Guten Tag.", "tgt": "Good day.",
     "score": 0.82, "type": "1-1"},
    {"doc_id": "a1", "src_ids": [1, 2], "tgt_ids": [1], "src": "Es war kalt. Sehr kalt.",
     "tgt": "It was very cold.", "score": 0.61, "type": "2-1"},
    {"doc_id": "a1", "src_ids": [3], "tgt_ids": [2], "src": "Berlin liegt an der Spree.",
     "tgt": "Berlin lies on the Spree.", "score": 0.7, "type": "1-1"},
]
HYPS = ["The committee approved the new budget on Tuesday.",
        "Prices for energy rose by three percent last month.",
        "Nobody expected such a result."]
HYP2 = ["The committee has approved the budget on Tuesday.",
        "Energy prices rose by three percent in the last month.",
        "Nobody expected this result."]
REF_A = ["On Tuesday the committee approved the new budget.",
         "Energy prices went up by three per cent last month.",
         "No one had expected such an outcome."]
REF_B = ["The committee passed the new budget on Tuesday.",
         "Last month, energy prices rose three percent.",
         "Nobody expected a result like this."]


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:  # argparse's own usage errors
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def lines_file(path: Path, lines: list[str]) -> Path:
    return write(path, "\n".join(lines) + "\n")


def jsonl_file(path: Path, records: list[dict]) -> Path:
    return write(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))


def set_stdin(monkeypatch: pytest.MonkeyPatch, data: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode()),
                                                       encoding="utf-8"))


def one_error_line(err: str) -> str:
    assert err.startswith("transalign: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


# --- 1. data on stdout by default ------------------------------------------------------

@pytest.mark.parametrize("fmt", ["tmx", "tsv", "jsonl", "hf"])
def test_export_writes_single_stream_formats_to_stdout_without_o(
        tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    src = jsonl_file(tmp_path / "align.jsonl", ALIGN_JSONL)
    code, stdout, err = run(capsys, "export", src, "--format", fmt)
    assert code == 0, err
    assert "(" + fmt + ": stdout)" in err  # the summary stays on stderr
    out = tmp_path / f"out.{fmt}"
    code, to_file, err = run(capsys, "export", src, "--format", fmt, "-o", out)
    assert code == 0, err
    assert to_file == ""
    assert stdout == out.read_text(encoding="utf-8") != ""


@pytest.mark.parametrize("argv", [[], ["--rejected", "REJ"]])
def test_export_moses_without_o_is_a_one_line_usage_error(
        tmp_path: Path, argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    src = jsonl_file(tmp_path / "align.jsonl", ALIGN_JSONL)
    argv = [str(tmp_path / "rej.jsonl") if a == "REJ" else a for a in argv]
    code, stdout, err = run(capsys, "export", src, "--format", "moses", *argv)
    assert (code, stdout) == (2, "")
    assert "--format moses writes three files" in one_error_line(err)
    assert "give -o PREFIX" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["align.jsonl"]


# --- 2. one overwrite policy for -o ----------------------------------------------------

# (id, builder of argv without -o: (tmp_path, tiny_model, fast_config) -> (argv, inputs))
Builder = Callable[[Path, Path, Path], tuple[list[object], list[Path]]]


def _translate(tmp: Path, model: Path, config: Path) -> tuple[list[object], list[Path]]:
    src = write(tmp / "in.de.txt", "Guten Tag.\n\nWie geht es?\n")
    return ["translate", src, "--model", model, "--config", config, "-q"], [src]


def _segment(tmp: Path, model: Path, config: Path) -> tuple[list[object], list[Path]]:
    src = write(tmp / "in.de.txt", "Erster Satz. Zweiter Satz.\n")
    return ["segment", src], [src]


def _align(tmp: Path, model: Path, config: Path) -> tuple[list[object], list[Path]]:
    de = write(tmp / "in.de.txt", DE_DOC.read_text(encoding="utf-8"))
    en = write(tmp / "in.en.txt", EN_DOC.read_text(encoding="utf-8"))
    return ["align", de, en, "--bridge", "none"], [de, en]


def _evaluate(tmp: Path, model: Path, config: Path) -> tuple[list[object], list[Path]]:
    hyp, ref = lines_file(tmp / "hyp.en", HYPS), lines_file(tmp / "ref.en", REF_A)
    return ["evaluate", "--hyp", hyp, "--ref", ref, "--metrics", "bleu"], [hyp, ref]


def _evaluate_alignment(tmp: Path, model: Path, config: Path) -> tuple[list[object], list[Path]]:
    gold = write(tmp / "gold.txt", GOLD.read_text(encoding="utf-8"))
    test = write(tmp / "test.txt", "[0]:[0]\n[1]:[1]\n")
    return ["evaluate-alignment", "--gold", gold, "--test", test], [gold, test]


def _export(tmp: Path, model: Path, config: Path) -> tuple[list[object], list[Path]]:
    src = jsonl_file(tmp / "align.jsonl", ALIGN_JSONL)
    return ["export", src, "--format", "tsv", "-q"], [src]


COMMANDS_WITH_O: list[tuple[str, Builder]] = [
    ("translate", _translate), ("segment", _segment), ("align", _align),
    ("evaluate", _evaluate), ("evaluate-alignment", _evaluate_alignment), ("export", _export),
]


@pytest.fixture
def model_args(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, Path]:
    """The tiny model and fast config for translate; placeholders for the others."""
    if request.node.callspec.params["build"] is _translate:
        return request.getfixturevalue("tiny_model"), request.getfixturevalue("fast_config")
    return tmp_path / "no-model", tmp_path / "no-config"


@pytest.mark.parametrize("build", [b for _, b in COMMANDS_WITH_O],
                         ids=[name for name, _ in COMMANDS_WITH_O])
def test_o_replaces_an_existing_file_atomically(
        tmp_path: Path, build: Builder, model_args: tuple[Path, Path],
        capsys: pytest.CaptureFixture[str]) -> None:
    argv, _ = build(tmp_path, *model_args)
    code, stdout, err = run(capsys, *argv)
    assert code == 0, err
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = write(out_dir / "result", "old content that must go\n")
    code, to_stdout, err = run(capsys, *argv, "-o", out)
    assert code == 0, err
    assert to_stdout == ""
    assert out.read_text(encoding="utf-8") == stdout  # replaced by exactly the data
    assert [p.name for p in out_dir.iterdir()] == ["result"]  # no temporary left behind


@pytest.mark.parametrize("which", [0, -1], ids=["first-input", "last-input"])
@pytest.mark.parametrize("build", [b for _, b in COMMANDS_WITH_O],
                         ids=[name for name, _ in COMMANDS_WITH_O])
def test_o_refuses_to_replace_an_input(
        tmp_path: Path, build: Builder, which: int, capsys: pytest.CaptureFixture[str]) -> None:
    # (no model needed: the refusal comes before any work, translate's model included)
    argv, inputs = build(tmp_path, tmp_path / "no-model", tmp_path / "no-config")
    victim = inputs[which]
    before = victim.read_bytes()
    code, stdout, err = run(capsys, *argv, "-o", victim)
    assert (code, stdout) == (2, "")
    assert f"{victim}: is also an input" in one_error_line(err)
    assert victim.read_bytes() == before


# --- 3. evaluate REF... < HYP ----------------------------------------------------------

EVALUATE_STDIN_CASES = [
    # (id, hypothesis lines, argv with stdin as hypothesis, the same with --hyp/--ref)
    ("one-ref", HYPS, ["{ref_a}"], ["--hyp", "{hyp}", "--ref", "{ref_a}"]),
    ("two-refs", HYPS, ["{ref_a}", "{ref_b}"],
     ["--hyp", "{hyp}", "--ref", "{ref_a}", "--ref", "{ref_b}"]),
    ("positional-and-ref-add-up", HYPS, ["{ref_a}", "--ref", "{ref_b}"],
     ["--hyp", "{hyp}", "--ref", "{ref_a}", "--ref", "{ref_b}"]),
    ("other-system", HYP2, ["{ref_b}", "--metrics", "chrf++,ter"],
     ["--hyp", "{hyp}", "--ref", "{ref_b}", "--metrics", "chrf++,ter"]),
]


@pytest.mark.parametrize(("hyps", "stdin_argv", "file_argv"),
                         [c[1:] for c in EVALUATE_STDIN_CASES],
                         ids=[c[0] for c in EVALUATE_STDIN_CASES])
def test_evaluate_ref_with_hyp_on_stdin_equals_hyp_and_ref_flags(
        tmp_path: Path, hyps: list[str], stdin_argv: list[str], file_argv: list[str],
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    paths = {"hyp": str(lines_file(tmp_path / "hyp.en", hyps)),
             "ref_a": str(lines_file(tmp_path / "ref.a.en", REF_A)),
             "ref_b": str(lines_file(tmp_path / "ref.b.en", REF_B))}
    set_stdin(monkeypatch, "\n".join(hyps) + "\n")
    code, out, err = run(capsys, "evaluate", *(a.format(**paths) for a in stdin_argv),
                         "--format", "json")
    assert code == 0, err
    from_stdin = json.loads(out)
    code, out, err = run(capsys, "evaluate", *(a.format(**paths) for a in file_argv),
                         "--format", "json")
    assert code == 0, err
    from_files = json.loads(out)
    assert from_stdin["systems"][0]["scores"] == from_files["systems"][0]["scores"]
    assert from_stdin["inputs"]["references"] == from_files["inputs"]["references"]
    assert from_stdin["inputs"]["hypotheses"][0]["path"] == "-"
    assert from_stdin["inputs"]["hypotheses"][0]["sha256"] == \
        from_files["inputs"]["hypotheses"][0]["sha256"]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("argv", "stdin", "fragment"), [
    (["--hyp", "{hyp}"], "", "no reference given"),
    ([], "", "no reference given"),
    (["{ref_a}"], "tty", "no hypothesis given: pipe it on stdin"),
    (["-"], "x\n", "a reference is read from stdin (-); give the hypothesis with --hyp"),
    (["{ref_a}", "--documents"], "x\n", "--documents reads files, not stdin"),
    (["{ref_a}", "{ref_b}", "--hyp", "{hyp}", "--documents"], "", "exactly one --ref (or REF)"),
])
def test_evaluate_reference_and_hypothesis_errors(
        tmp_path: Path, argv: list[str], stdin: str, fragment: str,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    paths = {"hyp": str(lines_file(tmp_path / "hyp.en", HYPS)),
             "ref_a": str(lines_file(tmp_path / "ref.a.en", REF_A)),
             "ref_b": str(lines_file(tmp_path / "ref.b.en", REF_B))}
    if stdin == "tty":
        monkeypatch.setattr(sys, "stdin", _Terminal())
    else:
        set_stdin(monkeypatch, stdin)
    code, stdout, err = run(capsys, "evaluate", *(a.format(**paths) for a in argv))
    assert (code, stdout) == (2, "")
    assert fragment in one_error_line(err)


# --- 3b. system names in the text table -------------------------------------------------

NAME_CASES = [
    # (id, hypothesis paths (relative to tmp; "-" is stdin), names in the table)
    ("basename", ["runs/exp1/hyp.en"], ["hyp.en"]),
    ("stdin", ["-"], ["stdin"]),
    ("distinct-basenames", ["a/online-b.en", "b/promt.en"], ["online-b.en", "promt.en"]),
    ("shared-basename", ["sys1/out/hyp.en", "sys2/out/hyp.en"], ["sys1/out/hyp.en",
                                                                  "sys2/out/hyp.en"]),
    ("shared-basename-short", ["x/a/hyp.en", "x/b/hyp.en", "x/b/other.en"],
     ["a/hyp.en", "b/hyp.en", "other.en"]),
    ("stdin-and-file", ["-", "dir/hyp.en"], ["stdin", "hyp.en"]),
]


def _table_names(text: str) -> list[str]:
    """The first column of the table (rows after the dashes, up to the empty line)."""
    rows = text.split("\n")
    start = next(i for i, line in enumerate(rows) if line.startswith("---")) + 1
    end = rows.index("", start)
    return [re.split(r"\s{2,}", row)[0] for row in rows[start:end]]


@pytest.mark.parametrize(("hyps", "names", "paired"), [
    (*c[1:], paired) for c in NAME_CASES for paired in (False, True)
    if not paired or len(c[1]) > 1],  # a paired test needs two systems
    ids=[f"{c[0]}-{kind}" for c in NAME_CASES for kind in ("table", "paired-test")
         if kind == "table" or len(c[1]) > 1])
def test_text_table_names_systems_by_file_name_json_keeps_paths(
        tmp_path: Path, hyps: list[str], names: list[str], paired: bool,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    for k, path in enumerate(hyps):
        if path != "-":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            lines_file(Path(path), HYPS if k % 2 == 0 else HYP2)
    set_stdin(monkeypatch, "\n".join(HYPS) + "\n")
    ref = str(lines_file(tmp_path / "ref.en", REF_A))
    argv = ["evaluate", ref, *(x for h in hyps for x in ("--hyp", h)), "--metrics", "bleu"]
    if paired:
        argv += ["--paired", "bs", "--paired-n", "20"]
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    expected = [f"Baseline: {names[0]}", *names[1:]] if paired else names
    assert _table_names(out) == expected
    set_stdin(monkeypatch, "\n".join(HYPS) + "\n")  # (read once above)
    code, out, err = run(capsys, *argv, "--format", "json")
    assert code == 0, err
    assert [s["system"] for s in json.loads(out)["systems"]] == hyps


@pytest.mark.parametrize(("paths", "names"), [
    (["a/x.en"], ["x.en"]),
    (["a/b/x.en", "c/b/x.en"], ["a/b/x.en", "c/b/x.en"]),
    (["b/x.en", "a/b/x.en"], ["b/x.en", "a/b/x.en"]),  # one is a suffix of the other
    (["/abs/p/x.en", "rel/q/x.en"], ["p/x.en", "q/x.en"]),
    (["a/x.en", "/t/a/x.en"], ["a/x.en", "t/a/x.en"]),  # a/x.en: none shorter is distinct
    (["-", "stdin"], ["-", "stdin"]),  # a file called stdin: as given
])
def test_display_names(paths: list[str], names: list[str]) -> None:
    assert list(display_names(paths).values()) == names


# --- 4. errors that name the next step ---------------------------------------------------

@pytest.mark.parametrize("model", [
    ["--model", "{tmp}/no-such-model-dir"],
    ["--model", "Someone/not-in-the-cache"],
    [],  # the default hub model, not in the (private, offline) cache
], ids=["missing-dir", "hub-id-offline", "default-model-offline"])
def test_align_without_a_model_suggests_bridge_none(
        tmp_path: Path, model: list[str], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # never the network
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    started = time.perf_counter()
    code, stdout, err = run(capsys, "align", DE_DOC, EN_DOC,
                            *(m.format(tmp=tmp_path) for m in model))
    assert time.perf_counter() - started < 30  # fails fast
    assert (code, stdout) == (2, "")
    line = one_error_line(err)
    assert line.rstrip().endswith("or align without machine translation: --bridge none")
    # and --bridge none indeed aligns without a model
    code, stdout, err = run(capsys, "align", DE_DOC, EN_DOC, "--bridge", "none",
                            *(m.format(tmp=tmp_path) for m in model))
    assert code == 0, err
    assert stdout.count("\n") > 3


READS = ("`transalign translate --format jsonl`", "`transalign align --format jsonl`",
         "`transalign export --format jsonl`")


@pytest.mark.parametrize(("content", "fragment"), [
    ("[0]:[0]:0.500000\n[1, 2]:[1]:0.250000\n", ":1: this is a bead file (`align --format "
     "beads`), which has no sentence text"),
    ("\n[0]:[0]\n[1]:[]\n", ":2: this is a bead file"),
    ("Guten Tag. Das ist ein Artikel.\n", ":1: not JSONL (invalid JSON on the first line)"),
    ("2024 war ein gutes Jahr.\n", ":1: not JSONL (invalid JSON on the first line)"),
], ids=["beads", "beads-after-blank-line", "plain-text", "text-starting-with-a-number"])
def test_export_names_what_it_reads_for_beads_and_plain_text(
        tmp_path: Path, content: str, fragment: str, capsys: pytest.CaptureFixture[str]) -> None:
    src = write(tmp_path / "input.txt", content)
    code, stdout, err = run(capsys, "export", src, "--format", "tsv")
    assert (code, stdout) == (2, "")
    line = one_error_line(err)
    assert f"{src}{fragment}" in line
    assert all(source in line for source in READS)
    assert "Extra data" not in line


def test_export_of_real_align_beads_output_names_the_jsonl(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    beads = tmp_path / "beads.txt"
    code, _, err = run(capsys, "align", DE_DOC, EN_DOC, "--bridge", "none", "-o", beads)
    assert code == 0, err
    code, _, err = run(capsys, "export", beads, "--format", "tmx")
    assert code == 2
    assert "this is a bead file" in one_error_line(err) and READS[1] in err


# --- 4b. evaluate-alignment reads align --format jsonl -------------------------------------

def _align_both(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                *argv: object) -> tuple[Path, Path]:
    beads, jsonl = tmp_path / "out.beads", tmp_path / "out.jsonl"
    for fmt, out in (("beads", beads), ("jsonl", jsonl)):
        code, _, err = run(capsys, "align", *argv, "--format", fmt, "-o", out)
        assert code == 0, err
    return beads, jsonl


def _score(capsys: pytest.CaptureFixture[str], gold: Path, test: Path) -> dict:
    code, out, err = run(capsys, "evaluate-alignment", "--gold", gold, "--test", test,
                         "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    return {k: report[k] for k in ("strict", "lax", "documents")}


def _two_documents(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Two JSONL documents for align, and their gold beads (documents split by a blank)."""
    de_text, en_text = DE_DOC.read_text(encoding="utf-8"), EN_DOC.read_text(encoding="utf-8")
    de = jsonl_file(tmp_path / "de.jsonl", [
        {"id": "short", "text": "Er kam am Montag. Er ging am Dienstag wieder."},
        {"id": "article", "text": de_text}])
    en = jsonl_file(tmp_path / "en.jsonl", [
        {"id": "short", "text": "He came on Monday. He left again on Tuesday."},
        {"id": "article", "text": en_text}])
    gold = write(tmp_path / "gold.txt", "[0]:[0]\n[1]:[1]\n\n" + GOLD.read_text("utf-8"))
    return de, en, gold


@pytest.mark.parametrize("documents", ["one", "two"])
@pytest.mark.parametrize("bridge", [["--bridge", "none"],
                                    ["--bridge", "file", "--src-translations", "BRIDGE"]])
def test_evaluate_alignment_of_align_jsonl_equals_that_of_its_beads(
        tmp_path: Path, documents: str, bridge: list[str],
        capsys: pytest.CaptureFixture[str]) -> None:
    if documents == "one":
        de, en, gold = DE_DOC, EN_DOC, GOLD
        translations = FIXTURES / "article.bridge.txt"
    else:
        de, en, gold = _two_documents(tmp_path)
        translations = write(tmp_path / "bridge.txt", "He came on Monday.\nHe left again on "
                             "Tuesday.\n" + (FIXTURES / "article.bridge.txt").read_text("utf-8"))
    argv = [de, en, *(str(translations) if a == "BRIDGE" else a for a in bridge)]
    beads, jsonl = _align_both(tmp_path, capsys, *argv)
    from_beads = _score(capsys, gold, beads)
    assert from_beads["documents"] == (1 if documents == "one" else 2)
    assert _score(capsys, gold, jsonl) == from_beads
    # as gold too: the JSONL and the bead file are the same alignment
    assert _score(capsys, jsonl, beads)["strict"]["f1"] == 1.0
    assert _score(capsys, beads, jsonl)["strict"]["f1"] == 1.0


@pytest.mark.parametrize(("records", "beads"), [
    # documents grouped by doc_id in the order of their first record
    ([("a", [0], [0]), ("b", [0], [0, 1]), ("a", [1], [1])],
     "[0]:[0]\n[1]:[1]\n\n[0]:[0, 1]\n"),
    ([("x", [0, 1], [0]), ("x", [], [1]), ("x", [2], [])], "[0, 1]:[0]\n[]:[1]\n[2]:[]\n"),
])
def test_evaluate_alignment_groups_jsonl_beads_by_doc_id(
        tmp_path: Path, records: list[tuple[str, list[int], list[int]]], beads: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    jsonl = jsonl_file(tmp_path / "test.jsonl", [
        {"manifest": {"tool": "transalign align"}},
        *({"doc_id": d, "src_ids": s, "tgt_ids": t, "src": "", "tgt": "", "score": 0.5,
           "type": f"{len(s)}-{len(t)}"} for d, s, t in records)])
    gold = write(tmp_path / "gold.txt", beads)
    assert _score(capsys, gold, jsonl)["strict"]["f1"] == 1.0


@pytest.mark.parametrize(("gold", "test", "fragment"), [
    ([("a", [0], [0])], [("b", [0], [0])], "document ids differ: 'a' in"),
    ([("a", [0], [0])], [{"doc_id": "a", "sent": 0, "src": "x", "tgt": "y"}],
     "test.jsonl:2: not an alignment record"),
    ([("a", [0], [0])], [("a", [1, 1], [0])], "a sentence id repeats"),
])
def test_evaluate_alignment_jsonl_errors(tmp_path: Path, gold: list, test: list, fragment: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    def records(items: list) -> list[dict]:
        return [{"manifest": {}}, *(
            x if isinstance(x, dict) else
            {"doc_id": x[0], "src_ids": x[1], "tgt_ids": x[2], "score": 1.0} for x in items)]

    g = jsonl_file(tmp_path / "gold.jsonl", records(gold))
    t = jsonl_file(tmp_path / "test.jsonl", records(test))
    code, _, err = run(capsys, "evaluate-alignment", "--gold", g, "--test", t)
    assert code == 2
    assert fragment in one_error_line(err)


# --- 5. segment keeps document ids ---------------------------------------------------------

SEGMENT_CASES = [
    # (id, input file name, content, expected text output)
    ("plain-text-unchanged", "in.txt", "Erster Satz. Zweiter Satz.\n\nNeuer Absatz.\n",
     "Erster Satz.\nZweiter Satz.\n\nNeuer Absatz.\n"),
    ("jsonl-ids", "in.jsonl",
     '{"id": "a", "text": "Erster Satz. Zweiter Satz.\\n\\nNeuer Absatz."}\n'
     '{"id": "b", "text": "Nur einer."}\n',
     "# id: a\nErster Satz.\nZweiter Satz.\n\nNeuer Absatz.\n\n# id: b\nNur einer.\n"),
    ("jsonl-escapes-hash-and-backslash", "in.jsonl",
     '{"id": "doc 1", "text": "#MeToo ist ein Thema. \\\\o/ sagte er."}\n',
     "# id: doc 1\n\\#MeToo ist ein Thema.\n\\\\o/ sagte er.\n"),
    ("jsonl-empty-document", "in.jsonl",
     '{"id": "leer", "text": ""}\n{"id": "voll", "text": "Ein Satz."}\n',
     "# id: leer\n\n# id: voll\nEin Satz.\n"),
    ("jsonl-id-with-line-break", "in.jsonl", '{"id": "a\\nb", "text": "Satz."}\n',
     "# id: a b\nSatz.\n"),
]


@pytest.mark.parametrize(("name", "content", "expected"), [c[1:] for c in SEGMENT_CASES],
                         ids=[c[0] for c in SEGMENT_CASES])
def test_segment_text_output_keeps_document_ids_of_jsonl_input(
        tmp_path: Path, name: str, content: str, expected: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    src = write(tmp_path / name, content)
    code, out, err = run(capsys, "segment", src)
    assert code == 0, err
    assert out == expected
    # every line that starts with '#' is an id line, one per document
    if name.endswith(".jsonl"):
        ids = [json.loads(x)["id"].replace("\n", " ") for x in content.split("\n") if x]
        assert [x[len("# id: "):] for x in out.split("\n") if x.startswith("#")] == ids


def test_segment_help_documents_the_id_lines(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["segment", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "'# id: DOC_ID'" in help_text and "Plain-text input has no id lines" in help_text


# --- 5b. plurals ---------------------------------------------------------------------------

@pytest.mark.parametrize(("n", "word", "text"), [
    (0, "document", "0 documents"), (1, "document", "1 document"), (2, "document", "2 documents"),
    (1, "source sentence", "1 source sentence"), (3, "source sentence", "3 source sentences"),
    (2, "entry", "2 entries"),
])
def test_plural(n: int, word: str, text: str) -> None:
    assert plural(n, word, "entries" if word == "entry" else None) == text


def _plural_case(tmp: Path, case: str) -> list[object]:
    if case == "segment-one":
        return ["segment", write(tmp / "one.txt", "Ein Satz.\n")]
    if case == "segment-many":
        return ["segment", jsonl_file(tmp / "d.jsonl", [{"id": "a", "text": "Eins. Zwei."},
                                                         {"id": "b", "text": "Drei."}])]
    if case == "export-one":
        return ["export", jsonl_file(tmp / "a.jsonl", ALIGN_JSONL[:2]), "--format", "tsv"]
    if case == "align-one":
        return ["align", write(tmp / "de.txt", "Guten Tag.\n"), write(tmp / "en.txt", "Hello.\n"),
                "--bridge", "none"]
    if case == "evaluate-alignment-one":
        return ["evaluate-alignment", "--gold", write(tmp / "g.txt", "[0]:[0]\n"),
                "--test", write(tmp / "t.txt", "[0]:[0]\n\n[0]:[0]\n")]
    assert case == "evaluate-documents-one"
    return ["evaluate", "--documents", write(tmp / "r.txt", "Alpha beta gamma.\n"),
            "--hyp", write(tmp / "h.txt", "Alpha beta gamma.\n"), "--metrics", "bleu"]


@pytest.mark.parametrize(("case", "stream", "fragment"), [
    ("segment-one", "err", "transalign: 1 sentence in 1 document\n"),
    ("segment-many", "err", "transalign: 3 sentences in 2 documents\n"),
    ("export-one", "err", "export: read 1 pair, wrote 1 "),
    ("align-one", "err", "1 source sentence, 1 target sentence, "),
    ("evaluate-alignment-one", "err", "has 1 document but"),
    ("evaluate-documents-one", "out", "document mode, 1 document, 1 hypothesis sentence / "
     "1 reference sentence, 1 paired segment; could not be paired: 0 hypothesis sentences and "
     "0 reference sentences"),
])
def test_counts_in_messages_have_the_right_plural(
        tmp_path: Path, case: str, stream: str, fragment: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    _, out, err = run(capsys, *_plural_case(tmp_path, case))
    text = out if stream == "out" else err
    assert fragment in text
    assert not re.search(r"\b1 (documents|sentences|pairs|beads)\b|\(s\)", out + err)


# --- 5c. -q/--quiet sits with -o/--format ----------------------------------------------------

def _help_groups(command: str, capsys: pytest.CaptureFixture[str],
                 monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("COLUMNS", "1000")  # no wrapping: a group title is a line "title:"
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    groups: dict[str, str] = {}
    title = "usage"
    for line in capsys.readouterr().out.split("\n"):
        if re.fullmatch(r"[a-z][a-z -]*:", line):
            title = line[:-1]
        else:
            groups[title] = groups.get(title, "") + line + "\n"
    return groups


@pytest.mark.parametrize("command", list(COMMANDS))
def test_quiet_is_listed_with_the_output_options(command: str,
                                                 capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    groups = _help_groups(command, capsys, monkeypatch)
    (title,) = [t for t, body in groups.items() if re.search(r"^\s+(-o \w+, )?--output", body,
                                                            re.M)]
    body = groups[title]
    assert title == "output"
    assert re.search(r"^\s+--quiet, -q\s", body, re.M), body
    if command != "batch":  # batch writes a directory of fixed formats
        assert re.search(r"^\s+--format ", body, re.M), body
    assert not any("--quiet" in b for t, b in groups.items() if t not in ("output", "usage"))
