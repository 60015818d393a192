"""Review pages: one self-contained HTML file that shows a translation, an alignment or an
evaluation, from the JSON/JSONL the tool writes.

>>> from transalign.review import render_review
>>> html = render_review(["article.mt.jsonl"])            # doctest: +SKIP

The page needs no network and no server: its CSS and script are inline (from
``static/``), its data is inert JSON in the page, and its Content-Security-Policy lets
nothing else load or run. See docs/review.md.
"""

from __future__ import annotations

from .load import KINDS, ReviewInput, load_inputs
from .render import page_data, render_page, render_review

__all__ = ["KINDS", "ReviewInput", "load_inputs", "page_data", "render_page", "render_review"]
