"""Configuration: defaults, YAML files, unknown keys, bad values."""

from __future__ import annotations

from pathlib import Path

import pytest

from transalign.config import TranslateOptions, load_options, read_yaml
from transalign.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]


def test_configs_default_yaml_matches_built_in_defaults() -> None:
    data = read_yaml(ROOT / "configs" / "default.yaml")["translate"]
    assert data == TranslateOptions().as_dict()


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
