"""`transalign check` end to end: line-parallel files, translate's JSONL, --fail-on."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from transalign.cli import main

SRC = [
    "Am 9. Dezember um 19 Uhr kamen 12.500 Menschen.",
    "Mehr unter www.example.de und bei #Wahl2021.",
    "„We will never give up on our allies in Europe and elsewhere.“",
    "Die Regierung hat am Mittwoch den Haushalt beschlossen.",
    "Das Spiel endete 2:1.",
]
GOOD = [
    "On December 9 at 7 p.m., 12,500 people came.",
    "More at www.example.de and under #Wahl2021.",
    "„We will never give up on our allies in Europe and elsewhere.“",
    "The government approved the budget on Wednesday.",
    "The match ended 2-1.",
]
BAD = [
    "On December 9 at 9 p.m., 12,500 people came.",  # number_mismatch
    "More at www.example.de and under #election2021.",  # missing_token
    "„We will never give up on our allies in Europe and elsewhere.“",  # source_en
    "Die Regierung hat am Mittwoch den Haushalt beschlossen.",  # not_english
    "The match ended 2-1.",
]
BAD_FLAGS = [["number_mismatch"], ["missing_token"], ["source_en"], ["not_english"], []]


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:  # argparse's own usage errors
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def lines_file(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def records(out: str) -> tuple[dict, list[dict]]:
    rows = [json.loads(line) for line in out.splitlines()]
    assert set(rows[0]) == {"manifest"}
    return rows[0]["manifest"], rows[1:]


def test_line_parallel_files_get_one_record_per_line_and_exit_0(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src, hyp = lines_file(tmp_path / "src.de", SRC), lines_file(tmp_path / "hyp.en", BAD)
    code, out, err = run(capsys, "check", src, hyp)
    assert code == 0, err  # flags alone never fail the command
    manifest, rows = records(out)
    assert manifest["command"] == "check"
    assert [i["path"] for i in manifest["inputs"]] == [str(src), str(hyp)]
    assert manifest["settings"]["checks"] == ["numbers", "tokens", "langid"]
    assert manifest["settings"]["langid"]["backend"] == "py3langid"
    assert [r["line"] for r in rows] == [1, 2, 3, 4, 5]
    assert [r["flags"] for r in rows] == BAD_FLAGS
    assert rows[0]["checks"] == {"number_mismatch": ["19 Uhr"]}
    assert rows[1]["checks"] == {"missing_token": ["#Wahl2021"]}
    assert rows[3]["checks"]["not_english"]["lang"] == "de"
    assert [(r["src"], r["tgt"]) for r in rows] == list(zip(SRC, BAD, strict=True))
    assert "5 sentences checked (numbers, tokens, langid): 4 flagged" in err
    assert "number_mismatch 1" in err and "not_english 1" in err


def test_blank_lines_between_paragraphs_are_not_counted(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = lines_file(tmp_path / "src.de", [SRC[0], "", SRC[1]])
    hyp = lines_file(tmp_path / "hyp.en", [GOOD[0], "", GOOD[1]])
    code, out, err = run(capsys, "check", src, hyp)
    assert code == 0 and [r["line"] for r in records(out)[1]] == [1, 2, 3]
    assert "2 sentences checked" in err


def test_a_good_translation_has_no_flags(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    src, hyp = lines_file(tmp_path / "src.de", SRC), lines_file(tmp_path / "hyp.en", GOOD)
    code, out, err = run(capsys, "check", src, hyp, "--fail-on",
                         "number_mismatch,missing_token,not_english")
    assert code == 0, err
    _, rows = records(out)
    # the English quote in the source is flagged, and only that
    assert [r["flags"] for r in rows] == [[], [], ["source_en"], [], []]


@pytest.mark.parametrize(("fail_on", "code"), [
    ("number_mismatch", 1), ("missing_token", 1), ("not_english,missing_token", 1),
    ("any", 1), ("copied", 0),
])
def test_fail_on_sets_the_exit_status(tmp_path: Path, fail_on: str, code: int,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    src, hyp = lines_file(tmp_path / "src.de", SRC), lines_file(tmp_path / "hyp.en", BAD)
    got, out, err = run(capsys, "check", src, hyp, "--fail-on", fail_on, "-q")
    assert got == code, err
    assert len(out.splitlines()) == 1 + len(SRC)  # the records are written all the same
    if code:
        assert "(--fail-on)" in err  # said even with -q


def test_fail_on_passes_when_the_flag_is_absent(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = lines_file(tmp_path / "src.de", SRC[:2])
    hyp = lines_file(tmp_path / "hyp.en", [GOOD[0], BAD[1]])  # only missing_token
    code, _, err = run(capsys, "check", src, hyp, "--fail-on", "number_mismatch")
    assert code == 0, err


def test_checks_option_limits_the_checks(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    src, hyp = lines_file(tmp_path / "src.de", SRC), lines_file(tmp_path / "hyp.en", BAD)
    code, out, err = run(capsys, "check", src, hyp, "--checks", "numbers")
    assert code == 0, err
    manifest, rows = records(out)
    assert "langid" not in manifest["settings"]
    assert [r["flags"] for r in rows] == [["number_mismatch"], [], [], [], []]


def test_text_format_lists_the_flagged_lines(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    src, hyp = lines_file(tmp_path / "src.de", SRC), lines_file(tmp_path / "hyp.en", BAD)
    code, out, err = run(capsys, "check", src, hyp, "--format", "text")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[:2] == ["1\tnumber_mismatch\t19 Uhr", "2\tmissing_token\t#Wahl2021"]
    assert [line.split("\t")[:2] for line in lines[2:]] == [["3", "source_en"],
                                                            ["4", "not_english"]]


@pytest.mark.parametrize("gap", [" ", "\t"])
def test_text_format_shows_the_part_left_untranslated_on_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], gap: str) -> None:
    src = lines_file(tmp_path / "src.de",
                     ["Die Regierung will Steuern senken, aber die Opposition ist dagegen."])
    hyp = lines_file(tmp_path / "hyp.en",
                     [f"The government wants to cut taxes, aber die{gap}Opposition ist dagegen."])
    code, out, err = run(capsys, "check", src, hyp, "--format", "text")
    assert code == 0, err
    line, flag, detail = out.strip().split("\t")
    assert (line, flag) == ("1", "not_english")
    assert detail.endswith(", left untranslated: aber die Opposition ist dagegen")


def test_source_on_stdin_and_output_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    hyp = lines_file(tmp_path / "hyp.en", BAD)
    data = "".join(line + "\n" for line in SRC).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    out_file = tmp_path / "flags.jsonl"
    code, out, err = run(capsys, "check", "-", hyp, "-o", out_file)
    assert (code, out) == (0, ""), err
    manifest, rows = records(out_file.read_text(encoding="utf-8"))
    assert manifest["inputs"][0]["path"] == "-"
    assert [r["flags"] for r in rows] == BAD_FLAGS


def one_error_line(err: str) -> str:
    assert err.startswith("transalign: error: ") and err.count("\n") == 1, err
    return err


@pytest.mark.parametrize(("argv", "fragment"), [
    (["{src}", "{short}"], "has 5 lines but"),
    (["{src}"], "give the English translation too"),
    (["{src}", "{hyp}", "--fail-on", "wrong"], "unknown flag wrong"),
    (["{src}", "{hyp}", "--checks", "numbers,spelling"], "unknown check spelling"),
    (["{src}", "{hyp}", "--checks", "numbers", "--threshold", "0.5"], "langid check only"),
    (["{src}", "{hyp}", "--threshold", "1.5"], "between 0 and 1"),
    (["{src}", "{hyp}", "-o", "{src}"], "is also an input"),
    (["{bad_jsonl}"], ":2: expected a record with string fields 'src' and 'tgt'"),
    (["{empty}", "{empty}"], "input is empty"),
])
def test_usage_and_input_errors_are_one_line(tmp_path: Path, argv: list[str], fragment: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    paths = {"src": lines_file(tmp_path / "src.de", SRC),
             "hyp": lines_file(tmp_path / "hyp.en", BAD),
             "short": lines_file(tmp_path / "short.en", BAD[:3]),
             "empty": lines_file(tmp_path / "empty.txt", []),
             "bad_jsonl": tmp_path / "bad.jsonl"}
    paths["bad_jsonl"].write_text('{"manifest": {}}\n{"text": "Hallo"}\n', encoding="utf-8")
    before = paths["src"].read_bytes()
    code, out, err = run(capsys, "check", *(a.format(**paths) for a in argv))
    assert (code, out) == (2, "")
    assert fragment in one_error_line(err)
    assert paths["src"].read_bytes() == before


def test_translate_jsonl_records_keep_their_fields_and_flags(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [{"manifest": {"command": "translate"}},
            {"doc_id": "a", "para": 0, "sent": 0, "start": 0, "end": 27,
             "src": "Um 19 Uhr war es dunkel.", "tgt": "At 9 p.m. it was dark.",
             "flags": ["long_split"]},
            {"doc_id": "a", "para": 0, "sent": 1, "start": 28, "end": 40,
             "src": "Es regnete.", "tgt": "It rained.", "flags": []}]
    path = tmp_path / "translation.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    code, out, err = run(capsys, "check", path, "--checks", "numbers,tokens")
    assert code == 0, err
    manifest, got = records(out)
    assert "doc_id" in manifest["fields"]
    assert got[0] == {**rows[1], "flags": ["long_split", "number_mismatch"],
                      "checks": {"number_mismatch": ["19 Uhr"]}}
    assert got[1] == {**rows[2], "checks": {}}
    code, out, err = run(capsys, "check", path, "--format", "text", "--checks", "numbers")
    assert out == "a:0\tnumber_mismatch\t19 Uhr\n"


def test_checks_the_output_of_translate_jsonl(tiny_model: Path, fast_config: Path,
                                              tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "article.de.txt"
    src.write_text("Am 9. Dezember kamen 12.500 Menschen.\n\nSiehe www.example.de.\n",
                   encoding="utf-8")
    translation = tmp_path / "article.jsonl"
    code, _, err = run(capsys, "translate", src, "--model", tiny_model, "--config",
                       fast_config, "--format", "jsonl", "-o", translation, "-q")
    assert code == 0, err
    translated = [json.loads(line) for line in translation.read_text().splitlines()][1:]
    code, out, err = run(capsys, "check", translation, "--checks", "numbers,tokens")
    assert code == 0, err
    _, got = records(out)
    assert len(got) == len(translated) == 2
    for before, after in zip(translated, got, strict=True):
        for key in ("doc_id", "para", "sent", "start", "end", "src", "tgt"):
            assert after[key] == before[key]
    # the random tiny model writes neither the numbers nor the URL
    assert got[0]["checks"]["number_mismatch"] == ["9. Dezember", "12.500"]
    assert got[1]["checks"]["missing_token"] == ["www.example.de"]
    code, _, _ = run(capsys, "check", translation, "--checks", "numbers,tokens",
                     "--fail-on", "number_mismatch", "-q")
    assert code == 1
