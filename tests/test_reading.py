"""Reading documents: formats, and every input error a user can cause."""

from __future__ import annotations

import io
import json

import pytest

from transalign.errors import InputError
from transalign.reading import read_documents, read_input


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty"),
    (b"  \n\t\n", "empty"),
    ("\u200b\u00ad \x01\n".encode(), "empty"),  # zero-width and control characters only
    (b"Gr\xfc\xdfe aus K\xf6ln\n", "invalid UTF-8"),
    (b"\x7fELF\x02\x01\x00\x00binary", "binary"),
    (b'{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n', "duplicate id"),
    (b'{"id": "a", "text": "x"}\n{"id": "b"\n', "invalid JSON"),
    (b'{"id": "a", "body": "x"}\n', "missing string field 'text'"),
    # the tool's own outputs given where an input is expected: named
    (b'{"manifest": {}}\n{"doc_id": "a", "sent": 0, "src": "Hallo.", "tgt": "Hello."}\n',
     "translate --format jsonl` output"),
    (b'{"manifest": {}}\n{"doc_id": "a", "src_ids": [0], "tgt_ids": [0]}\n',
     "align --format jsonl` output"),
    (b'{"id": "a", "text": "x", "deep": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n",
     r"in.jsonl:1: invalid JSON \(nested too deeply\)"),
    (b'{"id": "a", "text": "Hallo \\ud800 Welt."}\n', r"in.jsonl:1: invalid JSON \(a \\u escape "
     "that is half a surrogate pair"),
])
def test_bad_input_raises_one_clear_input_error(tmp_path, content, message) -> None:
    name = "in.jsonl" if content.startswith(b"{") else "in.txt"
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as info:
        read_documents(str(path))
    assert "\n" not in str(info.value)
    assert info.value.exit_code == 2


def test_missing_file_and_directory(tmp_path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_documents(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="is a directory"):
        read_documents(str(tmp_path))


def test_text_is_one_document_kept_exactly(tmp_path) -> None:
    text = "\ufeffErster Absatz.\n\n  Zweiter Absatz.\n"
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    docs, fmt = read_input(str(path))
    assert fmt == "text" and len(docs) == 1
    assert docs[0].id == "a.txt" and docs[0].text == text[1:]  # BOM dropped, rest kept


def test_jsonl_documents_with_reference_and_manifest_line(tmp_path) -> None:
    lines = [{"manifest": {"tool": "x"}}, {"id": "d1", "text": "Eins.\u2028Zwei."},
             {"id": 7, "text": "Drei.", "reference": "Three."}]
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n",
                    encoding="utf-8")
    docs, fmt = read_input(str(path))
    assert fmt == "jsonl"
    assert [(d.id, d.text, d.reference) for d in docs] == [
        ("d1", "Eins.\u2028Zwei.", None), ("7", "Drei.", "Three.")]


def test_stdin(monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"Hallo Welt.\n")))
    [doc] = read_documents("-")
    assert doc.id == "-" and doc.text == "Hallo Welt.\n"


def test_empty_allowed_when_asked(tmp_path) -> None:
    path = tmp_path / "e.txt"
    path.write_text("\n\n", encoding="utf-8")
    assert read_documents(str(path), allow_empty=True) == []


def test_auto_format_reads_a_text_line_in_braces_as_text(tmp_path) -> None:
    path = tmp_path / "photo.txt"
    path.write_text("{Foto: dpa}\nDer Rat tagte.\n", encoding="utf-8")
    docs, fmt = read_input(str(path))
    assert fmt == "text" and docs[0].text == "{Foto: dpa}\nDer Rat tagte.\n"
    # without a .jsonl name, a first line that is a JSON object with "text" is still JSONL
    path.write_text('{"id": "a", "text": "Der Rat tagte."}\n', encoding="utf-8")
    docs, fmt = read_input(str(path))
    assert fmt == "jsonl" and [(d.id, d.text) for d in docs] == [("a", "Der Rat tagte.")]
