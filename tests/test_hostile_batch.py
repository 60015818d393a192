"""Issue 17, the batch job: an input rewritten while the job runs (``cp`` over it, ``mv``
onto it) stops it with one clear error and old and new rows never mix; an input renamed
between two runs reuses every finished shard and leaves no stale one; kills and resumes
leave no temporary anywhere in the output folder; an unreadable file of an input folder
is a bad document in ``errors.jsonl``, not a crash.

The mid-run rewrites are exact on a fake backend (the rewrite happens inside the job, at
a chosen shard); the kills run the CLI on the tiny model.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fakes import FakeBackend
from test_hostile import _drop_override, assert_one_error_line, run_cli
from transalign.config import TranslateOptions
from transalign.errors import InputError
from transalign.job import BatchSettings, run_job
from transalign.translate.base import Translator


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    return path


def docs(n: int, version: str = "old") -> list[dict]:
    return [{"id": f"d{i:03d}", "text": f"Satz {i} {version}. Noch {i} {version}."}
            for i in range(n)]


def read_lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").split("\n") if x]


def temporaries(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.tmp"))


class HookBackend(FakeBackend):
    """Runs ``hook(call)`` before its ``call``-th batch (shard size 1 batch per shard)."""

    def __init__(self, hook, **kwargs) -> None:
        super().__init__(**kwargs)
        self.hook = hook
        self.calls = 0

    def generate(self, batch, settings):
        self.calls += 1
        self.hook(self.calls)
        return super().generate(batch, settings)


def translator(backend: FakeBackend) -> Translator:
    return Translator(backend, TranslateOptions(guard=False), {"model": "fake", "revision": "0"})


def rewrite(src: Path, how: str, rows: list[dict]) -> None:
    """Replace ``src``'s content: ``cp`` (the same inode, rewritten in place) or ``mv``
    (a new file renamed onto it, atomically)."""
    new = write_jsonl(src.with_name("new.jsonl"), rows)
    if how == "cp":
        shutil.copyfile(new, src)
        new.unlink()
    else:
        os.replace(new, src)


# -- 10: an input rewritten while the job runs --------------------------------------------

@pytest.mark.parametrize("how", ["cp", "mv"])
@pytest.mark.parametrize("when", [2, 4], ids=["mid-run", "last-shard"])
def test_an_input_rewritten_mid_run_stops_the_job_and_nothing_mixes(
        tmp_path: Path, how: str, when: int) -> None:
    """The rewrite lands while shard ``when`` (of 4) is translated: shard 3 reading the new
    rows (``mid-run``), or, after the last shard was read, the check before the merge."""
    src = write_jsonl(tmp_path / "in.jsonl", docs(16))
    out = tmp_path / "out"

    def hook(call: int) -> None:
        if call == when:
            rewrite(src, how, docs(16, "new"))

    with pytest.raises(InputError, match=r"in.jsonl: the input changed while the job ran") as info:
        run_job([str(src)], out, batch=BatchSettings(shard_size=4),
                translator=translator(HookBackend(hook)))
    assert "\n" not in str(info.value) and len(str(info.value)) < 400
    assert not (out / "documents.jsonl").exists()  # nothing merged
    assert not (out / "translations.jsonl").exists()
    texts = [obj["doc"]["text"] for f in sorted((out / "shards").glob("*.jsonl"))
             for obj in read_lines(f) if "doc" in obj]
    assert texts and all("OLD" in t and "NEW" not in t for t in texts)  # only the old rows
    assert temporaries(out) == []
    # and the old shards are never merged with the new file: the rerun is refused
    with pytest.raises(Exception, match="other inputs"):
        run_job([str(src)], out, batch=BatchSettings(shard_size=4),
                translator=translator(FakeBackend()))


def test_an_input_copied_over_with_the_same_bytes_is_not_a_change(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", docs(8))

    def hook(call: int) -> None:
        if call == 1:
            rewrite(src, "cp", docs(8))  # new modification time, same content

    progress = run_job([str(src)], tmp_path / "out", batch=BatchSettings(shard_size=4),
                       translator=translator(HookBackend(hook)))
    assert progress["documents"] == 8


def test_a_txt_folder_with_a_file_rewritten_mid_run_stops_the_job(tmp_path: Path) -> None:
    root = tmp_path / "texts"
    root.mkdir()
    for i in range(6):
        (root / f"{i}.txt").write_text(f"Satz {i} alt.", encoding="utf-8")

    def hook(call: int) -> None:
        if call == 1:
            (root / "5.txt").write_text("Satz neu.", encoding="utf-8")

    with pytest.raises(InputError, match=r"texts: the input changed while the job ran"):
        run_job([str(root)], tmp_path / "out", batch=BatchSettings(shard_size=2),
                translator=translator(HookBackend(hook)))


def test_cli_rewrite_mid_run_is_one_line_exit_2(tmp_path: Path, tiny_model: Path) -> None:
    """The same through the CLI on the tiny model, ``mv`` onto the input 1 shard in."""
    src = write_jsonl(tmp_path / "in.jsonl", docs(40))
    out = tmp_path / "out"
    config = _slow_config(tmp_path)
    proc = _start_batch(tiny_model, config, out, src)
    _wait_for_shards(proc, out, 1)
    rewrite(src, "mv", docs(40, "new"))
    _, err = proc.communicate(timeout=300)
    line = err.decode().strip()
    assert proc.returncode == 2, err.decode()[-2000:]
    assert line.startswith("transalign: error: ") and "\n" not in line, line
    assert "in.jsonl: the input changed while the job ran" in line
    assert not (out / "documents.jsonl").exists()
    assert temporaries(out) == []


# -- 11: an input renamed between runs -------------------------------------------------------

def test_a_renamed_input_reuses_every_finished_shard(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "mv_a.jsonl", [*docs(10), {"id": "bad", "text": 3}])
    out = tmp_path / "out"
    run_job([str(src)], out, batch=BatchSettings(shard_size=3),
            translator=translator(FakeBackend()))
    merged = (out / "documents.jsonl").read_bytes()
    shards = sorted((out / "shards").glob("*.jsonl"))
    assert len(shards) == 4
    shards[2].unlink()  # as if killed before this shard was done
    done = {f.name: f.stat().st_ino for f in shards if f.exists()}
    renamed = src.rename(tmp_path / "mv_b.jsonl")
    backend = FakeBackend()
    run_job([str(renamed)], out, batch=BatchSettings(shard_size=3), translator=translator(backend))
    assert len(backend.batches) == 1  # only the missing shard was translated
    after = sorted((out / "shards").glob("*.jsonl"))
    assert [f.name for f in after] == [f.name for f in shards]  # no stale shard
    assert all(after_f.stat().st_ino == done[after_f.name] for after_f in after
               if after_f.name in done)  # the finished ones were not rewritten
    assert (out / "documents.jsonl").read_bytes() == merged
    [error] = read_lines(out / "errors.jsonl")
    assert error["input"] == str(renamed)  # the input as named now
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["inputs"][0]["path"] == str(renamed)


def test_shard_files_the_plan_does_not_name_are_removed(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", docs(4))
    out = tmp_path / "out"
    run_job([str(src)], out, batch=BatchSettings(shard_size=2), translator=translator(FakeBackend()))
    stale = out / "shards" / "000-in-000000000-000000002.jsonl"  # an older naming
    stale.write_text("{}\n")
    keep = out / "shards" / "notes.txt"
    keep.write_text("mine")
    run_job([str(src)], out, batch=BatchSettings(shard_size=2), translator=translator(FakeBackend()))
    assert not stale.exists() and keep.exists()


def test_cli_kill_rename_resume_reuses_every_finished_shard(tmp_path: Path,
                                                          tiny_model: Path) -> None:
    src = write_jsonl(tmp_path / "mv_a.jsonl", docs(40))
    out = tmp_path / "out"
    config = _slow_config(tmp_path)
    proc = _start_batch(tiny_model, config, out, src)
    _wait_for_shards(proc, out, 2)
    proc.kill()
    proc.wait(60)
    finished = {f.name: (f.stat().st_ino, f.stat().st_mtime_ns)
                for f in (out / "shards").glob("*.jsonl")}
    total = len(json.loads((out / "manifest.json").read_text())["shards"])
    assert 2 <= len(finished) < total
    renamed = src.rename(tmp_path / "mv_b.jsonl")
    rerun = subprocess.run(_batch_cmd(tiny_model, config, out, renamed), capture_output=True,
                           text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    after = {f.name: (f.stat().st_ino, f.stat().st_mtime_ns)
             for f in (out / "shards").glob("*.jsonl")}
    assert len(after) == total  # every shard once: none redone under another name
    assert all(after[name] == stamp for name, stamp in finished.items())  # reused as they were
    assert [d["id"] for d in read_lines(out / "documents.jsonl")] == [d["id"] for d in docs(40)]
    assert temporaries(out) == []


# -- 8, 9: kills and resumes leave no temporary anywhere in the output folder ----------------

@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_kill_then_resume_leaves_no_temporary_anywhere(tmp_path: Path, tiny_model: Path,
                                                       sig: int) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", docs(40))
    out = tmp_path / "out"
    config = _slow_config(tmp_path)
    proc = _start_batch(tiny_model, config, out, src)
    _wait_for_shards(proc, out, 1)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    if sig == signal.SIGTERM:
        assert proc.returncode == 143, err.decode()[-2000:]
        assert err.decode().strip() == "transalign: terminated (SIGTERM)"
        assert temporaries(out) == []  # TERM cleans up as INT does
    else:
        assert proc.returncode == -signal.SIGKILL
    # what a kill during the merge leaves (the old sweep only looked in shards/)
    for name in (".translations.jsonl.a1b2c3d4.tmp", ".documents.jsonl.e5f6g7h8.tmp",
                 ".errors.jsonl.i9j0k1l2.tmp", ".manifest.json.m3n4o5p6.tmp",
                 "shards/.000-x-000000000-000000004.jsonl.q7r8s9t0.tmp"):
        (out / name).write_text("half")
    rerun = subprocess.run(_batch_cmd(tiny_model, config, out, src), capture_output=True,
                           text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert temporaries(out) == []
    assert json.loads((out / "manifest.json").read_text())["status"] == "finished"
    assert len(read_lines(out / "documents.jsonl")) == 40


# -- 3: an unreadable file in an input folder is a bad document ------------------------------

def test_an_unreadable_file_in_an_input_folder_goes_to_errors_jsonl(
        tmp_path: Path, tiny_model: Path, fast_config: Path) -> None:
    prefix = _drop_override()
    if prefix is None:
        pytest.skip("cannot run without the permission override here (setpriv)")
    root = tmp_path / "texts"
    root.mkdir()
    (root / "a.txt").write_text("Der Minister sprach.", encoding="utf-8")
    (root / "secret.txt").write_text("Geheim.", encoding="utf-8")
    (root / "secret.txt").chmod(0)
    (root / "z.txt").write_text("Die Preise steigen.", encoding="utf-8")
    out = tmp_path / "out"
    try:
        outcome = run_cli(["batch", "-i", str(root), "-o", str(out), "--model", str(tiny_model),
                           "--config", str(fast_config), "-q"], tmp_path, prefix=prefix,
                          limit_mib=None, timeout=300)
    finally:
        (root / "secret.txt").chmod(0o600)
    assert outcome.code == 0, outcome.err
    assert outcome.err == ""
    [error] = read_lines(out / "errors.jsonl")
    assert error["id"] == "secret.txt" and error["reason"] == "cannot read (Permission denied)"
    assert [d["id"] for d in read_lines(out / "documents.jsonl")] == ["a.txt", "z.txt"]


def test_a_non_utf8_file_name_in_an_input_folder_reads_back(tmp_path: Path,
                                                           tiny_model: Path,
                                                           fast_config: Path) -> None:
    """6. the batch job's ids are valid UTF-8 that export and translate read back."""
    root = tmp_path / "texts"
    root.mkdir()
    (root / os.fsdecode(b"caf\xe9.txt")).write_text("Ein Satz.", encoding="utf-8")
    out = tmp_path / "out"
    base = ["--model", str(tiny_model), "--config", str(fast_config), "-q"]
    assert run_cli(["batch", "-i", str(root), "-o", str(out), *base], tmp_path,
                   limit_mib=None, timeout=300).code == 0
    [doc] = read_lines(out / "documents.jsonl")
    assert doc["id"] == "caf\\xe9.txt"
    again = run_cli(["translate", str(out / "documents.jsonl"), *base], tmp_path,
                    limit_mib=None, timeout=300)
    assert again.code == 0, again.err


def test_a_batch_input_that_is_a_pipe_is_refused(tmp_path: Path, tiny_model: Path) -> None:
    os.mkfifo(tmp_path / "in.jsonl")
    outcome = run_cli(["batch", "-i", "in.jsonl", "-o", "out", "--model", str(tiny_model), "-q"],
                      tmp_path)
    assert_one_error_line(outcome, 2, r"in.jsonl: not a regular file")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_a_jsonl_row_over_the_line_limit_is_a_bad_document_never_held(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """12. a row of more than MAX_LINE_BYTES goes to errors.jsonl; it is never read whole
    (the limit made small here: the scan and the shard reader each read it in blocks)."""
    from transalign.job import inputs, shards

    src = tmp_path / "in.jsonl"
    with src.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"id": "a", "text": "Ein Satz."}) + "\n")
        out.write('{"id": "huge", "text": "' + "x" * 5000 + '"}\n')
        out.write(json.dumps({"id": "b", "text": "Noch einer."}) + "\n")
    monkeypatch.setattr(inputs, "MAX_LINE_BYTES", 1000)
    monkeypatch.setattr(shards, "MAX_LINE_BYTES", 1000)
    out_dir = tmp_path / "out"
    progress = run_job([str(src)], out_dir, batch=BatchSettings(shard_size=2),
                       translator=translator(FakeBackend()))
    assert (progress["documents"], progress["errors"]) == (2, 1)
    [error] = read_lines(out_dir / "errors.jsonl")
    assert error["id"] == "in.jsonl:2" and "line 2: 5,027 bytes, more than the 1,000 bytes" in error["reason"]


# -- helpers for the CLI runs ------------------------------------------------------------

def _slow_config(tmp_path: Path) -> Path:
    config = tmp_path / "slow.yaml"
    # forced output length keeps each shard busy for a moment, so a kill lands midway
    config.write_text("translate:\n  beams: 2\n  max_new_tokens_cap: 30\n  min_new_tokens: 30\n"
                      "  guard: false\nbatch:\n  shard_size: 4\n", encoding="utf-8")
    return config


def _batch_cmd(tiny_model: Path, config: Path, out: Path, src: Path) -> list[str]:
    return [sys.executable, "-m", "transalign", "batch", "--input", str(src), "--output",
            str(out), "--model", str(tiny_model), "--config", str(config), "-q"]


def _start_batch(tiny_model: Path, config: Path, out: Path, src: Path) -> subprocess.Popen:
    return subprocess.Popen(_batch_cmd(tiny_model, config, out, src),
                            env={**os.environ, "PYTHONUNBUFFERED": "1"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_for_shards(proc: subprocess.Popen, out: Path, n: int) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            done = json.loads((out / "manifest.json").read_text())["progress"].get(
                "shards_done", 0)
        except (OSError, ValueError, KeyError):
            done = 0
        if done >= n:
            return
        time.sleep(0.01)
    raise AssertionError(f"the job ended or stalled before {n} shards were done: "
                         f"{proc.returncode}")
