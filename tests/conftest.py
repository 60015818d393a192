"""Shared fixtures: paths to ../shared/data (skip when absent) and the tiny Marian model."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session", autouse=True)
def _private_caches(tmp_path_factory: pytest.TempPathFactory):
    """CTranslate2 conversions go to a temporary cache, never the user's home."""
    import os

    old = os.environ.get("TRANSALIGN_CACHE")
    os.environ["TRANSALIGN_CACHE"] = str(tmp_path_factory.mktemp("transalign-cache"))
    yield
    if old is None:
        os.environ.pop("TRANSALIGN_CACHE", None)
    else:
        os.environ["TRANSALIGN_CACHE"] = old


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``; tests that use it skip cleanly when it (or a part) is absent."""
    parts = ("README.md", "seed/article.de.txt", "segmentation", "alignment",
             "parallel/wmt22_news_systems")
    missing = [p for p in parts if not (SHARED_DATA / p).exists()]
    if missing:
        pytest.skip(f"../shared/data is not present (missing {', '.join(missing)})")
    return SHARED_DATA


def _load_script(name: str):
    import importlib.util
    import sys

    path = ROOT / "scripts" / f"{name}.py"
    sys.path.insert(0, str(path.parent))
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny Marian checkpoint laid out like opus-mt, built once per session (~5 s)."""
    builder = _load_script("build_tiny_model")
    return builder.build(tmp_path_factory.mktemp("models") / "tiny", "tiny")


@pytest.fixture(scope="session")
def fast_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Settings that keep the random tiny model's garbage output short (tests stay fast)."""
    path = tmp_path_factory.mktemp("config") / "fast.yaml"
    path.write_text("translate:\n  beams: 2\n  max_new_tokens_cap: 12\n", encoding="utf-8")
    return path
