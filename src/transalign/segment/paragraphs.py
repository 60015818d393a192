"""Paragraphs: one per non-blank line, or blank-line separated blocks for hard-wrapped input."""

from __future__ import annotations

import re

from .abbreviations import BULLETS

# A line's content from its first to its last non-whitespace character. Lines
# are separated by "\n" only (so "\r\n" works: "\r" is trailing whitespace), the
# same rule the translate pipeline uses to rebuild the article line by line.
# (No leading whitespace in the pattern: a search over a long run of blanks
# would then cost quadratic time.)
_LINE_CONTENT = re.compile(r"[^\s](?:[^\n]*[^\s])?")


def split_paragraphs(text: str, *, unwrap_lines: bool = False) -> list[tuple[int, int]]:
    """Paragraph spans of a document.

    Args:
        text: The whole document.
        unwrap_lines: ``False`` (default): every line with non-whitespace
            content is one paragraph; whitespace-only lines are not
            paragraphs. ``True`` (PDF-style hard wraps): paragraphs are blocks
            separated by blank lines, and single line breaks inside a block
            are ordinary whitespace; a line that starts with a bullet
            ("• ", "- ") still starts a new paragraph, since list items are
            separate units even without final punctuation.

    Returns:
        ``(start, end)`` offsets into ``text``, in order, each stripped of
        surrounding whitespace.
    """
    if not unwrap_lines:
        return [m.span() for m in _LINE_CONTENT.finditer(text)]
    spans: list[tuple[int, int]] = []
    block_start = -1
    block_end = -1
    ls = 0
    for line in text.split("\n"):
        line_start = ls
        ls += len(line) + 1
        stripped = line.lstrip()
        if not stripped:
            if block_start >= 0:
                spans.append((block_start, block_end))
                block_start = -1
            continue
        first = line_start + len(line) - len(stripped)
        last = line_start + len(line.rstrip())
        bullet = stripped[0] in BULLETS and (len(stripped) == 1 or stripped[1].isspace())
        if block_start >= 0 and bullet:
            spans.append((block_start, block_end))
            block_start = -1
        if block_start < 0:
            block_start = first
        block_end = last
    if block_start >= 0:
        spans.append((block_start, block_end))
    return spans
