#!/usr/bin/env python
"""Build a Marian checkpoint laid out like opus-mt, from the project's own text.

The layout matches ``Helsinki-NLP/opus-mt-de-en``: ``source.spm`` and
``target.spm`` (SentencePiece, trained here on German/English text the project
wrote itself, see ``textgen.py``), ``vocab.json`` (shared vocabulary, ``</s>``
first, ``<unk>`` second, ``<pad>`` last), ``config.json`` (``MarianConfig``),
``generation_config.json`` and random weights in ``model.safetensors``.

    python scripts/build_tiny_model.py models/tiny            # tests: seconds
    python scripts/build_tiny_model.py models/opus --size opus  # benchmarks: opus-mt-de-en sized

No network is used. Weights are random (fixed seed), so the output is not a
translation; the point is to exercise the real loading and decoding code.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import textgen

SIZES = {
    # vocab_size None: the union of both SentencePiece vocabularies (a few hundred).
    # init_std 0.3 (not 0.02): with small random weights the decoder ignores the
    # source and every input gets the same output, so order tests could not fail.
    "tiny": dict(vocab_size=None, d_model=32, layers=2, heads=2, ffn=64, positions=128,
                 init_std=0.3),
    # Helsinki-NLP/opus-mt-de-en: vocab 58101, d_model 512, 6+6 layers, 8 heads, ffn 2048.
    "opus": dict(vocab_size=58101, d_model=512, layers=6, heads=8, ffn=2048, positions=512,
                 init_std=None),
}


def _train_spm(text: str, vocab_size: int) -> bytes:
    import sentencepiece as spm

    model = io.BytesIO()
    lines = [line for line in text.split("\n") if line.strip()]
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_writer=model, vocab_size=vocab_size,
        model_type="unigram", character_coverage=1.0, hard_vocab_limit=False,
        bos_id=-1, eos_id=2, unk_id=1, pad_id=-1, minloglevel=2, num_threads=1,
    )
    return model.getvalue()


def _pieces(model: bytes) -> list[str]:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=model)
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())
            if not (sp.is_control(i) or sp.is_unknown(i))]


def build(out: str | Path, size: str = "tiny", seed: int = 1234,
          positions: int | None = None) -> Path:
    """Write a checkpoint to ``out`` and return its path."""
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    dims = dict(SIZES[size])
    if positions:
        dims["positions"] = positions
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    src_model = _train_spm(textgen.german_text(), 400)
    tgt_model = _train_spm(textgen.english_text(), 300)
    (out / "source.spm").write_bytes(src_model)
    (out / "target.spm").write_bytes(tgt_model)

    vocab = ["</s>", "<unk>"]
    seen = set(vocab)
    for piece in _pieces(src_model) + _pieces(tgt_model):
        if piece not in seen:
            seen.add(piece)
            vocab.append(piece)
    if dims["vocab_size"]:
        # Fill up to the real model's size so the output projection costs the same.
        vocab += [f"▁filler{i}" for i in range(dims["vocab_size"] - 1 - len(vocab))]
    vocab.append("<pad>")  # last, as in every opus-mt vocab.json
    (out / "vocab.json").write_text(
        json.dumps({p: i for i, p in enumerate(vocab)}, ensure_ascii=False, indent=0),
        encoding="utf-8")
    pad = len(vocab) - 1

    config = MarianConfig(
        vocab_size=len(vocab), decoder_vocab_size=len(vocab), d_model=dims["d_model"],
        encoder_layers=dims["layers"], decoder_layers=dims["layers"],
        encoder_attention_heads=dims["heads"], decoder_attention_heads=dims["heads"],
        encoder_ffn_dim=dims["ffn"], decoder_ffn_dim=dims["ffn"],
        max_position_embeddings=dims["positions"], activation_function="swish",
        pad_token_id=pad, eos_token_id=0, decoder_start_token_id=pad, forced_eos_token_id=0,
        bos_token_id=0, scale_embedding=True, share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True, static_position_embeddings=True,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config).eval()
    if dims["init_std"]:
        with torch.no_grad():
            for name, param in model.named_parameters():
                # Sinusoidal position tables are fixed in Marian (CTranslate2
                # recomputes them): leave them alone.
                if param.dim() == 2 and "embed_positions" not in name:
                    param.normal_(0.0, dims["init_std"])
    with torch.no_grad():
        # Real Marian checkpoints have a zero <pad> embedding, and the decoder starts
        # from <pad>: CTranslate2 relies on that ("start_from_zero_embedding").
        model.get_input_embeddings().weight[pad].zero_()
    model.generation_config.update(num_beams=4, max_length=dims["positions"],
                                   bad_words_ids=[[pad]], pad_token_id=pad, eos_token_id=0,
                                   decoder_start_token_id=pad, forced_eos_token_id=0)
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    model.save_pretrained(out)
    warnings.filterwarnings("ignore", message=".*sacremoses.*")
    tok = MarianTokenizer(str(out / "source.spm"), str(out / "target.spm"),
                          str(out / "vocab.json"), source_lang="de", target_lang="en",
                          model_max_length=dims["positions"])
    tok.save_pretrained(out)
    return out


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="output directory (made, with its parents, if missing; "
                        "the checkpoint's files in it are replaced)")
    parser.add_argument("--size", choices=sorted(SIZES), default="tiny",
                        help="tiny: a few MB, for tests; opus: the dimensions of "
                        "opus-mt-de-en, for benchmarks (default: tiny)")
    parser.add_argument("--seed", type=int, default=1234,
                        help="seed of the random weights (default: 1234)")
    parser.add_argument("--positions", type=int,
                        help="max_position_embeddings (default: the size's)")
    args = parser.parse_args()
    if Path(args.out).exists() and not Path(args.out).is_dir():
        parser.error(f"{args.out} is a file; give a directory")
    path = build(args.out, args.size, args.seed, args.positions)
    weights = path / "model.safetensors"  # written 0600; the other files follow the umask
    if weights.is_file():
        weights.chmod(0o666 & ~_umask())
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
