"""OPUS-MT-style input normalisation, table-driven."""

from __future__ import annotations

import pytest

from transalign.normalize import opus_mt_normalize as normalize


@pytest.mark.parametrize(("raw", "expected"), [
    ("„Wir kommen“, sagte sie.", '"Wir kommen", sagte sie.'),
    ("»Nein«, rief er.", '"Nein", rief er.'),
    ("‚So‘ – nicht anders…", "'So' - nicht anders..."),
    ("Er—sie", "Er - sie"),
    ("10\u00a0000\u202fEuro", "10 000 Euro"),
    ("Zeit\u00adungs\u200bartikel", "Zeitungsartikel"),
    ("a\x01b\x7fc", "abc"),
    ("  viel   Platz\t\n ", "viel Platz"),
    ("Zeile\u2028zwei", "Zeile zwei"),
    ("Cafe\u0301", "Café"),  # NFC
    ("", ""),
])
def test_normalize(raw, expected) -> None:
    assert normalize(raw) == expected


def test_normalize_is_idempotent() -> None:
    text = "„Das – ist…“ ein\u00a0Test\u200b."
    assert normalize(normalize(text)) == normalize(text)
