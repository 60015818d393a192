"""Reading the project's JSONL outputs (translate records, align beads, export lines)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from transalign.errors import InputError
from transalign.export import AlignedPair, peek_manifest, read_all, read_pairs

MANIFEST = json.dumps({"manifest": {"command": "align", "model": "tiny"}})
TRANSLATE = {"doc_id": "a", "para": 0, "sent": 3, "start": 10, "end": 20,
             "src": "Hallo Welt.", "tgt": "Hello world.", "flags": ["unk"]}
BEAD = {"doc_id": "a", "src_ids": [1, 2], "tgt_ids": [1], "src": "Eins. Zwei.",
        "tgt": "One, two.", "score": 0.75, "type": "2-1"}


def _write(tmp_path: Path, *lines: str | dict, name: str = "in.jsonl") -> str:
    path = tmp_path / name
    path.write_text("".join((ln if isinstance(ln, str) else json.dumps(ln)) + "\n" for ln in lines),
                    encoding="utf-8")
    return str(path)


def test_translate_record_becomes_unscored_one_to_one(tmp_path: Path) -> None:
    (pair,) = read_pairs(_write(tmp_path, MANIFEST, TRANSLATE))
    assert pair == AlignedPair("Hallo Welt.", "Hello world.", doc_id="a", src_ids=(3,),
                               tgt_ids=(3,), score=None, score_kind="none", flags=("unk",),
                               origin=pair.origin)
    assert pair.kind == "1-1"
    assert pair.origin.endswith("in.jsonl:2")


def test_align_bead_keeps_ids_score_and_type(tmp_path: Path) -> None:
    (pair,) = read_pairs(_write(tmp_path, MANIFEST, BEAD))
    assert (pair.src_ids, pair.tgt_ids, pair.score, pair.score_kind, pair.kind) == (
        (1, 2), (1,), 0.75, "align", "2-1")


@pytest.mark.parametrize(("src_ids", "tgt_ids", "src", "tgt", "kind"), [
    ([4], [], "Nur hier.", "", "1-0"),
    ([], [4], "", "Only here.", "0-1"),
    ([0, 1, 2], [0], "A. B. C.", "ABC.", "3-1"),
])
def test_beads_of_every_type(tmp_path: Path, src_ids: list[int], tgt_ids: list[int], src: str,
                             tgt: str, kind: str) -> None:
    bead = {**BEAD, "src_ids": src_ids, "tgt_ids": tgt_ids, "src": src, "tgt": tgt, "type": kind}
    (pair,) = read_pairs(_write(tmp_path, bead))
    assert pair.kind == kind


def test_export_jsonl_lines_read_back(tmp_path: Path) -> None:
    pair = AlignedPair("Ja.", "Yes.", doc_id="d", src_ids=(0,), tgt_ids=(0,), flags=("unk",))
    rejected_line = {"rule": "empty", "rule_score": [0, 3], "origin": "x:1", **pair.to_json()}
    got = list(read_pairs(_write(tmp_path, pair.to_json(), rejected_line)))
    assert [(p.src, p.tgt, p.score, p.score_kind, p.flags) for p in got] == [
        ("Ja.", "Yes.", None, "none", ("unk",))] * 2


def test_separators_inside_json_strings_do_not_split_lines(tmp_path: Path) -> None:
    # splitlines() would break this line at U+2028/U+2029/U+0085 and fail on half a JSON object.
    bead = {**BEAD, "src": "Eins.\u2028Zwei.\u0085", "tgt": "One,\u2029two."}
    path = tmp_path / "seps.jsonl"
    path.write_text(MANIFEST + "\n" + json.dumps(bead, ensure_ascii=False) + "\n", encoding="utf-8")
    (pair,) = read_pairs(str(path))
    assert pair.src == "Eins.\u2028Zwei.\u0085"


def test_bom_crlf_and_blank_lines_are_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "win.jsonl"
    path.write_bytes(("\ufeff" + MANIFEST + "\r\n\r\n" + json.dumps(BEAD) + "\r\n   \n").encode())
    assert len(list(read_pairs(str(path)))) == 1


def test_manifest_only_file_has_no_pairs(tmp_path: Path) -> None:
    path = _write(tmp_path, MANIFEST)
    assert list(read_pairs(path)) == []
    assert peek_manifest(path) == {"command": "align", "model": "tiny"}


def test_peek_manifest_without_manifest(tmp_path: Path) -> None:
    assert peek_manifest(_write(tmp_path, BEAD)) is None
    assert peek_manifest(str(tmp_path / "missing.jsonl")) is None
    assert peek_manifest("-") is None


def test_read_all_keeps_file_order(tmp_path: Path) -> None:
    first = _write(tmp_path, {**TRANSLATE, "src": "1"}, name="a.jsonl")
    second = _write(tmp_path, MANIFEST, {**BEAD, "src": "2"}, name="b.jsonl")
    assert [p.src for p in read_all([first, second, first])] == ["1", "2", "1"]


HOSTILE = [
    # (id, file content as bytes, expected message fragment, expected line)
    ("bad-json", b'{"doc_id": "a", "src"\n', "invalid JSON", 1),
    ("truncated", MANIFEST.encode() + b'\n{"doc_id": "a", "src_ids": [0]', "invalid JSON", 2),
    ("nan-score", MANIFEST.encode() + b'\n' + json.dumps({**BEAD, "score": float("nan")}).encode(),
     "NaN is not valid JSON", 2),
    ("array", b"[1, 2]\n", "expected a JSON object, got list", 1),
    ("string", b'"text"\n', "expected a JSON object, got str", 1),
    ("unknown-shape", b'{"id": "a", "text": "Hallo"}\n', "not a translate record", 1),
    ("ids-not-list", json.dumps({**BEAD, "src_ids": 1}).encode(), "'src_ids' must be a list", 1),
    ("ids-negative", json.dumps({**BEAD, "src_ids": [-1]}).encode(), "'src_ids' must be a list", 1),
    ("ids-bool", json.dumps({**BEAD, "tgt_ids": [True]}).encode(), "'tgt_ids' must be a list", 1),
    ("ids-unsorted", json.dumps({**BEAD, "src_ids": [2, 1]}).encode(), "ascending", 1),
    ("src-missing", json.dumps({k: v for k, v in BEAD.items() if k != "src"}).encode(),
     "'src' must be a string, got nothing", 1),
    ("tgt-number", json.dumps({**BEAD, "tgt": 5}).encode(), "'tgt' must be a string, got int", 1),
    ("score-string", json.dumps({**BEAD, "score": "0.5"}).encode(), "'score' must be a number", 1),
    ("score-bool", json.dumps({**BEAD, "score": True}).encode(), "'score' must be a number", 1),
    ("score-overflow", json.dumps(BEAD).replace('"score": 0.75', '"score": 1e400').encode(),
     "'score' must be a finite number", 1),
    ("score-huge-int", json.dumps(BEAD).replace('"score": 0.75', '"score": 1' + "0" * 400).encode(),
     "'score' must be a finite number", 1),
    ("type-mismatch", json.dumps({**BEAD, "type": "1-1"}).encode(), "ids make it '2-1'", 1),
    ("type-garbage", json.dumps({**BEAD, "type": "two-one"}).encode(), "must look like", 1),
    ("empty-ids-with-text", json.dumps({**BEAD, "tgt_ids": [], "type": "2-0"}).encode(),
     "no sentence ids must have empty text", 1),
    ("score-kind-unknown", json.dumps({**BEAD, "score_kind": "bleu"}).encode(), "'score_kind'", 1),
    ("score-kind-mismatch", json.dumps({**BEAD, "score_kind": "none"}).encode(),
     "does not fit score", 1),
    ("sent-string", json.dumps({**TRANSLATE, "sent": "3"}).encode(), "'sent' must be an integer", 1),
    ("flags-string", json.dumps({**TRANSLATE, "flags": "unk"}).encode(), "'flags' must be a list", 1),
    ("doc-id-number", json.dumps({**TRANSLATE, "doc_id": 7}).encode(), "'doc_id' must be a string", 1),
    ("latin1", MANIFEST.encode() + b'\n{"doc_id": "a", "src": "M\xfcnchen"}\n', "invalid UTF-8", 2),
    # issue 17: the first block is checked for binary data before any line is read
    ("nul-bytes", b"\x00\x00\x00\n", "binary file (NUL bytes)", None),
    ("empty-file", b"", "input is empty", None),
    ("blank-file", b"\n  \n\n", "input is empty", None),
]


@pytest.mark.parametrize(("content", "fragment", "line"), [c[1:] for c in HOSTILE],
                         ids=[c[0] for c in HOSTILE])
def test_hostile_input_is_one_input_error_with_file_and_line(
        tmp_path: Path, content: bytes, fragment: str, line: int | None) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        list(read_pairs(str(path)))
    message = str(info.value)
    assert fragment in message
    assert "\n" not in message
    prefix = f"{path}:{line}:" if line is not None else f"{path}:"
    assert message.startswith(prefix)


@pytest.mark.parametrize(("name", "fragment"), [("missing.jsonl", "no such file"),
                                                ("", "is a directory")])
def test_missing_file_and_directory(tmp_path: Path, name: str, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        list(read_pairs(str(tmp_path / name) if name else str(tmp_path)))


def test_error_after_good_lines_names_the_right_line(tmp_path: Path) -> None:
    path = _write(tmp_path, MANIFEST, BEAD, BEAD, "{oops")
    reader = read_pairs(path)
    assert next(reader).src == "Eins. Zwei."
    with pytest.raises(InputError, match=r"in\.jsonl:4: invalid JSON"):
        list(reader)
