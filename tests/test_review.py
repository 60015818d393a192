"""``transalign review`` without a browser: which view an input gets, the page's data (the
records as read), escaping, the Content-Security-Policy, determinism, and what each view
derives (thresholds, paragraphs, worst segments, length buckets, side-by-side pairs).

What a user sees in a real browser is tested in ``test_review_browser.py``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from html import unescape as html_unescape
from pathlib import Path
from typing import Any

import pytest

from transalign.cli import COMMANDS, main
from transalign.review import load_inputs, page_data, render_page
from transalign.review.html import escape_html, script_json, static_text
from transalign.review.load import read_review_file
from transalign.review.views import (
    LENGTH_BUCKETS,
    alignment_view,
    evaluation_view,
    translation_view,
)
from transalign.segment import segment

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

MANIFEST = {"manifest": {"command": "translate", "settings": {"translator": {
    "model": "models/tiny", "revision": "local-1", "backend": "ctranslate2", "beams": 4}}}}
TRANSLATION = [
    MANIFEST,
    {"doc_id": "a", "para": 0, "sent": 0, "start": 0, "end": 10, "src": "Guten Tag.",
     "tgt": "Good day.", "flags": [], "score": -0.2},
    {"doc_id": "a", "para": 1, "sent": 1, "start": 12, "end": 30, "src": "Es kostet 12.500 Euro.",
     "tgt": "It costs euros.", "flags": ["number_mismatch"], "score": -1.9,
     "checks": {"number_mismatch": {"missing": ["12.500"]}}},
    {"doc_id": "a", "para": 1, "sent": 2, "start": 31, "end": 40, "src": "Ja ja ja.",
     "tgt": "Yes yes yes yes yes.", "flags": ["repetition", "length_ratio"], "score": -0.7},
]
BEADS = [
    {"manifest": {"command": "align"}},
    {"doc_id": "a", "src_ids": [0], "tgt_ids": [0], "src": "Guten Tag.", "tgt": "Good day.",
     "score": 1.2, "type": "1-1"},
    {"doc_id": "a", "src_ids": [1, 2], "tgt_ids": [1], "src": "Es war kalt. Sehr kalt.",
     "tgt": "It was very cold.", "score": 0.3, "type": "2-1"},
    {"doc_id": "a", "src_ids": [], "tgt_ids": [2], "src": "", "tgt": "An extra sentence.",
     "score": -0.4, "type": "0-1"},
]


def rows_of(system: str | None, hyps: list[str], refs: list[str],
            scores: list[float]) -> list[dict[str, Any]]:
    """Per-sentence rows as ``evaluate --per-sentence`` writes them."""
    out = []
    for i, (hyp, ref, s) in enumerate(zip(hyps, refs, scores, strict=True)):
        row: dict[str, Any] = {} if system is None else {"system": system}
        row.update(index=i, scores={"BLEU": s, "TER": 100 - s}, hyp=hyp, refs=[ref])
        out.append(row)
    return out


def report_of(systems: list[str], mode: str = "lines") -> dict[str, Any]:
    """A report shaped as ``evaluate --format json`` writes it."""
    def scores(value: float) -> dict[str, Any]:
        return {"BLEU": {"metric": "bleu", "name": "BLEU", "score": value,
                         "signature": "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0",
                         "higher_is_better": True},
                "TER": {"metric": "ter", "name": "TER", "score": 100 - value,
                        "signature": "nrefs:1|case:lc|tok:tercom|version:2.6.0",
                        "higher_is_better": False}}
    return {"tool": {"name": "transalign", "version": "0"}, "mode": mode,
            "settings": {"metrics": ["bleu", "ter"]},
            "inputs": {"hypotheses": [{"path": s} for s in systems], "references": [],
                       "source": None},
            "systems": [{"system": s, "segments": 3, "scores": scores(20.0 + k)}
                        for k, s in enumerate(systems)],
            "comparison": None}


REFS = ["The council met on Monday.", "Prices rose by three percent last month in the city.",
        " ".join(["word"] * 25)]
ROWS_TWO = (rows_of("a.txt", ["The council met Monday.", "Prices rose.", "word"], REFS,
                    [40.0, 10.0, 5.0])
            + rows_of("b.txt", ["The council met on Monday.", "Prices went up.", "words"], REFS,
                      [100.0, 8.0, 1.0]))


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    return path


def write_json(path: Path, obj: object) -> Path:
    path.write_text(json.dumps(obj, indent=2), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def embedded(html: str) -> dict[str, Any]:
    """The page's data, read back from its ``<script type="application/json">``."""
    match = re.search(r'<script id="review-data" type="application/json">(.*?)</script>',
                      html, re.S)
    assert match, "no data block"
    return json.loads(match.group(1))


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    return {
        "translation": write_jsonl(tmp_path / "mt.jsonl", TRANSLATION),
        "alignment": write_jsonl(tmp_path / "beads.jsonl", BEADS),
        "report": write_json(tmp_path / "scores.json", report_of(["a.txt", "b.txt"])),
        "rows": write_jsonl(tmp_path / "per.jsonl", ROWS_TWO),
    }


# ---- which view -------------------------------------------------------------------------

VIEW_CASES = [
    # (names of the inputs, the view, how many records the page holds)
    (["translation"], "translation", 3),
    (["alignment"], "alignment", 3),
    (["report"], "evaluation", 0),
    (["rows"], "evaluation", 6),
    (["report", "rows"], "evaluation", 6),
    (["rows", "report"], "evaluation", 6),
]


@pytest.mark.parametrize(("names", "kind", "records"), VIEW_CASES,
                         ids=["+".join(c[0]) for c in VIEW_CASES])
def test_the_view_follows_the_content_of_the_inputs(
        inputs: dict[str, Path], capsys: pytest.CaptureFixture[str], names: list[str],
        kind: str, records: int) -> None:
    code, out, err = run(capsys, "review", *(inputs[n] for n in names), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["kind"], len(data["records"])) == (kind, records)
    assert data["inputs"] == [inputs[n].name for n in names]


REFUSED = [
    # (id, content of the file(s), fragment of the one-line error)
    ("empty", [""], "input is empty"),
    ("only-a-manifest", ['{"manifest": {}}\n'], "no records"),
    ("invalid-json", ['{"src": "a", \n'], "invalid JSON"),
    ("not-an-object", ['[1, 2]\n'], "expected a JSON object per line"),
    ("unknown-record", ['{"id": "a", "text": "Hallo."}\n'], "not a record of translate, align"),
    ("missing-tgt", ['{"src": "a", "tgt_x": "b", "flags": []}\n'], "not a record of"),
    ("flags-not-a-list", ['{"src": "a", "tgt": "b", "flags": "repetition"}\n'],
     '"flags" must be a list of flags'),
    ("ids-not-ints", ['{"src_ids": ["0"], "tgt_ids": [0], "src": "a", "tgt": "b"}\n'],
     '"src_ids" must be a list of sentence ids'),
    ("score-not-a-number", ['{"src_ids": [0], "tgt_ids": [0], "src": "a", "tgt": "b", '
                            '"score": "high"}\n'], '"score" must be a number or null'),
    ("mixed-kinds", ['{"src": "a", "tgt": "b"}\n{"src_ids": [0], "tgt_ids": [0], "src": "a", '
                     '"tgt": "b"}\n'], "after `translate --format jsonl` records"),
    ("json-not-a-report", ['{"systems": []}'], "not an `evaluate --format json` report"),
    ("two-translations", ['{"src": "a", "tgt": "b"}\n', '{"src": "c", "tgt": "d"}\n'],
     "do not make one page"),
    ("translation-and-report", ['{"src": "a", "tgt": "b"}\n',
                                json.dumps(report_of(["a.txt"]))], "do not make one page"),
    ("two-reports", [json.dumps(report_of(["a.txt"])), json.dumps(report_of(["a.txt"]))],
     "do not make one page"),
    ("rows-of-another-run", [json.dumps(report_of(["a.txt"])),
                             json.dumps(rows_of("zzz.txt", ["x"], ["y"], [1.0])[0]) + "\n"],
     "not in the report"),
]


@pytest.mark.parametrize(("contents", "fragment"), [c[1:] for c in REFUSED],
                         ids=[c[0] for c in REFUSED])
def test_unusable_inputs_fail_with_one_line_and_exit_2(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], contents: list[str],
        fragment: str) -> None:
    paths = []
    for k, content in enumerate(contents):
        paths.append(tmp_path / f"in{k}.jsonl")
        paths[-1].write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "review", *paths, "-o", tmp_path / "page.html")
    assert (code, out) == (2, "")
    assert err.startswith("transalign: error: ") and err.count("\n") == 1, err
    assert fragment in err
    assert not (tmp_path / "page.html").exists()


@pytest.mark.parametrize(("argv", "fragment"), [
    (["--worst", "0"], "--worst must be between 1 and 10000"),
    (["--low-below", "nan"], "--low-below must be a number"),
], ids=["worst-0", "low-below-nan"])
def test_bad_options_are_refused(inputs: dict[str, Path], capsys: pytest.CaptureFixture[str],
                                 argv: list[str], fragment: str) -> None:
    code, _, err = run(capsys, "review", inputs["translation"], *argv)
    assert code == 2 and fragment in err


def test_low_below_is_refused_for_an_evaluation(inputs: dict[str, Path],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "review", inputs["report"], "--low-below", "3")
    assert code == 2 and "--low-below applies to a translation or an alignment" in err


def test_o_refuses_to_replace_an_input(inputs: dict[str, Path],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    before = inputs["rows"].read_bytes()
    code, _, err = run(capsys, "review", inputs["report"], inputs["rows"], "-o", inputs["rows"])
    assert code == 2 and "is also an input" in err
    assert inputs["rows"].read_bytes() == before


def test_review_is_a_command_with_the_usual_output_options(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert COMMANDS["review"] == "review"
    monkeypatch.setenv("COLUMNS", "200")
    with pytest.raises(SystemExit):
        main(["review", "--help"])
    out = capsys.readouterr().out
    for option in ("-o OUTPUT, --output OUTPUT", "--format {html,json}", "--quiet, -q",
                   "--low-below X", "--worst N"):
        assert option in out


# ---- one source of truth, determinism ----------------------------------------------------

def test_the_page_holds_the_records_exactly_as_the_jsonl(
        inputs: dict[str, Path], capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    code, _, err = run(capsys, "review", inputs["translation"], "-o", page)
    assert code == 0, err
    data = embedded(page.read_text(encoding="utf-8"))
    assert data["manifest"] == TRANSLATION[0]["manifest"]
    assert data["records"] == TRANSLATION[1:]
    code, out, _ = run(capsys, "review", inputs["translation"], "--format", "json")
    assert json.loads(out) == data  # --format json is exactly the page's data


def test_an_alignment_of_the_example_article_round_trips(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    code, _, err = run(capsys, "align", "examples/article.de.txt", "examples/article.en.txt",
                       "--bridge", "none", "--format", "jsonl", "-o", "beads.jsonl")
    assert code == 0, err
    code, out, err = run(capsys, "review", "beads.jsonl", "--format", "json")
    assert code == 0, err
    lines = [json.loads(line) for line in Path("beads.jsonl").read_text().splitlines()]
    data = json.loads(out)
    assert (data["manifest"], data["records"]) == (lines[0]["manifest"], lines[1:])


@pytest.mark.parametrize("name", ["translation", "alignment", "rows"])
def test_pages_are_byte_identical_for_the_same_input(
        inputs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        name: str) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    copy = shutil.copy(inputs[name], elsewhere / inputs[name].name)
    pages = [tmp_path / "one.html", tmp_path / "two.html", tmp_path / "three.html"]
    for source, page in zip([inputs[name], inputs[name], copy], pages, strict=True):
        code, _, err = run(capsys, "review", source, "-o", page, "-q")
        assert code == 0, err
    first = pages[0].read_bytes()
    assert all(p.read_bytes() == first for p in pages[1:])
    assert str(tmp_path) not in first.decode("utf-8")  # no absolute path of ours


# ---- escaping and the Content-Security-Policy -------------------------------------------

PAYLOADS = [
    "<script>window.__pwned = 1</script>",
    "\"><img src=x onerror=\"window.__pwned = 2\">",
    "</script><script>window.__pwned = 3</script>",
    "javascript:window.__pwned = 4",
    "<!-- <script>window.__pwned = 5</script>",
    "' onmouseover='window.__pwned = 6",
    "\u202eevil\u202c and \u2066isolated\u2069, \u2028line\u2029para",
    "&lt;b&gt;entity&amp;",
]


@pytest.mark.parametrize(("text", "expected"), [
    ("</script>", "\\u003c/script\\u003e"),
    ("a & b", "a \\u0026 b"),
    ("<!--", "\\u003c!--"),
    ("\u2028\u2029", "\\u2028\\u2029"),
    ("\u202e\u2066", "\\u202e\\u2066"),
    ("\ud800", "\\ud800"),
    ("Straße „Zitat“", "Straße „Zitat“"),
], ids=["end-tag", "ampersand", "comment", "line-separators", "bidi", "lone-surrogate",
        "german-kept"])
def test_script_json_escapes_what_could_end_or_reorder_the_block(text: str,
                                                                 expected: str) -> None:
    out = script_json({"t": text})
    assert out == '{"t":"' + expected + '"}'
    assert json.loads(out)["t"] == text


def test_escape_html_escapes_markup_and_shows_controls() -> None:
    assert escape_html('<a href="javascript:x">&</a>\u202e') == (
        "&lt;a href=&quot;javascript:x&quot;&gt;&amp;&lt;/a&gt;U+202E")


def hostile_translation() -> list[dict[str, Any]]:
    return [{"manifest": {"command": PAYLOADS[0], "settings": {"translator": {
        "model": PAYLOADS[1]}}}}] + [
        {"doc_id": PAYLOADS[k], "para": 0, "sent": k, "start": 0, "end": 1, "src": payload,
         "tgt": PAYLOADS[-1 - k], "flags": [PAYLOADS[k]], "score": -0.5,
         "checks": {PAYLOADS[k]: [payload]}}
        for k, payload in enumerate(PAYLOADS)]


def test_no_text_of_the_data_reaches_the_html_unescaped(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "hostile.jsonl", hostile_translation())
    html = render_page(page_data(load_inputs([str(path)]), title=PAYLOADS[2]))
    assert html.count("<script") == 2 and html.count("</script") == 2  # the data and ours
    assert "<img" not in html and "<!-- " not in html
    for payload in PAYLOADS:  # (text without markup, "javascript:…", is harmless text)
        if re.search("[<>&\u2028\u2029\u202a-\u202e\u2066-\u2069]", payload):
            assert payload not in html
    assert not re.search("[\u202a-\u202e\u2066-\u2069\u2028\u2029]", html)
    data = embedded(html)
    assert [r["src"] for r in data["records"]] == PAYLOADS  # the text itself is kept
    assert data["title"] == PAYLOADS[2]


def test_the_policy_allows_only_the_pages_own_script_and_style(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "mt.jsonl", TRANSLATION)
    html = render_page(page_data(load_inputs([str(path)])))
    policy = html_unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"',
                                     html).group(1))
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    script = re.findall(r"<script>(.*?)</script>", html, re.S)[-1]

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == digest(script) and script == static_text("review.js")
    assert directives["style-src"] == digest(style) and style == static_text("review.css")
    for name in ("connect-src", "img-src", "font-src", "frame-src", "object-src"):
        assert directives[name] == "'none'"
    assert "unsafe" not in policy
    assert "http:" not in html and "https:" not in html  # nothing to fetch


def test_the_static_files_are_package_data() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"review/static/*"' in pyproject
    for name in ("review.css", "review.js"):
        assert static_text(name).strip()
        assert f"</{name.split('.')[1].replace('js', 'script').replace('css', 'style')}" \
            not in static_text(name)
    # the script puts data into the page as text only
    script = static_text("review.js")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|"
                         r"new Function|setAttribute\(\"(on|href|src|style)", script)


# ---- what the views derive ---------------------------------------------------------------

def translation_input(scores: list[float | None], flags: list[list[str]] | None = None,
                      field: str = "score") -> Any:
    records = []
    for k, score in enumerate(scores):
        record: dict[str, Any] = {"doc_id": "d", "para": 0, "sent": k, "src": f"S{k}.",
                                  "tgt": f"T{k}.", "flags": (flags or [[]] * len(scores))[k]}
        if score is not None:
            record[field] = score
        records.append(record)
    return load_inputs_from(records)


def load_inputs_from(records: list[dict[str, Any]]) -> Any:
    from transalign.review.load import ReviewInput

    kind = ("alignment" if "src_ids" in records[0] else
            "evaluation" if "scores" in records[0] else "translation")
    return ReviewInput(kind, ("in.jsonl",), None, tuple(records))


CONFIDENCE_CASES = [
    # (id, values, field, --low-below, scale, threshold, how many are low)
    ("logprob-lowest-10%", [-0.1 * k for k in range(20)], "score", None, "logprob", -1.8, 2),
    ("logprob-given", [-0.2, -1.0, -2.5, -0.4], "score", -0.5, "logprob", -0.5, 2),
    ("probability", [0.9, 0.2, 0.75, 0.5], "confidence", None, "probability", 0.2, 1),
    ("range", [3.0, -1.0, 0.5, 2.0], "score", 0.5, "range", 0.5, 2),
    ("missing-values", [None, -0.3, None, -0.9], "score", None, "logprob", -0.9, 1),
]


@pytest.mark.parametrize(("values", "field", "low_below", "scale", "threshold", "low"),
                         [c[1:] for c in CONFIDENCE_CASES], ids=[c[0] for c in CONFIDENCE_CASES])
def test_translation_confidence_scale_and_low_threshold(
        values: list[float | None], field: str, low_below: float | None, scale: str,
        threshold: float, low: int) -> None:
    view = translation_view(translation_input(values, field=field), low_below=low_below)
    confidence = view["confidence"]
    assert (confidence["field"], confidence["scale"]) == (field, scale)
    assert confidence["low_below"] == pytest.approx(threshold)
    assert confidence["low"] == low


def test_translation_without_confidence_and_flag_counts() -> None:
    view = translation_view(translation_input(
        [None, None, None], [["repetition"], [], ["repetition", "unk"]]))
    assert view["confidence"] is None
    assert view["flag_counts"] == {"repetition": 2, "unk": 1}
    assert view["flagged"] == 2


@pytest.mark.parametrize(("beads", "low_below", "field", "weak"), [
    ([1.2, 0.3, -0.4, 0.5], None, "score", [1, 2]),
    ([1.2, 0.3, -0.4, 0.5], 0.0, "score", [2]),
], ids=["default-0.5", "given"])
def test_weak_beads(beads: list[float], low_below: float | None, field: str,
                    weak: list[int]) -> None:
    records = [{"doc_id": "d", "src_ids": [k], "tgt_ids": [k], "src": "a", "tgt": "b",
                "score": s} for k, s in enumerate(beads)]
    view = alignment_view(load_inputs_from(records), low_below=low_below)
    assert (view["weak"]["field"], view["weak"]["beads"]) == (field, weak)


def test_weak_beads_use_the_confidence_when_the_beads_have_one() -> None:
    records = [{"doc_id": "d", "src_ids": [k], "tgt_ids": [k], "src": "a", "tgt": "b",
                "score": 2.0, "confidence": c} for k, c in enumerate([0.99, 0.4, 0.7])]
    view = alignment_view(load_inputs_from(records))
    assert (view["weak"]["field"], view["weak"]["beads"]) == ("confidence", [1])


def test_bead_types_omissions_and_merges(inputs: dict[str, Path]) -> None:
    view = alignment_view(load_inputs([str(inputs["alignment"])]))
    assert view["types"] == {"0-1": 1, "1-1": 1, "2-1": 1}
    assert (view["omissions"], view["merges"]) == (1, 1)


def _aligned(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    code, _, err = run(capsys, "align", "examples/article.de.txt", "examples/article.en.txt",
                       "--bridge", "none", "--format", "jsonl", "-o", "beads.jsonl")
    assert code == 0, err
    return tmp_path / "beads.jsonl"


def test_paragraphs_of_the_beads_come_from_the_texts_they_were_aligned_from(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    beads = _aligned(tmp_path, capsys)
    view = alignment_view(load_inputs([str(beads)]))
    expected = {side: [s.para for s in segment((EXAMPLES / f"article.{lang}.txt").read_text())]
                for side, lang in (("src", "de"), ("tgt", "en"))}
    assert view["paragraphs"] == {"article.de.txt": expected}
    assert "checked against every bead" in view["paragraph_note"]
    # the review is made from another folder: the texts are found beside the beads too
    monkeypatch.chdir(ROOT)
    assert alignment_view(load_inputs([str(beads)]))["paragraphs"] == {"article.de.txt": expected}


@pytest.mark.parametrize(("change", "note"), [
    ("edit", "no longer gives the beads' sentences"),
    ("remove", "not found"),
], ids=["source-edited", "source-gone"])
def test_no_paragraphs_rather_than_wrong_ones(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        change: str, note: str) -> None:
    monkeypatch.chdir(tmp_path)
    beads = _aligned(tmp_path, capsys)
    source = tmp_path / "examples" / "article.de.txt"
    if change == "edit":
        source.write_text(source.read_text().replace("Stadtrat", "Gemeinderat"))
    else:
        source.unlink()
    view = alignment_view(load_inputs([str(beads)]))
    assert view["paragraphs"] is None and note in view["paragraph_note"]


def test_paragraphs_recorded_in_the_beads_are_used_as_they_are() -> None:
    records = [{"doc_id": "d", "src_ids": [0, 1], "tgt_ids": [0], "src_paras": [0, 1],
                "tgt_paras": [0], "src": "a b", "tgt": "c", "score": 1.0},
               {"doc_id": "d", "src_ids": [2], "tgt_ids": [1], "src_paras": [1],
                "tgt_paras": [1], "src": "d", "tgt": "e", "score": 1.0}]
    view = alignment_view(load_inputs_from(records))
    assert view["paragraphs"] == {"d": {"src": [0, 1, 1], "tgt": [0, 1]}}


def test_worst_segments_buckets_and_side_by_side_of_two_systems(inputs: dict[str, Path]) -> None:
    view = evaluation_view(load_inputs([str(inputs["report"]), str(inputs["rows"])]), worst=2)
    assert view["systems"] == ["a.txt", "b.txt"]
    assert view["rows_by_system"] == {"a.txt": [0, 1, 2], "b.txt": [3, 4, 5]}
    assert view["higher"] == {"BLEU": True, "TER": False}
    # BLEU: lowest first; TER (lower is better): highest first, i.e. the same rows here
    assert view["worst"]["BLEU"] == {"a.txt": [2, 1], "b.txt": [5, 4]}
    assert view["worst"]["TER"] == {"a.txt": [2, 1], "b.txt": [5, 4]}
    # reference lengths 5, 10 and 25 words: buckets <10, 10-19, 20-29
    assert len(view["buckets"]["labels"]) == len(LENGTH_BUCKETS) + 1
    counts = [n for n, _ in view["buckets"]["scores"]["BLEU"]["b.txt"]]
    assert counts == [1, 1, 1, 0, 0, 0, 0]
    assert view["buckets"]["scores"]["BLEU"]["a.txt"][0] == [1, 40.0]
    assert view["compare"] == {"b.txt": [[0, 3], [1, 4], [2, 5]]}


def test_blank_lines_are_left_out_of_worst_and_buckets() -> None:
    rows = rows_of(None, ["", "A cat.", "Dog"], ["", "The cat.", "A dog."], [0.0, 30.0, 10.0])
    view = evaluation_view(load_inputs_from(rows), worst=5)
    assert view["worst"]["BLEU"] == {"system": [2, 1]}
    assert view["blank"] == 1


def test_document_mode_pairs_segments_by_their_reference_sentences() -> None:
    def row(system: str, index: int, hyp_ids: list[int], ref_ids: list[int]) -> dict[str, Any]:
        return {"system": system, "index": index, "doc_id": "d", "hyp_ids": hyp_ids,
                "ref_ids": ref_ids, "type": f"{len(hyp_ids)}-{len(ref_ids)}",
                "scores": {"BLEU": 1.0}, "hyp": "h", "refs": ["r"]}
    rows = [row("a", 0, [0], [0]), row("a", 1, [], [1]), row("a", 2, [1], [2]),
            row("b", 0, [0], [0]), row("b", 1, [1], [1, 2]), row("b", 2, [2], [])]
    view = evaluation_view(load_inputs_from(rows))
    assert view["documents"]
    # same references: one row; different pairings: each system's segment on its own row
    assert view["compare"] == {"b": [[0, 3], [1, None], [None, 4], [2, None], [None, 5]]}


@pytest.mark.parametrize("indent", [None, 0, 2], ids=["one-line", "indent-0", "indent-2"])
def test_a_report_is_read_however_it_is_indented(tmp_path: Path, indent: int | None) -> None:
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report_of(["a.txt", "b.txt"]), indent=indent), encoding="utf-8")
    loaded = read_review_file(str(path))
    assert loaded.what == "report"
    assert [s["system"] for s in loaded.report["systems"]] == ["a.txt", "b.txt"]
