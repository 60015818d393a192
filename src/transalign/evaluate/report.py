"""Reports of an evaluation: one JSON-able dict, and a readable table made from it.

The JSON carries everything needed to reproduce the numbers: sacrebleu
signatures, the sha256 of every input file, the settings, and tool versions.
"""

from __future__ import annotations

import platform
from collections.abc import Sequence
from pathlib import PurePath

from .._version import __version__
from ..provenance import provenance
from ..text import plural, text_table
from .corpus import CorpusResult, TextFile
from .documents import DocumentPairing
from .significance import TESTS, Comparison


def tool_versions() -> dict[str, str]:
    """Versions of the tools that computed the scores."""
    import sacrebleu  # heavy: sacrebleu

    return {"transalign": __version__, "sacrebleu": sacrebleu.__version__,
            "python": platform.python_version()}


def build_report(*, mode: str, settings: dict[str, object],
                 hypotheses: Sequence[TextFile | dict[str, object]],
                 references: Sequence[TextFile | dict[str, object]],
                 results: Sequence[CorpusResult],
                 source: TextFile | None = None,
                 pairings: Sequence[DocumentPairing] | None = None,
                 comparison: Comparison | None = None) -> dict[str, object]:
    """The full report of one ``evaluate`` run as a JSON-able dict.

    Args:
        mode: ``lines`` (line-parallel) or ``documents`` (document mode).
        settings: Metric and mode settings (metrics, tokenizer, case, test…).
        hypotheses: Input files of the systems, in order.
        references: Reference input files.
        results: One :class:`CorpusResult` per system, same order.
        source: Source file, if one was given.
        pairings: Document mode: one pairing per system, same order.
        comparison: The paired test, if one was run.
    """

    def as_json(f: TextFile | dict[str, object]) -> dict[str, object]:
        return f.to_json() if isinstance(f, TextFile) else dict(f)

    systems = []
    for i, result in enumerate(results):
        entry = result.to_json()
        if pairings is not None:
            entry["documents"] = pairings[i].to_json()
        systems.append(entry)
    return provenance(
        "evaluate", settings=settings, mode=mode,
        inputs={"hypotheses": [as_json(f) for f in hypotheses],
                "references": [as_json(f) for f in references],
                "source": as_json(source) if source is not None else None},
        versions=tool_versions(), systems=systems,
        comparison=comparison.to_json() if comparison is not None else None)


def _parts(path: str) -> tuple[str, ...]:
    return ("stdin",) if path == "-" else PurePath(path).parts


def display_names(paths: Sequence[str]) -> dict[str, str]:
    """Short names of systems for a table: the file name, or the shortest path suffix that
    no other path ends with when two share a file name; ``-`` is ``stdin``.

    >>> display_names(["out/a/hyp.en", "out/b/hyp.en", "/x/online-b.en", "-"])
    {'out/a/hyp.en': 'a/hyp.en', 'out/b/hyp.en': 'b/hyp.en', '/x/online-b.en': 'online-b.en', '-': 'stdin'}
    """
    parts = {p: _parts(p) for p in paths}
    names: dict[str, str] = {}
    for path, mine in parts.items():
        others = [theirs for other, theirs in parts.items() if other != path]
        names[path] = "stdin" if path == "-" else path  # no suffix is distinct: as given
        for k in range(1, len(mine) + 1):
            if all(theirs[-k:] != mine[-k:] for theirs in others):
                names[path] = "stdin" if path == "-" else str(PurePath(*mine[-k:]))
                break
    if len(set(names.values())) < len(names):  # (stdin and a file called stdin): as given
        return {p: p for p in parts}
    return names


def format_text(report: dict[str, object], *, width: int = 2) -> str:
    """A readable table of a report from :func:`build_report`.

    Args:
        report: The report dict.
        width: Decimals of the scores (p-values always get 4).
    """
    systems: list[dict] = report["systems"]  # type: ignore[assignment]
    comparison: dict | None = report["comparison"]  # type: ignore[assignment]
    names = list(systems[0]["scores"])
    # systems by file name in the table (the JSON keeps the paths as given)
    label = display_names([entry["system"] for entry in systems]).get
    out: list[str] = []
    if comparison is None:
        rows = [["System", *names]]
        for entry in systems:
            rows.append([label(entry["system"], entry["system"]),
                         *(f"{entry['scores'][n]['score']:.{width}f}" for n in names)])
        out += text_table(rows, rule=True)
        signatures = {n: systems[0]["scores"][n]["signature"] for n in names}
    else:
        with_ci = comparison["test"] == "bs" or any(
            s["scores"][n]["ci"] is not None for s in comparison["systems"] for n in names)
        head = [f"{n} (μ ± 95% CI)" if with_ci else n for n in names]
        rows = [["System", *head]]
        for i, entry in enumerate(comparison["systems"]):
            name = label(entry["system"], entry["system"])
            name = f"Baseline: {name}" if i == 0 else name
            cells = []
            for n in names:
                s = entry["scores"][n]
                cell = f"{s['score']:.{width}f}"
                if s["mean"] is not None:
                    cell += f" ({s['mean']:.{width}f} ± {s['ci']:.{width}f})"
                if s["p_value"] is not None:
                    cell += f" p = {s['p_value']:.4f}{'*' if s['p_value'] <= 0.05 else ' '}"
                elif i > 0 or len(comparison["systems"]) > 1:
                    cell += " " * 12  # as wide as " p = 0.0123*", so columns line up
                cells.append(cell)
            rows.append([name, *cells])
        out += text_table(rows, rule=True)
        out.append("")
        out.append(f"{TESTS[comparison['test']].capitalize()}, {comparison['n_samples']} "
                   f"{'resamples' if comparison['test'] == 'bs' else 'trials'}, seed "
                   f"{comparison['seed'] if comparison['seed'] is not None else 'none'}: "
                   f"each system against the baseline; * p ≤ 0.05 (the difference is "
                   "unlikely to be chance; it says nothing about which is better).")
        signatures = comparison["signatures"]
    for entry in systems:
        docs = entry.get("documents")
        if docs:
            policy = report["settings"].get("unpaired", "score")  # type: ignore[union-attr]
            out.append("")
            out.append(
                f"{label(entry['system'], entry['system'])}: document mode, "
                f"{plural(docs['documents'], 'document')}, "
                f"{plural(docs['hyp_sentences'], 'hypothesis sentence')} / "
                f"{plural(docs['ref_sentences'], 'reference sentence')}, "
                f"{plural(docs['paired_segments'], 'paired segment')}; could not be paired: "
                f"{plural(docs['unpaired_hyp_sentences'], 'hypothesis sentence')} and "
                f"{plural(docs['unpaired_ref_sentences'], 'reference sentence')} ("
                + ("scored against empty text" if policy == "score" else "left out") + ")")
    out.append("")
    out.append("Signatures:")
    label_width = max(len(n) for n in signatures)
    for n, sig in signatures.items():
        out.append(f"  {n.ljust(label_width)}  {sig}")
    refs = report["inputs"]["references"]  # type: ignore[index]
    out.append("References: " + ", ".join("stdin" if r["path"] == "-" else r["path"]
                                          for r in refs))
    return "\n".join(out) + "\n"
