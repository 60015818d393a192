"""``transalign segment`` end to end through ``transalign.cli.main``, on the project's own texts."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from transalign.cli import main

ARTICLE = (
    "Der Bürgermeister traf am Montag, dem 4. März, Vertreter der Vereine. "
    "„Wir haben viel vor. Die Halle wird saniert“, – sagte K. Brandt nach dem Treffen.\n"
    "\n"
    "Die Kosten liegen bei ca. 2,5 Mio. Euro. Baubeginn ist im 3. Quartal.\n"
    "Mehr unter www.stadt-beispiel.de im Netz.\n"
)
EXPECTED = [
    ["Der Bürgermeister traf am Montag, dem 4. März, Vertreter der Vereine.",
     "„Wir haben viel vor.",
     "Die Halle wird saniert“, – sagte K. Brandt nach dem Treffen."],
    ["Die Kosten liegen bei ca. 2,5 Mio. Euro.", "Baubeginn ist im 3. Quartal."],
    ["Mehr unter www.stadt-beispiel.de im Netz."],
]


@pytest.fixture()
def article(tmp_path: Path) -> Path:
    path = tmp_path / "artikel.de.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _paragraphs(text_output: str) -> list[list[str]]:
    return [block.split("\n") for block in text_output.rstrip("\n").split("\n\n")]


def _jsonl(text: str) -> tuple[dict, list[dict]]:
    lines = text.split("\n")
    assert lines[-1] == ""
    objs = [json.loads(line) for line in lines[:-1]]
    return objs[0], objs[1:]


def test_text_format_one_sentence_per_line(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["segment", str(article)]) == 0
    out = capsys.readouterr().out
    assert _paragraphs(out) == EXPECTED


def test_jsonl_format_has_manifest_and_exact_offsets(
        article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["segment", str(article), "--format", "jsonl"]) == 0
    manifest, records = _jsonl(capsys.readouterr().out)
    assert manifest["manifest"]["settings"]["segmenter"]["segmenter"] == "transalign-de-rules"
    assert manifest["manifest"]["settings"]["segmenter"]["segmenter_version"]
    assert [r["sent"] for r in records] == list(range(6))
    assert [r["para"] for r in records] == [0, 0, 0, 1, 1, 2]
    text = article.read_text(encoding="utf-8")
    for r in records:
        assert set(r) == {"doc_id", "para", "sent", "start", "end", "text"}
        assert r["doc_id"] == "artikel.de.txt"
        assert text[r["start"]:r["end"]] == r["text"]
    grouped: dict[int, list[str]] = {}
    for r in records:
        grouped.setdefault(r["para"], []).append(r["text"])
    assert list(grouped.values()) == EXPECTED


def test_output_file_and_unwrap_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "umbruch.txt"
    src.write_text("Die Sitzung wurde auf den \r\n12. Mai verlegt. Alle\nwaren einverstanden.\n\n"
                   "Zweiter Absatz.\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    assert main(["segment", str(src), "-o", str(out), "--unwrap-lines", "--quiet"]) == 0
    assert capsys.readouterr().out == ""
    assert _paragraphs(out.read_text(encoding="utf-8")) == [
        ["Die Sitzung wurde auf den 12. Mai verlegt.", "Alle waren einverstanden."],
        ["Zweiter Absatz."]]
    out_jsonl = tmp_path / "out.jsonl"
    assert main(["segment", str(src), "-o", str(out_jsonl), "--unwrap-lines", "--format", "jsonl"]) == 0
    manifest, records = _jsonl(out_jsonl.read_text(encoding="utf-8"))
    assert manifest["manifest"]["settings"]["segmenter"]["unwrap_lines"] is True
    assert records[0]["text"] == "Die Sitzung wurde auf den \r\n12. Mai verlegt."


def test_jsonl_input_separates_documents(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "docs.jsonl"
    docs = [{"id": "a", "text": "Erster Satz. Zweiter Satz."}, {"id": "b", "text": "Nur einer."},
            {"id": "c", "text": "Zeile\u2028mit Trenner. Ende."}]
    src.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in docs) + "\n", encoding="utf-8")
    assert main(["segment", str(src)]) == 0
    out = capsys.readouterr().out
    # documents keep their ids: a "# id: DOC_ID" line starts each one
    assert _paragraphs(out) == [["# id: a", "Erster Satz.", "Zweiter Satz."],
                                ["# id: b", "Nur einer."],
                                ["# id: c", "Zeile mit Trenner.", "Ende."]]
    assert main(["segment", str(src), "--format", "jsonl"]) == 0
    raw = capsys.readouterr().out
    assert "\u2028" not in raw  # escaped, so every record stays on one line
    _, records = _jsonl(raw)
    assert [(r["doc_id"], r["sent"]) for r in records] == [("a", 0), ("a", 1), ("b", 0), ("c", 0), ("c", 1)]
    assert records[3]["text"] == "Zeile\u2028mit Trenner."


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"Hallo. Wie geht es?\n"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["segment", "-"]) == 0
    assert capsys.readouterr().out == "Hallo.\nWie geht es?\n"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("missing.txt", None, "no such file"),
    ("latin1.txt", "Grüße aus Köln.".encode("latin-1"), "invalid UTF-8"),
    ("binary.bin", b"\x00\x01\x02PNG\x00\x00", "binary"),
    ("empty.txt", b"", "empty"),
    ("blank.txt", b" \n\t\n", "empty"),
    ("bad.jsonl", b'{"id": "a", "text": 5}\n', "text"),
])
def test_input_errors_exit_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           name: str, content: bytes | None, message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert main(["segment", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err_lines = captured.err.strip().split("\n")
    assert len(err_lines) == 1, captured.err
    assert message in err_lines[0]
    assert "Traceback" not in captured.err


def test_hostile_text_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "dots.txt"
    src.write_text("." * 50_000 + "\n\u00ff\u0001 Ä. ö?! „“ …\n", encoding="utf-8")
    assert main(["segment", str(src), "--format", "jsonl"]) == 0
    _, records = _jsonl(capsys.readouterr().out)
    text = src.read_text(encoding="utf-8")
    assert records and all(text[r["start"]:r["end"]] == r["text"] for r in records)


def test_text_format_keeps_one_sentence_per_line(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "wrapped.txt"
    src.write_text("Ein" + " " * 200_000 + "langer\n \n\x0cSatz \u2028 endet\nhier.\n", encoding="utf-8")
    assert main(["segment", str(src), "--unwrap-lines"]) == 0
    assert capsys.readouterr().out == "Ein" + " " * 200_000 + "langer\n\nSatz endet hier.\n"


def test_a_file_name_that_is_not_utf8_is_escaped_in_the_manifest(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    name = os.fsdecode(bytes(tmp_path) + b"/a\xff.txt")  # how Python sees such a name
    Path(name).write_text("Ein Satz. Noch einer.\n", encoding="utf-8")
    out = tmp_path / "seg.jsonl"
    assert main(["segment", name, "--format", "jsonl", "-o", str(out), "-q"]) == 0, \
        capsys.readouterr().err
    head, first = (json.loads(x) for x in out.read_text(encoding="utf-8").split("\n")[:2])
    # issue 17: written as valid UTF-8 (the byte as the text \xff, paths.name_id), no longer
    # as a "\udcff" escape that the tool's own readers refuse; name_from_id reverses it
    from transalign.paths import name_from_id

    written = head["manifest"]["inputs"][0]["path"]
    assert written.endswith("/a\\xff.txt") and name_from_id(written) == name
    assert first["doc_id"] == "a\\xff.txt"


# a hard-wrapped article: lines end inside sentences, a blank line between paragraphs
WRAPPED = Path(__file__).parent / "fixtures" / "segment" / "wrapped.de.txt"


def test_hard_wrapped_text_gets_a_warning_naming_the_fix(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["segment", str(WRAPPED), "-q"]) == 0  # said even with -q
    captured = capsys.readouterr()
    assert "hard-wrapped" in captured.err and "--unwrap-lines" in captured.err
    assert "vereine und" in captured.out.lower().split("\n")[0]  # cut at the line end
    assert main(["segment", str(WRAPPED), "-q", "--unwrap-lines"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert _paragraphs(captured.out) == [
        ["Der Bürgermeister traf am Montag Vertreter der Vereine und sprach mit ihnen über "
         "die Sanierung der alten Halle.",
         "Die Kosten liegen bei rund 2,5 Millionen Euro, der Bau soll im Herbst beginnen."],
        ["Der Stadtrat stimmt im Mai ab."]]


NOT_WRAPPED = (
    "Neue Regeln für den Wochenmarkt auf dem Rathausplatz\n"  # a headline
    "Der Stadtrat hat am Dienstag neue Regeln für den Markt beschlossen.\n"
    "Die Stände dürfen künftig schon um sechs Uhr öffnen.\n"
    "Tagesordnung der nächsten Sitzung im großen Saal\n"  # an agenda without periods
    "18:00 Begrüßung durch die Vorsitzende des Rates\n"
    "18:15 Bericht über die Finanzen der Stadt Neustadt\n"
    "2. Lesung des Haushalts für das kommende Jahr 2026\n"
)


def test_a_text_with_a_paragraph_per_line_gets_no_warning(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "zeilen.de.txt"
    path.write_text(NOT_WRAPPED, encoding="utf-8")
    assert main(["segment", str(path), "-q"]) == 0
    assert capsys.readouterr().err == ""
