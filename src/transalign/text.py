"""Small helpers for the words of messages: counts with the right plural.

Every message that counts things ("1 document", "2 documents") goes through
:func:`plural`, so no message says "1 documents" or hedges with "document(s)".
"""

from __future__ import annotations

__all__ = ["plural"]


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
