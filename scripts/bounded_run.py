"""Run a command with an address-space limit and a timeout, and measure its peak memory.

Shared by ``scripts/attack_hostile.py`` and ``tests/test_hostile*.py``.

The command is started by a small Python launcher, which sets ``RLIMIT_AS``, waits with
``wait4`` and reports the child's ``ru_maxrss``: Linux carries a process's peak RSS across
fork and exec, so a command forked straight from a big process (pytest once torch is
loaded) would report the parent's size instead of its own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

_LAUNCHER = r"""
import os, resource, subprocess, sys, time
limit_mib, timeout, report = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
def limit():
    if limit_mib:
        resource.setrlimit(resource.RLIMIT_AS, (limit_mib << 20, limit_mib << 20))
proc = subprocess.Popen(sys.argv[4:], preexec_fn=limit)
start, timed_out = time.monotonic(), False
while True:
    pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
    if pid:
        break
    if time.monotonic() - start > timeout:
        proc.kill()
        pid, status, usage = os.wait4(proc.pid, 0)
        timed_out = True
        break
    time.sleep(0.02)
with open(report, "w") as f:
    f.write(f"{os.waitstatus_to_exitcode(status)} {time.monotonic() - start} "
            f"{usage.ru_maxrss / 1024} {int(timed_out)}")
"""


@dataclass(frozen=True)
class Bounded:
    """How a bounded run ended: exit code, wall seconds, peak MiB, killed by the timeout."""

    code: int
    seconds: float
    peak_mib: float
    timed_out: bool


def run_bounded(command: Sequence[str], cwd: Path, *, limit_mib: int | None, timeout: float,
                prefix: Sequence[str] = (), stdin: object = None, stdout: object = None,
                stderr: object = None, env: dict[str, str] | None = None) -> Bounded:
    """Run ``command`` in ``cwd`` under ``limit_mib`` MiB of address space (None: no
    limit) for at most ``timeout`` seconds; ``prefix`` (e.g. ``setpriv ...``) wraps the
    launcher. stdin/stdout/stderr as for ``subprocess`` (default: none)."""
    with tempfile.TemporaryDirectory(dir=cwd.parent, prefix=f".{cwd.name}.") as side:
        report = Path(side) / "report"
        subprocess.run([*prefix, sys.executable, "-c", _LAUNCHER, str(limit_mib or 0),
                        str(timeout), str(report), *command],
                       cwd=cwd, stdin=stdin if stdin is not None else subprocess.DEVNULL,
                       stdout=stdout if stdout is not None else subprocess.DEVNULL,
                       stderr=stderr if stderr is not None else subprocess.DEVNULL,
                       env=env, timeout=timeout + 60, check=False)
        code, seconds, peak, timed_out = report.read_text().split()
    return Bounded(int(code), float(seconds), float(peak), timed_out == "1")


def drop_override() -> list[str] | None:
    """The command prefix that makes root subject to file permissions, ``[]`` for another
    user, ``None`` when it cannot be done here."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
    try:
        probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return prefix if probe.returncode == 0 else None
