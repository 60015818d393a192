"""``transalign align`` end to end on the project's own small article pair."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from transalign.cli import main
from transalign.records import Bead

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "align"
DE_SENTS = str(FIXTURES / "article.de.sents")
EN_SENTS = str(FIXTURES / "article.en.sents")
DE_DOC = str(FIXTURES / "article.de.txt")
EN_DOC = str(FIXTURES / "article.en.txt")
BRIDGE = str(FIXTURES / "article.bridge.txt")
GOLD = (FIXTURES / "article.gold").read_text("utf-8").split("\n")[:-1]


def lines(path: str) -> list[str]:
    return Path(path).read_text("utf-8").split("\n")[:-1]


class FakeTranslator:
    """Looks German sentences up in the fixture's translations; records its calls."""

    def __init__(self) -> None:
        self.table = dict(zip(lines(DE_SENTS), lines(BRIDGE), strict=True))
        self.calls: list[list[str]] = []

    def translate(self, sentences: list[str]) -> list[str]:
        self.calls.append(list(sentences))
        return [self.table.get(s, s) for s in sentences]


@pytest.fixture
def fake_translator(monkeypatch: pytest.MonkeyPatch) -> FakeTranslator:
    fake = FakeTranslator()
    monkeypatch.setattr("transalign.commands._common.load_translator_from_args",
                        lambda args: fake)
    return fake


def beads_of(text: str) -> list[str]:
    return [Bead.parse(line).format(with_score=False) for line in text.split("\n") if line]


@pytest.mark.parametrize("bridge", [
    ["--bridge", "none"],
    ["--bridge", "file", "--src-translations", BRIDGE],
    [],  # translate (the default), with the faked translator
])
@pytest.mark.parametrize("inputs", [
    [DE_SENTS, EN_SENTS, "--presegmented"],
    [DE_DOC, EN_DOC],  # segmented by transalign.segment
])
def test_beads_output_matches_gold(capsys, fake_translator, bridge, inputs) -> None:
    assert main(["align", *inputs, *bridge, "-q"]) == 0
    out = capsys.readouterr().out
    assert beads_of(out) == GOLD
    scores = [Bead.parse(line).score for line in out.split("\n") if line]
    assert all(isinstance(s, float) for s in scores)
    if not bridge:
        assert fake_translator.calls == [lines(DE_SENTS)]  # each sentence translated once
    else:
        assert fake_translator.calls == []


def test_tsv_output(capsys, fake_translator, tmp_path: Path) -> None:
    out = tmp_path / "a.tsv"
    assert main(["align", DE_SENTS, EN_SENTS, "--presegmented", "--format", "tsv",
                 "--header", "-o", str(out), "-q"]) == 0
    assert capsys.readouterr().out == ""
    text = out.read_text("utf-8")
    assert text.endswith("\n") and "\r" not in text
    rows = list(csv.reader(text.split("\n")[:-1], delimiter="\t", quoting=csv.QUOTE_NONE))
    # the confidence last: the first six columns are as they were before it existed
    assert rows[0] == ["src_ids", "tgt_ids", "score", "type", "src", "tgt", "confidence"]
    assert all(len(r) == 7 for r in rows)
    merged = [r for r in rows[1:] if r[3] == "2-1"]
    assert merged == [["2,3", "2", merged[0][2], "2-1",
                       "Sie verbindet den Hauptbahnhof mit dem Universitätsklinikum. "
                       "Die Bauarbeiten beginnen im März 2025.",
                       lines(EN_SENTS)[2], merged[0][6]]]
    dropped = [r for r in rows[1:] if r[3] == "1-0"]
    assert dropped == [["5", "", dropped[0][2], "1-0", "Kritik kam von der Opposition.", "",
                        dropped[0][6]]]
    float(merged[0][2])
    assert all(0.0 <= float(r[6]) <= 1.0 for r in rows[1:])


def test_tsv_without_header_and_hostile_text(capsys, tmp_path: Path) -> None:
    src = tmp_path / "src.txt"
    tgt = tmp_path / "tgt.txt"
    src.write_text("Eins\u2028zwei.\nDrei\x0bvier.\n", encoding="utf-8")
    tgt.write_text("One\u2029two.\nThree four.\n", encoding="utf-8")
    assert main(["align", str(src), str(tgt), "--presegmented", "--bridge", "none",
                 "--format", "tsv", "-q"]) == 0
    out = capsys.readouterr().out
    rows = out.split("\n")[:-1]
    assert not rows[0].startswith("src_ids")
    assert all(len(r.split("\t")) == 7 for r in rows)
    assert "\u2028" not in out and "\u2029" not in out and "\x0b" not in out


def test_jsonl_output(capsys, fake_translator) -> None:
    assert main(["align", DE_SENTS, EN_SENTS, "--presegmented", "--format", "jsonl",
                 "--bridge", "file", "--src-translations", BRIDGE, "-q"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.split("\n")[:-1]]
    manifest = records[0]["manifest"]
    assert manifest["settings"]["bridge"] == "file"
    assert "higher is better" in manifest["score"]
    assert "probability" in manifest["confidence"] and "[0, 1]" in manifest["confidence"]
    body = records[1:]
    assert [Bead(tuple(r["src_ids"]), tuple(r["tgt_ids"])).format() for r in body] == GOLD
    for r in body:
        assert set(r) == {"doc_id", "src_ids", "tgt_ids", "src", "tgt", "score", "confidence",
                          "type"}
        assert isinstance(r["confidence"], float) and 0.0 <= r["confidence"] <= 1.0
        assert r["doc_id"] == "article.de.sents"
        assert r["type"] == f"{len(r['src_ids'])}-{len(r['tgt_ids'])}"
        assert isinstance(r["score"], float)
    one_two = next(r for r in body if r["type"] == "1-2")
    assert one_two["tgt"] == " ".join(lines(EN_SENTS)[6:8])


def test_jsonl_documents_are_paired_by_id(capsys, tmp_path: Path) -> None:
    src = tmp_path / "src.jsonl"
    tgt = tmp_path / "tgt.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Eins. Zwei."}) + "\n"
                   + json.dumps({"id": "b", "text": "Drei."}) + "\n", encoding="utf-8")
    tgt.write_text(json.dumps({"id": "a", "text": "One. Two."}) + "\n"
                   + json.dumps({"id": "b", "text": "Three."}) + "\n", encoding="utf-8")
    assert main(["align", str(src), str(tgt), "--bridge", "same-language", "--format", "jsonl",
                 "-q"]) == 0
    lines = capsys.readouterr().out.split("\n")
    assert json.loads(lines[0])["manifest"]["settings"]["segmenter"]["language"] == "de"
    body = [json.loads(x) for x in lines[1:-1]]
    assert [r["doc_id"] for r in body] == ["a", "a", "b"]
    assert main(["align", str(src), str(tgt), "--bridge", "none", "-q"]) == 0
    docs = capsys.readouterr().out.split("\n\n")
    assert [beads_of(d) for d in docs] == [["[0]:[0]", "[1]:[1]"], ["[0]:[0]"]]


def test_hard_wrap_warning_for_text_read_by_lines_only(capsys, tmp_path: Path) -> None:
    wrapped = (Path(__file__).parent / "fixtures" / "segment" / "wrapped.de.txt").read_text(
        encoding="utf-8")
    english = ("The mayor met club representatives on Monday and talked about renovating "
               "the old hall. The costs are around 2.5 million euros, and work should start "
               "in autumn.\n\nThe council votes in May.")
    src, tgt = tmp_path / "src.jsonl", tmp_path / "tgt.jsonl"
    src.write_text(json.dumps({"id": "a", "text": wrapped}) + "\n", encoding="utf-8")
    tgt.write_text(json.dumps({"id": "a", "text": english}) + "\n", encoding="utf-8")
    assert main(["align", str(src), str(tgt), "--bridge", "none", "-q"]) == 0
    assert "src.jsonl: the text looks hard-wrapped" in capsys.readouterr().err
    # pre-segmented, a line is a sentence: --unwrap-lines would change nothing
    assert main(["align", str(src), str(tgt), "--bridge", "none", "-q", "--presegmented"]) == 0
    assert capsys.readouterr().err == ""


def test_swapped_languages_get_a_warning(capsys) -> None:
    de, en = str(ROOT / "examples" / "article.de.txt"), str(ROOT / "examples" / "article.en.txt")
    assert main(["align", en, de, "--bridge", "none", "-q"]) == 0  # still aligned
    assert "article.en.txt reads as English and" in capsys.readouterr().err
    assert main(["align", de, en, "--bridge", "none", "-q"]) == 0
    assert capsys.readouterr().err == ""


def test_both_inputs_empty_is_an_input_error(capsys, tmp_path: Path) -> None:
    src, tgt = tmp_path / "s.txt", tmp_path / "t.txt"
    src.write_text("", encoding="utf-8")
    tgt.write_text("\n \n", encoding="utf-8")
    for seg in (["--presegmented"], []):
        assert main(["align", str(src), str(tgt), *seg, "--bridge", "none"]) == 2
        err = capsys.readouterr().err
        assert err == f"transalign: error: {src} and {tgt} are both empty (nothing to align)\n"


@pytest.mark.parametrize(("content_src", "content_tgt", "expected"), [
    ("\n\n", "One.\nTwo.\n", "[]:[0]\n[]:[1]\n"),
    ("Eins.\n", "", "[0]:[]\n"),
])
def test_empty_and_one_sided_inputs(capsys, tmp_path: Path, content_src, content_tgt,
                                    expected) -> None:
    src = tmp_path / "s.txt"
    tgt = tmp_path / "t.txt"
    src.write_text(content_src, encoding="utf-8")
    tgt.write_text(content_tgt, encoding="utf-8")
    for seg in (["--presegmented"], []):
        assert main(["align", str(src), str(tgt), *seg, "--bridge", "none", "-q"]) == 0
        out = capsys.readouterr().out
        assert beads_of(out) == beads_of(expected)


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--bridge", "file"], 2, "--bridge file needs --src-translations"),
    (["--bridge", "none", "--src-translations", BRIDGE], 2, "needs --bridge file"),
    (["--bridge", "file", "--src-translations", DE_DOC], 2, "3 lines for 10 source sentences"),
    (["--bridge", "file", "--src-translations", "/nonexistent/x"], 2, "no such file"),
    (["--max-sentences", "0", "--bridge", "none"], 2, "between 1 and 8"),
    (["--max-sentences", "1000", "--bridge", "none"], 2, "between 1 and 8, got 1000"),
    (["--band", "-7", "--bridge", "none"], 2, "--band must be at least 4"),
    (["--header", "--bridge", "none"], 2, "--header applies to --format tsv only"),
])
def test_usage_errors(capsys, args, code, message) -> None:
    assert main(["align", DE_SENTS, EN_SENTS, "--presegmented", *args]) == code
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert len(err.strip().split("\n")) == 1


@pytest.mark.parametrize(("make", "message"), [
    (lambda d: (str(d / "missing.txt"), EN_SENTS), "no such file"),
    (lambda d: (str(d), EN_SENTS), "is a directory"),
    (lambda d: ("-", "-"), "cannot both be stdin"),
])
def test_input_errors(capsys, tmp_path: Path, make, message) -> None:
    src, tgt = make(tmp_path)
    assert main(["align", src, tgt, "--presegmented", "--bridge", "none"]) == 2
    assert message in capsys.readouterr().err


def test_unknown_bridge_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["align", DE_SENTS, EN_SENTS, "--bridge", "bogus"])
    assert exc.value.code == 2
    assert "invalid choice: 'bogus'" in capsys.readouterr().err


def test_binary_input_is_an_input_error(capsys, tmp_path: Path) -> None:
    path = tmp_path / "bin.txt"
    path.write_bytes(b"\x00\x01\x02garbage")
    assert main(["align", str(path), EN_SENTS, "--bridge", "none"]) == 2
    assert "binary" in capsys.readouterr().err


def test_document_count_mismatch(capsys, tmp_path: Path) -> None:
    src = tmp_path / "src.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Eins."}) + "\n"
                   + json.dumps({"id": "b", "text": "Zwei."}) + "\n", encoding="utf-8")
    tgt = tmp_path / "tgt.jsonl"
    tgt.write_text(json.dumps({"id": "a", "text": "One."}) + "\n", encoding="utf-8")
    assert main(["align", str(src), str(tgt), "--bridge", "none"]) == 2
    assert "has 2 documents but" in capsys.readouterr().err


def test_output_file_is_written_atomically(capsys, tmp_path: Path) -> None:
    out = tmp_path / "beads.txt"
    assert main(["align", DE_SENTS, EN_SENTS, "--presegmented", "--bridge", "none",
                 "-o", str(out), "-q"]) == 0
    assert beads_of(out.read_text("utf-8")) == GOLD
    assert [p.name for p in tmp_path.iterdir()] == ["beads.txt"]
    shutil.rmtree(tmp_path / "nowhere", ignore_errors=True)
    assert main(["align", DE_SENTS, EN_SENTS, "--presegmented", "--bridge", "none",
                 "-o", str(tmp_path / "nowhere" / "x.txt"), "-q"]) == 2


def test_translate_bridge_with_the_tiny_model(capsys, tiny_model: Path, fast_config: Path) -> None:
    # the project's real translator (random tiny weights: garbage bridge, valid beads)
    assert main(["align", DE_SENTS, EN_SENTS, "--presegmented", "--model", str(tiny_model),
                 "--config", str(fast_config), "--format", "jsonl", "-q"]) == 0
    records = [json.loads(x) for x in capsys.readouterr().out.split("\n")[:-1]]
    assert records[0]["manifest"]["settings"]["bridge"] == "translate"
    assert records[0]["manifest"]["settings"]["translator"]  # how the bridge was made
    beads = records[1:]
    assert [i for r in beads for i in r["src_ids"]] == list(range(10))
    assert [j for r in beads for j in r["tgt_ids"]] == list(range(10))


@pytest.mark.parametrize("mode", ["soft", "hard", "ignore"])
def test_presegmented_blank_lines_are_paragraphs(tmp_path: Path, mode: str, capsys) -> None:
    """With --presegmented, blank lines separate paragraphs; --paragraphs picks the cut.
    The English side adds a sentence at the start of its second paragraph that repeats
    the words of the first paragraph's last sentence."""
    src = tmp_path / "src.txt"
    tgt = tmp_path / "tgt.txt"
    src.write_text("The harbour master counted 17 boats.\nSnow closed the mountain pass for "
                   "three whole weeks.\n\nThe bakery sells rye bread with caraway.\n"
                   "An owl nested in the church tower.\n", "utf-8")
    tgt.write_text("The harbour master counted 17 boats.\nSnow closed the mountain pass for "
                   "three whole weeks.\n\nSnow closed the mountain pass for weeks.\n"
                   "The bakery sells rye bread with caraway.\n"
                   "An owl nested in the church tower.\n", "utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["align", str(src), str(tgt), "--presegmented", "--bridge", "same-language",
                 "--paragraphs", mode, "--format", "jsonl", "-o", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text("utf-8").split("\n") if line]
    assert rows[0]["manifest"]["settings"]["paragraphs"] == mode
    pairs = [(r["src_ids"], r["tgt_ids"]) for r in rows[1:]]
    crossing = ([1], [1, 2]) in pairs  # target paragraphs: [0, 1] and [2, 3, 4]
    assert crossing == (mode == "ignore"), pairs
    assert [i for s, _ in pairs for i in s] == [0, 1, 2, 3]
    assert [j for _, t in pairs for j in t] == [0, 1, 2, 3, 4]
