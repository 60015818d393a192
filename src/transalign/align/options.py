"""The aligner's options: one object from the CLI to the dynamic programme.

``AlignOptions`` is what callers build (``None`` = the mode's tuned default);
``AlignOptions.for_mode(mode)`` checks every value once and fills in the mode's defaults,
and the result is what the scoring and the search read, knob by knob, under the same
names.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, replace

from ..errors import AlignmentError, ConfigError

DEFAULT_MOVES: tuple[tuple[int, int], ...] = (
    (0, 1), (1, 0), (1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1))

# the most sentences a bead may have on one side (``max_sentences``, ``moves``)
MAX_SIDE = 8

# modes: "bridge" (bridge translations given), "same" (same language), "none"
MODES = ("bridge", "same", "none")

# the smallest band and coarse threshold the search works with (the CLI refuses a
# smaller --band too)
MIN_BAND = 4
MIN_COARSE_THRESHOLD = 16

_SHARED_DEFAULTS: dict[str, object] = {
    "dim": 1024, "ngram_orders": (1, 2, 3, 4), "scoring": "margin", "size_exponent": 0.0}

# the typical document scale of each mode (the median best 1-1 margin score, in the
# cues' raw units): the median over the whole tuning documents (Text+Berg dev, WMT22
# dev part; Tom Sawyer val), rounded; see ``scoring.document_scale``
SCALE_PRIORS = {"bridge": 20.0, "same": 15.0, "none": 9.0}

# tuned on Text+Berg dev (bridge) and Tom Sawyer val (none); see scripts/eval_alignment.py.
# The product scoring with merges weighed by size (``AlignOptions(scoring="product",
# size_exponent=0.5, merge_penalty=0.15, max_sentences=5)``) raised Text+Berg dev strict F1
# from 0.821 to 0.875 but lowered Text+Berg test from 0.889 to 0.873 (the dev document has
# far more 2-2 and 1-4/1-5 beads than the test articles), so it is an option, not the default.
MODE_DEFAULTS: dict[str, dict[str, object]] = {
    "bridge": {**_SHARED_DEFAULTS, "number_penalty": 0.1,
               "sim_weight": 20.0, "char_weight": 1.0,
               "anchor_weight": 0.25, "lexicon_weight": 1.0, "length_weight": 2.0,
               "merge_penalty": 0.0, "skip_quantile": 0.1, "skip_scale": 0.3,
               "scale_prior": SCALE_PRIORS["bridge"]},
    "same": {**_SHARED_DEFAULTS, "number_penalty": 0.1,
             "sim_weight": 20.0, "char_weight": 1.0,
             "anchor_weight": 0.25, "lexicon_weight": 0.0, "length_weight": 2.0,
             "merge_penalty": 0.0, "skip_quantile": 0.1, "skip_scale": 0.3,
             "scale_prior": SCALE_PRIORS["same"]},
    # no bridge: the direct character n-grams carry little, so fewer dimensions (speed)
    "none": {**_SHARED_DEFAULTS, "number_penalty": 0.2,
             "sim_weight": 6.0, "char_weight": 0.3,
             "anchor_weight": 0.5, "lexicon_weight": 2.0, "length_weight": 2.0,
             "merge_penalty": 0.15, "skip_quantile": 0.1, "skip_scale": 1.0,
             "dim": 512, "ngram_orders": (2, 3, 4), "scale_prior": SCALE_PRIORS["none"]},
}

# options that must be finite numbers >= 0 (where set)
_NON_NEGATIVE = ("skip_penalty", "merge_penalty", "paragraph_penalty", "skip_scale",
                 "number_penalty",
                 "sim_weight", "anchor_weight", "length_weight", "lexicon_weight",
                 "char_weight", "scale_prior")


class AlignOptionsError(AlignmentError, ConfigError):
    """An aligner option has a value the aligner refuses; the message names the option.

    An ``AlignmentError`` (what ``align`` raises) and a ``ConfigError`` (a bad value,
    exit status 2), so a value the CLI refuses is refused here the same way.
    """


@dataclass(frozen=True)
class AlignOptions:
    """Options of the aligner; ``None`` means the mode's tuned default.

    ``for_mode(mode)`` checks the values and returns a copy with the defaults of the
    mode filled in (every field set, except ``skip_penalty``, whose ``None`` means
    "from the document's scores"); the scoring and the search read that copy.

    Attributes:
        moves: Allowed bead shapes ``(source sentences, target sentences)``.
        max_sentences: If set, replaces ``moves`` by every shape with at most this many
            sentences on a side and at most ``max_sentences + 1`` in all, plus 0-1/1-0.
        scoring: ``"product"``: a bead scores its similarity (the weighted cosine divided
            by the sum of the weights) times the length agreement
            ``log2(1 + min(l_s·ratio, l_t) / max(l_s·ratio, l_t))`` (Bertalign, Liu & Zhu
            2023); ``"margin"``: the weighted similarity plus the Gale–Church term, minus
            the neighbourhood means (the default, ``None``).
        size_exponent: A bead's score (on the document's scale) is multiplied by
            ``((a + b) / 2) ** size_exponent`` before the merge penalty, so a merge is
            weighed by the text it covers, not counted as a single bead; this lets a
            2-2 whose sentence boundaries cross beat two partial 1-1 beads. Default 0.
        sim_weight: Weight of the similarity, a weighted sum of cosines of the blocks
            below (character n-grams, anchors, words or lexicon).
        anchor_weight: Weight of the anchor-token block, relative to the n-gram one.
        length_weight: Weight of the Gale–Church log-probability.
        length_floor: The length term's lower clip: beyond it a length mismatch counts
            the same (a robust, heavy-tailed length model).
        char_weight: Weight of the character n-gram block of the similarity.
        lexicon_weight: Weight of the word block: with a bridge, the words and word
            pairs of the bridge against the target's; without one, the lexicon learnt
            from the document's first alignment.
        merge_penalty: Penalty per extra sentence in a bead (``a + b - 2``).
        number_penalty: Penalty per sentence of a merge (on its side of two sentences or
            more) whose numbers, written in digits, are none of them on the other side
            of the bead (``scoring.number_penalties``): translators keep numbers, so such
            a sentence was left out or added, not merged.
        skip_penalty: Score of a 0-1/1-0 bead is ``-skip_penalty``; ``None`` sets it from
            the score distribution of the document (see ``skip_quantile``).
        skip_quantile: With ``skip_penalty=None``: the penalty is ``skip_scale`` times
            this quantile of the best 1-1 score of each source sentence (on the
            document's scale, where the median best is 1.0).
        skip_scale: See ``skip_quantile``.
        paragraphs: How paragraph boundaries (``src_paragraphs``/``tgt_paragraphs`` of
            ``align``) are used: ``"soft"`` (default): a bead whose span crosses a
            boundary on either side pays ``paragraph_penalty`` per boundary;
            ``"hard"``: the paragraphs are aligned first (the same aligner on paragraph
            texts, up to 4 paragraphs a side in a bead), then the sentences of the whole
            document in one pass (one scale) in which no bead crosses the boundary
            between two paragraph beads
            (boundaries inside a paragraph bead, where a translator merged or split
            paragraphs, are soft cuts; with a single paragraph on a side, hard is soft);
            ``"ignore"``. Under soft cuts, a side whose paragraphs are lines with a
            sentence each, or that has more than twice the other's, gives no cuts
            (``paragraphs.informative``); hard cuts take the paragraphs as given.
        paragraph_penalty: The soft cut's penalty per crossed boundary, on the
            document's scale (a typical good bead scores 1.0).
        band: Half width of the search band around the coarser path (sentences, at
            least 4).
        coarse_threshold: Documents with more sentences than this on both sides are
            aligned coarse-to-fine (at least 16).
        dim: Dimensions of the hashed character n-gram profiles.
        ngram_orders: Character n-gram orders.
        scale_prior: The mode's typical document scale (median best 1-1 margin score,
            raw units), toward which a short document's own scale is shrunk
            (``scoring.document_scale``); 0: no prior.
        seed_lexicon: Without a bridge, add the entries of a small German→English
            word list (``seedlex``) to the lexicon learnt from the document, where the
            source reads as German and the target as English.
    """

    moves: tuple[tuple[int, int], ...] = DEFAULT_MOVES
    max_sentences: int | None = None
    sim_weight: float | None = None
    anchor_weight: float | None = None
    length_weight: float | None = None
    merge_penalty: float | None = None
    skip_penalty: float | None = None
    skip_quantile: float | None = None
    skip_scale: float | None = None
    lexicon_weight: float | None = None
    length_floor: float = -4.0
    char_weight: float | None = None
    band: int = 10
    coarse_threshold: int = 200
    dim: int | None = None
    ngram_orders: tuple[int, ...] | None = None
    scoring: str | None = None
    size_exponent: float | None = None
    paragraphs: str = "soft"
    paragraph_penalty: float = 0.5
    scale_prior: float | None = None
    seed_lexicon: bool = True
    number_penalty: float | None = None

    def for_mode(self, mode: str) -> AlignOptions:
        """These options checked, with the defaults of ``mode`` (one of ``MODES``) in
        place of every ``None`` but ``skip_penalty``'s, and ``moves`` resolved
        (``resolved_moves``).

        Raises:
            AlignOptionsError: naming the first option whose value the aligner refuses.
        """
        if mode not in MODE_DEFAULTS:
            raise AlignOptionsError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
        self._check()
        moves = tuple(self.resolved_moves())
        defaults = {name: value for name, value in MODE_DEFAULTS[mode].items()
                    if getattr(self, name) is None}
        return replace(self, moves=moves, **defaults)

    def resolved_moves(self) -> list[tuple[int, int]]:
        """The allowed bead shapes (``max_sentences``'s, or ``moves``), checked, in a
        stable order."""
        k = self.max_sentences
        if k is None:
            moves = [(int(a), int(b)) for a, b in self.moves]
        else:
            if not 1 <= k <= MAX_SIDE:
                raise AlignOptionsError(
                    f"max_sentences must be at least 1 and at most {MAX_SIDE}, got {k}")
            moves = [(0, 1), (1, 0)] + [(a, b) for a in range(1, k + 1)
                                        for b in range(1, k + 1) if a + b <= k + 1 or a == b == 2]
        for a, b in moves:
            if a < 0 or b < 0 or a + b == 0 or a > MAX_SIDE or b > MAX_SIDE:
                raise AlignOptionsError(f"invalid bead shape {a}-{b} in moves; use "
                                        f"0..{MAX_SIDE} sentences a side")
        if (1, 1) not in moves:
            raise AlignOptionsError("the moves must include 1-1")
        if (0, 1) not in moves or (1, 0) not in moves:
            raise AlignOptionsError("the moves must include 0-1 and 1-0 (omissions)")
        # the within-row 0-1 move is handled separately; keep a stable order
        return sorted(set(moves), key=lambda ab: (ab[0] + ab[1], ab))

    def _check(self) -> None:
        """Raise AlignOptionsError for a value the aligner cannot use (``moves`` and
        ``max_sentences``: ``resolved_moves``)."""
        if self.paragraphs not in ("soft", "hard", "ignore"):
            raise AlignOptionsError(f"paragraphs must be 'soft', 'hard' or 'ignore', "
                                    f"got {self.paragraphs!r}")
        if self.scoring not in (None, "margin", "product"):
            raise AlignOptionsError(f"scoring must be 'margin' or 'product', got {self.scoring!r}")
        orders = self.ngram_orders
        if orders is not None and (not orders or any(
                isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= 8 for k in orders)):
            raise AlignOptionsError(
                f"ngram_orders must be character n-gram orders 1..8, got {orders!r}")
        if self.dim is not None and not 16 <= self.dim <= 1 << 16:
            raise AlignOptionsError(f"dim must be between 16 and 65536, got {self.dim}")
        for name in _NON_NEGATIVE:
            value = getattr(self, name)
            if value is not None and not (value >= 0 and value < math.inf):
                raise AlignOptionsError(f"{name} must be a finite number >= 0, got {value!r}")
        if self.skip_quantile is not None and not 0 <= self.skip_quantile <= 1:
            raise AlignOptionsError(
                f"skip_quantile must be between 0 and 1, got {self.skip_quantile}")
        # (the band is an offset of array positions: an integer)
        band = self.band
        if isinstance(band, bool) or not isinstance(band, numbers.Integral) or band < MIN_BAND:
            raise AlignOptionsError(f"band must be an integer of at least {MIN_BAND}, got {band!r}")
        threshold = self.coarse_threshold
        if (isinstance(threshold, bool) or not isinstance(threshold, numbers.Real)
                or not threshold >= MIN_COARSE_THRESHOLD):
            raise AlignOptionsError(f"coarse_threshold must be at least {MIN_COARSE_THRESHOLD}, "
                                    f"got {threshold!r}")

