"""Write outputs atomically: a temporary file in the same folder, renamed on success.

A failure half-way never leaves a truncated file under the final name, and an
existing file is only replaced when the caller allows it (``overwrite``, the default).

The CLI's policy, the same in every command: ``-o FILE`` replaces an existing file, as
shell redirection, sacrebleu and the Moses tools do, always through a temporary and a
rename, and is refused when it is one of the command's inputs
(``check_output(..., inputs=...)``, before any work).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from .errors import OutputError

# write errors that are about the output, not the program: one error line, not a traceback
_WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}


def check_output(path: str | None, *, overwrite: bool = True,
                 inputs: Sequence[str | None] = (), what: str = "output") -> None:
    """Raise OutputError now if ``open_output(path)`` would fail (a folder, a missing or
    read-only folder, an existing file without ``overwrite``) or would replace one of the
    command's ``inputs``, so a command can refuse a bad ``-o`` before it does any work.
    ``what`` names the output in the message ("write the export to another file")."""
    if path is None or path == "-":
        return
    if Path(path).exists():
        for source in inputs:
            if source and source != "-" and _same_file(source, path):
                raise OutputError(f"{path}: is also an input; write the {what} to another file")
    _check_path(path, overwrite)
    real = Path(os.path.realpath(path))
    if not (real.exists() and not real.is_file()):  # a FIFO or device is written in place
        # the file is written as a temporary beside it, then renamed: try that now
        fd, probe = _temporary(path, real)
        os.close(fd)
        os.unlink(probe)


def _check_path(path: str, overwrite: bool) -> None:
    """The checks of the path itself that ``open_output`` repeats when it opens."""
    target = Path(path)
    if target.is_dir():
        raise OutputError(f"{path}: is a directory, expected a file name")
    if target.exists() and not overwrite:
        raise OutputError(f"{path}: exists; use --overwrite to replace it")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{path}: folder {folder} does not exist")


def _temporary(path: str, target: Path) -> tuple[int, str]:
    """A new temporary file beside ``target`` (descriptor, name), or OutputError."""
    try:
        return tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror})") from None


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # an input that does not exist is refused elsewhere
        return False


# A file name that is not UTF-8 reaches Python as surrogate escapes, and from there the
# manifests; written as a "\udcff" escape (valid inside JSON) rather than failing.
_ERRORS = "backslashreplace"


@contextlib.contextmanager
def _write_errors(name: str) -> Iterator[None]:
    """Turn a full disk (and the like) while writing ``name`` into one OutputError."""
    try:
        yield
    except OSError as exc:
        if exc.errno in _WRITE_ERRNOS:
            raise OutputError(f"{name}: cannot write ({exc.strerror or exc})") from None
        raise


@contextlib.contextmanager
def open_output(path: str | None, *, overwrite: bool = True) -> Iterator[TextIO]:
    """Open ``path`` for writing UTF-8 text with LF line ends (``-``/None: stdout).

    A symbolic link is followed (its target is replaced, the link stays); a path that
    exists but is not a regular file (``/dev/stdout``, a FIFO, a device) is written to
    directly, never replaced.

    Raises:
        OutputError: the file exists and ``overwrite`` is false, the folder is not
            writable, or the disk is full.
    """
    if path is None or path == "-":
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:  # a text-only stream (tests, notebooks): written as it is
            with _write_errors("<stdout>"):
                yield sys.stdout
                sys.stdout.flush()
            return
        # UTF-8 like every file we write, whatever the locale, through a wrapper of its
        # own (sys.stdout itself is left as it was)
        sys.stdout.flush()
        handle = io.TextIOWrapper(buffer, encoding="utf-8", errors=_ERRORS, newline="\n",
                                  write_through=True)
        try:
            with _write_errors("<stdout>"):
                yield handle
                handle.flush()
        finally:
            with contextlib.suppress(OSError, ValueError):
                handle.detach()  # never close the real stdout
        return
    _check_path(path, overwrite)
    target = Path(os.path.realpath(path))
    if target.exists() and not target.is_file():
        try:
            handle = open(target, "w", encoding="utf-8", newline="\n",  # noqa: SIM115
                          errors=_ERRORS)
        except OSError as exc:
            raise OutputError(f"{path}: cannot write ({exc.strerror})") from exc
        with _write_errors(path), handle:
            yield handle
        return
    fd, tmp = _temporary(path, target)
    try:
        with _write_errors(path), os.fdopen(fd, "w", encoding="utf-8", newline="\n",
                                              errors=_ERRORS) as handle:
            yield handle
        if target.exists():  # keep the mode of the file replaced
            mode = target.stat().st_mode & 0o7777
        else:  # mkstemp creates 0600; give the file the mode a plain open() would
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
