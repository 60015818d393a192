#!/usr/bin/env python
"""Acceptance runs of the evaluator on the WMT22 de→en news systems.

1. For each of the three systems, against reference A and against A+B: BLEU, chrF,
   chrF++ and TER from ``transalign evaluate`` next to the ``sacrebleu`` command line,
   both run as subprocesses on the same files; equal to two decimals or the script fails.
2. Document mode: hypothesis and reference lines joined into documents of N lines
   (default 20, joined with a space so the sentence boundaries are lost), re-segmented
   with the project's segmenter, paired with the monolingual aligner and scored;
   document-mode corpus BLEU must be within 0.5 BLEU of the line-aligned score.
3. Paired bootstrap resampling of the three systems (first = baseline): p-values,
   means and 95% CIs of ``transalign evaluate --paired bs`` next to
   ``sacrebleu … --paired-bs`` for the same seed.

The data are read by path only (research-use licence): never copy them into the repo.

Usage: .venv/bin/python scripts/eval_wmt22.py [--data DIR] [--skip-documents] [--skip-paired]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "parallel" / "wmt22_news_systems" / "txt"
SYSTEMS = ("JDExploreAcademy", "Online-B", "PROMT")


def _run(cmd: list[str], env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr}")
    return proc.stdout


def _transalign(args: list[str]) -> dict:
    return json.loads(_run([sys.executable, "-m", "transalign", "evaluate", *args,
                            "--format", "json", "--quiet"]))


def _sacrebleu(exe: str, refs: list[str], hyps: list[str], extra: list[str],
               seed: int | None = None, fmt: str = "json") -> object:
    env = dict(os.environ, NO_COLOR="1")
    if seed is not None:
        env["SACREBLEU_SEED"] = str(seed)
    out = _run([exe, *refs, "-i", *hyps, "-f", fmt, "-w", "4", "-q", *extra], env=env)
    return json.loads(out) if fmt == "json" else out


_CELL = re.compile(r"(-?[0-9.]+) \((-?[0-9.]+) ± ([0-9.]+)\)(?: \(p = ([0-9.]+)\))?")


def _parse_paired_latex(table: str, metrics: list[str]) -> list[dict[str, dict]]:
    # sacrebleu 2.6's `--paired-bs -f json` crashes (numpy float32 is not JSON
    # serialisable), so read its LaTeX table: 4 decimals with `-w 4`.
    rows = []
    for line in table.split("\n"):
        if "&" not in line or "System" in line:
            continue
        cells = [c.strip() for c in line.rstrip(" \\").split("&")][1:]
        row = {}
        for name, cell in zip(metrics, cells, strict=True):
            m = _CELL.search(cell)
            if m is None:
                raise SystemExit(f"cannot parse sacrebleu cell {cell!r}")
            row[name] = {"score": float(m.group(1)), "mean": float(m.group(2)),
                         "ci": float(m.group(3)),
                         "p_value": None if m.group(4) is None else float(m.group(4))}
        rows.append(row)
    return rows


def part_scores(data: Path, exe: str) -> bool:
    ref_a = str(data / "references" / "generaltest2022.de-en.ref.A.en")
    ref_b = str(data / "references" / "generaltest2022.de-en.ref.B.en")
    print("## 1. Corpus scores: transalign evaluate vs sacrebleu CLI (two decimals)\n")
    header = f"| {'system':<17} | refs | {'metric':<7} | {'transalign':>10} | " \
             f"{'sacrebleu':>9} | same |"
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    ok = True
    for system in SYSTEMS:
        hyp = str(data / "system-outputs" / f"generaltest2022.de-en.hyp.{system}.en")
        for label, refs in (("A", [ref_a]), ("A+B", [ref_a, ref_b])):
            ours = _transalign(["--hyp", hyp, *(x for r in refs for x in ("--ref", r)),
                                "--metrics", "bleu,chrf,chrf++,ter"])
            ours_scores = ours["systems"][0]["scores"]
            theirs = {}
            for item in _sacrebleu(exe, refs, [hyp], ["-m", "bleu", "chrf", "ter"]):
                theirs[item["name"]] = item
            pp = _sacrebleu(exe, refs, [hyp], ["-m", "chrf", "--chrf-word-order", "2"])
            theirs[pp["name"]] = pp
            for name in ("BLEU", "chrF2", "chrF2++", "TER"):
                a = f"{ours_scores[name]['score']:.2f}"
                b = f"{float(theirs[name]['score']):.2f}"
                sig_same = ours_scores[name]["signature"] == theirs[name]["signature"]
                same = a == b and sig_same
                ok &= same
                print(f"| {system:<17} | {label:<4} | {name:<7} | {a:>10} | {b:>9} | "
                      f"{'yes' if same else 'NO':<4} |")
    print("\nSignatures compared as well (transalign JSON `signature` == sacrebleu JSON "
          "`signature`).\n")
    return ok


def _blocks(lines: list[str], size: int, prefix: str):
    from transalign.records import Document

    return [Document(f"{prefix}{k // size}", " ".join(lines[k:k + size]))
            for k in range(0, len(lines), size)]


def part_documents(data: Path, size: int) -> bool:
    from transalign.evaluate import evaluate_corpus, evaluate_documents, read_lines

    ref_a = read_lines(str(data / "references" / "generaltest2022.de-en.ref.A.en"))
    print(f"## 2. Document mode: blocks of {size} lines joined with a space, re-segmented, "
          "paired by the monolingual aligner (reference A)\n")
    print("| system            | line BLEU | doc BLEU | delta | doc BLEU, unpaired ignored "
          "| docs | hyp sents | ref sents | unpaired hyp | unpaired ref | time s | within 0.5 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    ok = True
    ref_docs = _blocks(ref_a, size, "d")
    for system in SYSTEMS:
        hyp = read_lines(str(data / "system-outputs" / f"generaltest2022.de-en.hyp.{system}.en"))
        line_bleu = evaluate_corpus(hyp, [ref_a], metrics="bleu")["bleu"].score
        t0 = time.perf_counter()
        res = evaluate_documents(_blocks(hyp, size, "d"), ref_docs, metrics="bleu")
        secs = time.perf_counter() - t0
        doc_bleu = res.result["bleu"].score
        ignored = evaluate_documents(_blocks(hyp, size, "d"), ref_docs, metrics="bleu",
                                     unpaired="ignore").result["bleu"].score
        p = res.pairing
        within = abs(doc_bleu - line_bleu) <= 0.5
        ok &= within
        print(f"| {system:<17} | {line_bleu:9.2f} | {doc_bleu:8.2f} | {doc_bleu - line_bleu:+5.2f} "
              f"| {ignored:.2f} | {p.n_documents} | {p.hyp_sentences} | {p.ref_sentences} | {p.unpaired_hyp} "
              f"| {p.unpaired_ref} | {secs:.1f} | {'yes' if within else 'NO'} |")
    print("\n`doc BLEU` scores unpaired sentences against empty text (the default policy, "
          "the number checked); `unpaired ignored` leaves them out (--unpaired ignore). "
          "`time s`: segmentation + alignment + BLEU of one system.\n")
    return ok


def part_paired(data: Path, exe: str, n: int, seed: int) -> bool:
    ref_a = str(data / "references" / "generaltest2022.de-en.ref.A.en")
    hyps = [str(data / "system-outputs" / f"generaltest2022.de-en.hyp.{s}.en") for s in SYSTEMS]
    print(f"## 3. Paired bootstrap resampling ({n} resamples, seed {seed}, reference A, "
          f"baseline {SYSTEMS[0]}; compared to 4 decimals)\n")
    ours = _transalign([*(x for h in hyps for x in ("--hyp", h)), "--ref", ref_a,
                        "--paired", "bs", "--paired-n", str(n), "--seed", str(seed)])
    table = _sacrebleu(exe, [ref_a], hyps, ["-m", "bleu", "chrf", "ter", "--paired-bs",
                                            "--paired-bs-n", str(n)], seed=seed, fmt="latex")
    theirs = _parse_paired_latex(str(table), ["BLEU", "chrF2", "TER"])
    print("| system | metric | transalign score (μ ± CI) p | sacrebleu score (μ ± CI) p | same |")
    print("|---|---|---|---|---|")
    ok = True
    comp = ours["comparison"]
    for i, system in enumerate(SYSTEMS):
        for name in ("BLEU", "chrF2", "TER"):
            a = comp["systems"][i]["scores"][name]
            b = theirs[i][name]

            def fmt(r: dict) -> str:
                p = "—" if r["p_value"] is None else f"{r['p_value']:.4f}"
                return f"{r['score']:.4f} ({r['mean']:.4f} ± {r['ci']:.4f}) p = {p}"

            same = fmt(a) == fmt(b)
            ok &= same
            print(f"| {system} | {name} | {fmt(a)} | {fmt(b)} | {'yes' if same else 'NO'} |")
    print(f"\nSignatures (transalign): {json.dumps(comp['signatures'])}\n")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="the txt/ folder of wmt22_news_systems")
    parser.add_argument("--sacrebleu", default=str(Path(sys.executable).parent / "sacrebleu"),
                        help="sacrebleu command line (default: next to this Python)")
    parser.add_argument("--doc-size", type=int, default=20, help="lines per document")
    parser.add_argument("--paired-n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=12345)
    parser.add_argument("--skip-scores", action="store_true")
    parser.add_argument("--skip-documents", action="store_true")
    parser.add_argument("--skip-paired", action="store_true")
    args = parser.parse_args()
    if not (args.data / "references").is_dir():
        print(f"{args.data}: WMT22 data not found (use --data)", file=sys.stderr)
        return 2
    results = {}
    if not args.skip_scores:
        results["scores"] = part_scores(args.data, args.sacrebleu)
    if not args.skip_documents:
        results["documents"] = part_documents(args.data, args.doc_size)
    if not args.skip_paired:
        results["paired"] = part_paired(args.data, args.sacrebleu, args.paired_n, args.seed)
    print("Summary: " + ", ".join(f"{k}: {'PASS' if v else 'FAIL'}" for k, v in results.items()))
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
