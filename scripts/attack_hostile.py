#!/usr/bin/env python
"""Re-run the hostile-input attacks of issue 17 and print what held.

Each attack runs ``python -m transalign ...`` in a folder of its own under a temporary
root, with its address space limited (RLIMIT_AS) and a timeout, and is "held" when:

- the exit code is the expected one (2 for what the user caused; 0 where the attack is
  input the tool must simply handle, such as a file name that is not UTF-8);
- stderr is one line (``transalign: error: ...`` for a refusal), at most 1,000
  characters, with no traceback and no "internal error";
- it ended within its time bound and its peak memory (``ru_maxrss``) within its bound;
- nothing is left behind: the folder holds what it held before (plus the expected
  output), and never a ``.*.tmp`` temporary.

    python scripts/attack_hostile.py                 # every attack (a few minutes)
    python scripts/attack_hostile.py --only 12 -v    # one item, with the error lines
    python scripts/attack_hostile.py --model DIR     # another Marian checkpoint

The tiny test model (``models/tiny``, built by ``scripts/build_tiny_model.py`` when
absent) is the default. The permission attacks drop root's override of file
permissions with ``setpriv --bounding-set=-dac_override,-dac_read_search``. sacrebleu's
downloads go to a proxy that refuses at once, so the offline tokenizer attacks mean the
same on a machine with network. Exit status: 0 when every attack held.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bounded_run import drop_override, run_bounded

ROOT = Path(__file__).resolve().parents[1]
MIB = 1 << 20
LONG = "n" * 300
NO_NETWORK = {"https_proxy": "http://127.0.0.1:9", "http_proxy": "http://127.0.0.1:9",
              "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9",
              "no_proxy": "", "NO_PROXY": ""}
MAX_LINE = 1000


@dataclass
class Attack:
    item: str
    name: str
    argv: list[str]
    setup: Callable[[Path, Path], None] | None = None
    code: int = 2
    seconds: float = 60
    peak_mib: float | None = 400  # None: not bounded by this attack
    limit_mib: int | None = 1536  # RLIMIT_AS of the child (None: none, a model is loaded)
    stdin: str | None = None  # zero | urandom | yes | endless-line | head-4G-zero
    permissions: bool = False
    env: dict[str, str] = field(default_factory=dict)
    outputs: tuple[str, ...] = ()  # paths the attack may leave (success cases)
    # a custom run (signals, batch rewrites); returns (held, exit code, seconds, peak, note)
    custom: Callable[[Path, Path], tuple[bool, int, float, float, str]] | None = None


@dataclass
class Outcome:
    code: int
    err: str
    seconds: float
    peak_mib: float
    timed_out: bool


# -- running one attack ----------------------------------------------------------------

def run(argv: list[str], cwd: Path, *, stdin: object = None, limit_mib: int | None = 1536,
        timeout: float = 120, prefix: list[str] = (), env: dict[str, str] | None = None
        ) -> Outcome:
    err_path = cwd.parent / f".{cwd.name}.err"
    with open(err_path, "wb") as err:
        ran = run_bounded([sys.executable, "-m", "transalign", *argv], cwd,
                          limit_mib=limit_mib, timeout=timeout, prefix=prefix, stdin=stdin,
                          stderr=err,
                          env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})})
    text = err_path.read_bytes().decode("utf-8", "replace")
    err_path.unlink()
    return Outcome(ran.code, text, ran.seconds, ran.peak_mib, ran.timed_out)


def listing(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def judge(attack: Attack, outcome: Outcome, before: set[str], after: set[str]) -> str:
    """``""`` when the attack held, else why not."""
    if outcome.timed_out:
        return f"timed out ({outcome.seconds:.0f} s)"
    if outcome.code != attack.code:
        return f"exit {outcome.code}, expected {attack.code}"
    err = outcome.err
    if "Traceback" in err or "internal error" in err:
        return "traceback or internal error"
    lines = [x for x in err.split("\n") if x]
    if attack.code != 0 and (len(lines) != 1 or not lines[0].startswith("transalign: error: ")):
        return f"{len(lines)} stderr lines"
    if any(len(x) > MAX_LINE for x in lines):
        return "an error line over 1,000 characters"
    if outcome.seconds > attack.seconds:
        return f"{outcome.seconds:.0f} s > {attack.seconds:.0f} s"
    if attack.peak_mib is not None and outcome.peak_mib > attack.peak_mib:
        return f"{outcome.peak_mib:.0f} MiB > {attack.peak_mib:.0f} MiB"
    left = after - before - set(attack.outputs)
    if left:
        return f"left {sorted(left)[0]}"
    return ""


def run_attack(attack: Attack, root: Path, model: Path, prefix: list[str] | None
               ) -> tuple[bool, int, float, float, str]:
    work = root / f"{attack.item}-{attack.name}".replace("/", "+")
    work.mkdir()
    common_files(work)
    if attack.setup is not None:
        attack.setup(work, model)
    if attack.custom is not None:
        try:
            return attack.custom(work, model)
        finally:
            restore_permissions(work)
    if attack.permissions and prefix is None:
        return False, -1, 0.0, 0.0, "skipped: cannot drop the permission override"
    before = listing(work)
    argv = [a.replace("{tiny}", str(model)).replace("{long}", LONG) for a in attack.argv]
    feeder, stdin = open_stdin(attack.stdin)
    try:
        outcome = run(argv, work, stdin=stdin, limit_mib=attack.limit_mib,
                      timeout=attack.seconds + 60, prefix=prefix if attack.permissions else [],
                      env=attack.env)
    finally:
        close_stdin(feeder, stdin)
        restore_permissions(work)
    why = judge(attack, outcome, before, listing(work))
    note = why or (outcome.err.strip().split("\n")[0] if outcome.err.strip() else "(no output)")
    return not why, outcome.code, outcome.seconds, outcome.peak_mib, note


def open_stdin(kind: str | None) -> tuple[subprocess.Popen | None, object]:
    if kind is None:
        return None, None
    if kind in ("zero", "urandom"):
        return None, open(f"/dev/{kind}", "rb")
    commands = {
        "yes": ["yes", "Ein Satz mit Worten."],
        "head-4G-zero": ["head", "-c", "4G", "/dev/zero"],
        "endless-line": [sys.executable, "-c", "import sys\nw = sys.stdout.buffer.write\n"
                         "while True: w(b'x' * 65536)"],
    }
    feeder = subprocess.Popen(commands[kind], stdout=subprocess.PIPE)
    return feeder, feeder.stdout


def close_stdin(feeder: subprocess.Popen | None, stdin: object) -> None:
    if feeder is not None:
        feeder.kill()
        feeder.wait()
    if stdin is not None and hasattr(stdin, "close"):
        stdin.close()


def restore_permissions(work: Path) -> None:
    for path in [work, *work.rglob("*")]:
        if not path.is_symlink():
            with contextlib.suppress(OSError):
                path.chmod(0o700 if path.is_dir() else 0o600)


# -- the files --------------------------------------------------------------------------

def common_files(work: Path) -> None:
    (work / "in.txt").write_text("Der Minister sprach in Berlin. Die Preise steigen.\n",
                                 encoding="utf-8")
    (work / "ref.txt").write_text("The minister spoke in Berlin.\nPrices rise.\n",
                                  encoding="utf-8")
    (work / "hyp.txt").write_text("The minister talked in Berlin.\nPrices are rising.\n",
                                  encoding="utf-8")
    (work / "hyp2.txt").write_text("A minister spoke in Berlin.\nPrices rise.\n",
                                   encoding="utf-8")
    (work / "docs.jsonl").write_text('{"id": "a", "text": "Ein Satz."}\n', encoding="utf-8")


def text(name: str, content: str | bytes) -> Callable[[Path, Path], None]:
    def make(work: Path, model: Path) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        (work / name).write_bytes(data)
    return make


def bomb(section: str) -> str:
    levels = ['&a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    names = "abcdefghi"
    for k in range(1, 9):
        levels.append(f"&{names[k]} [" + ", ".join(f"*{names[k - 1]}" for _ in range(9)) + "]")
    value = "[" + ", ".join(levels) + "]"
    head, key = section.split(".")
    return f"{head}:\n  {key}: {value}\n"


def unreadable(name: str) -> Callable[[Path, Path], None]:
    def make(work: Path, model: Path) -> None:
        (work / name).write_text("x: 1\n")
        (work / name).chmod(0)
    return make


def unreadable_dir(name: str) -> Callable[[Path, Path], None]:
    def make(work: Path, model: Path) -> None:
        (work / name).mkdir()
        (work / name / "a.txt").write_text("x\n")
        (work / name).chmod(0)
    return make


def model_copy(lock: str) -> Callable[[Path, Path], None]:
    def make(work: Path, model: Path) -> None:
        shutil.copytree(model, work / "m")
        (work / "m" / lock if lock else work / "m").chmod(0)
    return make


def loop(work: Path, model: Path) -> None:
    (work / "loop1").symlink_to("loop2")
    (work / "loop2").symlink_to("loop1")


def big_paired(work: Path, model: Path) -> None:
    """20,000 segments, two systems: sacrebleu's paired bootstrap would hold
    2,000 x 20,000 x 10 statistics (1.6 GB) at once."""
    words = [f"w{k}" for k in range(500)]
    for name, shift in (("r.txt", 0), ("a.txt", 1), ("b.txt", 2)):
        lines = [" ".join(words[(i * 7 + j * 3 + (j % 5 == 0) * shift) % 500] for j in range(15))
                 for i in range(20_000)]
        (work / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def non_utf8(work: Path, model: Path) -> None:
    (work / os.fsdecode(b"caf\xe9.txt")).write_text("Der Minister sprach. Die Preise steigen.\n",
                                                   encoding="utf-8")


# -- attacks that need more than one run ----------------------------------------------------

def big_translate_jsonl(path: Path, records: int = 150_000) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"manifest": {"command": "translate"}}) + "\n")
        for k in range(records):
            out.write(json.dumps({"doc_id": f"d{k // 50}", "para": 0, "sent": k % 50,
                                  "start": 0, "end": 10, "src": f"Satz {k} hier.",
                                  "tgt": f"Sentence {k} here.", "flags": []}) + "\n")


def written_temporaries(folder: Path) -> list[Path]:
    """The temporaries in ``folder`` that hold data: an output being written, not one of
    the empty files check_output makes and removes at once (can the file be written?),
    which come and go before it."""
    written = []
    for path in folder.glob(".*.tmp"):
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_size > 0:
                written.append(path)
    return sorted(written)


def signal_export(sig: int, code: int) -> Callable[[Path, Path], tuple]:
    """export into kill/, the signal once its temporary exists; for SIGKILL, a second run
    into the same folder must sweep what the first left."""
    def attack(work: Path, model: Path) -> tuple[bool, int, float, float, str]:
        big_translate_jsonl(work / "big.jsonl")
        kill = work / "kill"
        kill.mkdir()
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "transalign", "export", "big.jsonl",
                                 "--format", "jsonl", "-o", "kill/t1.jsonl", "-q"], cwd=work,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        while proc.poll() is None and not written_temporaries(kill) and \
                time.monotonic() - start < 60:
            time.sleep(0.005)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
        seconds = time.monotonic() - start
        err_text = err.decode("utf-8", "replace").strip()
        if sig == signal.SIGKILL:
            left = list(kill.glob(".*.tmp"))
            time.sleep(2.5)  # outputs.STALE_AFTER_S: the temporary cannot be a new one
            again = run(["export", "big.jsonl", "--format", "tsv", "-o", "kill/t2.tsv", "-q"],
                        work, limit_mib=None)
            rest = sorted(p.name for p in kill.iterdir())
            held = bool(left) and again.code == 0 and rest == ["t2.tsv"]
            return held, proc.returncode, seconds, 0.0, \
                f"killed with {len(left)} temporary; the next run into kill/ left {rest}"
        rest = sorted(p.name for p in kill.iterdir())
        held = proc.returncode == code and not rest and err_text.count("\n") == 0 and \
            "Traceback" not in err_text
        return held, proc.returncode, seconds, 0.0, f"{err_text}; kill/ holds {rest}"
    return attack


def write_jsonl(path: Path, n: int, version: str) -> Path:
    path.write_text("".join(json.dumps({"id": f"d{i:03d}", "text": f"Satz {i} {version}. "
                                        f"Noch {i} {version}."}) + "\n" for i in range(n)),
                    encoding="utf-8")
    return path


def batch_cmd(model: Path, work: Path, src: Path) -> list[str]:
    config = work / "slow.yaml"
    config.write_text("translate:\n  beams: 2\n  max_new_tokens_cap: 30\n  min_new_tokens: 30\n"
                      "  guard: false\nbatch:\n  shard_size: 4\n", encoding="utf-8")
    return [sys.executable, "-m", "transalign", "batch", "--input", str(src), "--output",
            str(work / "out"), "--model", str(model), "--config", str(config), "-q"]


def wait_shards(proc: subprocess.Popen, out: Path, n: int) -> bool:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if json.loads((out / "manifest.json").read_text())["progress"].get(
                    "shards_done", 0) >= n:
                return True
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(0.01)
    return False


def start_batch(model: Path, work: Path, src: Path, shards: int
                ) -> subprocess.Popen[bytes] | None:
    """A batch job of ``src`` into ``work/out``, once ``shards`` shards are done; None
    (the job killed) if it ended before that."""
    proc = subprocess.Popen(batch_cmd(model, work, src), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    if not wait_shards(proc, work / "out", shards):
        proc.kill()
        proc.wait()
        return None
    return proc


def batch_rewrite(how: str) -> Callable[[Path, Path], tuple]:
    def attack(work: Path, model: Path) -> tuple[bool, int, float, float, str]:
        src = write_jsonl(work / "in.jsonl", 40, "alt")
        start = time.monotonic()
        proc = start_batch(model, work, src, 1)
        if proc is None:
            return False, -1, 0.0, 0.0, "the job ended before a shard was done"
        new = write_jsonl(work / "new.jsonl", 40, "neu")
        if how == "cp":
            shutil.copyfile(new, src)
            new.unlink()
        else:
            os.replace(new, src)
        _, err = proc.communicate(timeout=300)
        seconds = time.monotonic() - start
        line = err.decode("utf-8", "replace").strip()
        texts = [json.loads(x)["doc"]["text"] for f in (work / "out" / "shards").glob("*.jsonl")
                 for x in f.read_text(encoding="utf-8").splitlines() if '"doc"' in x]
        mixed = any("NEU" in t or "neu" in t for t in texts)
        held = (proc.returncode == 2 and line.count("\n") == 0 and "changed while the job ran"
                in line and not (work / "out" / "documents.jsonl").exists() and not mixed
                and not list((work / "out").rglob("*.tmp")))
        return held, proc.returncode, seconds, 0.0, line
    return attack


def batch_rename(work: Path, model: Path) -> tuple[bool, int, float, float, str]:
    src = write_jsonl(work / "mv_a.jsonl", 40, "alt")
    out = work / "out"
    start = time.monotonic()
    proc = start_batch(model, work, src, 2)
    if proc is None:
        return False, -1, 0.0, 0.0, "the job ended before 2 shards were done"
    proc.kill()
    proc.wait()
    finished = {f.name: f.stat().st_mtime_ns for f in (out / "shards").glob("*.jsonl")}
    total = len(json.loads((out / "manifest.json").read_text())["shards"])
    renamed = src.rename(work / "mv_b.jsonl")
    again = subprocess.run(batch_cmd(model, work, renamed), capture_output=True, text=True,
                           timeout=600)
    seconds = time.monotonic() - start
    after = {f.name: f.stat().st_mtime_ns for f in (out / "shards").glob("*.jsonl")}
    reused = all(after.get(k) == v for k, v in finished.items())
    held = again.returncode == 0 and reused and len(after) == total and \
        not list(out.rglob("*.tmp"))
    return held, again.returncode, seconds, 0.0, \
        f"{len(finished)} of {total} shards done at the kill; after the rename {len(after)} " \
        f"shard files, finished ones reused: {reused}"


def batch_kill_resume(sig: int) -> Callable[[Path, Path], tuple]:
    def attack(work: Path, model: Path) -> tuple[bool, int, float, float, str]:
        src = write_jsonl(work / "in.jsonl", 40, "alt")
        out = work / "out"
        start = time.monotonic()
        proc = start_batch(model, work, src, 1)
        if proc is None:
            return False, -1, 0.0, 0.0, "the job ended before a shard was done"
        proc.send_signal(sig)
        proc.communicate(timeout=120)
        for name in (".translations.jsonl.a1b2c3d4.tmp", ".documents.jsonl.e5f6g7h8.tmp",
                     ".manifest.json.m3n4o5p6.tmp"):  # as a kill during the merge leaves
            (out / name).write_text("half")
        again = subprocess.run(batch_cmd(model, work, src), capture_output=True, text=True,
                               timeout=600)
        seconds = time.monotonic() - start
        left = sorted(str(p.relative_to(out)) for p in out.rglob("*.tmp"))
        docs = (out / "documents.jsonl").read_text().count("\n") if again.returncode == 0 else 0
        held = again.returncode == 0 and not left and docs == 40
        return held, proc.returncode, seconds, 0.0, \
            f"resumed: exit {again.returncode}, {docs} documents, temporaries left: {left}"
    return attack


def batch_unreadable(prefix: list[str] | None) -> Callable[[Path, Path], tuple]:
    def attack(work: Path, model: Path) -> tuple[bool, int, float, float, str]:
        if prefix is None:
            return False, -1, 0.0, 0.0, "skipped: cannot drop the permission override"
        root = work / "texts"
        root.mkdir()
        (root / "a.txt").write_text("Der Minister sprach.")
        (root / "secret.txt").write_text("Geheim.")
        (root / "secret.txt").chmod(0)
        out = run(["batch", "-i", "texts", "-o", "out", "--model", str(model), "-q"], work,
                  prefix=prefix, limit_mib=None, timeout=300)
        errors = (work / "out" / "errors.jsonl").read_text() if out.code == 0 else ""
        held = out.code == 0 and "cannot read (Permission denied)" in errors
        return held, out.code, out.seconds, out.peak_mib, errors.strip() or out.err.strip()
    return attack


def names_round_trip(work: Path, model: Path) -> tuple[bool, int, float, float, str]:
    name = os.fsdecode(b"caf\xe9.txt")
    (work / "en.txt").write_text("The minister spoke. Prices rise.\n")
    runs = [["translate", name, "--format", "jsonl", "-o", "t.jsonl", "--model", str(model)],
            ["segment", name, "--format", "jsonl", "-o", "s.jsonl"],
            ["align", name, "en.txt", "--bridge", "none", "--format", "jsonl", "-o", "a.jsonl"],
            ["export", "t.jsonl", "--format", "tsv", "-o", "t.tsv"],
            ["export", "a.jsonl", "--format", "tsv", "-o", "a.tsv"],
            ["translate", "s.jsonl", "--input-format", "jsonl", "-o", "back.txt", "--model",
             str(model)]]
    seconds = 0.0
    for argv in runs:
        out = run([*argv, "-q"], work, limit_mib=None, timeout=300)
        seconds += out.seconds
        if out.code != 0:
            return False, out.code, seconds, 0.0, f"{argv[0]}: {out.err.strip()}"
    ids = {json.loads(x)["doc_id"] for x in (work / "t.jsonl").read_text().splitlines()[1:]}
    return ids == {"caf\\xe9.txt"}, 0, seconds, 0.0, f"ids written: {sorted(ids)}; read back"


# -- the table ------------------------------------------------------------------------------

def attacks(prefix: list[str] | None) -> list[Attack]:
    translate = ["translate", "in.txt", "--model", "{tiny}", "-q"]
    batch = ["batch", "-i", "docs.jsonl", "-o", "out", "--model", "{tiny}", "-q"]
    out: list[Attack] = [
        Attack("1", "alias bomb under translate.beams", [*translate, "--config", "c.yaml"],
               text("c.yaml", bomb("translate.beams")), seconds=20, peak_mib=300),
        Attack("1", "alias bomb under model:, no --model", ["translate", "in.txt", "--config",
                                                            "c.yaml"],
               text("c.yaml", bomb("translate.model")), seconds=20, peak_mib=300),
        Attack("1", "alias bomb under batch.shard_size", [*batch, "--config", "c.yaml"],
               text("c.yaml", bomb("batch.shard_size")), seconds=20, peak_mib=300),
        Attack("1", "recursive alias", [*translate, "--config", "c.yaml"],
               text("c.yaml", "translate:\n  beams: &a [1, *a]\n")),
        Attack("1", "config of 2 MiB", [*translate, "--config", "c.yaml"],
               text("c.yaml", "beams: 4\n" + "#" * (2 << 20) + "\n")),
        Attack("1", "duplicate YAML key", [*translate, "--config", "c.yaml"],
               text("c.yaml", "translate:\n  beams: 2\n  beams: 5\n")),
        Attack("1", "5 MB 'type' field (export)", ["export", "big.jsonl", "--format", "tsv"],
               text("big.jsonl", json.dumps({"doc_id": "d", "src_ids": [0], "tgt_ids": [0],
                                             "src": "a", "tgt": "b", "score": 1.0,
                                             "type": "x" * 5_000_000}) + "\n")),
        Attack("1", "1M ids (evaluate-alignment)", ["evaluate-alignment", "--gold", "g.jsonl",
                                                    "--test", "g.jsonl"],
               text("g.jsonl", json.dumps({"doc_id": "d", "src_ids": [0] * 1_000_000,
                                           "tgt_ids": [0]}) + "\n")),
        Attack("1", "1M ids (export)", ["export", "g.jsonl", "--format", "tsv"],
               text("g.jsonl", json.dumps({"doc_id": "d", "src_ids": [1] * 1_000_000,
                                           "tgt_ids": [0], "src": "a", "tgt": "b",
                                           "score": 1.0}) + "\n")),
        Attack("2", "evaluate --paired ar --paired-n 1e8",
               ["evaluate", "ref.txt", "--hyp", "hyp.txt", "--hyp", "hyp2.txt", "--paired",
                "ar", "--paired-n", "100000000"], seconds=20, peak_mib=300),
        Attack("2", "evaluate --paired bs --paired-n 1e8",
               ["evaluate", "ref.txt", "--hyp", "hyp.txt", "--hyp", "hyp2.txt", "--paired",
                "bs", "--paired-n", "100000000"], seconds=20, peak_mib=300),
        Attack("2", "bs 2,000 resamples x 20,000 segments (runs)",
               ["evaluate", "r.txt", "--hyp", "a.txt", "--hyp", "b.txt", "--paired", "bs",
                "--paired-n", "2000", "--metrics", "bleu", "-o", "report.txt", "-q"],
               big_paired, code=0, seconds=600, peak_mib=1024, limit_mib=1536,
               outputs=("report.txt",)),
        Attack("2", "--beams 100000", [*translate, "--beams", "100000"]),
        Attack("2", "--max-batch-tokens 1e10", [*translate, "--max-batch-tokens",
                                                "10000000000"]),
        Attack("2", "--band 1e9", ["align", "in.txt", "ref.txt", "--bridge", "none", "--band",
                                   "1000000000"]),
        Attack("2", "--shard-size 1e9", [*batch, "--shard-size", "1000000000"]),
        Attack("2", "--seed of 5,000 digits", ["evaluate", "ref.txt", "--hyp", "hyp.txt",
                                               "--hyp", "hyp2.txt", "--paired", "bs", "--seed",
                                               "9" * 5000]),
        Attack("3", "unreadable --config", [*translate, "--config", "c.yaml"],
               unreadable("c.yaml"), permissions=True),
        Attack("3", "unreadable input", ["segment", "c.txt"], unreadable("c.txt"),
               permissions=True),
        Attack("3", "evaluate --hyp unreadable folder", ["evaluate", "ref.txt", "--hyp", "sys"],
               unreadable_dir("sys"), permissions=True),
        Attack("3", "--model unreadable folder (transformers)",
               ["translate", "in.txt", "--model", "m", "--backend", "transformers"],
               model_copy(""), permissions=True),
        Attack("3", "--model unreadable folder (ctranslate2)",
               ["translate", "in.txt", "--model", "m", "--backend", "ctranslate2"],
               model_copy(""), permissions=True),
        Attack("3", "--model unreadable weights (transformers)",
               ["translate", "in.txt", "--model", "m", "--backend", "transformers"],
               model_copy("model.safetensors"), permissions=True),
        Attack("3", "--model unreadable weights (ctranslate2)",
               ["translate", "in.txt", "--model", "m", "--backend", "ctranslate2"],
               model_copy("model.safetensors"), permissions=True),
        Attack("3", "mode-000 file in a batch input folder (errors.jsonl, exit 0)", [],
               custom=batch_unreadable(prefix), code=0),
    ]
    long_cases = [("segment input", ["segment", "{long}"]),
                  ("segment -o", ["segment", "in.txt", "-o", "{long}"]),
                  ("translate input", ["translate", "{long}", "--model", "{tiny}"]),
                  ("translate -o", ["translate", "in.txt", "-o", "{long}", "--model", "{tiny}"]),
                  ("translate --config", [*translate, "--config", "{long}"]),
                  ("translate --model", ["translate", "in.txt", "--model", "./{long}"]),
                  ("align SRC", ["align", "{long}", "ref.txt", "--bridge", "none"]),
                  ("align -o", ["align", "in.txt", "ref.txt", "--bridge", "none", "-o",
                                "{long}"]),
                  ("evaluate REF", ["evaluate", "{long}", "--hyp", "hyp.txt"]),
                  ("evaluate --hyp", ["evaluate", "ref.txt", "--hyp", "{long}"]),
                  ("evaluate -o", ["evaluate", "ref.txt", "--hyp", "hyp.txt", "-o", "{long}"]),
                  ("evaluate-alignment --gold", ["evaluate-alignment", "--gold", "{long}",
                                                 "--test", "ref.txt"]),
                  ("export input", ["export", "{long}", "--format", "tsv"]),
                  ("export -o", ["export", "ref.txt", "--format", "tsv", "-o", "{long}"]),
                  ("export --rejected", ["export", "ref.txt", "--format", "tsv",
                                         "--rejected", "{long}"]),
                  ("batch --input", ["batch", "-i", "{long}.jsonl", "-o", "out", "--model",
                                     "{tiny}"]),
                  ("batch --output", ["batch", "-i", "docs.jsonl", "-o", "{long}", "--model",
                                      "{tiny}"]),
                  ("batch --config", [*batch, "--config", "{long}"])]
    out += [Attack("4", f"name of 300 bytes: {name}", argv) for name, argv in long_cases]
    out += [Attack("5", f"--tokenize {tok}", ["evaluate", "ref.txt", "--hyp", "hyp.txt",
                                              "--tokenize", tok], env=NO_NETWORK, seconds=45)
            for tok in ("ja-mecab", "ko-mecab", "flores101", "flores200", "spm", "spBLEU-1K")]
    out += [
        Attack("6", "non-UTF-8 file name: translate/segment/align, read back", [],
               non_utf8, custom=names_round_trip, code=0),
        Attack("7", "threads: 100000", [*translate, "--config", "c.yaml"],
               text("c.yaml", "translate:\n  threads: 100000\n"), seconds=20),
        Attack("8", "SIGTERM during export", [], custom=signal_export(signal.SIGTERM, 143),
               code=143),
        Attack("8", "SIGHUP during export", [], custom=signal_export(signal.SIGHUP, 129),
               code=129),
        Attack("8", "SIGKILL during export, then a run into the folder", [],
               custom=signal_export(signal.SIGKILL, -9), code=0),
        Attack("9", "batch SIGKILL + merge temporaries, resume", [],
               custom=batch_kill_resume(signal.SIGKILL), code=0),
        Attack("9", "batch SIGTERM, resume", [], custom=batch_kill_resume(signal.SIGTERM),
               code=0),
        Attack("10", "batch input rewritten mid-run (cp)", [], custom=batch_rewrite("cp")),
        Attack("10", "batch input rewritten mid-run (mv)", [], custom=batch_rewrite("mv")),
        Attack("11", "batch input renamed between runs", [], custom=batch_rename, code=0),
    ]
    streams = [("segment", ["segment", "{src}"]),
               ("translate", ["translate", "{src}", "--model", "{tiny}"]),
               ("export", ["export", "{src}", "--format", "tsv"]),
               ("evaluate", ["evaluate", "{src}", "--hyp", "{src}"]),
               ("evaluate-alignment", ["evaluate-alignment", "--gold", "{src}", "--test",
                                       "{src}"]),
               ("align", ["align", "{src}", "{src}", "--bridge", "none"])]
    for device in ("/dev/zero", "/dev/urandom"):
        out += [Attack("12", f"{cmd} {device}", [a.replace("{src}", device) for a in argv],
                       seconds=30)
                for cmd, argv in streams]
    out += [
        Attack("12", "head -c 4G /dev/zero | segment -", ["segment", "-"],
               stdin="head-4G-zero", seconds=30),
        Attack("12", "yes | segment - (endless text)", ["segment", "-"], stdin="yes",
               seconds=60, peak_mib=700),
        Attack("12", "yes | translate - (endless text)", ["translate", "-", "--model", "{tiny}"],
               stdin="yes", seconds=60, peak_mib=700),
        Attack("12", "yes | evaluate REF (endless hypothesis)", ["evaluate", "ref.txt"],
               stdin="yes", seconds=60, peak_mib=700),
        Attack("12", "endless line | export -", ["export", "-", "--format", "tsv"],
               stdin="endless-line", seconds=60),
        Attack("s", "non-string id ['x']", ["translate", "d.jsonl", "--model", "{tiny}"],
               text("d.jsonl", '{"id": ["x"], "text": "Ein Satz."}\n')),
        Attack("s", "id NaN", ["segment", "d.jsonl"],
               text("d.jsonl", '{"id": NaN, "text": "Ein Satz."}\n')),
        Attack("s", "cache_dir: [1, 2]", [*translate, "--config", "c.yaml"],
               text("c.yaml", "translate:\n  cache_dir: [1, 2]\n")),
        Attack("s", "batch.ray.num_cpus: .nan", [*batch, "--config", "c.yaml"],
               text("c.yaml", "batch:\n  ray: {num_cpus: .nan}\n")),
        Attack("s", "duplicate bead", ["evaluate-alignment", "--gold", "g.txt", "--test", "t.txt"],
               lambda w, m: ((w / "g.txt").write_text("[0]:[0]\n[1]:[1]\n"),
                             (w / "t.txt").write_text("[0]:[0]\n[0]:[0]\n"))),
        Attack("s", "overlapping beads", ["evaluate-alignment", "--gold", "g.txt", "--test",
                                          "t.txt"],
               lambda w, m: ((w / "g.txt").write_text("[0]:[0]\n[1]:[1]\n"),
                             (w / "t.txt").write_text("[0]:[0]\n[0, 1]:[1]\n"))),
        Attack("s", "out-of-range bead", ["evaluate-alignment", "--gold", "g.txt", "--test",
                                          "t.txt"],
               lambda w, m: ((w / "g.txt").write_text("[0]:[0]\n[1]:[1]\n"),
                             (w / "t.txt").write_text("[0]:[0]\n[57]:[1]\n"))),
        Attack("s", "NUL after the first 64 KB", ["segment", "late.txt"],
               text("late.txt", b"Ein Satz. " * 10_000 + b"\x00 Ende.\n")),
        Attack("s", "symbolic link loop", ["segment", "loop1"], loop),
        Attack("s", '-o ""', ["segment", "in.txt", "-o", ""]),
        Attack("s", "UTF-16 input", ["segment", "u16.txt"],
               text("u16.txt", "\ufeffDer Minister sprach.\n".encode("utf-16-le"))),
        Attack("s", "TER on a 5,000-word segment", ["evaluate", "long.txt", "--hyp", "long.txt"],
               text("long.txt", " ".join(f"w{k % 300}" for k in range(5000)) + "\n"),
               seconds=30),
    ]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", help="Marian checkpoint (default: models/tiny, built if absent)")
    parser.add_argument("--only", help="run the attacks of this item (1-12, s) only")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each error line")
    args = parser.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="attack17."))
    try:
        model = Path(args.model) if args.model else ROOT / "models" / "tiny"
        if not (model / "config.json").is_file():
            sys.path.insert(0, str(ROOT / "scripts"))
            import build_tiny_model

            model = build_tiny_model.build(root / "tiny", "tiny")
        # sacrebleu's cache in the root, so the offline attacks never find a model
        os.environ["SACREBLEU"] = str(root / "sacrebleu")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        prefix = drop_override()
        rows = []
        for attack in attacks(prefix):
            if args.only and attack.item != args.only:
                continue
            held, code, seconds, peak, note = run_attack(attack, root, model, prefix)
            rows.append((attack, held, code, seconds, peak, note))
            mark = "held" if held else ("skip" if note.startswith("skipped") else "FAILED")
            bound = f"{peak:7.0f}" if attack.peak_mib is not None and peak else "      -"
            print(f"{attack.item:>3}  {attack.name[:58]:<58} {mark:<6} {code:>4} "
                  f"{seconds:6.1f} {bound}", flush=True)
            if args.verbose or not held:
                print(f"       {note[:300]}", flush=True)
        tried = [r for r in rows if not r[5].startswith("skipped")]
        held_n = sum(1 for r in tried if r[1])
        print(f"\ntried {len(tried)}, held {held_n}"
              + (f", skipped {len(rows) - len(tried)}" if len(rows) > len(tried) else ""))
        print("columns: item, attack, held, exit code, seconds, peak MiB (ru_maxrss) where "
              "the attack is memory-bounded")
        return 0 if held_n == len(tried) else 1
    finally:
        restore_permissions(root)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
