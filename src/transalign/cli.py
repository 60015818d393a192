"""Command-line entry point: a thin layer over the Python API.

Each subcommand lives in ``transalign.commands.<name>`` with ``HELP``,
``add_arguments(parser)`` and ``run(args) -> int``. Those modules are light to
import; torch and transformers are imported only when a model is loaded, so
``transalign --help`` stays fast.

Exit codes: 0 ok, 1 failure, 2 usage or input error (see ``errors.py``).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import importlib
import logging
import signal
import sys
import traceback
from collections.abc import Iterator, Sequence

from ._version import __version__
from .errors import TransalignError
from .limits import MAX_ERROR_LINE
from .paths import oserror_reason, shown

# name on the command line -> module under transalign.commands
COMMANDS: dict[str, str] = {
    "translate": "translate",
    "segment": "segment",
    "align": "align",
    "evaluate": "evaluate",
    "evaluate-alignment": "evaluate_alignment",
    "export": "export",
    "batch": "batch",
    "check": "check",
    "review": "review",
}

log = logging.getLogger("transalign")


class _Parser(argparse.ArgumentParser):
    argv: Sequence[str] = ()  # the command line (main sets it), for error's hint

    def error(self, message: str) -> None:  # type: ignore[override]
        # One line and exit code 2, like every other usage error of the tool, with the
        # same "transalign: error:" prefix (argparse would write "transalign align: error:").
        prog = self.prog
        if prog == "transalign":  # an unknown option after a command is found up here
            first = next((a for a in getattr(self, "argv", ()) if not a.startswith("-")), None)
            command = first if first in COMMANDS else None
            prog = f"transalign {command}" if command else prog
        hint = f" (see '{prog} --help')" if prog != "transalign" else ""
        self.exit(2, f"transalign: error: {message}{hint}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="transalign",
        description="German→English MarianMT translation, sentence alignment, "
        "evaluation and parallel-corpus export.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(f".commands.{module_name}", __package__)
        cmd = sub.add_parser(name, help=module.HELP, description=module.HELP)
        cmd.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                         help="show tracebacks and debug logs")
        module.add_arguments(cmd)
        cmd.set_defaults(_run=module.run)
    return parser


def _configure_logging(args: argparse.Namespace) -> None:
    level = logging.DEBUG if args.debug else (
        logging.WARNING if getattr(args, "quiet", False) else logging.INFO)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("transalign: %(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(level)
    log.propagate = False


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where the program is, so that it ends as on Ctrl-C: every
    ``with`` block unwinds and removes its temporaries (``outputs.open_output``)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated(signum)


@contextlib.contextmanager
def _signals_as_exceptions() -> Iterator[None]:
    """SIGTERM and SIGHUP raise :class:`Terminated` while the command runs (unless they
    are ignored, as under ``nohup``); the old handlers come back afterwards."""
    saved = {}
    for sig in (signal.SIGTERM, signal.SIGHUP):
        with contextlib.suppress(ValueError, OSError):  # not the main thread
            if signal.getsignal(sig) == signal.SIG_DFL:
                saved[sig] = signal.signal(sig, _raise_terminated)
    try:
        yield
    finally:
        for sig, handler in saved.items():
            with contextlib.suppress(ValueError, OSError):
                signal.signal(sig, handler)


def one_line(message: str, limit: int = MAX_ERROR_LINE) -> str:
    """``message`` as one line of at most ``limit`` characters (line breaks become
    spaces; a longer message is cut, and says so)."""
    text = " ".join(message[: limit * 2].split("\n")).replace("\r", " ")
    if len(text) <= limit and len(message) <= limit * 2:
        return text
    return text[: limit - 14] + " … (cut here)"


# errors of the operating system that are about a path the user gave, not about the
# program: one error line, exit code 2 (the library raises its own errors for these;
# this is the net under them)
_PATH_ERRNOS = {errno.ENAMETOOLONG, errno.EACCES, errno.EPERM, errno.ELOOP, errno.EROFS,
                errno.ENOSPC, errno.EDQUOT}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code."""
    parser = build_parser()
    parser.argv = list(sys.argv[1:] if argv is None else argv)  # type: ignore[attr-defined]
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        return 2
    _configure_logging(args)
    prefix = "transalign: error: "
    try:
        with _signals_as_exceptions():
            return int(args._run(args) or 0)
    except TransalignError as exc:
        if args.debug:  # the traceback as well, same exit code
            traceback.print_exc()
        print(one_line(f"{prefix}{exc}"), file=sys.stderr)
        return exc.exit_code
    except Terminated as exc:
        name = signal.Signals(exc.signum).name
        print(f"transalign: terminated ({name})", file=sys.stderr)
        return 128 + exc.signum
    except KeyboardInterrupt:
        print("transalign: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # e.g. `transalign translate … | head`: not an error of ours.
        sys.stderr.close()
        return 0
    except OSError as exc:
        if args.debug:
            traceback.print_exc()
        if exc.errno in _PATH_ERRNOS:

            where = f"{shown(exc.filename)}: " if exc.filename is not None else ""
            print(one_line(f"{prefix}{where}{oserror_reason(exc)}"), file=sys.stderr)
            return 2
        print(one_line(f"transalign: internal error: {type(exc).__name__}: {exc} "
                       "(rerun with --debug for a traceback)"), file=sys.stderr)
        return 1
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
        print(one_line(f"transalign: internal error: {type(exc).__name__}: {exc}")
              + " (rerun with --debug for a traceback)", file=sys.stderr)
        return 1


def entry() -> None:
    """Console-script entry point."""
    sys.exit(main())
