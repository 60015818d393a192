"""Tokens that a translation must carry over verbatim: URLs, e-mail addresses, hashtags
and @handles.

A translator never translates ``www.example.de``, ``info@example.de``, ``#MeToo`` or
``@bundestag``; an MT system sometimes does (``#Klimaschutz`` → ``#climate protection``),
or drops them. :func:`find_tokens` finds them in a text, :func:`missing_tokens` lists
those of the source that the target lacks (character for character, except that a host
name, an e-mail address, a hashtag or a handle may change case, which they ignore).
:func:`mask_tokens` blanks them out, so that the digits inside a URL are not read as
numbers by :mod:`transalign.check.numbers`.

What counts as a token (each pattern anchored so that it does not start inside a word):

- a URL: ``http://`` / ``https://`` / ``ftp://`` / ``www.`` followed by non-space
  characters, or a bare domain ending in a common top-level domain (``spiegel.de``,
  ``example.com/path``); trailing sentence punctuation and an unmatched closing
  bracket are not part of it;
- an e-mail address: ``local@domain.tld``;
- a hashtag: ``#`` and a letter, then letters, digits or ``_`` (``#WMT22``), not a
  ``#PLACEHOLDER#`` written with a closing ``#``;
- a handle: ``@`` and a letter, digit or ``_`` run, not preceded by a word character
  (that would be an e-mail address).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Token", "find_tokens", "mask_tokens", "missing_tokens"]

# the top-level domains a bare domain (without www. or a scheme) may end in: the common
# generic ones and those of the German-speaking countries and their neighbours
_TLDS = ("de|at|ch|li|lu|eu|com|org|net|info|biz|io|gov|edu|int|co\\.uk|uk|fr|it|nl|be"
         "|dk|pl|cz|es|us|tv|me|app|online|shop|berlin|bayern|koeln|hamburg")
_URL = re.compile(
    r"(?<![\w@.\-/])(?:"
    r"(?i:https?|ftp)://[^\s<>\"„“”«»]+"
    r"|(?i:www)\.[^\s<>\"„“”«»]+"
    rf"|(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{{0,61}}[A-Za-z0-9])?\.){{1,8}}(?:{_TLDS})"
    r"(?![A-Za-z0-9\-])"
    r"(?:/[^\s<>\"„“”«»]*)?"
    r")")
_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]+@(?:[A-Za-z0-9\-]+\.)+[A-Za-z]{2,}(?![\w\-])")
_HASHTAG = re.compile(r"(?<![\w&#])#[^\W\d_]\w*(?![\w#])")
_HANDLE = re.compile(r"(?<![\w@.])@\w+(?![\w@])")

# punctuation that ends a sentence or a clause rather than a URL
_TRAILING = ".,;:!?'\"’”“»«)]}"


@dataclass(frozen=True)
class Token:
    """One verbatim token of a text.

    Attributes:
        kind: ``url``, ``email``, ``hashtag`` or ``handle``.
        text: The token as written.
        start: Offset of its first character.
        end: Offset one past its last character.
    """

    kind: str
    text: str
    start: int
    end: int


def _trim_url(text: str) -> str:
    """A URL without the punctuation that follows it in the sentence: ``(www.x.de).`` →
    ``www.x.de``; a closing bracket stays when the URL opened it (``…/Foo_(Bar)``)."""
    while text and text[-1] in _TRAILING:
        last = text[-1]
        pairs = {")": "(", "]": "[", "}": "{"}
        if last in pairs and text.count(pairs[last]) >= text.count(last):
            break
        text = text[:-1]
    return text


def _url_ok(url: str) -> bool:
    """A URL with a scheme or ``www.``, or a bare domain with a letter before its
    top-level domain (``2.5.de`` is a number, not a domain)."""
    if "://" in url or url[:4].lower() == "www.":
        return True
    host = url.split("/", 1)[0]
    return re.search("[A-Za-z]", host.rsplit(".", 1)[0]) is not None


def find_tokens(text: str) -> list[Token]:
    """The URLs, e-mail addresses, hashtags and handles of ``text``, in order.

    >>> [t.text for t in find_tokens("Mehr unter www.example.de/info. #Wahl2021 @tagesschau")]
    ['www.example.de/info', '#Wahl2021', '@tagesschau']
    """
    found: list[Token] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for match in _EMAIL.finditer(text):
        found.append(Token("email", match.group(), match.start(), match.end()))
        taken.append(match.span())
    for match in _URL.finditer(text):
        url = _trim_url(match.group())
        start, end = match.start(), match.start() + len(url)
        if not url or not _url_ok(url):
            continue
        if free(start, end):
            found.append(Token("url", url, start, end))
            taken.append((start, end))
    for kind, pattern in (("hashtag", _HASHTAG), ("handle", _HANDLE)):
        for match in pattern.finditer(text):
            if free(*match.span()):
                found.append(Token(kind, match.group(), match.start(), match.end()))
                taken.append(match.span())
    return sorted(found, key=lambda t: t.start)


def mask_tokens(text: str, tokens: list[Token] | None = None) -> str:
    """``text`` with every token replaced by as many spaces (offsets are kept)."""
    for token in tokens if tokens is not None else find_tokens(text):
        text = text[:token.start] + " " * (token.end - token.start) + text[token.end:]
    return text


def _key(token: Token) -> str:
    """What must be equal for a token to count as carried over: a URL's host and an
    e-mail address, hashtag or handle in any case (they are case-insensitive), a URL's
    path exactly."""
    if token.kind != "url":
        return token.text.lower()
    scheme, sep, rest = token.text.partition("://")
    if not sep:
        scheme, rest = "", token.text
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}{sep}{host.lower()}{slash}{path}"


def missing_tokens(source: str, target: str) -> list[str]:
    """The tokens of ``source`` that ``target`` does not carry over verbatim, each once,
    in source order (hosts, e-mail addresses, hashtags and handles compared without
    regard to case, which they ignore).

    >>> missing_tokens("Infos: info@example.de, #Wahl", "Info: info@example.de, #election")
    ['#Wahl']
    >>> missing_tokens("Siehe Letterboxd.com/Filme", "See letterboxd.com/Filme")
    []
    """
    have = {_key(t) for t in find_tokens(target)}
    missing: list[str] = []
    for token in find_tokens(source):
        if _key(token) not in have and token.text not in target and token.text not in missing:
            missing.append(token.text)
    return missing
