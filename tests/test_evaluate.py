"""Line-parallel evaluation: scores equal sacrebleu's, per-sentence scores, JSON, errors."""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sacrebleu
from sacrebleu.metrics import BLEU, CHRF, TER

from transalign.cli import main
from transalign.errors import InputError, UsageError
from transalign.evaluate import (
    MetricSettings,
    check_parallel,
    evaluate_corpus,
    read_lines,
    resolve_metrics,
    split_lines,
)

# Hand-written test texts (our own, no corpus data).
HYPS = [
    "The committee approved the new budget on Tuesday.",
    "Prices for energy rose by three percent last month.",
    "The mayor said the bridge will open in spring.",
    "Nobody expected such a result.",
    "Heavy rain flooded several streets in the old town.",
    "It is, he said, “a good day for the city”.",
]
REF_A = [
    "On Tuesday the committee approved the new budget.",
    "Energy prices went up by three per cent last month.",
    "According to the mayor, the bridge will open in the spring.",
    "No one had expected such an outcome.",
    "Several streets in the old town were flooded by heavy rain.",
    "“It is a good day for the city,” he said.",
]
REF_B = [
    "The committee passed the new budget on Tuesday.",
    "Last month, energy prices rose three percent.",
    "The mayor said that the bridge would open in spring.",
    "Nobody expected a result like this.",
    "Heavy rainfall flooded several streets of the old town.",
    "He called it “a good day for the city”.",
]
HYP2 = [
    "The committee has approved the budget on Tuesday.",
    "Energy prices rose by three percent in the last month.",
    "The mayor says the bridge opens in spring.",
    "Nobody expected this result.",
    "Strong rain flooded streets in the old city.",
    "“A good day for the city”, he said.",
]


def _write(path: Path, lines: list[str]) -> str:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, str]:
    return {
        "hyp": _write(tmp_path / "hyp.en", HYPS),
        "hyp2": _write(tmp_path / "hyp2.en", HYP2),
        "ref_a": _write(tmp_path / "ref.a.en", REF_A),
        "ref_b": _write(tmp_path / "ref.b.en", REF_B),
    }


# --- corpus scores against sacrebleu called directly ---------------------------------

@pytest.mark.parametrize("refs", [[REF_A], [REF_A, REF_B]], ids=["one-ref", "two-refs"])
@pytest.mark.parametrize(("key", "metric"), [
    ("bleu", lambda: BLEU()),
    ("chrf", lambda: CHRF()),
    ("chrf++", lambda: CHRF(word_order=2)),
    ("ter", lambda: TER()),
])
def test_corpus_score_equals_sacrebleu(refs, key, metric):
    result = evaluate_corpus(HYPS, refs, metrics=[key])
    sacre = metric()
    expected = sacre.corpus_score(HYPS, refs)
    assert result[key].score == pytest.approx(expected.score, abs=1e-9)
    assert result[key].name == expected.name
    assert result[key].signature == sacre.get_signature().format()
    assert f"nrefs:{len(refs)}|" in result[key].signature


@pytest.mark.parametrize(("settings", "bleu_kwargs"), [
    (MetricSettings(tokenize="intl"), {"tokenize": "intl"}),
    (MetricSettings(tokenize="char"), {"tokenize": "char"}),
    (MetricSettings(lowercase=True), {"lowercase": True}),
])
def test_bleu_settings_equal_sacrebleu(settings, bleu_kwargs):
    result = evaluate_corpus(HYPS, [REF_A], metrics="bleu", settings=settings)
    metric = BLEU(**bleu_kwargs)
    assert result["bleu"].score == pytest.approx(metric.corpus_score(HYPS, [REF_A]).score)
    assert result["bleu"].signature == metric.get_signature().format()


def test_identical_hypothesis_scores_perfectly():
    result = evaluate_corpus(REF_A, [REF_A])
    assert result["bleu"].score == pytest.approx(100.0)
    assert result["chrf"].score == pytest.approx(100.0)
    assert result["ter"].score == pytest.approx(0.0)
    assert result["ter"].higher_is_better is False


def test_a_segment_too_long_for_ter_is_refused_before_scoring(caplog):
    # issue 17: TER on a 5,000-word segment ran past 300 s after a warning; a segment over
    # limits.TER_MAX_WORDS is now refused at once, naming the segment and the way out
    from transalign.errors import InputError

    long_line = " ".join(f"word{k % 97}" for k in range(1500))
    with pytest.raises(InputError, match=r"TER: segment 2 has 1,500 words, more than the "
                       r"1,000 .*--metrics bleu,chrf"):
        evaluate_corpus([HYPS[0], long_line], [[REF_A[0], long_line]], metrics="ter")
    with caplog.at_level("WARNING", logger="transalign"):
        evaluate_corpus([HYPS[0], long_line], [[REF_A[0], long_line]], metrics="bleu")
        evaluate_corpus(HYPS, [REF_A], metrics="ter")
    assert not caplog.records  # other metrics, and TER on ordinary segments: no warning


@pytest.mark.parametrize(("key", "sentence_fn"), [
    ("bleu", lambda h, r: sacrebleu.sentence_bleu(h, r).score),
    ("chrf", lambda h, r: sacrebleu.sentence_chrf(h, r).score),
    ("chrf++", lambda h, r: sacrebleu.sentence_chrf(h, r, word_order=2).score),
    ("ter", lambda h, r: sacrebleu.sentence_ter(h, r).score),
])
def test_per_sentence_scores_equal_sacrebleu_sentence_functions(key, sentence_fn):
    result = evaluate_corpus(HYPS, [REF_A, REF_B], metrics=[key], per_sentence=True)
    name = result[key].name
    assert result.sentences is not None and len(result.sentences) == len(HYPS)
    for row, hyp, ref_a, ref_b in zip(result.sentences, HYPS, REF_A, REF_B, strict=True):
        assert row[name] == pytest.approx(sentence_fn(hyp, [ref_a, ref_b]), abs=1e-9)
    assert "nrefs:2" in result[key].sentence_signature


def test_sentence_bleu_uses_effective_order():
    result = evaluate_corpus(HYPS, [REF_A], metrics="bleu", per_sentence=True)
    assert "eff:yes" in result["bleu"].sentence_signature
    assert "eff:no" in result["bleu"].signature


# --- reading lines ---------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("a\nb\n", ["a", "b"]),
    ("a\nb", ["a", "b"]),
    ("a\n\nb\n", ["a", "", "b"]),
    ("a\nb\n\n", ["a", "b", ""]),          # only the final empty line is dropped
    ("a\r\nb\r\n", ["a", "b"]),            # CRLF: \r stripped, as sacrebleu's rstrip
    ("a\u2028b\nc\n", ["a\u2028b", "c"]),  # U+2028 is not a line break (splitlines would split)
    ("a\x85b\x0cc\n", ["a\x85b\x0cc"]),
    ("x  \t\n", ["x"]),
])
def test_split_lines_like_sacrebleu_cli(text, expected):
    assert split_lines(text) == expected


def test_read_lines_keeps_line_count_with_unicode_separators(tmp_path):
    path = tmp_path / "h.txt"
    path.write_bytes("one\u2028still one\nTwo\n".encode())
    assert read_lines(str(path)) == ["one\u2028still one", "Two"]


# --- shape and length checks (sacrebleu would silently drop segments) -----------------

@pytest.mark.parametrize(("hyps", "refs", "fragment"), [
    (HYPS, [REF_A[:-1]], "hypotheses has 6 lines but reference 1 has 5"),
    (HYPS, [REF_A, REF_B[:4]], "hypotheses has 6 lines but reference 2 has 4"),
    (HYPS, REF_A, "expected a list of segments, got str"),      # flat list: the silent trap
    (HYPS, "one reference", "expected a list of reference streams"),
    (HYPS, [], "no reference given"),
    ([], [[]], "no segments to score"),
    ([1, 2], [["a", "b"]], "segment 1 is int"),
    (["a"], [[3]], "segment 1 is int"),
])
def test_check_parallel_rejects(hyps, refs, fragment):
    with pytest.raises(InputError, match=fragment):
        evaluate_corpus(hyps, refs)


def test_check_parallel_names_both_inputs():
    with pytest.raises(InputError) as info:
        check_parallel(["a", "b", "c"], [["a", "b"]], hyp_name="sys.txt", ref_names=["ref.txt"])
    assert str(info.value) == ("sys.txt has 3 lines but ref.txt has 2; hypotheses and "
                               "references must be line-parallel")


def test_none_marks_missing_reference_like_sacrebleu():
    refs = [REF_A, [*REF_B[:3], None, None, None]]
    result = evaluate_corpus(HYPS, refs, metrics="bleu")
    assert result["bleu"].score == pytest.approx(BLEU().corpus_score(HYPS, refs).score)
    assert "nrefs:var" in result["bleu"].signature


@pytest.mark.parametrize(("names", "error"), [
    ("bleu,meteor", "unknown metric 'meteor'; choose from bleu, chrf, chrf++, ter"),
    ("", "no metric given"),
    (["", " "], "no metric given"),
    ([" , "], "unknown metric ','"),
])
def test_resolve_metrics_rejects(names, error):
    with pytest.raises(UsageError, match=re.escape(error)):
        resolve_metrics(names)


@pytest.mark.parametrize(("names", "keys"), [
    ("BLEU,chrF", ["bleu", "chrf"]),
    ("chrF++,chrfpp,ter,bleu", ["chrf++", "ter", "bleu"]),
])
def test_resolve_metrics_names(names, keys):
    assert [s.key for s in resolve_metrics(names)] == keys


# --- CLI end to end --------------------------------------------------------------------

def test_cli_text_table(files, capsys):
    assert main(["evaluate", "--hyp", files["hyp"], "--ref", files["ref_a"]]) == 0
    out = capsys.readouterr().out
    bleu = BLEU().corpus_score(HYPS, [REF_A]).score
    ter = TER().corpus_score(HYPS, [REF_A]).score
    assert f"{bleu:.2f}" in out and f"{ter:.2f}" in out
    assert "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:" in out
    header = out.split("\n")[0].split()
    assert header == ["System", "BLEU", "chrF2", "TER"]


def test_cli_json_reproducible(files, capsys):
    code = main(["evaluate", "--hyp", files["hyp"], "--ref", files["ref_a"], "--ref",
                 files["ref_b"], "--metrics", "bleu,chrf++", "--format", "json"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["versions"]["sacrebleu"] == sacrebleu.__version__
    assert report["tool"]["name"] == "transalign" and report["command"] == "evaluate"
    assert report["mode"] == "lines"
    assert report["settings"] == {"metrics": ["bleu", "chrf++"], "tokenize": "13a",
                                  "lowercase": False}
    hyp_info = report["inputs"]["hypotheses"][0]
    assert hyp_info["sha256"] == hashlib.sha256(Path(files["hyp"]).read_bytes()).hexdigest()
    assert hyp_info["lines"] == len(HYPS)
    assert [r["path"] for r in report["inputs"]["references"]] == [files["ref_a"], files["ref_b"]]
    scores = report["systems"][0]["scores"]
    assert set(scores) == {"BLEU", "chrF2++"}
    assert scores["BLEU"]["score"] == pytest.approx(
        BLEU().corpus_score(HYPS, [REF_A, REF_B]).score)
    assert scores["BLEU"]["signature"].startswith("nrefs:2|")
    assert report["comparison"] is None


def test_cli_per_sentence_jsonl(files, tmp_path, capsys):
    per = tmp_path / "per.jsonl"
    src = _write(tmp_path / "src.de", [f"Satz {i}." for i in range(len(HYPS))])
    code = main(["evaluate", "--hyp", files["hyp"], "--ref", files["ref_a"], "--src", src,
                 "--metrics", "bleu,ter", "--per-sentence", str(per)])
    assert code == 0
    lines = per.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""
    rows = [json.loads(line) for line in lines[:-1]]
    assert [r["index"] for r in rows] == list(range(len(HYPS)))
    for row, hyp, ref in zip(rows, HYPS, REF_A, strict=True):
        assert row["hyp"] == hyp and row["refs"] == [ref]
        assert row["scores"]["BLEU"] == pytest.approx(sacrebleu.sentence_bleu(hyp, [ref]).score)
        assert row["scores"]["TER"] == pytest.approx(sacrebleu.sentence_ter(hyp, [ref]).score)
    assert rows[0]["src"] == "Satz 0."


def test_cli_several_systems_and_directory(files, tmp_path, capsys):
    folder = tmp_path / "systems"
    folder.mkdir()
    _write(folder / "b.en", HYP2)
    _write(folder / "a.en", HYPS)
    (folder / ".hidden").write_text("x\n")
    assert main(["evaluate", "--hyp", str(folder), "--ref", files["ref_a"],
                 "--metrics", "bleu", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [s["system"] for s in report["systems"]] == [str(folder / "a.en"), str(folder / "b.en")]
    assert report["systems"][1]["scores"]["BLEU"]["score"] == pytest.approx(
        BLEU().corpus_score(HYP2, [REF_A]).score)


def test_cli_output_file(files, tmp_path, capsys):
    out = tmp_path / "report.json"
    assert main(["evaluate", "--hyp", files["hyp"], "--ref", files["ref_a"], "--format", "json",
                 "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert json.loads(out.read_text())["systems"][0]["segments"] == len(HYPS)


def _error_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err
    return err


@pytest.mark.parametrize(("setup", "argv", "fragment"), [
    ("short_ref", ["--hyp", "{hyp}", "--ref", "{short}"], "has 6 lines but {short} has 3"),
    ("short_ref", ["--hyp", "{hyp}", "--ref", "{ref_a}", "--ref", "{short}"],
     "has 6 lines but {short} has 3"),
    ("empty", ["--hyp", "{empty}", "--ref", "{ref_a}"], "input is empty"),
    ("empty", ["--hyp", "{hyp}", "--ref", "{empty}"], "input is empty"),
    ("blank", ["--hyp", "{blank}", "--ref", "{ref_a}"], "input is empty"),
    (None, ["--hyp", "{missing}", "--ref", "{ref_a}"], "no such file"),
    (None, ["--hyp", "{hyp}", "--ref", "{missing}"], "no such file"),
    ("latin1", ["--hyp", "{latin1}", "--ref", "{ref_a}"], "invalid UTF-8"),
    ("binary", ["--hyp", "{binary}", "--ref", "{ref_a}"], "binary file"),
    (None, ["--hyp", "{hyp}", "--ref", "{ref_a}", "--metrics", "bleu,meteor"],
     "unknown metric 'meteor'"),
    (None, ["--hyp", "{hyp}", "--ref", "{ref_a}", "--tokenize", "moses"],
     "unknown BLEU tokenizer 'moses'"),
    ("short_ref", ["--hyp", "{hyp}", "--ref", "{ref_a}", "--src", "{short}"],
     "{short} (--src) has 3 lines but {ref_a} has 6"),
    (None, ["--hyp", "{hyp}", "--ref", "{ref_a}", "--paired", "bs"], "at least two --hyp"),
    (None, ["--hyp", "{hyp}", "--hyp", "{hyp2}", "--ref", "{ref_a}", "--paired", "bs",
            "--seed", "0"], "seed 0 means 'unseeded'"),
    (None, ["--hyp", "{hyp}", "--hyp", "{hyp2}", "--ref", "{ref_a}", "--paired", "bs",
            "--seed", "abc"], "is not an integer"),
    (None, ["--hyp", "{hyp}", "--hyp", "{hyp}", "--ref", "{ref_a}"], "given twice"),
    (None, ["--hyp", "-", "--ref", "-"], "only one input can be read from stdin"),
    (None, ["--hyp", "{hyp}", "--ref", "{ref_a}", "--per-sentence", "-"], "needs the report in"),
    (None, ["--hyp", "{hyp}", "--ref", "{ref_a}", "--per-sentence", "{short}", "-o", "{short}"],
     "--per-sentence needs a file of its own"),
    ("emptydir", ["--hyp", "{hyp}", "--ref", "{ref_a}", "-o", "{emptydir}"],
     "is a directory, expected a file name"),
    (None, ["--hyp", "{hyp}", "--ref", "{ref_a}", "--width", "-1"], "--width must be between"),
    (None, ["--hyp", "{hyp}", "--hyp", "{hyp2}", "--ref", "{ref_a}", "--paired", "ar",
            "--paired-n", "-3"], "--paired-n must be positive"),
    (None, ["--hyp", "{hyp}", "--ref", "{ref_a}", "--baseline", "{hyp2}"], "not one of the --hyp"),
    (None, ["--hyp", "{hyp}", "--ref", "{ref_a}", "--ref", "{ref_b}", "--documents"],
     "exactly one --ref"),
    (None, ["--hyp", "{hyp}", "--hyp", "{hyp2}", "--ref", "{ref_a}", "--documents", "--paired",
            "bs"], "needs line-parallel outputs"),
    ("emptydir", ["--hyp", "{emptydir}", "--ref", "{ref_a}"], "no system output files"),
    # options of a mode that is off are refused, not ignored
    (None, ["--hyp", "{hyp}", "--ref", "{ref_a}", "--seed", "7"],
     "--seed applies to a paired test (--paired bs|ar) only"),
    (None, ["--hyp", "{hyp}", "--ref", "{ref_a}", "--paired-n", "50"],
     "--paired-n applies to a paired test"),
    (None, ["--hyp", "{hyp}", "--ref", "{ref_a}", "--unpaired", "ignore"],
     "--unpaired applies to document mode (--documents) only"),
    (None, ["--hyp", "{hyp}", "--ref", "{ref_a}", "--unwrap-lines"],
     "--unwrap-lines applies to document mode"),
    (None, ["--hyp", "{hyp}", "--ref", "{ref_a}", "--input-format", "jsonl"],
     "--input-format applies to document mode"),
])
def test_cli_errors_exit_2_with_one_line(files, tmp_path, capsys, setup, argv, fragment):
    paths = dict(files)
    paths.update(short=str(tmp_path / "short.en"), empty=str(tmp_path / "empty.en"),
                 blank=str(tmp_path / "blank.en"), missing=str(tmp_path / "missing.en"),
                 latin1=str(tmp_path / "latin1.en"), binary=str(tmp_path / "binary.en"),
                 emptydir=str(tmp_path / "emptydir"))
    if setup == "short_ref":
        _write(Path(paths["short"]), REF_A[:3])
    elif setup == "empty":
        Path(paths["empty"]).write_bytes(b"")
    elif setup == "blank":
        Path(paths["blank"]).write_bytes(b"\n \n\t\n")
    elif setup == "latin1":
        Path(paths["latin1"]).write_bytes("Grüße\n".encode("latin-1") * 6)
    elif setup == "binary":
        Path(paths["binary"]).write_bytes(b"\x00\x01\x02" * 10)
    elif setup == "emptydir":
        Path(paths["emptydir"]).mkdir()
    code = main(["evaluate", *(a.format(**paths) for a in argv)])
    assert code == 2
    err = _error_line(capsys)
    assert err.startswith("transalign: error: ")
    assert fragment.format(**paths) in err


def test_cli_hostile_text_scores_like_sacrebleu(tmp_path, capsys):
    hyps = ["<b>&amp;</b> \t tab", "ﬁ ligature – “quotes” 😀", "a\u2028b", "", "   "]
    refs = ["<b>&</b> tab", "fi ligature - \"quotes\"", "a b", "something", ""]
    h = _write(tmp_path / "h.txt", hyps)
    r = _write(tmp_path / "r.txt", refs)
    assert main(["evaluate", "--hyp", h, "--ref", r, "--format", "json"]) == 0
    scores = json.loads(capsys.readouterr().out)["systems"][0]["scores"]
    clean_h = [x.rstrip() for x in hyps]
    for name, metric in (("BLEU", BLEU()), ("chrF2", CHRF()), ("TER", TER())):
        assert scores[name]["score"] == pytest.approx(metric.corpus_score(clean_h, [refs]).score)


def test_cli_reads_hypotheses_from_stdin(files, monkeypatch, capsys):
    data = ("\n".join(HYPS) + "\n").encode()
    monkeypatch.setattr("sys.stdin", type("Stdin", (), {"buffer": io.BytesIO(data)})())
    assert main(["evaluate", "--hyp", "-", "--ref", files["ref_a"], "--metrics", "bleu",
                 "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["inputs"]["hypotheses"][0] == {
        "path": "-", "sha256": hashlib.sha256(data).hexdigest(), "lines": len(HYPS)}
    assert report["systems"][0]["scores"]["BLEU"]["score"] == pytest.approx(
        BLEU().corpus_score(HYPS, [REF_A]).score)


def test_command_module_is_light_to_import():
    code = ("import sys, transalign.commands.evaluate, transalign.commands.evaluate_alignment; "
            "print(sorted(m for m in ('sacrebleu', 'numpy', 'torch') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.shared
@pytest.mark.parametrize("system", ["JDExploreAcademy", "Online-B", "PROMT"])
def test_wmt22_first_300_lines_equal_sacrebleu(shared_data, system):
    folder = shared_data / "parallel" / "wmt22_news_systems" / "txt"
    hyps = read_lines(str(folder / "system-outputs" / f"generaltest2022.de-en.hyp.{system}.en"))
    refs = [read_lines(str(folder / "references" / f"generaltest2022.de-en.ref.{x}.en"))
            for x in "AB"]
    hyps, refs = hyps[:300], [r[:300] for r in refs]
    result = evaluate_corpus(hyps, refs, metrics="bleu,chrf")
    assert result["bleu"].score == pytest.approx(BLEU().corpus_score(hyps, refs).score)
    assert result["chrf"].score == pytest.approx(CHRF().corpus_score(hyps, refs).score)


def test_per_sentence_escapes_line_separators(tmp_path, capsys):
    hyps = ["one\u2028two\x85three", "four\u2029five"]
    h = _write(tmp_path / "h.txt", hyps)
    r = _write(tmp_path / "r.txt", ["one two three", "four five"])
    per = tmp_path / "per.jsonl"
    assert main(["evaluate", "--hyp", h, "--ref", r, "--per-sentence", str(per),
                 "--metrics", "chrf"]) == 0
    text = per.read_text(encoding="utf-8")
    assert len(text.splitlines()) == 2  # even a splitlines() reader sees two records
    assert [json.loads(line)["hyp"] for line in text.splitlines()] == hyps
