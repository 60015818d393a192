r"""File names as the tool meets them: checked with one clear error, shown short, and
written as valid UTF-8.

**File names in outputs.** A file name is bytes; one that is not UTF-8 reaches Python as
"surrogate escapes" (``caf\udce9.txt``), which no UTF-8 output can hold. Wherever the tool
writes a file name or path (a document id made from a file name, a path in a manifest), it
writes :func:`name_id` of it, a reversible escape:

- a byte that is not part of valid UTF-8 is written ``\xHH`` (two lowercase hex digits);
- a backslash is written ``\\``;
- everything else is kept as it is.

So ``café.txt`` stays ``café.txt``, the Latin-1 name ``caf<0xE9>.txt`` becomes the id
``caf\xe9.txt`` (in JSON: ``"caf\\xe9.txt"``), and :func:`name_from_id` gives the name back.

**Problems with a path** (a name over 255 bytes, a loop of symbolic links, no permission,
an empty name) are one ``TransalignError`` of the caller's class (``InputError`` for an
input, ``OutputError`` for an output, ``ConfigError``, ``ModelError``) that names the path
and the reason, never an ``OSError`` traceback: see :func:`probe`.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from .errors import InputError, TransalignError

__all__ = ["is_regular", "name_from_id", "name_id", "oserror_reason", "probe", "shown"]

_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPED = re.compile(r"\\(\\|x[0-9a-f]{2})")


def name_id(name: str | os.PathLike[str]) -> str:
    r"""A file name or path as the tool writes it: valid UTF-8, reversible (see the module).

    >>> name_id("café.txt"), name_id(os.fsdecode(b"caf\xe9.txt")), name_id("a\\b")
    ('café.txt', 'caf\\xe9.txt', 'a\\\\b')
    """
    text = os.fspath(name)
    if "\\" not in text and not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub(_escape_surrogate, text.replace("\\", "\\\\"))


def _escape_surrogate(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8 (os.fsdecode's escape)
        return f"\\x{code - 0xDC00:02x}"
    # half a surrogate pair that did not come from a file name: its UTF-8-like bytes
    return "".join(f"\\x{b:02x}" for b in chr(code).encode("utf-8", "surrogatepass"))


def name_from_id(text: str) -> str:
    r"""The file name (as Python spells it) that :func:`name_id` wrote as ``text``.

    >>> name_from_id("caf\\xe9.txt") == os.fsdecode(b"caf\xe9.txt"), name_from_id("a\\\\b")
    (True, 'a\\b')
    """
    if "\\" not in text:
        return text
    out = bytearray()
    pos = 0
    for match in _ESCAPED.finditer(text):
        out += text[pos:match.start()].encode("utf-8")
        token = match.group(1)
        out += b"\\" if token == "\\" else bytes([int(token[1:], 16)])
        pos = match.end()
    out += text[pos:].encode("utf-8")
    return os.fsdecode(bytes(out))


def shown(path: str | os.PathLike[str], limit: int = 100) -> str:
    """``path`` for a message: escaped as :func:`name_id`, control characters as ``\\n``
    and the like, and its middle cut when it is longer than ``limit`` characters."""
    text = name_id(path)
    if any(ord(c) < 32 or c == "\x7f" for c in text):
        text = text.encode("unicode_escape").decode("ascii")
    if len(text) > limit:
        keep = max(limit - 20, 10)
        text = f"{text[: keep // 2]}…{text[-(keep // 2):]} ({len(os.fsencode(path)):,} bytes)"
    return text


def input_name(path: str) -> str:
    """An input's name in messages: ``<stdin>`` for ``-``, else :func:`shown`."""
    return "<stdin>" if path == "-" else shown(path)


def oserror_reason(exc: OSError) -> str:
    """What an ``OSError`` about a path means, in words (``strerror`` style), without the
    path."""
    if exc.errno == errno.ENAMETOOLONG:
        return "File name too long: at most 255 bytes a name, 4,096 bytes a path"
    if exc.errno == errno.ELOOP:
        return "Too many levels of symbolic links: a link that points to itself?"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "Permission denied"
    return exc.strerror or str(exc)


def probe(path: str | os.PathLike[str], error: type[TransalignError] = InputError
          ) -> os.stat_result | None:
    """``os.stat(path)`` (links followed), or ``None`` when nothing is there.

    Raises:
        error: an empty name, a name too long, a loop of symbolic links, a folder on the
            way that may not be searched: one line naming the path and the reason.
    """
    if os.fspath(path) == "":
        raise error("empty file name ('')")
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise error(f"{shown(path)}: {oserror_reason(exc).lower()}") from None
    except ValueError:  # a NUL character in the name
        raise error(f"{shown(path)}: a file name cannot hold a NUL character") from None


def missing_reason(path: str | os.PathLike[str]) -> str:
    """Why ``probe`` found nothing: ``no such file`` or ``a broken symbolic link``."""
    try:
        if stat.S_ISLNK(os.lstat(path).st_mode):
            return f"broken symbolic link (it points to {shown(os.readlink(path), 60)}, " \
                   "which does not exist)"
    except (OSError, ValueError):
        pass
    return "no such file"


def is_regular(info: os.stat_result | None) -> bool:
    return info is not None and stat.S_ISREG(info.st_mode)


def is_dir(info: os.stat_result | None) -> bool:
    return info is not None and stat.S_ISDIR(info.st_mode)


def folder_of(path: str | os.PathLike[str]) -> Path:
    """The folder a file ``path`` would be in (``.`` for a bare name)."""
    parent = Path(path).parent
    return parent if str(parent) else Path(".")
