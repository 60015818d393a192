"""Arguments and helpers shared by several subcommands (input, model, output)."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..config import load_options, load_sections
from ..reading import read_documents
from ..translate import load_translator

if TYPE_CHECKING:
    from ..config import TranslateOptions
    from ..records import Document
    from ..translate.base import Translator

log = logging.getLogger(__name__)


def add_input_arguments(parser: argparse.ArgumentParser, *, nargs: str | None = None) -> None:
    """``INPUT`` (file or ``-``), ``--input-format`` and ``--unwrap-lines``."""
    parser.add_argument("input", metavar="INPUT", nargs=nargs,
                        help="UTF-8 text file, JSONL file ({\"id\", \"text\"} per line) or - for stdin")
    parser.add_argument("--input-format", choices=["auto", "text", "jsonl"], default="auto",
                        help="input format (default: auto: JSONL for .jsonl files and for input whose "
                        "first line is a JSON object with a \"text\" field, text otherwise)")
    parser.add_argument("--unwrap-lines", action="store_true",
                        help="input is hard-wrapped (PDF-style): paragraphs are separated by "
                        "blank lines, single line breaks inside a paragraph are spaces")


def read_input(args: argparse.Namespace, path: str | None = None) -> list[Document]:
    """Documents of ``args.input`` (or ``path``), with the tool's input errors."""
    return read_documents(path or args.input, args.input_format)


def warn_if_wrapped(documents: Sequence[Document], unwrap_lines: bool, name: str) -> None:
    """Say on stderr (even with -q) when documents read line by line look hard-wrapped:
    each line would be a paragraph, and sentences would be cut at the line ends."""
    from ..segment.paragraphs import looks_wrapped

    if unwrap_lines:
        return
    wrapped = [d for d in documents if looks_wrapped(d.text)]
    if wrapped:
        what = (f"{len(wrapped)} of {len(documents)} documents look" if len(documents) > 1
                else "the text looks")
        log.warning("warning: %s: %s hard-wrapped (lines end inside sentences); every line "
                    "is read as a paragraph, so sentences are cut at the line ends: pass "
                    "--unwrap-lines if blank lines separate the paragraphs", name, what)


# The conventions every subcommand shares (sacrebleu, Moses tools, Unix filters): data on
# stdout unless -o FILE; -o FILE replaces an existing file atomically (a temporary renamed
# on success) but never one of the command's inputs; reports and progress on stderr, which
# -q/--quiet silences. -o, --format and -q/--quiet sit together in an "output" group.
OUTPUT_HELP = ("output file (default: - = stdout); an existing file is replaced, atomically; "
               "an input is refused")


def add_quiet_argument(group: argparse._ActionsContainer,
                       help: str = "no progress or info messages on stderr") -> None:
    """``-q/--quiet``, in the group of the output options."""
    group.add_argument("--quiet", "-q", action="store_true", help=help)


def add_output_arguments(parser: argparse.ArgumentParser, formats: list[str], default: str,
                         *, quiet_help: str = "no progress or info messages on stderr"
                         ) -> argparse._ArgumentGroup:
    """The "output" group: ``-o/--output``, ``--format`` and ``-q/--quiet``; returned so a
    command can add its own output options (``--header``) next to them."""
    g = parser.add_argument_group("output")
    g.add_argument("-o", "--output", metavar="OUTPUT", default="-", help=OUTPUT_HELP)
    g.add_argument("--format", choices=formats, default=default,
                   help=f"output format (default: {default})")
    add_quiet_argument(g, quiet_help)
    return g


def add_model_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the translation model: the same for translate, align and batch."""
    g = parser.add_argument_group("model")
    g.add_argument("--config", metavar="YAML",
                   help="configuration file (default: configs/default.yaml settings)")
    g.add_argument("--model", help="hub id or local directory of a Marian checkpoint "
                   "(default: $TRANSALIGN_MODEL, else the config file's model:, else "
                   "Helsinki-NLP/opus-mt-de-en)")
    g.add_argument("--revision", help="model revision (branch, tag or commit) on the hub")
    g.add_argument("--backend", choices=["auto", "transformers", "ctranslate2"],
                   help="inference backend (default: auto)")
    g.add_argument("--device", choices=["auto", "cpu", "cuda"], help="device (default: auto)")
    g.add_argument("--dtype", choices=["auto", "float32", "float16", "bfloat16", "int8"],
                   help="compute dtype (default: int8 on CPU with CTranslate2, float32 with "
                   "transformers; float16 on CUDA)")
    g.add_argument("--beams", type=int, help="beam size (default: 4, as opus-mt)")
    g.add_argument("--max-batch-tokens", type=int, help="token budget per batch")


MODEL_FLAGS = ("model", "revision", "backend", "device", "dtype", "beams", "max_batch_tokens")


def _confidence(text: str) -> float:
    """``--min-confidence``: a finite number of 0 or less (a mean log-probability)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not -float("inf") < value <= 0:
        raise argparse.ArgumentTypeError(
            f"a mean log-probability per token: a number of 0 or less (e.g. -1.5), got {text}")
    return value


def add_trust_arguments(parser: argparse.ArgumentParser) -> None:
    """What the translator copies and checks (translate and batch; see
    ``transalign.translate.trust``)."""
    g = parser.add_argument_group(
        "copies and checks",
        "segments with nothing to translate (punctuation, numbers, URLs, hashtags, "
        "scores) are copied, flagged copied; English sentences are copied, flagged "
        "source_en; every translation is checked: numbers, dates, times and links "
        "(number_mismatch, missing_token) and its language (not_english). Each record's "
        "score is the mean log-probability per target token of the model's output, "
        "not calibrated")
    g.add_argument("--translate-all", action="store_true", default=None,
                   help="translate English sentences too (still flagged source_en)")
    g.add_argument("--min-confidence", type=_confidence, metavar="X",
                   help="flag low_confidence where a sentence's score is below X "
                   "(a mean log-probability per token, e.g. -1.5; default: no such flag)")
    g.add_argument("--no-checks", dest="checks", action="store_false", default=None,
                   help="send every segment to the model and check nothing "
                   "(scores are still given)")


TRUST_FLAGS = ("translate_all", "min_confidence", "checks")


def model_overrides(args: argparse.Namespace) -> dict[str, object]:
    """The model flags the user gave (``add_model_arguments``, ``add_trust_arguments``),
    as option overrides."""
    return {k: getattr(args, k) for k in (*MODEL_FLAGS, *TRUST_FLAGS)
            if getattr(args, k, None) is not None}


def options_from_args(args: argparse.Namespace) -> TranslateOptions:
    """Merge configuration file and command-line overrides into ``TranslateOptions``; a
    ``batch:`` section in the same file is checked too (one file serves ``translate`` and
    ``batch``: a typo in it is said now, not the day the batch job runs)."""
    sections = load_sections(args.config)  # read once, for both sections
    options = load_options(args.config, model_overrides(args), sections=sections)
    if "batch" in sections:
        from ..job.settings import batch_settings_from_mapping

        batch_settings_from_mapping(sections["batch"], str(args.config))
    return options


def load_translator_from_args(args: argparse.Namespace) -> Translator:
    """A ready translator for the model options in ``args``."""
    return load_translator(options_from_args(args))
