"""JSON text as the tool writes it: readable, and one record per line.

``ensure_ascii=False`` keeps German readable. U+2028, U+2029 and NEL (U+0085), which
``str.splitlines()`` (and so many JSONL readers) treat as line ends, are escaped as
``\\u2028``, ``\\u2029`` and ``\\u0085``: lossless (the parsed value is the same), and a
record never spans two lines.
"""

from __future__ import annotations

import json
import re

from .paths import name_id

__all__ = ["dumps_line", "manifest_line"]


def dumps_line(obj: object, *, indent: int | None = None, sort_keys: bool = False,
               allow_nan: bool = True) -> str:
    """``obj`` as JSON text without a trailing newline (see the module docstring).

    ``indent`` gives a pretty-printed document (a JSON report) with the same escaping.

    >>> dumps_line({"text": "Straße\\u2028Ende"})
    '{"text": "Straße\\\\u2028Ende"}'
    """
    text = json.dumps(obj, ensure_ascii=False, indent=indent, sort_keys=sort_keys,
                      allow_nan=allow_nan)
    if _SURROGATE.search(text):
        text = _SURROGATE.sub(_escaped_surrogate, text)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace(
        "\x85", "\\u0085")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _escaped_surrogate(match: re.Match[str]) -> str:

    # inside a JSON string: the backslash of name_id's "\xHH" is written "\\"
    return name_id(match.group()).replace("\\", "\\\\")


def manifest_line(manifest: dict[str, object]) -> str:
    """The first line of every JSONL file the project writes: ``{"manifest": {...}}``."""
    return dumps_line({"manifest": manifest}, sort_keys=True)
