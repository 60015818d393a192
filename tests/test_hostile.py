"""Issue 17, hostile input round two: every case ends in one clear line, in bounded time
and memory, and leaves nothing behind.

Each case of the table runs the CLI in a subprocess, in a folder of its own, with its
address space limited (``resource.setrlimit(RLIMIT_AS)``) and a timeout, and checks the
exit code, that stderr is one ``transalign: error:`` line of bounded length without a
traceback, the seconds and the peak memory (``ru_maxrss`` of the child), and that the
folder holds afterwards exactly what it held before. ``scripts/attack_hostile.py`` runs the
same attacks (and bigger ones) and prints the table of what held.

The permission cases need a user the permission bits apply to: as root, the child runs
without the capabilities that override them (``setpriv --bounding-set
-dac_override,-dac_read_search``); where that cannot be done, they are skipped.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import _load_script
from transalign.limits import MAX_ERROR_LINE, MAX_THREADS

MIB = 1 << 20
LIMIT_MIB = 1536  # address space of a child that does not load a model
LONG = "n" * 300  # a file name of 300 bytes: over the 255 a name may have

# a proxy that refuses at once: sacrebleu's downloads fail the same way with or without
# network on the machine
NO_NETWORK = {"https_proxy": "http://127.0.0.1:9", "http_proxy": "http://127.0.0.1:9",
              "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9",
              "no_proxy": "", "NO_PROXY": ""}


@dataclass
class Outcome:
    code: int
    err: str
    out: bytes
    seconds: float
    peak_mib: float
    timed_out: bool


_bounded = _load_script("bounded_run")
_attack = _load_script("attack_hostile")
_drop_override = _bounded.drop_override


def run_cli(args: list[str], cwd: Path, *, stdin: object = None, limit_mib: int | None = LIMIT_MIB,
            timeout: float = 120, prefix: list[str] = (), env: dict[str, str] | None = None,
            keep_stdout: bool = False) -> Outcome:
    """``python -m transalign ARGS`` in ``cwd``, with RLIMIT_AS and a timeout, and its peak
    memory (``scripts/bounded_run.py``). stdout and stderr go to files beside ``cwd``."""
    side = cwd.parent / f".{cwd.name}.streams"
    side.mkdir(exist_ok=True)
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    with open(side / "err", "wb") as err, open(side / "out", "wb") as out:
        run = _bounded.run_bounded([sys.executable, "-m", "transalign", *args], cwd,
                                   limit_mib=limit_mib, timeout=timeout, prefix=prefix,
                                   stdin=stdin, stdout=out if keep_stdout else None,
                                   stderr=err, env=full_env)
    text = (side / "err").read_bytes().decode("utf-8", "replace")
    data = (side / "out").read_bytes()
    shutil.rmtree(side)
    return Outcome(run.code, text, data, run.seconds, run.peak_mib, run.timed_out)


def listing(folder: Path) -> set[str]:
    """Every path under ``folder`` (what a case may not leave behind)."""
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def assert_one_error_line(outcome: Outcome, code: int, fragment: str | None = None) -> str:
    """Exit ``code``, and stderr one ``transalign: error:`` line, bounded, no traceback."""
    assert not outcome.timed_out, f"timed out after {outcome.seconds:.0f} s"
    assert outcome.code == code, outcome.err[-2000:]
    assert "Traceback" not in outcome.err and "internal error" not in outcome.err, outcome.err
    lines = outcome.err.split("\n")
    assert len(lines) == 2 and lines[1] == "", outcome.err[-2000:]
    assert lines[0].startswith("transalign: error: "), lines[0]
    assert len(lines[0]) <= MAX_ERROR_LINE
    if fragment is not None:
        assert re.search(fragment, lines[0]), lines[0]
    return lines[0]


# -- the files the cases use -------------------------------------------------------------

def _bomb(section: str) -> str:
    """A "billion laughs" YAML value: 9 levels of 9 aliases (9**9 strings) under ``section``."""
    levels = ['&a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    names = "abcdefghi"
    for k in range(1, 9):
        refs = ", ".join(f"*{names[k - 1]}" for _ in range(9))
        levels.append(f"&{names[k]} [{refs}]")
    value = "[" + ", ".join(levels) + "]"
    path, key = section.rsplit(".", 1) if "." in section else ("", section)
    if not path:
        return f"{key}: {value}\n"
    return f"{path}:\n  {key}: {value}\n"


def bytes_file(name: str, data: bytes) -> Callable[[Path], None]:
    def make(tmp: Path) -> None:
        (tmp / name).write_bytes(data)
    return make


def text_file(name: str, text: str) -> Callable[[Path], None]:
    return bytes_file(name, text.encode("utf-8"))


def unreadable(name: str, data: bytes = b"x\n") -> Callable[[Path], None]:
    def make(tmp: Path) -> None:
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        path.chmod(0)
    return make


def unreadable_dir(name: str) -> Callable[[Path], None]:
    def make(tmp: Path) -> None:
        (tmp / name).mkdir()
        (tmp / name / "a.txt").write_text("x\n", encoding="utf-8")
        (tmp / name).chmod(0)
    return make


def model_copy(name: str, lock: str) -> Callable[[Path], None]:
    """A copy of the tiny model in ``name`` with ``lock`` (a file, or "" for the folder)
    made unreadable; the model's path comes from the TINY environment variable."""
    def make(tmp: Path) -> None:
        shutil.copytree(os.environ["TRANSALIGN_TEST_TINY"], tmp / name)
        (tmp / name / lock if lock else tmp / name).chmod(0)
    return make


def symlink_loop(tmp: Path) -> None:
    (tmp / "loop1").symlink_to("loop2")
    (tmp / "loop2").symlink_to("loop1")


def endless_line(tmp: Path) -> None:
    """A FIFO fed by a process that writes one line without end (no NUL bytes)."""
    os.mkfifo(tmp / "endless.jsonl")


# item, name, argv (with {tiny} and {long}), setup, expected exit code, fragment of the
# error line, limits: (seconds, peak MiB) or None, options
@dataclass(frozen=True)
class Case:
    item: str
    name: str
    argv: tuple[str, ...]
    setup: Callable[[Path], None] | None = None
    code: int = 2
    fragment: str | None = None
    seconds: float = 60
    peak_mib: float | None = None
    stdin: str | None = None  # "zero", "urandom", "yes", "endless-line"
    permissions: bool = False
    env: tuple[tuple[str, str], ...] = ()
    limit_mib: int | None = LIMIT_MIB


TRANSLATE = ("translate", "in.txt", "--model", "{tiny}", "-q")

CASES = [
    # 1. configuration files: bounded in size and expansion; values echoed as excerpts
    Case("1", "alias-bomb-beams", (*TRANSLATE, "--config", "bomb.yaml"),
         text_file("bomb.yaml", _bomb("translate.beams")), fragment="expands to more than 10,000",
         seconds=20, peak_mib=300),
    Case("1", "alias-bomb-model-without---model", ("translate", "in.txt", "--config", "bomb.yaml"),
         text_file("bomb.yaml", _bomb("translate.model")), fragment="expands to more than",
         seconds=20, peak_mib=300),
    Case("1", "alias-bomb-shard-size", ("batch", "-i", "docs.jsonl", "-o", "out", "--model",
                                        "{tiny}", "--config", "bomb.yaml", "-q"),
         text_file("bomb.yaml", _bomb("batch.shard_size")), fragment="expands to more than",
         seconds=20, peak_mib=300),
    Case("1", "recursive-alias", (*TRANSLATE, "--config", "c.yaml"),
         text_file("c.yaml", "translate:\n  beams: &a [1, *a]\n"), fragment="recursive"),
    Case("1", "config-over-1-MiB", (*TRANSLATE, "--config", "c.yaml"),
         text_file("c.yaml", "translate:\n  beams: 4\n" + "#" * (2 << 20) + "\n"),
         fragment="larger than 1 MiB"),
    Case("1", "nested-too-deep", (*TRANSLATE, "--config", "c.yaml"),
         text_file("c.yaml", "beams: " + "[" * 5000 + "]" * 5000 + "\n"),
         fragment="nested too deeply"),
    Case("1", "duplicate-key", (*TRANSLATE, "--config", "c.yaml"),
         text_file("c.yaml", "translate:\n  beams: 2\n  beams: 5\n"),
         fragment=r"c.yaml:3: key 'beams' is given twice"),
    Case("1", "5-MB-type-field", ("export", "big.jsonl", "--format", "tsv"),
         text_file("big.jsonl", json.dumps({"doc_id": "d", "src_ids": [0], "tgt_ids": [0],
                                            "src": "a", "tgt": "b", "score": 1.0,
                                            "type": "x" * 5_000_000}) + "\n"),
         fragment=r"field 'type' must look like '2-1', got 'x{10}"),
    Case("1", "1M-ids", ("evaluate-alignment", "--gold", "g.jsonl", "--test", "g.jsonl"),
         text_file("g.jsonl", json.dumps({"doc_id": "d", "src_ids": [0] * 1_000_000,
                                          "tgt_ids": [0], "score": 1.0}) + "\n"),
         fragment="a sentence id repeats"),
    Case("1", "900-KB-model-name", (*TRANSLATE[:2], "--config", "c.yaml"),
         text_file("c.yaml", "translate:\n  model: ['" + "x" * 900_000 + "']\n"),
         fragment=r"model: invalid value \['x{20}"),
    # 2. size-like options: bounded, with a clear error
    Case("2", "paired-ar-1e8", ("evaluate", "ref.txt", "--hyp", "hyp.txt", "--hyp", "hyp2.txt",
                                "--paired", "ar", "--paired-n", "100000000"),
         fragment="more than the 1,000,000 ar trials", seconds=20, peak_mib=300),
    Case("2", "paired-bs-1e8", ("evaluate", "ref.txt", "--hyp", "hyp.txt", "--hyp", "hyp2.txt",
                                "--paired", "bs", "--paired-n", "100000000"),
         fragment="more than the 100,000 bs resamples", seconds=20, peak_mib=300),
    Case("2", "beams", (*TRANSLATE, "--beams", "100000"), fragment="beams must be at most 64"),
    Case("2", "max-batch-tokens", (*TRANSLATE, "--max-batch-tokens", "10000000000"),
         fragment="--max-batch-tokens must be at most 1,000,000"),
    Case("2", "max-batch-sentences", (*TRANSLATE, "--config", "c.yaml"),
         text_file("c.yaml", "max_batch_sentences: 99999999\n"),
         fragment="max_batch_sentences must be at most"),
    Case("2", "band", ("align", "in.txt", "ref.txt", "--bridge", "none", "--band", "1000000000"),
         fragment="--band must be at most 10,000"),
    Case("2", "shard-size", ("batch", "-i", "docs.jsonl", "-o", "out", "--model", "{tiny}",
                             "--shard-size", "1000000000", "-q"),
         fragment="shard_size must be at most 100,000"),
    Case("2", "seed-5000-digits", ("evaluate", "ref.txt", "--hyp", "hyp.txt", "--hyp",
                                   "hyp2.txt", "--paired", "bs", "--seed", "9" * 5000),
         fragment=r"seed '9{20}.*\(5000 characters\) is not an integer"),
    # 3. unreadable paths (as a user the permission bits apply to)
    Case("3", "unreadable-config", (*TRANSLATE, "--config", "c.yaml"), unreadable("c.yaml"),
         fragment=r"c.yaml: cannot read the configuration file \(Permission denied\)",
         permissions=True),
    Case("3", "unreadable-input", ("segment", "secret.txt"), unreadable("secret.txt"),
         fragment=r"secret.txt: cannot read \(Permission denied\)", permissions=True),
    Case("3", "evaluate-hyp-unreadable-folder", ("evaluate", "ref.txt", "--hyp", "systems"),
         unreadable_dir("systems"), fragment=r"systems: cannot list the directory",
         permissions=True),
    Case("3", "model-folder-transformers", ("translate", "in.txt", "--model", "m",
                                            "--backend", "transformers"),
         model_copy("m", ""), fragment=r"model 'm': .*Permission denied", permissions=True),
    Case("3", "model-weights-transformers", ("translate", "in.txt", "--model", "m",
                                             "--backend", "transformers"),
         model_copy("m", "model.safetensors"),
         fragment=r"cannot read m/model.safetensors \(Permission denied\)", permissions=True),
    Case("3", "model-weights-ctranslate2", ("translate", "in.txt", "--model", "m",
                                            "--backend", "ctranslate2"),
         model_copy("m", "model.safetensors"),
         fragment=r"cannot read m/model.safetensors \(Permission denied\)", permissions=True),
    Case("3", "model-tokenizer-ctranslate2", ("translate", "in.txt", "--model", "m",
                                              "--backend", "ctranslate2"),
         model_copy("m", "source.spm"), fragment=r"cannot read m/source.spm", permissions=True),
    # 4. names over 255 bytes: inputs, -o, --output, --config, --model
    Case("4", "segment-input", ("segment", "{long}"), fragment="file name too long"),
    Case("4", "segment--o", ("segment", "in.txt", "-o", "{long}"), fragment="file name too long"),
    Case("4", "translate---config", (*TRANSLATE, "--config", "{long}.yaml"),
         fragment="file name too long"),
    Case("4", "translate---model", ("translate", "in.txt", "--model", "./{long}"),
         fragment="file name too long"),
    Case("4", "align-src", ("align", "{long}", "ref.txt", "--bridge", "none"),
         fragment="file name too long"),
    Case("4", "evaluate---hyp", ("evaluate", "ref.txt", "--hyp", "{long}"),
         fragment="file name too long"),
    Case("4", "evaluate--o", ("evaluate", "ref.txt", "--hyp", "hyp.txt", "-o", "{long}"),
         fragment="file name too long"),
    Case("4", "evaluate-alignment---gold", ("evaluate-alignment", "--gold", "{long}", "--test",
                                            "ref.txt"), fragment="file name too long"),
    Case("4", "export-input", ("export", "{long}", "--format", "tsv"),
         fragment="file name too long"),
    Case("4", "export--o", ("export", "ref.txt", "--format", "tsv", "-o", "{long}"),
         fragment="file name too long"),
    Case("4", "batch---output", ("batch", "-i", "docs.jsonl", "-o", "{long}", "--model",
                                 "{tiny}", "-q"), fragment="file name too long"),
    Case("4", "batch---input", ("batch", "-i", "{long}.jsonl", "-o", "out", "--model",
                                "{tiny}", "-q"), fragment="file name too long"),
    # 5. tokenizers listed as valid but unusable here: one line naming the extra or download
    Case("5", "ja-mecab", ("evaluate", "ref.txt", "--hyp", "hyp.txt", "--tokenize", "ja-mecab"),
         fragment=r"pip install 'sacrebleu\[ja\]'"),
    Case("5", "ko-mecab", ("evaluate", "ref.txt", "--hyp", "hyp.txt", "--tokenize", "ko-mecab"),
         fragment=r"pip install 'sacrebleu\[ko\]'"),
    *(Case("5", f"{tok}-offline", ("evaluate", "ref.txt", "--hyp", "hyp.txt", "--tokenize", tok),
           fragment="needs its SentencePiece model, which sacrebleu downloads once from https",
           env=tuple(NO_NETWORK.items()), seconds=45)
      for tok in ("flores101", "flores200", "spm", "spBLEU-1K")),
    # 7. threads: bounded by the CPUs, a clear error instead of libgomp's crash
    Case("7", "threads-100000", (*TRANSLATE, "--config", "c.yaml"),
         text_file("c.yaml", "translate:\n  threads: 100000\n"),
         fragment=f"threads must be at most {MAX_THREADS}", seconds=20),
    # 12. endless streams and over-long lines: the first block is checked, reading stops
    *(Case("12", f"{cmd[0]}-dev-zero", (*cmd,), fragment=r"binary file \(NUL bytes\)",
           seconds=30, peak_mib=400)
      for cmd in (("segment", "/dev/zero"), ("translate", "/dev/zero", "--model", "{tiny}"),
                  ("export", "/dev/zero", "--format", "tsv"),
                  ("evaluate", "/dev/zero", "--hyp", "/dev/zero"),
                  ("evaluate-alignment", "--gold", "/dev/zero", "--test", "/dev/zero"),
                  ("align", "/dev/zero", "/dev/zero", "--bridge", "none"))),
    Case("12", "segment-dev-urandom", ("segment", "/dev/urandom"), seconds=30, peak_mib=400,
         fragment=r"binary|invalid UTF-8"),
    Case("12", "stdin-zero-stream", ("segment", "-"), stdin="zero",
         fragment=r"<stdin>: looks like a binary file", seconds=30, peak_mib=400),
    Case("12", "stdin-endless-text", ("segment", "-"), stdin="yes",
         fragment=r"<stdin>: larger than 256 MiB", seconds=60, peak_mib=700),
    Case("12", "translate-stdin-endless-text", ("translate", "-", "--model", "{tiny}"),
         stdin="yes", fragment=r"<stdin>: larger than 256 MiB", seconds=60, peak_mib=700),
    Case("12", "export-endless-line", ("export", "-", "--format", "tsv"), stdin="endless-line",
         fragment=r"<stdin>:1: a line longer than 64 MiB", seconds=60, peak_mib=400),
    # the smaller ones
    Case("s", "non-string-id", ("translate", "d.jsonl", "--model", "{tiny}"),
         text_file("d.jsonl", '{"id": ["x"], "text": "Ein Satz."}\n'),
         fragment=r"d.jsonl:1: field 'id' must be a string or an integer, got list"),
    Case("s", "nan-id", ("segment", "d.jsonl"),
         text_file("d.jsonl", '{"id": NaN, "text": "Ein Satz."}\n'),
         fragment="field 'id' must be a string or an integer, got float"),
    Case("s", "cache-dir-list", (*TRANSLATE, "--config", "c.yaml"),
         text_file("c.yaml", "translate:\n  cache_dir: [1, 2]\n"), fragment="cache_dir: invalid"),
    Case("s", "ray-num-cpus-nan", ("batch", "-i", "docs.jsonl", "-o", "out", "--model",
                                   "{tiny}", "--config", "c.yaml", "-q"),
         text_file("c.yaml", "batch:\n  ray: {num_cpus: .nan}\n"), fragment="num_cpus must be > 0"),
    Case("s", "duplicate-bead", ("evaluate-alignment", "--gold", "g.txt", "--test", "t.txt"),
         lambda tmp: ((tmp / "g.txt").write_text("[0]:[0]\n[1]:[1]\n"),
                      (tmp / "t.txt").write_text("[0]:[0]\n[0]:[0]\n")),
         fragment=r"t.txt: document 1: bead \[0\]:\[0\] is given twice"),
    Case("s", "overlapping-beads", ("evaluate-alignment", "--gold", "g.txt", "--test", "t.txt"),
         lambda tmp: ((tmp / "g.txt").write_text("[0]:[0]\n[1]:[1]\n"),
                      (tmp / "t.txt").write_text("[0]:[0]\n[0, 1]:[1]\n")),
         fragment=r"bead \[0, 1\]:\[1\] overlaps \[0\]:\[0\] in source sentence 0"),
    Case("s", "out-of-range-bead", ("evaluate-alignment", "--gold", "g.txt", "--test", "t.txt"),
         lambda tmp: ((tmp / "g.txt").write_text("[0]:[0]\n[1]:[1]\n"),
                      (tmp / "t.txt").write_text("[0]:[0]\n[57]:[1]\n")),
         fragment=r"names source sentence 57, but the gold document's source sentences end at 1"),
    Case("s", "nul-after-64-KB", ("segment", "late.txt"),
         bytes_file("late.txt", b"Ein Satz. " * 10_000 + b"\x00 Ende.\n"),
         fragment=r"late.txt: a NUL byte at byte 100000 \(line 1\)"),
    Case("s", "symlink-loop", ("segment", "loop1"), symlink_loop,
         fragment="loop1: too many levels of symbolic links"),
    Case("s", "empty--o", ("segment", "in.txt", "-o", ""), fragment=r"empty file name"),
    Case("s", "utf-16", ("segment", "u16.txt"),
         bytes_file("u16.txt", "\ufeffDer Minister sprach in Berlin.\n".encode("utf-16-le")),
         fragment="looks like UTF-16 text, expected UTF-8; convert it first, e.g. iconv -f UTF-16"),
    Case("s", "ter-5000-words", ("evaluate", "long.txt", "--hyp", "long.txt"),
         text_file("long.txt", " ".join(f"w{k % 300}" for k in range(5000)) + "\n"),
         fragment="TER: segment 1 has 5,000 words, more than the 1,000", seconds=30),
]


def _ids(case: Case) -> str:
    return f"{case.item}-{case.name}"


@pytest.fixture(scope="module")
def drop_override() -> list[str] | None:
    return _drop_override()


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_hostile_case_is_one_line_bounded_and_leaves_nothing(
        case: Case, tmp_path: Path, tiny_model: Path, drop_override: list[str] | None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    if case.name.endswith("mecab"):
        module = "MeCab" if case.name == "ja-mecab" else "mecab_ko"
        if _importable(module):
            pytest.skip(f"{module} is installed here")
    prefix: list[str] = []
    if case.permissions:
        if drop_override is None:
            pytest.skip("cannot run without the permission override here (setpriv)")
        prefix = drop_override
    work = tmp_path / "work"
    work.mkdir()
    _attack.common_files(work)  # the same input files as the attack script's cases
    monkeypatch.setenv("TRANSALIGN_TEST_TINY", str(tiny_model))
    if case.setup is not None:
        case.setup(work)
    before = listing(work)
    argv = [a.replace("{tiny}", str(tiny_model)).replace("{long}", LONG) for a in case.argv]
    feeder = None
    stdin: object = None
    if case.stdin in ("zero", "urandom"):
        stdin = open(f"/dev/{case.stdin}", "rb")  # noqa: SIM115
    elif case.stdin == "yes":
        feeder = subprocess.Popen(["yes", "Ein Satz mit Worten."], stdout=subprocess.PIPE)
    elif case.stdin == "endless-line":
        feeder = subprocess.Popen([sys.executable, "-c", "import sys\nw = sys.stdout.buffer.write\n"
                                   "while True: w(b'x' * 65536)"], stdout=subprocess.PIPE)
    if feeder is not None:
        stdin = feeder.stdout
    try:
        outcome = run_cli(argv, work, stdin=stdin, prefix=prefix, env=dict(case.env),
                          timeout=case.seconds + 60, limit_mib=case.limit_mib)
    finally:
        if feeder is not None:
            feeder.kill()
            feeder.wait()
            feeder.stdout.close()
        if hasattr(stdin, "close") and feeder is None:
            stdin.close()
        for path in work.rglob("*"):  # let pytest remove what was made unreadable
            if not path.is_symlink():
                path.chmod(0o700 if path.is_dir() else 0o600)
    assert_one_error_line(outcome, case.code, case.fragment)
    assert outcome.seconds <= case.seconds, f"{outcome.seconds:.1f} s"
    if case.peak_mib is not None:
        assert outcome.peak_mib <= case.peak_mib, f"{outcome.peak_mib:.0f} MiB"
    assert listing(work) == before  # nothing left behind (no output, no temporary)


def _importable(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


# -- 3, 6: permissions and file names, in the success direction -------------------------

def test_every_error_line_is_cut_to_a_bounded_length(capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's net under every message: an error of 5 MB over two lines is one line of
    at most MAX_ERROR_LINE characters, with the prefix kept, and the exit code kept."""
    from transalign.cli import main
    from transalign.commands import segment
    from transalign.errors import InputError

    def explode(args: object) -> int:
        raise InputError("x" * 5_000_000 + "\nsecond line")

    monkeypatch.setattr(segment, "run", explode)
    assert main(["segment", "in.txt"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("transalign: error: xxx") and err.endswith(" … (cut here)\n")
    assert err.count("\n") == 1 and len(err) <= MAX_ERROR_LINE + 1


def test_an_oserror_about_a_path_is_one_line_exit_2(capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The net under the library's own checks: a permission or name-length error that
    escapes them is one line naming the path, exit 2, not an "internal error"."""
    import errno

    from transalign.cli import main
    from transalign.commands import segment

    def denied(args: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied", "/srv/" + "d" * 5000)

    monkeypatch.setattr(segment, "run", denied)
    assert main(["segment", "in.txt"]) == 2
    err = capsys.readouterr().err
    assert re.fullmatch(r"transalign: error: /srv/d+…d+ \(5,005 bytes\): Permission denied\n",
                        err), err


NON_UTF8 = os.fsdecode(b"caf\xe9.txt")  # a Latin-1 file name, as Python sees it


def test_non_utf8_file_names_are_written_as_valid_reversible_json(
        tmp_path: Path, tiny_model: Path, fast_config: Path) -> None:
    """6. translate, segment, align write the id as valid UTF-8 (``caf\\xe9.txt``), which
    export and translate read back; nothing fails after the work is done."""
    from transalign.paths import name_from_id

    (tmp_path / NON_UTF8).write_text("Der Minister sprach. Die Preise steigen.\n",
                                     encoding="utf-8")
    (tmp_path / "en.txt").write_text("The minister spoke. Prices rise.\n", encoding="utf-8")
    model = ["--model", str(tiny_model), "--config", str(fast_config)]
    runs = [["translate", NON_UTF8, "--format", "jsonl", "-o", "t.jsonl", *model],
            ["segment", NON_UTF8, "--format", "jsonl", "-o", "s.jsonl"],
            ["align", NON_UTF8, "en.txt", "--bridge", "none", "--format", "jsonl", "-o",
             "a.jsonl"]]
    for argv in runs:
        outcome = run_cli(argv, tmp_path, limit_mib=None, timeout=180)
        assert outcome.code == 0, outcome.err
    for name, key in (("t.jsonl", "doc_id"), ("s.jsonl", "doc_id"), ("a.jsonl", "doc_id")):
        raw = (tmp_path / name).read_bytes()
        raw.decode("utf-8")  # valid UTF-8 throughout
        lines = [json.loads(x) for x in raw.decode("utf-8").splitlines()]
        assert lines[1][key] == "caf\\xe9.txt"
        assert name_from_id(lines[1][key]) == NON_UTF8
        assert not re.search("[\ud800-\udfff]", raw.decode("utf-8"))
    # the tool reads its own outputs back
    for argv in (["export", "t.jsonl", "--format", "tsv", "-o", "t.tsv", "-q"],
                 ["export", "a.jsonl", "--format", "tsv", "-o", "a.tsv", "-q"],
                 ["translate", "s.jsonl", "--input-format", "jsonl", "-o", "back.txt", "-q",
                  *model]):
        outcome = run_cli(argv, tmp_path, limit_mib=None, timeout=180)
        assert outcome.code == 0, outcome.err


# -- 8: SIGTERM and SIGHUP clean up; a SIGKILL's temporary is swept by the next run -------

def _temporaries(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.tmp"))


def _start_and_signal(argv: list[str], cwd: Path, folder: Path,
                      sig: int) -> subprocess.CompletedProcess:
    proc = subprocess.Popen([sys.executable, "-m", "transalign", *argv], cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    # the output's temporary once it has data (attack_hostile.written_temporaries)
    written = _attack.written_temporaries
    while time.monotonic() < deadline and proc.poll() is None and not written(folder):
        time.sleep(0.005)
    if not written(folder):
        _, err = proc.communicate(timeout=60)
        raise AssertionError(f"the export ended (exit {proc.returncode}) before a temporary "
                             f"was seen: {err.decode(errors='replace')[-2000:]}")
    time.sleep(0.05)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, b"", err)


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129),
                                           (signal.SIGINT, 130)])
def test_export_killed_by_term_or_hup_leaves_no_temporary(tmp_path: Path, sig: int,
                                                          code: int) -> None:
    _attack.big_translate_jsonl(tmp_path / "big.jsonl")
    out = tmp_path / "kill"
    out.mkdir()
    done = _start_and_signal(["export", "big.jsonl", "--format", "jsonl", "-o",
                              "kill/t1.jsonl", "-q"], tmp_path, out, sig)
    err = done.stderr.decode()
    assert done.returncode == code, err
    assert "Traceback" not in err and err.count("\n") == 1, err
    assert err.startswith("transalign: terminated" if sig != signal.SIGINT
                          else "transalign: interrupted")
    assert list(out.iterdir()) == []  # neither the output nor its temporary


def test_a_sigkilled_export_temporary_is_swept_by_the_next_run_into_the_folder(
        tmp_path: Path) -> None:
    from transalign import outputs

    _attack.big_translate_jsonl(tmp_path / "big.jsonl")
    out = tmp_path / "kill"
    out.mkdir()
    done = _start_and_signal(["export", "big.jsonl", "--format", "jsonl", "-o",
                              "kill/t1.jsonl", "-q"], tmp_path, out, signal.SIGKILL)
    assert done.returncode == -signal.SIGKILL
    [left] = _temporaries(out)  # what SIGKILL leaves: nothing can run on it
    # a temporary that a live writer holds (flock) is never swept, however old
    import fcntl

    held = out / ".other.jsonl.abcd1234.tmp"
    held.write_text("being written")
    old = time.time() - 3600
    os.utime(left, (old, old))
    os.utime(held, (old, old))
    with held.open() as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        outcome = run_cli(["export", "big.jsonl", "--format", "tsv", "-o", "kill/t2.tsv",
                           "-q"], tmp_path, limit_mib=None)
        assert outcome.code == 0, outcome.err
        assert not left.exists()
        assert held.exists()
    assert sorted(p.name for p in out.iterdir()) == [held.name, "t2.tsv"]
    assert outputs.STALE_AFTER_S < 60


def test_a_fresh_temporary_of_another_process_is_not_swept(tmp_path: Path) -> None:
    """A temporary that changed in the last STALE_AFTER_S seconds may be one being made
    right now (before its writer locked it): kept."""
    from transalign.outputs import open_output, sweep_temporaries

    fresh = tmp_path / ".x.jsonl.abcd1234.tmp"
    fresh.write_text("new")
    foreign = tmp_path / ".notes.tmp"  # not the tool's pattern
    foreign.write_text("mine")
    old = time.time() - 3600
    os.utime(foreign, (old, old))
    assert sweep_temporaries(tmp_path) == []
    with open_output(str(tmp_path / "y.txt")) as out:
        out.write("y")
    assert fresh.exists() and foreign.exists()
    os.utime(fresh, (old, old))
    assert sweep_temporaries(tmp_path) == [fresh.name]
