"""One error hierarchy for the whole library.

The library raises these and never calls ``sys.exit``; the CLI maps them to exit
codes (``exit_code``) and prints one line without a traceback unless ``--debug``.
"""

from __future__ import annotations


class TransalignError(Exception):
    """Base class of every error the library raises on purpose."""

    exit_code = 1


class UsageError(TransalignError):
    """The command was called wrongly (bad flag combination, unknown choice)."""

    exit_code = 2


class ConfigError(UsageError):
    """A configuration file or value is invalid (unknown key, wrong type)."""


class InputError(UsageError):
    """The user's input cannot be used (missing, empty, not UTF-8, wrong shape)."""


class ModelError(TransalignError):
    """The model cannot be found, downloaded or loaded. The message names the fix."""

    exit_code = 2


class OutputError(TransalignError):
    """An output cannot be written (an unwritable or missing folder, a directory, one of the inputs, a full disk)."""

    exit_code = 2


class AlignmentError(TransalignError):
    """The aligner was given inputs it cannot align."""


class TranslationError(TransalignError):
    """A translation backend failed on an input it accepted."""
