"""Issue 2 acceptance on the real seed article (skips when ../shared is absent)."""

from __future__ import annotations

import json

from transalign.cli import main


def test_seed_article_41_sentences_23_paragraphs(shared_data, tiny_model, fast_config,
                                                 tmp_path, capsys) -> None:
    article = shared_data / "seed" / "article.de.txt"
    text = article.read_text(encoding="utf-8")
    out_jsonl = tmp_path / "seed.jsonl"
    assert main(["translate", str(article), "--model", str(tiny_model), "--config",
                 str(fast_config), "--format", "jsonl", "-o", str(out_jsonl), "-q"]) == 0
    lines = out_jsonl.read_text(encoding="utf-8").split("\n")
    records = [json.loads(line) for line in lines[1:] if line]
    assert len(records) == 41
    assert len({r["para"] for r in records}) == 23
    for r in records:
        assert text[r["start"]:r["end"]] == r["src"]
    for name in ("W. Putin", "J. Biden", "V. Zelenskyy", "M. Podoljak", "dem 9. Dezember"):
        assert all(not r["src"].endswith(name.split()[0]) for r in records), name

    out_text = tmp_path / "seed.en.txt"
    assert main(["translate", str(article), "--model", str(tiny_model), "--config",
                 str(fast_config), "-o", str(out_text), "-q"]) == 0
    english = out_text.read_text(encoding="utf-8")
    assert sum(1 for line in english.split("\n") if line.strip()) == 23
    capsys.readouterr()
