"""Write outputs atomically: a temporary file in the same folder, renamed on success.

A failure half-way never leaves a truncated file under the final name, and an
existing file is only replaced when the caller allows it.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from .errors import OutputError


@contextlib.contextmanager
def open_output(path: str | None, *, overwrite: bool = True) -> Iterator[TextIO]:
    """Open ``path`` for writing UTF-8 text with LF line ends (``-``/None: stdout).

    Raises:
        OutputError: the file exists and ``overwrite`` is false, or the folder
            is not writable.
    """
    if path is None or path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(path)
    if target.exists() and not overwrite:
        raise OutputError(f"{path}: exists; use --overwrite to replace it")
    if target.is_dir():
        raise OutputError(f"{path}: is a directory, expected a file name")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{path}: folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror})") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
        # mkstemp creates 0600; give the file the mode a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
