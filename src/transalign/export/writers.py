"""Writers for TMX 1.4, Moses, TSV, JSONL and the Hugging Face ``translation`` shape.

Every writer is a context manager over atomic outputs
(:func:`transalign.outputs.open_output`: a temporary file renamed on success,
removed on failure), streams pair by pair (constant memory), and cleans every
pair with :func:`~transalign.export.clean.clean_pair` unless told it is clean.

Usage::

    with make_writer("tmx", "out.tmx", src_lang="de", tgt_lang="en") as writer:
        for pair in pairs:
            writer.write(pair)
"""

from __future__ import annotations

import abc
import contextlib
import csv
import json
import os
import re
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any, ClassVar, TextIO

from .._version import __version__
from ..errors import OutputError, UsageError
from ..jsonl import dumps_line, manifest_line
from ..outputs import check_output, open_output
from ..paths import is_dir, probe
from .clean import clean_pair, clean_text
from .pair import AlignedPair

_LANG_RE = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")


def check_languages(src_lang: str, tgt_lang: str) -> None:
    """Raise :class:`UsageError` unless both are BCP 47-like tags and differ."""
    for flag, lang in (("--src-lang", src_lang), ("--tgt-lang", tgt_lang)):
        if not _LANG_RE.fullmatch(lang):
            raise UsageError(f"{flag} {lang!r} is not a language tag such as de, en or pt-BR")
    if src_lang.lower() == tgt_lang.lower():
        raise UsageError(f"--src-lang and --tgt-lang are both {src_lang!r}; they must differ")


def xml_text(text: str) -> str:
    """Escape character data for XML (``&``, ``<``, ``>``; ``>`` also guards ``]]>``).

    The text must already be legal XML 1.0 (see :func:`clean_text`).
    """
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def xml_attr(text: str) -> str:
    """Escape an attribute value for ``attr="…"``: as :func:`xml_text` plus quotes and
    tab/LF/CR as character references (attribute-value normalisation would turn them
    into spaces otherwise)."""
    return (xml_text(text).replace('"', "&quot;").replace("\t", "&#9;")
            .replace("\n", "&#10;").replace("\r", "&#13;"))


def _score_text(score: float | None) -> str:
    # repr: the shortest text that reads back as the same float.
    return "" if score is None else repr(score)


def _ids_text(ids: Sequence[int]) -> str:
    return ",".join(map(str, ids))


class Writer(abc.ABC):
    """Base of the writers: opens atomic outputs, cleans, and calls three hooks.

    Subclasses set :attr:`name` and fill in :meth:`_begin` (headers),
    :meth:`_write` (one clean pair) and :meth:`_end` (footers); :meth:`paths`
    names the files when it is not just ``output``.

    Args:
        output: The output path (``-`` for stdout where the format allows).
        src_lang: Source language tag (TMX ``srclang``, file names, JSON keys).
        tgt_lang: Target language tag.
        overwrite: Replace existing files; otherwise :class:`OutputError`.
        manifest: Provenance written where the format has room for it.
    """

    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]] = ()

    def __init__(self, output: str, *, src_lang: str = "de", tgt_lang: str = "en",
                 overwrite: bool = False, manifest: Mapping[str, Any] | None = None) -> None:
        check_languages(src_lang, tgt_lang)
        self.output = output
        self.src_lang = src_lang
        self.tgt_lang = tgt_lang
        self.overwrite = overwrite
        self.manifest = dict(manifest or {})
        self.count = 0
        self._stack: contextlib.ExitStack | None = None
        self._handles: list[TextIO] = []

    def paths(self) -> list[str]:
        """The files this writer creates."""
        return [self.output]

    def __enter__(self) -> Writer:
        paths = self.paths()
        for path in paths:  # all of them before the first is opened
            check_output(path, overwrite=self.overwrite)
        stack = contextlib.ExitStack()
        try:
            self._handles = [stack.enter_context(open_output(p, overwrite=self.overwrite))
                             for p in paths]
            self._begin()
        except BaseException as exc:
            # let the outputs already opened see the error: their temporary files are
            # deleted, and the files they were to replace stay as they were
            stack.__exit__(type(exc), exc, exc.__traceback__)
            raise
        self._stack = stack
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> bool:
        stack, self._stack = self._stack, None
        assert stack is not None
        if exc is None:
            try:
                self._end()
            except BaseException as end_exc:
                if not stack.__exit__(type(end_exc), end_exc, end_exc.__traceback__):
                    raise
                return False
        # Closing the stack renames every temporary file on success and deletes
        # them all when an exception passes through.
        return bool(stack.__exit__(exc_type, exc, tb))

    def write(self, pair: AlignedPair, *, cleaned: bool = False) -> None:
        """Write one pair (cleaned here unless ``cleaned`` says it already is)."""
        if self._stack is None:
            raise RuntimeError("use the writer as a context manager: with make_writer(...) as w")
        self._write(pair if cleaned else clean_pair(pair))
        self.count += 1

    def _begin(self) -> None:  # noqa: B027 - optional hook
        """Write whatever comes before the first pair."""

    @abc.abstractmethod
    def _write(self, pair: AlignedPair) -> None:
        """Write one clean pair."""

    def _end(self) -> None:  # noqa: B027 - optional hook
        """Write whatever comes after the last pair."""


class TmxWriter(Writer):
    """TMX 1.4 (https://www.gala-global.org/tmx-14b), streamed with tested escaping.

    The header carries all seven required attributes and ``srclang`` equal to the
    source ``xml:lang``. Each ``tu`` has its props first (``x-score`` when scored: the
    alignment score, or a translate record's confidence, ``x-score-kind`` saying which;
    ``x-confidence`` when the pair is an align bead with a confidence: the aligner's
    calibrated probability, in [0, 1], that the bead is right; ``x-type``, ``x-doc-id``,
    ``x-src-ids``, ``x-tgt-ids``, ``x-flags`` when any, comma-separated), then one
    ``tuv`` per language. Texts are written in
    ``seg`` unchanged after cleaning (leading/trailing spaces never occur).
    """

    name = "tmx"

    def _begin(self) -> None:
        out = self._handles[0]
        a = xml_attr
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
            '<tmx version="1.4">\n'
            f'  <header creationtool="transalign" creationtoolversion="{a(__version__)}" '
            f'segtype="sentence" o-tmf="transalign" adminlang="en" srclang="{a(self.src_lang)}" '
            'datatype="plaintext">\n'
        )
        if self.manifest:
            text = clean_text(json.dumps(self.manifest, ensure_ascii=False, sort_keys=True))
            out.write(f'    <prop type="x-transalign-manifest">{xml_text(text)}</prop>\n')
        out.write("  </header>\n  <body>\n")

    def _write(self, pair: AlignedPair) -> None:
        t = xml_text
        props = []
        if pair.score is not None:
            props.append(f'      <prop type="x-score">{_score_text(pair.score)}</prop>\n')
        if pair.confidence is not None:
            props.append(f'      <prop type="x-confidence">{_score_text(pair.confidence)}'
                         '</prop>\n')
        props.append(f'      <prop type="x-score-kind">{t(pair.score_kind)}</prop>\n'
                     f'      <prop type="x-type">{pair.kind}</prop>\n'
                     f'      <prop type="x-doc-id">{t(pair.doc_id)}</prop>\n'
                     f'      <prop type="x-src-ids">{_ids_text(pair.src_ids)}</prop>\n'
                     f'      <prop type="x-tgt-ids">{_ids_text(pair.tgt_ids)}</prop>\n')
        if pair.flags:
            props.append(f'      <prop type="x-flags">{t(",".join(pair.flags))}</prop>\n')
        self._handles[0].write(
            f'    <tu tuid="{self.count + 1}">\n{"".join(props)}'
            f'      <tuv xml:lang="{self.src_lang}"><seg>{t(pair.src)}</seg></tuv>\n'
            f'      <tuv xml:lang="{self.tgt_lang}"><seg>{t(pair.tgt)}</seg></tuv>\n'
            "    </tu>\n"
        )

    def _end(self) -> None:
        self._handles[0].write("  </body>\n</tmx>\n")


class MosesWriter(Writer):
    """Moses plain text: ``PREFIX.de-en.de``, ``PREFIX.de-en.en`` and ``PREFIX.de-en.ids``.

    ``output`` is a prefix; when it is an existing directory or ends with a
    slash the prefix is ``DIR/corpus``. The two text files have one segment
    per line (LF, final newline, no tabs or newlines inside a segment). The
    sidecar has one line per pair too: ``doc_id<TAB>src_ids<TAB>tgt_ids<TAB>
    type<TAB>score<TAB>confidence`` (ids comma-separated, score and confidence empty
    when there is none; the confidence is an align bead's, see ``AlignedPair``).
    All three files are written atomically and renamed only when all succeeded.
    """

    name = "moses"

    def paths(self) -> list[str]:
        if self.output == "-":
            raise UsageError("--format moses writes three files; give -o PREFIX, not stdout")
        prefix = self.output
        if prefix.endswith(("/", os.sep)) or is_dir(probe(prefix, OutputError)):
            prefix = os.path.join(prefix, "corpus")
        stem = f"{prefix}.{self.src_lang}-{self.tgt_lang}"
        return [f"{stem}.{self.src_lang}", f"{stem}.{self.tgt_lang}", f"{stem}.ids"]

    def _write(self, pair: AlignedPair) -> None:
        src, tgt, side = self._handles
        src.write(pair.src + "\n")
        tgt.write(pair.tgt + "\n")
        side.write(f"{pair.doc_id}\t{_ids_text(pair.src_ids)}\t{_ids_text(pair.tgt_ids)}\t"
                   f"{pair.kind}\t{_score_text(pair.score)}\t"
                   f"{_score_text(pair.confidence)}\n")


TSV_META_COLUMNS = ("score", "type", "doc_id", "src_ids", "tgt_ids", "score_kind", "flags",
                    "confidence")


class TsvWriter(Writer):
    """TSV: ``src<TAB>tgt`` per line (``csv.QUOTE_NONE``, no quote character, LF).

    Args:
        header: Write a header line (``de<TAB>en…``); off by default.
        meta: Add the columns ``score, type, doc_id, src_ids, tgt_ids, score_kind,
            flags, confidence`` (``score``: the alignment score or a translate record's
            confidence, as ``score_kind`` says; ``flags`` comma-separated;
            ``confidence``: an align bead's calibrated probability that it is right,
            empty for a translate record).
    """

    name = "tsv"

    def __init__(self, output: str, *, header: bool = False, meta: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(output, **kwargs)
        self.header = header
        self.meta = meta

    def _begin(self) -> None:
        # quotechar=None: with QUOTE_NONE the default '"' makes csv raise on
        # every text with a quote; cleaned text holds no tab or newline to escape.
        self._csv = csv.writer(self._handles[0], delimiter="\t", quoting=csv.QUOTE_NONE,
                               quotechar=None, escapechar=None, lineterminator="\n")
        if self.header:
            names = [self.src_lang, self.tgt_lang]
            self._csv.writerow(names + list(TSV_META_COLUMNS) if self.meta else names)

    def _write(self, pair: AlignedPair) -> None:
        row = [pair.src, pair.tgt]
        if self.meta:
            row += [_score_text(pair.score), pair.kind, pair.doc_id,
                    _ids_text(pair.src_ids), _ids_text(pair.tgt_ids), pair.score_kind,
                    ",".join(pair.flags), _score_text(pair.confidence)]
        self._csv.writerow(row)


class JsonlWriter(Writer):
    """JSONL: a manifest line, then :meth:`AlignedPair.to_json` per pair (``ensure_ascii=False``).

    The shape is the align bead shape plus ``score_kind`` and ``flags``, so
    ``transalign export`` reads its own output back.
    """

    name = "jsonl"

    def _begin(self) -> None:
        self._handles[0].write(manifest_line(self.manifest) + "\n")

    def _write(self, pair: AlignedPair) -> None:
        self._handles[0].write(dumps_line(pair.to_json()) + "\n")


class HfWriter(Writer):
    """Hugging Face ``translation`` JSONL: ``{"translation": {"de": …, "en": …}}`` per line.

    No manifest line: ``datasets.load_dataset("json", …)`` would read it as a
    row. Load with ``load_dataset("json", data_files="out.jsonl")``.
    """

    name = "hf"

    def _write(self, pair: AlignedPair) -> None:
        record = {"translation": {self.src_lang: pair.src, self.tgt_lang: pair.tgt}}
        self._handles[0].write(dumps_line(record) + "\n")


WRITERS: dict[str, type[Writer]] = {
    cls.name: cls for cls in (TmxWriter, MosesWriter, TsvWriter, JsonlWriter, HfWriter)
}


def make_writer(fmt: str, output: str, **kwargs: Any) -> Writer:
    """The writer for format ``fmt`` (a key of :data:`WRITERS`).

    Raises:
        UsageError: unknown format or languages.
    """
    try:
        cls = WRITERS[fmt]
    except KeyError:
        raise UsageError(f"unknown export format {fmt!r}; choose from {', '.join(WRITERS)}") from None
    return cls(output, **kwargs)
