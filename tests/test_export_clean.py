"""The shared cleaning step and the XML escaping functions of the exporter."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from transalign.export import AlignedPair, clean_pair, clean_text, xml_attr, xml_text

CLEAN_CASES = [
    # (id, raw, cleaned)
    ("plain", "Guten Tag.", "Guten Tag."),
    ("empty", "", ""),
    ("only-space", " \t\n ", ""),
    ("tab", "a\tb", "a b"),
    ("crlf", "a\r\nb", "a b"),
    ("lf-run", "a\n\n\nb", "a b"),
    ("vt-ff", "a\x0bb\x0cc", "a b c"),
    ("nel", "a\x85b", "a b"),
    ("line-sep", "a\u2028b", "a b"),
    ("para-sep", "a\u2029b", "a b"),
    ("info-sep", "a\x1eb", "a b"),
    ("control-01", "Zwei\x01 Sätze", "Zwei Sätze"),
    ("nul", "a\x00b", "ab"),
    ("esc", "\x1b[31mrot\x1b[0m", "[31mrot[0m"),
    ("del", "a\x7fb", "ab"),
    ("c1", "a\x80\x9fb", "ab"),
    ("lone-surrogate", "a\ud800b", "ab"),
    ("fffe-ffff", "a\ufffe\uffffb", "ab"),
    ("nfd-to-nfc", "U\u0308ber", "Über"),
    ("nfc-kept", "Über", "Über"),
    ("spaces-collapse", "  a   b  ", "a b"),
    ("nbsp-kept", "10\u00a0000 €", "10\u00a0000 €"),
    ("thin-space-kept", "5\u2009%", "5\u2009%"),
    ("emoji", "Glück 😀 👍🏽", "Glück 😀 👍🏽"),
    ("astral-kept", "\U0001d11e", "\U0001d11e"),
    ("xml-chars-kept", "a & b < c > d \"e\" 'f'", "a & b < c > d \"e\" 'f'"),
    ("bom-kept", "\ufeffa", "\ufeffa"),
    ("combining-after-control", "U\x01\u0308", "Ü"),
]


@pytest.mark.parametrize(("raw", "expected"), [c[1:] for c in CLEAN_CASES],
                         ids=[c[0] for c in CLEAN_CASES])
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize("raw", [c[1] for c in CLEAN_CASES], ids=[c[0] for c in CLEAN_CASES])
def test_clean_text_is_idempotent_and_writable(raw: str) -> None:
    once = clean_text(raw)
    assert clean_text(once) == once
    once.encode("utf-8")  # no lone surrogates left
    assert "\t" not in once and "\n" not in once and "\r" not in once
    assert once.splitlines() in ([once], [])  # nothing splitlines() would break at


@pytest.mark.parametrize("raw", [c[1] for c in CLEAN_CASES], ids=[c[0] for c in CLEAN_CASES])
def test_cleaned_text_survives_xml(raw: str) -> None:
    text = clean_text(raw)
    elem = ET.fromstring(f'<seg a="{xml_attr(text)}">{xml_text(text)}</seg>'.encode())
    assert (elem.text or "") == text
    assert elem.get("a") == text


ESCAPE_CASES = [
    ("amp", "&", "&amp;", "&amp;"),
    ("lt-gt", "<b>", "&lt;b&gt;", "&lt;b&gt;"),
    ("cdata-end", "]]>", "]]&gt;", "]]&gt;"),
    ("entity-lookalike", "&amp;", "&amp;amp;", "&amp;amp;"),
    ("quotes", "\"x\" 'y'", "\"x\" 'y'", "&quot;x&quot; 'y'"),
    ("tab-newline-attr", "a\tb\nc\rd", "a\tb\nc\rd", "a&#9;b&#10;c&#13;d"),
    ("plain", "Straße", "Straße", "Straße"),
]


@pytest.mark.parametrize(("raw", "text", "attr"), [c[1:] for c in ESCAPE_CASES],
                         ids=[c[0] for c in ESCAPE_CASES])
def test_xml_escaping(raw: str, text: str, attr: str) -> None:
    assert xml_text(raw) == text
    assert xml_attr(raw) == attr
    elem = ET.fromstring(f'<x a="{xml_attr(raw)}">{xml_text(raw)}</x>')
    assert elem.get("a") == raw
    # character data keeps \r only as a reference; the escaping is for cleaned text
    assert (elem.text or "") == raw.replace("\r", "\n")


def test_clean_pair_cleans_every_text_field_and_keeps_clean_pairs() -> None:
    pair = AlignedPair("a\tb", "c\u2028d", doc_id="doc\n1", flags=("x\x01",), score=0.5,
                       score_kind="align")
    cleaned = clean_pair(pair)
    assert (cleaned.src, cleaned.tgt, cleaned.doc_id, cleaned.flags) == ("a b", "c d", "doc 1", ("x",))
    assert cleaned.score == 0.5 and cleaned.score_kind == "align"
    assert clean_pair(cleaned) is cleaned


def test_regression_elementtree_writes_control_characters_raw() -> None:
    # docs/export.md: "Python's ElementTree writes \x01 raw and the file no longer parses".
    # This is why the exporter removes such characters itself (clean_text).
    root = ET.Element("seg")
    root.text = "a\x01b"
    with pytest.raises(ET.ParseError):
        ET.fromstring(ET.tostring(root))
    root.text = clean_text("a\x01b")
    assert ET.fromstring(ET.tostring(root)).text == "ab"
