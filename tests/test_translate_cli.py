"""`transalign translate` end to end on the tiny Marian model, and its errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from transalign.cli import main
from transalign.config import TranslateOptions
from transalign.translate import load_translator

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "article.de.txt"


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def translator(tiny_model):
    return load_translator(TranslateOptions(model=str(tiny_model), beams=2,
                                            max_new_tokens_cap=12))


def test_text_output_keeps_the_paragraph_layout(tiny_model, fast_config, capsys) -> None:
    code, out, err = run_cli(capsys, "translate", ARTICLE, "--model", tiny_model,
                             "--config", fast_config, "--quiet")
    assert code == 0, err
    src_lines = ARTICLE.read_text(encoding="utf-8").split("\n")
    out_lines = out.split("\n")
    assert len(out_lines) == len(src_lines)
    assert [not s.strip() for s in src_lines] == [not o.strip() for o in out_lines]


def test_jsonl_records_offsets_and_manifest(tiny_model, fast_config, capsys) -> None:
    code, out, err = run_cli(capsys, "translate", ARTICLE, "--model", tiny_model,
                             "--config", fast_config, "--format", "jsonl", "-q")
    assert code == 0, err
    lines = out.split("\n")
    assert lines[-1] == ""
    head = json.loads(lines[0])["manifest"]
    assert head["tool"]["name"] == "transalign" and head["command"] == "translate"
    assert head["settings"]["segmenter"]["segmenter"] and head["inputs"][0]["documents_sha256"]
    manifest = head["settings"]["translator"]
    for key in ("model", "revision", "backend", "dtype", "beams", "python"):
        assert key in manifest, key
    engine = {"ctranslate2": "ctranslate2", "transformers": "torch"}[manifest["backend"]]
    assert engine in manifest  # the engine's version
    assert manifest["beams"] == 2
    text = ARTICLE.read_text(encoding="utf-8")
    records = [json.loads(line) for line in lines[1:-1]]
    assert [r["sent"] for r in records] == list(range(len(records)))
    for r in records:
        assert list(r) == ["doc_id", "para", "sent", "start", "end", "src", "tgt", "flags",
                           "score", "checks"]
        assert head["fields"] == list(r)
        assert text[r["start"]:r["end"]] == r["src"]
        assert r["tgt"]
    n_paragraphs = sum(1 for line in text.split("\n") if line.strip())
    assert sorted({r["para"] for r in records}) == list(range(n_paragraphs))


def test_two_runs_are_byte_identical(tiny_model, fast_config, tmp_path, capsys) -> None:
    outs = []
    for i in range(2):
        path = tmp_path / f"out{i}.jsonl"
        code, _, err = run_cli(capsys, "translate", ARTICLE, "--model", tiny_model,
                               "--config", fast_config, "--format", "jsonl", "-o", path, "-q")
        assert code == 0, err
        outs.append(path.read_bytes())
    assert outs[0] == outs[1]


def test_order_restored_with_the_real_model(translator) -> None:
    sents = ["Das Wetter bleibt unbeständig.", "Niemand wurde verletzt.",
             "Der Stadtrat kündigte am Montag an, dass die Pläne noch einmal geprüft werden.",
             "Wie geht es weiter?", "Die Sitzung ist öffentlich."]
    forward = translator.translate(sents)
    backward = translator.translate(sents[::-1])
    assert backward[::-1] == forward
    assert len(set(forward)) > 1  # the tiny model's output depends on its input


def test_2000_token_sentence_is_split_not_truncated(translator) -> None:
    backend = translator.backend
    seen: list[int] = []
    original = backend.submit  # every batch goes through submit (retries too)

    def spy(batch, settings):
        seen.extend(len(ids) for ids in batch)
        return original(batch, settings)

    backend.submit = spy
    try:
        words = " ".join(f"Wort{i % 50}" for i in range(700))
        sentence = f"{words}, und {words}, aber {words}."
        assert len(backend.encode([sentence])[0]) >= 2000
        [result] = translator.translate_detailed([sentence])
    finally:
        backend.submit = original
    assert "long_split" in result.flags
    assert len(seen) >= 2000 // backend.max_source_tokens
    assert max(seen) <= backend.max_source_tokens
    assert result.text


def test_jsonl_input_gives_one_document_per_line(tiny_model, fast_config, tmp_path,
                                                 capsys) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text('{"id": "a", "text": "Erster Satz. Zweiter Satz.\\n\\nNeu."}\n'
                    '{"id": "b", "text": "Hallo."}\n', encoding="utf-8")
    code, out, err = run_cli(capsys, "translate", path, "--model", tiny_model,
                             "--config", fast_config, "-q")
    assert code == 0, err
    docs = [json.loads(line) for line in out.strip().split("\n")]
    assert [d["id"] for d in docs] == ["a", "b"]
    assert docs[0]["text"].count("\n") == 2


@pytest.mark.parametrize(("content", "message"), [
    (b"", "input is empty"),
    (b"   \n\n", "input is empty"),
    (b"K\xf6ln\n", "invalid UTF-8"),
    (b"\x00\x01\x02\x03", "binary"),
])
def test_bad_input_exit_2_one_line(tiny_model, tmp_path, capsys, content, message) -> None:
    path = tmp_path / "in.txt"
    path.write_bytes(content)
    code, out, err = run_cli(capsys, "translate", path, "--model", tiny_model)
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_missing_input_file(tiny_model, capsys) -> None:
    code, _, err = run_cli(capsys, "translate", "/no/such/file.txt", "--model", tiny_model)
    assert code == 2 and "no such file" in err and err.count("\n") == 1


def test_debug_adds_the_traceback_and_keeps_the_exit_code(tiny_model, capsys) -> None:
    code, _, err = run_cli(capsys, "--debug", "translate", "/no/such/file.txt",
                           "--model", tiny_model)
    assert code == 2 and err.startswith("Traceback")
    assert err.endswith("transalign: error: /no/such/file.txt: no such file\n")


def test_usage_errors_carry_the_tool_prefix_and_the_help_to_read(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["align", "only-one-file"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert err == ("transalign: error: the following arguments are required: TGT "
                   "(see 'transalign align --help')\n")


def test_missing_model_directory(tmp_path, capsys) -> None:
    code, _, err = run_cli(capsys, "translate", ARTICLE, "--model", tmp_path / "nomodel")
    assert code == 2 and "does not exist" in err and err.count("\n") == 1


def test_revision_of_a_local_model_directory_is_refused(tiny_model, capsys) -> None:
    # it used to be recorded in the manifest as if it had been checked out
    code, _, err = run_cli(capsys, "translate", ARTICLE, "--model", tiny_model,
                           "--revision", "v1.0")
    assert code == 2 and err.count("\n") == 1
    assert "is a local directory; a revision ('v1.0') applies to hub models only" in err


def test_incomplete_checkpoint_names_missing_files(tiny_model, tmp_path, capsys) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(tiny_model, broken)
    (broken / "vocab.json").unlink()
    code, _, err = run_cli(capsys, "translate", ARTICLE, "--model", broken)
    assert code == 2 and "missing vocab.json" in err and "--model" in err


def test_hub_model_offline_fails_fast_naming_the_fix(monkeypatch, tmp_path, capsys) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    started = time.perf_counter()
    code, _, err = run_cli(capsys, "translate", ARTICLE, "--model", "Helsinki-NLP/opus-mt-de-en")
    assert time.perf_counter() - started < 30
    assert code == 2 and err.count("\n") == 1
    assert "HF_HUB_OFFLINE" in err and "--model PATH" in err


def test_hub_model_without_network_names_the_fix(monkeypatch, tmp_path, capsys) -> None:
    import huggingface_hub

    calls = []

    def no_network(*args, **kwargs):
        calls.append(kwargs.get("local_files_only"))
        raise OSError("ConnectError: [Errno -2] Name or service not known")

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setattr(huggingface_hub, "snapshot_download", no_network)
    code, _, err = run_cli(capsys, "translate", ARTICLE, "--model", "Someone/missing-model")
    assert code == 2 and "cannot download model 'Someone/missing-model'" in err
    assert "--model PATH" in err and "HF_HUB_OFFLINE=1" in err
    assert calls[-1] is None  # the cache was tried first, then one download attempt


def test_a_mistyped_local_model_directory_is_not_taken_for_a_hub_id(monkeypatch, tmp_path,
                                                                     capsys) -> None:
    import huggingface_hub

    def no_hub(*args, **kwargs):
        raise AssertionError("the hub was asked for a local path")

    monkeypatch.setattr(huggingface_hub, "snapshot_download", no_hub)
    (tmp_path / "models").mkdir()
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(capsys, "translate", ARTICLE, "--model", "models/nope")
    assert code == 2 and "model directory 'models/nope' does not exist" in err


def test_unknown_config_key_is_a_usage_error(tiny_model, tmp_path, capsys) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("translate:\n  beam_size: 4\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "translate", ARTICLE, "--model", tiny_model, "--config", path)
    assert code == 2 and "unknown key 'beam_size'" in err


def test_cuda_requested_without_gpu(tiny_model, capsys) -> None:
    pytest.importorskip("torch")
    import torch

    if torch.cuda.is_available():
        pytest.skip("a GPU is present")
    code, _, err = run_cli(capsys, "translate", ARTICLE, "--model", tiny_model, "--device", "cuda")
    assert code == 2 and "--device cpu" in err


def test_help_does_not_import_torch_or_transformers() -> None:
    code = ("import sys; from transalign.cli import build_parser; build_parser(); "
            "heavy = [m for m in ('torch', 'transformers', 'ctranslate2', 'numpy', 'sacrebleu', "
            "'ray') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"
