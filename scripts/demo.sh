#!/usr/bin/env bash
# `make demo`: the whole pipeline on the example article, offline, on the tiny model.
# Each command is printed before it runs, so it can be copied (after `. .venv/bin/activate`).
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL="${MODEL:-models/tiny}"
OUT="${OUT:-demo-out}"
export PATH="$PWD/.venv/bin:$PATH"
mkdir -p "$OUT"

step() {
    printf '\n\033[1m$ %s\033[0m\n' "$*" >&2
    eval "$@"
}

echo "transalign demo: model $MODEL (random weights: the English is gibberish, every step is real)" >&2
step transalign translate examples/article.de.txt --model "$MODEL" -o "$OUT/article.mt.en.txt"
step transalign translate examples/article.de.txt --model "$MODEL" --format jsonl -o "$OUT/translations.jsonl"
step transalign segment examples/article.de.txt -o "$OUT/article.de.sentences.txt"
step "head -n 4 $OUT/article.de.sentences.txt"
step transalign align examples/article.de.txt examples/article.en.txt --model "$MODEL" --format jsonl -o "$OUT/beads.jsonl"
step transalign export "$OUT/beads.jsonl" --format tmx -o "$OUT/corpus.tmx"
step transalign export "$OUT/beads.jsonl" --format moses -o "$OUT/corpus"
step transalign evaluate --documents --hyp "$OUT/article.mt.en.txt" --ref examples/article.en.txt
echo >&2
echo "demo: outputs in $OUT/ ($(ls "$OUT" | tr '\n' ' '))" >&2
