"""One placement rule for translate, align and batch, and where settings came from."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from transalign.cli import main
from transalign.config import MODEL_ENV, load_options
from transalign.errors import ConfigError
from transalign.job import load_job_config, plan_translation
from transalign.placement import Hardware, resolve_placement

ROOT = Path(__file__).resolve().parents[1]
GPU_CONFIG = ROOT / "configs" / "batch-gpu.yaml"
CPU = Hardware()
GPU = Hardware(cuda=True, bf16=True)


@pytest.mark.parametrize(("argv", "hardware", "expected"), [
    # the GPU config file on a CPU: the CPU's own types, as in the batch job
    ([], CPU, ("ctranslate2", "cpu", "int8")),
    ([], GPU, ("ctranslate2", "cuda", "float16")),
    (["--backend", "transformers"], CPU, ("transformers", "cpu", "float32")),
    # asked for on the command line: bfloat16 on the CPU runs in torch
    (["--dtype", "bfloat16"], CPU, ("transformers", "cpu", "bfloat16")),
    (["--device", "cpu", "--dtype", "bfloat16"], GPU, ("transformers", "cpu", "bfloat16")),
])
def test_translate_and_batch_place_a_config_file_alike(argv: list[str], hardware: Hardware,
                                                       expected: tuple[str, str, str]) -> None:
    overrides = dict(zip([a.lstrip("-") for a in argv[::2]], argv[1::2], strict=True))
    translate = resolve_placement(load_options(GPU_CONFIG, overrides), hardware)
    options, batch = load_job_config(GPU_CONFIG, overrides)
    planned = plan_translation(options, batch, hardware)
    assert (translate.backend, translate.device, translate.dtype) == expected
    assert (planned.backend, planned.device, planned.dtype) == expected


def test_a_config_value_is_named_with_its_file(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="transalign"):
        resolve_placement(load_options(GPU_CONFIG), CPU)
    [note] = [r.getMessage() for r in caplog.records if "dtype" in r.getMessage()]
    assert f"dtype float16 (from {GPU_CONFIG})" in note and "int8" in note


@pytest.mark.parametrize(("overrides", "config", "message"), [
    ({"dtype": "float16"}, None, r"dtype float16 is for GPUs \(from --dtype"),
    ({"device": "cuda"}, None, "--device cuda: no CUDA GPU is visible"),
    ({"dtype": "int8", "backend": "transformers"}, None,
     r"int8 needs backend: ctranslate2 \(dtype from --dtype, backend from --backend\)"),
    ({}, "translate:\n  dtype: int8\n  backend: transformers\n",
     r"int8 needs backend: ctranslate2 \(dtype from .*c.yaml, backend from .*c.yaml\)"),
])
def test_impossible_requests_name_where_they_came_from(tmp_path: Path, overrides: dict,
                                                       config: str | None, message: str) -> None:
    path = None
    if config:
        path = tmp_path / "c.yaml"
        path.write_text(config, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        resolve_placement(load_options(path, overrides), CPU)


def test_device_cuda_from_a_file_falls_back_to_the_cpu_with_a_warning(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("translate:\n  device: cuda\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="transalign"):
        placed = resolve_placement(load_options(path), CPU)
    assert placed.device == "cpu"
    assert any(f"device cuda (from {path})" in r.getMessage() for r in caplog.records)
    with pytest.raises(ConfigError, match=r"batch\.cpu_fallback"):
        resolve_placement(load_options(path), CPU, cpu_fallback=False)


@pytest.mark.parametrize(("env", "config", "flag", "expected"), [
    (None, None, None, "Helsinki-NLP/opus-mt-de-en"),
    ("env/model", None, None, "env/model"),
    ("env/model", "file/model", None, "env/model"),   # environment over the file
    (None, "file/model", None, "file/model"),
    ("env/model", "file/model", "flag/model", "flag/model"),  # the flag over everything
])
def test_model_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, env: str | None,
                          config: str | None, flag: str | None, expected: str) -> None:
    if env:
        monkeypatch.setenv(MODEL_ENV, env)
    else:
        monkeypatch.delenv(MODEL_ENV, raising=False)
    path = None
    if config:
        path = tmp_path / "c.yaml"
        path.write_text(f"translate:\n  model: {config}\n", encoding="utf-8")
    options = load_options(path, {"model": flag} if flag else None)
    assert options.model == expected
    job_options, _ = load_job_config(path, {"model": flag} if flag else None)
    assert job_options.model == expected
    assert options.sources.get("model") == (
        "--model" if flag else MODEL_ENV if env else str(path) if config else None)


def test_translate_with_the_gpu_config_on_a_cpu_says_where_dtype_came_from(
        tiny_model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import torch

    if torch.cuda.is_available():
        pytest.skip("a GPU is present")
    src = tmp_path / "in.txt"
    src.write_text("Der Rat tagt am Montag.\n", encoding="utf-8")
    code = main(["translate", str(src), "--config", str(GPU_CONFIG), "--model", str(tiny_model),
                 "--format", "jsonl"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert f"dtype float16 (from {GPU_CONFIG}) is for GPUs" in captured.err
    assert '"dtype": "int8"' in captured.out


def test_model_from_the_environment_is_used_and_recorded(
        tiny_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(MODEL_ENV, str(tiny_model))
    src = tmp_path / "in.txt"
    src.write_text("Der Rat tagt am Montag.\n", encoding="utf-8")
    assert main(["translate", str(src), "--format", "jsonl", "-q"]) == 0
    assert f'"model": "{tiny_model}"' in capsys.readouterr().out
