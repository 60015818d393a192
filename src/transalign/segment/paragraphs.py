"""Paragraphs: one per non-blank line, or blank-line separated blocks for hard-wrapped input;
and whether a text looks hard-wrapped (``wrapped_breaks``)."""

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


# How a line that ends a paragraph or a sentence may end: terminal punctuation, closing
# quotes and brackets, a colon or semicolon (a heading ends with none of them, but the
# line after it starts with a capital).
_LINE_ENDS = ".!?…:;\"'“”»«›‹’)]}"
# at least this many breaks inside a sentence, and this share of all breaks between two
# non-blank lines, before a text is said to look hard-wrapped
WRAPPED_MIN = 2
WRAPPED_SHARE = 0.3
# the shortest line a wrap can end (shorter ones are list items, words of an exercise)
WRAPPED_LINE = 25
# words that never end a sentence or a heading, so a line ending with one goes on, before
# a capital too (German nouns): articles, prepositions, conjunctions (compared lowercased)
_GOES_ON_WORDS = """
    der die das den dem des ein eine einen einem einer eines und oder aber sondern denn
    dass weil wenn als ob mit von zu zur zum auf in im an am bei nach über unter vor für
    durch gegen ohne um aus seit bis zwischen hinter neben sowie sowohl
    the a an and or but of to in on at for with by from that which
"""
_GOES_ON = frozenset(_GOES_ON_WORDS.split())


def wrapped_breaks(text: str) -> tuple[int, int]:
    """``(inside, breaks)``: of the line breaks between two non-blank lines of ``text``
    (``breaks``), those that fall inside a sentence (``inside``): the line ends with an
    article, a preposition or a conjunction ("am Montag einen / Haushalt"); or it has at
    least ``WRAPPED_LINE`` characters and ends with a comma or a hyphen, or with neither
    terminal punctuation nor a closing quote, bracket, colon or semicolon before a
    lowercase letter (not a digit: list items, times and table rows start so) ("in der
    Nacht auf über sechs Meter / gestiegen."). A heading without a period before a
    capitalised line, one sentence per line, and a list of words have none.

    >>> wrapped_breaks("Der Pegel ist in der Nacht auf sechs Meter\\ngestiegen. Die Stadt hat\\nAlarm.")
    (1, 2)
    >>> wrapped_breaks("Hochwasser in Sachsen\\nDer Pegel steigt.\\nDie Stadt warnt.")
    (0, 2)
    """
    inside = breaks = 0
    previous = ""
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            previous = ""
            continue
        if previous:
            breaks += 1
            last, first = previous[-1], line[0]
            if previous.rsplit(None, 1)[-1].lower() in _GOES_ON or (
                    len(previous) >= WRAPPED_LINE
                    and (last in ",-" or (last not in _LINE_ENDS and first.islower()))):
                inside += 1
        previous = line
    return inside, breaks


def looks_wrapped(text: str) -> bool:
    """Whether ``text`` looks hard-wrapped: at least ``WRAPPED_MIN`` of its line breaks,
    and ``WRAPPED_SHARE`` of them, fall inside a sentence (``wrapped_breaks``). Read
    line by line, such a text is cut into pieces of sentences: ``--unwrap-lines``."""
    inside, breaks = wrapped_breaks(text)
    return inside >= WRAPPED_MIN and inside >= WRAPPED_SHARE * breaks
