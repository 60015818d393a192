"""scripts/test_isolated.py (what `make test` runs) fails a suite that writes outside its tmp."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

LEAKY = {
    "home": "(pathlib.Path.home() / '.leaky-cache').mkdir()",
    "tmpdir": "open(os.path.join(tempfile.gettempdir(), 'leaky.tmp'), 'w').close()",
}


def run_check(tmp_path: Path, body: str) -> subprocess.CompletedProcess[str]:
    test = tmp_path / "test_sample.py"
    test.write_text(f"import os, pathlib, tempfile\n\n\ndef test_sample():\n    {body}\n",
                    encoding="utf-8")
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "test_isolated.py"), "-q",
                           "-p", "no:cacheprovider", "--rootdir", str(tmp_path), str(test)],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("where", sorted(LEAKY))
def test_a_test_that_writes_outside_its_tmp_fails_the_run(tmp_path: Path, where: str) -> None:
    done = run_check(tmp_path, LEAKY[where])
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 passed" in done.stdout  # the test itself passed: the check failed the run
    assert "path(s) outside their own temporary folders" in done.stderr
    assert ("leaky-cache" if where == "home" else "leaky.tmp") in done.stderr


def test_a_clean_test_passes_with_home_and_tmpdir_of_its_own(tmp_path: Path) -> None:
    done = run_check(tmp_path, "assert pathlib.Path.home().name == 'home' and not "
                               "os.listdir(pathlib.Path.home())")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "nothing written outside" in done.stderr
