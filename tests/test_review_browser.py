"""The review pages in a real browser: headless Chromium from the system packages, driven
through Selenium and chromedriver (``scripts/review_screenshots.py:start_chromium``).

Each view is loaded from disk (``file://``) and checked as a user sees it: one row per
sentence or bead, one badge per flag, filters that hide exactly the right rows, hovering
or focusing a sentence that lights its partner, "next weak bead", the evaluation's tables;
no console errors and no network request. The injection cases put markup, ``javascript:``
URLs and bidi controls into every field and prove that nothing runs
(``window.__pwned`` stays unset), with the page's Content-Security-Policy and without it
(so escaping alone is enough). A 3,000-sentence page is timed.

Without Chromium, chromedriver or Selenium these tests are skipped with a message naming
the packages; with ``TRANSALIGN_REQUIRE_BROWSER=1`` (CI) they fail instead.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from transalign.cli import main
from transalign.review import load_inputs, page_data, render_page

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

pytestmark = pytest.mark.browser


def _shots() -> Any:
    """``scripts/review_screenshots.py`` as a module (it knows how to start Chromium)."""
    import importlib.util

    path = ROOT / "scripts" / "review_screenshots.py"
    spec = importlib.util.spec_from_file_location("review_screenshots", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("review_screenshots", module)
    spec.loader.exec_module(module)
    return module


class Browser:
    """A headless Chromium with the checks every test makes."""

    def __init__(self, driver: Any, shots: Any) -> None:
        self.driver = driver
        self.shots = shots
        self.url = ""

    def open(self, page: Path) -> None:
        """Load ``page`` from disk and wait until every row is drawn."""
        self.driver.get_log("browser")  # drop what earlier pages logged
        self.driver.get_log("performance")
        self.url = page.resolve().as_uri()
        self.driver.get(self.url)
        self.shots.wait_rendered(self.driver, timeout=60)

    def js(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def console_errors(self) -> list[str]:
        return [e["message"] for e in self.driver.get_log("browser")
                if e["level"] in ("SEVERE", "WARNING")]

    def requests(self) -> list[str]:
        """URLs the page asked for, other than itself: anything its document started, and
        anything on the network or disk at all (Chromium's own chrome:// pages aside)."""
        urls = []
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] != "Network.requestWillBeSent":
                continue
            params = message["params"]
            url = params["request"]["url"]
            ours = params.get("documentURL") == self.url
            # a data: URL reaches nothing outside; it counts when the page asked for it
            # (Chromium itself now and then loads a 1x1 data: GIF in another document)
            outside = re.match(r"(https?|wss?|ftp|file|blob):", url, re.I) is not None
            if url != self.url and (ours or outside):
                urls.append(f"{url} (document {params.get('documentURL')}, "
                            f"initiator {params.get('initiator', {}).get('type')})")
        return urls

    def assert_clean(self) -> None:
        """No console error or warning, no network request."""
        assert self.console_errors() == []
        assert self.requests() == []

    def screenshot(self, path: Path) -> None:
        height = self.js("return document.documentElement.scrollHeight")
        self.driver.set_window_size(1400, min(int(height) + 100, 4000))
        self.driver.save_screenshot(str(path))
        self.driver.set_window_size(1400, 1000)
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 5000

    def visible_rows(self, selector: str = "#rows .row[data-i]") -> list[int]:
        """``data-i`` of the rows not hidden (by themselves or a hidden paragraph)."""
        return self.js("""return Array.prototype.filter.call(
            document.querySelectorAll(arguments[0]),
            function (r) { return r.closest('[hidden]') === null; }).map(
            function (r) { return +r.getAttribute('data-i'); });""", selector)

    def choose(self, select_id: str, value: str) -> None:
        from selenium.webdriver.support.ui import Select

        Select(self.driver.find_element("id", select_id)).select_by_value(value)

    def hover(self, element: Any) -> None:
        from selenium.webdriver.common.action_chains import ActionChains

        self.js("arguments[0].scrollIntoView({block: 'center'})", element)
        ActionChains(self.driver).move_to_element(element).perform()

    def lit(self) -> dict[str, list[str]]:
        """The highlighted cell and its partners: 'row index/side' of each."""
        return self.js("""var out = {hl: [], partner: []};
            ['hl', 'partner'].forEach(function (c) {
              document.querySelectorAll('.sent.' + c).forEach(function (n) {
                out[c].push(n.closest('.row').getAttribute('data-i') + '/' +
                            (n.classList.contains('src') ? 'src' : 'tgt')); }); });
            return out;""")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    shots = _shots()
    try:
        driver = shots.start_chromium(tmp_path_factory.mktemp("chromium"))
    except shots.BrowserUnavailable as exc:
        if os.environ.get("TRANSALIGN_REQUIRE_BROWSER") == "1":
            pytest.fail(f"TRANSALIGN_REQUIRE_BROWSER=1 but {exc}")
        pytest.skip(f"no headless browser: {exc}")
    try:
        yield Browser(driver, shots)
    finally:
        driver.quit()


def cli(*argv: object) -> None:
    code = main([str(a) for a in argv] + ["--quiet"])
    assert code == 0, argv


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    return path


def degrade(lines: list[str], every: int) -> list[str]:
    """A second "system": the reference with every ``every``-th word dropped and the
    next one lowercased (deterministic, different per line)."""
    out = []
    for line in lines:
        words = line.split()
        kept = [w.lower() if k % every == 1 else w
                for k, w in enumerate(words) if k % every != every - 1]
        out.append(" ".join(kept))
    return out


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory, tiny_model: Path,
         fast_config: Path) -> Iterator[Path]:
    """The tool's outputs on the example article, made with the CLI as a user would."""
    folder = tmp_path_factory.mktemp("review")
    shutil.copytree(EXAMPLES, folder / "examples")
    old = Path.cwd()
    os.chdir(folder)
    try:
        cli("translate", "examples/article.de.txt", "--model", tiny_model, "--config", fast_config,
            "--format", "jsonl", "-o", "article.mt.jsonl")
        cli("align", "examples/article.de.txt", "examples/article.en.txt", "--bridge", "none",
            "--format", "jsonl", "-o", "article.beads.jsonl")
        ref = (folder / "examples" / "article.en.txt").read_text(encoding="utf-8").split("\n")[:-1]
        (folder / "sys-a.en.txt").write_text("\n".join(degrade(ref, 4)) + "\n", encoding="utf-8")
        (folder / "sys-b.en.txt").write_text("\n".join(degrade(ref, 3)) + "\n", encoding="utf-8")
        cli("evaluate", "--hyp", "sys-a.en.txt", "--hyp", "sys-b.en.txt", "--ref",
            "examples/article.en.txt", "--src", "examples/article.de.txt", "--paired", "bs",
            "--paired-n", "200", "--format", "json", "-o", "scores.json",
            "--per-sentence", "per.jsonl")
        cli("evaluate", "--documents", "--hyp", "sys-a.en.txt", "--hyp", "sys-b.en.txt",
            "--ref", "examples/article.en.txt", "--format", "json", "-o", "doc-scores.json",
            "--per-sentence", "doc-per.jsonl")
        # the fields the trust work adds (score, checks, flag details), on real records
        records = read_jsonl(folder / "article.mt.jsonl")
        for k, record in enumerate(records[1:]):
            record["score"] = round(-0.15 * k, 3)
            if k % 5 == 2:
                record["flags"] = [f for f in record["flags"] if f != "number_mismatch"]
                record["flags"].append("number_mismatch")
                record["checks"] = {"number_mismatch": ["31", "12"]}
            if k % 7 == 4:
                record["flags"] = []
        write_jsonl(folder / "article.trust.jsonl", records)
        yield folder
    finally:
        os.chdir(old)


def detail_text(value: object) -> str:
    """A check's details as the page writes them (``detailText`` in the page's script)."""
    if isinstance(value, list):
        return ", ".join(detail_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {detail_text(v)}" for k, v in value.items())
    if value is None:
        return "–"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def expected_details(record: dict[str, Any]) -> list[str]:
    """The detail lines of a translation row: one per flag with checks, then the rest."""
    checks = record.get("checks") or {}
    lines = [f"{flag}: {detail_text(checks[flag])}" for flag in record["flags"] if flag in checks]
    rest = [{k: v} for k, v in checks.items() if k not in record["flags"]]
    return [*lines, f"checks: {detail_text(rest)}"] if rest else lines


def review(work: Path, *inputs: str, name: str, **options: Any) -> tuple[Path, dict[str, Any]]:
    """The page of ``inputs`` (in ``work``) and its data."""
    old = Path.cwd()
    os.chdir(work)
    try:
        data = page_data(load_inputs(list(inputs)), **options)
    finally:
        os.chdir(old)
    page = work / f"{name}.html"
    page.write_text(render_page(data), encoding="utf-8")
    return page, data


# ---- translation ----------------------------------------------------------------------

@pytest.mark.parametrize("source", ["article.mt.jsonl", "article.trust.jsonl"],
                         ids=["translate-output", "with-score-and-checks"])
def test_translation_view(browser: Browser, work: Path, tmp_path: Path, source: str) -> None:
    page, data = review(work, source, name=source.split(".")[1])
    records = data["records"]
    browser.open(page)
    # one row per sentence, the German and English as written
    assert browser.visible_rows() == list(range(len(records)))
    assert browser.js("return Array.from(document.querySelectorAll('#rows .sent.src .text'),"
                      " function (n) { return n.textContent; })") == [r["src"] for r in records]
    assert browser.js("return Array.from(document.querySelectorAll('#rows .sent.tgt .text'),"
                      " function (n) { return n.textContent; })") == [r["tgt"] for r in records]
    # one badge per flag, in its row
    badges = browser.js("return Array.from(document.querySelectorAll('#rows .badge.flag'), "
                        "function (b) { return [+b.closest('.row').getAttribute('data-i'), "
                        "b.textContent]; })")
    assert badges == [[i, f] for i, r in enumerate(records) for f in r["flags"]]
    # the manifest in the header: model and backend
    header = browser.js("return document.getElementById('manifest').textContent")
    assert "models" in header and "ctranslate2" in header
    # the filters hide exactly the right rows
    flagged = [i for i, r in enumerate(records) if r["flags"]]
    browser.choose("filter", "flagged")
    assert browser.visible_rows() == flagged
    confidence = data["view"]["confidence"]
    if confidence:
        low = [i for i, r in enumerate(records) if r["score"] <= confidence["low_below"]]
        assert low and len(low) < len(records)
        browser.choose("filter", "low")
        assert browser.visible_rows() == low
        browser.choose("filter", "either")
        assert browser.visible_rows() == sorted(set(low) | set(flagged))
        checks = browser.js("return Array.from(document.querySelectorAll('#rows .detail'), "
                            "function (n) { return n.textContent; })")
        assert checks == [d for r in records for d in expected_details(r)]
        assert "number_mismatch: 31, 12" in checks
        browser.choose("filter", "flag:number_mismatch")
        assert browser.visible_rows() == [i for i, r in enumerate(records)
                                          if "number_mismatch" in r["flags"]]
    else:
        assert browser.js("return document.querySelector('#filter option[value=low]').disabled")
    browser.choose("filter", "all")
    assert len(browser.visible_rows()) == len(records)
    assert browser.js("return document.getElementById('status').textContent") == (
        f"showing {len(records)} of {len(records)} sentences")
    # hovering a German sentence lights its English partner, and focusing does the same
    cells = browser.driver.find_elements("css selector", "#rows .row[data-i] .sent")
    browser.hover(cells[2 * 3])
    assert browser.lit() == {"hl": ["3/src"], "partner": ["3/tgt"]}
    browser.js("arguments[0].focus()", cells[2 * 5 + 1])
    assert browser.lit() == {"hl": ["5/tgt"], "partner": ["5/src"]}
    browser.assert_clean()
    browser.screenshot(tmp_path / "translation.png")


# ---- alignment ------------------------------------------------------------------------

def test_alignment_view(browser: Browser, work: Path, tmp_path: Path) -> None:
    # weak below 0.8: the example's least sure beads (every bead at 0.8 or more is right)
    page, data = review(work, "article.beads.jsonl", name="alignment", low_below=0.8)
    beads, view = data["records"], data["view"]
    browser.open(page)
    assert browser.visible_rows() == list(range(len(beads)))
    types = browser.js("return Array.from(document.querySelectorAll('#rows .bead .tag.type'), "
                       "function (n) { return n.textContent; })")
    assert types == [b["type"] for b in beads]
    scores = browser.js("return Array.from(document.querySelectorAll('#rows .bead .score'), "
                        "function (n) { return n.textContent; })")
    assert scores == [f"score {b['score']:.2f}" for b in beads]
    weak = view["weak"]["beads"]
    # weak: a bead under the bar, in confidence where the beads have one, else in score
    field = "confidence" if all("confidence" in b for b in beads) else "score"
    assert weak and weak == [i for i, b in enumerate(beads) if b[field] < 0.8]
    if field == "confidence":
        shown = browser.js("return Array.from(document.querySelectorAll('#rows .bead .conf'), "
                           "function (n) { return n.textContent; })")
        assert shown == [f"conf {b['confidence']:.2f}" for b in beads]
    assert browser.visible_rows("#rows .bead.weak") == weak
    assert browser.visible_rows("#rows .bead.merge") == [
        i for i, b in enumerate(beads) if len(b["src_ids"]) > 1 or len(b["tgt_ids"]) > 1]
    # paragraph boundaries where either side starts a new paragraph
    paras = view["paragraphs"]["article.de.txt"]
    expected = [i for i in range(1, len(beads)) if any(
        beads[i][f"{s}_ids"] and beads[i - 1][f"{s}_ids"]
        and paras[s][beads[i][f"{s}_ids"][0]] != paras[s][beads[i - 1][f"{s}_ids"][-1]]
        for s in ("src", "tgt"))]
    assert expected
    assert browser.js("return Array.from(document.querySelectorAll('#rows .pbreak'), "
                      "function (n) { return +n.getAttribute('data-before'); })") == expected
    # "next weak bead" walks the weak beads in order, wraps, and "previous" goes back
    for k in [*range(len(weak)), 0]:
        browser.driver.find_element("id", "next-weak").click()
        assert browser.js("return document.activeElement.id") == f"bead-{weak[k]}"
        assert browser.js("return document.querySelectorAll('.bead.current').length") == 1
    browser.driver.find_element("id", "prev-weak").click()
    assert browser.js("return document.activeElement.id") == f"bead-{weak[-1]}"
    browser.choose("filter", "weak")
    assert browser.visible_rows() == weak
    browser.choose("filter", "all")
    # hovering a source sentence lights its target
    browser.hover(browser.driver.find_elements("css selector", "#rows .bead .sent.src")[4])
    assert browser.lit() == {"hl": ["4/src"], "partner": ["4/tgt"]}
    browser.assert_clean()
    browser.screenshot(tmp_path / "alignment.png")


def test_alignment_omissions_are_marked(browser: Browser, tmp_path: Path) -> None:
    beads = [{"doc_id": "d", "src_ids": [0], "tgt_ids": [0], "src": "Guten Tag.",
              "tgt": "Good day.", "score": 1.1, "type": "1-1"},
             {"doc_id": "d", "src_ids": [1], "tgt_ids": [], "src": "Nur Deutsch.", "tgt": "",
              "score": -0.4, "type": "1-0"},
             {"doc_id": "d", "src_ids": [], "tgt_ids": [1], "src": "", "tgt": "English only.",
              "score": -0.4, "type": "0-1"}]
    source = write_jsonl(tmp_path / "beads.jsonl", beads)
    page = tmp_path / "beads.html"
    page.write_text(render_page(page_data(load_inputs([str(source)]))), encoding="utf-8")
    browser.open(page)
    assert browser.visible_rows("#rows .bead.omission") == [1, 2]
    assert browser.js("return Array.from(document.querySelectorAll('#rows .missing'), "
                      "function (n) { return n.textContent; })") == [
        "no target sentence", "no source sentence"]
    browser.choose("filter", "omission")
    assert browser.visible_rows() == [1, 2]
    browser.assert_clean()


# ---- evaluation -----------------------------------------------------------------------

def test_evaluation_view_of_two_systems(browser: Browser, work: Path, tmp_path: Path) -> None:
    page, data = review(work, "scores.json", "per.jsonl", name="evaluation", worst=5)
    rows, view, report = data["records"], data["view"], data["report"]
    browser.open(page)
    systems = browser.js("return Array.from(document.querySelectorAll('#metrics tbody tr "
                         "td:first-child'), function (n) { return n.firstChild.textContent; })")
    assert systems == ["sys-a.en.txt", "sys-b.en.txt"]
    metrics_text = browser.js("return document.getElementById('metrics').textContent")
    for name, signature in report["comparison"]["signatures"].items():
        assert name in metrics_text and signature in metrics_text
    p_value = report["comparison"]["systems"][1]["scores"]["BLEU"]["p_value"]
    assert f"p = {p_value:.4f}" in metrics_text
    # per-sentence scores, per system
    a, b = view["rows_by_system"]["sys-a.en.txt"], view["rows_by_system"]["sys-b.en.txt"]
    assert len(browser.visible_rows("#per-sentence tbody tr")) == len(a)
    browser.choose("system", "sys-b.en.txt")
    first = browser.js("return document.querySelector('#per-sentence tbody tr td.hyp')"
                       ".textContent")
    assert first == (rows[b[0]]["hyp"] or "(empty)")
    # the worst segments, by the chosen metric
    worst = browser.js("return Array.from(document.querySelectorAll('#worst table'), "
                       "function (t) { return t.querySelectorAll('tbody tr').length; })")
    assert worst == [len(view["worst"]["BLEU"][s]) for s in view["systems"]] == [5, 5]
    browser.choose("metric", "TER")
    shown = browser.js("return Array.from(document.querySelectorAll('#worst table')[0]"
                       ".querySelectorAll('tbody tr td:nth-child(2)'), "
                       "function (n) { return +n.textContent; })")
    expected = [round(rows[i]["scores"]["TER"], 2) for i in view["worst"]["TER"]["sys-a.en.txt"]]
    assert shown == expected and shown == sorted(shown, reverse=True)  # TER: highest first
    browser.choose("metric", "BLEU")
    # length buckets: one row per bucket, counts as computed
    counts = browser.js("return Array.from(document.querySelectorAll('#buckets tbody tr'), "
                        "function (r) { return +r.children[1].textContent; })")
    assert counts == [c[0] for c in view["buckets"]["scores"]["BLEU"]["sys-a.en.txt"]]
    # side by side: one row per pair; what is not marked is the same in both
    pairs = view["compare"]["sys-b.en.txt"]
    assert len(browser.visible_rows("#side-by-side tbody tr")) == len(pairs)
    unmarked = browser.js("""return Array.from(document.querySelectorAll('#side-by-side tbody tr'),
        function (tr) { return ['hyp-a', 'hyp-b'].map(function (c) {
          var cell = tr.querySelector('.' + c), words = [];
          cell.childNodes.forEach(function (n) {
            if (n.nodeType === 3) words = words.concat(n.textContent.split(/\\s+/).filter(Boolean));
          });
          return [words.join(' '), cell.querySelectorAll('.only-a, .only-b').length]; }); });""")
    assert any(a_marks + b_marks for (_, a_marks), (_, b_marks) in unmarked)
    assert all(a_words == b_words for (a_words, _), (b_words, _) in unmarked)
    browser.choose("order", "worse")
    deltas = browser.js("return Array.from(document.querySelectorAll('#side-by-side td.delta'), "
                        "function (n) { return n.textContent; })")
    numbers = [float(d) for d in deltas if d != "–"]
    assert numbers == sorted(numbers)
    browser.assert_clean()
    browser.screenshot(tmp_path / "evaluation.png")


def test_evaluation_document_mode_shows_the_pairing(browser: Browser, work: Path) -> None:
    page, data = review(work, "doc-scores.json", "doc-per.jsonl", name="doc-evaluation")
    rows, view = data["records"], data["view"]
    browser.open(page)
    pairing = browser.js("return document.querySelectorAll('#pairing tbody tr').length")
    assert pairing == 2
    ids = view["rows_by_system"]["sys-a.en.txt"]
    unpaired = [k for k, i in enumerate(ids) if not rows[i]["hyp_ids"] or not rows[i]["ref_ids"]]
    marked = browser.js("return Array.from(document.querySelectorAll('#per-sentence tbody tr'))"
                        ".map(function (r, k) { return r.classList.contains('unpaired') ? k : -1; })"
                        ".filter(function (k) { return k >= 0; })")
    assert marked == unpaired
    types = browser.js("return Array.from(document.querySelectorAll('#per-sentence tbody tr "
                       "td.mono'), function (n) { return n.textContent.split(' ')[0]; })")
    assert types == [rows[i]["type"] for i in ids]
    browser.assert_clean()


@pytest.mark.parametrize(("inputs", "sections", "note"), [
    (["scores.json"], ["metrics"], "No per-sentence scores"),
    (["per.jsonl"], ["buckets", "worst", "side-by-side", "per-sentence"], "No report"),
], ids=["report-only", "rows-only"])
def test_evaluation_of_a_report_or_of_rows_alone(browser: Browser, work: Path,
                                                 inputs: list[str], sections: list[str],
                                                 note: str) -> None:
    page, _ = review(work, *inputs, name="-".join(inputs))
    browser.open(page)
    present = browser.js("return ['metrics', 'buckets', 'worst', 'side-by-side', "
                         "'per-sentence'].filter(function (id) { "
                         "return document.getElementById(id) !== null; })")
    assert present == sections
    assert note in browser.js("return document.body.textContent")
    browser.assert_clean()


# ---- injection ------------------------------------------------------------------------

PAYLOADS = [
    "<script>window.__pwned = 1</script>",
    "\"><img src=x onerror=\"window.__pwned = 2\">",
    "</script><script>window.__pwned = 3</script>",
    "<a href=\"javascript:window.__pwned = 4\">click</a>",
    "javascript:window.__pwned = 5",
    "' onmouseover='window.__pwned = 6' x='",
    "<svg onload=\"window.__pwned = 7\"></svg>",
    "<iframe srcdoc=\"<script>parent.__pwned = 8</script>\"></iframe>",
    "<!-- <style>body{display:none}</style>",
    "abc\u202eevil\u202c def \u2066iso\u2069 \u200fx",
]


def hostile_inputs(folder: Path) -> dict[str, list[Path]]:
    """Every view's input with the payloads in every text field the page shows."""
    n = len(PAYLOADS)
    translation = [{"manifest": {"command": PAYLOADS[0], "settings": {"translator": {
        "model": PAYLOADS[3], "backend": PAYLOADS[1]}}}}] + [
        {"doc_id": PAYLOADS[k % 2], "para": k // 3, "sent": k, "start": 0, "end": 1,
         "src": p, "tgt": PAYLOADS[n - 1 - k], "flags": [PAYLOADS[(k + 1) % n]],
         "score": -0.1 * k, "checks": {PAYLOADS[(k + 1) % n]: {PAYLOADS[k]: [p]}}}
        for k, p in enumerate(PAYLOADS)]
    beads = [{"manifest": {"command": PAYLOADS[2], "inputs": [{"path": PAYLOADS[4],
                                                               "role": "source"}]}}] + [
        {"doc_id": PAYLOADS[k % 3], "src_ids": [k], "tgt_ids": [k] if k % 4 else [], "src": p,
         "tgt": PAYLOADS[n - 1 - k] if k % 4 else "", "score": 0.1 * k, "type": PAYLOADS[k]}
        for k, p in enumerate(PAYLOADS)]
    rows = [{"system": system, "index": k, "doc_id": p, "hyp_ids": [k], "ref_ids": [],
             "type": p, "scores": {PAYLOADS[0]: float(k), "BLEU": float(k)}, "src": p,
             "hyp": PAYLOADS[n - 1 - k], "refs": [p, PAYLOADS[(k + 2) % n]]}
            for system in (PAYLOADS[1], PAYLOADS[5]) for k, p in enumerate(PAYLOADS)]
    report = {"tool": {"name": PAYLOADS[0]}, "mode": "documents",
              "settings": {PAYLOADS[2]: PAYLOADS[3]},
              "inputs": {"hypotheses": [{"path": PAYLOADS[1], "sha256": PAYLOADS[6]}],
                         "references": [{"path": PAYLOADS[9]}], "source": None},
              "systems": [{"system": s, "scores": {
                  PAYLOADS[0]: {"score": 1.0, "signature": PAYLOADS[7], "details": PAYLOADS[8]},
                  "BLEU": {"score": 2.0, "signature": PAYLOADS[9]}},
                  "documents": {"documents": PAYLOADS[2], "bead_types": {PAYLOADS[3]: 1}}}
                  for s in (PAYLOADS[1], PAYLOADS[5])],
              "comparison": {"test": PAYLOADS[4], "test_name": PAYLOADS[0], "baseline": PAYLOADS[1],
                             "n_samples": PAYLOADS[2], "seed": PAYLOADS[3],
                             "signatures": {PAYLOADS[6]: PAYLOADS[7]},
                             "systems": [{"system": s, "scores": {"BLEU": {
                                 "score": 1.0, "mean": 1.0, "ci": 0.5, "p_value": 0.01}}}
                                 for s in (PAYLOADS[1], PAYLOADS[5])]}}
    (folder / "report.json").write_text(json.dumps(report), encoding="utf-8")
    return {"translation": [write_jsonl(folder / "mt.jsonl", translation)],
            "alignment": [write_jsonl(folder / "beads.jsonl", beads)],
            "evaluation": [folder / "report.json", write_jsonl(folder / "per.jsonl", rows)]}


@pytest.mark.parametrize("policy", ["with-csp", "without-csp"])
@pytest.mark.parametrize("kind", ["translation", "alignment", "evaluation"])
def test_injected_text_runs_nothing(browser: Browser, tmp_path: Path, kind: str,
                                    policy: str) -> None:
    inputs = hostile_inputs(tmp_path)[kind]
    html = render_page(page_data(load_inputs([str(p) for p in inputs]), title=PAYLOADS[2]))
    if policy == "without-csp":  # escaping alone must be enough
        html, removed = re.subn(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n', "", html)
        assert removed == 1
    page = tmp_path / f"{kind}.html"
    page.write_text(html, encoding="utf-8")
    browser.open(page)
    # move over every sentence, open every select, as a user might
    for cell in browser.driver.find_elements("css selector", ".sent")[:12]:
        browser.hover(cell)
    if kind == "evaluation":
        browser.choose("metric", PAYLOADS[0])
        browser.choose("system", PAYLOADS[5])
    time.sleep(0.2)
    assert browser.js("return typeof window.__pwned") == "undefined"
    assert browser.js("return document.scripts.length") == 2  # the data and the page's own
    assert browser.js("return document.querySelectorAll('img, svg, iframe, a, object, embed, "
                      "link, base, form, meta[http-equiv=refresh]').length") == 0
    assert browser.js("""return Array.prototype.some.call(document.querySelectorAll('*'),
        function (n) { return Array.prototype.some.call(n.attributes, function (a) {
          return /^on/i.test(a.name) || (/^(href|src|action|formaction|data|xlink:href)$/i
            .test(a.name) && /javascript:/i.test(a.value)); }); });""") is False
    assert browser.js("return getComputedStyle(document.body).display") == "block"
    # the payloads are on the page as text, the bidi controls as visible marks
    body = browser.js("return document.body.textContent")
    for payload in PAYLOADS[:-1]:
        assert payload in body
    assert "abcU+202EevilU+202C def U+2066isoU+2069 U+200Fx" in body
    assert not re.search("[\u202a-\u202e\u2066-\u2069\u200f]", body)
    assert browser.driver.title == f"transalign review · {PAYLOADS[2]}"
    browser.assert_clean()


# ---- scale, print ---------------------------------------------------------------------

def test_a_3000_sentence_translation_renders_fast(browser: Browser, tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    import textgen

    german = textgen.german_sentences(3000)
    records: list[dict[str, Any]] = [{"manifest": {"command": "translate"}}]
    for k, sentence in enumerate(german):
        words = sentence.split()
        records.append({"doc_id": "long.txt", "para": k // 5, "sent": k, "start": 0, "end": 1,
                        "src": sentence, "tgt": " ".join(reversed(words)),
                        "flags": ["repetition"] if k % 17 == 0 else [],
                        "score": round(-0.05 - (k % 41) / 20, 3)})
    source = write_jsonl(tmp_path / "long.jsonl", records)
    page = tmp_path / "long.html"
    page.write_text(render_page(page_data(load_inputs([str(source)]))), encoding="utf-8")
    browser.driver.get_log("browser")
    browser.url = page.as_uri()
    browser.driver.get(browser.url)
    browser.shots.wait_rendered(browser.driver, complete=False)
    timings = browser.shots.page_timings(browser.driver)
    browser.shots.wait_rendered(browser.driver)
    timings = browser.shots.page_timings(browser.driver)
    size = page.stat().st_size
    print(f"\n3,000 sentences: page {size / 1e6:.2f} MB; first contentful paint "
          f"{timings['first-contentful-paint']:.0f} ms, first chunk {timings['rendered']:.0f} ms, "
          f"all rows {timings['complete']:.0f} ms")
    assert timings["rendered"] < 5000  # loose: a shared CI machine; docs/review.md has figures
    assert len(browser.visible_rows()) == 3000
    browser.choose("filter", "flagged")
    assert browser.visible_rows() == [k for k in range(3000) if k % 17 == 0]
    browser.assert_clean()


def test_print_shows_everything_and_no_controls(browser: Browser, work: Path) -> None:
    page, _ = review(work, "article.mt.jsonl", name="print")
    browser.open(page)
    browser.choose("filter", "flagged")
    browser.js("window.dispatchEvent(new Event('beforeprint'))")
    assert browser.js("return Array.prototype.every.call(document.querySelectorAll('details'), "
                      "function (d) { return d.open; })")
    browser.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert browser.js("return getComputedStyle(document.querySelector('.controls'))"
                          ".display") == "none"
        assert browser.js("return getComputedStyle(document.querySelector('.para'))"
                          ".contentVisibility") == "visible"
    finally:
        browser.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    browser.assert_clean()
