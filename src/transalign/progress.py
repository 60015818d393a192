"""Progress bars on stderr (tqdm), only on a terminal or when asked for.

A thin layer over ``tqdm`` so every command shows the same bar: count/total,
percentage, elapsed time, ETA and rate. A disabled bar writes nothing and does
not import tqdm. While a bar is shown, the ``transalign`` logger's console
lines go through ``tqdm.write``, so info messages do not tear the bar.

Example::

    with progress_bar(None, "sentences", enabled=wanted(args.progress, args.quiet),
                      desc="unique sentences") as bar:
        translate_documents(documents, translator, progress=bar)  # (done, total)
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from types import TracebackType
from typing import Any, TextIO

#: The bar's look: tqdm's default, with the rate always in ``<unit>/s``.
BAR_FORMAT = ("{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} "
              "[{elapsed}<{remaining}, {rate_noinv_fmt}{postfix}]")


def wanted(requested: bool = False, quiet: bool = False, stream: TextIO | None = None) -> bool:
    """Whether to show a bar: never with ``quiet``, always when ``requested``
    (``--progress``), else only when ``stream`` (stderr) is a terminal."""
    if quiet:
        return False
    if requested:
        return True
    stream = stream if stream is not None else sys.stderr
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


class ProgressBar:
    """A tqdm bar on stderr, or nothing at all when disabled.

    The bar is drawn from the first report on, so a total learnt only then (the
    unique sentences after deduplication, the rows left after a resume) is its
    total from the start, and work done before (resumed shards) is its
    ``initial`` value, not counted in the rate.

    Args:
        total: Items expected, or ``None`` until the first ``set``.
        unit: What is counted (``sentences``, ``documents``), shown in the rate.
        enabled: Draw the bar (see ``wanted``); ``False``: every method does nothing.
        desc: The label before the bar (default: ``unit``).
        stream: Where to draw (default: ``sys.stderr`` when the bar starts).
    """

    def __init__(self, total: int | None, unit: str, *, enabled: bool,
                 desc: str | None = None, stream: TextIO | None = None) -> None:
        self.total = total
        self.unit = unit
        self.enabled = enabled
        self.desc = desc or unit
        self.stream = stream
        self._bar: Any = None
        self._redirect: contextlib.ExitStack | None = None

    @property
    def n(self) -> int:
        """The count shown (0 before the bar starts)."""
        return int(self._bar.n) if self._bar is not None else 0

    def _start(self, initial: int, postfix: str | None = None) -> None:
        from tqdm import tqdm  # heavy: tqdm, only for a bar that is shown
        from tqdm.contrib.logging import logging_redirect_tqdm  # heavy: tqdm

        stream = self.stream if self.stream is not None else sys.stderr
        width = _terminal_width(stream)
        # a terminal: follow its size; one that reports none (a bare pty) would get an
        # empty line, so 80x24; not a terminal: tqdm's plain 10-character bar
        size: dict[str, Any] = ({"dynamic_ncols": True} if width else
                                {"ncols": 80, "nrows": 24} if width == 0 else {})
        self._bar = tqdm(total=self.total, initial=initial, desc=self.desc,
                         unit=f" {self.unit}", file=stream, bar_format=BAR_FORMAT,
                         postfix=postfix, mininterval=0.2, leave=True, **size)
        self._redirect = contextlib.ExitStack()
        self._redirect.enter_context(logging_redirect_tqdm([logging.getLogger("transalign")]))

    def set(self, done: int, total: int | None = None, *, postfix: str | None = None) -> None:
        """Show ``done`` of ``total`` (a new total replaces the old one).

        Args:
            done: Items finished so far (absolute, not an increment).
            total: Items in all, when known or changed.
            postfix: Text after the rate (``shards 3/10``).
        """
        if not self.enabled:
            return
        if total is not None:
            self.total = total
        if self._bar is None:
            self._start(done, postfix)
            return
        if total is not None and self._bar.total != total:
            self._bar.total = total
        if postfix is not None:
            self._bar.set_postfix_str(postfix, refresh=False)
        self._bar.update(done - self._bar.n)

    def update(self, n: int = 1) -> None:
        """Count ``n`` more items done."""
        if not self.enabled:
            return
        if self._bar is None:
            self._start(0)
        self._bar.update(n)

    def __call__(self, done: int, total: int) -> None:
        """``set(done, total)``: the ``(done, total)`` callback of ``translate_documents``."""
        self.set(done, total)

    def close(self) -> None:
        """Draw the final count and end the bar's line (nothing if it never started)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        if self._redirect is not None:
            self._redirect.close()
            self._redirect = None

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def _terminal_width(stream: TextIO) -> int | None:
    """Columns of the terminal ``stream`` is (0: unknown), or ``None`` if it is none."""
    try:
        if not stream.isatty():
            return None
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        return None


def progress_bar(total: int | None, unit: str, *, enabled: bool, desc: str | None = None,
                 stream: TextIO | None = None) -> ProgressBar:
    """A ``ProgressBar`` (a context manager; see the class)."""
    return ProgressBar(total, unit, enabled=enabled, desc=desc, stream=stream)
