"""OPUS-MT-style input normalisation, applied once before tokenisation.

The OPUS-MT models were trained on text run through Moses'
``normalize-punctuation.perl`` and ``remove-non-printing-char.perl`` (see the
``preprocess.sh`` shipped with every opus-mt model). German news text is full of
characters those scripts map away: „typographic“ quotes, en/em dashes, the
ellipsis character, no-break and thin spaces, soft hyphens and zero-width
characters. Feeding them raw costs the model unknown or rare pieces.

This module does the part of that preprocessing that matters for the models'
vocabulary, as one table-driven pass plus whitespace clean-up:

- quotes: „ “ ” « » ″ → ``"``; ‚ ‘ ’ ‹ › ´ ` → ``'`` (Moses maps » « to ``"``);
- dashes: – (en) → ``-``, — (em) → `` - ``, ‒ ― − (minus) → ``-``;
- … → ``...``;
- no-break, thin, narrow, figure and other Unicode spaces, tabs → one space;
- zero-width characters, soft hyphen, BOM and C0/C1 control characters removed;
- runs of spaces collapsed, the string stripped.

It deliberately does not move punctuation around quotes or rewrite digits
(the Moses rules ``s/(\\d) (\\d)/$1,$2/`` etc.), which can change meaning.
"""

from __future__ import annotations

import re
import unicodedata

_MAP = {
    "„": '"', "“": '"', "”": '"', "«": '"', "»": '"', "″": '"', "‟": '"',
    "‚": "'", "‘": "'", "’": "'", "‹": "'", "›": "'", "´": "'", "`": "'", "‛": "'",
    "–": "-", "—": " - ", "‒": "-", "―": "-", "−": "-", "‐": "-", "‑": "-",
    "…": "...",
    "\u00ad": "", "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "",
    "\u200e": "", "\u200f": "",
}
for _cp in range(0x20):
    _MAP[chr(_cp)] = " " if chr(_cp) in "\t\n\r\x0b\x0c" else ""
for _cp in range(0x7F, 0xA0):
    _MAP[chr(_cp)] = " " if _cp == 0x85 else ""
for _ch in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
           "\u2028\u2029\u202f\u205f\u3000":
    _MAP[_ch] = " "

_TABLE = str.maketrans(_MAP)
_SPACES = re.compile(r" {2,}")
# a character that survives normalisation as text: not a space, not removed
_VISIBLE = re.compile("[^\\s" + re.escape("".join(k for k, v in _MAP.items() if not v.strip()))
                      + "]")


def has_text(text: str) -> bool:
    r"""Whether ``text`` holds anything to translate once normalised: ``False`` for
    spaces, zero-width and control characters only.

    >>> has_text("\u200b \x00"), has_text(" Ja ")
    (False, True)
    """
    return _VISIBLE.search(text) is not None


def opus_mt_normalize(text: str) -> str:
    """Normalise one sentence the way OPUS-MT training data was normalised.

    >>> opus_mt_normalize("„Das ist – so sagt er – gut…“")
    '"Das ist - so sagt er - gut..."'
    """
    text = unicodedata.normalize("NFC", text).translate(_TABLE)
    return _SPACES.sub(" ", text).strip()
