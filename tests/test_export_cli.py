"""``transalign export`` end to end through ``transalign.cli.main`` on hand-written fixtures."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from transalign.cli import main
from transalign.export import check_tmx, read_pairs

TRANSLATE_LINES = [
    {"manifest": {"command": "translate", "model": "tiny-test"}},
    {"doc_id": "t1", "para": 0, "sent": 0, "start": 0, "end": 11, "src": "Guten Tag.",
     "tgt": "Good day.", "flags": []},
    {"doc_id": "t1", "para": 0, "sent": 1, "start": 12, "end": 30, "src": "Wie geht's & so?",
     "tgt": "How are you & so?", "flags": ["unk"]},
    {"doc_id": "t1", "para": 1, "sent": 2, "start": 31, "end": 40, "src": "Berlin",
     "tgt": "Berlin", "flags": []},
    {"doc_id": "t1", "para": 1, "sent": 3, "start": 41, "end": 52, "src": "Guten Tag.",
     "tgt": "Good day.", "flags": []},
]
ALIGN_LINES = [
    {"manifest": {"command": "align", "bridge": "none"}},
    {"doc_id": "a1", "src_ids": [0], "tgt_ids": [0], "src": "Am 9. Dezember <sprach> er.",
     "tgt": "On 9 December <he> spoke.", "score": 0.82, "type": "1-1"},
    {"doc_id": "a1", "src_ids": [1, 2], "tgt_ids": [1], "src": "Es war kalt. Sehr kalt\u0001.",
     "tgt": "It was very cold.", "score": 0.61, "type": "2-1"},
    {"doc_id": "a1", "src_ids": [3], "tgt_ids": [], "src": "Nur im Original.", "tgt": "",
     "score": 0.05, "type": "1-0"},
    {"doc_id": "a1", "src_ids": [4], "tgt_ids": [2], "src": "Ein sehr, sehr langer Satz hier.",
     "tgt": "Short.", "score": 0.2, "type": "1-1"},
]


def jsonl(path: Path, lines: list[dict]) -> str:
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines),
                    encoding="utf-8")
    return str(path)


@pytest.fixture
def inputs(tmp_path: Path) -> list[str]:
    return [jsonl(tmp_path / "translate.jsonl", TRANSLATE_LINES),
            jsonl(tmp_path / "align.jsonl", ALIGN_LINES)]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(["export", *argv])
    except SystemExit as exc:  # argparse's own usage errors exit (code 2) before main returns
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_tmx_end_to_end(tmp_path: Path, inputs: list[str],
                        capsys: pytest.CaptureFixture[str]) -> None:
    tmx = pytest.importorskip("translate.storage.tmx")
    out = tmp_path / "out.tmx"
    code, stdout, err = run(capsys, *inputs, "--format", "tmx", "-o", str(out))
    assert code == 0, err
    assert stdout == ""
    assert "read 8 pairs, wrote 7" in err and "rejected 1" in err
    assert check_tmx(str(out)) == 7
    with open(out, "rb") as handle:
        units = [u for u in tmx.tmxfile(handle).units if not u.isheader()]
    assert [u.source for u in units] == [
        "Guten Tag.", "Wie geht's & so?", "Berlin", "Guten Tag.", "Am 9. Dezember <sprach> er.",
        "Es war kalt. Sehr kalt.", "Ein sehr, sehr langer Satz hier."]
    assert units[5].target == "It was very cold."
    header_manifest = json.loads(out.read_text(encoding="utf-8").split(
        '<prop type="x-transalign-manifest">')[1].split("</prop>")[0].replace("&amp;", "&")
        .replace("&lt;", "<").replace("&gt;", ">"))
    assert [i["manifest"]["command"] for i in header_manifest["inputs"]] == ["translate", "align"]


@pytest.mark.parametrize(("fmt", "files"), [
    ("moses", ["out.de-en.de", "out.de-en.en", "out.de-en.ids"]),
    ("tsv", ["out"]), ("jsonl", ["out"]), ("hf", ["out"])])
def test_every_format_writes_seven_pairs(tmp_path: Path, inputs: list[str], fmt: str,
                                         files: list[str],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, *inputs, "--format", fmt, "-o", str(tmp_path / "out"))
    assert code == 0, err
    for name in files:
        lines = (tmp_path / name).read_text(encoding="utf-8").split("\n")
        assert lines[-1] == ""
        assert len(lines) - 1 == 7 + (fmt == "jsonl")  # jsonl starts with a manifest line


def test_jsonl_to_stdout_reads_back(tmp_path: Path, inputs: list[str],
                                    capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, err = run(capsys, *inputs, "--format", "jsonl", "-o", "-", "--types", "2-1")
    assert code == 0, err
    path = tmp_path / "back.jsonl"
    path.write_text(stdout, encoding="utf-8")
    (pair,) = read_pairs(str(path))
    assert (pair.src, pair.kind, pair.score) == ("Es war kalt. Sehr kalt.", "2-1", 0.61)
    manifest = json.loads(stdout.split("\n")[0])["manifest"]
    assert manifest["command"] == "export"
    assert [f["name"] for f in manifest["settings"]["filters"]] == ["empty", "type"]


def test_stdin_input(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    data = "".join(json.dumps(x) + "\n" for x in ALIGN_LINES).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code, stdout, err = run(capsys, "-", "--format", "tsv", "-o", "-", "--keep-empty")
    assert code == 0, err
    assert stdout.split("\n")[2] == "Nur im Original.\t"
    assert len(stdout.split("\n")) == 5


FILTER_CASES = [
    # (id, flags, written, {filter: rejected})
    ("defaults", [], 7, {"empty": 1}),
    ("keep-empty", ["--keep-empty"], 8, {}),
    ("types", ["--types", "1-1"], 6, {"empty": 1, "type": 1}),
    ("dedup", ["--dedup", "exact"], 6, {"empty": 1, "duplicate": 1}),
    ("identical", ["--drop-identical"], 6, {"empty": 1, "identical": 1}),
    ("min-score", ["--min-score", "0.5"], 6, {"empty": 1, "score": 1}),
    ("ratio", ["--max-ratio", "3"], 6, {"empty": 1, "ratio": 1}),
    ("max-length", ["--max-length", "4"], 3, {"empty": 1, "length": 4}),
    ("min-length-chars", ["--min-length", "7", "--length-unit", "char"], 5,
     {"empty": 1, "length": 2}),
    ("all", ["--dedup", "normalised", "--drop-identical", "--min-score", "0.5", "--types",
             "1-1,2-1", "--max-ratio", "3", "--max-length", "50"], 4,
     {"empty": 1, "length": 0, "ratio": 1, "score": 0, "identical": 1, "duplicate": 1,
      "type": 0}),
]


@pytest.mark.parametrize(("flags", "written", "rejected"), [c[1:] for c in FILTER_CASES],
                         ids=[c[0] for c in FILTER_CASES])
def test_filters_counts_and_rejected_file(tmp_path: Path, inputs: list[str], flags: list[str],
                                          written: int, rejected: dict[str, int],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    rejected_path = tmp_path / "rejected.jsonl"
    code, _, err = run(capsys, *inputs, "--format", "jsonl", "-o", str(tmp_path / "out.jsonl"),
                       "--rejected", str(rejected_path), *flags)
    assert code == 0, err
    assert f"wrote {written} " in err
    table = {line.split()[0]: int(line.split()[-1]) for line in err.split("\n")[2:] if line.strip()}
    assert table == rejected
    assert list(table) == [n for n in ("empty", "length", "ratio", "score", "identical",
                                       "duplicate", "type") if n in rejected]
    lines = rejected_path.read_text(encoding="utf-8").split("\n")[:-1]
    assert json.loads(lines[0])["manifest"]["kind"] == "rejected"
    rules = [json.loads(line)["rule"] for line in lines[1:]]
    assert sorted(rules) == sorted(n for n, k in rejected.items() for _ in range(k))
    assert len(list(read_pairs(str(rejected_path)))) == sum(rejected.values())
    assert len(list(read_pairs(str(tmp_path / "out.jsonl")))) == written


def test_rejected_record_names_rule_score_and_origin(tmp_path: Path, inputs: list[str],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    rejected_path = tmp_path / "rej.jsonl"
    code, _, _ = run(capsys, *inputs, "--format", "tsv", "-o", str(tmp_path / "o.tsv"),
                     "--rejected", str(rejected_path), "--max-ratio", "3")
    assert code == 0
    records = [json.loads(x) for x in rejected_path.read_text(encoding="utf-8").split("\n")[1:-1]]
    by_rule = {r["rule"]: r for r in records}
    assert by_rule["empty"]["rule_score"] == [16, 0]
    assert by_rule["empty"]["origin"].endswith("align.jsonl:4")
    assert by_rule["ratio"]["rule_score"] == 6.0
    assert by_rule["ratio"]["src"] == "Ein sehr, sehr langer Satz hier."


def test_quiet_prints_nothing(tmp_path: Path, inputs: list[str],
                              capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, err = run(capsys, *inputs, "--format", "tsv", "-o", str(tmp_path / "o"), "-q")
    assert (code, stdout, err) == (0, "", "")


def test_everything_rejected_warns_and_writes_valid_empty_tmx(
        tmp_path: Path, inputs: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "o.tmx"
    code, _, err = run(capsys, *inputs, "--format", "tmx", "-o", str(out), "--types", "3-3")
    assert code == 0
    assert "no pairs written" in err
    assert check_tmx(str(out)) == 0


def test_manifest_only_input_gives_empty_output(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    src = jsonl(tmp_path / "m.jsonl", ALIGN_LINES[:1])
    code, _, err = run(capsys, src, "--format", "moses", "-o", str(tmp_path / "c"))
    assert code == 0, err
    assert (tmp_path / "c.de-en.de").read_bytes() == b""


def test_o_replaces_an_existing_file(tmp_path: Path, inputs: list[str],
                                     capsys: pytest.CaptureFixture[str]) -> None:
    # one overwrite policy for -o in every command (as shell redirection and sacrebleu):
    # replaced, atomically; export used to refuse without --overwrite, which is gone
    out = tmp_path / "out.tmx"
    out.write_text("old", encoding="utf-8")
    code, _, err = run(capsys, *inputs, "--format", "tmx", "-o", str(out))
    assert code == 0, err
    assert check_tmx(str(out)) == 7
    code, _, err = run(capsys, *inputs, "--format", "tmx", "-o", str(out), "--overwrite")
    assert code == 2 and "unrecognized arguments: --overwrite" in err


def test_rejected_replaces_an_existing_file(tmp_path: Path, inputs: list[str],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    rej = tmp_path / "rej.jsonl"
    rej.write_text("old", encoding="utf-8")
    code, _, err = run(capsys, *inputs, "--format", "tsv", "-o", str(tmp_path / "o.tsv"),
                       "--rejected", str(rej))
    assert code == 0, err
    assert json.loads(rej.read_text(encoding="utf-8").split("\n")[0])["manifest"]["kind"] == \
        "rejected"
    assert len(list(read_pairs(str(rej)))) == 1


def test_a_failed_export_leaves_the_files_it_was_to_replace_alone(
        tmp_path: Path, inputs: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    # moses writes two files; the second path is a directory, so the export fails after
    # the first was opened: that one used to be committed empty over the old file
    (tmp_path / "c.de-en.de").write_text("precious\n", encoding="utf-8")
    (tmp_path / "c.de-en.en").mkdir()
    code, _, err = run(capsys, *inputs, "--format", "moses", "-o", str(tmp_path / "c"))
    assert code == 2 and "c.de-en.en: is a directory" in err
    assert (tmp_path / "c.de-en.de").read_text(encoding="utf-8") == "precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "align.jsonl", "c.de-en.de", "c.de-en.en", "translate.jsonl"]  # no temporaries


@pytest.mark.parametrize("flag", ["-o", "--rejected"])
def test_export_refuses_to_write_over_its_own_input(tmp_path: Path, inputs: list[str], flag: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    before = Path(inputs[1]).read_bytes()
    argv = [*inputs, "--format", "tsv"]
    argv += ["-o", inputs[1]] if flag == "-o" else ["-o", str(tmp_path / "o.tsv"),
                                                     "--rejected", inputs[1]]
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert err == (f"transalign: error: {inputs[1]}: is also an input; "
                   "write the export to another file\n")
    assert Path(inputs[1]).read_bytes() == before


HOSTILE_INPUTS = [
    # (id, file content, message fragment)
    ("bad-json", b'{"manifest": {}}\n{"doc_id": "a",\n', "bad.jsonl:2: invalid JSON"),
    ("wrong-shape", b'{"id": "a", "text": "Hallo"}\n', "bad.jsonl:1: not a translate record"),
    ("invalid-utf8", b'{"doc_id": "a", "sent": 0, "src": "\xfc", "tgt": "u"}\n',
     "bad.jsonl:1: invalid UTF-8"),
    ("empty", b"", "bad.jsonl: input is empty"),
    ("lone-surrogate", b'{"doc_id": "a", "sent": 0, "src": "Hallo \\udcff", "tgt": "Hi"}\n',
     "bad.jsonl:1: invalid JSON (a \\u escape that is half a surrogate pair"),
    ("deep-nesting", b"[" * 100_000 + b"]" * 100_000 + b"\n",
     "bad.jsonl:1: invalid JSON (nested too deeply)"),
    ("late-error", ("".join(json.dumps(x) + "\n" for x in ALIGN_LINES) + "[1]\n").encode(),
     "bad.jsonl:6: expected a JSON object"),
]


@pytest.mark.parametrize("fmt", ["tmx", "moses"])
@pytest.mark.parametrize(("content", "fragment"), [c[1:] for c in HOSTILE_INPUTS],
                         ids=[c[0] for c in HOSTILE_INPUTS])
def test_hostile_input_exit_2_one_line_no_output(tmp_path: Path, content: bytes, fragment: str,
                                                 fmt: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(content)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, stdout, err = run(capsys, str(bad), "--format", fmt, "-o", str(out_dir / "c"),
                            "--rejected", str(out_dir / "r.jsonl"))
    assert code == 2
    assert stdout == ""
    assert err.startswith("transalign: error: ") and err.count("\n") == 1
    assert fragment in err
    assert list(out_dir.iterdir()) == []  # nothing half-written, no temp files


@pytest.mark.parametrize("fmt", ["tmx", "tsv", "jsonl"])
def test_a_missing_input_writes_nothing_to_stdout(inputs: list[str], fmt: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, inputs[1], inputs[1] + ".missing", "--format", fmt)
    assert code == 2 and out == ""  # not the first file's pairs, nor a header
    # (a long path is shown shortened, with its length: "…/align.jsonl.missing (102 bytes)")
    assert err.count("\n") == 1 and ".jsonl.missing" in err and ": no such file" in err


@pytest.mark.parametrize(("argv", "fragment"), [
    (["missing.jsonl", "--format", "tmx", "-o", "o.tmx"], "missing.jsonl: no such file"),
    (["IN", "--format", "tmx", "-o", "o.tmx", "--header"], "--format tsv only"),
    (["IN", "--format", "moses", "-o", "-"], "not stdout"),
    (["IN", "--format", "moses"], "--format moses writes three files"),
    (["IN", "--format", "tmx", "-o", "o.tmx", "--src-lang", "en"], "must differ"),
    (["IN", "--format", "tmx", "-o", "o.tmx", "--types", "one-one"], "look like 1-1"),
    (["IN", "--format", "tmx", "-o", "o.tmx", "--max-ratio", "0.5"], ">= 1"),
    (["IN", "--format", "tmx", "-o", "o.tmx", "--min-length", "5", "--max-length", "2"],
     "min <= max"),
    (["IN", "--format", "tmx", "-o", "o.tmx", "--rejected", "o.tmx"], "file of its own"),
    (["-", "-", "--format", "tmx", "-o", "o.tmx"], "only once"),
    (["IN", "--format", "xliff", "-o", "o"], "invalid choice"),
    (["IN", "-o", "o.tmx"], "--format"),
])
def test_usage_errors_exit_2(tmp_path: Path, inputs: list[str], argv: list[str], fragment: str,
                             monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    argv = [inputs[1] if a == "IN" else a for a in argv]
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert fragment in err
    assert not (tmp_path / "o.tmx").exists()


def test_help_lists_formats_and_filters(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["export", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for word in ("tmx", "moses", "hf", "--rejected", "--dedup", "--max-ratio"):
        assert word in out
    assert "--overwrite" not in out  # -o replaces, as in every command


# --- end to end with the aligner ---------------------------------------------------------

# Written for this test: 6 German sentences, 5 English ones; sentences 3+4 are one English
# sentence (a 2-1 bead). Numbers and names on both sides make the alignment unambiguous.
GERMAN = (
    "Am 9. Dezember sprach Präsident Biden 2 Stunden lang mit Präsident Putin. "
    "Es ging um die Ukraine und um 100.000 Soldaten an der Grenze.\n"
    "Das Weiße Haus veröffentlichte am Abend eine Erklärung. "
    "Sie war kurz. Sie enthielt nur 3 Sätze.\n"
    "Ein neues Treffen ist für den 15. Januar 2022 in Genf geplant."
)
ENGLISH = (
    "On 9 December, President Biden spoke with President Putin for 2 hours. "
    "They discussed Ukraine and the 100,000 soldiers at the border.\n"
    "The White House released a statement in the evening. "
    "It was short and had only 3 sentences.\n"
    "A new meeting is planned for 15 January 2022 in Geneva."
)


def test_align_then_export_tmx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tmx = pytest.importorskip("translate.storage.tmx")
    de, en = tmp_path / "article.de.txt", tmp_path / "article.en.txt"
    de.write_text(GERMAN + "\n", encoding="utf-8")
    en.write_text(ENGLISH + "\n", encoding="utf-8")
    beads = tmp_path / "beads.jsonl"
    code = main(["align", str(de), str(en), "--bridge", "none", "--format", "jsonl",
                 "-o", str(beads)])
    assert code == 0, capsys.readouterr().err
    pairs = list(read_pairs(str(beads)))
    assert sum(len(p.src_ids) for p in pairs) == 6
    assert sum(len(p.tgt_ids) for p in pairs) == 5
    out = tmp_path / "article.tmx"
    code, _, err = run(capsys, str(beads), "--format", "tmx", "-o", str(out))
    assert code == 0, err
    assert check_tmx(str(out)) == 5
    with open(out, "rb") as handle:
        units = [u for u in tmx.tmxfile(handle).units if not u.isheader()]
    assert len(units) == 5
    assert units[3].source == "Sie war kurz. Sie enthielt nur 3 Sätze."
    assert units[3].target == "It was short and had only 3 sentences."


FIXTURE = Path(__file__).parent / "fixtures" / "align"


@pytest.mark.parametrize(("flags", "with_empty"), [([], False), (["--keep-empty"], True)])
def test_project_example_align_then_export_tmx(tmp_path: Path, flags: list[str], with_empty: bool,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from transalign.records import Bead

    tmx = pytest.importorskip("translate.storage.tmx")
    beads = tmp_path / "beads.jsonl"
    code = main(["align", str(FIXTURE / "article.de.txt"), str(FIXTURE / "article.en.txt"),
                 "--bridge", "file", "--src-translations", str(FIXTURE / "article.bridge.txt"),
                 "--format", "jsonl", "-o", str(beads)])
    assert code == 0, capsys.readouterr().err
    gold = [Bead.parse(line) for line in
            (FIXTURE / "article.gold").read_text(encoding="utf-8").split("\n") if line.strip()]
    expected = [b for b in gold if with_empty or (b.src and b.tgt)]
    out = tmp_path / "article.tmx"
    code, _, err = run(capsys, str(beads), "--format", "tmx", "-o", str(out), *flags)
    assert code == 0, err
    assert check_tmx(str(out)) == len(expected)
    with open(out, "rb") as handle:
        units = [u for u in tmx.tmxfile(handle).units if not u.isheader()]
    assert len(units) == len(expected)
    ids = [(u.xmlelement.xpath("prop[@type='x-src-ids']")[0].text or "",
            u.xmlelement.xpath("prop[@type='x-tgt-ids']")[0].text or "") for u in units]
    assert ids == [(",".join(map(str, b.src)), ",".join(map(str, b.tgt))) for b in expected]
    two_one = units[ids.index(("2,3", "2"))]
    assert two_one.source.count(".") == 2 and two_one.target.count(".") == 1
