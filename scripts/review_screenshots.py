#!/usr/bin/env python
"""Screenshots of the three review pages on the example article, and the 3,000-sentence
measurement quoted in docs/review.md.

    python scripts/review_screenshots.py                 # docs/review/*.png
    python scripts/review_screenshots.py --measure       # and: a 3,000-sentence page's size
                                                         # and time to first render

The pages are built as a user would, with the CLI, from the repository root (so the
manifests name ``examples/…``): the translation of ``examples/article.de.txt`` by the tiny
random model (``models/tiny``, built if absent: its English is gibberish, its records are
real), the alignment of the article with ``examples/article.en.txt`` (``--bridge none``:
no model), and the evaluation of two systems (the tiny model with 4 beams and greedy)
against the English article, with a paired bootstrap test.

Needs headless Chromium and its driver (Debian: ``apt-get install chromium
chromium-driver``) and ``pip install selenium`` (in the ``test`` extra).
:func:`start_chromium` is also what ``tests/test_review_browser.py`` drives.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "review"

# Chromium as root, offline, leaving nothing outside its own folder
CHROMIUM_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--no-first-run", "--no-default-browser-check",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--disable-extensions", "--disable-default-apps",
                  "--mute-audio", "--hide-scrollbars", "--force-device-scale-factor=1",
                  "--lang=en-US")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = ("install Chromium and its driver (Debian/Ubuntu: apt-get install chromium "
                "chromium-driver) and Selenium (pip install selenium, in the test extra)")


class BrowserUnavailable(RuntimeError):
    """No headless Chromium can be driven here; the message names what to install."""


def find_chromium() -> tuple[str, str]:
    """Paths of Chromium and chromedriver (``TRANSALIGN_CHROMIUM`` and
    ``TRANSALIGN_CHROMEDRIVER`` override the search of PATH).

    Raises:
        BrowserUnavailable: Selenium, Chromium or chromedriver is missing.
    """
    if importlib.util.find_spec("selenium") is None:
        raise BrowserUnavailable(f"the Python package selenium is not installed; {INSTALL_HINT}")
    browser = os.environ.get("TRANSALIGN_CHROMIUM") or next(
        (p for p in map(shutil.which, CHROMIUM_NAMES) if p), None)
    if not browser:
        raise BrowserUnavailable(f"no Chromium found (package chromium); {INSTALL_HINT}")
    driver = os.environ.get("TRANSALIGN_CHROMEDRIVER") or shutil.which("chromedriver")
    if not driver:
        raise BrowserUnavailable(f"no chromedriver found (package chromium-driver); "
                                 f"{INSTALL_HINT}")
    return browser, driver


def start_chromium(workdir: Path, *, width: int = 1400, height: int = 1000) -> Any:
    """A Selenium driver of headless Chromium whose profile, home, caches and temporary
    files all live under ``workdir``; console and network events are logged
    (``driver.get_log("browser")`` / ``("performance")``).

    Raises:
        BrowserUnavailable: see :func:`find_chromium`, or Chromium does not start.
    """
    browser, driver_path = find_chromium()
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service

    workdir.mkdir(parents=True, exist_ok=True)
    home = workdir / "home"
    # Chromium puts its sockets in TMPDIR and XDG_RUNTIME_DIR (…/.org.chromium.Chromium.XXXXXX/
    # SingletonSocket), and a socket path over 107 bytes stops it from starting: under a
    # deep working folder, a short folder of its own under /tmp, removed at exit
    sockets = workdir
    if len(str(workdir)) > 40:
        sockets = Path(tempfile.mkdtemp(prefix="tac", dir="/tmp"))
        atexit.register(shutil.rmtree, sockets, True)
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(sockets / "tmp"),
           "XDG_CONFIG_HOME": str(home / ".config"), "XDG_CACHE_HOME": str(home / ".cache"),
           "XDG_DATA_HOME": str(home / ".local" / "share"),
           "XDG_RUNTIME_DIR": str(sockets / "run"), "SE_CACHE_PATH": str(home / ".cache")}
    for key in ("HOME", "TMPDIR", "XDG_RUNTIME_DIR"):
        Path(env[key]).mkdir(parents=True, exist_ok=True)
    Path(env["XDG_RUNTIME_DIR"]).chmod(0o700)
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={workdir / 'profile'}",
                 f"--window-size={width},{height}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    service = Service(executable_path=driver_path, env=env,
                      log_output=str(workdir / "chromedriver.log"))
    try:
        return webdriver.Chrome(service=service, options=options)
    except WebDriverException as exc:
        first = (exc.msg or str(exc)).strip().split("\n")[0]
        raise BrowserUnavailable(f"Chromium did not start ({first}); {INSTALL_HINT}") from None


def wait_rendered(driver: Any, *, complete: bool = True, timeout: float = 60.0) -> None:
    """Wait until the page drew its first chunk and painted it (and, with ``complete``,
    drew every row)."""
    condition = ("window.__rendered !== undefined && "
                 "performance.getEntriesByName('first-contentful-paint').length > 0")
    if complete:
        condition += " && window.__complete !== undefined"
    deadline = time.monotonic() + timeout
    while not driver.execute_script(f"return {condition}"):
        if time.monotonic() > deadline:
            raise TimeoutError(f"the page was not drawn in {timeout:.0f} s ({condition})")
        time.sleep(0.02)


def page_timings(driver: Any) -> dict[str, float]:
    """First paint, first contentful paint, first chunk drawn, all drawn (ms after
    navigation start), as the page and Chromium's paint timing report them."""
    return driver.execute_script("""
        var out = {rendered: window.__rendered, complete: window.__complete};
        performance.getEntriesByType('paint').forEach(function (e) { out[e.name] = e.startTime; });
        return out;""")


# ---- building the example pages -------------------------------------------------------

def _transalign(cwd: Path, *argv: str | Path) -> None:
    """``transalign ARGV`` in ``cwd``, as a user runs it."""
    cmd = [sys.executable, "-m", "transalign", *map(str, argv), "--quiet"]
    subprocess.run(cmd, cwd=cwd, check=True)


def _setup(work: Path) -> None:
    """``work/examples`` (copies) and ``work/models/tiny`` (the repository's, built if
    absent), so every path a manifest records is short and the same on every machine."""
    (work / "examples").mkdir(parents=True, exist_ok=True)
    for name in ("article.de.txt", "article.en.txt"):
        shutil.copyfile(ROOT / "examples" / name, work / "examples" / name)
    model = ROOT / "models" / "tiny"
    if not (model / "config.json").is_file():
        sys.path.insert(0, str(ROOT / "scripts"))
        import build_tiny_model

        build_tiny_model.build(model, "tiny")
    link = work / "models" / "tiny"
    if not link.exists():
        link.parent.mkdir(exist_ok=True)
        link.symlink_to(model, target_is_directory=True)


def build_pages(work: Path) -> dict[str, Path]:
    """The three example pages (translation, alignment, evaluation) under ``work``."""
    _setup(work)
    run = lambda *argv: _transalign(work, *argv)  # noqa: E731
    run("translate", "examples/article.de.txt", "--model", "models/tiny", "--format", "jsonl",
        "-o", "article.mt.jsonl")
    run("align", "examples/article.de.txt", "examples/article.en.txt", "--bridge", "none",
        "--format", "jsonl", "-o", "article.beads.jsonl")
    run("translate", "examples/article.de.txt", "--model", "models/tiny", "-o",
        "tiny-beam4.en.txt")
    run("translate", "examples/article.de.txt", "--model", "models/tiny", "--beams", "1",
        "-o", "tiny-greedy.en.txt")
    run("evaluate", "--hyp", "tiny-beam4.en.txt", "--hyp", "tiny-greedy.en.txt",
        "--ref", "examples/article.en.txt", "--src", "examples/article.de.txt",
        "--metrics", "bleu,chrf,ter", "--paired", "bs", "--format", "json", "-o", "scores.json",
        "--per-sentence", "scores.per-sentence.jsonl")
    run("review", "article.mt.jsonl", "-o", "translation.html")
    # weak below 0.8: the example's least sure beads, the right merge [1, 2]:[1] (0.62),
    # the right [3]:[2] (0.76) and the wrong [16, 17]:[15] (0.71; every bead at 0.8 or more
    # is right)
    run("review", "article.beads.jsonl", "--low-below", "0.8", "-o", "alignment.html")
    run("review", "scores.json", "scores.per-sentence.jsonl", "-o", "evaluation.html")
    return {kind: work / f"{kind}.html" for kind in ("translation", "alignment", "evaluation")}


def _viewport(driver: Any, width: int, height: int) -> None:
    """Make the page's viewport ``width`` x ``height`` CSS pixels (the window is larger)."""
    driver.set_window_size(width, height)
    inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
    driver.set_window_size(2 * width - inner[0], 2 * height - inner[1])


def _page_height(driver: Any, limit: int) -> int:
    return min(int(driver.execute_script("return document.documentElement.scrollHeight")),
               limit)


def screenshots(pages: dict[str, Path], out: Path, work: Path) -> list[Path]:
    """Screenshots of the pages: what a reviewer sees first, with one interaction each."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    out.mkdir(parents=True, exist_ok=True)
    driver = start_chromium(work / "chromium", width=1400, height=1000)
    saved = []
    try:
        # translation: the top of the page, the pointer on the fourth sentence
        driver.get(pages["translation"].as_uri())
        wait_rendered(driver)
        _viewport(driver, 1400, _page_height(driver, 1400))
        cell = driver.find_elements(By.CSS_SELECTOR, ".row[data-i] .sent.src")[3]
        ActionChains(driver).move_to_element(cell).perform()
        saved.append(out / "translation.png")
        driver.save_screenshot(str(saved[-1]))
        # alignment: all beads, after "next weak bead"
        driver.get(pages["alignment"].as_uri())
        wait_rendered(driver)
        _viewport(driver, 1400, _page_height(driver, 2400))
        driver.find_element(By.ID, "next-weak").click()
        driver.execute_script("window.scrollTo(0, 0)")
        saved.append(out / "alignment.png")
        driver.save_screenshot(str(saved[-1]))
        # evaluation: the report, the scores and the length buckets ...
        driver.get(pages["evaluation"].as_uri())
        wait_rendered(driver)
        driver.execute_script("""['worst', 'side-by-side', 'per-sentence'].forEach(
            function (id) { document.getElementById(id).hidden = true; });""")
        _viewport(driver, 1400, _page_height(driver, 3000))
        saved.append(out / "evaluation.png")
        driver.save_screenshot(str(saved[-1]))
        # ... and the first segments of the two systems side by side
        driver.execute_script("""
            document.querySelectorAll('#app > *').forEach(function (n) {
                n.hidden = n.id !== 'side-by-side'; });
            document.querySelectorAll('#side-by-side tbody tr').forEach(function (r, k) {
                r.hidden = k >= 4; });""")
        _viewport(driver, 1400, _page_height(driver, 3000))
        saved.append(out / "evaluation-side-by-side.png")
        driver.save_screenshot(str(saved[-1]))
    finally:
        driver.quit()
    return saved


# ---- the 3,000-sentence measurement ---------------------------------------------------

def measure(work: Path, n: int = 3000, runs: int = 5) -> dict[str, Any]:
    """Translate ``n`` German sentences with the tiny model, review them, and load the page
    ``runs`` times in headless Chromium: file size and render times (median)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import textgen

    _setup(work)
    sentences = textgen.german_sentences(n)
    paragraphs = [" ".join(sentences[i:i + 5]) for i in range(0, n, 5)]
    (work / "long.de.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    started = time.perf_counter()
    _transalign(work, "translate", "long.de.txt", "--model", "models/tiny", "--format", "jsonl",
                "-o", "long.mt.jsonl")
    translate_s = time.perf_counter() - started
    started = time.perf_counter()
    _transalign(work, "review", "long.mt.jsonl", "-o", "long.html")
    review_s = time.perf_counter() - started
    page = work / "long.html"
    records = sum(1 for _ in (work / "long.mt.jsonl").open(encoding="utf-8")) - 1
    driver = start_chromium(work / "chromium-measure", width=1400, height=1000)
    timings: list[dict[str, float]] = []
    try:
        for _ in range(runs):
            driver.get(page.as_uri())
            wait_rendered(driver)
            timings.append(page_timings(driver))
        rows = driver.execute_script("return document.querySelectorAll('.row[data-i]').length")
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    finally:
        driver.quit()

    def median(key: str) -> float:
        return statistics.median(t[key] for t in timings if t.get(key) is not None)

    return {"sentences": records, "rows_drawn": rows, "page_bytes": page.stat().st_size,
            "jsonl_bytes": (work / "long.mt.jsonl").stat().st_size,
            "translate_s": round(translate_s, 1), "review_s": round(review_s, 2),
            "first_contentful_paint_ms": round(median("first-contentful-paint")),
            "first_chunk_ms": round(median("rendered")), "all_rows_ms": round(median("complete")),
            "runs": runs, "console_errors": len(errors)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"screenshot folder (default: {OUT})")
    parser.add_argument("--measure", action="store_true",
                        help="also measure a 3,000-sentence translation page")
    parser.add_argument("--sentences", type=int, default=3000, help="sentences to measure")
    parser.add_argument("--keep", type=Path,
                        help="build in this folder and keep it (default: build/review-example, "
                        "removed at the end)")
    args = parser.parse_args(argv)
    try:
        find_chromium()
    except BrowserUnavailable as exc:
        print(f"review_screenshots: {exc}", file=sys.stderr)
        return 2
    # build/ is ignored by git; a fixed folder, so the pages are the same on every run
    work = (args.keep or ROOT / "build" / "review-example").resolve()
    work.mkdir(parents=True, exist_ok=True)
    try:
        pages = build_pages(work)
        for path in screenshots(pages, args.out, work):
            print(f"wrote {os.path.relpath(path, ROOT)}")
        if args.measure:
            print(json.dumps(measure(work, args.sentences), indent=1))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
            with contextlib.suppress(OSError):
                work.parent.rmdir()  # build/, if this made it and it is empty
    return 0


if __name__ == "__main__":
    sys.exit(main())
