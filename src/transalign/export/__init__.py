"""Parallel-corpus export: read pairs, clean them once, filter, write TMX/Moses/TSV/JSONL/HF.

    from transalign.export import FilterChain, EmptySideFilter, make_writer, read_all, export_pairs

    chain = FilterChain([EmptySideFilter()])
    with make_writer("tmx", "out.tmx", src_lang="de", tgt_lang="en") as writer:
        stats = export_pairs(read_all(["beads.jsonl"]), writer, chain)
"""

from __future__ import annotations

from .clean import clean_pair, clean_text
from .filters import (
    FILTER_ORDER,
    FILTERS,
    ConfidenceFilter,
    DuplicateFilter,
    EmptySideFilter,
    Filter,
    FilterChain,
    FlagFilter,
    IdenticalFilter,
    LanguageFilter,
    LengthFilter,
    LengthRatioFilter,
    ScoreFilter,
    TypeFilter,
)
from .pair import AlignedPair
from .pipeline import ExportStats, export_pairs, rejected_record
from .readers import peek_manifest, read_all, read_pairs
from .tmxcheck import TmxStructureError, check_tmx
from .writers import WRITERS, Writer, make_writer, xml_attr, xml_text

__all__ = [
    "FILTERS",
    "FILTER_ORDER",
    "WRITERS",
    "AlignedPair",
    "ConfidenceFilter",
    "DuplicateFilter",
    "EmptySideFilter",
    "ExportStats",
    "Filter",
    "FilterChain",
    "FlagFilter",
    "IdenticalFilter",
    "LanguageFilter",
    "LengthFilter",
    "LengthRatioFilter",
    "ScoreFilter",
    "TmxStructureError",
    "TypeFilter",
    "Writer",
    "check_tmx",
    "clean_pair",
    "clean_text",
    "export_pairs",
    "make_writer",
    "peek_manifest",
    "read_all",
    "read_pairs",
    "rejected_record",
    "xml_attr",
    "xml_text",
]
