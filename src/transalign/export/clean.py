"""The one cleaning step every pair goes through before filters and writers.

What it does, in order:

1. Tab, CR, LF, VT, FF, the information separators U+001C–U+001F, NEL (U+0085),
   LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029) become a space:
   Moses and TSV are one segment per line, and ``str.splitlines()`` (used by many
   readers of JSONL) breaks lines at all of them.
2. Characters XML 1.0 forbids (§2.2 ``Char``: C0 controls other than tab/LF/CR,
   lone surrogates, U+FFFE, U+FFFF) are removed, and so are DEL and the C1
   controls, which XML 1.0 discourages and XML 1.1 forbids raw. Python's
   ElementTree writes ``\\x01`` raw and the file no longer parses (docs/export.md).
3. Unicode NFC.
4. Runs of spaces collapse to one; leading and trailing spaces are removed.
   Other Unicode spaces (NO-BREAK SPACE, THIN SPACE …) are kept: they carry
   meaning in numbers and typography.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata

from ..text import LINE_BREAKS
from .pair import AlignedPair

_TO_SPACE = "\t\x1f" + LINE_BREAKS  # step 1: tab, U+001F and every line break

_TABLE: dict[int, str | None] = {ord(c): " " for c in _TO_SPACE}
for _cp in [*range(0x00, 0x20), *range(0x7F, 0xA0), *range(0xD800, 0xE000), 0xFFFE, 0xFFFF]:
    _TABLE.setdefault(_cp, None)

# Fast path: most text contains none of these, so one C-level search decides.
_NEEDS_TRANSLATE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(" {2,}")


def clean_text(text: str) -> str:
    """Clean one segment for every output format (see the module docstring).

    Args:
        text: Any string, including hostile ones (controls, lone surrogates).

    Returns:
        The cleaned string: NFC, on one line, legal in XML 1.0, single-spaced,
        stripped. Cleaning is idempotent.
    """
    if _NEEDS_TRANSLATE.search(text):
        text = text.translate(_TABLE)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if "  " in text:
        text = _SPACES.sub(" ", text)
    if text[:1] == " " or text[-1:] == " ":
        text = text.strip(" ")
    return text


def clean_pair(pair: AlignedPair) -> AlignedPair:
    """``pair`` with ``src``, ``tgt``, ``doc_id`` and ``flags`` cleaned (the same object if clean)."""
    src, tgt, doc_id = clean_text(pair.src), clean_text(pair.tgt), clean_text(pair.doc_id)
    flags = tuple(clean_text(f) for f in pair.flags)
    if src is pair.src and tgt is pair.tgt and doc_id is pair.doc_id and flags == pair.flags:
        return pair
    return dataclasses.replace(pair, src=src, tgt=tgt, doc_id=doc_id, flags=flags)
