"""Shared fixtures: paths to ../shared/data (skip when absent) and the tiny Marian model."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


# Where the libraries the tests use would write outside the test's own folders, and the
# variable that points each of them elsewhere: the CTranslate2 conversions (ours), the
# Hugging Face hub and transformers caches, generic XDG caches and config (torch, tqdm),
# sacrebleu's folder, and Ray's address file and sessions (RAY_TMPDIR: without it Ray
# writes /tmp/ray/ray_current_cluster even when given a temp_dir, and fails where /tmp/ray
# does not exist; and its authentication token, ~/.ray/auth_token), torch's compile
# caches (torchinductor_$USER in the temp folder). Set when pytest starts, before any test module imports a library that
# reads them at import time (huggingface_hub, sacrebleu). Tests never touch the network.
_PRIVATE_DIRS = ("TRANSALIGN_CACHE", "HF_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME",
                 "TORCH_HOME", "TORCHINDUCTOR_CACHE_DIR", "TRITON_CACHE_DIR", "SACREBLEU",
                 "RAY_TMPDIR")
_saved_env: dict[str, str | None] = {}
_state_dir: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    import os
    import secrets
    import tempfile

    # under $TMPDIR (which `make test` points at a folder of its own)
    root = tempfile.mkdtemp(prefix="ta")
    _state_dir.append(root)
    for key in (*_PRIVATE_DIRS, "HF_HUB_OFFLINE", "RAY_AUTH_TOKEN"):
        _saved_env[key] = os.environ.get(key)
    for i, key in enumerate(_PRIVATE_DIRS):
        os.environ[key] = os.path.join(root, str(i))
        os.makedirs(os.environ[key])
    # Ray's socket paths (RAY_TMPDIR/session_<date>_<pid>/sockets/plasma_store.N) must stay
    # under 107 bytes: where $TMPDIR is too long for that, a short folder of the session's
    # own under /tmp, removed at the end like the rest
    if len(os.environ["RAY_TMPDIR"]) > 32:
        short = tempfile.mkdtemp(prefix="ta", dir="/tmp")
        _state_dir.append(short)
        os.environ["RAY_TMPDIR"] = short
    os.makedirs(os.path.join(os.environ["RAY_TMPDIR"], "ray"))  # Ray's address file goes here
    os.environ["HF_HUB_OFFLINE"] = "1"
    # a local Ray cluster generates an authentication token and saves it in
    # ~/.ray/auth_token unless one is given: give it one for the session
    os.environ["RAY_AUTH_TOKEN"] = secrets.token_hex(16)


def pytest_unconfigure(config: pytest.Config) -> None:
    import os
    import shutil

    for key, value in _saved_env.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    for root in _state_dir:
        shutil.rmtree(root, ignore_errors=True)


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
    sys.modules[name] = module  # before it runs: dataclasses look their module up there
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
