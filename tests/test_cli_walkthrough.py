"""What a new user's walk through the README ran into, each mended and held here.

Inputs of the wrong kind are named before any work (a JSONL file in line mode, a translate
JSONL given with a HYP, a file that is not JSONL to export on stdout), a ``--config`` is
checked whatever the bridge, a config value's error names its file, and the tool's own
outputs are read where they fit (translate JSONL as align's bridge, batch's scores.json
in review).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_cli_conventions import run, write
from transalign.segment import segment

DE = "Der Rat tagte am Montag. Er beschloss den Haushalt.\n\nDie Opposition war dagegen.\n"
EN = "The council met on Monday. It passed the budget.\n\nThe opposition was against it.\n"


def test_evaluate_in_line_mode_refuses_jsonl(tmp_path: Path, capsys) -> None:
    hyp = write(tmp_path / "h.jsonl", json.dumps({"id": "a", "text": "Hallo Welt."}) + "\n")
    ref = write(tmp_path / "r.txt", "Something else.\n")
    code, out, err = run(capsys, "evaluate", "--hyp", hyp, "--ref", ref)
    assert code == 2 and not out
    assert "h.jsonl is JSONL, not one segment per line" in err and "--documents" in err
    # the same file given to --documents is read as documents
    ref_docs = write(tmp_path / "r.jsonl", json.dumps({"id": "a", "text": "Something."}) + "\n")
    assert run(capsys, "evaluate", "--documents", "--hyp", hyp, "--ref", ref_docs)[0] == 0


def test_evaluate_names_the_source_when_its_lines_differ(tmp_path: Path, capsys) -> None:
    ref = write(tmp_path / "ref.txt", "a\nb\n")
    src = write(tmp_path / "src.txt", "a\n")
    code, _, err = run(capsys, "evaluate", ref, "--hyp", ref, "--src", src)
    assert code == 2
    assert "src.txt (--src) has 1 line but" in err and "the source must be line-parallel" in err


def test_check_refuses_whitespace_only_like_empty(tmp_path: Path, capsys) -> None:
    ws = write(tmp_path / "ws.txt", "  \n \n")
    code, out, err = run(capsys, "check", ws, ws)
    assert code == 2 and not out
    assert "ws.txt: input is empty (nothing to check)" in err


def test_check_with_a_translate_jsonl_and_a_hyp_says_to_give_it_alone(tmp_path: Path,
                                                                      capsys) -> None:
    record = {"doc_id": "d", "src": "Hallo.", "tgt": "Hello."}
    jsonl = write(tmp_path / "t.jsonl", json.dumps(record) + "\n")
    hyp = write(tmp_path / "hyp.txt", "Hello.\n")
    code, _, err = run(capsys, "check", jsonl, hyp)
    assert code == 2
    assert "holds the translation already: give it alone" in err


@pytest.mark.parametrize(("extra", "message"), [
    (["--config", "missing.yaml"], "missing.yaml: configuration file not found"),
    (["--beams", "0"], "--beams must be at least 1"),
])
def test_align_without_the_model_still_checks_its_options(tmp_path: Path, capsys,
                                                          extra: list[str],
                                                          message: str) -> None:
    de, en = write(tmp_path / "de.txt", DE), write(tmp_path / "en.txt", EN)
    extra = [str(tmp_path / e) if e.endswith(".yaml") else e for e in extra]
    code, out, err = run(capsys, "align", de, en, "--bridge", "none", *extra)
    assert code == 2 and not out
    assert message in err


def test_align_without_the_model_says_model_options_are_not_used(tmp_path: Path,
                                                                 capsys) -> None:
    de, en = write(tmp_path / "de.txt", DE), write(tmp_path / "en.txt", EN)
    code, out, err = run(capsys, "align", de, en, "--bridge", "none", "--model", "/nowhere")
    assert code == 0 and out
    assert "--bridge none aligns without the model: --model not used" in err


def test_align_reads_translate_jsonl_as_its_bridge(tmp_path: Path, capsys) -> None:
    de, en = write(tmp_path / "de.txt", DE), write(tmp_path / "en.txt", EN)
    translations = ["The council met on Monday.", "It decided the budget.",
                    "The opposition was against it."]
    assert len(segment(DE)) == len(translations)
    lines = [json.dumps({"manifest": {"command": "translate"}})]
    lines += [json.dumps({"doc_id": "de.txt", "sent": k, "src": "…", "tgt": t})
              for k, t in enumerate(translations)]
    mt = write(tmp_path / "mt.jsonl", "\n".join(lines) + "\n")
    code, out, _ = run(capsys, "align", de, en, "--bridge", "file", "--src-translations", mt)
    assert code == 0
    assert [line.rsplit(":", 1)[0] for line in out.splitlines()] == [
        "[0]:[0]", "[1]:[1]", "[2]:[2]"]
    # a JSONL record without a translation is named
    bad = write(tmp_path / "bad.jsonl", json.dumps({"doc_id": "d", "src": "x"}) + "\n")
    code, _, err = run(capsys, "align", de, en, "--bridge", "file", "--src-translations", bad)
    assert code == 2 and 'bad.jsonl:1: a JSONL record without a "tgt" string' in err


def test_a_config_value_error_names_the_file(tmp_path: Path, capsys) -> None:
    de = write(tmp_path / "de.txt", DE)
    config = write(tmp_path / "bad.yaml", "translate:\n  beams: two\n")
    code, _, err = run(capsys, "translate", de, "--config", config)
    assert code == 2
    assert "bad.yaml: translate.beams: invalid value 'two' (expected int)" in err


def test_translate_checks_the_batch_section_of_its_config(tmp_path: Path, capsys) -> None:
    de = write(tmp_path / "de.txt", DE)
    config = write(tmp_path / "c.yaml", "batch:\n  shard_sise: 5\n")
    code, out, err = run(capsys, "translate", de, "--config", config)
    assert code == 2 and not out
    assert "unknown key 'batch.shard_sise'" in err


def test_export_to_stdout_writes_nothing_for_an_input_that_is_not_jsonl(tmp_path: Path,
                                                                       capsys) -> None:
    tsv = write(tmp_path / "beads.tsv", "0\t0\t1.0\t1-1\tHallo\tHello\t0.9\n")
    code, out, err = run(capsys, "export", tsv, "--format", "tmx")
    assert code == 2
    assert out == ""
    assert "not JSONL" in err


def test_review_says_what_a_json_file_is_not(tmp_path: Path, capsys) -> None:
    pretty = write(tmp_path / "pretty.json", '{\n  "a": 1\n}\n')
    code, _, err = run(capsys, "review", pretty, "-o", tmp_path / "p.html")
    assert code == 2
    assert "a JSON object, but not an `evaluate --format json` report" in err
    assert "invalid JSON" not in err


def test_review_shows_the_scores_json_of_a_batch_job(tmp_path: Path, capsys) -> None:
    scores = {"level": "document", "system": "transalign batch", "segments": 1,
              "references": 1,
              "scores": {"BLEU": {"metric": "bleu", "name": "BLEU", "score": 12.5,
                                  "signature": "nrefs:1|case:mixed|eff:no|tok:13a",
                                  "higher_is_better": True}}}
    path = write(tmp_path / "scores.json", json.dumps(scores, indent=1) + "\n")
    page = tmp_path / "s.html"
    code, _, err = run(capsys, "review", path, "-o", page)
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert "transalign batch" in html and '"documents"' in html


def test_evaluate_alignment_names_an_empty_test_file(tmp_path: Path, capsys) -> None:
    gold = write(tmp_path / "gold.beads", "[0]:[0]\n")
    empty = write(tmp_path / "empty.beads", "")
    code, _, err = run(capsys, "evaluate-alignment", "--gold", gold, "--test", empty)
    assert code == 2
    assert "empty.beads: no beads to score (the file is empty)" in err


def test_batch_names_the_shard_size_flag(tmp_path: Path, capsys) -> None:
    docs = write(tmp_path / "docs.jsonl", json.dumps({"id": "a", "text": "Hallo."}) + "\n")
    code, _, err = run(capsys, "batch", "-i", docs, "-o", tmp_path / "run", "--shard-size", "0")
    assert code == 2
    assert "--shard-size must be at least 1, got 0" in err


def test_an_unknown_option_after_a_command_points_to_its_help(tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "translate", tmp_path / "x.txt", "--bogus-opt")
    assert code == 2
    assert "unrecognized arguments: --bogus-opt (see 'transalign translate --help')" in err


def test_export_reads_a_pipe_once(tmp_path: Path, capsys) -> None:
    """A FIFO (or <(…) in a shell) streams once: its first record is not read ahead."""
    import os
    import threading

    beads = [json.dumps({"manifest": {"command": "align"}}),
             json.dumps({"doc_id": "a", "src_ids": [0], "tgt_ids": [0], "src": "Hallo.",
                         "tgt": "Hello.", "score": 1.0, "type": "1-1"})]
    fifo = tmp_path / "beads.fifo"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "w", encoding="utf-8") as handle:
            handle.write("\n".join(beads) + "\n")

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    code, out, err = run(capsys, "export", fifo, "--format", "tsv")
    feeder.join(timeout=10)
    assert code == 0, err
    assert out == "Hallo.\tHello.\n"


def test_check_reads_a_braced_first_line_as_text(tmp_path: Path, capsys) -> None:
    src = write(tmp_path / "src.txt", "{Foto: dpa}\nEs kostet 5 Euro.\n")
    hyp = write(tmp_path / "hyp.txt", "{Photo: dpa}\nIt costs 5 euros.\n")
    code, _, err = run(capsys, "check", src, hyp)
    assert code == 0, err


def test_the_help_hint_names_the_command_given(tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "segmnt", "align")
    assert code == 2 and "see 'transalign align --help'" not in err
