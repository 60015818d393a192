#!/usr/bin/env python
"""Run pytest as on a machine that never ran anything, and fail if a test wrote outside.

``make test`` (and so ``.ci/run``) calls this. A fresh clone is not a fresh machine:
``/tmp``, ``~/.cache`` and ``~/.ray`` survive between runs, and a suite that reads or
leaves state there passes on one machine and fails on the next (Ray's ``/tmp/ray`` once
hid a red run). So pytest runs with ``HOME`` and ``TMPDIR`` pointing at new empty folders
of a sandbox, and afterwards:

- anything new under the machine's temp folders (``$TMPDIR`` or ``/tmp``, ``/var/tmp``,
  ``/dev/shm``) or the real home (pip's own cache excepted) is a leak;
- anything left in the sandbox's home is a leak (tests point every library cache at
  their own tmp, see ``tests/conftest.py``), and so is anything left in its ``TMPDIR``
  except pytest's own ``pytest-of-*`` folders (kept by pytest for inspection).

Leaks are listed and the exit code is 1 even when every test passed; otherwise pytest's
exit code is returned. The sandbox is removed at the end.

    python scripts/test_isolated.py -q              # arguments go to pytest
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEPTH = 4  # how deep new paths are looked for under each watched folder


def _watched() -> list[Path]:
    roots = {Path(tempfile.gettempdir()), Path("/tmp"), Path("/var/tmp"), Path("/dev/shm"),
             Path.home()}
    return sorted(p.resolve() for p in roots if p.is_dir())


def _ignored(path: Path, sandbox: Path) -> bool:
    home = Path.home().resolve()
    return (path == sandbox or sandbox in path.parents or path == ROOT or ROOT in path.parents
            # pip's own cache (the set-up step installs packages; the tests do not)
            or (home / ".cache" / "pip") in (path, *path.parents))


def _listing(roots: list[Path], sandbox: Path) -> set[Path]:
    """Every path down to DEPTH levels under ``roots`` (symlinks not followed)."""
    found: set[Path] = set()
    for root in roots:
        base = len(root.parts)
        for folder, dirs, files in os.walk(root, onerror=lambda _e: None):
            here = Path(folder)
            if _ignored(here, sandbox):
                dirs[:] = []
                continue
            depth = len(here.parts) - base
            for name in (*dirs, *files):
                path = here / name
                if not _ignored(path, sandbox):
                    found.add(path)
            if depth + 1 >= DEPTH:
                dirs[:] = []
    return found


def _left_in(folder: Path, keep: tuple[str, ...] = ()) -> list[Path]:
    return sorted(p for p in folder.rglob("*")
                  if not any(part.startswith(keep) for part in p.relative_to(folder).parts)
                  ) if keep else sorted(folder.rglob("*"))


def main(argv: list[str]) -> int:
    parent = os.environ.get("TMPDIR") or "/tmp"
    # a short name: Ray's socket paths live under it and must stay under 107 bytes
    sandbox = Path(tempfile.mkdtemp(prefix="t", dir=parent)).resolve()
    home, tmp = sandbox / "home", sandbox / "t"
    home.mkdir()
    tmp.mkdir()
    roots = _watched()
    before = _listing(roots, sandbox)
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(tmp)}
    for key in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "HF_HOME",
                "TRANSALIGN_CACHE", "RAY_TMPDIR", "RAY_ADDRESS", "PYTHONUSERBASE"):
        env.pop(key, None)  # everything derives from the empty HOME and TMPDIR
    print(f"test_isolated: HOME={home} TMPDIR={tmp}; watching {', '.join(map(str, roots))}",
          file=sys.stderr)
    try:
        code = subprocess.call([sys.executable, "-m", "pytest", *argv], cwd=ROOT, env=env)
        leaks = sorted(_listing(roots, sandbox) - before)
        leaks += _left_in(home)
        leaks += _left_in(tmp, keep=("pytest-of-",))
    finally:
        shutil.rmtree(sandbox, ignore_errors=True)
    if leaks:
        print(f"test_isolated: FAILED: the tests wrote {len(leaks)} path(s) outside their "
              "own temporary folders:", file=sys.stderr)
        for path in leaks[:50]:
            print(f"  {path}", file=sys.stderr)
        return 1
    print("test_isolated: nothing written outside the tests' own temporary folders",
          file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
