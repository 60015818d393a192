"""The CTranslate2 backend: parity with transformers, conversion cache, backend choice."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from transalign.config import TranslateOptions
from transalign.errors import ConfigError
from transalign.translate import choose_backend, load_translator

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import textgen  # noqa: E402


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    return list(dict.fromkeys(textgen.german_sentences(300, seed=5)))[:150]


def translate(tiny_model, cache, sentences, **kw):
    opts = TranslateOptions(model=str(tiny_model), beams=4, max_new_tokens_cap=16,
                            guard=False, cache_dir=str(cache), **kw)
    translator = load_translator(opts)
    return translator, translator.translate(sentences)


def test_float32_parity_with_transformers(tiny_model, tmp_path, sentences, capsys) -> None:
    _, hf = translate(tiny_model, tmp_path, sentences, backend="transformers")
    ct2, ct = translate(tiny_model, tmp_path, sentences, backend="ctranslate2", dtype="float32")
    assert ct2.signature()["backend"] == "ctranslate2"
    assert len(set(hf)) > 20  # outputs depend on the input: agreement is not trivial
    same = sum(a == b for a, b in zip(hf, ct, strict=True))
    assert same / len(sentences) >= 0.99, f"{same}/{len(sentences)} identical"
    _, q8 = translate(tiny_model, tmp_path, sentences, backend="ctranslate2", dtype="int8")
    same8 = sum(a == b for a, b in zip(hf, q8, strict=True))
    with capsys.disabled():  # reported, not hidden (and not asserted: int8 may differ)
        print(f"\n[ct2 parity] float32 {same}/{len(sentences)} identical to transformers; "
              f"int8 {same8}/{len(sentences)}")


def test_conversion_is_cached_and_reused(tiny_model, tmp_path, monkeypatch) -> None:
    translate(tiny_model, tmp_path, ["Hallo."], backend="ctranslate2", dtype="int8")
    entries = [p for p in tmp_path.iterdir() if not p.name.startswith(".")]
    assert len(entries) == 1 and (entries[0] / "model.bin").is_file()
    assert "-int8-ct2_" in entries[0].name

    import ctranslate2.converters

    def fail(*a, **k):
        raise AssertionError("converted again")

    monkeypatch.setattr(ctranslate2.converters.TransformersConverter, "convert", fail)
    translate(tiny_model, tmp_path, ["Hallo."], backend="ctranslate2", dtype="int8")
    # A different quantisation is a different cache entry.
    monkeypatch.undo()
    translate(tiny_model, tmp_path, ["Hallo."], backend="ctranslate2", dtype="float32")
    assert len([p for p in tmp_path.iterdir() if not p.name.startswith(".")]) == 2


def test_cache_is_keyed_by_model_content_not_path(tiny_model, tmp_path) -> None:
    """The same model from two paths (a copy, and a symlink to it) converts once."""
    import json
    import shutil

    copy = tmp_path / "elsewhere" / "tinycopy"
    shutil.copytree(tiny_model, copy)
    link = tmp_path / "link"
    link.symlink_to(copy)
    cache = tmp_path / "cache"
    for model in (tiny_model, copy, link):
        translate(model, cache, ["Hallo."], backend="ctranslate2", dtype="int8")
    entries = [p for p in cache.iterdir() if not p.name.startswith(".")]
    assert len(entries) == 1, [p.name for p in entries]
    source = json.loads((entries[0] / "transalign-source.json").read_text())
    assert source["model"] == str(tiny_model) and source["quantization"] == "int8"
    # another model (other weights) is another entry
    other = tmp_path / "other"
    shutil.copytree(tiny_model, other)
    weights = next(p for p in other.iterdir() if p.suffix in (".bin", ".safetensors"))
    data = bytearray(weights.read_bytes())
    data[-1] ^= 1
    weights.write_bytes(bytes(data))
    translate(other, cache, ["Hallo."], backend="ctranslate2", dtype="int8")
    assert len([p for p in cache.iterdir() if not p.name.startswith(".")]) == 2


def test_deterministic_across_loads(tiny_model, tmp_path, sentences) -> None:
    _, first = translate(tiny_model, tmp_path, sentences[:40], backend="ctranslate2")
    _, second = translate(tiny_model, tmp_path, sentences[:40], backend="ctranslate2")
    assert first == second


def test_same_flags_and_long_split_as_transformers(tiny_model, tmp_path) -> None:
    long = " ".join(f"Wort{i % 40}" for i in range(600)) + "."
    for backend in ("transformers", "ctranslate2"):
        translator = load_translator(TranslateOptions(
            model=str(tiny_model), backend=backend, beams=1, max_new_tokens_cap=8,
            cache_dir=str(tmp_path)))
        [result] = translator.translate_detailed([long])
        assert "long_split" in result.flags, backend


def test_auto_prefers_ctranslate2_on_cpu() -> None:
    assert choose_backend(TranslateOptions(device="cpu")) == "ctranslate2"
    assert choose_backend(TranslateOptions(backend="transformers")) == "transformers"
    # bfloat16 on the CPU is a torch feature: auto falls back to transformers.
    assert choose_backend(TranslateOptions(device="cpu", dtype="bfloat16")) == "transformers"


def test_auto_falls_back_when_ctranslate2_cannot_use_the_gpu() -> None:
    from transalign.placement import Hardware, resolve_placement

    # a GPU that torch sees but CTranslate2 cannot use (its CUDA libraries missing)
    torch_only = Hardware(cuda=True, bf16=True, ct2_cuda=False)
    placed = resolve_placement(TranslateOptions(device="auto"), torch_only)
    assert (placed.backend, placed.device, placed.dtype) == ("transformers", "cuda", "float16")


def test_missing_ctranslate2_names_the_fix(tiny_model, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "ctranslate2", None)
    assert choose_backend(TranslateOptions()) == "transformers"
    with pytest.raises(ConfigError, match="pip install ctranslate2"):
        load_translator(TranslateOptions(model=str(tiny_model), backend="ctranslate2"))


def test_float16_on_cpu_is_refused(tiny_model, tmp_path) -> None:
    with pytest.raises(ConfigError, match="float16 is for GPUs"):
        load_translator(TranslateOptions(model=str(tiny_model), backend="ctranslate2",
                                         device="cpu", dtype="float16", cache_dir=str(tmp_path)))


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_regression_output_limit_never_exceeds_decoder_positions(tiny_model, tmp_path,
                                                                  backend) -> None:
    # Default settings allow min(256, 2 * source + 10) new tokens, more than the tiny
    # model's 128 decoder positions: CTranslate2 raised "No position encodings are
    # defined for positions >= 128" on the seed article.
    translator = load_translator(TranslateOptions(model=str(tiny_model), backend=backend,
                                                  beams=1, cache_dir=str(tmp_path)))
    words = 1
    while len(translator.backend.encode([" ".join(["Stadtrat"] * words)])[0]) < 70:
        words += 1
    sentence = " ".join(["Stadtrat"] * words)
    assert 2 * len(translator.backend.encode([sentence])[0]) + 10 > 128  # limit > positions
    [result] = translator.translate_detailed([sentence])
    assert result.text and "long_split" not in result.flags
    assert translator.stats.pieces == 1 and translator.stats.target_tokens <= 127


def test_engine_environment_forces_avx512_only_where_the_cpu_has_it(monkeypatch) -> None:
    from transalign.translate import ct2_backend

    monkeypatch.delenv("CT2_FORCE_CPU_ISA", raising=False)
    monkeypatch.setattr(ct2_backend, "_cpu_has_avx512", lambda: True)
    assert ct2_backend.engine_environment() == {"CT2_FORCE_CPU_ISA": "AVX512"}
    monkeypatch.setattr(ct2_backend, "_cpu_has_avx512", lambda: False)
    assert ct2_backend.engine_environment() == {}
    # the user's own choice is never overridden
    monkeypatch.setattr(ct2_backend, "_cpu_has_avx512", lambda: True)
    monkeypatch.setenv("CT2_FORCE_CPU_ISA", "AVX2")
    assert ct2_backend.engine_environment() == {}


def test_cpu_flag_check_reads_every_required_flag(tmp_path, monkeypatch) -> None:
    from transalign.translate import ct2_backend

    real_open = open
    info = tmp_path / "cpuinfo"

    def fake_open(path, *args, **kwargs):
        return real_open(info if path == "/proc/cpuinfo" else path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", fake_open)
    info.write_text("processor : 0\nflags : fpu avx2 avx512f avx512cd avx512bw avx512dq avx512vl\n")
    assert ct2_backend._cpu_has_avx512()
    info.write_text("processor : 0\nflags : fpu avx2 avx512f\n")  # no BW/DQ/VL: refused
    assert not ct2_backend._cpu_has_avx512()


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_a_sentence_translates_the_same_alone_and_inside_a_batch(tiny_model, tmp_path,
                                                                  sentences, backend) -> None:
    # The random tiny model runs every output to its limit, and a batch's limit comes from
    # its longest source: without the per-sentence cut the short sentences came out longer
    # inside the batch than alone.
    opts = TranslateOptions(model=str(tiny_model), beams=1, guard=False, backend=backend,
                            cache_dir=str(tmp_path))
    translator = load_translator(opts)
    chosen = sorted(sentences[:40], key=len)[::4]  # short and long ones in one batch
    together = translator.translate(chosen)
    alone = [translator.translate([s])[0] for s in chosen]
    assert together == alone
    assert len({len(t.split()) for t in together}) > 1  # lengths differ: limits did apply


def test_a_cache_that_cannot_be_written_is_a_model_error_naming_the_fix(
        tiny_model, tmp_path, capsys) -> None:
    from transalign.cli import main
    from transalign.errors import ModelError

    blocker = tmp_path / "a-file"  # a cache "folder" that is a file: mkdir fails
    blocker.write_text("x")
    with pytest.raises(ModelError, match=r"cannot write the CTranslate2 cache .*TRANSALIGN_CACHE"):
        translate(tiny_model, blocker / "cache", ["Hallo."], backend="ctranslate2")
    src = tmp_path / "in.txt"
    src.write_text("Hallo.\n", encoding="utf-8")
    config = tmp_path / "c.yaml"
    config.write_text(f"translate:\n  cache_dir: {blocker}\n", encoding="utf-8")
    assert main(["translate", str(src), "--model", str(tiny_model), "--backend", "ctranslate2",
                 "--config", str(config), "-q"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write the CTranslate2 cache" in err
