"""The batch job's pieces on a fake backend: config, placement, inputs, shards, isolation, OOM."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fakes import FakeBackend, FakeOOM
from transalign.config import TranslateOptions
from transalign.errors import ConfigError, InputError, TranslationError, UsageError
from transalign.job import (
    BatchSettings,
    Hardware,
    load_job_config,
    plan_shards,
    read_shard,
    resolve_placement,
    run_job,
    scan_inputs,
)
from transalign.job.ray_engine import actor_pool
from transalign.translate.base import Translator

ROOT = Path(__file__).resolve().parents[1]


def write_jsonl(path: Path, rows: list) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def docs(n: int, prefix: str = "d") -> list[dict]:
    return [{"id": f"{prefix}{i:03d}", "text": f"Satz {i} eins. Satz {i} zwei."} for i in range(n)]


class PoisonBackend(FakeBackend):
    """Raises on any batch holding a word starting ``Gift`` (a sentence that breaks the model)."""

    def generate(self, batch, settings):
        inverse = {v: k for k, v in self.words.items()}
        if any(inverse.get(i, "").startswith("Gift") for ids in batch for i in ids):
            raise ValueError("model crashed on this sentence")
        return super().generate(batch, settings)


def fake_translator(backend: FakeBackend | None = None, **options) -> Translator:
    opts = TranslateOptions(guard=False, **options)
    return Translator(backend or FakeBackend(), opts, {"model": "fake", "revision": "0"})


def read_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]


# -- configuration -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["batch-gpu.yaml", "batch-cpu.yaml"])
def test_shipped_configs_load(name: str) -> None:
    options, batch = load_job_config(ROOT / "configs" / name)
    assert batch.shard_size >= 1
    assert options.beams >= 1


def test_gpu_config_asks_for_gpu_actors_and_half_precision() -> None:
    options, batch = load_job_config(ROOT / "configs" / "batch-gpu.yaml")
    assert batch.ray.num_gpus == 1
    assert options.dtype in ("float16", "bfloat16")


@pytest.mark.parametrize(("text", "message"), [
    ("translate:\n  beam: 2\n", "unknown key 'beam'"),
    ("batch:\n  shard_sise: 2\n", "unknown key 'batch.shard_sise'; valid keys: cpu_fallback"),
    ("batch:\n  ray:\n    gpus: 1\n", "unknown key 'batch.ray.gpus'"),
    ("batchs:\n  shard_size: 2\n", "unknown key 'batchs'; valid keys: batch, translate"),
    ("translate: [1]\n", "'translate' must be a mapping"),
    ("batch:\n  shard_size: 0\n", "shard_size must be at least 1"),
    ("batch:\n  shard_size: true\n", "batch.shard_size: invalid value"),
    ("batch:\n  engine: spark\n", "unknown value 'spark'"),
    ("batch:\n  ray:\n    num_cpus: 0\n", "num_cpus must be > 0"),
    ("batch: 3\n", "'batch' must be a mapping"),
])
def test_bad_config_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(".", r"\.")):
        load_job_config(path)


def test_command_line_overrides_config(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("translate:\n  beams: 3\nbatch:\n  shard_size: 7\n  ray: {num_cpus: 2}\n")
    options, batch = load_job_config(path, {"beams": 5}, {"shard_size": 9, "engine": "ray"})
    assert (options.beams, batch.shard_size, batch.engine, batch.ray.num_cpus) == (5, 9, "ray", 2)


# -- device and dtype placement (the GPU logic, tested without a GPU) -----------------

GPU = Hardware(cuda=True, bf16=True)
OLD_GPU = Hardware(cuda=True, bf16=False)
CPU = Hardware()


@pytest.mark.parametrize(("device", "dtype", "hardware", "backend", "expected"), [
    ("auto", "auto", GPU, "transformers", ("cuda", "float16")),
    ("auto", "bfloat16", GPU, "transformers", ("cuda", "bfloat16")),
    ("cuda", "bfloat16", OLD_GPU, "transformers", ("cuda", "float16")),
    ("auto", "float16", CPU, "transformers", ("cpu", "float32")),
    ("cuda", "float16", CPU, "transformers", ("cpu", "float32")),
    ("cuda", "bfloat16", CPU, "ctranslate2", ("cpu", "int8")),
    ("auto", "auto", CPU, "ctranslate2", ("cpu", "int8")),
    ("cpu", "float32", GPU, "transformers", ("cpu", "float32")),
    ("cuda", "int8", GPU, "ctranslate2", ("cuda", "int8")),
])
def test_placement(device: str, dtype: str, hardware: Hardware, backend: str,
                   expected: tuple[str, str]) -> None:
    placed = resolve_placement(TranslateOptions(device=device, dtype=dtype), hardware,
                               backend=backend)
    assert (placed.device, placed.dtype) == expected


@pytest.mark.parametrize(("device", "dtype", "hardware", "fallback", "message"), [
    ("cuda", "auto", CPU, False, "no CUDA GPU is visible"),
    ("cpu", "int8", CPU, True, "int8 needs backend: ctranslate2"),
])
def test_placement_errors(device: str, dtype: str, hardware: Hardware, fallback: bool,
                          message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        resolve_placement(TranslateOptions(device=device, dtype=dtype), hardware,
                          cpu_fallback=fallback, backend="transformers")


@pytest.mark.parametrize(("ray", "resources", "expected"), [
    ({"num_gpus": 1}, {"CPU": 16, "GPU": 4}, 4),
    ({"num_gpus": 0.5}, {"CPU": 16, "GPU": 2}, 4),
    ({"num_gpus": 0, "num_cpus": 2}, {"CPU": 9}, 4),
    ({"num_gpus": 0, "concurrency": 1}, {"CPU": 2}, 1),
])
def test_ray_actor_pool_size(ray: dict, resources: dict, expected: int) -> None:
    batch = load_job_config(None, None, {"ray": ray})[1]
    assert actor_pool(batch, resources) == expected


@pytest.mark.parametrize(("ray", "resources", "message"), [
    ({"num_gpus": 0}, {"CPU": 1}, "Ray Data hangs"),  # actors would take every CPU
    ({"num_gpus": 1}, {"CPU": 4, "GPU": 4}, "Ray Data hangs"),
    ({"num_gpus": 0, "concurrency": 3}, {"CPU": 3}, "Ray Data hangs"),
    ({"num_gpus": 1}, {"CPU": 8}, "has 0 GPUs"),
])
def test_ray_actor_pool_refuses_to_take_every_cpu(ray: dict, resources: dict,
                                                  message: str) -> None:
    batch = load_job_config(None, None, {"ray": ray})[1]
    with pytest.raises(ConfigError, match=message):
        actor_pool(batch, resources)


# -- inputs and shards ---------------------------------------------------------------


def test_shards_are_deterministic_and_cover_every_row(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", docs(23))
    plans = [plan_shards(scan_inputs([str(path)], 5), 5) for _ in range(2)]
    assert plans[0] == plans[1]
    assert [(s.start, s.end) for s in plans[0]] == [(0, 5), (5, 10), (10, 15), (15, 20),
                                                    (20, 23)]
    ids = [r.id for s in plans[0] for r in read_shard(s)]
    assert ids == [f"d{i:03d}" for i in range(23)]


def test_jsonl_rows_skip_blank_and_manifest_lines_and_keep_line_numbers(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [
        '{"manifest": {"x": 1}}', {"id": "a", "text": "Eins."}, "", "   ",
        {"id": "b", "text": "Zwei."}, "{broken", {"id": "c", "text": "Drei."}])
    shards = plan_shards(scan_inputs([str(path)], 2), 2)
    rows = [r for s in shards for r in read_shard(s)]
    assert [r.id for r in rows] == ["a", "b", "a.jsonl:6", "c"]
    assert rows[2].problem == "line 6: invalid JSON (Expecting property name enclosed in " \
                              "double quotes)"


@pytest.mark.parametrize(("row", "problem"), [
    ({"id": "x", "text": 3}, "field 'text' must be a string, got int"),
    ({"id": "x", "text": None}, "field 'text' must be a string, got NoneType"),
    ({"id": "x", "text": ""}, "empty text"),
    ({"id": "x", "text": " \n\t"}, "empty text"),
    ({"id": "x"}, "missing field 'text'"),
    ({"id": "x", "text": "Gut.", "reference": 5}, "field 'reference' must be a string, got int"),
    ('["not", "an", "object"]', "line 1: expected a JSON object with 'id' and 'text'"),
])
def test_bad_rows_carry_their_reason(tmp_path: Path, row, problem: str) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [row])
    [shard] = plan_shards(scan_inputs([str(path)], 10), 10)
    [read] = read_shard(shard)
    assert (read.text, read.problem) == (None, problem)


@pytest.mark.parametrize(("setup", "message"), [
    (lambda d: [write_jsonl(d / "a.jsonl", [{"id": "x", "text": "A."}, {"id": "x", "text": "B."}])],
     "duplicate id 'x'"),
    (lambda d: [write_jsonl(d / "a.jsonl", [{"id": "x", "text": "A."}]),
                write_jsonl(d / "b.jsonl", [{"id": "x", "text": "B."}])], "duplicate id 'x'"),
    (lambda d: [d / "missing.jsonl"], "no such file"),
    (lambda d: [write_jsonl(d / "empty.jsonl", ["", ""])], "no documents"),
    (lambda d: [(d / "x.csv").write_text("a,b") and d / "x.csv"], "unknown input type"),
    (lambda d: [(d / "sub").mkdir() or d / "sub"], "no .txt files"),
])
def test_bad_inputs_are_clear_errors(tmp_path: Path, setup, message: str) -> None:
    paths = [str(p) for p in setup(tmp_path)]
    with pytest.raises(InputError, match=message):
        scan_inputs(paths, 10)


def test_txt_directory_ids_are_relative_paths(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "b").mkdir(parents=True)
    (root / "a.txt").write_text("Erster Satz.", encoding="utf-8")
    (root / "b" / "c.txt").write_text("Zweiter Satz.", encoding="utf-8")
    (root / "b" / "bad.txt").write_bytes(b"\xff\xfe kaputt")
    (root / "b" / "bin.txt").write_bytes(b"\x00\x01\x02 Satz")  # NUL bytes: binary
    (root / "b" / "zw.txt").write_bytes("\u200b\u00ad \x01\n".encode())  # nothing to translate
    (root / "skip.md").write_text("nicht lesen")
    (root / ".hidden.txt").write_text("nicht lesen")
    rows = [r for s in plan_shards(scan_inputs([str(root)], 2), 2) for r in read_shard(s)]
    assert [(r.id, r.problem) for r in rows] == [
        ("a.txt", None),
        ("b/bad.txt", "invalid UTF-8 at byte 0 (line 1); convert it first, "
                      "e.g. iconv -f cp1252 -t utf-8 (Windows text; -f latin1 for other "
                      "8-bit text)"),
        ("b/bin.txt", "looks like a binary file (NUL bytes), expected UTF-8 text"),
        ("b/c.txt", None),
        ("b/zw.txt", "empty text")]


def test_parquet_input_reads_row_ranges_across_row_groups(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table({"id": [f"p{i}" for i in range(10)],
                      "text": [f"Satz {i}." if i != 4 else None for i in range(10)]})
    path = tmp_path / "a.parquet"
    pq.write_table(table, path, row_group_size=3)
    shards = plan_shards(scan_inputs([str(path)], 4), 4)
    rows = [r for s in shards for r in read_shard(s)]
    assert [r.id for r in rows] == [f"p{i}" for i in range(10)]
    assert [r.text for r in rows][5] == "Satz 5."
    assert rows[4].problem == "field 'text' must be a string, got NoneType"


def test_parquet_without_text_column_is_an_error(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.table({"id": ["a"], "body": ["x"]}), tmp_path / "a.parquet")
    with pytest.raises(InputError, match="no 'text' column"):
        scan_inputs([str(tmp_path / "a.parquet")], 4)


def test_parquet_without_pyarrow_names_the_install(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    import sys

    (tmp_path / "a.parquet").write_bytes(b"PAR1")
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(InputError, match="pip install pyarrow"):
        scan_inputs([str(tmp_path / "a.parquet")], 4)


# -- the job on a fake backend ------------------------------------------------------


def test_job_isolates_a_sentence_that_raises_and_keeps_the_rest(tmp_path: Path) -> None:
    rows = docs(12)
    rows[5] = {"id": "poison", "text": "Gut. Gift hier."}
    rows[9] = {"id": "empty", "text": ""}
    path = write_jsonl(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out"
    progress = run_job([str(path)], out, batch=BatchSettings(shard_size=4),
                       translator=fake_translator(PoisonBackend()))
    assert (progress["documents"], progress["errors"]) == (10, 2)
    errors = read_lines(out / "errors.jsonl")
    assert [(e["id"], e["row"]) for e in errors] == [("poison", 5), ("empty", 9)]
    assert "model crashed on this sentence" in errors[0]["reason"]
    assert errors[1]["reason"] == "empty text"
    documents = read_lines(out / "documents.jsonl")
    assert [d["id"] for d in documents] == [r["id"] for r in rows if r["id"] not in
                                            ("poison", "empty")]
    assert documents[0]["text"] == "SATZ 0 EINS. SATZ 0 ZWEI."


def test_job_stops_when_every_document_fails(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [{"id": f"g{i}", "text": "Gift."} for i in range(3)])
    with pytest.raises(TranslationError, match="every document failed"):
        run_job([str(path)], tmp_path / "out", batch=BatchSettings(shard_size=10),
                translator=fake_translator(PoisonBackend()))
    assert not list((tmp_path / "out" / "shards").glob("*.jsonl"))


def test_job_out_of_memory_halves_the_budget_and_finishes(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", docs(40))
    backend = FakeBackend(oom_above=60)
    translator = fake_translator(backend, max_batch_tokens=4000, max_batch_sentences=64)
    out = tmp_path / "out"
    progress = run_job([str(path)], out, batch=BatchSettings(shard_size=20),
                       translator=translator)
    assert (progress["documents"], progress["errors"]) == (40, 0)
    assert translator.stats.oom_retries >= 1
    assert translator._max_tokens < 4000
    assert all(len(b) * max(map(len, b)) <= 60 for b in backend.batches)
    manifest = json.loads((out / "manifest.json").read_text())
    assert sum(s["oom_retries"] for s in manifest["shards"]) == translator.stats.oom_retries


def test_out_of_memory_on_one_sentence_isolates_that_document(tmp_path: Path) -> None:
    rows = docs(6)
    rows[2] = {"id": "huge", "text": " ".join(["Wort"] * 40) + "."}
    path = write_jsonl(tmp_path / "in.jsonl", rows)
    translator = fake_translator(FakeBackend(oom_above=30))
    progress = run_job([str(path)], tmp_path / "out", batch=BatchSettings(shard_size=6),
                       translator=translator)
    assert (progress["documents"], progress["errors"]) == (5, 1)
    [error] = read_lines(tmp_path / "out" / "errors.jsonl")
    assert error["id"] == "huge" and FakeOOM.__name__ in error["reason"]


def test_restart_skips_finished_shards_and_redoes_missing_ones(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", docs(10))
    out = tmp_path / "out"
    run_job([str(path)], out, batch=BatchSettings(shard_size=3), translator=fake_translator())
    merged = (out / "translations.jsonl").read_bytes()
    shard_files = sorted((out / "shards").glob("*.jsonl"))
    assert len(shard_files) == 4
    shard_files[1].unlink()  # as if killed before this shard was renamed into place
    (out / "shards" / ".000-in-000000003-000000006.jsonl.abc.tmp").write_text("half")
    backend = FakeBackend()
    run_job([str(path)], out, batch=BatchSettings(shard_size=3),
            translator=fake_translator(backend))
    assert len(backend.batches) == 1  # only the missing shard was translated
    assert (out / "translations.jsonl").read_bytes() == merged
    assert not list((out / "shards").glob(".*.tmp"))


@pytest.mark.parametrize(("change", "message"), [
    ({"options": {"beams": 5}}, "other settings"),
    ({"batch": {"shard_size": 4}}, r"another shard size \(3; now 4\)"),
    ({"rows": 11}, r"other inputs \(input 1, .*in.jsonl, has changed: 10 rows then, 11 now\)"),
    ({"rows": 10, "edit": True}, r"input 1, .*in.jsonl, has changed: 10 rows then, 10 now"),
    ({"inputs": 2}, r"other inputs \(1 input; now 2\)"),
])
def test_existing_directory_with_other_settings_is_refused(tmp_path: Path, change: dict,
                                                          message: str) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", docs(10))
    out = tmp_path / "out"
    run_job([str(path)], out, batch=BatchSettings(shard_size=3), translator=fake_translator())
    if "rows" in change:
        rows = docs(change["rows"])
        if change.get("edit"):  # the same number of rows, one of them changed
            rows[4]["text"] += " Neu."
        write_jsonl(path, rows)
    inputs = [str(path)]
    if "inputs" in change:
        inputs.append(str(write_jsonl(tmp_path / "more.jsonl", docs(2, prefix="m"))))
    with pytest.raises(UsageError, match=message):
        run_job(inputs, out, batch=BatchSettings(**{"shard_size": 3, **change.get("batch", {})}),
                translator=fake_translator(**change.get("options", {})))


def test_manifest_records_inputs_settings_and_progress(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [*docs(5), {"id": "bad", "text": 1}])
    out = tmp_path / "out"
    run_job([str(path)], out, batch=BatchSettings(shard_size=4), translator=fake_translator())
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "finished"
    assert manifest["inputs"][0]["rows"] == 6 and len(manifest["inputs"][0]["sha256"]) == 64
    assert manifest["settings"]["model"] == "fake" and manifest["settings"]["beams"] == 4
    assert [s["status"] for s in manifest["shards"]] == ["done", "done"]
    assert manifest["progress"]["documents"] == 5 and manifest["progress"]["errors"] == 1
    assert manifest["progress"]["sentences"] == 10
    assert manifest["outputs"]["translations"] == "translations.jsonl"
    first = read_lines(out / "translations.jsonl")[0]["manifest"]
    assert first["settings_hash"] == manifest["settings_hash"]
    assert first["settings"]["translator"]["backend"] == "fake" and first["command"] == "batch"


def test_second_job_on_the_same_directory_is_refused(tmp_path: Path) -> None:
    import fcntl

    path = write_jsonl(tmp_path / "in.jsonl", docs(2))
    out = tmp_path / "out"
    out.mkdir()
    with (out / ".lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        with pytest.raises(UsageError, match="another batch job is running"):
            run_job([str(path)], out, translator=fake_translator())


def test_ready_translator_only_with_local_engine(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", docs(2))
    with pytest.raises(UsageError, match="local engine"):
        run_job([str(path)], tmp_path / "out", batch=BatchSettings(engine="ray"),
                translator=fake_translator())


def test_shard_files_of_other_settings_are_never_mixed_in(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", docs(4))
    out = tmp_path / "out"
    run_job([str(path)], out, batch=BatchSettings(shard_size=2), translator=fake_translator())
    (out / "manifest.json").unlink()  # a lost manifest must not let old shards pass as new
    with pytest.raises(UsageError, match="made with other settings"):
        run_job([str(path)], out, batch=BatchSettings(shard_size=2),
                translator=fake_translator(beams=2))


def test_hostile_text_survives_the_round_trip(tmp_path: Path) -> None:
    text = "Erster\u2028Satz mit \u0085 Trennern. Zweiter\tSatz „zitiert“. \U0001F600 Ende."
    path = write_jsonl(tmp_path / "in.jsonl", [{"id": "ü/\n id", "text": text},
                                               {"id": 7, "text": "Zahl als Id."}])
    (tmp_path / "in.jsonl").open("ab").write(b'{"id": "latin1", "text": "caf\xe9"}\n')
    out = tmp_path / "out"
    run_job([str(path)], out, batch=BatchSettings(shard_size=2), translator=fake_translator())
    documents = read_lines(out / "documents.jsonl")
    assert [d["id"] for d in documents] == ["ü/\n id", "7"]
    records = read_lines(out / "translations.jsonl")[1:]
    mine = [r["src"] for r in records if r["doc_id"] == "ü/\n id"]
    assert mine and "".join("".join(mine).split()) == "".join(text.split())
    [error] = read_lines(out / "errors.jsonl")
    assert error["id"] == "in.jsonl:3" and "invalid" in error["reason"]


@pytest.mark.parametrize(("hardware", "engine", "expected"), [
    (Hardware(cuda=True, bf16=True), "local", ("cuda", "float16")),
    (Hardware(), "local", ("cpu", None)),  # the GPU config still runs on a CPU-only CI
    (Hardware(), "ray", ("cuda", "float16")),  # workers have the GPUs, not the driver
])
def test_gpu_config_placement(hardware: Hardware, engine: str,
                              expected: tuple[str, str | None]) -> None:
    from transalign.job import plan_translation

    options, batch = load_job_config(ROOT / "configs" / "batch-gpu.yaml", None,
                                     {"engine": engine})
    placed = plan_translation(options, batch, None if engine == "ray" else hardware)
    assert placed.device == expected[0]
    assert placed.dtype == (expected[1] or ("int8" if placed.backend == "ctranslate2"
                                            else "float32"))
    assert placed.backend in ("ctranslate2", "transformers")


def test_gpu_config_on_a_cpu_says_so_once(caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from transalign.job import plan_translation

    options, batch = load_job_config(ROOT / "configs" / "batch-gpu.yaml", None, {})
    with caplog.at_level(logging.INFO, logger="transalign"):
        placed = plan_translation(options.replace(dtype="bfloat16"), batch, Hardware())
    assert placed.device == "cpu"
    notes = [r.getMessage() for r in caplog.records]
    assert sum("is for GPUs" in n for n in notes) == 1, notes
    assert sum("no CUDA GPU visible" in n for n in notes) <= 1, notes


def test_output_folder_with_foreign_files_is_refused_and_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "userdata"
    out.mkdir()
    (out / "documents.jsonl").write_text('{"precious": true}\n')
    path = write_jsonl(tmp_path / "in.jsonl", docs(2))
    with pytest.raises(UsageError, match=r"holds files .*but no transalign job"):
        run_job([str(path)], out, batch=BatchSettings(shard_size=2), translator=fake_translator())
    assert (out / "documents.jsonl").read_text() == '{"precious": true}\n'


def test_input_inside_the_output_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "job"
    out.mkdir()
    path = write_jsonl(out / "documents.jsonl", docs(2))
    before = path.read_bytes()
    with pytest.raises(UsageError, match="is inside the output directory"):
        run_job([str(path)], out, batch=BatchSettings(shard_size=2), translator=fake_translator())
    assert path.read_bytes() == before


def test_jsonl_rows_blank_reference_and_deep_nesting(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    deep = "[" * 100_000 + "]" * 100_000  # json.loads raises RecursionError on this
    path.write_text(
        json.dumps({"id": "a", "text": "Ein Satz.", "reference": " \u200b"}) + "\n"
        + json.dumps({"id": "b", "text": "Noch einer.", "reference": "One more."}) + "\n"
        + '{"id": "c", "text": "x", "extra": ' + deep + "}\n"
        + '{"id": "d", "text": "Hallo \\ud800"}\n',
        encoding="utf-8")
    rows = [r for s in plan_shards(scan_inputs([str(path)], 10), 10) for r in read_shard(s)]
    assert [(r.id, r.reference, r.problem) for r in rows] == [
        ("a", None, None),  # a blank reference is no reference
        ("b", "One more.", None),
        ("docs.jsonl:3", None, "line 3: invalid JSON (nested too deeply)"),
        ("docs.jsonl:4", None, "line 4: invalid JSON (a \\u escape that is half a surrogate "
                               "pair, not a character)")]


def test_txt_directory_with_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    import os

    root = tmp_path / "corpus"
    root.mkdir()
    name = os.fsdecode(b"b\xff.txt")  # as Python sees such a name (surrogate escape)
    (root / name).write_text("Ein Satz.", encoding="utf-8")
    rows = [r for s in plan_shards(scan_inputs([str(root)], 2), 2) for r in read_shard(s)]
    # issue 17: the id is valid UTF-8 (the byte escaped as \xff, see paths.name_id), and
    # gives the file name back
    from transalign.paths import name_from_id

    assert [(r.id, r.text) for r in rows] == [("b\\xff.txt", "Ein Satz.")]
    assert name_from_id(rows[0].id) == name


WRAPPED_TEXT = (Path(__file__).parent / "fixtures" / "segment" / "wrapped.de.txt").read_text(
    encoding="utf-8")


def test_manifest_counts_documents_that_look_hard_wrapped(tmp_path: Path) -> None:
    rows = [*docs(3), {"id": "wrapped", "text": WRAPPED_TEXT}]
    path = write_jsonl(tmp_path / "in.jsonl", rows)
    progress = run_job([str(path)], tmp_path / "lines", batch=BatchSettings(shard_size=2),
                       translator=fake_translator())
    assert progress["wrapped"] == 1
    manifest = json.loads((tmp_path / "lines" / "manifest.json").read_text())
    assert [s["wrapped"] for s in manifest["shards"]] == [0, 1]
    unwrapped = run_job([str(path)], tmp_path / "blocks",
                        batch=BatchSettings(shard_size=2, unwrap_lines=True),
                        translator=fake_translator())
    assert unwrapped["wrapped"] == 0


def test_shard_counters_of_an_earlier_version_read_wrapped_as_zero() -> None:
    from transalign.job.worker import ShardResult

    old = {"name": "000-a-000000000-000000002", "documents": 2, "errors": 0, "sentences": 4,
           "source_tokens": 10, "target_tokens": 12, "oom_retries": 0, "seconds": 0.5,
           "worker": "host:1"}
    assert ShardResult.from_json(old).wrapped == 0
