"""A minimal progress line on stderr, only when it is a terminal or asked for."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """``\\r``-updated counter: ``label: done/total (rate/s)``.

    Args:
        total: Number of items expected.
        label: What is counted.
        enabled: ``None`` = only when ``stream`` is a terminal.
        stream: Where to write (stderr).
    """

    def __init__(self, total: int, label: str = "sentences", enabled: bool | None = None,
                 stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.total = total
        self.label = label
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.started = time.perf_counter()
        self._last = 0.0

    def __call__(self, done: int) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if done < self.total and now - self._last < 0.2:
            return
        self._last = now
        rate = done / max(now - self.started, 1e-9)
        self.stream.write(f"\r{self.label}: {done}/{self.total} ({rate:.1f}/s)")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
