"""The package version, in a module of its own so that any module can import it
without importing the package root (``transalign/__init__.py`` re-exports it)."""

__version__ = "0.1.0"
