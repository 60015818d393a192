#!/usr/bin/env python
"""Evaluate ``transalign.align`` on the sentence-alignment gold in ``../shared/data/alignment``.

Prints strict and lax precision/recall/F1 (scored as ``../shared/data/README.md``
defines, with ``transalign.evaluate.alignment.score_alignments``) for:

* Text+Berg test (7 articles, German→French; Sennrich & Volk 2010), with the Google MT
  bridge that ships with Bleualign (``eval1989.google.fr``, split at the ``. EOA`` lines)
  and with no MT at all;
* Text+Berg dev (``eval1957``), both ways (tuning set);
* OPUS Books Tom Sawyer, German→English, no MT: ``val`` (tuning) and ``test`` halves;
* WMT22 de→en with the reference re-segmented by construction (every 5th segment
  joined to the next, every 37th dropped): the German source against it with the
  Online-B output as bridge and with no MT, and the Online-B output against it in
  same-language mode (the evaluator's document mode) — not tuned on; and the same with
  paragraphs made from the gold (one after every fourth gold bead, both sides), aligned
  with soft and with hard paragraph cuts, and with the source one sentence per line;

* hand-written articles (``tests/fixtures/align/handwritten``: German news and
  features with a translation written for the project, merges, splits, omissions,
  additions and moved clauses as a translator makes them, and a literal MT-like
  translation of each German sentence), aligned as ``transalign align`` does (both
  sides segmented, paragraphs as soft cuts) with that MT as the bridge and without MT;
  needs no ``../shared`` (``--only handwritten``);

the bead confidence of every row (ECE, precision and share of the correct beads kept at
confidence >= 0.9: ``reliability``), and its reliability tables on held-out data
(``confidence_tables``: Text+Berg test, both ways, and the odd documents of WMT22, the
even ones being tuning data; whole and cut at gold boundaries into 6- and 15-bead
documents); and wall time, CPU time and peak memory (tracemalloc: Python and numpy allocations) of
aligning the whole Tom Sawyer book (val + test, no MT) at 1×, 2× and 4× its length
(concatenated copies), each in a fresh process; ``load`` is the 1-minute load average
then (the machine is shared, so wall time depends on it).

The data are read by path and never copied. Usage::

    python scripts/eval_alignment.py [--data ../shared/data/alignment] [--only textberg]
        [--set sim_weight=8 --set band=12 ...] [--no-speed] [--disagreements N [--seed S]]

``--disagreements N`` prints, after the table, N gold beads of each set that the aligner
missed (a seeded sample), each with the aligner's beads and the gold beads around it and
the sentences involved, for judging by eye which side is right (the scores count every
disagreement against the aligner, also where the gold is the one that is wrong).

The Bertalign-style variant (not the default, see ``transalign.align``)::

    python scripts/eval_alignment.py --no-speed --set scoring=product \
        --set size_exponent=0.5 --set merge_penalty=0.15 --set max_sentences=5
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

# BLAS threads fight over this machine's two shared cores; one thread is faster here
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # after the thread settings

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "alignment"
HANDWRITTEN = ROOT / "tests" / "fixtures" / "align" / "handwritten"


def _lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _split_eoa(lines: list[str]) -> list[list[str]]:
    docs, cur = [], []
    for line in lines:
        if line.strip().replace(" ", "") == ".EOA":
            docs.append(cur)
            cur = []
        else:
            cur.append(line)
    if cur:
        docs.append(cur)
    return docs


def textberg(data: Path, split: str):
    """Documents ``(src, tgt, bridge, gold)`` of the Text+Berg dev or test set."""
    from transalign.evaluate.alignment import read_beads

    base = data / "textberg_vecalign" / "bleualign_data"
    if split == "dev":
        names = ["dev"]
        bridges = [_lines(data / "textberg_bleualign" / "eval" / "eval1957.google.fr")]
    else:
        names = [f"test{k}" for k in range(7)]
        bridges = _split_eoa(_lines(data / "textberg_bleualign" / "eval" / "eval1989.google.fr"))
    docs = []
    for name, bridge in zip(names, bridges, strict=True):
        src, tgt = _lines(base / f"{name}.de"), _lines(base / f"{name}.fr")
        if len(bridge) != len(src):
            raise SystemExit(f"{name}: bridge has {len(bridge)} lines for {len(src)} sentences")
        gold = read_beads(base / f"{name}.defr")
        docs.append((src, tgt, bridge, gold[0] if gold else []))
    return docs


def opus_book(path: Path):
    """``(src, tgt, gold)`` of a CroCoAlign OPUS Books JSONL file (one bead per line)."""
    from transalign.records import Bead

    src: list[str] = []
    tgt: list[str] = []
    gold: list[Bead] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            continue
        obj = json.loads(line)
        s, t = obj["sources"]["text"], obj["targets"]["text"]
        if not s and not t:
            continue  # the empty terminator line
        gold.append(Bead(tuple(range(len(src), len(src) + len(s))),
                         tuple(range(len(tgt), len(tgt) + len(t)))))
        src.extend(s)
        tgt.extend(t)
    return src, tgt, gold


def tom_sawyer(data: Path, split: str):
    books = data / "opus_books_crocoalign" / "data" / "opus" / "books"
    return opus_book(books / split / f"{split}_DE-EN-Twain_Mark-Tom_Sawyer.jsonl")


def wmt22(data: Path, chunk: int = 100):
    """WMT22 de→en with a re-segmented reference (gold known by construction).

    Documents of ``chunk`` consecutive segments; in the English reference A every 5th
    segment is joined to the next one (a 2-1 / 1-2 bead) and every 37th is dropped (a
    1-0): the source, its Online-B translation (the bridge) and the reference.
    """
    base = data.parent / "parallel" / "wmt22_news_systems" / "txt"
    src_all = _lines(base / "sources" / "generaltest2022.de-en.src.de")
    hyp_all = _lines(base / "system-outputs" / "generaltest2022.de-en.hyp.Online-B.en")
    ref_all = _lines(base / "references" / "generaltest2022.de-en.ref.A.en")
    docs = []
    for start in range(0, len(src_all) - chunk + 1, chunk):
        src = src_all[start: start + chunk]
        hyp = hyp_all[start: start + chunk]
        tgt, gold = resegment(ref_all[start: start + chunk], start, join=5, drop=37)
        docs.append((src, tgt, hyp, gold))
    return docs


def resegment(ref: list[str], offset: int, *, join: int, drop: int):
    """``ref`` (one sentence a source sentence) re-segmented, and the gold that says how:
    ``(tgt, gold)``. Counting sentences from ``offset``, every ``drop``-th is left out (a
    1-0 bead) and otherwise every ``join``-th is joined to the next (a 2-1 bead)."""
    from transalign.records import Bead

    tgt: list[str] = []
    gold: list[Bead] = []
    k = 0
    while k < len(ref):
        if (offset + k) % drop == drop - 1:
            gold.append(Bead((k,), ()))
            k += 1
        elif (offset + k) % join == join - 1 and k + 1 < len(ref):
            gold.append(Bead((k, k + 1), (len(tgt),)))
            tgt.append(ref[k] + " " + ref[k + 1])
            k += 2
        else:
            gold.append(Bead((k,), (len(tgt),)))
            tgt.append(ref[k])
            k += 1
    return tgt, gold


def wmt22_part(docs, part: str):
    """The WMT22 documents of one part: ``"dev"`` (even documents, tuning data of the
    bead confidence), ``"test"`` (odd documents, reported), ``"all"``."""
    if part == "all":
        return list(docs)
    return [d for k, d in enumerate(docs) if k % 2 == (0 if part == "dev" else 1)]


def gold_chunks(doc, size: int):
    """A document ``(src, tgt, bridge, gold)`` cut at gold boundaries into documents of
    ``size`` gold beads (the last one: the rest), each with its gold re-indexed.

    A cut falls between two gold beads only where every bead before it lies wholly
    before every bead after it on both sides (the Text+Berg gold has non-contiguous
    beads); sentences in no gold bead go with the chunk after them. ``bridge`` may be
    None. ``size=0``: the document itself.
    """
    from transalign.records import Bead

    src, tgt, bridge, gold = doc
    if size <= 0 or not gold:
        return [doc]
    big = 1 << 60
    k_all = len(gold)
    pre_s = pre_t = -1
    pre = []
    for b in gold:
        pre_s = max(pre_s, max(b.src, default=-1))
        pre_t = max(pre_t, max(b.tgt, default=-1))
        pre.append((pre_s, pre_t))
    suf_s = suf_t = big
    suf = [(big, big)] * (k_all + 1)
    for k in range(k_all - 1, -1, -1):
        suf_s = min(suf_s, min(gold[k].src, default=big))
        suf_t = min(suf_t, min(gold[k].tgt, default=big))
        suf[k] = (suf_s, suf_t)
    cuts = [(0, 0, 0)]  # (first bead, first source, first target) of each chunk
    for k in range(k_all - 1):
        if (k + 1 - cuts[-1][0] >= size and pre[k][0] < suf[k + 1][0]
                and pre[k][1] < suf[k + 1][1]):
            cuts.append((k + 1, pre[k][0] + 1, pre[k][1] + 1))
    cuts.append((k_all, len(src), len(tgt)))
    out = []
    for (k0, i0, j0), (k1, i1, j1) in itertools.pairwise(cuts):
        beads = [Bead(tuple(i - i0 for i in b.src), tuple(j - j0 for j in b.tgt))
                 for b in gold[k0:k1]]
        out.append((src[i0:i1], tgt[j0:j1], None if bridge is None else bridge[i0:i1], beads))
    return out


def run_same(name: str, docs, options) -> dict:
    """Same-language mode: the MT output (English) against the re-segmented reference."""
    from transalign.align import align
    from transalign.evaluate.alignment import score_alignments

    t0 = time.perf_counter()
    tests = [align(hyp, tgt, same_language=True, options=options) for _, tgt, hyp, _ in docs]
    res = score_alignments([d[3] for d in docs], tests)
    res.update(name=name, wall=time.perf_counter() - t0,
               pairs=[(hyp, tgt, gold, t)
                      for (_, tgt, hyp, gold), t in zip(docs, tests, strict=True)])
    return res


def _options(settings: list[str]):
    from transalign.align import AlignOptions

    kwargs: dict[str, object] = {}
    for item in settings:
        key, _, value = item.partition("=")
        try:
            kwargs[key] = json.loads(value)
        except json.JSONDecodeError:  # a bare word: --set scoring=product
            kwargs[key] = value
        if isinstance(kwargs[key], list):  # moves, ngram_orders: tuples
            kwargs[key] = tuple(tuple(v) if isinstance(v, list) else v for v in kwargs[key])
    return AlignOptions(**kwargs)


def handwritten(root: Path = HANDWRITTEN):
    """The hand-written articles: per folder, ``(name, de text, en text, MT lines, gold)``
    (``de.txt``/``en.txt`` one paragraph a line; ``mt.txt`` one line per German sentence;
    ``gold.txt`` one bead a line, sentence indices as ``transalign segment`` counts them)."""
    from transalign.records import Bead

    for folder in sorted(p for p in root.iterdir() if (p / "gold.txt").is_file()):
        gold = [Bead.parse(line) for line in _lines(folder / "gold.txt")]
        yield (folder.name, (folder / "de.txt").read_text("utf-8"),
               (folder / "en.txt").read_text("utf-8"), _lines(folder / "mt.txt"), gold)


def run_handwritten(name: str, docs, use_bridge: bool, options) -> dict:
    """Align the ``handwritten`` articles as ``transalign align`` does (segmented, soft
    paragraph cuts; ``--bridge file`` with their MT lines, or ``--bridge none``) and
    score them against their gold."""
    from transalign.evaluate.alignment import score_alignments
    from transalign.pipeline import align_documents
    from transalign.records import Document

    golds, tests, texts = [], [], []
    t0 = time.perf_counter()
    for doc_id, de, en, mt, gold in docs:
        (aligned,) = align_documents([Document(doc_id, de)], [Document(doc_id, en)],
                                     bridge="file" if use_bridge else "none",
                                     src_translations=mt if use_bridge else None,
                                     options=options)
        covered = (sorted(i for b in gold for i in b.src), sorted(j for b in gold for j in b.tgt))
        if covered != (list(range(len(aligned.src.sentences))),
                       list(range(len(aligned.tgt.sentences)))):
            raise SystemExit(f"{doc_id}: the gold does not cover the sentences as the "
                             "segmenter splits them now; fix the gold or the text")
        tests.append(aligned.beads)
        golds.append(gold)
        texts.append((list(aligned.src.sentences), list(aligned.tgt.sentences)))
    wall = time.perf_counter() - t0
    res = score_alignments(golds, tests)
    res["name"] = name
    res["wall"] = wall
    res["pairs"] = [(s, t, g, b) for (s, t), g, b in zip(texts, golds, tests, strict=True)]
    return res


def gold_paragraphs(gold) -> tuple[list[int], list[int]]:
    """Paragraph numbers of both sides made from the gold: a paragraph ends after every
    fourth gold bead, on both sides at once (as a translator keeps paragraphs)."""
    src_para: dict[int, int] = {}
    tgt_para: dict[int, int] = {}
    for k, bead in enumerate(gold):
        src_para.update((i, k // 4) for i in bead.src)
        tgt_para.update((j, k // 4) for j in bead.tgt)
    return ([src_para[i] for i in range(len(src_para))],
            [tgt_para[j] for j in range(len(tgt_para))])


def run_set(name: str, docs, use_bridge: bool, options, paragraphs: bool = False,
            src_lines: bool = False) -> dict:
    """Align ``docs`` and score them against their gold; ``paragraphs``: with the
    paragraphs ``gold_paragraphs`` makes, and ``src_lines``: the source's a sentence
    each instead (a file with one sentence per line)."""
    from transalign.align import align
    from transalign.evaluate.alignment import score_alignments

    golds, tests = [], []
    t0 = time.perf_counter()
    for src, tgt, bridge, gold in docs:
        sp, tp = gold_paragraphs(gold) if paragraphs else (None, None)
        if paragraphs and src_lines:
            sp = list(range(len(src)))
        tests.append(align(src, tgt, bridge=bridge if use_bridge else None, options=options,
                           src_paragraphs=sp, tgt_paragraphs=tp))
        golds.append(gold)
    wall = time.perf_counter() - t0
    res = score_alignments(golds, tests)
    res["name"] = name
    res["wall"] = wall
    res["pairs"] = [(d[0], d[1], g, t) for d, g, t in zip(docs, golds, tests, strict=True)]
    return res


def _key(bead) -> tuple[tuple[int, ...], tuple[int, ...]]:
    return tuple(bead.src), tuple(bead.tgt)


def _touches(a, b) -> bool:
    return bool(set(a[0]) & set(b[0]) or set(a[1]) & set(b[1]))


def disagreements(pairs, n: int, seed: int, width: int = 160) -> list[str]:
    """Lines showing ``n`` missed gold beads (with both sides non-empty), sampled with
    ``seed`` from all documents of ``pairs`` (``(src, tgt, gold, test)`` each): per bead the
    gold beads and the aligner's beads that touch it, then the sentences of all of them,
    cut to ``width`` characters."""
    missed = []
    for d, (_, _, gold, test) in enumerate(pairs):
        found = {_key(b) for b in test}
        missed += [(d, _key(g)) for g in gold if g.src and g.tgt and _key(g) not in found]
    lines = [f"{len(missed)} gold beads missed"]
    for k, (d, g) in enumerate(random.Random(seed).sample(missed, min(n, len(missed)))):
        src, tgt, gold, test = pairs[d]
        ours = sorted(_key(b) for b in test if _touches(_key(b), g))
        near = sorted({_key(b) for b in gold if _key(b) == g
                       or any(_touches(_key(b), o) for o in ours)})
        lines.append(f"#{k} doc {d}  gold {near}  ours {ours}")
        for i in sorted({i for b in ours + near for i in b[0]}):
            lines.append(f"    S {i} {src[i][:width]}")
        for j in sorted({j for b in ours + near for j in b[1]}):
            lines.append(f"    T {j} {tgt[j][:width]}")
    return lines


def reliability(pairs, bins: int = 10, resamples: int = 1000, seed: int = 0) -> dict:
    """Bead confidence against strict correctness over the documents of ``pairs``
    (``(src, tgt, gold, test)`` each): per confidence bin (``bins`` equal bins of [0, 1],
    the last one closed) the beads and the correct ones; the expected calibration error
    (ECE: the bins' |share correct − mean confidence| weighted by their beads); and the
    precision of the beads with confidence ≥ 0.9 and the share of all correct beads
    they keep.

    ``ece_ci``: the 2.5 and 97.5 percentiles of the ECE over ``resamples`` bootstrap
    resamples of the documents (Efron & Tibshirani 1993; whole documents are drawn, since
    the beads of one document are not independent): how far the ECE of another sample
    of such documents could lie. A calibrated confidence measured on a few hundred beads
    has an ECE of about 0.01-0.02 from sampling alone.
    """
    # per document and bin: beads, correct beads, sum of confidences
    per_doc = np.zeros((max(len(pairs), 1), 3, bins))
    high = high_correct = all_correct = 0
    for d, (_, _, gold, test) in enumerate(pairs):
        golds = {_key(b) for b in gold}
        for bead in test:
            c = bead.confidence
            ok = _key(bead) in golds
            k = min(int(c * bins), bins - 1)
            per_doc[d, :, k] += (1, ok, c)
            all_correct += ok
            if c >= 0.9:
                high += 1
                high_correct += ok
    count, correct, conf_sum = per_doc.sum(axis=0)
    total = count.sum()
    ece = float(np.abs(correct - conf_sum).sum() / max(total, 1))
    rng = np.random.default_rng(seed)
    draws = rng.multinomial(len(per_doc), np.full(len(per_doc), 1 / len(per_doc)),
                            size=resamples).astype(float)
    sums = np.einsum("rd,dqb->rqb", draws, per_doc)
    eces = np.abs(sums[:, 1] - sums[:, 2]).sum(axis=1) / np.maximum(sums[:, 0].sum(axis=1), 1)
    return {"count": count.astype(int).tolist(), "correct": correct.astype(int).tolist(),
            "beads": int(total), "ece": ece,
            "ece_ci": tuple(float(q) for q in np.percentile(eces, [2.5, 97.5])),
            "p90": high_correct / high if high else float("nan"),
            "kept90": high_correct / all_correct if all_correct else float("nan")}


def _chunked(docs, size: int):
    return [c for d in docs for c in gold_chunks(d, size)]


def confidence_tables(data: Path, options) -> list[str]:
    """The reliability tables of the bead confidence on held-out data: Text+Berg test
    (Google bridge, no MT) and the test part of the re-segmented WMT22 set (MT bridge,
    same-language, no MT), each whole and cut at gold boundaries into documents of 6
    and 15 gold beads (every chunk aligned as a document of its own)."""
    sets = []
    test = textberg(data, "test")
    sets.append(("Text+Berg test, google bridge", test, "bridge"))
    sets.append(("Text+Berg test, no MT", test, "none"))
    if (data.parent / "parallel" / "wmt22_news_systems").is_dir():
        wmt = wmt22_part(wmt22(data), "test")
        sets.append(("WMT22 test part, MT bridge", wmt, "bridge"))
        sets.append(("WMT22 test part, same-lang", wmt, "same"))
        sets.append(("WMT22 test part, no MT", wmt, "none"))
    head = " ".join(f"{k / 10:.1f}-{(k + 1) / 10:.1f}".replace("0.", ".")[:7].rjust(9)
                    for k in range(10))
    lines = ["Bead confidence on held-out data: per confidence bin, beads (share strictly "
             "correct); ECE over the 10 bins; precision of the beads with confidence >= 0.9 "
             "and the share of all correct beads they keep; 95% bootstrap interval of the ECE "
             "(documents resampled)",
             f"{'set':31s} {'docs':>6s} {'beads':>5s} {'ECE':>6s} {'95% CI':>11s} {'P>=.9':>6s} "
             f"{'kept':>5s}  {head}"]
    for name, docs, mode in sets:
        for size in (0, 6, 15):
            chunks = _chunked(docs, size)
            if mode == "same":
                r = run_same(name, chunks, options)
            else:
                r = run_set(name, chunks, mode == "bridge", options)
            rel = reliability(r["pairs"])
            cells = " ".join(
                (f"{rel['count'][k]}({rel['correct'][k] / rel['count'][k]:.2f})"
                 if rel["count"][k] else "-").rjust(9) for k in range(10))
            label = "whole" if size == 0 else f"{size}-bead"
            print_name = name if size == 0 else ""
            lo, hi = rel["ece_ci"]
            lines.append(f"{print_name:31s} {label:>6s} {rel['beads']:5d} {rel['ece']:6.3f} "
                         f"{f'{lo:.3f}-{hi:.3f}':>11s} {rel['p90']:6.3f} {rel['kept90']:5.2f}  "
                         f"{cells}")
    return lines


def _speed_child(data: str, copies: int, settings: list[str]) -> None:
    """Run in a fresh process: align ``copies`` × the whole book; print JSON."""
    import resource
    import tracemalloc

    from transalign.align import align

    d = Path(data)
    vs, vt, _ = tom_sawyer(d, "val")
    ts, tt, _ = tom_sawyer(d, "test")
    src, tgt = (vs + ts) * copies, (vt + tt) * copies
    options = _options(settings)
    align(src[:50], tgt[:50], options=options)  # warm imports
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0, c0 = time.perf_counter(), time.process_time()
    beads = align(src, tgt, options=options)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    align(src, tgt, options=options)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(json.dumps({"copies": copies, "n": len(src), "m": len(tgt), "beads": len(beads),
                      "wall": wall, "cpu": cpu, "load": os.getloadavg()[0], "peak_mib": peak / 2**20,
                      "rss_growth_mib": (rss1 - rss0) / 1024}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--only", choices=["textberg", "dev", "test", "tom", "wmt", "paragraphs",
                                           "handwritten", "confidence", "speed"],
                        action="append", help="run only these parts (repeatable)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=JSON",
                        help="AlignOptions field, e.g. --set band=12")
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--disagreements", type=int, default=0, metavar="N",
                        help="after the table, show N missed gold beads of each set")
    parser.add_argument("--seed", type=int, default=0, help="seed of that sample")
    parser.add_argument("--speed-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.speed_child:
        _speed_child(args.data, args.speed_child, args.set)
        return 0
    data = Path(args.data)
    only = set(args.only or ["textberg", "dev", "test", "tom", "wmt", "paragraphs",
                             "handwritten", "confidence", "speed"])
    if args.no_speed:
        only.discard("speed")
    if only - {"handwritten"} and not (data / "textberg_vecalign").is_dir():
        print(f"{data}: alignment data not found (see ../shared/data/README.md; "
              "--only handwritten needs none)", file=sys.stderr)
        return 2
    options = _options(args.set)
    rows = []
    if only & {"textberg", "dev"}:
        dev = textberg(data, "dev")
        rows.append(run_set("Text+Berg dev, google bridge", dev, True, options))
        rows.append(run_set("Text+Berg dev, no MT", dev, False, options))
    if only & {"textberg", "test"}:
        test = textberg(data, "test")
        rows.append(run_set("Text+Berg test, google bridge", test, True, options))
        rows.append(run_set("Text+Berg test, no MT", test, False, options))
    if "tom" in only:
        for split in ("val", "test"):
            src, tgt, gold = tom_sawyer(data, split)
            rows.append(run_set(f"Tom Sawyer {split}, no MT", [(src, tgt, None, gold)], False,
                                options))
    if "wmt" in only and (data.parent / "parallel" / "wmt22_news_systems").is_dir():
        docs = wmt22(data)
        rows.append(run_set("WMT22 re-segmented, MT bridge", docs, True, options))
        rows.append(run_same("WMT22 re-segmented, same-lang", docs, options))
        rows.append(run_set("WMT22 re-segmented, no MT", docs, False, options))
    if "paragraphs" in only and (data.parent / "parallel" / "wmt22_news_systems").is_dir():
        # paragraph cuts (soft, the default, and hard), paragraphs made from the gold
        docs = wmt22(data)
        for mode in ("soft", "hard"):
            opts = dataclasses.replace(options, paragraphs=mode)
            # the gold's paragraphs, then the source one sentence per line instead
            for label, src_lines in (("paragraphs", False), ("src lines", True)):
                for bridge, how in ((True, "MT"), (False, "no MT")):
                    rows.append(run_set(f"WMT22 + {label} {mode}, {how}", docs, bridge, opts,
                                        True, src_lines))
    if "handwritten" in only:
        docs = list(handwritten())
        rows.append(run_handwritten("Hand-written articles, MT bridge", docs, True, options))
        rows.append(run_handwritten("Hand-written articles, no MT", docs, False, options))
    if rows:
        print(f"{'set':32s} {'strict P':>8s} {'R':>6s} {'F1':>6s}   {'lax P':>6s} {'R':>6s} "
              f"{'F1':>6s} {'docs':>4s} {'wall s':>7s}   {'ECE':>5s} {'P>=.9':>6s} {'kept':>5s}")
        for r in rows:
            s, lx = r["strict"], r["lax"]
            rel = reliability(r["pairs"])
            print(f"{r['name']:32s} {s['precision']:8.4f} {s['recall']:6.4f} {s['f1']:6.4f}   "
                  f"{lx['precision']:6.4f} {lx['recall']:6.4f} {lx['f1']:6.4f} "
                  f"{r['documents']:4d} {r['wall']:7.2f}   {rel['ece']:5.3f} {rel['p90']:6.3f} "
                  f"{rel['kept90']:5.2f}")
        print("(ECE, P>=.9, kept: the bead confidence, see below; the dev and val rows are its "
              "tuning data, and so is the even half of every WMT22 row)")
    if "confidence" in only:
        print()
        print("\n".join(confidence_tables(data, options)))
    for r in rows if args.disagreements > 0 else []:
        print(f"\n== {r['name']}: ", end="")
        print("\n".join(disagreements(r["pairs"], args.disagreements, args.seed)))
    if "speed" in only:
        print()
        print("Whole Tom Sawyer book (val+test), no MT, fresh process per size:")
        print(f"{'copies':>6s} {'src':>6s} {'tgt':>6s} {'wall s':>7s} {'cpu s':>6s} "
              f"{'peak MiB':>9s} {'RSS growth MiB':>15s} {'load':>5s}")
        for copies in (1, 2, 4):
            cmd = [sys.executable, __file__, "--data", str(data), "--speed-child", str(copies)]
            for item in args.set:
                cmd += ["--set", item]
            out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
            r = json.loads(out.strip().split("\n")[-1])
            print(f"{r['copies']:6d} {r['n']:6d} {r['m']:6d} {r['wall']:7.2f} {r['cpu']:6.2f} "
                  f"{r['peak_mib']:9.1f} {r['rss_growth_mib']:15.1f} {r['load']:5.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
