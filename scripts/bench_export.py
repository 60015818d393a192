"""Benchmark: streamed ``transalign export`` of 100k and 1M pairs — peak memory and pairs/s.

Each export runs in its own child process (``python -m transalign export …``);
its peak resident set size comes from ``os.wait4`` (the child's own
``ru_maxrss``), its speed from the wall clock. Constant memory means the peak
at 1M pairs is about the peak at 100k. A run on a manifest-only input gives
the baseline (interpreter + imports).

Input: synthetic align-bead JSONL written here (made-up German/English-like
words, with ``&``, ``<``, quotes, emoji, U+2028 and ``\\x01`` sprinkled in, 10%
2-1 beads, 2% 1-0 beads), never shared data.

Usage::

    python scripts/bench_export.py                      # 100k and 1M, tmx and moses
    python scripts/bench_export.py --sizes 100000 --formats tmx tsv jsonl hf moses
    python scripts/bench_export.py --flags --dedup exact # filters too (dedup grows with uniques)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_DE = ("der die das und nicht Haus Straße Brücke über schön Glück Öl Jahr Präsident "
       "Gespräch Woche Dezember Grenze Soldaten Erklärung kurz lang heute morgen")
_EN = ("the and not house street bridge over nice luck oil year president talk week "
       "December border soldiers statement short long today tomorrow")
WORDS_DE, WORDS_EN = _DE.split(), _EN.split()
SPICE = ["&", "<b>", "\"", "'", "😀", "\u2028", "\x01", "]]>", "—"]


def sentence(rng: random.Random, words: list[str]) -> str:
    tokens = rng.choices(words, k=rng.randint(4, 25))
    if rng.random() < 0.2:
        tokens.insert(rng.randrange(len(tokens)), rng.choice(SPICE))
    tokens.append(str(rng.randint(1, 2050)))
    return " ".join(tokens).capitalize() + "."


def generate(path: Path, n: int, seed: int = 1) -> None:
    """Write ``n`` align beads (plus a manifest line) to ``path``."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(json.dumps({"manifest": {"command": "bench_export", "pairs": n}}) + "\n")
        s = t = 0
        for i in range(n):
            roll = rng.random()
            ns, nt = (2, 1) if roll < 0.10 else (1, 0) if roll < 0.12 else (1, 1)
            src = " ".join(sentence(rng, WORDS_DE) for _ in range(ns))
            tgt = " ".join(sentence(rng, WORDS_EN) for _ in range(nt))
            bead = {"doc_id": f"doc{i // 500}", "src_ids": list(range(s, s + ns)),
                    "tgt_ids": list(range(t, t + nt)), "src": src, "tgt": tgt,
                    "score": round(rng.random(), 4), "type": f"{ns}-{nt}"}
            s, t = s + ns, t + nt
            out.write(json.dumps(bead, ensure_ascii=False) + "\n")


def run_child(argv: list[str], log: Path) -> tuple[float, int]:
    """Run ``argv``; return (wall seconds, peak RSS in KiB of that child)."""
    with open(log, "wb") as err:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"failed ({child.returncode}): {' '.join(argv)}\n{log.read_text()[-2000:]}")
    return wall, usage.ru_maxrss  # KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--formats", nargs="+", default=["tmx", "moses"],
                        choices=["tmx", "moses", "tsv", "jsonl", "hf"])
    parser.add_argument("--workdir", help="where inputs and outputs go (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--verify", action="store_true",
                        help="check every output (TMX structure check, Moses line counts)")
    parser.add_argument("--flags", nargs=argparse.REMAINDER, default=[],
                        help="extra export flags (filters), e.g. --flags --dedup exact")
    args = parser.parse_args()

    work = Path(args.workdir or tempfile.mkdtemp(prefix="bench_export."))
    work.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "transalign", "export"]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, work dir {work}, "
          f"flags {args.flags or 'default'}", file=sys.stderr)
    rows = []
    try:
        base_in = work / "pairs-0.jsonl"
        generate(base_in, 0)
        for fmt in args.formats:
            wall, rss = run_child([*cmd, str(base_in), "--format", fmt, "-o",
                                   str(work / f"out-0.{fmt}"), "-q"],
                                  work / "log.txt")
            rows.append((0, fmt, wall, None, rss, 0))
        for n in args.sizes:
            src = work / f"pairs-{n}.jsonl"
            start = time.perf_counter()
            generate(src, n)
            print(f"generated {n} pairs ({src.stat().st_size / 2**20:.0f} MiB) in "
                  f"{time.perf_counter() - start:.1f} s", file=sys.stderr)
            for fmt in args.formats:
                out = work / f"out-{n}.{fmt}"
                wall, rss = run_child([*cmd, str(src), "--format", fmt, "-o", str(out),
                                       "-q", *args.flags], work / "log.txt")
                size = sum(p.stat().st_size for p in work.glob(f"out-{n}.{fmt}*"))
                rows.append((n, fmt, wall, n / wall, rss, size))
                if args.verify:
                    verify(fmt, out, work, n)
            src.unlink()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print("| pairs in | format | wall s | pairs/s | peak RSS MiB | output MiB |")
    print("|---:|---|---:|---:|---:|---:|")
    for n, fmt, wall, rate, rss, size in rows:
        speed = "-" if rate is None else f"{rate:,.0f}"
        print(f"| {n:,} | {fmt} | {wall:.1f} | {speed} | {rss / 1024:.1f} | {size / 2**20:.0f} |")


def verify(fmt: str, out: Path, work: Path, n: int) -> None:
    """Parse the output back (streamed) and print what was found."""
    from transalign.export import check_tmx

    start = time.perf_counter()
    if fmt == "tmx":
        found = f"{check_tmx(str(out))} tu, structure ok"
    elif fmt == "moses":
        counts = []
        for ext in ("de", "en", "ids"):
            with open(f"{out}.de-en.{ext}", "rb") as handle:
                counts.append(sum(1 for _ in handle))
        found = f"lines de/en/ids = {counts}"
    else:
        with open(out, "rb") as handle:
            found = f"{sum(1 for _ in handle)} lines"
    print(f"verify {fmt} {n}: {found} ({time.perf_counter() - start:.1f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
