#!/usr/bin/env python
"""Throughput of ``transalign batch`` (local engine) vs ``transalign translate`` per document.

The way a user scripts a collection without the batch job is a loop that runs
``transalign translate DOC.txt -o DOC.en.txt`` once per document: every run
pays for starting Python, importing the libraries and loading the model, and
batches only that document's sentences. The batch job loads the model once and
batches across the documents of a shard.

Both run as subprocesses with the same settings file (``translate:`` section) on
the same documents (German sentences written for this project by
``textgen.german_sentences``), on the tiny Marian model built by
``build_tiny_model.py`` (or ``--model DIR``). Wall-clock time of the whole
command is measured, including start-up, because that is what the user waits for.
The per-document loop is slow, so ``--sample K`` runs it on K evenly spaced
documents and scales its time to all documents (said in the output).

    python scripts/bench_batch.py                         # 300 documents
    python scripts/bench_batch.py --documents 300 --sample 30 --json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

CONFIG = "translate:\n  beams: 2\n  max_new_tokens_cap: 24\n"


def documents(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """``n`` documents of 3–6 sentences (two paragraphs)."""
    import textgen

    sentences = textgen.german_sentences(n * 6, seed=seed)
    out, pos = [], 0
    for i in range(n):
        k = 3 + i % 4
        part = sentences[pos:pos + k]
        pos += k
        half = len(part) // 2
        out.append((f"doc{i:05d}", " ".join(part[:half]) + "\n" + " ".join(part[half:])))
    return out


def transalign_cmd() -> list[str]:
    return [sys.executable, "-m", "transalign"]


def run(cmd: list[str]) -> float:
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n"
                         f"{proc.stderr[-2000:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--sample", type=int, default=0,
                        help="run the per-document loop on this many documents and scale "
                        "(0 = all)")
    parser.add_argument("--shard-size", type=int, default=100)
    parser.add_argument("--model", help="Marian checkpoint (default: build the tiny one)")
    parser.add_argument("--config", help="YAML with a translate: section (default: beams 2, "
                        "max_new_tokens_cap 24)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench_batch_") as tmp_name:
        tmp = Path(tmp_name)
        model = args.model
        if model is None:
            import build_tiny_model

            model = str(build_tiny_model.build(tmp / "tiny", "tiny"))
        config = args.config
        if config is None:
            config = str(tmp / "bench.yaml")
            Path(config).write_text(CONFIG, encoding="utf-8")
        docs = documents(args.documents)
        src = tmp / "docs.jsonl"
        src.write_text("".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n"
                               for i, t in docs), encoding="utf-8")
        common = ["--model", model, "--config", config, "-q"]
        # Warm-up: the one-time CTranslate2 conversion is cached, not measured.
        warm = tmp / "warm.txt"
        warm.write_text(docs[0][1], encoding="utf-8")
        run([*transalign_cmd(), "translate", str(warm), "-o", str(tmp / "warm.en"), *common])

        batch_s = run([*transalign_cmd(), "batch", "--input", str(src), "--output",
                       str(tmp / "out"), "--shard-size", str(args.shard_size), *common])
        manifest = json.loads((tmp / "out" / "manifest.json").read_text(encoding="utf-8"))
        progress = manifest["progress"]

        sample = docs if not args.sample or args.sample >= len(docs) else \
            [docs[round(k * (len(docs) - 1) / max(args.sample - 1, 1))]
             for k in range(args.sample)]
        per_doc = tmp / "per_doc"
        per_doc.mkdir()
        loop_s = 0.0
        for doc_id, text in sample:
            path = per_doc / f"{doc_id}.txt"
            path.write_text(text, encoding="utf-8")
            loop_s += run([*transalign_cmd(), "translate", str(path), "-o",
                           str(per_doc / f"{doc_id}.en.txt"), *common])
        scaled = loop_s * len(docs) / len(sample)

    result = {
        "documents": len(docs),
        "sentences": progress["sentences"],
        "batch_wall_s": round(batch_s, 2),
        "batch_docs_per_s": round(len(docs) / batch_s, 2),
        "per_document_runs": len(sample),
        "per_document_wall_s": round(loop_s, 2),
        "per_document_wall_s_all": round(scaled, 2),
        "per_document_docs_per_s": round(len(sample) / loop_s, 2),
        "ratio": round(scaled / batch_s, 1),
        "cpus": os.cpu_count(),
        "signature": {k: manifest["settings"].get(k)
                      for k in ("backend", "device", "dtype", "beams")},
    }
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    scaled_note = "" if len(sample) == len(docs) else \
        f" (measured on {len(sample)}, scaled to {len(docs)})"
    print(f"{len(docs)} documents, {progress['sentences']} sentences; "
          f"{result['signature']}; {result['cpus']} CPUs")
    print(f"| engine | wall s | documents/s |\n|---|---:|---:|\n"
          f"| transalign batch (local, one process) | {batch_s:.1f} | "
          f"{result['batch_docs_per_s']:.2f} |\n"
          f"| transalign translate, once per document{scaled_note} | {scaled:.1f} | "
          f"{result['per_document_docs_per_s']:.2f} |")
    print(f"ratio: batch is {result['ratio']}x faster")
    return 0


if __name__ == "__main__":
    sys.exit(main())
