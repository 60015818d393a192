"""Paragraph boundaries as soft and hard cuts in the aligner (hand-made documents)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from test_align import assert_covers, document_with, sentence
from transalign.align import DEFAULT_MOVES, AlignOptions, align
from transalign.align.paragraphs import informative
from transalign.errors import AlignmentError
from transalign.records import Bead

# Source: two paragraphs of three sentences. The translation adds a sentence at the start
# of its second paragraph that repeats the words of the first paragraph's last sentence.
SRC = [sentence(k) for k in range(6)]
SRC_PARAS = [0, 0, 0, 1, 1, 1]
EXTRA = "Snow closed the mountain pass for weeks."
TGT = [sentence(0), sentence(1), sentence(2), EXTRA, sentence(3), sentence(4), sentence(5)]
TGT_PARAS = [0, 0, 0, 1, 1, 1, 1]


def crossings(beads: list[Bead], src_paras: list[int], tgt_paras: list[int]) -> int:
    """Beads whose sentences come from more than one paragraph on either side."""
    return sum(len({src_paras[i] for i in b.src}) > 1 or len({tgt_paras[j] for j in b.tgt}) > 1
               for b in beads)


@pytest.mark.parametrize("same_language", [False, True], ids=["no-bridge", "same-language"])
def test_soft_and_hard_cuts_keep_beads_inside_paragraphs(same_language: bool) -> None:
    kwargs = {"same_language": same_language, "src_paragraphs": SRC_PARAS,
              "tgt_paragraphs": TGT_PARAS}
    # without the cut the extra sentence is merged across the boundary (the test's premise)
    ignored = align(SRC, TGT, options=AlignOptions(paragraphs="ignore"), **kwargs)
    assert Bead((2,), (2, 3)) in ignored
    assert crossings(ignored, SRC_PARAS, TGT_PARAS) == 1
    for mode in ("soft", "hard"):
        beads = align(SRC, TGT, options=AlignOptions(paragraphs=mode), **kwargs)
        assert_covers(beads, len(SRC), len(TGT))
        assert crossings(beads, SRC_PARAS, TGT_PARAS) == 0, (mode, [b.format() for b in beads])
        assert Bead((2,), (2,)) in beads
    # soft is the default
    assert align(SRC, TGT, **kwargs) == align(SRC, TGT, options=AlignOptions(paragraphs="soft"),
                                              **kwargs)


def test_hard_cuts_give_the_gold_beads_with_an_added_sentence() -> None:
    beads = align(SRC, TGT, same_language=True, options=AlignOptions(paragraphs="hard"),
                  src_paragraphs=SRC_PARAS, tgt_paragraphs=TGT_PARAS)
    assert [b.format(with_score=False) for b in beads] == [
        "[0]:[0]", "[1]:[1]", "[2]:[2]", "[]:[3]", "[3]:[4]", "[4]:[5]", "[5]:[6]"]


def test_hard_cuts_leave_an_untranslated_paragraph_unaligned() -> None:
    # source: three paragraphs; the translation leaves out the middle one entirely
    src = [sentence(k) for k in range(9)]
    src_paras = [0, 0, 0, 1, 1, 1, 2, 2, 2]
    tgt = [sentence(k) for k in (0, 1, 2, 6, 7, 8)]
    tgt_paras = [0, 0, 0, 1, 1, 1]
    beads = align(src, tgt, same_language=True, options=AlignOptions(paragraphs="hard"),
                  src_paragraphs=src_paras, tgt_paragraphs=tgt_paras)
    assert [b.format(with_score=False) for b in beads] == [
        "[0]:[0]", "[1]:[1]", "[2]:[2]", "[3]:[]", "[4]:[]", "[5]:[]",
        "[6]:[3]", "[7]:[4]", "[8]:[5]"]


def test_hard_cuts_score_the_document_as_one() -> None:
    # Each paragraph bead used to be aligned as a document of its own: a two-sentence
    # paragraph against a one-sentence one had no neighbourhood, and its 2-1 merge came out
    # as an omission plus a 1-1 bead scored far off the document's scale.
    src = ["Der Rat tagte am Montag.", "Er beschloss den Haushalt 2024.",
           "Die Polizei meldete 3 Unfälle.", "Niemand wurde verletzt.", "Das Wetter bleibt kalt.",
           "Der Bus fährt um 7 Uhr.", "Die Schule beginnt am 4. September."]
    tgt = ["The council met on Monday and adopted the 2024 budget.",
           "Police reported 3 accidents.", "Nobody was hurt.", "The weather stays cold.",
           "The bus leaves at 7.", "School starts on 4 September."]
    opts = AlignOptions(paragraphs="hard")
    beads = align(src, tgt, options=opts, src_paragraphs=[0, 0, 1, 1, 2, 3, 3],
                  tgt_paragraphs=[0, 1, 1, 2, 3, 3])
    assert [b.format(with_score=False) for b in beads] == [
        "[0, 1]:[0]", "[2]:[1]", "[3]:[2]", "[4]:[3]", "[5]:[4]", "[6]:[5]"]
    soft = align(src, tgt, src_paragraphs=[0, 0, 1, 1, 2, 3, 3],
                 tgt_paragraphs=[0, 1, 1, 2, 3, 3])
    assert max(b.score for b in beads) < 2 * max(b.score for b in soft)


def test_hard_cut_omissions_share_the_document_penalty() -> None:
    src = [sentence(k) for k in range(9)]
    src_paras = [0, 0, 0, 1, 1, 1, 2, 2, 2]
    tgt = [sentence(k) for k in (0, 2, 3, 4, 5, 6, 8)]  # 1 and 7 left out, in two paragraphs
    tgt_paras = [0, 0, 1, 1, 1, 2, 2]
    beads = align(src, tgt, same_language=True, options=AlignOptions(paragraphs="hard"),
                  src_paragraphs=src_paras, tgt_paragraphs=tgt_paras)
    omitted = {b.src[0]: b.score for b in beads if not b.tgt}
    assert list(omitted) == [1, 7]
    assert omitted[1] == omitted[7] < 0


@pytest.mark.parametrize("move", DEFAULT_MOVES, ids=lambda mv: f"{mv[0]}-{mv[1]}")
@pytest.mark.parametrize("mode", ["soft", "hard"])
def test_every_move_type_is_still_found_inside_a_paragraph(move: tuple[int, int],
                                                           mode: str) -> None:
    src, tgt, bead = document_with(move)
    # a paragraph boundary before the last four sentences of each side
    src_paras = [0] * (len(src) - 4) + [1] * 4
    tgt_paras = [0] * (len(tgt) - 4) + [1] * 4
    beads = align(src, tgt, same_language=True, options=AlignOptions(paragraphs=mode),
                  src_paragraphs=src_paras, tgt_paragraphs=tgt_paras)
    assert_covers(beads, len(src), len(tgt))
    assert bead in beads, [b.format() for b in beads]
    assert crossings(beads, src_paras, tgt_paras) == 0


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("mode", ["soft", "hard"])
def test_cuts_never_cross_a_boundary_the_translation_kept(seed: int, mode: str) -> None:
    """Random documents whose translation keeps the paragraphs but drops, adds and
    merges sentences inside them: no bead crosses a paragraph boundary."""
    rng = random.Random(seed)
    src, tgt, sp, tp = [], [], [], []
    for para in range(rng.randrange(2, 7)):
        ks = [rng.randrange(16) for _ in range(rng.randrange(1, 6))]
        src += [sentence(k) for k in ks]
        sp += [para] * len(ks)
        out = [sentence(k) for k in ks]
        r = rng.random()
        if r < 0.25 and len(out) > 1:  # a sentence left out
            out.pop(rng.randrange(len(out)))
        elif r < 0.5 and len(out) > 1:  # two sentences merged
            k = rng.randrange(len(out) - 1)
            out[k: k + 2] = [out[k][:-1] + ", and " + out[k + 1][0].lower() + out[k + 1][1:]]
        elif r < 0.6:  # a sentence added
            out.insert(rng.randrange(len(out) + 1), "Our correspondent adds a remark here.")
        tgt += out
        tp += [para] * len(out)
    beads = align(src, tgt, same_language=True, options=AlignOptions(paragraphs=mode),
                  src_paragraphs=sp, tgt_paragraphs=tp)
    assert_covers(beads, len(src), len(tgt))
    assert crossings(beads, sp, tp) == 0, [b.format() for b in beads]


def test_hard_cuts_with_merged_paragraphs_still_cover_everything() -> None:
    """The translation joined the source's paragraphs 2 and 3: one paragraph bead with
    two source paragraphs, whose boundary inside stays a soft cut."""
    src = [sentence(k) for k in range(9)]
    src_paras = [0, 0, 0, 1, 1, 1, 2, 2, 2]
    tgt = list(src)
    tgt_paras = [0, 0, 0, 1, 1, 1, 1, 1, 1]
    beads = align(src, tgt, same_language=True, options=AlignOptions(paragraphs="hard"),
                  src_paragraphs=src_paras, tgt_paragraphs=tgt_paras)
    assert [b.format(with_score=False) for b in beads] == [f"[{k}]:[{k}]" for k in range(9)]


def test_one_paragraph_is_the_same_as_none() -> None:
    src, tgt, _ = document_with((2, 1))
    plain = align(src, tgt)
    for mode in ("soft", "hard"):
        assert align(src, tgt, options=AlignOptions(paragraphs=mode),
                     src_paragraphs=[0] * len(src), tgt_paragraphs=[3] * len(tgt)) == plain


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"src_paragraphs": [0, 0]}, "src_paragraphs has 2 entries for 6 sentences"),
    ({"tgt_paragraphs": [0, 1, 1, 0, 2, 2, 2]}, "tgt_paragraphs must be non-decreasing"),
    ({"options": AlignOptions(paragraphs="strict")}, "paragraphs must be 'soft', 'hard' or"),
    ({"src_paragraphs": [0, 0.5, 1, 1, 1, 1]}, "src_paragraphs must be integers"),
])
def test_bad_paragraph_arguments_raise(kwargs: dict, match: str) -> None:
    with pytest.raises(AlignmentError, match=match):
        align(SRC, TGT, **kwargs)


def test_hard_cuts_check_the_bridge_first() -> None:
    """Argument errors come before any paragraph alignment (a short bridge must not
    reach the paragraph join)."""
    with pytest.raises(AlignmentError, match="bridge has 2 translations for 6 source"):
        align(SRC, TGT, bridge=["a", "b"], options=AlignOptions(paragraphs="hard"),
              src_paragraphs=SRC_PARAS, tgt_paragraphs=TGT_PARAS)
    with pytest.raises(AlignmentError, match="either bridge translations or same_language"):
        align(SRC, TGT, bridge=SRC, same_language=True, options=AlignOptions(paragraphs="hard"),
              src_paragraphs=SRC_PARAS, tgt_paragraphs=TGT_PARAS)


def test_hard_corners_far_from_the_content_path_still_give_a_path_through_them() -> None:
    # The coarse pass of a long document places its band by content; corners that the
    # content does not support (here: a cut at (200, 150) in an identical document) leave
    # no path inside that band, and the blocks are searched whole instead.
    import numpy as np

    from transalign.align import core
    from transalign.align import features as F

    sents = [sentence(k) for k in range(400)]
    sf, tf = F.featurise(sents, sents, sents, sents)
    corners = [(0, 0), (200, 150), (400, 400)]
    from dataclasses import replace
    sf = replace(sf, blocks=np.repeat([0, 1], [200, 200]))
    tf = replace(tf, blocks=np.repeat([0, 1], [150, 250]))
    w = AlignOptions(sim_weight=20.0, anchor_weight=0.25, length_weight=2.0, merge_penalty=0.0,
                     skip_penalty=None, skip_quantile=0.1, band=10, coarse_threshold=200,
                     length_floor=-4.0, skip_scale=0.5, paragraph_penalty=0.0).for_mode("same")
    path = core.solve(sf, tf, list(DEFAULT_MOVES), w, corners=corners)
    beads = [Bead(tuple(range(a, b)), tuple(range(c, d)), s) for a, b, c, d, s in path]
    assert_covers(beads, 400, 400)
    ends = {(b, d) for _, b, _, d, _ in path}
    assert (200, 150) in ends  # the path passes the corner ...
    # ... and no bead pairs sentences of the two blocks
    assert all((b <= 200 and d <= 150) or (a >= 200 and c >= 150) or a == b or c == d
               for a, b, c, d, _ in path)
    assert all(s > -1e17 for *_, s in path)


def test_hard_cut_band_stays_narrow_inside_large_blocks() -> None:
    # Blocks larger than the coarse threshold get a band around their own coarse path,
    # not their whole rectangle (which made time and memory quadratic in a block's size).
    import numpy as np

    from transalign.align import core
    from transalign.align import features as F

    sents = [sentence(k) for k in range(1200)]
    sf, tf = F.featurise(sents, sents, sents, sents)
    w = AlignOptions(sim_weight=20.0, anchor_weight=0.25, length_weight=2.0, merge_penalty=0.0,
                     skip_penalty=None, skip_quantile=0.1, band=10, coarse_threshold=200,
                     length_floor=-4.0, skip_scale=0.5, paragraph_penalty=0.0).for_mode("same")
    lo, hi = core._corner_band(sf, tf, [(0, 0), (600, 560), (1200, 1200)], w, 6.8, 0)
    assert lo[0] == 0 and hi[-1] == 1200 and (lo <= hi).all()
    assert np.all(np.diff(lo) >= 0) and np.all(np.diff(hi) >= 0)
    assert lo[600] <= 560 <= hi[600]  # the corner lies in the band
    inner = np.r_[1:595, 606:1200]
    assert (hi - lo)[inner].max() < 80  # blocks of 600 x 560 and 600 x 640


@pytest.mark.parametrize("move", [(2, 1), (1, 2), (3, 1), (2, 2)],
                         ids=lambda mv: f"{mv[0]}-{mv[1]}")
def test_one_sentence_per_line_is_not_a_paragraph_per_sentence(move: tuple[int, int]) -> None:
    """A text file's lines are its paragraphs: a side with one sentence per line has a
    "paragraph" boundary between every two sentences. As soft cuts, they charged every
    bead that joins sentences on that side, the translator's right merges too (on the
    WMT22 set with its source one sentence per line, strict F1 fell to 0.83). Such a
    side's lines are not cuts: the merge is found as without paragraphs. (Hard cuts,
    asked for by name, take the paragraphs as given.)"""
    mode = "soft"
    src, tgt, bead = document_with(move)
    kwargs = {"src_paragraphs": list(range(len(src))),
              "tgt_paragraphs": list(range(len(tgt)))}
    plain = align(src, tgt, same_language=True, options=AlignOptions(paragraphs="ignore"))
    assert bead in plain
    beads = align(src, tgt, same_language=True, options=AlignOptions(paragraphs=mode), **kwargs)
    assert beads == plain
    # the lines of one side only, against the other side in paragraphs (4 sentences each)
    kwargs["tgt_paragraphs"] = [j // 4 for j in range(len(tgt))]
    beads = align(src, tgt, same_language=True, options=AlignOptions(paragraphs=mode), **kwargs)
    assert bead in beads


def test_which_paragraph_boundaries_are_cuts() -> None:
    def starts(sizes: list[int]) -> np.ndarray:
        out = np.zeros(sum(sizes), dtype=bool)
        out[np.cumsum(sizes)[:-1]] = True
        return out

    paras, lines = starts([3, 2, 4, 3]), starts([1] * 12)
    kept = informative(paras, lines)
    assert kept[0] is paras and kept[1] is None
    assert informative(lines, paras)[0] is None
    # mostly lines: 9 of 10 paragraphs one sentence (against 6 paragraphs)
    six = starts([2] * 6)
    assert informative(starts([1] * 9 + [3]), six)[0] is None
    assert informative(starts([1] * 8 + [2, 2]), six)[0] is not None
    # a side with more than twice the other's paragraphs shares few of its boundaries
    many = starts([2] * 10)
    assert informative(many, paras)[0] is None and informative(many, paras)[1] is paras
    assert informative(paras, many)[1] is None
    kept = informative(paras, six)  # 6 against 4 paragraphs: both kept
    assert np.array_equal(kept[0], paras) and np.array_equal(kept[1], six)
    # a side without paragraphs leaves the other's
    assert informative(None, many)[1] is many
    assert informative(None, None) == (None, None)
