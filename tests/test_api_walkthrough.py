"""What a developer's walk through the Python API ran into, each mended and held here.

Bad input gets the library's own errors with a clear message (a lone surrogate before the
tokenizer, a typo in a check's name, a segment with no reference at all), results behave
like the mappings they look like, and every error the library raises is a
``TransalignError``.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from transalign.check import check_pair, check_pairs
from transalign.errors import InputError, TransalignError, UsageError
from transalign.evaluate import evaluate_corpus


@pytest.fixture(scope="module")
def translator(tiny_model: Path):
    from transalign.config import TranslateOptions
    from transalign.translate import load_translator

    return load_translator(TranslateOptions(model=str(tiny_model), backend="transformers",
                                            beams=1))


def test_a_lone_surrogate_is_refused_before_the_tokenizer(translator) -> None:
    from transalign.pipeline import translate_documents
    from transalign.records import Document

    with pytest.raises(InputError, match=r"sentence 2 holds a lone surrogate \(U\+D800\)"):
        translator.translate(["Ein Satz.", "Ein \ud800 Satz."])
    with pytest.raises(InputError, match="lone surrogate"):
        translate_documents([Document("s", "Ein Satz mit \ud800 Surrogat.")], translator)
    # cleaned as the message says, it translates
    clean = "Ein \ud800 Satz.".encode("utf-8", "replace").decode("utf-8")
    assert len(translator.translate([clean])) == 1


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"checks": ("number",)}, "checks must be a list of numbers, tokens, langid"),
    ({"checks": "numbers"}, "checks must be a list"),
    ({"threshold": 2.0}, "threshold must be between 0 and 1"),
])
def test_check_refuses_what_would_check_nothing(kwargs: dict, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        check_pair("Um 19 Uhr.", "At 9 p.m.", **kwargs)
    # the right name finds the error
    assert check_pair("Um 19 Uhr.", "At 9 p.m.", checks=("numbers",)).flags == (
        "number_mismatch",)


def test_check_pairs_names_a_pair_that_is_not_two_strings() -> None:
    with pytest.raises(InputError, match=r"pair 2: expected \(source, target\) strings"):
        check_pairs([("Hallo.", "Hello."), "Hallo."])  # type: ignore[list-item]


def test_a_corpus_result_is_read_like_a_mapping_of_its_scores() -> None:
    result = evaluate_corpus(["The cat sat."], [["The cat sat."]], metrics="bleu,chrf")
    assert "bleu" in result and "chrF2" in result and "ter" not in result
    assert list(result) == ["BLEU", "chrF2"]
    assert result["bleu"].score == pytest.approx(100.0)


def test_a_document_result_gives_its_scores_by_key() -> None:
    from transalign.evaluate import evaluate_documents
    from transalign.records import Document

    docs = [Document("a", "The cat sat on the mat. It was warm.")]
    res = evaluate_documents(docs, docs, metrics="bleu")
    assert res["bleu"].score == pytest.approx(100.0) == res.result["bleu"].score


def test_a_segment_without_any_reference_is_named() -> None:
    with pytest.raises(InputError, match="segment 2 has no reference"):
        evaluate_corpus(["a b", "c"], [["a b", None], ["x", None]])
    # a segment with one of its references missing is scored, as sacrebleu allows
    assert evaluate_corpus(["a b", "c"], [["a b", None], ["x", "c"]])["bleu"].score >= 0


def test_every_error_of_the_library_is_a_transalign_error(tmp_path: Path) -> None:
    from transalign.export import TmxStructureError, check_tmx

    assert issubclass(TmxStructureError, TransalignError)
    assert issubclass(TmxStructureError, ValueError)  # as before
    tmx = tmp_path / "bad.tmx"
    tmx.write_text("<tmx version='1.4'><body/></tmx>", encoding="utf-8")
    with pytest.raises(TransalignError):
        check_tmx(str(tmx))


def test_an_existing_output_names_the_api_switch(tmp_path: Path) -> None:
    from transalign.errors import OutputError
    from transalign.export import make_writer

    out = tmp_path / "pairs.tsv"
    out.write_text("x\n", encoding="utf-8")
    writer = make_writer("tsv", str(out), src_lang="de", tgt_lang="en", overwrite=False)
    with pytest.raises(OutputError, match="pass overwrite=True"), writer:
        pass


def test_cuda_set_in_python_says_where_it_came_from(tiny_model: Path, caplog) -> None:
    from transalign.config import TranslateOptions
    from transalign.placement import Hardware, resolve_placement

    caplog.set_level(logging.WARNING)
    placed = resolve_placement(TranslateOptions(model=str(tiny_model), device="cuda"),
                               Hardware(cuda=False), backend="transformers")
    assert placed.device == "cpu"
    assert "device cuda (set in TranslateOptions)" in caplog.text


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"beams": 1.5}, r"beams: invalid value 1.5 \(expected int\)"),
    ({"beams": "4"}, r"beams: invalid value '4' \(expected int\)"),
    ({"normalize": "yes"}, "normalize: invalid value 'yes'"),
])
def test_options_built_in_python_are_type_checked(kwargs: dict, message: str) -> None:
    from transalign.config import TranslateOptions
    from transalign.errors import ConfigError

    with pytest.raises(ConfigError, match=message):
        TranslateOptions(**kwargs)


def test_a_model_path_given_as_the_translator_is_named() -> None:
    from transalign.pipeline import align_documents
    from transalign.records import Document

    with pytest.raises(UsageError, match=r"translator must be a Translator .* got str"):
        align_documents([Document("a", "Hallo Welt.")], [Document("a", "Hello world.")],
                        translator="models/tiny")  # type: ignore[arg-type]


def test_a_byte_order_mark_is_not_part_of_the_first_sentence() -> None:
    from transalign.segment import segment

    text = "\ufeffHallo Welt. Wie geht es?"
    sentences = segment(text)
    assert [s.text for s in sentences] == ["Hallo Welt.", "Wie geht es?"]
    assert all(text[s.start:s.end] == s.text for s in sentences)


def test_a_byte_order_mark_inside_the_text_does_not_hide_a_boundary() -> None:
    from transalign.segment import segment

    # two files joined with `cat`: the second one's mark sits after the first's last
    # sentence, or inside a paragraph
    text = "Hallo Welt.\ufeff Wie geht es?\n\n\ufeffZweiter Absatz.\ufeffEnde."
    sentences = segment(text)
    assert [s.text for s in sentences] == ["Hallo Welt.", "Wie geht es?", "Zweiter Absatz.",
                                           "Ende."]
    assert [s.para for s in sentences] == [0, 0, 1, 1]
    assert all(text[s.start:s.end] == s.text for s in sentences)


def _segment(text):
    from transalign.segment import segment

    return segment(text)


def _align(*args, **kwargs):
    from transalign.align import align

    return align(*args, **kwargs)


def _load(options):
    from transalign.translate import load_translator

    return load_translator(options)


def _read_documents(path):
    from transalign.reading import read_documents

    return read_documents(path)


def _export(pairs):
    from transalign.export import export_pairs, make_writer

    # the first item is not a pair: refused before the writer (not entered) is used
    return export_pairs(pairs, make_writer("tsv", "-", src_lang="de", tgt_lang="en"))


def _filter(name: str, value: float):
    from transalign import export

    return getattr(export, name)(value)


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: _segment(None), InputError, r"segment\(\) takes the document as one str, got NoneType"),
    (lambda: _segment(b"x"), InputError, "decode bytes first"),
    (lambda: _align(None, ["a"]), TransalignError, "src is None"),
    (lambda: _align(["a"], ["b"], options={"band": 5}), UsageError,
     "options must be AlignOptions"),
    (lambda: _load("models/tiny"), UsageError, r"load_translator\(\) takes TranslateOptions"),
    (lambda: _read_documents(None), InputError, "expected a file path or '-' for stdin"),
    (lambda: _export([("Hallo.", "Hello.")]), UsageError, "export_pairs takes AlignedPair"),
    (lambda: _filter("ConfidenceFilter", 1.5), UsageError,
     r"min_confidence \(--min-confidence\) is a probability"),
    (lambda: _filter("LengthRatioFilter", 0.5), UsageError, r"max_ratio \(--max-ratio\)"),
], ids=["segment-none", "segment-bytes", "align-none", "align-dict-options", "load-path",
        "read-none", "export-tuples", "confidence-filter", "ratio-filter"])
def test_a_wrong_argument_gets_the_library_s_own_error(call, error, message: str) -> None:
    with pytest.raises(error, match=message):
        call()


def test_aligned_documents_give_export_ready_pairs(tmp_path: Path) -> None:
    from transalign.export import ConfidenceFilter, FilterChain, export_pairs, make_writer
    from transalign.pipeline import align_documents
    from transalign.records import Document

    de = "Der Rat tagte am Montag. Er beschloss den Haushalt.\n\nDie Opposition war dagegen.\n"
    en = "The council met on Monday. It passed the budget.\n\nThe opposition was against it.\n"
    [doc] = align_documents([Document("a", de)], [Document("a", en)], bridge="none")
    pairs = doc.pairs()
    assert [(p.src_ids, p.tgt_ids) for p in pairs] == [(b.src, b.tgt) for b in doc.beads]
    assert [p.confidence for p in pairs] == [b.confidence for b in doc.beads]
    assert pairs[0].src == "Der Rat tagte am Montag." and pairs[0].score_kind == "align"
    out = tmp_path / "pairs.tsv"
    with make_writer("tsv", str(out), src_lang="de", tgt_lang="en") as writer:
        stats = export_pairs(pairs, writer, FilterChain([ConfidenceFilter(0.0)]))
    assert stats.written == len(pairs) == len(out.read_text(encoding="utf-8").splitlines())


def test_compare_systems_names_a_system_without_its_name() -> None:
    from transalign.evaluate import compare_systems

    with pytest.raises(UsageError, match=r"system 1: expected a \(name, hypotheses\) pair"):
        compare_systems([["The dog barks."], ["The dog barked."]],  # type: ignore[list-item]
                        [["The dog barks."]])


def test_options_take_numbers_of_other_types_and_paths() -> None:
    import numpy as np

    from transalign.config import TranslateOptions

    options = TranslateOptions(beams=np.int64(3), max_new_tokens_ratio=np.float32(2.0),
                               normalize=np.bool_(True), cache_dir=Path("/nowhere"))
    assert options.beams == 3 and options.normalize
