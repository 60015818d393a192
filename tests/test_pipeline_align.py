"""``pipeline.align_documents``: segment (or take sentences), bridge, align, per document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from transalign.align import AlignOptions, align
from transalign.errors import InputError, UsageError
from transalign.pipeline import AlignedDocument, SegmentedDocument, align_documents
from transalign.records import Bead, Document

FIXTURES = Path(__file__).parent / "fixtures" / "align"


def lines(name: str) -> list[str]:
    return (FIXTURES / name).read_text("utf-8").split("\n")[:-1]


DE, EN, BRIDGE, GOLD = (lines("article.de.sents"), lines("article.en.sents"),
                        lines("article.bridge.txt"), lines("article.gold"))
DE_DOC = Document("article", (FIXTURES / "article.de.txt").read_text("utf-8"))
EN_DOC = Document("article", (FIXTURES / "article.en.txt").read_text("utf-8"))


class FakeTranslator:
    """Looks German sentences up in the fixture's translations; records its calls."""

    def __init__(self) -> None:
        self.table = dict(zip(DE, BRIDGE, strict=True))
        self.calls: list[list[str]] = []

    def translate(self, sentences: list[str]) -> list[str]:
        self.calls.append(list(sentences))
        return [self.table.get(s, s[::-1]) for s in sentences]


def presegmented(doc_id: str, sentences: list[str]) -> Document:
    return Document(doc_id, "\n".join(sentences) + "\n")


def bridge_kwargs(bridge: str) -> dict[str, object]:
    return {"translate": {"translator": FakeTranslator()}, "file": {"src_translations": BRIDGE},
            "none": {}, "same-language": {}}[bridge]


@pytest.mark.parametrize(("bridge", "align_kwargs"), [
    ("translate", {"bridge": BRIDGE}),
    ("file", {"bridge": BRIDGE}),
    ("none", {}),
    ("same-language", {"same_language": True}),
])
def test_each_bridge_gives_the_aligners_beads(bridge: str, align_kwargs: dict) -> None:
    [doc] = align_documents([presegmented("a", DE)], [presegmented("a", EN)], bridge=bridge,
                            presegmented=True, **bridge_kwargs(bridge))
    expected = align(DE, EN, src_paragraphs=[0] * len(DE), tgt_paragraphs=[0] * len(EN),
                     **align_kwargs)
    assert list(doc.beads) == expected
    assert doc.bridge == (tuple(BRIDGE) if "bridge" in align_kwargs else None)
    assert (doc.src, doc.tgt) == (SegmentedDocument("a", tuple(DE), (0,) * len(DE)),
                                  SegmentedDocument("a", tuple(EN), (0,) * len(EN)))
    if bridge != "same-language":  # (German against English directly: no gold)
        assert [b.format(with_score=False) for b in doc.beads] == GOLD


@pytest.mark.parametrize("inputs", ["presegmented", "documents", "segmented"])
def test_the_three_kinds_of_input_align_alike(inputs: str) -> None:
    src, tgt = {
        "presegmented": (presegmented("a", DE), presegmented("a", EN)),
        "documents": (DE_DOC, EN_DOC),  # segmented by transalign.segment
        "segmented": (SegmentedDocument("a", tuple(DE), (0,) * len(DE)),
                      SegmentedDocument("a", tuple(EN), (0,) * len(EN))),
    }[inputs]
    [doc] = align_documents([src], [tgt], bridge="file", src_translations=BRIDGE,
                            presegmented=inputs == "presegmented")
    assert doc.src.sentences == tuple(DE) and doc.tgt.sentences == tuple(EN)
    assert [b.format(with_score=False) for b in doc.beads] == GOLD


@pytest.mark.parametrize(("text", "is_presegmented", "unwrap", "sentences", "paragraphs"), [
    ("Eins. Zwei.\nDrei.", False, False, ("Eins.", "Zwei.", "Drei."), (0, 0, 1)),
    ("Eins.\nZwei.\n\nDrei.", False, True, ("Eins.", "Zwei.", "Drei."), (0, 0, 1)),
    ("Eins. Zwei.\n\n  Drei. \n", True, False, ("Eins. Zwei.", "Drei."), (0, 1)),
    ("\n\nEins.\nZwei.\n\n\nDrei.\n", True, False, ("Eins.", "Zwei.", "Drei."), (0, 0, 1)),
    ("", True, False, (), ()),
    (" \n", False, False, (), ()),
])
def test_segmentation_and_paragraphs(text: str, is_presegmented: bool, unwrap: bool,
                                     sentences: tuple[str, ...],
                                     paragraphs: tuple[int, ...]) -> None:
    [doc] = align_documents([Document("d", text)], [Document("d", "One.")], bridge="none",
                            presegmented=is_presegmented, unwrap_lines=unwrap)
    assert doc.src == SegmentedDocument("d", sentences, paragraphs)


def test_several_documents_share_one_bridge_call() -> None:
    translator = FakeTranslator()
    src = [presegmented("a", DE[:5]), presegmented("b", []), presegmented("c", DE[5:])]
    tgt = [presegmented("a", EN[:4]), presegmented("b", ["Alone."]), presegmented("c", EN[4:])]
    out = align_documents(src, tgt, bridge="translate", translator=translator,
                          presegmented=True)
    assert translator.calls == [DE]  # every source sentence, once, in one call
    assert [d.doc_id for d in out] == ["a", "b", "c"]
    assert [d.bridge for d in out] == [tuple(BRIDGE[:5]), (), tuple(BRIDGE[5:])]
    assert [b.format(with_score=False) for b in out[1].beads] == ["[]:[0]"]
    for doc in out:  # each document aligned on its own: its indices, each once
        assert [i for b in doc.beads for i in b.src] == list(range(len(doc.src.sentences)))
        assert [j for b in doc.beads for j in b.tgt] == list(range(len(doc.tgt.sentences)))
    # the same bridge from a file, cut at the same document boundaries
    given = align_documents(src, tgt, bridge="file", src_translations=BRIDGE, presegmented=True)
    assert given == out


def test_bead_texts() -> None:
    doc = AlignedDocument(SegmentedDocument("d", ("A.", "B.", "C."), (0, 0, 0)),
                          SegmentedDocument("d", ("X.", "Y."), (0, 0)),
                          (Bead((0, 1), (0,)), Bead((2,), ()), Bead((), (1,))))
    assert [(doc.src_text(b), doc.tgt_text(b)) for b in doc.beads] == [
        ("A. B.", "X."), ("C.", ""), ("", "Y.")]
    assert doc.doc_id == "d"


@pytest.mark.parametrize(("src_ids", "tgt_ids", "kwargs", "message"), [
    (["a", "b"], ["a", "c"], {}, "document ids differ: 'b' in SRC but 'c' in TGT; give the "
                                 "same documents in the same order"),
    (["a", "b"], ["b", "a"], {}, "document ids differ: 'a' in SRC but 'b' in TGT"),
    (["a", "b"], ["a"], {}, "SRC has 2 documents but TGT has 1; give the same documents in "
                            "the same order"),
    ([], ["a"], {}, "SRC has 0 documents but TGT has 1"),
    (["e"], ["e"], {"allow_empty": False}, "SRC and TGT are both empty (nothing to align)"),
])
def test_documents_that_do_not_pair_up(src_ids, tgt_ids, kwargs, message) -> None:
    def docs(ids: list[str]) -> list[Document]:
        return [Document(i, "" if i == "e" else "Satz.") for i in ids]

    loads: list[int] = []

    def load() -> FakeTranslator:
        loads.append(1)
        return FakeTranslator()

    with pytest.raises(InputError, match=re.escape(message)):
        align_documents(docs(src_ids), docs(tgt_ids), translator=load, names=("SRC", "TGT"),
                        **kwargs)
    assert loads == []  # no model is loaded for inputs that cannot be aligned


def test_one_document_a_side_pairs_whatever_the_ids_and_empty_is_allowed() -> None:
    [doc] = align_documents([Document("x.de", "")], [Document("x.en", " \n")], bridge="none")
    assert (doc.doc_id, doc.tgt.doc_id, doc.beads) == ("x.de", "x.en", ())


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"bridge": "bogus"}, UsageError, "unknown bridge 'bogus'; choose from translate, file, "
                                      "none, same-language"),
    ({"bridge": "translate"}, UsageError, "the translate bridge needs a translator"),
    ({"bridge": "file"}, UsageError, "the file bridge needs src_translations"),
    ({"bridge": "none", "src_translations": ["x"]}, UsageError,
     "src_translations are for the file bridge, not 'none'"),
    ({"bridge": "file", "src_translations": ["One."] * 3}, InputError,
     "3 translations for 2 source sentences; give exactly one translation per source sentence"),
    ({"bridge": "file", "src_translations": lambda n: ["One."] * (n + 1)}, InputError,
     "3 translations for 2 source sentences"),
    ({"bridge": "translate", "translator": type("Short", (), {"translate": lambda self, s: []})()},
     InputError, "the translator returned 0 translations for 2 sentences"),
])
def test_bridge_errors(kwargs: dict, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=re.escape(message)):
        align_documents([Document("d", "Eins. Zwei.")], [Document("d", "One. Two.")], **kwargs)


def test_loaders_are_called_once_with_what_they_need() -> None:
    seen: list[object] = []

    def load() -> FakeTranslator:
        seen.append("load")
        return FakeTranslator()

    def read(n: int) -> list[str]:
        seen.append(n)
        return BRIDGE[:n]

    src, tgt = [presegmented("a", DE)], [presegmented("a", EN)]
    by_loader = align_documents(src, tgt, translator=load, presegmented=True)
    by_reader = align_documents(src, tgt, bridge="file", src_translations=read,
                                presegmented=True)
    assert seen == ["load", len(DE)]
    assert by_loader == by_reader


@pytest.mark.parametrize("paragraphs", [True, False])
def test_paragraphs_reach_the_aligner_only_when_asked(monkeypatch, paragraphs: bool) -> None:
    import transalign.align

    seen: list[dict] = []

    def fake_align(src, tgt, **kwargs):
        seen.append(kwargs)
        return [Bead((i,), (i,), 1.0) for i in range(len(src))]

    monkeypatch.setattr(transalign.align, "align", fake_align)
    options = AlignOptions(paragraphs="hard")
    align_documents([Document("d", "Eins.\nZwei.")], [Document("d", "One.\nTwo.")],
                    bridge="same-language", options=options, paragraphs=paragraphs)
    cuts = {"src_paragraphs": (0, 1), "tgt_paragraphs": (0, 1)} if paragraphs else {}
    assert seen == [{"bridge": None, "same_language": True, "options": options, **cuts}]
