"""``transalign batch`` end to end on the tiny model: outputs, errors, SIGKILL and restart."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from transalign.cli import main

GOOD = ["Der Minister sprach am Montag in Berlin.", "Die Sitzung ist öffentlich.",
        "Vielen Dank für Ihre Aufmerksamkeit.", "Das Spiel endete 2:1.",
        "Am 9. Dezember beginnt die Konferenz.", "Die Preise steigen weiter."]


def collection(n: int, bad_every: int = 0) -> tuple[list[str], set[str], set[str]]:
    """JSONL lines of ``n`` documents; every ``bad_every``-th one is bad in a new way."""
    bad_kinds = [lambda i: json.dumps({"id": f"bad{i}", "text": 17}),
                 lambda i: json.dumps({"id": f"bad{i}", "text": "  "}),
                 lambda i: json.dumps({"id": f"bad{i}"}),
                 lambda i: json.dumps({"id": f"bad{i}", "text": None}),
                 lambda i: json.dumps({"id": f"bad{i}", "text": ["Liste"]})]
    lines, good, bad = [], set(), set()
    for i in range(n):
        if bad_every and i % bad_every == bad_every - 1:
            lines.append(bad_kinds[(i // bad_every) % len(bad_kinds)](i))
            bad.add(f"bad{i}")
            continue
        text = f"{GOOD[i % len(GOOD)]} Meldung {i}.\n{GOOD[(i + 1) % len(GOOD)]}"
        lines.append(json.dumps({"id": f"doc{i:04d}", "text": text}, ensure_ascii=False))
        good.add(f"doc{i:04d}")
    return lines, good, bad


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").split("\n") if x]


def batch_args(tiny_model: Path, config: Path, out: Path, *inputs: Path) -> list[str]:
    return ["batch", "--input", *map(str, inputs), "--output", str(out), "--model",
            str(tiny_model), "--config", str(config), "-q"]


def test_batch_end_to_end_matches_translate(tmp_path: Path, tiny_model: Path, fast_config: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    lines, good, bad = collection(12, bad_every=4)
    src = write(tmp_path / "in.jsonl", lines)
    out = tmp_path / "out"
    assert main([*batch_args(tiny_model, fast_config, out, src), "--shard-size", "5"]) == 0
    docs = read_jsonl(out / "documents.jsonl")
    assert [d["id"] for d in docs] == sorted(good)
    assert {e["id"] for e in read_jsonl(out / "errors.jsonl")} == bad
    records = read_jsonl(out / "translations.jsonl")
    assert records[0]["manifest"]["format"] == "transalign.batch.v1"
    # The same pure function as `transalign translate`: identical sentence records.
    good_src = write(tmp_path / "good.jsonl", [x for x in lines if '"doc' in x])
    capsys.readouterr()
    assert main(["translate", str(good_src), "--format", "jsonl", "--model", str(tiny_model),
                 "--config", str(fast_config), "-q"]) == 0
    translated = [json.loads(x) for x in capsys.readouterr().out.split("\n") if x]
    assert translated[1:] == records[1:]


def test_batch_progress_on_stderr(tmp_path: Path, tiny_model: Path, fast_config: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    src = write(tmp_path / "in.jsonl", collection(4)[0])
    args = batch_args(tiny_model, fast_config, tmp_path / "out", src)
    assert main([a for a in args if a != "-q"] + ["--shard-size", "2"]) == 0
    err = capsys.readouterr().err
    # shards are named by the input's content hash (issue 17), not its file name
    assert re.search(r"shard 000-[0-9a-f]{12}-000000000-000000002: 2 documents, 0 errors, "
                     r"6 sentences", err), err
    assert "2/2 shards, 4/4 documents" in err
    assert "done: 4 documents, 0 errors, 12 sentences" in err


def test_batch_reads_parquet_and_txt_directories(tmp_path: Path, tiny_model: Path,
                                                 fast_config: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.table({"id": ["p1", "p2"], "text": [GOOD[0], GOOD[1]]}),
                   tmp_path / "a.parquet")
    folder = tmp_path / "texts"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "x.txt").write_text(GOOD[2], encoding="utf-8")
    (folder / "y.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    assert main(batch_args(tiny_model, fast_config, out, tmp_path / "a.parquet", folder)) == 0
    assert [d["id"] for d in read_jsonl(out / "documents.jsonl")] == ["p1", "p2", "sub/x.txt"]
    assert [(e["id"], e["reason"]) for e in read_jsonl(out / "errors.jsonl")] == [
        ("y.txt", "empty text")]


@pytest.mark.parametrize(("setup", "extra", "code", "message"), [
    (lambda d: write(d / "a.jsonl", ['{"id": "x", "text": "A."}', '{"id": "x", "text": "B."}']),
     [], 2, "duplicate id 'x'"),
    (lambda d: write(d / "a.jsonl", ["", ""]), [], 2, "no documents"),
    (lambda d: d / "nope.jsonl", [], 2, "no such file"),
    (lambda d: write(d / "a.txt", ["Hallo."]), [], 2, "unknown input type"),
    (lambda d: write(d / "a.jsonl", ['{"id": "x", "text": "A."}']), ["--shard-size", "0"], 2,
     "--shard-size must be at least 1"),
])
def test_batch_usage_errors(tmp_path: Path, tiny_model: Path, fast_config: Path,
                            capsys: pytest.CaptureFixture[str], setup, extra: list[str],
                            code: int, message: str) -> None:
    src = setup(tmp_path)
    assert main(batch_args(tiny_model, fast_config, tmp_path / "out", src) + extra) == code
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_batch_refuses_changed_settings_in_existing_directory(
        tmp_path: Path, tiny_model: Path, fast_config: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    src = write(tmp_path / "in.jsonl", collection(3)[0])
    out = tmp_path / "out"
    assert main(batch_args(tiny_model, fast_config, out, src)) == 0
    before = (out / "translations.jsonl").read_bytes()
    capsys.readouterr()
    assert main([*batch_args(tiny_model, fast_config, out, src), "--beams", "3"]) == 2
    assert "made with other settings" in capsys.readouterr().err
    assert (out / "translations.jsonl").read_bytes() == before


def test_batch_resumes_with_the_same_model_named_another_way(
        tmp_path: Path, tiny_model: Path, fast_config: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A local model is known by its content: a relative path from another folder, or a
    copy elsewhere, resumes the job; a changed model does not."""
    import shutil

    src = write(tmp_path / "in.jsonl", collection(3)[0])
    out = tmp_path / "out"
    assert main(batch_args(tiny_model, fast_config, out, src)) == 0
    before = (out / "translations.jsonl").read_bytes()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    relative = os.path.relpath(tiny_model, elsewhere)
    assert main(batch_args(Path(relative), fast_config, out, src)) == 0
    copy = shutil.copytree(tiny_model, tmp_path / "copy")
    assert main(batch_args(copy, fast_config, out, src)) == 0
    assert (out / "translations.jsonl").read_bytes() == before
    capsys.readouterr()
    (copy / "generation_config.json").write_text("{}", encoding="utf-8")  # another model now
    assert main(batch_args(copy, fast_config, out, src)) == 2
    assert "changed: revision" in capsys.readouterr().err


def test_batch_summary_of_a_resumed_job_and_of_a_job_where_every_row_is_bad(
        tmp_path: Path, tiny_model: Path, fast_config: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    src = write(tmp_path / "in.jsonl", collection(4, bad_every=2)[0])
    args = [a for a in batch_args(tiny_model, fast_config, tmp_path / "out", src) if a != "-q"]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "done: 2 documents, 2 errors (errors.jsonl)" in err and "tokens/s" in err
    assert main(args) == 0  # again: the shards are done
    err = capsys.readouterr().err
    assert "nothing left to translate" in err and "tokens/s" not in err
    bad = write(tmp_path / "bad.jsonl", [json.dumps({"id": f"b{i}", "text": 17})
                                         for i in range(3)])
    assert main(batch_args(tiny_model, fast_config, tmp_path / "out-bad", bad)) == 1
    err = capsys.readouterr().err
    assert "no document could be translated" in err and "errors.jsonl" in err
    assert len(read_jsonl(tmp_path / "out-bad" / "errors.jsonl")) == 3


def test_ray_engine_without_ray_names_the_extra(tmp_path: Path, tiny_model: Path,
                                                fast_config: Path, monkeypatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)
    src = write(tmp_path / "in.jsonl", collection(2)[0])
    assert main([*batch_args(tiny_model, fast_config, tmp_path / "out", src), "--engine", "ray"]) == 2
    assert "pip install 'transalign[ray]'" in capsys.readouterr().err


def test_sigkill_midway_then_restart_loses_and_duplicates_nothing(
        tmp_path: Path, tiny_model: Path) -> None:
    """Issue 7 acceptance: ~200 documents with bad ones, SIGKILL after some shards, restart."""
    lines, good, bad = collection(210, bad_every=20)
    src = write(tmp_path / "in.jsonl", lines)
    config = tmp_path / "slow.yaml"
    # Forced output length keeps each shard busy for a moment, so the kill lands midway.
    config.write_text("translate:\n  beams: 2\n  max_new_tokens_cap: 30\n  min_new_tokens: 30\n"
                      "  guard: false\nbatch:\n  shard_size: 5\n", encoding="utf-8")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "transalign", *batch_args(tiny_model, config, out, src)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    manifest_path = out / "manifest.json"
    deadline = time.monotonic() + 120
    done_at_kill = 0
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            done_at_kill = json.loads(manifest_path.read_text())["progress"].get("shards_done", 0)
        except (OSError, ValueError, KeyError):
            done_at_kill = 0
        if done_at_kill >= 1:
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.01)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()[-2000:]
    shards_total = len(json.loads(manifest_path.read_text())["shards"])
    finished_before = len(list((out / "shards").glob("*.jsonl")))
    assert 1 <= finished_before < shards_total  # really killed midway
    print(f"killed with {finished_before} of {shards_total} shards done")
    assert not (out / "translations.jsonl").exists()

    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    ids = [d["id"] for d in read_jsonl(out / "documents.jsonl")]
    assert len(ids) == len(set(ids)) == len(good)
    assert set(ids) == good
    record_ids = {r["doc_id"] for r in read_jsonl(out / "translations.jsonl")[1:]}
    assert record_ids == good
    errors = read_jsonl(out / "errors.jsonl")
    assert sorted(e["id"] for e in errors) == sorted(bad)
    assert all(e["reason"] for e in errors)
    manifest = json.loads(manifest_path.read_text())
    assert manifest["status"] == "finished"
    assert manifest["progress"]["shards_done"] == shards_total
    assert manifest["progress"]["documents"] == len(good)


def test_documents_with_references_are_aligned_scored_and_exported(
        tmp_path: Path, tiny_model: Path) -> None:
    refs = {"r1": ("Der Minister sprach in Berlin. Die Preise steigen weiter.",
                   "The minister spoke in Berlin. Prices keep rising."),
            "r2": ("Die Sitzung ist öffentlich.", "The session is public. It starts at nine.")}
    lines = [json.dumps({"id": k, "text": de, "reference": en}, ensure_ascii=False)
             for k, (de, en) in refs.items()]
    lines.append(json.dumps({"id": "plain", "text": GOOD[3]}, ensure_ascii=False))
    src = write(tmp_path / "in.jsonl", lines)
    config = tmp_path / "c.yaml"
    config.write_text("translate:\n  beams: 2\n  max_new_tokens_cap: 12\n"
                      "batch:\n  export: [jsonl, tmx, moses]\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(batch_args(tiny_model, config, out, src)) == 0
    pairs = read_jsonl(out / "aligned.jsonl")
    body = [p for p in pairs if "manifest" not in p]
    # Every sentence of both sides of each document is covered exactly once, in order.
    for doc_id, n_src, n_ref in (("r1", 2, 2), ("r2", 1, 2)):
        mine = [p for p in body if p["doc_id"] == doc_id]
        assert [i for p in mine for i in p["src_ids"]] == list(range(n_src))
        assert [j for p in mine for j in p["tgt_ids"]] == list(range(n_ref))
    assert {p["doc_id"] for p in body} == {"r1", "r2"}
    from transalign.export import check_tmx

    check_tmx(str(out / "aligned.tmx"))
    de = (out / "aligned.de-en.de").read_text(encoding="utf-8").split("\n")
    en = (out / "aligned.de-en.en").read_text(encoding="utf-8").split("\n")
    assert len(de) == len(en) == len(body) + 1
    scores = json.loads((out / "scores.json").read_text(encoding="utf-8"))
    assert [d["id"] for d in scores["documents"]] == ["r1", "r2"]
    assert "BLEU" in scores["scores"] and scores["segments"] == 2
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["outputs"]["scored_documents"] == 2
    assert [d["id"] for d in read_jsonl(out / "documents.jsonl")] == ["r1", "r2", "plain"]


def test_regression_unusable_output_directory_is_one_line_exit_2(
        tmp_path: Path, tiny_model: Path, fast_config: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    # It used to end in "internal error: NotADirectoryError", exit code 1.
    src = write(tmp_path / "in.jsonl", [json.dumps({"id": "a", "text": "Hallo Welt."})])
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code = main(batch_args(tiny_model, fast_config, blocker / "out", src))
    err = capsys.readouterr().err
    assert code == 2 and "cannot use as the output directory" in err
    assert err.count("\n") == 1 and "internal error" not in err


def test_batch_warns_about_hard_wrapped_documents(tmp_path: Path, tiny_model: Path,
                                                  fast_config: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    wrapped = (Path(__file__).parent / "fixtures" / "segment" / "wrapped.de.txt").read_text(
        encoding="utf-8")
    lines = [*collection(2)[0], json.dumps({"id": "wrapped", "text": wrapped},
                                           ensure_ascii=False)]
    src = write(tmp_path / "in.jsonl", lines)
    assert main(batch_args(tiny_model, fast_config, tmp_path / "out", src)) == 0
    err = capsys.readouterr().err  # said even with -q
    assert "1 document looks hard-wrapped" in err and "unwrap_lines" in err
    assert main([*batch_args(tiny_model, fast_config, tmp_path / "out2", src),
                 "--unwrap-lines"]) == 0
    assert "hard-wrapped" not in capsys.readouterr().err
