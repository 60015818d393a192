"""Every writer's files are parsed back: TMX (structure check + translate-toolkit), Moses, TSV, JSONL."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from transalign.errors import OutputError, UsageError
from transalign.export import (
    WRITERS,
    AlignedPair,
    TmxStructureError,
    check_tmx,
    clean_text,
    make_writer,
    read_pairs,
)

# Hand-written pairs that break naive writers. Expected texts are the cleaned ones.
HOSTILE = [
    AlignedPair("Fisch & Chips <b>fett</b> „zitiert“ \"so\" 'da'",
                "Fish & chips <b>bold</b> “quoted” \"so\" 'there'",
                doc_id="doc & <1>", src_ids=(0,), tgt_ids=(0,), score=0.91, score_kind="align"),
    AlignedPair("Über Öl, Äpfel und Straßen: schön.", "About oil, apples and streets: nice.",
                doc_id="doc1", src_ids=(1,), tgt_ids=(1,), score=0.5, score_kind="align"),
    AlignedPair("Glück 😀 gehabt\x01!", "Lucky 😀\x01!", doc_id="doc1", src_ids=(2,),
                tgt_ids=(2,), score=-1.25, score_kind="align", flags=("unk",)),
    AlignedPair("Erster Satz. Zweiter Satz.", "First and second sentence.", doc_id="doc1",
                src_ids=(3, 4), tgt_ids=(3,), score=0.375, score_kind="align",
                confidence=0.8125),
    AlignedPair("Tab\there,\nnew line\r\nand\u2028separators\u2029\u0085end ]]>",
                "Tab and   spaces", doc_id="doc\t2", src_ids=(0,), tgt_ids=(0,)),
    AlignedPair("U\u0308bel", "evil", doc_id="doc2", src_ids=(1,), tgt_ids=(1,)),
]
EXPECTED = [(clean_text(p.src), clean_text(p.tgt)) for p in HOSTILE]


def write(fmt: str, output: Path | str, pairs: list[AlignedPair] = HOSTILE, **kwargs: object) -> str:
    with make_writer(fmt, str(output), **kwargs) as writer:  # type: ignore[arg-type]
        for p in pairs:
            writer.write(p)
    assert writer.count == len(pairs)
    return str(output)


def test_expected_texts_are_what_the_hostile_pairs_promise() -> None:
    # Guards the fixture itself: the control char goes, the rest stays.
    assert EXPECTED[2] == ("Glück 😀 gehabt!", "Lucky 😀!")
    assert EXPECTED[4][0] == "Tab here, new line and separators end ]]>"
    assert EXPECTED[5][0] == "Übel"
    assert EXPECTED[0][0].count("&") == 1 and "<b>" in EXPECTED[0][0]


def test_tmx_passes_the_structure_check(tmp_path: Path) -> None:
    path = write("tmx", tmp_path / "out.tmx")
    assert check_tmx(path, ("de", "en")) == len(HOSTILE)


def test_tmx_read_back_by_translate_toolkit_with_identical_texts(tmp_path: Path) -> None:
    tmx = pytest.importorskip("translate.storage.tmx")
    path = write("tmx", tmp_path / "out.tmx")
    with open(path, "rb") as handle:
        store = tmx.tmxfile(handle)
    assert store.sourcelanguage == "de"
    units = [u for u in store.units if not u.isheader()]
    assert [(u.source, u.target) for u in units] == EXPECTED


def test_tmx_header_and_props(tmp_path: Path) -> None:
    path = write("tmx", tmp_path / "out.tmx", manifest={"command": "export", "note": "a & b"})
    text = Path(path).read_text(encoding="utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    assert '<tmx version="1.4">' in text
    root = ET.parse(path).getroot()
    header = root.find("header")
    assert header is not None
    assert {k: header.get(k) for k in ("creationtool", "segtype", "o-tmf", "adminlang", "srclang",
                                       "datatype")} == {
        "creationtool": "transalign", "segtype": "sentence", "o-tmf": "transalign",
        "adminlang": "en", "srclang": "de", "datatype": "plaintext"}
    assert header.get("creationtoolversion")
    (manifest_prop,) = header.findall("prop")
    assert json.loads(manifest_prop.text or "") == {"command": "export", "note": "a & b"}
    tus = root.findall("body/tu")
    bead = tus[3]
    props = {p.get("type"): p.text for p in bead.findall("prop")}
    assert props == {"x-score": "0.375", "x-confidence": "0.8125", "x-score-kind": "align",
                     "x-type": "2-1", "x-doc-id": "doc1", "x-src-ids": "3,4", "x-tgt-ids": "3"}
    assert [c.tag for c in bead] == ["prop"] * 7 + ["tuv", "tuv"]
    first = {p.get("type"): p.text for p in tus[0].findall("prop")}
    assert first["x-doc-id"] == "doc & <1>"
    unscored = {p.get("type"): p.text for p in tus[4].findall("prop")}
    assert "x-score" not in unscored and unscored["x-score-kind"] == "none"
    assert "x-confidence" not in unscored and "x-confidence" not in first
    assert unscored["x-doc-id"] == "doc 2"
    assert {p.get("type"): p.text for p in tus[2].findall("prop")}["x-flags"] == "unk"


@pytest.mark.parametrize(("src_lang", "tgt_lang"), [("en", "de"), ("pt-BR", "fr")])
def test_tmx_languages_follow_the_options(tmp_path: Path, src_lang: str, tgt_lang: str) -> None:
    path = write("tmx", tmp_path / "out.tmx", src_lang=src_lang, tgt_lang=tgt_lang)
    assert check_tmx(path, (src_lang, tgt_lang)) == len(HOSTILE)
    with pytest.raises(TmxStructureError):
        check_tmx(path, ("de", "en"))


def test_empty_tmx_is_valid(tmp_path: Path) -> None:
    path = write("tmx", tmp_path / "empty.tmx", pairs=[])
    assert check_tmx(path) == 0


GOOD_TU = ('<tu><prop type="x-type">1-1</prop><tuv xml:lang="de"><seg>a</seg></tuv>'
           '<tuv xml:lang="en"><seg>b</seg></tuv></tu>')
GOOD_HEADER = ('<header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" '
               'adminlang="en" srclang="de" datatype="plaintext"/>')


def _tmx(body: str = GOOD_TU, header: str = GOOD_HEADER, version: str = "1.4") -> str:
    return f'<?xml version="1.0"?><tmx version="{version}">{header}<body>{body}</body></tmx>'


BROKEN_TMX = [
    ("opustools-version", _tmx(version="1.4."), "version"),
    ("no-header", f'<tmx version="1.4"><body>{GOOD_TU}</body></tmx>', "<header>"),
    ("body-before-header", f'<tmx version="1.4"><body/>{GOOD_HEADER}</tmx>', "<header>"),
    ("missing-header-attr", _tmx(header=GOOD_HEADER.replace(' o-tmf="t"', "")), "o-tmf"),
    ("bad-segtype", _tmx(header=GOOD_HEADER.replace("sentence", "line")), "segtype"),
    ("srclang-not-source", _tmx(header=GOOD_HEADER.replace('srclang="de"', 'srclang="en"')),
     "srclang"),
    ("prop-after-tuv", _tmx(GOOD_TU.replace('<prop type="x-type">1-1</prop>', "").replace(
        "</tu>", '<prop type="x">1</prop></tu>')), "comes after"),
    ("prop-without-type", _tmx(GOOD_TU.replace(' type="x-type"', "")), "type"),
    ("tuv-without-lang", _tmx(GOOD_TU.replace(' xml:lang="en"', "")), "xml:lang"),
    ("one-tuv", _tmx(GOOD_TU.replace('<tuv xml:lang="en"><seg>b</seg></tuv>', "")), "languages"),
    ("wrong-lang", _tmx(GOOD_TU.replace('xml:lang="en"', 'xml:lang="fr"')), "languages"),
    ("no-seg", _tmx(GOOD_TU.replace("<seg>b</seg>", "")), "exactly one <seg>"),
    ("markup-in-seg", _tmx(GOOD_TU.replace("<seg>b</seg>", "<seg><ph>b</ph></seg>")), "<ph>"),
    ("unknown-in-body", _tmx("<tuv/>"), "only hold <tu>"),
    ("unknown-in-tu", _tmx(GOOD_TU.replace("<tu>", "<tu><seg/>")), "not allowed"),
    ("no-tuv", _tmx('<tu><prop type="x">1</prop></tu>'), "no <tuv>"),
]


def test_structure_check_accepts_the_minimal_document(tmp_path: Path) -> None:
    path = tmp_path / "ok.tmx"
    path.write_text(_tmx(GOOD_TU * 3), encoding="utf-8")
    assert check_tmx(str(path)) == 3


@pytest.mark.parametrize(("document", "fragment"), [c[1:] for c in BROKEN_TMX],
                         ids=[c[0] for c in BROKEN_TMX])
def test_structure_check_rejects_broken_tmx(tmp_path: Path, document: str, fragment: str) -> None:
    path = tmp_path / "bad.tmx"
    path.write_text(document, encoding="utf-8")
    with pytest.raises(TmxStructureError, match=fragment.replace("(", r"\(")):
        check_tmx(str(path))


def test_structure_check_rejects_raw_control_characters(tmp_path: Path) -> None:
    path = tmp_path / "ctrl.tmx"
    path.write_text(_tmx(GOOD_TU.replace("<seg>a", "<seg>a\x01")), encoding="utf-8")
    with pytest.raises(ET.ParseError):
        check_tmx(str(path))


def test_moses_files_have_equal_lines_lf_and_final_newline(tmp_path: Path) -> None:
    write("moses", tmp_path / "corpus")
    files = [tmp_path / f"corpus.de-en.{ext}" for ext in ("de", "en", "ids")]
    data = [f.read_bytes() for f in files]
    for raw in data:
        assert raw.endswith(b"\n") and b"\r" not in raw
        assert raw.count(b"\n") == len(HOSTILE)
    de, en, ids = (raw.decode("utf-8").split("\n")[:-1] for raw in data)
    assert list(zip(de, en, strict=True)) == EXPECTED
    assert all("\t" not in line for line in de + en)
    assert ids[3] == "doc1\t3,4\t3\t2-1\t0.375\t0.8125"  # score, then confidence
    assert ids[4] == "doc 2\t0\t0\t1-1\t\t"
    assert [len(line.split("\t")) for line in ids] == [6] * len(HOSTILE)


@pytest.mark.parametrize("output", ["out/", "out"])
def test_moses_output_directory(tmp_path: Path, output: str) -> None:
    (tmp_path / "out").mkdir()
    write("moses", str(tmp_path / output), pairs=HOSTILE[:1], src_lang="en", tgt_lang="de")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "corpus.en-de.de", "corpus.en-de.en", "corpus.en-de.ids"]


def test_moses_refuses_stdout() -> None:
    with pytest.raises(UsageError, match="PREFIX"):
        write("moses", "-")


@pytest.mark.parametrize(("header", "meta"), [(False, False), (True, False), (True, True),
                                              (False, True)])
def test_tsv_round_trip(tmp_path: Path, header: bool, meta: bool) -> None:
    path = write("tsv", tmp_path / "out.tsv", header=header, meta=meta)
    raw = Path(path).read_bytes()
    assert b"\r" not in raw and raw.endswith(b"\n")
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE, quotechar=None))
    if header:
        names = rows.pop(0)
        assert names[:2] == ["de", "en"]
        assert len(names) == (10 if meta else 2)
        if meta:
            assert names[2:] == ["score", "type", "doc_id", "src_ids", "tgt_ids",
                                 "score_kind", "flags", "confidence"]
    assert [tuple(r[:2]) for r in rows] == EXPECTED
    assert {len(r) for r in rows} == {10 if meta else 2}
    if meta:  # score, type, doc_id, src_ids, tgt_ids, score_kind, flags, confidence
        assert rows[3][2:] == ["0.375", "2-1", "doc1", "3,4", "3", "align", "", "0.8125"]
        assert rows[2][7:] == ["align", "unk", ""]
    # a plain split gives the same: nothing is quoted or escaped
    lines = raw.decode("utf-8").split("\n")[:-1]
    assert [ln.split("\t") for ln in lines] == ([names] if header else []) + rows


def test_jsonl_round_trip_through_the_reader(tmp_path: Path) -> None:
    path = write("jsonl", tmp_path / "out.jsonl", manifest={"command": "export"})
    text = Path(path).read_text(encoding="utf-8")
    assert "😀" in text and "\\u" not in text  # ensure_ascii=False
    assert json.loads(text.split("\n")[0]) == {"manifest": {"command": "export"}}
    back = list(read_pairs(path))
    assert [(p.src, p.tgt) for p in back] == EXPECTED
    for got, sent in zip(back, HOSTILE, strict=True):
        assert (got.src_ids, got.tgt_ids, got.score, got.score_kind, got.flags,
                got.confidence) == (sent.src_ids, sent.tgt_ids, sent.score, sent.score_kind,
                                    sent.flags, sent.confidence)
    assert back[3].confidence == 0.8125 and back[0].confidence is None


def test_hf_shape(tmp_path: Path) -> None:
    path = write("hf", tmp_path / "out.jsonl", src_lang="de", tgt_lang="en")
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""
    records = [json.loads(line) for line in lines[:-1]]
    assert [(r["translation"]["de"], r["translation"]["en"]) for r in records] == EXPECTED
    assert all(list(r) == ["translation"] for r in records)


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_refuses_to_overwrite_and_replaces_with_overwrite(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "out"
    write(fmt, out, pairs=HOSTILE[:1])
    first = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(OutputError, match="overwrite=True"):
        write(fmt, out, pairs=HOSTILE[:2])
    write(fmt, out, pairs=HOSTILE[:2], overwrite=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == first  # no temp files left


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_failure_half_way_leaves_no_files(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "out"
    with pytest.raises(RuntimeError, match="boom"), make_writer(fmt, str(out)) as writer:
        writer.write(HOSTILE[0])
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_moses_refuses_when_any_of_its_three_files_exists(tmp_path: Path) -> None:
    (tmp_path / "c.de-en.ids").write_text("keep\n")
    with pytest.raises(OutputError, match=r"c\.de-en\.ids"):
        write("moses", tmp_path / "c")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.de-en.ids"]
    assert (tmp_path / "c.de-en.ids").read_text() == "keep\n"


@pytest.mark.parametrize(("src_lang", "tgt_lang", "fragment"), [
    ("de", "de", "must differ"), ("DE", "de", "must differ"), ("d e", "en", "language tag"),
    ("de", "../x", "language tag"), ("", "en", "language tag")])
def test_bad_languages(tmp_path: Path, src_lang: str, tgt_lang: str, fragment: str) -> None:
    with pytest.raises(UsageError, match=fragment):
        make_writer("tmx", str(tmp_path / "x.tmx"), src_lang=src_lang, tgt_lang=tgt_lang)


def test_unknown_format_and_write_outside_context(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="choose from"):
        make_writer("xliff", "x")
    writer = make_writer("tsv", str(tmp_path / "x.tsv"))
    with pytest.raises(RuntimeError, match="context manager"):
        writer.write(HOSTILE[0])


@pytest.mark.parametrize("bad", ["de\n", "d", "de_DE", "", "de-", "en us"])
def test_language_tags_must_match_whole(bad: str) -> None:
    from transalign.errors import UsageError
    from transalign.export.writers import check_languages

    with pytest.raises(UsageError, match="is not a language tag"):
        check_languages(bad, "en")
    check_languages("de", "pt-BR")  # good tags pass
