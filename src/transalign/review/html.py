"""The page shell: one self-contained HTML file, its data as inert JSON, nothing to load.

Escaping is done in exactly two places, both here:

- :func:`escape_html` for the few strings the shell itself writes (the title);
- :func:`script_json` for the data, embedded in ``<script type="application/json">``:
  ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e``, ``\\u0026`` (so no ``</script>``
  or ``<!--`` can end the block); U+2028/U+2029, the bidi controls and lone surrogates
  are written as ``\\u`` escapes too, so the file's source shows no reordered text.
  The browser never parses the data as HTML: the page's script reads it with
  ``JSON.parse`` and puts every string into the page with ``textContent`` or text nodes
  only, invisible and direction-changing characters as visible ``U+XXXX`` marks.

The Content-Security-Policy allows the page's own inline script and style, by their
SHA-256, and nothing else: no other script (an injected ``<script>`` or ``onerror``
would not run even if escaping failed), no images, fonts, frames or connections.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from importlib import resources

__all__ = ["csp", "escape_html", "page", "script_json", "static_text"]

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}
# also escaped, so that the file's source reads as it is: bidi controls (a "Trojan
# Source" reordering of the text around them) and lone surrogates (not UTF-8)
_JSON_SPECIAL = re.compile("[<>&\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                           "\ud800-\udfff]")


# what the page's script shows as "U+XXXX" marks (review.js CONTROL)
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e"
                       "\u2060\u2066-\u2069\u2028\u2029\ufeff\ud800-\udfff]")


def escape_html(text: str) -> str:
    """``text`` safe as HTML text or a quoted attribute value, invisible and
    direction-changing characters written as visible ``U+XXXX``.

    >>> escape_html('<b title="x">&</b>\u202e')
    '&lt;b title=&quot;x&quot;&gt;&amp;&lt;/b&gt;U+202E'
    """
    shown = _CONTROLS.sub(lambda m: f"U+{ord(m.group()):04X}", text)
    return html.escape(shown, quote=True)


def _json_escape(match: re.Match[str]) -> str:
    char = match.group()
    return _JSON_ESCAPES.get(char) or f"\\u{ord(char):04x}"


def script_json(data: object) -> str:
    """``data`` as JSON text that can sit inside ``<script type="application/json">``.

    Compact and in the objects' own key order, so the same data gives the same bytes.

    >>> script_json({"src": "</script><script>alert(1)</script>"})
    '{"src":"\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JSON_SPECIAL.sub(_json_escape, text)


def static_text(name: str) -> str:
    """A file of ``transalign/review/static`` (the page's CSS and JS), as text."""
    return (resources.files(__package__) / "static" / name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def csp(style: str, script: str) -> str:
    """The Content-Security-Policy of a page with this inline style and script."""
    return ("default-src 'none'; "
            f"style-src {_sha256(style)}; script-src {_sha256(script)}; "
            "img-src 'none'; font-src 'none'; connect-src 'none'; media-src 'none'; "
            "object-src 'none'; frame-src 'none'; worker-src 'none'; manifest-src 'none'; "
            "base-uri 'none'; form-action 'none'")


def page(*, title: str, kind: str, data: object, generator: str) -> str:
    """The whole HTML file of a review page.

    Args:
        title: The page title (escaped here).
        kind: The view (``translation``, ``alignment``, ``evaluation``).
        data: The page's data; the script builds the view from it.
        generator: Tool name and version, for the ``generator`` meta tag.
    """
    style = static_text("review.css")
    script = static_text("review.js")
    for name, body, end in (("review.css", style, "</style"), ("review.js", script, "</script")):
        if end in body.lower():  # would end the element early
            raise ValueError(f"{name} contains {end}")
    return "".join([
        "<!DOCTYPE html>\n",
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{escape_html(csp(style, script))}">\n',
        '<meta name="referrer" content="no-referrer">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f'<meta name="generator" content="{escape_html(generator)}">\n',
        f"<title>{escape_html(title)}</title>\n",
        f"<style>{style}</style>\n</head>\n",
        f'<body data-kind="{escape_html(kind)}">\n',
        "<noscript><p>This review page builds its view with JavaScript, which is off. "
        "Its data is the JSON in the element with id review-data at the end of the file."
        "</p></noscript>\n",
        '<main id="app"></main>\n',
        f'<script id="review-data" type="application/json">{script_json(data)}</script>\n',
        f"<script>{script}</script>\n",
        "</body>\n</html>\n",
    ])
