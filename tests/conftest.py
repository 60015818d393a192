"""Shared fixtures: paths to ../shared/data (skip when absent) and the tiny Marian model."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``; tests that use it skip cleanly when it is absent."""
    if not (SHARED_DATA / "README.md").is_file():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA
