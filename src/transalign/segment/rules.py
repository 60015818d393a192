"""German sentence boundaries inside one paragraph, by rules over candidate periods.

The approach is the classic rule-based one (Grefenstette & Tapanainen 1994; the
"Golden Rules" of pragmatic_segmenter): find every run of terminal punctuation,
then decide from the word before it and the text after it. German needs its own
decisions because every noun is capitalised, so "capital letter after a period"
is weak evidence; the decisive cues are instead

* what follows: a lowercase word, a comma or a dash never starts a sentence;
* what precedes: abbreviations (three kinds, see :mod:`.abbreviations`),
  initials ("W. Putin"), ordinals ("am 9. Dezember", "im 19. Jahrhundert",
  "des III. Geschwaders"), list numbers ("1. Dies ist …"), dates;
* quotations: a period inside „…“ ends a sentence like any other (docs/segmentation.md's
  convention), closing quotes and brackets stay with the sentence they close,
  and an attribution tail after „…“, stays with the quote.

Regexes are compiled once; Python code runs once per candidate, not per
character, so the cost grows with the number of periods, not the text length.
"""

from __future__ import annotations

import re

from .abbreviations import (
    ADVERB_FINAL,
    AFTER_NUMBER,
    AFTER_TITLE,
    BEFORE_NUMBER,
    BULLETS,
    DOTTED_FINAL,
    DOTTED_TIMES,
    ENGLISH_STARTS,
    ENGLISH_STREETS,
    FINAL,
    MONTH_ABBREVIATIONS,
    MONTHS,
    NAME_FINAL,
    NAME_LIKE_STARTS,
    NONFINAL,
    ORDINAL_GOVERNORS,
    ORDINAL_NOUN_SUFFIXES,
    ORDINAL_NOUNS,
    ORDINAL_STARTS,
    SENTENCE_STARTS,
    TIME_CONTINUES,
    TITLES_OR_WORDS,
    WEEKDAYS,
)

# Closing quotes and brackets that belong to the sentence they end. „ and ‚ are
# German opening quotes and never close; the others may do either.
_CLOSERS = "\"'“”»«›‹’)]}"
_OPENERS = "„‚\"'“”»«›‹‘’([{¿¡"
_TERMINALS = ".!?…‽⁇⁈⁉"

# A run of terminal punctuation with the closers and footnote markers that
# follow it (".“", "!).", "?«", ".[6]", ".¹"). One character class plus a
# bounded footnote group: no nested quantifiers, so no catastrophic
# backtracking on "......" x 100,000.
_RUN = re.compile(
    r"[.!?…‽⁇⁈⁉][.!?…‽⁇⁈⁉\"'“”»«›‹’)\]}]*(?:\[[0-9]{1,4}\][\"'“”»«›‹’)\]}]*|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)*"
)
_WS = re.compile(r"\s*")
# "Gedanken.Verschiedene": a sentence end without a space between two words.
_GLUED_LEFT = re.compile(r"[a-zäöüß]{2}$")
_GLUED_RIGHT = re.compile(r"[A-ZÄÖÜ][a-zäöüß]")
# Emoticons written with punctuation (":)", ";-)", ":D"), as a token of their own ("<3"
# and "XD" are not: "bei <3 Prozent", "die Kamera XD Pro").
_EYES, _MOUTH = ":;=", r"-?[()DPpO|/]"
_EMOTICON_RE = rf"(?:[{_EYES}]{_MOUTH})"
_EMOTICON = re.compile(rf"{_EMOTICON_RE}(?=\s|$)")
# Pictographs and emoticons that trail a sentence ("Großartig! 👍 Weiter so!", "Endlich
# Wochenende!! :D Was macht ihr?").
_EMOJI_TOKEN = re.compile(r"(?:\s+(?:[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D]+"
                          rf"|{_EMOTICON_RE})(?=\s|$))+")
# An emoticon that closes a sentence without punctuation before a capital ("Neues Video
# ist online :) Link in der Bio!"), and a quotation broken off by a dash before the next
# speaker's ("„Aber ich wollte doch nur –“ „Schweig!“"): sentence ends the runs of
# terminal punctuation do not see.
# (a pattern that starts with one set of characters is searched fast)
_DASH, _CLOSING_QUOTE = "–—", "“”\"«»"
_UNPUNCTUATED_HINT = re.compile(
    rf"[{_EYES}{_DASH}](?:(?<=[{_EYES}]){_MOUTH}|(?<=[{_DASH}])[{_CLOSING_QUOTE}])")
_UNPUNCTUATED_END = re.compile(
    rf"(?<=[^\W\d_])\s+{_EMOTICON_RE}(?=\s+[„»\"'‚(]?[A-ZÄÖÜ])"
    rf"|(?<=[^\W_])\s?[{_DASH}][{_CLOSING_QUOTE}](?=\s+[„»«\"])")
# "z.B", "u.a", "d.h", "U.S", "e.V", and hyphenated initials: "H.-J" Schulz, "K.-H"
# Rummenigge (Hans-Jürgen, Karl-Heinz) (the final period is the candidate).
_DOTTED = re.compile(r"(?:[^\W\d_]{1,3}\.-?)+[^\W\d_]{1,3}")
_ROMAN = re.compile(r"[IVXLCDM]{2,7}")
_DIGITS = re.compile(r"[0-9]+")
# a range of ordinals or of years ("vom 3.–5. Mai", "1990–1995. Danach"), not a score ("2-1")
_RANGE = re.compile(r"[0-9]+\.[-–]([0-9]+)|[0-9]{4}[-–]([0-9]{4})")
_CODE = re.compile(r"[0-9]+[A-Za-z]?|[A-Z][0-9]+[a-z]?")  # "2", "4B", "S2"
_DASH_TURN = re.compile(r"[–—]\s+[„»«\"‚]?[A-ZÄÖÜ]")
# a second spaced dash before the next sentence end: a pair around an insertion ("Am
# 3.10. – Tag der Deutschen Einheit – bleiben …")
_PAIRED_DASH = re.compile(r"[^.!?…–—]*\s[–—]\s")
# a parenthesis that opens a sentence and stands alone: a stage direction or a caption
# ("(Beifall bei der SPD) Das haben wir …"), not a numbered paragraph ("(1) Die …")
# (the letter test is a lookahead: "(" and a long run of words without ")" stays linear)
_ASIDE = re.compile(r"\((?=[^()]*[^\W\d_])(?P<inside>[^()]*)\)(?=\s+[„»«\"'‚]?[A-ZÄÖÜ])")
# the words that open a stage direction or a caption: "(Beifall bei der SPD)", "(Foto: dpa)"
_ASIDE_WORDS = frozenset(["Beifall", "Zuruf", "Zurufe", "Heiterkeit", "Lachen", "Applaus", "Unruhe", "Widerspruch", "Zustimmung", "Foto", "Fotos", "Bild", "Bilder", "Quelle", "Grafik", "Karte", "Luftbild", "Übersetzung", "Applause", "Laughter", "Photo", "Translation", "Traduction"])
# a numbered paragraph: "(2) Es gilt …" after a sentence end starts one
_PARAGRAPH_NUMBER = re.compile(r"\([0-9]{1,3}[a-z]?\)")
# a statute's abbreviation: two capitals or more, at most 7 letters ("BGB", "ZPO",
# "StGB", "VwGO", "DSGVO")
_STATUTE = re.compile(r"(?=[A-Za-zÄÖÜäöü]*[A-ZÄÖÜ][a-zäöü]*[A-ZÄÖÜ])[A-ZÄÖÜ][A-Za-zÄÖÜäöü]{1,6}")
_ACRONYM = re.compile(r"(?:[A-ZÄÖÜ]\.)+[A-ZÄÖÜ]")  # "F.A.Z", "U.S.A"
_DATE_DM = re.compile(r"[0-9]{1,2}\.[0-9]{1,2}")
_DATE_DMY = re.compile(r"[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{2,4}")
_WORD_CHARS = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*")
# Words cut short: no vowel, and lowercase after the first letter ("Stck", "Gr", "km"; not
# "VfB", "BMW"), but not an interjection ("hmm", "psst", "brr"); an ending no German or
# English word has, a stop or fricative before l, or a stop before r ("kirchl", "chr",
# "Febr"; not "bowl", "Karl").
_VOWELLESS = re.compile(r"[B-DF-HJ-NP-TV-XZb-df-hj-np-tv-xzß][b-df-hj-np-tv-xzß]+")
_INTERJECTION = re.compile(r"(?i)h+m+|p+s+t+|s+c?h+|t+s+|b+r{2,}|g+r{2,}|p+f{2,}|z{2,}")
_CUT_ENDING = re.compile(r"[^\W\d_]+(?:[bcdfgkpstxzß]l|chl|chr|[bdgkpt]r)")

_STRIP_LEFT = "\"'„“”‚‘’»«›‹([{/*•◦▪‣·-–—¿¡"
_WINDOW = 80


def _is_url_or_email(token: str) -> bool:
    return "@" in token or "://" in token or token.startswith("www.")


def _token_around(text: str, pos: int) -> str:
    """The whitespace-delimited token containing ``pos`` (window-bounded)."""
    lo = max(0, pos - _WINDOW)
    left = text[lo:pos]
    k = len(left)
    while k and not left[k - 1].isspace():
        k -= 1
    right = text[pos:pos + _WINDOW]
    parts = right.split(None, 1)
    return left[k:] + (parts[0] if parts and not right[0].isspace() else "")


def _words_before(text: str, pos: int) -> tuple[str, str | None]:
    """The token ending at ``pos`` and the one before it.

    The second item is None when the first token starts the paragraph, ``""``
    when it is unknown (beyond the window).
    """
    lo = max(0, pos - _WINDOW)
    parts = text[lo:pos].rsplit(None, 2)
    if not parts:
        return "", None
    if len(parts) >= 2:
        return parts[-1], parts[-2]
    return parts[-1], (None if lo == 0 else "")


def _next_word(text: str, pos: int) -> str:
    """The word after ``pos``, past opening quotes and a dash ("… m. – Dann")."""
    for part in text[pos:pos + _WINDOW].split(None, 2)[:2]:
        word = part.lstrip(_STRIP_LEFT)
        if word:
            m = _WORD_CHARS.match(word)
            return m.group() if m else word
    return ""


def _starts_next(text: str, pos: int) -> bool:
    """Whether the word at ``pos`` begins a sentence (a German or English article,
    pronoun, conjunction or sentence adverb)."""
    nxt = _next_word(text, pos)
    if nxt in ORDINAL_STARTS:  # "Zweite wurde …", not "Erster Vorsitzender …"
        after = text[pos:pos + _WINDOW].split()[1:2]
        return bool(after) and after[0][:1].islower()
    return nxt in SENTENCE_STARTS or nxt in ENGLISH_STARTS


def _is_abbreviation(word: str, *, initial: bool = True) -> bool:
    """A listed abbreviation; at a sentence start (``initial``) also capitalised ("Lt.")."""
    if word in NONFINAL:
        return True
    return initial and word[:1].isupper() and (word[:1].lower() + word[1:]) in NONFINAL


def _is_final_abbreviation(word: str) -> bool:
    """A listed final abbreviation; capitalised only if undotted ("Usw." at a sentence
    start, but "i. V. m." is not "u. v. m.": dotted forms list their capitals)."""
    if word in FINAL:
        return True
    return word[:1].isupper() and "." not in word and (word[:1].lower() + word[1:]) in FINAL


def _ends_sentence(prev: str) -> bool:
    """Whether the token ``prev`` closes a sentence (so what follows starts one)."""
    last = prev[-1]
    if last in "!?:;…":
        return True
    if last in BULLETS and len(prev) == 1:
        return True
    if last != ".":
        return last in _CLOSERS and len(prev) > 1 and prev[-2] in ".!?…"
    core = prev[:-1].lstrip(_STRIP_LEFT)
    return not (len(core) <= 1 or core.isdigit() or _is_abbreviation(core)
                or core in BEFORE_NUMBER or _DOTTED.fullmatch(core)
                or _abbreviation_part(core))  # "Goethestr. 5. Dort", "Jan.–Apr. 2022. Es"


def _enumerated(text: str, rs: int, number: int) -> bool:
    """Whether the item ``number`` (its period at ``rs``) follows item ``number - 1`` of
    the same enumeration ("1. Geld, 2. Zeit"), within two windows before it."""
    if number < 2:
        return False
    before = text[max(0, rs - 2 * _WINDOW): rs]
    return re.search(rf"(?<![\d.,]){number - 1}\.\s", before) is not None


def _inline_list(text: str, rs: int, number: int) -> bool:
    """Whether the item ``number`` (its period at ``rs``) goes on a list written inline
    without commas ("Anlagen: 1. Antragsformular 2. Merkblatt 3. Umschlag"): items 1 to
    ``number - 1`` stand before it in order, item 1 at the paragraph's start, after a
    colon or after a sentence's end, with no other sentence punctuation between them
    (not "auf Platz 1. Danach fiel er auf Platz 2. Die …", where item 1 follows a word).
    Lists of up to 20 items are read (the window is bounded)."""
    if number < 2 or number > 20:
        return False
    before = text[max(0, rs - 3 * _WINDOW): rs]
    firsts = list(re.finditer(r"(?<![\w.,])1\.\s", before))
    if not firsts:
        return False
    first = firsts[-1]
    lead = before[: first.start()].rstrip()
    if lead and lead[-1] not in ":.!?":
        return False
    items = before[first.start():]
    pos = 0
    for k in range(1, number):
        m = re.compile(rf"(?<![\w.,]){k}\.\s").search(items, pos)
        if m is None:
            return False
        if re.search(r"[.!?…;]", items[pos:m.start()]):
            return False
        pos = m.end()
    return re.search(r"[.!?…;]", items[pos:]) is None


def _number_decision(word: str, prev: str | None, nxt: str, digit_next: bool) -> bool:
    """A period after a plain number, before a capitalised word or a digit."""
    if digit_next:
        # "13. 1. 2006" (day, month) is one date; "2016. 2017 …" is not.
        return len(word) > 2
    if nxt in MONTHS:
        return False  # "am 9. Dezember", "vom 12. Juni"
    if prev is None or (prev and _ends_sentence(prev)):
        return False  # a list item: "1. Dies ist …", "Ergebnis: 1. Die …"
    if len(word) == 4 and 1500 <= int(word) <= 2100:
        return True  # a year ends the sentence: "im Dezember 2016. Am …"
    if prev and prev.lstrip(_STRIP_LEFT).lower() in ORDINAL_GOVERNORS:
        return False  # "im 19. Jahrhundert", "den 45. Präsidenten"
    low = nxt.lower()
    return not (low in ORDINAL_NOUNS or low.endswith(ORDINAL_NOUN_SUFFIXES))


def _truncated(word: str, prev: str | None, lower_next: bool, digit_next: bool) -> bool:
    """Whether an unlisted ``word`` reads as an abbreviation by its shape: no vowel
    ("Stck. je", "Gr. 42"; after a number a unit, which may end a sentence before a
    capital: "42 km. Danach"; a capitalised one, which may be a name, only before a
    lowercase word or a number: "nach Krk. Dort"), or an ending no German word has
    ("chr. Erkrankung"; a capitalised one only before a lowercase word: "Febr. hatte",
    but "Er heißt Petr. Sein …")."""
    if _VOWELLESS.fullmatch(word) and not _INTERJECTION.fullmatch(word):
        if (prev and (prev[-1].isdigit() or _per(prev))) or word[0].isupper():
            return lower_next or digit_next
        return True
    return bool(_CUT_ENDING.fullmatch(word)) and (word[0].islower() or lower_next or digit_next)


def _spaced_forms(text: str, rs: int, word: str) -> list[str]:
    """``word`` (its period at ``rs``) joined with the one or two short dotted tokens before
    it, as the lists write spaced abbreviations: "a. M" → "a.M", "v. d. H" → "v.d.H"."""
    forms = [word]
    if len(word) > 4 or not word.isalpha():
        return forms
    for token in reversed(text[max(0, rs - 16):rs].split()[-3:-1]):  # up to two before
        part = token.lstrip(_STRIP_LEFT)
        if not part.endswith(".") or len(part) > 5:
            break
        forms.append(part + forms[-1])
    return forms


def _name_final(text: str, rs: int, word: str) -> bool:
    """Whether ``word`` (its period at ``rs``) closes a ``NAME_FINAL`` abbreviation,
    written together ("a.M", "v.d.H") or spaced ("a. M", "i. Br", "v. d. H")."""
    return any(form in NAME_FINAL for form in _spaced_forms(text, rs, word))


def _per(prev: str) -> bool:
    """"pro", "je": a unit follows ("15 € pro Std.", "2,20 Euro pro kg")."""
    return prev.lower() in ("pro", "je")


def _street(word: str) -> bool:
    """"Goethestr", "Hauptstr", "Kundennr": a street or a number cut short."""
    return word.endswith(("str", "nr")) and len(word) > 3 and word.replace("-", "").isalpha()


def _weekday_range(word: str) -> bool:
    """"Di.–So", "Mo.-Fr": a range of weekdays ("So" alone is the word "so")."""
    head, sep, tail = word.replace("–", "-").rpartition("-")
    return bool(sep) and tail in WEEKDAYS and head.rstrip(".") in WEEKDAYS


def _title_before_name(text: str, pos: int) -> bool:
    """Whether a title that is also a word ("Gen.", "Brig.") stands before a name: two
    capitalised words, or another title ("Gen. Mark Milley", "Brig. Gen. Smith"), not
    a start word or a noun ("ein neues Gen. Forscher fanden …")."""
    words = text[pos:pos + _WINDOW].split()[:2]
    if not words or not words[0][:1].isupper() or _starts_next(text, pos):
        return False
    first = words[0].rstrip(".,")
    return first in TITLES_OR_WORDS or first in NONFINAL or (
        len(words) > 1 and words[1][:1].isupper())


def _abbreviation_part(word: str) -> bool:
    """Whether the last part of a compound or glued token is an abbreviation.

    "Zimmermann-Str", "Dipl.-Ing", "Gedanken.Bek" (a missing space), "Hauptstr".
    """
    if _street(word):
        return True  # "Hauptstr." (Straße), "Kundennr." (Nummer)
    for sep in "-–./":
        if sep in word:
            part = word.rsplit(sep, 1)[1]
            if len(part) > 1 and (_is_abbreviation(part) or part in FINAL):
                return True
    return False


def _period_decision(text: str, rs: int, digit_next: bool, lower_next: bool) -> bool:
    """Decide a single "." (no closers) before the next sentence's first character."""
    raw, prev = _words_before(text, rs)
    if not raw or rs == 0 or text[rs - 1].isspace():
        return not lower_next
    if raw == "./":
        return False  # "Müller ./. Schmidt": versus, in the name of a case
    word = raw.lstrip(_STRIP_LEFT)
    if not word:
        return not lower_next
    if word == "So" and digit_next:
        return False  # "Sa. 11–22 Uhr, So. 12–20 Uhr": Sonntag
    if _street(word):
        # "in der Goethestr. 5" continues; "wohnt in der Goethestr. Dort …" ends
        return not digit_next and _starts_next(text, rs + 1)
    if word in ENGLISH_STREETS and prev and (prev[:1].isupper() or prev[:1].isdigit()):
        # a street after its name ("on Elm St. The …", "5th Ave. A spokesman"); "in St.
        # Louis", "on Main St. in" continue, and so does German "Kirche St. Georg"
        if word == "St":
            return not digit_next and _starts_next(text, rs + 1)
        return not (digit_next or lower_next)
    if word == "Man" and _next_word(text, rs + 1) in ("City", "Utd", "United"):
        return False  # "Man. City 4, Fulham 1"
    if (word in MONTH_ABBREVIATIONS or (word in WEEKDAYS and word != "Fr")
            or _weekday_range(word)):
        # "Dec. 5", "Di.–So. 10–18 Uhr", "Sa. 9 Uhr" continue; "in Dec. Her deputy …",
        # "am Mi. Bereits gekaufte Karten …" end ("Fr." is Frau too: "Fr. Von der Leyen")
        return not digit_next and _starts_next(text, rs + 1)
    if word in TITLES_OR_WORDS and _title_before_name(text, rs + 1):
        return False  # "Gen. Mark Milley"; "ein neues Gen. Forscher …" is decided below
    if _name_final(text, rs, word):
        # "Frankfurt a. M. Der Umsatz …", "John Smith Jr. The …" end; "Oberst a. D. Hans
        # Krause" does not
        return _starts_next(text, rs + 1)
    if len(word) == 1 and word.isalpha() and word != "f":
        if prev and not prev.endswith(".") and (
                prev[-1].isdigit() or (word.isupper() and prev.isalpha())):
            # a unit ("480 l. Der …") or a letter after a word ("die 67-jährige Anna B.
            # Sie erlitt …", "Vitamin C. Das …") before a sentence start; not "W. Putin",
            # nor an initial before a surname that is also a start word ("Michael J. Gleich")
            if word.isupper() and _next_word(text, rs + 1) in NAME_LIKE_STARTS:
                return False
            return _starts_next(text, rs + 1)
        # the end of a spaced final abbreviation: "12 % p. a. Tatsächlich", "Äpfel u. ä. Dann"
        if any(_is_final_abbreviation(form) for form in _spaced_forms(text, rs, word)[1:]):
            return not (digit_next or lower_next)
        return False  # initials, one-letter abbreviations: "W. Putin", "John F. Kennedy", "S. 225"
    if word == "f" and not (prev and prev.rstrip(".")[-1:].isdigit()):
        return False  # "f." after a word is "für" ("Klinik f. Innere Medizin"); "S. 5 f." ends
    if _is_final_abbreviation(word):
        # "usw. Worauf …" splits, "usw. quux" and "ff. 12" do not, nor "§§ 233 ff. ZPO"
        # (the statute the sections are in)
        if word in ("f", "ff") and _STATUTE.fullmatch(_next_word(text, rs + 1)):
            return False
        return not (digit_next or lower_next)
    if word in AFTER_NUMBER and prev and (prev.rstrip(".")[-1:].isdigit()
                                          or _per(prev)):
        # after a number or an ordinal: "nach 3 Std. Pause", "in der 23. Min. zum 1:0"
        # "3,4 Mrd. Euro" continues; "stieg auf 3,4 Mrd. Die Aktie …", "15 € pro Std.
        # Bei Interesse …" end
        return _starts_next(text, rs + 1)  # "for 10 min. The supernatant …" too
    if word in AFTER_NUMBER and lower_next:
        return False  # a unit without its number: "zeigt die Zeit in Min. an."
    if word in ADVERB_FINAL and not (digit_next or lower_next):
        # "3x tägl. Die …", "1 mg/kg KG tägl. Nebenwirkungen …" end (after an amount or a
        # unit); "tägl. geöffnet", "mit tägl. Reinigung", "der tägl. Bedarf" do not
        after_amount = bool(prev) and (any(c.isdigit() for c in prev) or "/" in prev
                                       or bool(_VOWELLESS.fullmatch(prev.rstrip("."))))
        return after_amount or _starts_next(text, rs + 1)
    # "Lt. Vertrag …" at a sentence start, but "Das Kind heißt Max. Es …" ends.
    if _is_abbreviation(word, initial=prev is None or (bool(prev) and _ends_sentence(prev))):
        return False
    if word in BEFORE_NUMBER:
        # "Eq. (2)", "Fig. S2", "Apt. 4B": a number or a code follows
        code_next = bool(_CODE.fullmatch(_next_word(text, rs + 1)))
        return not (digit_next or lower_next or code_next)
    if (m := _RANGE.fullmatch(word)) is not None:
        word = m.group(1) or m.group(2)  # a range of ordinals or years: the last decides
    if _DIGITS.fullmatch(word):
        if lower_next:
            return False  # "am 3. und 4. Mai"
        if raw.startswith("(") and ")" not in raw:
            return False  # "Weigl (78. Olsen)": a minute or a rank inside parentheses
        if prev and prev[-1] in ",;" and _enumerated(text, rs, int(word)):
            return False  # "1. Geld, 2. Zeit, 3. Personal": an enumeration goes on
        if _inline_list(text, rs, int(word)) and not _starts_next(text, rs + 1):
            # "Anlagen: 1. Antragsformular 2. Merkblatt 3. …", not "1. FC Köln ist auf
            # Rang 2. Die Bayern …"
            return False
        return _number_decision(word, prev, _next_word(text, rs + 1), digit_next)
    if _DATE_DM.fullmatch(word) or _DATE_DMY.fullmatch(word):
        # "am 24.09. los" continues; a complete date before a capital ends
        # the sentence: "Die Frist endet am 30.06. Wir …".
        return not (digit_next or lower_next)
    if word in DOTTED_FINAL:
        # "9 a.m. It …", "the U.S. She …"; "p.m. on", "5 p.m. Monday", "U.S. Army"
        nxt = _next_word(text, rs + 1)
        if (word in DOTTED_TIMES and prev and prev[-1].isdigit()  # "Former P.M. Tony Blair"
                and not (lower_next or digit_next)):
            return nxt not in TIME_CONTINUES
        if prev and prev.endswith(",") and not (lower_next or digit_next):
            return True  # "in Bristol, U.K. Tolls are …", "Washington, D.C. Officials …"
        return nxt in ENGLISH_STARTS
    if _ACRONYM.fullmatch(word) and prev and not _ends_sentence(prev):
        # a dotted acronym ends the sentence before a word that starts one ("in der
        # F.A.Z. Wir danken", "the U.S.A. The"), not before a name or a noun
        return _starts_next(text, rs + 1)
    if _DOTTED.fullmatch(word) or _abbreviation_part(word):
        return False  # "z.B.", "u.a.", "d.h.", "H.-J. Schulz", "Zimmermann-Str."
    if _truncated(word, prev, lower_next, digit_next):
        return False
    if prev and AFTER_TITLE.get(word) == prev.lstrip(_STRIP_LEFT):
        return False  # "Dr. med. vet. Anna Hahn", "Prof. em. Dr." ("the vet. Then" ends)
    if _ROMAN.fullmatch(word):
        # "des III. Geschwaders" (ordinal) vs. "Thutmosis III. Die …" (regnal, ends); a
        # numeral that opens a sentence numbers a section ("II. Die Berufung hat …")
        if digit_next or lower_next or prev is None or (prev and _ends_sentence(prev)):
            return False
        return not (prev and prev.lstrip(_STRIP_LEFT).lower() in ORDINAL_GOVERNORS)
    if lower_next:
        # A full word (not an abbreviation: those are listed) and then a
        # lowercase start: a sentence that begins in lowercase (news agency
        # tags "dpa", quoted fragments). Short or non-alphabetic tokens stay.
        return len(word) >= 3 and word.replace("-", "").isalpha() and word[-1].islower()
    return True


def _decide(text: str, rs: int, re_: int, run: str) -> bool:
    """Whether the punctuation run ``text[rs:re_]`` ends a sentence."""
    n = len(text)
    k = _WS.match(text, re_).end()
    if k >= n:
        return True
    if rs and text[rs - 1] in "([":
        # "ein(!) Satz", "(?)", "[…]": an inline mark, not an end; but a period after
        # the closed mark is decided as any other ("unklar […]. Weitere Studien")
        k = run.find(")" if text[rs - 1] == "(" else "]")
        if k < 0 or k + 1 >= len(run) or run[k + 1] not in _TERMINALS:
            return False
        return _decide(text, rs + k + 1, re_, run[k + 1:])
    if (emoticon := _EMOTICON.match(text, k)) is not None and k > re_:
        # "Wochenende!! :D Was …": the emoticon trails the sentence (see split_sentences)
        k = _WS.match(text, emoticon.end()).end()
        if k >= n:
            return True
    c = text[k]
    if (c in "–—" and k > re_ and (dash := _DASH_TURN.match(text, k)) is not None
            and not _PAIRED_DASH.match(text, dash.end())):
        # "… vereinbart. – Ich höre keinen Widerspruch.", "Hunger? – Ein bisschen.": a
        # spaced dash before a capital after a sentence end opens a new turn
        k = dash.end() - 1
        c = text[k]
    if c in ",;:)]}-–—":
        # "1. -3. Jahrhundert", "…“, – so …": these never start a sentence.
        return False
    opener = False
    if c in _OPENERS:
        opener = True
        k2 = k
        while k2 < n and (text[k2] in _OPENERS or text[k2].isspace()):
            k2 += 1
        if k2 >= n:
            return True
        c = text[k2]
    lower_next = c.islower()
    # a number in parentheses continues ("Müller et al. (2019: 12) zeigen"), but not a
    # numbered paragraph ("… der Klasse 3. (2) Es gilt …") or a number in quotes
    digit_next = c.isdigit() and (not opener or (
        text[k] == "(" and _PARAGRAPH_NUMBER.match(text, k) is None))

    term_len = 1
    while term_len < len(run) and run[term_len] in _TERMINALS:
        term_len += 1
    term = run[:term_len]
    closed = term_len < len(run) and run[term_len] in _CLOSERS
    if lower_next and not (closed and opener) and (term_len > 1 or run[0] != "."):
        # "»Nun, wie ist es?« fragte er", "nach der K … brücke": a lowercase
        # word continues the sentence. (A new quotation after a closed one,
        # '… ab." "ich bin …', does start a new sentence.)
        return False
    if run[0] in "!?‽⁇⁈⁉":
        return True
    if run[0] == "…" or term.startswith("..."):
        # A spaced ellipsis marks words left out inside a sentence ("Kredite
        # auf … Während das …", "zurückbekomme …« Er wurde"); a glued one or
        # one followed by a period ends it ("Ein Satz... Noch einer.").
        return not (term in ("…", "...") and rs > 0 and text[rs - 1].isspace())
    if term_len > 1:
        return True  # "..", ".!", ".?"
    if term_len < len(run):
        # Closers or a footnote after the period: 'schlimm." Und', 'usw.) Quux', 'erfolgen.[6] Es'.
        if lower_next:
            return closed and opener
        raw, _ = _words_before(text, rs)
        word = raw.lstrip(_STRIP_LEFT)
        return not (len(word) == 1 and word.isalpha() and run[term_len] not in ")]}")
    return _period_decision(text, rs, digit_next, lower_next)


def _glued_boundary(text: str, rs: int) -> bool:
    """"Gedanken.Verschiedene": a period between two words without a space."""
    if rs < 2 or not _GLUED_LEFT.search(text, max(0, rs - 2), rs):
        return False
    if not _GLUED_RIGHT.match(text, rs + 1):
        return False
    return not _is_url_or_email(_token_around(text, rs))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph.

    Args:
        text: One paragraph (it may contain line breaks, which are treated as
            spaces).

    Returns:
        ``(start, end)`` offsets into ``text``, in order, covering every
        non-whitespace character exactly once; each span starts and ends with
        a non-whitespace character.
    """
    n = len(text)
    start = _WS.match(text).end()
    if start >= n:
        return []
    spans: list[tuple[int, int]] = []
    for m in _RUN.finditer(text, start):
        rs, re_ = m.span()
        if rs < start:
            continue
        if re_ < n and not text[re_].isspace():
            if re_ - rs == 1 and text[rs] in ".!?" and _glued_boundary(text, rs):
                spans.append((start, re_))
                start = re_
            continue
        if not _decide(text, rs, re_, m.group()):
            continue
        end = re_
        emoji = _EMOJI_TOKEN.match(text, end)
        if emoji:
            end = emoji.end()
        nxt = _WS.match(text, end).end()
        spans.append((start, end))
        start = nxt
        if start >= n:
            break
    if start < n:
        end = n
        while end > start and text[end - 1].isspace():
            end -= 1
        spans.append((start, end))
    return _split_asides(text, _split_unpunctuated(text, spans))


def _split_unpunctuated(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split the spans at the ends ``_UNPUNCTUATED_END`` finds (an emoticon before a
    capital, a quotation broken off by a dash before the next one)."""
    if _UNPUNCTUATED_HINT.search(text) is None:  # the usual case, found fast
        return spans
    out: list[tuple[int, int]] = []
    for start, end in spans:
        for m in _UNPUNCTUATED_END.finditer(text, start, end):
            cut = m.end()
            nxt = _WS.match(text, cut).end()
            if cut <= start or nxt >= end:
                continue
            out.append((start, cut))
            start = nxt
        out.append((start, end))
    return out


def _split_asides(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Set a parenthesis that opens a sentence apart when a capitalised word follows it
    and it is a stage direction or a caption ("(Beifall bei der SPD) Das haben wir …",
    "(Foto: dpa) Die …"), or three words or more before a word that starts a sentence;
    not "(Fast) Alle waren da", "(ii) Die Frist …"."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        aside = _ASIDE.match(text, start, end) if text[start] == "(" else None
        if aside is not None:
            words = aside["inside"].replace(":", " ").split()
            if not ((words and words[0] in _ASIDE_WORDS)
                    or (len(words) >= 3 and _starts_next(text, aside.end()))):
                aside = None
        if aside is None:
            out.append((start, end))
            continue
        out.append((start, aside.end()))
        out.append((_WS.match(text, aside.end()).end(), end))
    return out
