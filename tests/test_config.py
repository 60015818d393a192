"""Configuration: defaults, YAML files, unknown keys, bad values."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from transalign.config import TranslateOptions, load_options, read_yaml
from transalign.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]


def test_configs_default_yaml_matches_built_in_defaults() -> None:
    data = read_yaml(ROOT / "configs" / "default.yaml")["translate"]
    assert data == TranslateOptions().as_dict()


def test_a_bad_value_is_named_as_the_user_gave_it(tmp_path) -> None:
    with pytest.raises(ConfigError, match=r"^--max-batch-tokens must be at least 1, got 0$"):
        load_options(None, {"max_batch_tokens": 0})
    path = tmp_path / "c.yaml"
    path.write_text("translate:\n  beams: 0\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^beams must be at least 1, got 0 \(in .*c\.yaml\)$"):
        load_options(path, {})


def test_file_then_overrides(tmp_path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("translate:\n  beams: 2\n  model: ./m\n", encoding="utf-8")
    opts = load_options(path, {"beams": 5})
    assert (opts.beams, opts.model) == (5, "./m")


@pytest.mark.parametrize(("yaml_text", "message"), [
    ("translate:\n  beam: 4\n", "unknown key 'beam'; valid keys: backend, beams"),
    ("translate:\n  beams: many\n", "beams: invalid value"),
    ("translate:\n  beams: 0\n", "beams must be at least 1"),
    ("translate:\n  device: tpu\n", "device: unknown value 'tpu'; choose from auto, cpu, cuda"),
    ("translate:\n  guard: 3\n", "guard: invalid value"),
    ("translate: [1, 2]\n", "'translate' must be a mapping"),
    ("- a\n- b\n", "expected a mapping"),
    ("translate:\n  beams: [\n", "not valid YAML"),
    ("translate:\n  beams: 2\nbeamz: 4\n", "unknown key 'beamz'; valid keys: batch, translate"),
    # a misspelt section is named as one, not as an unknown translate setting
    ("translat:\n  beams: 2\n", "unknown key 'translat'; valid keys: batch, translate"),
    ("batch:\n  shard_size: 3\nbeams: 2\n", "unknown key 'beams'; valid keys: batch, translate"),
    ("translate:\n  threads: -3\n", "threads must be 0 or more"),
    ("translate:\n  repetition_penalty: -1\n", "repetition_penalty must be a positive number"),
    ("translate:\n  no_repeat_ngram_size: -2\n", "no_repeat_ngram_size must be 0 or more"),
    ("translate:\n  max_new_tokens_ratio: .nan\n", "max_new_tokens_ratio must be a positive"),
    ("translate:\n  max_new_tokens_offset: -100\n", "max_new_tokens_offset must be 0 or more"),
    ("translate:\n  beams: 100000\n", "beams must be at most 64"),
    ("translate:\n  min_new_tokens: 300\n", "must not exceed max_new_tokens_cap"),
])
def test_config_errors_name_the_problem(tmp_path, yaml_text, message) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("(", r"\(")):
        load_options(path)


def test_a_file_with_only_other_sections_gives_the_defaults(tmp_path) -> None:
    path = tmp_path / "batch-only.yaml"
    path.write_text("batch:\n  shard_size: 3\n", encoding="utf-8")
    assert load_options(path, {"beams": 2}) == TranslateOptions().replace(beams=2)
    flat = tmp_path / "flat.yaml"  # translate settings at the top level still work
    flat.write_text("beams: 3\n", encoding="utf-8")
    assert load_options(flat).beams == 3


def test_missing_config_file(tmp_path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_options(tmp_path / "none.yaml")


@pytest.mark.parametrize(("yaml_text", "message"), [
    # one loader, one set of type rules for every section
    ("translate:\n  cache_dir: [1, 2]\n", "cache_dir: invalid value [1, 2] (expected str | None)"),
    ("translate:\n  beams: 4.5\n", "beams: invalid value 4.5 (expected int)"),
    ("batch:\n  ray: {num_cpus: .nan}\n", "batch.ray.num_cpus must be > 0"),
    ("batch:\n  export: jsonl\n", "batch.export: invalid value 'jsonl'"),
    ("translate:\n  model: " + "x" * 5000 + "\n  beams: true\n", "beams: invalid value True"),
])
def test_translate_and_batch_sections_share_one_loader(tmp_path, yaml_text, message) -> None:
    from transalign.job import load_job_config

    path = tmp_path / "c.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    # a batch: section is read by the batch job (translate ignores it)
    for load in (load_job_config,) if yaml_text.startswith("batch") else (load_options,
                                                                         load_job_config):
        with pytest.raises(ConfigError, match=re.escape(message)):
            load(path)


def test_error_lines_echo_a_short_excerpt_of_a_value(tmp_path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("translate:\n  beams: '" + "9" * 100_000 + "'\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_options(path)
    message = str(info.value).replace(str(path), "FILE")  # the file's name is said in full
    assert message.startswith("FILE: translate.beams: invalid value")
    assert len(message) < 200 and "characters" in message


def test_a_flat_file_of_translate_settings_serves_the_batch_job_too(tmp_path) -> None:
    from transalign.job import load_job_config

    path = tmp_path / "flat.yaml"
    path.write_text("beams: 3\n", encoding="utf-8")
    options, batch = load_job_config(path)
    assert options.beams == load_options(path).beams == 3 and batch.shard_size == 1000
