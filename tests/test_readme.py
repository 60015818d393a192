"""The README's shell commands run as written, offline, on the tiny model.

Every fenced ```bash block of README.md is run, in README order, in one temporary working
directory that holds copies of ``examples/`` and ``configs/`` (so a later recipe can use an
earlier one's output), with ``bash -euo pipefail``, the venv's ``bin`` first on ``PATH``,
``TRANSALIGN_MODEL`` set to the tiny model and ``HF_HUB_OFFLINE=1``. A block right after an
HTML comment ``<!-- readme-test: skip REASON -->`` is not run (set-up, network, GPU, Ray
cluster); the reason is required.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"

# The test must not pass by running nothing: at least this many README commands run.
MIN_COMMANDS_RUN = 20
BLOCK_TIMEOUT_S = 300

MARKER = re.compile(r"<!--\s*readme-test:(?P<body>.*?)-->", re.DOTALL)
SKIP = re.compile(r"skip\b(?P<reason>.*)", re.DOTALL)
FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


@dataclass
class Block:
    line: int  # README line of the first line of code (1-based)
    code: str
    skip: str | None  # the reason, or None when the block runs

    def commands(self) -> list[str]:
        """Logical command lines: not blank, not comments, continuations joined."""
        commands: list[str] = []
        joined = ""
        for raw in self.code.splitlines():
            line = raw.strip()
            if not joined and (not line or line.startswith("#")):
                continue
            joined += line
            if line.endswith("\\"):
                joined = joined[:-1] + " "
                continue
            commands.append(joined)
            joined = ""
        if joined:
            commands.append(joined)
        return commands


def parse_readme(text: str) -> list[Block]:
    """The fenced ```bash blocks of ``text``, each with its skip reason (or None).

    Raises AssertionError on a marker without a reason, a marker that is not followed by a
    bash block, an unknown ``readme-test`` directive, or an unclosed fence.
    """
    lines = text.split("\n")
    blocks: list[Block] = []
    pending: tuple[int, str] | None = None  # (line, reason) of a skip marker
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = FENCE.match(line)
        if fence:
            info = fence["info"].strip().split()
            language = info[0].lower() if info else ""
            end = i + 1
            close = re.compile(rf"^ {{0,3}}{re.escape(fence['fence'][0])}"
                               rf"{{{len(fence['fence'])},}}\s*$")
            while end < len(lines) and not close.match(lines[end]):
                end += 1
            assert end < len(lines), f"README.md:{i + 1}: fenced block is never closed"
            if language == "bash":
                reason = pending[1] if pending else None
                blocks.append(Block(i + 2, "\n".join(lines[i + 1:end]) + "\n", reason))
            else:
                assert pending is None, (
                    f"README.md:{pending[0]}: a readme-test marker must be followed by a "
                    f"```bash block, not ```{language}")
            pending = None
            i = end + 1
            continue
        marker = MARKER.search(line)
        if marker:
            body = marker["body"].strip()
            skip = SKIP.fullmatch(body)
            assert skip, (f"README.md:{i + 1}: unknown readme-test directive {body!r} "
                          "(expected: <!-- readme-test: skip REASON -->)")
            reason = skip["reason"].strip()
            assert reason, f"README.md:{i + 1}: readme-test: skip needs a reason"
            pending = (i + 1, reason)
        elif line.strip() and pending is not None:
            raise AssertionError(f"README.md:{pending[0]}: a readme-test marker must be "
                                 "followed directly by a ```bash block")
        i += 1
    assert pending is None, f"README.md:{pending[0]}: readme-test marker without a block"
    return blocks


def test_parser_reads_markers_and_blocks() -> None:
    text = ("# t\n\n```bash\necho a  # comment\nls \\\n  -l\n```\n\n"
            "<!-- readme-test: skip needs a GPU -->\n```bash\nnvidia-smi\n```\n"
            "```python\nprint(1)\n```\n")
    blocks = parse_readme(text)
    assert [(b.line, b.skip) for b in blocks] == [(4, None), (11, "needs a GPU")]
    assert blocks[0].commands() == ["echo a  # comment", "ls  -l"]
    for bad in ("<!-- readme-test: skip -->\n```bash\nls\n```\n",
                "<!-- readme-test: skip   -->\n```bash\nls\n```\n",
                "<!-- readme-test: skipp x -->\n```bash\nls\n```\n",
                "<!-- readme-test: skip x -->\ntext\n```bash\nls\n```\n",
                "```bash\nls\n"):
        with pytest.raises(AssertionError):
            parse_readme(bad)


def test_readme_markers_are_valid_and_enough_commands_run() -> None:
    blocks = parse_readme(README.read_text(encoding="utf-8"))
    run = sum(len(b.commands()) for b in blocks if b.skip is None)
    skipped = sum(len(b.commands()) for b in blocks if b.skip is not None)
    assert run >= MIN_COMMANDS_RUN, (
        f"only {run} README commands would run ({skipped} skipped); "
        f"at least {MIN_COMMANDS_RUN} must")


PRELUDE = ('trap \'echo "readme-test: failed at script line $LINENO: $BASH_COMMAND" >&2\' ERR\n')


def _environment(tmp_path: Path, tiny_model: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TRANSALIGN_", "RAY_")) and k not in ("VIRTUAL_ENV",)}
    bin_dir = Path(sys.executable).parent
    assert (bin_dir / "transalign").exists(), f"transalign is not installed in {bin_dir}"
    env.update({
        "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        "VIRTUAL_ENV": str(bin_dir.parent),
        "TRANSALIGN_MODEL": str(tiny_model),
        "TRANSALIGN_CACHE": str(tmp_path / "cache"),
        "HF_HUB_OFFLINE": "1",
        "HF_DATASETS_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    })
    return env


def test_readme_commands_run(tmp_path: Path, tiny_model: Path) -> None:
    blocks = parse_readme(README.read_text(encoding="utf-8"))
    work = tmp_path / "clone"
    work.mkdir()
    for folder in ("examples", "configs"):
        shutil.copytree(ROOT / folder, work / folder)
    env = _environment(tmp_path, tiny_model)
    failures: list[str] = []
    ran = 0
    for block in blocks:
        if block.skip is not None:
            continue
        script = PRELUDE + block.code
        try:
            proc = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=work, env=env,
                                  stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                  timeout=BLOCK_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            failures.append(f"README.md:{block.line}: block timed out after "
                            f"{BLOCK_TIMEOUT_S} s:\n{block.code}")
            continue
        ran += len(block.commands())
        if proc.returncode != 0:
            where = re.findall(r"readme-test: failed at script line (\d+): (.*)", proc.stderr)
            if where:
                line, command = where[-1]
                readme_line = block.line + int(line) - 1 - PRELUDE.count("\n")
                what = f"README.md:{readme_line}: `{command}` exited {proc.returncode}"
            else:
                what = f"README.md:{block.line}: block exited {proc.returncode}"
            stderr = "\n".join(proc.stderr.strip().splitlines()[-15:])
            failures.append(f"{what}\n--- stderr (last lines) ---\n{stderr}")
    assert not failures, (f"{len(failures)} README block(s) failed (later ones may only "
                          "miss an earlier one's output):\n\n" + "\n\n".join(failures))
    assert ran >= MIN_COMMANDS_RUN, f"only {ran} README commands ran"
