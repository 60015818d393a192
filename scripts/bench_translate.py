#!/usr/bin/env python
"""Side-by-side translation throughput: the ways people run opus-mt, and transalign.

Builds (once) a random Marian model the size of Helsinki-NLP/opus-mt-de-en (vocab
58101, d_model 512, 6+6 layers; fixed seed) and times, in one run, on the same
German sentences written for this project (``textgen.german_sentences``, ~10%
repeats, as in real news collections):

  (a) transformers, one sentence at a time;
  (b) transformers, length-sorted batches of 16 (EasyNMT's method);
  (f) the same in bfloat16 (weights cast with ``model.to(torch.bfloat16)``), the
      fastest thing a torch user has on a CPU with native bf16 (``avx512_bf16`` or
      ``amx_bf16`` in ``/proc/cpuinfo``): run by default where the CPU has it,
      skipped with the reason printed where it does not (force it with ``--paths``).
      ``torch.autocast("cpu", dtype=torch.bfloat16)``, over float32 or bfloat16
      weights, was slower than the cast weights alone on the AMD EPYC (avx512_bf16);
  (c) raw CTranslate2 (int8 on CPU, float16 on CUDA) ``translate_batch`` with
      ``max_batch_size`` over the whole input (CTranslate2's documented practice);
  (e) optional: raw CTranslate2 with transalign's engine settings (thread setup, CPU
      kernels; ``--paths``), which separates those from the pipeline's own gains;
  (d) transalign's default path (``translate_documents`` with ``backend: auto``),
      the function ``transalign translate`` runs;
  (g) optional: (d) without the trust checks (``checks: false``: no copy decisions,
      language identification or number checks; ``--paths``), run alternately with
      (d), so that ``(d)/(g)`` is what the checks cost.

Random weights would stop at random lengths, so every path is forced to exactly
``--out-tokens`` output tokens (min = max new tokens); transalign's degenerate-
output guard is off for the same reason (forced-length random output is
degenerate by construction). Each path runs in its own process, so peak memory
(max RSS) is per path; model loading and the one-time CTranslate2 conversion are
not timed. (b) and (f) run once each, one after the other; (a), (c), (e) and (d)
run alternately, ``--repeat`` times each, so a change in the machine's speed hits
them alike; (c), (e) and (d) report their median run. (a) is slow (~0.6 sentences/s on 2 cores), so it runs on an evenly spaced sample
of ``--a-sentences``, one part of it per round, and reports the rate of all parts.

The CPU matters: transformers one sentence at a time ran ~3x faster on an Intel Xeon
with AMX than on the AMD EPYC of the README's table, CTranslate2 int8 about as fast. Above the table the script
prints the CPU model, its core count and the ISA flags that decide this (avx2,
avx512f, avx512_bf16, avx512_vnni, amx_*), and it gives (d)'s ratio to the best
alternative a torch or CTranslate2 user has (the fastest of (a), (b), (f), (c))
besides its ratio to each path; (e) is transalign's own engine settings, so it is
reported on its own line, not counted as an alternative.

    python scripts/bench_translate.py                  # ~12 minutes on 2 CPU cores
    python scripts/bench_translate.py --paths abcd     # without (f)
    python scripts/bench_translate.py --sentences 100 --json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))


def _sentences(n: int, unique: bool = False) -> list[str]:
    import textgen

    if not unique:
        return textgen.german_sentences(n, seed=1)
    # No repeats at all: draw more and keep the first n distinct sentences.
    return list(dict.fromkeys(textgen.german_sentences(4 * n, seed=1)))[:n]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


ISA_FLAGS = ("avx2", "avx512f", "avx512_bf16", "avx512_vnni", "amx_bf16", "amx_int8", "amx_tile")
BF16_FLAGS = ("avx512_bf16", "amx_bf16")


def cpu_info(cpuinfo: str | None = None) -> dict:
    """The CPU model, its core count and the ISA flags of ``ISA_FLAGS`` it has.

    ``flags`` is None where they cannot be read (no ``/proc/cpuinfo``: not Linux).
    """
    if cpuinfo is None:
        try:
            cpuinfo = Path("/proc/cpuinfo").read_text()
        except OSError:
            cpuinfo = ""
    fields: dict[str, str] = {}
    for line in cpuinfo.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() not in fields:  # the first processor's entry
            fields[key.strip()] = value.strip()
    present = set(fields.get("flags", fields.get("Features", "")).split())
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 1
    info = {"model": fields.get("model name") or platform.processor() or platform.machine(),
            "logical_cpus": os.cpu_count() or 1, "usable_cpus": usable,
            "flags": [f for f in ISA_FLAGS if f in present] if present else None}
    if "cpu cores" in fields:
        info["cores_per_socket"] = int(fields["cpu cores"])
    if "vendor_id" in fields:
        info["vendor"] = fields["vendor_id"]
        info["family_model"] = f"{fields.get('cpu family', '?')}/{fields.get('model', '?')}"
    return info


def cpu_line(info: dict) -> str:
    cores = f"{info['logical_cpus']} logical CPUs"
    if "cores_per_socket" in info:
        cores += f" ({info['cores_per_socket']} cores per socket)"
    if info["usable_cpus"] != info["logical_cpus"]:
        cores += f", {info['usable_cpus']} usable"
    ident = f" ({info['vendor']} family/model {info['family_model']})" if "vendor" in info else ""
    if info["flags"] is None:
        isa = "ISA flags unknown (no /proc/cpuinfo)"
    else:
        absent = [f for f in ISA_FLAGS if f not in info["flags"]]
        isa = "ISA: " + (" ".join(info["flags"]) or "none of " + " ".join(ISA_FLAGS))
        if absent and info["flags"]:
            isa += "; absent: " + " ".join(absent)
    return f"CPU: {info['model']}{ident}, {cores}; {isa}"


def bf16_skip_reason(info: dict, device: str) -> str | None:
    """Why (f) does not run by default here, or None where it does."""
    if device != "cpu":
        return f"(f) is the CPU's bfloat16 path; on {device} (a) and (b) already run in float16"
    if info["flags"] is None:
        return "cannot tell whether this CPU has native bfloat16 (no /proc/cpuinfo)"
    if not any(f in info["flags"] for f in BF16_FLAGS):
        return ("this CPU has no native bfloat16 (neither avx512_bf16 nor amx_bf16): "
                "torch would emulate it, slower than float32")
    return None


def _torch_setup(args, bf16: bool = False):
    import torch
    from transformers import MarianMTModel, MarianTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    torch.set_num_threads(args.threads)
    dtype = torch.float16 if args.device == "cuda" else torch.float32
    if bf16:  # (f): the weights cast to bfloat16, as a torch user would
        dtype = torch.bfloat16
    tok = MarianTokenizer.from_pretrained(args.model)
    model = MarianMTModel.from_pretrained(args.model, dtype=dtype).to(args.device).eval()
    return torch, tok, model


def _generate(torch, tok, model, batch, args):
    enc = tok(batch, return_tensors="pt", padding=True).to(args.device)
    with torch.inference_mode():
        out = model.generate(**enc, num_beams=args.beams, min_new_tokens=args.out_tokens,
                             max_new_tokens=args.out_tokens)
    return tok.batch_decode(out, skip_special_tokens=True), int((out[:, 1:] != model.config.pad_token_id).sum())


def worker(args) -> dict:
    sents = _sentences(args.sentences, args.unique)
    if args.worker == "a":
        step = max(1, len(sents) // args.a_sentences)
        sents = sents[::step][:args.a_sentences]
        # part k of n: every n-th sentence of the sample (each part spans all lengths)
        k, n = args.a_part
        sents = sents[k::n]
    started = time.perf_counter()
    tokens = 0
    threads = f"torch {args.threads} threads"
    if args.worker in ("a", "b", "f"):
        torch, tok, model = _torch_setup(args, bf16=args.worker == "f")
        loaded = time.perf_counter()
        if args.worker == "a":
            for s in sents:
                tokens += _generate(torch, tok, model, [s], args)[1]
        else:
            order = sorted(range(len(sents)), key=lambda i: len(sents[i]))
            for k in range(0, len(order), 16):
                tokens += _generate(torch, tok, model, [sents[i] for i in order[k:k + 16]], args)[1]
    elif args.worker in ("c", "e"):
        # (c): CTranslate2 as installed (its defaults); (e): with transalign's engine
        # settings (its environment, set before the import, and the thread setup below).
        from transalign.translate.ct2_backend import engine_environment

        if args.worker == "e":
            os.environ.update(engine_environment())
        import ctranslate2
        from transformers import MarianTokenizer

        from transalign.translate.ct2_backend import converted_model
        from transalign.translate.loading import resolve_model

        resolved = resolve_model(args.model)
        compute = "float16" if args.device == "cuda" else "int8"
        path = converted_model(resolved.path, resolved.model_id, resolved.revision, compute)
        if args.worker == "c":  # CTranslate2's defaults: one batch at a time, all threads
            inter, intra, max_batch = 1, args.threads, 64
        else:  # transalign's CPU setup: batches side by side, one thread each
            inter = min(args.threads, 4) if args.device == "cpu" else 1
            intra, max_batch = max(1, args.threads // inter), 64 // inter
        translator = ctranslate2.Translator(str(path), device=args.device, compute_type=compute,
                                            inter_threads=inter, intra_threads=intra)
        threads = f"inter {inter} x intra {intra}"
        tok = MarianTokenizer.from_pretrained(args.model)
        loaded = time.perf_counter()
        source = [tok.convert_ids_to_tokens(tok.encode(s)) for s in sents]
        results = translator.translate_batch(source, max_batch_size=max_batch,
                                             beam_size=args.beams,
                                             min_decoding_length=args.out_tokens,
                                             max_decoding_length=args.out_tokens)
        texts = [tok.convert_tokens_to_string(r.hypotheses[0]) for r in results]
        tokens = sum(len(r.hypotheses[0]) for r in results)
        assert len(texts) == len(sents)
    else:
        from transalign.config import TranslateOptions
        from transalign.pipeline import translate_documents
        from transalign.records import Document
        from transalign.translate import load_translator

        translator = load_translator(TranslateOptions(
            model=args.model, device=args.device, beams=args.beams, threads=args.threads,
            min_new_tokens=args.out_tokens, max_new_tokens_cap=args.out_tokens, guard=False,
            checks=args.worker == "d"))
        loaded = time.perf_counter()
        [doc] = translate_documents([Document("bench", "\n".join(sents))], translator)
        assert len(doc.records) == len(sents)
        tokens = translator.stats.target_tokens  # generated (repeats are not generated)
        backend = translator.signature()
        inter = backend.get("inter_threads", 1)
        threads = f"inter {inter} x intra {max(1, args.threads // inter)}"
    elapsed = time.perf_counter() - loaded
    result = {"path": args.worker, "sentences": len(sents), "seconds": elapsed,
              "sent_per_s": len(sents) / elapsed, "tok_per_s": tokens / elapsed,
              "load_s": loaded - started, "peak_mb": _peak_mb(), "beams": args.beams,
              "threads": threads}
    if args.worker in ("a", "b", "f") and args.device == "cpu":
        result["torch_cpu_capability"] = torch.backends.cpu.get_cpu_capability()
    if args.worker in ("d", "g"):
        result["backend"] = f"{backend['backend']} {backend['dtype']}"
    return result


def run_worker(args, name: str, beams: int, part: tuple[int, int] = (0, 1)) -> dict:
    cmd = [sys.executable, __file__, "--worker", name, "--model", str(args.model),
           "--a-part", f"{part[0]}/{part[1]}",
           *(["--unique"] if args.unique else []),
           "--sentences", str(args.sentences), "--a-sentences", str(args.a_sentences),
           "--beams", str(beams), "--out-tokens", str(args.out_tokens),
           "--threads", str(args.threads), "--device", args.device]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-3000:])
        raise SystemExit(f"worker {name} failed")
    return json.loads(proc.stdout.strip().split("\n")[-1])


LABELS = {"a": "(a) transformers, 1 sentence at a time",
          "b": "(b) transformers, sorted batches of 16",
          "f": "(f) transformers, sorted batches of 16, bfloat16",
          "c": "(c) CTranslate2 translate_batch",
          "e": "(e) CTranslate2, transalign's engine settings",
          "d": "(d) transalign (default path)",
          "g": "(g) transalign without the trust checks"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=500)
    parser.add_argument("--a-sentences", type=int, default=24,
                        help="evenly spaced sample for (a), the slow path")
    parser.add_argument("--beams", type=int, default=4)
    parser.add_argument("--out-tokens", type=int, default=40)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    parser.add_argument("--model", default=str(ROOT / "models" / "opus-random"),
                        help="model directory (built here if missing)")
    parser.add_argument("--paths", default=None,
                        help="which paths to run (default abcdf, f only where the CPU has "
                        "native bfloat16; naming f runs it anyway; e = raw CTranslate2 with "
                        "transalign's thread setup, to separate engine settings from "
                        "pipeline gains; g = transalign without the trust checks)")
    parser.add_argument("--no-greedy", action="store_true", help="skip the greedy runs")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of (c) and (d), alternated; the median is reported")
    parser.add_argument("--json", action="store_true", help="print one JSON object last")
    parser.add_argument("--unique", action="store_true",
                        help="no repeated sentences (isolates the engine from deduplication)")
    parser.add_argument("--worker", choices=list("abcdefg"), help=argparse.SUPPRESS)
    parser.add_argument("--a-part", default="0/1", help=argparse.SUPPRESS,
                        type=lambda v: tuple(int(x) for x in v.split("/")))
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args)))
        return 0

    if not (Path(args.model) / "config.json").is_file():
        import build_tiny_model

        print(f"building the opus-mt-de-en-sized random model in {args.model} ...",
              file=sys.stderr)
        build_tiny_model.build(args.model, "opus")
    cpu = cpu_info()
    skipped: dict[str, str] = {}
    bf16_reason = bf16_skip_reason(cpu, args.device)
    if args.paths is None:
        args.paths = "abcd"
        if bf16_reason is None:
            args.paths += "f"
        else:
            skipped["f"] = bf16_reason
    elif "f" in args.paths and bf16_reason is not None:
        print(f"warning: running (f) as asked, but {bf16_reason}", file=sys.stderr)
    unknown = set(args.paths) - set("abcdefg")
    if unknown:
        parser.error(f"--paths: unknown path(s) {''.join(sorted(unknown))} (choose from abcdefg)")
    n_unique = len(set(_sentences(args.sentences, args.unique)))
    print(cpu_line(cpu), file=sys.stderr)
    print(f"{args.sentences} sentences ({n_unique} unique), "
          f"{args.out_tokens} output tokens each, {args.threads} threads, device {args.device}",
          file=sys.stderr)
    for name, reason in skipped.items():
        print(f"  skipped {LABELS[name]}: {reason}", file=sys.stderr)
    rows = []
    # (b) and (f) (slow, one run each) run one after the other, so their ratio is fair.
    for name in "bf":
        if name in args.paths:
            rows.append(run_worker(args, name, args.beams))
            print(f"  done {LABELS[name]}: {rows[-1]['sent_per_s']:.2f} sentences/s",
                  file=sys.stderr)
    # (a), (c), (e) and (d) run alternately, --repeat times each, so a speed change of
    # the (shared, virtual) machine hits all of them alike: (a) runs one part of its
    # sample each time (its rate is that of all parts together), the others their whole
    # input (their median run is reported).
    fast = [n for n in "acegd" if n in args.paths]
    beam_sets = [args.beams] + ([] if args.no_greedy else [1])
    greedy = []
    paired: list[float] = []
    for beams in beam_sets:
        names = fast if beams == args.beams else [n for n in fast if n != "a"]
        runs: dict[str, list[dict]] = {n: [] for n in names}
        for rep in range(args.repeat):
            for name in names:
                runs[name].append(run_worker(args, name, beams, (rep, args.repeat)))
                print(f"  run {rep + 1}/{args.repeat} {LABELS[name]} beams {beams}: "
                      f"{runs[name][-1]['sent_per_s']:.2f} sentences/s", file=sys.stderr)
        for name in names:
            if name == "a":
                parts = runs[name]
                pooled = dict(parts[-1])
                for key in ("sentences", "seconds"):
                    pooled[key] = sum(r[key] for r in parts)
                pooled["sent_per_s"] = pooled["sentences"] / pooled["seconds"]
                pooled["tok_per_s"] = sum(r["tok_per_s"] * r["seconds"] for r in parts) / pooled["seconds"]
                pooled["peak_mb"] = max(r["peak_mb"] for r in parts)
                pooled["runs_sent_per_s"] = [round(r["sent_per_s"], 2) for r in parts]
                rows.insert(0, pooled)
                continue
            ordered = sorted(runs[name], key=lambda r: r["sent_per_s"])
            median = ordered[len(ordered) // 2]
            median["runs_sent_per_s"] = [round(r["sent_per_s"], 2) for r in runs[name]]
            (rows if beams == args.beams else greedy).append(median)
        if beams == args.beams and "a" in runs and "d" in runs:
            # paired ratios: (d) against the (a) part run just before it
            paired = [d["sent_per_s"] / a["sent_per_s"]
                      for a, d in zip(runs["a"], runs["d"], strict=True)]
            print("  paired (d)/(a) per run: " + ", ".join(f"{r:.1f}" for r in paired),
                  file=sys.stderr)

    by = {r["path"]: r for r in rows}
    print("\n" + cpu_line(cpu))
    for name, reason in skipped.items():
        print(f"skipped {LABELS[name]}: {reason}")
    print(f"{'path':52} {'threads':>18} {'beams':>5} {'sent':>5} {'sent/s':>8} "
          f"{'tok/s':>8} {'peak MB':>8}")
    for r in rows + greedy:
        label = LABELS[r["path"]] + (f" [{r['backend']}]" if "backend" in r else "")
        print(f"{label:52} {r['threads']:>18} {r['beams']:>5} {r['sentences']:>5} "
              f"{r['sent_per_s']:>8.2f} {r['tok_per_s']:>8.1f} {r['peak_mb']:>8.0f}")
    print(f"input: {args.sentences} sentences, {n_unique} unique; sent/s counts every input "
          "sentence, tok/s the tokens actually generated (transalign translates a repeat once)")
    summary: dict[str, object] = {"sentences": args.sentences, "unique": n_unique,
                                  "beams": args.beams,
                                  "out_tokens": args.out_tokens, "threads": args.threads,
                                  "device": args.device, "paths": args.paths, "cpu": cpu}
    caps = {r["torch_cpu_capability"] for r in rows if "torch_cpu_capability" in r}
    if caps:
        summary["torch_cpu_capability"] = caps.pop()  # the kernels torch picked: AVX512, ...
    if skipped:
        summary["skipped"] = skipped
    if "d" in by:
        # the best alternative: the fastest way a torch or CTranslate2 user runs the model
        # ((e) is transalign's own engine settings, so it is reported on its own)
        alternatives = [by[n] for n in "abfc" if n in by]
        if alternatives:
            best = max(alternatives, key=lambda r: r["sent_per_s"])
            ratio = by["d"]["sent_per_s"] / best["sent_per_s"]
            summary["best_alternative"] = best["path"]
            summary["ratio_d_over_best"] = round(ratio, 3)
            among = ", ".join(f"({r['path']})" for r in alternatives)
            print(f"ratio (d)/best alternative = {ratio:.2f} (best of {among}: "
                  f"{LABELS[best['path']]}, {best['sent_per_s']:.2f} sentences/s)")
        for other in "abfce":
            if other in by:
                ratio = by["d"]["sent_per_s"] / by[other]["sent_per_s"]
                summary[f"ratio_d_over_{other}"] = round(ratio, 3)
                note = "  (transalign's engine settings, not an alternative)" if other == "e" else ""
                print(f"ratio (d)/({other}) = {ratio:.2f}{note}")
    if "d" in by and "g" in by:
        ratio = by["d"]["sent_per_s"] / by["g"]["sent_per_s"]
        summary["ratio_d_over_g"] = round(ratio, 3)
        print(f"ratio (d)/(g) = {ratio:.3f}  (the trust checks' cost: 1.000 = none)")
    if "b" in by and "f" in by:
        ratio = by["f"]["sent_per_s"] / by["b"]["sent_per_s"]
        summary["ratio_f_over_b"] = round(ratio, 3)
        print(f"ratio (f)/(b) = {ratio:.2f}  (bfloat16 against float32, same batches)")
    if paired:
        summary["paired_d_over_a"] = [round(r, 2) for r in paired]
    for r in rows + greedy:
        key = f"{r['path']}_beam{r['beams']}"
        summary[key] = {k: round(v, 3) if isinstance(v, float) else v for k, v in r.items()}
    if args.json:
        print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
