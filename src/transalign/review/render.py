"""One review page from the tool's outputs: the data of the page, and its HTML.

:func:`page_data` is what the page shows (the records as read, plus what
:mod:`~transalign.review.views` derives from them); :func:`render_page` wraps it in the
self-contained HTML shell of :mod:`~transalign.review.html`. Both are deterministic:
the same inputs and options give the same bytes (no time, no absolute paths, no
randomness).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from .._version import __version__
from ..errors import UsageError
from .html import page
from .load import ReviewInput, load_inputs
from .views import alignment_view, evaluation_view, translation_view

__all__ = ["FORMAT", "page_data", "render_page", "render_review"]

FORMAT = "transalign.review.v1"
_TITLES = {"translation": "Translation", "alignment": "Alignment", "evaluation": "Evaluation"}


def _name(path: str) -> str:
    return "stdin" if path == "-" else PurePath(path).name


def page_data(data: ReviewInput, *, low_below: float | None = None, worst: int = 10,
              title: str | None = None) -> dict[str, Any]:
    """Everything the page shows, as JSON-able data.

    Args:
        data: The inputs, from :func:`~transalign.review.load.load_inputs`.
        low_below: Threshold of "low confidence" (translation) or "weak bead" (alignment);
            default: the lowest 10% of the file's confidences, and 0.5.
        worst: How many of the worst segments per system the evaluation view lists.
        title: The page title (default: the view and the input file names).

    Raises:
        UsageError: ``worst`` is not positive, or ``low_below`` is used with an evaluation.
    """
    if worst < 1:
        raise UsageError(f"--worst must be at least 1, got {worst}")
    if data.kind == "translation":
        view = translation_view(data, low_below=low_below)
    elif data.kind == "alignment":
        view = alignment_view(data, low_below=low_below)
    else:
        if low_below is not None:
            raise UsageError("--low-below applies to a translation or an alignment, not to an "
                             "evaluation")
        view = evaluation_view(data, worst=worst)
    names = [_name(p) for p in data.paths]
    return {
        "format": FORMAT,
        "kind": data.kind,
        "title": title or f"{_TITLES[data.kind]}: {', '.join(names)}",
        "inputs": names,
        "generator": f"transalign {__version__}",
        "manifest": data.manifest,
        "report": data.report,
        "records": list(data.records),
        "view": view,
    }


def render_page(data: dict[str, Any]) -> str:
    """The HTML file of a page from :func:`page_data`."""
    return page(title=f"transalign review · {data['title']}", kind=data["kind"], data=data,
                generator=data["generator"])


def render_review(paths: Sequence[str], **options: Any) -> str:
    """Read ``paths`` and return the HTML of their review page (options as
    :func:`page_data`)."""
    return render_page(page_data(load_inputs(paths), **options))
