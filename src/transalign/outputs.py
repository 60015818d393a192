"""Write outputs atomically: a temporary file in the same folder, renamed on success.

A failure half-way never leaves a truncated file under the final name, and an
existing file is only replaced when the caller allows it (``overwrite``, the default).

The CLI's policy, the same in every command: ``-o FILE`` replaces an existing file, as
shell redirection, sacrebleu and the Moses tools do, always through a temporary and a
rename, and is refused when it is one of the command's inputs
(``check_output(..., inputs=...)``, before any work).

Temporaries are named ``.NAME.XXXXXXXX.tmp`` (``NAME`` cut to 200 bytes, ``XXXXXXXX``
eight random characters) and held under an exclusive ``flock`` while they are written.
SIGINT, SIGTERM and SIGHUP remove them (the CLI turns the signals into an exception); a
temporary that outlived its process (SIGKILL, a power cut) is swept by the next run
that writes into the same folder: a file of that pattern, owned by this user, that no
process holds locked and that has not changed for ``STALE_AFTER_S`` seconds.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import io
import logging
import os
import re
import secrets
import stat
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from .errors import OutputError
from .paths import is_dir, oserror_reason, probe, shown

log = logging.getLogger(__name__)

# write errors that are about the output, not the program: one error line, not a traceback
_WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}


def check_output(path: str | None, *, overwrite: bool = True,
                 inputs: Sequence[str | None] = (), what: str = "output") -> None:
    """Raise OutputError now if ``open_output(path)`` would fail (a folder, a missing or
    read-only folder, an existing file without ``overwrite``, an empty or too long name)
    or would replace one of the command's ``inputs``, so a command can refuse a bad
    ``-o`` before it does any work. ``what`` names the output in the message ("write the
    export to another file")."""
    if path is None or path == "-":
        return
    if probe(path, OutputError) is not None:
        for source in inputs:
            if source and source != "-" and _same_file(source, path):
                raise OutputError(f"{shown(path)}: is also an input; write the {what} to "
                                  "another file")
    _check_path(path, overwrite)
    real = Path(os.path.realpath(path))
    info = probe(real, OutputError)
    if info is None or stat.S_ISREG(info.st_mode):  # a FIFO or device is written in place
        # the file is written as a temporary beside it, then renamed: try that now
        with _temporary(path, real) as (fd, probe_name):
            os.close(fd)
            os.unlink(probe_name)


def _check_path(path: str, overwrite: bool) -> None:
    """The checks of the path itself that ``open_output`` repeats when it opens."""
    info = probe(path, OutputError)
    if is_dir(info):
        raise OutputError(f"{shown(path)}: is a directory, expected a file name")
    if info is not None and not overwrite:
        raise OutputError(f"{shown(path)}: exists; pass overwrite=True to replace it")
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not is_dir(probe(folder, OutputError)):
        raise OutputError(f"{shown(path)}: folder {shown(folder)} does not exist")
    if len(os.fsencode(target.name)) > 255:
        raise OutputError(f"{shown(path)}: file name too long (at most 255 bytes a name)")


# the tool's temporaries: "." + the target's name (cut to TEMP_NAME_BYTES bytes) + "." +
# the room a temporary's name leaves its target's name: eight random characters + ".tmp"
TEMP_NAME_BYTES = 200
_TEMP_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_"
_TEMP_FLAGS = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
_TEMP_TRIES = 100
_TEMPORARY = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$", re.DOTALL)
STALE_AFTER_S = 2.0  # unchanged this long and unlocked: its writer is gone
_swept: set[str] = set()  # folders swept by this process


def _temp_prefix(name: str) -> str:
    # the temporary's own name must fit in 255 bytes too
    return f".{os.fsdecode(os.fsencode(name)[:TEMP_NAME_BYTES])}."


def _create(name: str) -> int:
    """Create the file ``name`` (never an existing one, never through a link), 0600."""
    return os.open(name, _TEMP_FLAGS, 0o600)


@contextlib.contextmanager
def _temporary(path: str, target: Path) -> Iterator[tuple[int, str]]:
    """A new temporary file beside ``target``: yields its descriptor and name, and
    removes the file if the block raises (OutputError if it cannot be made).

    The name is chosen before the file is created, so that a signal that lands while it
    is being created (the CLI turns SIGTERM into an exception wherever the program is)
    still finds it to remove; ``tempfile.mkstemp`` only tells the name once it has
    returned, and a run stopped in between left the file behind.
    """
    prefix = os.path.join(target.parent, _temp_prefix(target.name))
    tmp = ""
    try:
        for _ in range(_TEMP_TRIES):
            tmp = prefix + "".join(secrets.choice(_TEMP_CHARS) for _ in range(8)) + ".tmp"
            try:
                fd = _create(tmp)
                break
            except FileExistsError:
                continue
            except OSError as exc:
                tmp = ""  # not made: nothing to remove
                raise OutputError(f"{shown(path)}: cannot write ({oserror_reason(exc)})"
                                  ) from None
        else:
            tmp = ""
            raise OutputError(f"{shown(path)}: cannot write (no free temporary name)")
        yield fd, tmp
    except BaseException:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise


def sweep_temporaries(folder: str | Path, *, everything: bool = False) -> list[str]:
    """Remove the temporaries that killed runs left in ``folder``; their names.

    A file counts when its name has the tool's pattern (``.NAME.XXXXXXXX.tmp``), it is a
    regular file of this user, no process holds it locked (a live writer always does) and
    it has not changed for ``STALE_AFTER_S`` seconds (it cannot be one that is being
    created right now). ``everything``: every ``.*.tmp`` of the folder, for a folder only
    this process may write in (a batch job's folder, under the job's lock).
    """
    removed: list[str] = []
    try:
        entries = os.scandir(folder)
    except OSError:
        return removed
    now = time.time()
    with entries:
        for entry in entries:
            name = entry.name
            if not (name.startswith(".") and name.endswith(".tmp")):
                continue
            if not everything and not _TEMPORARY.match(name):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
                if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
                    continue
                if not everything and now - info.st_mtime < STALE_AFTER_S:
                    continue
                fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW)
            except OSError:
                continue
            try:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    continue  # a live writer holds it
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed.append(name)
            finally:
                os.close(fd)
    if removed:
        log.debug("removed %d stale temporaries in %s", len(removed), folder)
    return removed


def _sweep_once(folder: Path) -> None:
    key = os.path.abspath(folder)
    if key not in _swept:
        _swept.add(key)
        sweep_temporaries(folder)


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
            raise OutputError(f"{shown(name)}: cannot write ({exc.strerror or exc})") from None
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
    info = probe(target, OutputError)
    if info is not None and not stat.S_ISREG(info.st_mode):
        try:
            handle = open(target, "w", encoding="utf-8", newline="\n",  # noqa: SIM115
                          errors=_ERRORS)
        except OSError as exc:
            raise OutputError(f"{shown(path)}: cannot write ({oserror_reason(exc)})") from exc
        with _write_errors(path), handle:
            yield handle
        return
    _sweep_once(target.parent)
    with _temporary(path, target) as (fd, tmp):  # removed if anything below fails
        fcntl.flock(fd, fcntl.LOCK_EX)  # held while written: never swept as stale
        with _write_errors(path), os.fdopen(fd, "w", encoding="utf-8", newline="\n",
                                              errors=_ERRORS) as handle:
            yield handle
        if info is not None:  # keep the mode of the file replaced
            mode = info.st_mode & 0o7777
        else:  # the temporary is made 0600; give the file the mode a plain open() would
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, target)
