"""Small helpers for the text the tool writes: counts with the right plural, the
characters that break a line, bead types, and plain-text tables.

Every message that counts things ("1 document", "2 documents") goes through
:func:`plural`, so no message says "1 documents" or hedges with "document(s)".
"""

from __future__ import annotations

from collections.abc import Sequence, Sized

__all__ = ["LINE_BREAKS", "bead_kind", "plural", "text_table"]

# The characters that end a line for str.splitlines() (and so for many readers of text
# and JSONL): LF, CR, VT, FF, the separators U+001C-U+001E, NEL, U+2028 and U+2029.
# Outputs that are one item per line replace them (see commands.segment, export.clean).
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def plural(n: int, word: str, plural_form: str | None = None) -> str:
    """``n`` and ``word``, with ``word`` in the plural unless ``n`` is 1.

    The plural is ``word + "s"`` unless ``plural_form`` is given; for a phrase
    ("source sentence") only the last word changes.

    >>> plural(1, "document"), plural(2, "document"), plural(0, "bead")
    ('1 document', '2 documents', '0 beads')
    >>> plural(3, "source sentence"), plural(2, "entry", "entries")
    ('3 source sentences', '2 entries')
    """
    if n == 1:
        return f"{n} {word}"
    return f"{n} {plural_form if plural_form is not None else word + 's'}"


def bead_kind(src: Sized, tgt: Sized) -> str:
    """The type of an alignment bead from its two sides' sentence ids.

    >>> bead_kind((3, 4), (2,)), bead_kind((), (0,))
    ('2-1', '0-1')
    """
    return f"{len(src)}-{len(tgt)}"


def text_table(rows: Sequence[Sequence[str]], *, rule: bool = False) -> list[str]:
    """The lines of a plain-text table: the first column left-aligned, the others
    right-aligned, two spaces between columns, no trailing blanks.

    Args:
        rows: The header row first; every row has the same number of cells.
        rule: A line of dashes under the header row.

    >>> text_table([["", "F1"], ["strict", "0.5"]], rule=True)
    ['         F1', '------  ---', 'strict  0.5']
    """
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
    lines = []
    for r, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [cell.rjust(w) for cell, w in
                                              zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells).rstrip())
        if rule and r == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines
