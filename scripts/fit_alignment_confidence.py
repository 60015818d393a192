#!/usr/bin/env python
"""Refit the constants of the aligner's bead confidence (``transalign.align.calibration``)
on tuning data only, and print them as the Python to paste there.

The confidence of a bead combines its posterior (forward–backward over the aligner's
lattice at a temperature, ``transalign.align.posterior``) with a few features of its
evidence (``calibration.design``). Per mode (``bridge``, ``same``, ``none``) this script
fits

1. the temperature ``T``: the one (of ``TEMPERATURES``) whose confidences predict best
   whether a bead is correct (log loss of 2-fold cross-fitted steps 2 and 3, the folds
   split by document);
2. the weights of a logistic regression of "the bead is in the gold" on
   ``calibration.design`` (Newton's method, a small L2 penalty; without MT in two
   stages, the document's order evidence last: ``fit_map``);
3. the monotone map of its output onto the share of correct beads: isotonic regression
   (pool adjacent violators), kept as at most ``MAX_KNOTS`` knots of a piecewise-linear
   function.

Tuning data (never the reported test sets): Text+Berg dev (Google bridge; no MT), Tom
Sawyer val (no MT), the dev part of the re-segmented WMT22 set (its even documents; MT
bridge, same-language, no MT; ``eval_alignment.wmt22_part``), and synthetic pairs made
from the project's own text (the small article of ``tests/fixtures/align``, both ways,
and the English sentences of ``scripts/textgen.py``, same-language, re-segmented). Every
document is used whole and cut at gold boundaries into documents of 15, 6 and 3 gold
beads (``eval_alignment.gold_chunks``), so that short documents are calibrated as well
as long ones; and the 6-bead chunks once more with their target sentences shuffled (a
pair that is not a translation), each of their beads weighing ``SHUFFLED_WEIGHT``;
without MT, where the confidence reads the order test, the documents whole and in
15-bead chunks shuffled too (``ORDER_SHUFFLED_CHUNKS``).
Without MT the tuning corpora weigh the same each (``BALANCED_MODES``): Tom Sawyer val
alone would otherwise be 65 % of the beads, and the map would be a literary book's.

Output beads that share a sentence with a gold bead the aligner cannot output (a shape
outside its moves, such as 1-4 or 2-3, or a bead with non-contiguous sentences) are left
out of all three steps: whatever their confidence, they cannot be right, and how many
there are is a property of one annotation, not of the evidence the confidence reads.
The Text+Berg dev document has 21 such gold beads in 422 (5.0 %); Tom Sawyer val 5 in
2,309 (0.2 %); the WMT22 and synthetic gold none. Kept in, that one document taught the
map that a bead with strong evidence and a clear posterior is wrong one time in ten.

Usage::

    python scripts/fit_alignment_confidence.py [--data ../shared/data/alignment]
        [--cache /tmp/confidence.pkl]

The data are read by path and never copied (``--cache`` keeps the per-bead records
outside the repository, to refit without aligning again). Takes a few minutes.
"""

from __future__ import annotations

import argparse
import os
import pickle
import random
import sys
import textwrap
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import numpy as np  # noqa: E402

import eval_alignment as ev  # noqa: E402
from transalign.align.calibration import ORDER_MODES  # noqa: E402

# the temperatures tried, and the chunk sizes (0: the whole document)
TEMPERATURES = (0.05, 0.07, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)
CHUNKS = (0, 15, 6, 3)
SHUFFLED_CHUNK = 6
# the modes with the order test (``calibration.ORDER_MODES``) also see their documents
# whole and in 15-bead chunks shuffled: only a longer document shows what its order
# evidence says (size -15 in the records; -1: a shuffled whole document)
ORDER_SHUFFLED_CHUNKS = (0, 15)
# the weight of a bead of a shuffled pair (against 1 for the others): they teach the
# map what a pair that is not a translation looks like, without outweighing real ones
SHUFFLED_WEIGHT = 0.2
# the logistic regression's L2 penalty, and the sign each weight must have (0: any), in
# the order of ``calibration.design``: 1, the posterior's logit (+), omission,
# omission x elsewhere (-), weak evidence (-), weak neighbours (-), weak order (-)
L2 = 1e-3
SIGNS = (0, 1, 0, -1, -1, -1, -1)
# the modes whose tuning corpora weigh the same each, whatever their length
# (``bead_weights``; chosen by cross-validation, see docs/alignment.md): without MT, Tom
# Sawyer val alone is 65 % of the beads; with the bridge, weighing them the same was a
# draw; the same-language mode has one corpus
BALANCED_MODES = ("none",)
# knots of the map: at most this many (adjacent PAV blocks merged)
MAX_KNOTS = 24


def synthetic_documents():
    """``(name, mode, src, tgt, bridge, gold)`` pairs built from the project's own text."""
    from textgen import _EN_TEXT
    from transalign.records import Bead

    fixtures = ROOT / "tests" / "fixtures" / "align"
    src = (fixtures / "article.de.sents").read_text("utf-8").splitlines()
    tgt = (fixtures / "article.en.sents").read_text("utf-8").splitlines()
    bridge = (fixtures / "article.bridge.txt").read_text("utf-8").splitlines()
    gold = [Bead.parse(line) for line in (fixtures / "article.gold").read_text("utf-8").splitlines()]
    out = [("synthetic article", "bridge", src, tgt, bridge, gold),
           ("synthetic article", "none", src, tgt, None, gold)]
    # English news sentences against themselves, re-segmented: every 4th sentence joined
    # to the next, one in 9 left out of the target
    english = _EN_TEXT.split("\n")
    rng = random.Random(5)
    for d in range(6):
        sents = rng.sample(english, len(english))
        t, g = ev.resegment(sents, d, join=4, drop=9)
        out.append(("synthetic English", "same", sents, t, sents, g))
    return out


def tuning_documents(data: Path):
    """``(name, mode, src, tgt, bridge, gold)`` of every tuning document, whole (the
    ``same`` mode's source is the MT output: ``bridge``)."""
    dev = ev.textberg(data, "dev")
    for src, tgt, bridge, gold in dev:
        yield "Text+Berg dev", "bridge", src, tgt, bridge, gold
        yield "Text+Berg dev", "none", src, tgt, None, gold
    src, tgt, gold = ev.tom_sawyer(data, "val")
    yield "Tom Sawyer val", "none", src, tgt, None, gold
    if (data.parent / "parallel" / "wmt22_news_systems").is_dir():
        for src, tgt, hyp, gold in ev.wmt22_part(ev.wmt22(data), "dev"):
            yield "WMT22 dev part", "bridge", src, tgt, hyp, gold
            yield "WMT22 dev part", "same", hyp, tgt, hyp, gold
            yield "WMT22 dev part", "none", src, tgt, None, gold
    yield from synthetic_documents()


def shuffled(doc, seed: int):
    """The document with its target sentences in a random order (gold permuted too)."""
    from transalign.records import Bead

    src, tgt, bridge, gold = doc
    order = list(range(len(tgt)))
    random.Random(seed).shuffle(order)
    where = {old: new for new, old in enumerate(order)}
    gold = [Bead(b.src, tuple(sorted(where[j] for j in b.tgt))) for b in gold]
    return src, [tgt[k] for k in order], bridge, gold


def bead_records(name: str, mode: str, size: int, doc, number: int,
                 temperatures=TEMPERATURES) -> list[dict]:
    """Align one document; per output bead: its posteriors at ``temperatures``, whether
    it is in the gold, and where it comes from (``number``: the document's)."""
    from transalign.align import AlignOptions
    from transalign.align.aligner import solve_document
    from transalign.align.calibration import bead_features, posteriors

    src, tgt, bridge, gold = doc
    kwargs = ({"bridge": bridge} if mode == "bridge" else
              {"same_language": True} if mode == "same" else {})
    _, path, lattice = solve_document(src, tgt, **kwargs)
    if not path:
        return []
    golds = {(tuple(b.src), tuple(b.tgt)) for b in gold}
    moves = set(AlignOptions().moves)
    odd = [b for b in gold if not representable(b, moves)]
    odd_src = {i for b in odd for i in b.src}
    odd_tgt = {j for b in odd for j in b.tgt}
    post = np.array([posteriors(path, lattice, t) for t in temperatures]).T
    feats = bead_features(path, lattice, mode)
    return [{"set": name, "mode": mode, "size": size, "doc": number, "post": post[k],
             **{key: float(v[k]) for key, v in feats.items()},
             "score": score, "a": i1 - i0, "b": j1 - j0, "n": len(src), "m": len(tgt),
             "correct": (tuple(range(i0, i1)), tuple(range(j0, j1))) in golds,
             "representable": not (odd_src.intersection(range(i0, i1))
                                   or odd_tgt.intersection(range(j0, j1)))}
            for k, (i0, i1, j0, j1, score) in enumerate(path)]


def representable(bead, moves: set[tuple[int, int]]) -> bool:
    """Whether the aligner can output ``bead``: its shape is one of ``moves`` and its
    sentences are contiguous on both sides."""
    def contiguous(side) -> bool:
        return not side or list(side) == list(range(side[0], side[-1] + 1))

    return ((len(bead.src), len(bead.tgt)) in moves
            and contiguous(bead.src) and contiguous(bead.tgt))


def collect(data: Path) -> list[dict]:
    records: list[dict] = []
    numbers: list[int] = []  # one entry per document aligned
    for name, mode, src, tgt, bridge, gold in tuning_documents(data):
        t0 = time.perf_counter()
        doc = (src, tgt, bridge, gold)
        for size in CHUNKS:
            for chunk in ev.gold_chunks(doc, size):
                records += bead_records(name, mode, size, chunk, len(numbers))
                numbers.append(size)
        sizes = [SHUFFLED_CHUNK]
        if mode in ORDER_MODES:
            sizes += ORDER_SHUFFLED_CHUNKS
        for size in sizes:
            for k, chunk in enumerate(ev.gold_chunks(doc, size)):
                records += bead_records(name + ", shuffled", mode, -(size or 1),
                                        shuffled(chunk, k), len(numbers))
                numbers.append(-(size or 1))
        print(f"  {name}, {mode}: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return records


def isotonic(x: np.ndarray, y: np.ndarray, w: np.ndarray
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pool adjacent violators: the non-decreasing step function of ``x`` closest to
    ``y`` (weighted least squares), as the blocks' mean ``x``, value and weight."""
    order = np.argsort(x, kind="stable")
    vals: list[float] = []
    wts: list[float] = []
    sums: list[float] = []
    for xi, yi, wi in zip(x[order].tolist(), y[order].astype(float).tolist(),
                          w[order].tolist(), strict=True):
        vals.append(yi)
        wts.append(wi)
        sums.append(xi * wi)
        while len(vals) > 1 and vals[-2] >= vals[-1]:
            tot = wts[-2] + wts[-1]
            v = (vals[-2] * wts[-2] + vals[-1] * wts[-1]) / tot
            s = sums[-2] + sums[-1]
            del vals[-1], wts[-1], sums[-1]
            vals[-1], wts[-1], sums[-1] = v, tot, s
    wt = np.asarray(wts)
    return np.asarray(sums) / wt, np.asarray(vals), wt


def knots(x: np.ndarray, y: np.ndarray, w: np.ndarray, max_knots: int = MAX_KNOTS
          ) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """The isotonic map of ``y`` on ``x`` as at most ``max_knots`` knots of a
    piecewise-linear, non-decreasing function on [0, 1]: the PAV blocks (at their mean
    ``x``), the two lightest neighbours merged until few enough, flat to 0 and 1."""
    blocks = [list(b) for b in zip(*isotonic(x, y, w), strict=True)]
    while len(blocks) > max_knots - 2:
        k = min(range(len(blocks) - 1), key=lambda i: blocks[i][2] + blocks[i + 1][2])
        a, b = blocks[k], blocks[k + 1]
        tot = a[2] + b[2]
        blocks[k: k + 2] = [[(a[0] * a[2] + b[0] * b[2]) / tot,
                             (a[1] * a[2] + b[1] * b[2]) / tot, tot]]
    xs = [0.0] + [round(float(b[0]), 4) for b in blocks] + [1.0]
    ys = [blocks[0][1]] + [b[1] for b in blocks] + [blocks[-1][1]]
    out_x, out_y = [xs[0]], [round(float(ys[0]), 4)]
    for a, b in zip(xs[1:], ys[1:], strict=True):
        if a > out_x[-1]:  # strictly increasing x for np.interp; y stays non-decreasing
            out_x.append(a)
            out_y.append(max(round(float(b), 4), out_y[-1]))
    return tuple(out_x), tuple(out_y)


def logistic(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = L2) -> np.ndarray:
    """Weighted logistic regression (Newton's method; ``l2`` on every weight)."""
    beta = np.zeros(x.shape[1])
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(x @ beta)))
        grad = x.T @ (w * (p - y)) + l2 * beta
        hess = (x * (w * p * (1 - p))[:, None]).T @ x + l2 * np.eye(len(beta))
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-10:
            break
    return beta


def log_loss(p: np.ndarray, y: np.ndarray, w: np.ndarray) -> float:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return float(-np.sum(w * (y * np.log(p) + (1 - y) * np.log(1 - p))) / np.sum(w))


def fit_map(x: np.ndarray, y: np.ndarray, w: np.ndarray, bead_rows: np.ndarray | None = None
            ) -> tuple[tuple[float, ...], tuple[tuple[float, ...], tuple[float, ...]]]:
    """Steps 2 and 3 on design rows ``x``: the logistic weights and the knots.

    With ``bead_rows`` (the modes with the order test), in two stages: the bead's own
    cues (every column but the last) on those rows first (the documents and their
    shuffled 6-bead chunks), then, on every row, the document's weak order (the last
    column) on top of their combination, which keeps its direction and may only be
    scaled. Fitted together, the order took the place of the bead's own evidence (both
    are low in a shuffled pair) and the confidence ranked the beads inside a document
    less well. In each stage a weight whose sign contradicts ``SIGNS`` (weak evidence
    cannot make a bead more likely right) is set to 0 and the rest refitted, so the
    confidence is monotone in every cue the way the cue reads."""
    if bead_rows is None:
        beta = _signed_logistic(x, y, w, SIGNS)
    else:
        bead = _signed_logistic(x[bead_rows, :-1], y[bead_rows], w[bead_rows], SIGNS[:-1])
        z = x[:, :-1] @ bead
        scale, intercept, order = _signed_logistic(
            np.column_stack([z, np.ones(len(z)), x[:, -1]]), y, w, (1, 0, SIGNS[-1]))
        beta = np.append(scale * bead, order)
        beta[0] += intercept
    return (tuple(round(float(b), 4) for b in beta),
            knots(1.0 / (1.0 + np.exp(-(x @ beta))), y, w))


def _signed_logistic(x: np.ndarray, y: np.ndarray, w: np.ndarray, signs) -> np.ndarray:
    """``logistic``, refitted without every weight whose sign contradicts ``signs``."""
    free = np.ones(x.shape[1], dtype=bool)
    while True:
        beta = np.zeros(x.shape[1])
        beta[free] = logistic(x[:, free], y, w)
        wrong = free & (np.sign(beta) * np.asarray(signs) < 0)
        if not wrong.any():
            return beta
        free &= ~wrong


def bead_weights(records: list[dict], balanced: bool) -> np.ndarray:
    """The weight of each bead in the fit: 1, and ``SHUFFLED_WEIGHT`` for a bead of a
    shuffled pair. With ``balanced`` (the modes of ``BALANCED_MODES``), every tuning corpus
    (the synthetic pairs aside) weighs as much in total as the mean corpus, whatever its
    length, so that one long book does not decide alone what a confidence means."""
    def corpus(r: dict) -> str:
        return r["set"].removesuffix(", shuffled")

    counts: dict[str, int] = defaultdict(int)
    for r in records:
        if r["size"] >= 0 and not r["set"].startswith("synthetic"):
            counts[corpus(r)] += 1
    mean = sum(counts.values()) / max(len(counts), 1)
    return np.array([(SHUFFLED_WEIGHT if r["size"] < 0 else 1.0)
                     * (mean / counts[corpus(r)] if balanced and corpus(r) in counts else 1.0)
                     for r in records])


def fit_mode(records: list[dict], balanced: bool = False, order: bool = False):
    """Temperature, weights and knots for one mode's records, and lines describing the
    fit. ``order``: the mode has the order test (``fit_map``'s two stages); otherwise
    its longer shuffled documents, if any, are left out and the order's weight is 0."""
    from transalign.align.calibration import design

    def in_bead_stage(r: dict) -> bool:
        return r["size"] >= 0 or r["size"] == -SHUFFLED_CHUNK

    if not order:
        records = [r for r in records if in_bead_stage(r)]
    bead_rows = np.array([in_bead_stage(r) for r in records])
    y = np.array([r["correct"] for r in records], dtype=float)
    w = bead_weights(records, balanced)
    fold = np.array([r["doc"] % 2 for r in records], dtype=bool)
    feats = {key: np.array([r[key] for r in records], dtype=float)
             for key in ("evidence", "omission", "elsewhere", "neighbours", "order", "beads")}
    lines = []
    best = None
    # the temperature is the bead cues': chosen on their rows, by the one-stage fit of
    # those cues alone (the order's column set to 0)
    yb, wb, fb = y[bead_rows], w[bead_rows], fold[bead_rows]
    for t_index, temperature in enumerate(TEMPERATURES):
        x = design(np.array([r["post"][t_index] for r in records]), feats)[bead_rows]
        x[:, -1] = 0.0
        loss = 0.0
        for held in (False, True):
            train = fb != held
            weights, kn = fit_map(x[train], yb[train], wb[train])
            p = _apply(x[~train], weights, kn)
            loss += log_loss(p, yb[~train], wb[~train]) * wb[~train].sum()
        loss /= wb.sum()
        lines.append(f"    T={temperature:<5} cross-fitted log loss {loss:.4f}")
        if best is None or loss < best[0]:
            best = (loss, t_index)
    assert best is not None
    t_index = best[1]
    x = design(np.array([r["post"][t_index] for r in records]), feats)
    weights, kn = fit_map(x, y, w, bead_rows if order else None)
    return TEMPERATURES[t_index], weights, kn, lines


def constants(temperatures: dict, weights: dict, maps: dict) -> list[str]:
    """The fitted constants as the Python of ``calibration.py``'s fitted block."""
    def numbers(values, indent: str) -> list[str]:
        return textwrap.wrap(", ".join(repr(float(v)) for v in values), width=88 - len(indent),
                             initial_indent=indent + "(", subsequent_indent=indent + " ")

    lines = ["TEMPERATURE = {" + ", ".join(f'"{m}": {v!r}' for m, v in temperatures.items())
             + "}", "WEIGHTS: dict[str, tuple[float, ...]] = {"]
    lines += [f'    "{m}": ({", ".join(repr(v) for v in w)}),' for m, w in weights.items()]
    lines += ["}", "KNOTS: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = {"]
    for mode, (kx, ky) in maps.items():
        lines.append(f'    "{mode}": (')
        xs, ys = numbers(kx, " " * 8), numbers(ky, " " * 8)
        lines += [*xs[:-1], xs[-1] + "),", *ys[:-1], ys[-1] + ")),"]
    return [*lines, "}"]


def _apply(x: np.ndarray, weights, kn) -> np.ndarray:
    return np.interp(1.0 / (1.0 + np.exp(-(x @ np.asarray(weights)))), kn[0], kn[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(ev.DEFAULT_DATA))
    parser.add_argument("--cache", help="pickle of the per-bead records (read if it exists, "
                        "else written): keep it outside the repository")
    args = parser.parse_args(argv)
    data = Path(args.data)
    if not (data / "textberg_vecalign").is_dir():
        print(f"{data}: alignment data not found (see ../shared/data/README.md)", file=sys.stderr)
        return 2
    if args.cache and Path(args.cache).is_file():
        with open(args.cache, "rb") as f:
            records = pickle.load(f)
    else:
        records = collect(data)
        if args.cache:
            with open(args.cache, "wb") as f:
                pickle.dump(records, f)
    by_mode: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        if r["representable"]:  # see the module's docstring
            by_mode[r["mode"]].append(r)
    temperatures, weights, maps = {}, {}, {}
    for mode in ("bridge", "same", "none"):
        temperature, w, kn, lines = fit_mode(by_mode[mode], mode in BALANCED_MODES,
                                             mode in ORDER_MODES)
        print(f"# {mode}: {len(by_mode[mode])} beads", file=sys.stderr)
        print("\n".join(lines), file=sys.stderr)
        temperatures[mode], weights[mode], maps[mode] = temperature, w, kn
    print("\n".join(constants(temperatures, weights, maps)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
