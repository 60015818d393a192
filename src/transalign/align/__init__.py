"""Sentence alignment: pair the sentences of a document with those of its translation.

A dynamic programme over beads (0-1, 1-0, 1-1, 1-2, 2-1, 2-2, 1-3, 3-1 by default)
scores every candidate bead with these cues:

* **similarity**: chrF-style character n-gram similarity (Popović 2015) between the
  bridge translation of the source sentences and the target sentences (Bleualign's MT
  bridge, Sennrich & Volk 2010), or between source and target directly when both are in
  the same language (weakly also across languages: names and cognates);
* **anchors**: tokens found verbatim on both sides (numbers, names, dates) and
  punctuation classes such as question marks and quotes (Hunalign, Varga et al. 2005);
* **lexicon** (no bridge only): word translations learnt from the document's own first
  alignment by Dice association, then used as a lexical bridge (Hunalign's realignment),
  with the entries of a small German→English word list where the document is German
  against English and too short to teach itself (``seedlex``);
* **length**: a Gale–Church term (Gale & Church 1993) whose ratio and variance are
  estimated from the document pair itself.

Scores are normalised against the neighbourhood (the mean score of the source span and
of the target span against the band, as in margin scoring, Artetxe & Schwenk 2019) so
merges and bland sentences are not favoured, then divided by the median best 1-1 score
of the document; merges pay a penalty per extra sentence and omissions one set from the
distribution of the best 1-1 scores. Long documents are aligned coarse-to-fine in a band
(Vecalign, Thompson & Koehn 2019), in linear time and memory.

Bead scores (``Bead.score``) are higher-is-better and on that per-document scale: a
typical good bead scores about ``1.0``, a random pairing about ``0``, and beads near or
below ``0`` are doubtful. Omissions (0-1/1-0) score ``-skip``, the same negative value
for every omission of a document.
The scale is relative to the document: where there is nothing to compare a candidate
with (one sentence a side, or one sentence repeated throughout), beads score 0.0, "no
evidence either way"; a document of a few sentences has its scale shrunk toward the
mode's typical one (``scoring.document_scale``), so its scores do not blow up.

``Bead.confidence`` is the calibrated probability that a bead is right (exactly as a
human gold alignment has it), the same in a two-sentence document as in a book: the
bead's posterior under the same lattice (forward–backward with the bead scores as
log-potentials at a temperature, ``posterior``), combined with how much evidence the
bead and its neighbours have, and mapped onto the share of correct beads observed on
tuning data (``calibration``; refit with ``scripts/fit_alignment_confidence.py``).
Unlike the score, it ranks beads: on Text+Berg test (Google bridge, whole articles) the
beads with confidence >= 0.9 are right 97% of the time (docs/alignment.md).

Modules: ``options`` (``AlignOptions``, the modes' defaults), ``aligner`` (``align``),
``features`` (per-sentence profiles), ``scoring`` (bead scores, one function per cue),
``core`` (the coarse-to-fine search), ``posterior`` (bead posteriors),
``calibration`` (bead confidence), ``paragraphs`` (paragraph cuts).
"""

from .aligner import align
from .options import DEFAULT_MOVES, MAX_SIDE, MODES, AlignOptions, AlignOptionsError

__all__ = ["DEFAULT_MOVES", "MAX_SIDE", "MODES", "AlignOptions", "AlignOptionsError", "align"]
