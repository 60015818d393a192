"""A structural TMX 1.4 check, equivalent to the DTD for what transalign writes.

The TMX 1.4b DTD (https://www.gala-global.org/tmx-14b) as far as it concerns
plain-text memories::

    <!ELEMENT tmx (header, body)>        version #REQUIRED
    <!ELEMENT header (note|prop|ude)*>   creationtool creationtoolversion segtype
                                         o-tmf adminlang srclang datatype #REQUIRED
    <!ELEMENT body (tu*)>
    <!ELEMENT tu ((note|prop)*, tuv+)>
    <!ELEMENT tuv ((note|prop)*, seg)>   xml:lang #REQUIRED
    <!ELEMENT prop (#PCDATA)>            type #REQUIRED
    <!ELEMENT seg (#PCDATA|bpt|ept|it|ph|hi|ut)*>

plus what the export promises: ``version="1.4"``, a known ``segtype``, each
``tu`` with exactly one ``tuv`` per language of ``languages``, the first in
header ``srclang``, and no inline markup in ``seg``. Streams with
``iterparse``, so it checks a million units in constant memory.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from ..errors import InputError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HEADER_REQUIRED = ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang",
                   "srclang", "datatype")
SEGTYPES = ("block", "paragraph", "sentence", "phrase")
_INLINE = ("bpt", "ept", "it", "ph", "hi", "ut")


class TmxStructureError(InputError, ValueError):
    """The file is not a TMX 1.4 document of the expected shape (an ``InputError``, so
    ``except TransalignError`` catches it, and a ``ValueError`` as before)."""


def _children_order(elem: ET.Element, allowed: Sequence[str], where: str) -> list[str]:
    """Tags of ``elem``'s children, checking they follow the DTD's group order."""
    tags = [c.tag for c in elem]
    rank = {tag: i for i, group in enumerate(allowed) for tag in group.split("|")}
    last = -1
    for tag in tags:
        if tag not in rank:
            raise TmxStructureError(f"{where}: <{tag}> is not allowed in <{elem.tag}>")
        if rank[tag] < last:
            raise TmxStructureError(f"{where}: <{tag}> comes after {allowed[last]} in <{elem.tag}>")
        last = rank[tag]
    return tags


def check_tmx(path: str, languages: Sequence[str] = ("de", "en")) -> int:
    """Check the structure of a TMX file and return its number of ``tu``.

    Args:
        path: The TMX file.
        languages: The ``xml:lang`` of the ``tuv`` of every ``tu``, source first.

    Raises:
        TmxStructureError: a DTD or export rule is broken (message names the tu).
        xml.etree.ElementTree.ParseError: the file is not well-formed XML.
    """
    units = 0
    depth = 0
    seen_header = seen_body = False
    body: ET.Element | None = None
    for event, elem in ET.iterparse(path, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth == 1:
                if elem.tag != "tmx" or elem.get("version") != "1.4":
                    raise TmxStructureError('root must be <tmx version="1.4">')
            elif depth == 2:
                if elem.tag == "header" and not seen_header and not seen_body:
                    seen_header = True
                elif elem.tag == "body" and seen_header and not seen_body:
                    seen_body = True
                    body = elem
                else:
                    raise TmxStructureError(f"<tmx> must hold <header> then <body>, got <{elem.tag}>")
            elif depth == 3 and seen_body and elem.tag != "tu":
                raise TmxStructureError(f"<body> may only hold <tu>, got <{elem.tag}>")
            continue
        depth -= 1
        if depth == 1 and elem.tag == "header":
            missing = [a for a in HEADER_REQUIRED if not elem.get(a)]
            if missing:
                raise TmxStructureError(f"<header> lacks required {', '.join(missing)}")
            if elem.get("segtype") not in SEGTYPES:
                raise TmxStructureError(f"<header> segtype {elem.get('segtype')!r} is not one of "
                                        f"{', '.join(SEGTYPES)}")
            if elem.get("srclang") != languages[0]:
                raise TmxStructureError(f"<header> srclang {elem.get('srclang')!r} is not the "
                                        f"source language {languages[0]!r}")
            _children_order(elem, ("note|prop|ude",), "<header>")
            for prop in elem.iter("prop"):
                if not prop.get("type"):
                    raise TmxStructureError("<header>: <prop> lacks required type")
        elif depth == 2 and elem.tag == "tu":
            units += 1
            _check_tu(elem, units, languages)
            if body is not None:
                del body[:]  # drop checked units: constant memory for any file size
    if not (seen_header and seen_body):
        raise TmxStructureError("<tmx> must hold <header> and <body>")
    return units


def _check_tu(tu: ET.Element, number: int, languages: Sequence[str]) -> None:
    where = f"tu #{number}"
    tags = _children_order(tu, ("note|prop", "tuv"), where)
    if "tuv" not in tags:
        raise TmxStructureError(f"{where}: no <tuv>")
    for prop in tu.findall("prop"):
        if not prop.get("type") or len(prop):
            raise TmxStructureError(f"{where}: <prop> needs a type and text only")
    langs = []
    for tuv in tu.findall("tuv"):
        lang = tuv.get(XML_LANG)
        if not lang:
            raise TmxStructureError(f"{where}: <tuv> lacks required xml:lang")
        langs.append(lang)
        tuv_tags = _children_order(tuv, ("note|prop", "seg"), where)
        if tuv_tags.count("seg") != 1:
            raise TmxStructureError(f"{where}: <tuv xml:lang={lang!r}> needs exactly one <seg>")
        seg = tuv.find("seg")
        assert seg is not None
        if len(seg):
            tag = seg[0].tag
            kind = "inline markup" if tag in _INLINE else "an element TMX does not allow"
            raise TmxStructureError(f"{where}: <seg> holds <{tag}> ({kind}); export writes "
                                    "plain text")
    if langs != list(languages):
        raise TmxStructureError(f"{where}: tuv languages {langs} are not {list(languages)}")
