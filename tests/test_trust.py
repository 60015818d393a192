"""What the translator does around the model: copy what has nothing to translate, copy
English sentences, check every output, and give each sentence a confidence (issue 18).

The tiny random model's output is garbage, so these tests assert on what must hold
whatever the model says: a copied segment never reaches the model and comes back as
written, a translated one does reach it, and both backends agree on the score."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from transalign.cli import main
from transalign.config import TranslateOptions
from transalign.translate import load_translator

COPIED_KINDS = {
    "separator": "***",
    "page number": "– 1 –",
    "number": "1.234,50",
    "ambiguous number": "12.500",
    "url": "https://www.example.org/stadtrat/beschluss-2027.html",
    "e-mail": "presse@example.org",
    "hashtag": "#Verkehrswende",
    "handle": "@stadt_neustadt",
    "score": "1:0 (0:0)",
    "dashes": "– – –",
}

ENGLISH_QUOTES = [
    "We will not give up on this city, whatever the council decides tomorrow.",
    "The new timetable is a disaster for everyone who works night shifts.",
]

GERMAN_WITH_ENGLISH_TITLE = (
    'Der Film „The Day After Tomorrow“ lief am Abend im kleinen Saal des Kinos am Markt.')


@pytest.fixture(scope="module")
def translators(tiny_model: Path) -> dict[str, object]:
    """The tiny model on both backends, in float32, greedy (the same numbers on both:
    with beams, the two engines' beam searches keep different hypotheses of the random
    model, and each scores its own)."""
    common = {"model": str(tiny_model), "beams": 1, "max_new_tokens_cap": 12,
              "device": "cpu", "dtype": "float32"}
    return {backend: load_translator(TranslateOptions(backend=backend, **common))
            for backend in ("ctranslate2", "transformers")}


def spy(translator, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every source text the model is given (encoded for it), from now on."""
    seen: list[str] = []
    original = translator.backend.encode

    def recording(texts):
        seen.extend(texts)
        return original(texts)

    monkeypatch.setattr(translator.backend, "encode", recording)
    return seen


@pytest.mark.parametrize("kind", sorted(COPIED_KINDS))
def test_a_segment_with_nothing_to_translate_is_copied(kind: str, translators,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    translator = translators["ctranslate2"]
    text = COPIED_KINDS[kind]
    seen = spy(translator, monkeypatch)
    [result] = translator.translate_detailed([text])
    assert result.flags == ("copied",)
    assert result.score is None
    assert seen == []  # never sent to the model
    # the text is kept; a number may only change to its unambiguous English form
    if kind == "number":
        assert result.text == "1,234.50"  # unambiguous; 12.500 could be 12.5: kept
    else:
        assert result.text == text


def test_a_german_sentence_goes_to_the_model_and_is_checked(translators,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    translator = translators["ctranslate2"]
    source = "Die Entscheidung fiel am Dienstag mit 31 zu 12 Stimmen im Stadtrat."
    seen = spy(translator, monkeypatch)
    [result] = translator.translate_detailed([source])
    assert len(seen) == 1
    assert "copied" not in result.flags and "source_en" not in result.flags
    assert result.score is not None and result.score <= 0
    # the random model's output does not hold 31 and 12: the check says so
    assert "number_mismatch" in result.flags
    assert set(result.checks["number_mismatch"]) == {"31", "12"}


@pytest.mark.parametrize(("source", "marker"), [
    ("- Erster Punkt der Liste.", "- "), ("•  Zweiter Punkt.", "• "),
    ("# Die Überschrift des Artikels", "# "), ("(1) Die Würde des Menschen ist unantastbar.", "(1) "),
    ("a) Der Antrag ist schriftlich zu stellen.", "a) "), ("> Ein Zitat aus dem Brief.", "> "),
])
def test_a_heading_or_list_marker_is_kept_and_the_rest_translated(
        source: str, marker: str, translators, monkeypatch: pytest.MonkeyPatch) -> None:
    translator = translators["ctranslate2"]
    rest = source[len(source.split(None, 1)[0]):].strip()
    seen = spy(translator, monkeypatch)
    [with_marker, alone] = translator.translate_detailed([source, rest])
    # the model sees the sentence without its marker (once: the two are one text)
    assert len(seen) == 1
    assert with_marker.text == marker + alone.text
    assert with_marker.score == alone.score and with_marker.flags == alone.flags


@pytest.mark.parametrize("source", ["3. Oktober ist ein Feiertag.", "1. FC Köln gewinnt.",
                                    "-5 Grad am Morgen.", "*Wichtig* ist das Datum."])
def test_a_number_or_sign_before_a_word_is_not_a_list_marker(
        source: str, translators, monkeypatch: pytest.MonkeyPatch) -> None:
    translator = translators["ctranslate2"]
    seen = spy(translator, monkeypatch)
    translator.translate_detailed([source])
    assert seen == [source]  # the whole sentence goes to the model


@pytest.mark.parametrize("quote", ENGLISH_QUOTES)
def test_an_english_sentence_is_copied_and_flagged(quote: str, translators,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    translator = translators["ctranslate2"]
    seen = spy(translator, monkeypatch)
    [result] = translator.translate_detailed([quote])
    assert result.text == quote
    assert result.flags == ("source_en",)
    assert result.checks["source_en"]["lang"] == "en"
    assert seen == []


def test_translate_all_translates_english_sentences_and_still_flags_them(
        tiny_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    translator = load_translator(TranslateOptions(
        model=str(tiny_model), backend="ctranslate2", beams=2, max_new_tokens_cap=12,
        translate_all=True))
    seen = spy(translator, monkeypatch)
    [result] = translator.translate_detailed([ENGLISH_QUOTES[0]])
    assert seen == [ENGLISH_QUOTES[0]]
    assert "source_en" in result.flags
    assert result.text != ENGLISH_QUOTES[0]


def test_a_german_sentence_with_an_english_title_in_quotes_is_translated(
        translators, monkeypatch: pytest.MonkeyPatch) -> None:
    translator = translators["ctranslate2"]
    seen = spy(translator, monkeypatch)
    [result] = translator.translate_detailed([GERMAN_WITH_ENGLISH_TITLE])
    assert len(seen) == 1
    assert "source_en" not in result.flags and "copied" not in result.flags


def test_checks_off_sends_every_segment_to_the_model(tiny_model: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    translator = load_translator(TranslateOptions(
        model=str(tiny_model), backend="ctranslate2", beams=2, max_new_tokens_cap=12,
        checks=False))
    seen = spy(translator, monkeypatch)
    results = translator.translate_detailed(["***", ENGLISH_QUOTES[0]])
    assert len(seen) == 2
    assert not any({"copied", "source_en"} & set(r.flags) for r in results)


def test_both_backends_give_the_same_confidence(translators) -> None:
    sentences = ["Die Entscheidung fiel mit 31 zu 12 Stimmen.",
                 "Der Stadtrat tagt wieder am Dienstag.",
                 "Nach monatelangen Beratungen hat der Stadtrat ein neues Konzept beschlossen.",
                 "Kurz."]
    ct2 = translators["ctranslate2"].translate_detailed(sentences)
    hf = translators["transformers"].translate_detailed(sentences)
    assert [r.text for r in ct2] == [r.text for r in hf]
    for a, b in zip(ct2, hf, strict=True):
        assert a.score is not None and b.score is not None
        assert abs(a.score - b.score) <= 1e-3, (a.score, b.score)
    assert len({r.score for r in ct2}) > 1  # a real per-sentence number, not a constant


def test_min_confidence_flags_low_confidence_only_when_set(tiny_model: Path) -> None:
    common = {"model": str(tiny_model), "backend": "ctranslate2", "beams": 2,
              "max_new_tokens_cap": 12}
    source = ["Der Stadtrat tagt wieder am Dienstag."]
    [plain] = load_translator(TranslateOptions(**common)).translate_detailed(source)
    assert "low_confidence" not in plain.flags
    [strict] = load_translator(TranslateOptions(**common, min_confidence=-0.01)
                               ).translate_detailed(source)
    assert plain.score < -0.01 and "low_confidence" in strict.flags


def test_translate_jsonl_records_carry_flags_score_and_checks(
        tmp_path: Path, tiny_model: Path, fast_config: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.de.txt"
    article.write_text("Stadtrat tagt\n\n***\n\nDie Sitzung beginnt um 19 Uhr im Rathaus.\n\n"
                       f"{ENGLISH_QUOTES[1]}\n\nMehr unter https://example.org/rat\n",
                       encoding="utf-8")
    code = main(["translate", str(article), "--model", str(tiny_model), "--config",
                 str(fast_config), "--format", "jsonl",])
    out, err = capsys.readouterr()
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()[1:]]
    by_src = {r["src"]: r for r in records}
    assert by_src["***"]["flags"] == ["copied"] and by_src["***"]["tgt"] == "***"
    assert by_src["***"]["score"] is None
    assert by_src[ENGLISH_QUOTES[1]]["flags"] == ["source_en"]
    url = by_src["Mehr unter https://example.org/rat"]
    assert "copied" not in url["flags"]  # "Mehr unter" is German: translated
    timed = by_src["Die Sitzung beginnt um 19 Uhr im Rathaus."]
    assert isinstance(timed["score"], float)
    assert "number_mismatch" in timed["flags"] and timed["checks"]["number_mismatch"]
    # one stderr line counts the flags
    summary = [line for line in err.splitlines() if line.startswith("transalign: flags: ")]
    assert len(summary) == 1 and "1 copied" in summary[0] and "1 source_en" in summary[0]


def test_translate_text_output_stays_clean_text(tmp_path: Path, tiny_model: Path,
                                                fast_config: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.de.txt"
    article.write_text("***\n\nDie Sitzung beginnt um 19 Uhr.\n", encoding="utf-8")
    code = main(["translate", str(article), "--model", str(tiny_model), "--config",
                 str(fast_config),])
    out, err = capsys.readouterr()
    assert code == 0, err
    paragraphs = out.rstrip("\n").split("\n\n")
    assert paragraphs[0] == "***" and len(paragraphs) == 2
    assert "number_mismatch" not in out and "copied" not in out
    assert "transalign: flags: " in err


def test_export_drop_flagged_and_lang_filter(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    records = [
        {"doc_id": "d", "para": 0, "sent": 0, "src": "Der Rat tagt heute im Rathaus am Markt.",
         "tgt": "The council meets today in the town hall on the market square.",
         "flags": [], "score": -0.2},
        {"doc_id": "d", "para": 0, "sent": 1, "src": "Die Sitzung beginnt um 19 Uhr.",
         "tgt": "The meeting begins at 9 p.m.", "flags": ["number_mismatch"], "score": -0.3},
        {"doc_id": "d", "para": 0, "sent": 2, "src": "Es gab einen langen Streit im Rat.",
         "tgt": "close close close close close", "flags": ["repetition"], "score": -2.0},
        {"doc_id": "d", "para": 0, "sent": 3,
         "src": "Die Bürger wurden über die neuen Pläne der Stadt informiert.",
         "tgt": "Die Bürger wurden über die neuen Pläne der Stadt informiert.",
         "flags": [], "score": -0.1},
    ]
    path = tmp_path / "t.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")

    def export(*options: str) -> list[str]:
        code = main(["export", str(path), "--format", "tsv", *options])
        out, err = capsys.readouterr()
        assert code == 0, err
        return [line.split("\t")[0] for line in out.splitlines() if line]

    everything = export()
    assert len(everything) == 4
    kept = export("--drop-flagged", "repetition,number_mismatch")
    assert kept == [records[0]["src"], records[3]["src"]]
    kept = export("--lang-filter")  # the untranslated German target is not English
    assert records[3]["src"] not in kept and records[0]["src"] in kept


def test_check_runs_on_an_existing_translation_in_a_subprocess(tmp_path: Path) -> None:
    """``transalign check`` as a user runs it: exit 0 with flags, 1 with --fail-on."""
    import subprocess

    src, hyp = tmp_path / "src.de.txt", tmp_path / "hyp.en.txt"
    src.write_text("Das Spiel beginnt um 19 Uhr.\nEr ist 74 Jahre alt.\n", encoding="utf-8")
    hyp.write_text("The game starts at 7 p.m.\nHe is 47 years old.\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "transalign", "check", str(src), str(hyp)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    lines = [json.loads(line) for line in run.stdout.splitlines()][1:]  # after the manifest
    assert [r["flags"] for r in lines] == [[], ["number_mismatch"]]
    failing = subprocess.run([sys.executable, "-m", "transalign", "check", str(src), str(hyp),
                              "--fail-on", "number_mismatch"],
                             capture_output=True, text=True, timeout=120)
    assert failing.returncode == 1


def test_a_model_output_that_repeats_the_german_is_flagged_not_english() -> None:
    from transalign.translate.trust import check_targets

    german = "Die Temperatur sank auf minus 12 Grad."  # too short for langid alone
    copied, translated = check_targets([(german, german),
                                        (german, "The temperature fell to minus 12 degrees.")])
    assert copied.flags == ("not_english",)
    assert copied.checks["not_english"]["copy"] is True
    assert "not_english" not in translated.flags
