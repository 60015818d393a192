"""Language identification for the checks: English quotes found, German stays German.

The sentences are written here; the WMT22/Tatoeba measurement (``shared``) checks the
picked model on real data and the evaluation script's candidate table.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from transalign.check import check_pairs
from transalign.check.flags import NOT_ENGLISH, untranslated_part
from transalign.check.langid import (
    MIN_LETTERS,
    THRESHOLD,
    detect,
    detect_one,
    is_english,
    is_german,
    strip_quotes,
)

ROOT = Path(__file__).resolve().parents[1]

LANGUAGE_CASES = [
    # (id, text, language)
    ("german", "Die Regierung hat am Mittwoch einen neuen Haushalt beschlossen.", "de"),
    ("english", "The government approved a new budget on Wednesday.", "en"),
    ("english-quote-alone", "„We will not back down from our commitments to our allies.“",
     "en"),
    ("english-quote-with-english-tail",
     '"We will defend every inch of allied territory," the president said.', "en"),
    ("german-with-english-title",
     "Sein Album „Born in the U.S.A.“ erschien 1984 und verkaufte sich millionenfach.", "de"),
    ("german-with-english-film-title",
     'Der Film "The Lord of the Rings: The Return of the King" gewann elf Oscars.', "de"),
    ("german-with-english-slogan",
     "Unter dem Motto ‚Make America Great Again‘ zog er in den Wahlkampf.", "de"),
    ("german-with-english-quote-and-tail",
     "„I have a dream“, sagte Martin Luther King vor dem Lincoln Memorial in Washington.",
     "de"),
    ("french", "Le gouvernement a adopté un nouveau budget mercredi dernier.", "fr"),
    ("too-short", "OK!", "und"),
    ("url-only", "www.example-website.de/informationen", "und"),
    ("numbers-only", "12.03.2021 – 19:30 Uhr", "und"),
]


@pytest.mark.parametrize(("text", "lang"), [c[1:] for c in LANGUAGE_CASES],
                         ids=[c[0] for c in LANGUAGE_CASES])
def test_detect(text: str, lang: str) -> None:
    found, prob = detect_one(text)
    assert found == lang
    if lang == "und":
        assert prob == 0.0
    elif lang == "en":  # sure enough for a source_en flag
        assert prob >= THRESHOLD
    else:
        assert prob > 0.5


def test_detect_is_batched_and_in_order() -> None:
    texts = [c[1] for c in LANGUAGE_CASES]
    assert detect(texts) == [detect_one(t) for t in texts]
    assert detect([]) == []


@pytest.mark.parametrize(("text", "english", "german"), [
    ('"We will never give up on our allies," he said.', True, False),
    ("Wir werden unsere Verbündeten niemals im Stich lassen.", False, True),
    ("Der Titel „Stairway to Heaven“ wurde 1971 von Led Zeppelin veröffentlicht.", False, True),
    ("Ja.", False, False),
])
def test_is_english_and_is_german(text: str, english: bool, german: bool) -> None:
    assert is_english(text) is english
    assert is_german(text) is german


@pytest.mark.parametrize(("text", "stripped"), [
    ('Er sagte "Hello" und ging nach Hause.', "Er sagte   und ging nach Hause."),
    ("Er las „The Times“ jeden Morgen beim Frühstück.",
     "Er las   jeden Morgen beim Frühstück."),
    ("„All quotation here.“", "„All quotation here.“"),  # nothing left: judged whole
    ("Ein Satz ohne Anführungszeichen.", "Ein Satz ohne Anführungszeichen."),
])
def test_strip_quotes(text: str, stripped: str) -> None:
    assert strip_quotes(text) == stripped


def test_min_letters_is_the_boundary() -> None:
    word = "Hausaufgaben"[:MIN_LETTERS]
    assert detect_one(word[:-1])[0] == "und"
    assert detect_one(word + " machen wir heute zusammen")[0] == "de"


@pytest.mark.parametrize(("src", "tgt", "flags"), [
    ("Die Regierung beschloss einen neuen Haushalt.",
     "The government approved a new budget.", ()),
    ("„We will not back down from our commitments to our allies.“",
     "„We will not back down from our commitments to our allies.“", ("source_en",)),
    ("Die Regierung beschloss einen neuen Haushalt.",
     "Die Regierung beschloss einen neuen Haushalt.", ("not_english",)),
    ("Sein Album „Born in the U.S.A.“ erschien 1984 bei Columbia Records.",
     "His album \"Born in the U.S.A.\" was released by Columbia Records in 1984.", ()),
    ("Ja.", "Oui.", ()),  # too short to tell: no flag
])
def test_language_flags(src: str, tgt: str, flags: tuple[str, ...]) -> None:
    (result,) = check_pairs([(src, tgt)], checks=("langid",))
    assert result.flags == flags
    for flag in flags:
        assert set(result.checks[flag]) == {"lang", "prob"}
        assert result.checks[flag]["prob"] >= THRESHOLD


@pytest.mark.parametrize(("src", "tgt", "flagged"), [
    # too short for the language flag's probability, but copied as it was
    ("Die Temperatur sank auf minus 12 Grad.", "Die Temperatur sank auf minus 12 Grad.", True),
    ("Die Polizei ermittelt weiter.", "Die Polizei ermittelt weiter.", True),
    ("Er kam gestern  nicht.", "Er kam gestern nicht.", True),
    # a name or a byline may stay as it is; an English source is copied rightly, and so
    # is one too short to tell
    ("Anna Schmidt, Berlin", "Anna Schmidt, Berlin", False),
    ("I am so sad.", "I am so sad.", False),
    ("Thanks for all the support from everyone.",
     "Thanks for all the support from everyone.", False),
    # translated, even if partly the same words
    ("Die Temperatur sank auf minus 12 Grad.", "The temperature fell to minus 12 degrees.",
     False),
])
def test_a_german_sentence_left_as_it_was_is_not_english(src: str, tgt: str,
                                                          flagged: bool) -> None:
    (result,) = check_pairs([(src, tgt)], checks=("langid",))
    assert (NOT_ENGLISH in result.flags) == flagged
    if flagged:  # the copy decided where language identification alone did not
        details = result.checks[NOT_ENGLISH]
        assert details.get("copy") is (True if details["prob"] < THRESHOLD else None)


@pytest.mark.parametrize(("src", "tgt", "part"), [
    ("Die Regierung will Steuern senken, aber die Opposition ist strikt dagegen.",
     "The government wants to cut taxes, aber die Opposition ist strikt dagegen.",
     "aber die Opposition ist strikt dagegen"),
    ("Die Regierung will Steuern senken, aber die Opposition im Bundestag ist dagegen.",
     "The government wants to cut taxes, but die Opposition im Bundestag ist dagegen und "
     "kündigt Widerstand an.", "die Opposition im Bundestag ist dagegen"),
    # names, titles and short phrases kept in German, and a quotation, are not a flag
    ("Er las die Frankfurter Allgemeine Zeitung am Morgen.",
     "He read the Frankfurter Allgemeine Zeitung in the morning.", None),
    ("Sie sagte: „Wir schaffen das, ganz sicher und mit aller Kraft.“",
     "She said: \"Wir schaffen das, ganz sicher und mit aller Kraft.\"", None),
    ("Die Deutsche Bahn AG und die Deutsche Post AG streiken.",
     "Deutsche Bahn AG and Deutsche Post AG are on strike.", None),
    # a curly apostrophe is no quotation mark
    ("Der Plan der Regierung steht, aber die Opposition ist strikt dagegen.",
     "The government’s plan stands, aber die Opposition ist strikt dagegen.",
     "aber die Opposition ist strikt dagegen"),
])
def test_a_part_left_untranslated_is_not_english(src: str, tgt: str, part: str | None) -> None:
    assert untranslated_part(src, tgt) == part
    (result,) = check_pairs([(src, tgt)], checks=("langid",))
    if part is None:
        assert "part" not in result.checks.get(NOT_ENGLISH, {})
    else:  # the part, or the whole target where it reads as German
        details = result.checks[NOT_ENGLISH]
        if "part" in details:
            assert (details["part"], details["copy"]) == (part, True)
        else:
            assert details["lang"] == "de" and details["prob"] >= THRESHOLD


@pytest.mark.parametrize(("src", "tgt"), [
    # English words the source shares: an English source, an English quotation
    ("I live in an old house with a garden.", "I live in an old house with a garden."),
    ("Trump schrieb auf Twitter: I am in the war room now.",
     "Trump wrote on Twitter: I am in the war room now."),
    # a German name kept, with an English gloss: English once the name is set aside
    ("Die Stiftung Preußischer Kulturbesitz verwaltet die Berliner Museen.",
     "The Stiftung Preußischer Kulturbesitz (Prussian Cultural Heritage Foundation) runs "
     "Berlin's museums."),
])
def test_english_with_the_sources_words_is_not_flagged(src: str, tgt: str) -> None:
    (result,) = check_pairs([(src, tgt)], checks=("langid",))
    assert NOT_ENGLISH not in result.flags


def _eval_checks():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import eval_checks
    finally:
        sys.path.pop(0)
    return eval_checks


def test_candidate_table_skips_a_package_that_is_not_installed() -> None:
    ev = _eval_checks()

    def missing():
        raise ImportError("No module named 'nopkg'", name="nopkg")

    def fake():
        return lambda texts: ["de" if " der " in f" {t} " else "en" for t in texts]

    sample = [("Das ist der Satz.", "de"), ("This is the sentence.", "en")]
    results = ev.measure_langid(sample, {"missing": missing, "fake": fake})
    assert results[0].note == "skipped: not installed (nopkg)"
    assert results[1].note == "" and results[1].accuracy == 100.0


@pytest.mark.shared
def test_picked_model_on_wmt22_and_tatoeba(shared_data: Path) -> None:
    ev = _eval_checks()
    sample = ev.langid_sample(shared_data, 1000)
    found = detect([text for text, _ in sample])
    decided = [(lang, got) for (_, lang), (got, _) in zip(sample, found, strict=True)
               if got != "und"]
    assert len(decided) >= 0.95 * len(sample)  # abstains only on very short sentences
    correct = sum(lang == got for lang, got in decided)
    assert correct >= 0.995 * len(decided)
    # no human reference sentence is flagged not_english
    for path in ev.REFERENCES.values():
        lines = ev.read_lines(shared_data / path)
        assert not [i for i, (lang, prob) in enumerate(detect(lines))
                    if lang not in ("en", "und") and prob >= THRESHOLD]
