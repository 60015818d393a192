"""The examples in the library's docstrings run as written (``>>>`` lines, doctest)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import transalign

MODULES = sorted(m.name for m in pkgutil.walk_packages(transalign.__path__, "transalign.")
                 if not m.name.endswith("__main__"))


def _with_examples() -> list[str]:
    out = []
    for name in MODULES:
        module = importlib.import_module(name)
        if doctest.DocTestFinder().find(module) and any(
                t.examples for t in doctest.DocTestFinder().find(module)):
            out.append(name)
    return out


@pytest.mark.parametrize("name", _with_examples())
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), verbose=False,
                             optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
