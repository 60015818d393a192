"""System comparison: p-values, means and CIs equal sacrebleu's own paired tests."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.significance import PairedTest

from transalign.cli import main
from transalign.errors import InputError, UsageError
from transalign.evaluate import compare_systems, parse_seed

# Hand-written: a reference and three "systems" of different quality.
REF = [
    "The train to Hamburg was cancelled this morning.",
    "Passengers had to wait for more than two hours.",
    "The railway company apologised for the delay.",
    "A spokesman blamed a signal failure near the station.",
    "Repairs are expected to last until Friday.",
    "Buses will replace some of the trains until then.",
    "Tickets remain valid on the replacement buses.",
    "The union criticised the lack of information.",
    "Many commuters switched to their cars.",
    "Traffic on the motorway was heavy as a result.",
    "The city council will discuss the situation on Monday.",
    "Nobody was injured.",
]
SYS_A = [
    "The train to Hamburg was cancelled this morning.",
    "Passengers had to wait more than two hours.",
    "The railway company apologized for the delay.",
    "A spokesman blamed a signal failure close to the station.",
    "The repairs should last until Friday.",
    "Buses will replace some trains until then.",
    "Tickets remain valid on the buses.",
    "The union criticised the lack of information.",
    "Many commuters switched to their cars.",
    "As a result, traffic on the motorway was heavy.",
    "The city council will discuss the situation on Monday.",
    "No one was hurt.",
]
SYS_B = [
    "This morning the train to Hamburg was cancelled.",
    "The passengers had to wait over two hours.",
    "The rail company excused itself for the delay.",
    "A speaker said a signal fault near the station was to blame.",
    "Repairs will probably last until Friday.",
    "Until then, buses replace a part of the trains.",
    "The tickets stay valid in the buses.",
    "The trade union criticised missing information.",
    "Many commuters took the car.",
    "The motorway was therefore full.",
    "On Monday the council will talk about the situation.",
    "Nobody got injured.",
]
SYS_C = [
    "Train Hamburg cancel morning.",
    "Passenger wait two hour.",
    "Company sorry delay.",
    "Speaker signal station.",
    "Repair Friday.",
    "Bus replace train.",
    "Ticket bus valid.",
    "Union criticise information.",
    "Commuter car.",
    "Motorway traffic.",
    "Council Monday situation.",
    "Nobody injure.",
]
SYSTEMS = [("A", SYS_A), ("B", SYS_B), ("C", SYS_C)]


def _sacrebleu_paired(test: str, n: int, seed: str, systems=SYSTEMS):
    """sacrebleu's PairedTest called the way its command line calls it."""
    old = os.environ.get("SACREBLEU_SEED")
    os.environ["SACREBLEU_SEED"] = seed
    try:
        metrics = {"BLEU": BLEU(references=[REF]), "CHRF": CHRF(references=[REF]),
                   "TER": TER(references=[REF])}
        sigs, scores = PairedTest(list(systems), metrics, references=None, test_type=test,
                                  n_samples=n)()
    finally:
        if old is None:
            os.environ.pop("SACREBLEU_SEED")
        else:
            os.environ["SACREBLEU_SEED"] = old
    return sigs, scores


@pytest.mark.parametrize(("test", "n", "seed"), [
    ("bs", 200, 12345),
    ("bs", 200, 7),
    ("ar", 300, 12345),
])
def test_paired_results_equal_sacrebleu(test, n, seed):
    ours = compare_systems(SYSTEMS, [REF], metrics="bleu,chrf,ter", test=test, n_samples=n,
                           seed=seed)
    sigs, theirs = _sacrebleu_paired(test, n, str(seed))
    assert ours.metric_names == ("BLEU", "chrF2", "TER")
    assert ours.systems == ("A", "B", "C")
    for name in ours.metric_names:
        assert ours.signatures[name] == sigs[name].format()
        for mine, res in zip(ours.scores[name], theirs[name], strict=True):
            assert mine.score == pytest.approx(res.score)
            assert mine.p_value == (None if res.p_value is None else pytest.approx(res.p_value))
            assert mine.mean == (None if res.mean is None else pytest.approx(res.mean))
            assert mine.ci == (None if res.ci is None else pytest.approx(res.ci))
    assert ours.scores["BLEU"][0].p_value is None  # the baseline has none
    assert f"seed:{seed}|" in ours.signatures["BLEU"]


def test_same_seed_same_result_and_environment_restored(monkeypatch):
    monkeypatch.setenv("SACREBLEU_SEED", "99")
    one = compare_systems(SYSTEMS[:2], [REF], metrics="bleu", n_samples=100, seed=3)
    two = compare_systems(SYSTEMS[:2], [REF], metrics="bleu", n_samples=100, seed=3)
    assert one == two
    assert os.environ["SACREBLEU_SEED"] == "99"


def test_clearly_worse_system_is_significant():
    comp = compare_systems(SYSTEMS, [REF], metrics="bleu", n_samples=300)
    bleu = comp.scores["BLEU"]
    assert bleu[2].score < bleu[0].score - 20
    assert bleu[2].p_value is not None and bleu[2].p_value <= 0.05
    assert bleu[0].mean is not None and bleu[0].ci is not None and bleu[0].ci > 0


@pytest.mark.parametrize(("kwargs", "error", "fragment"), [
    ({"systems": SYSTEMS[:1]}, UsageError, "at least two systems"),
    ({"systems": [("A", SYS_A), ("A", SYS_B)]}, UsageError, "given twice"),
    ({"test": "t-test"}, UsageError, "unknown paired test 't-test'"),
    ({"seed": 0}, UsageError, "seed 0 means 'unseeded'"),
    ({"n_samples": -5}, UsageError, "must be positive"),
    ({"systems": [("A", SYS_A), ("B", SYS_B[:-1])]}, InputError, "B has 11 lines but"),
    ({"metrics": "bleu,bertscore"}, UsageError, "unknown metric 'bertscore'"),
])
def test_compare_systems_rejects(kwargs, error, fragment):
    args = {"systems": SYSTEMS, "n_samples": 10, **kwargs}
    systems = args.pop("systems")
    with pytest.raises(error, match=re.escape(fragment)):
        compare_systems(systems, [REF], **args)


@pytest.mark.parametrize(("value", "expected"), [
    ("12345", 12345), ("none", None), ("None", None), (None, None), (5, 5)])
def test_parse_seed(value, expected):
    assert parse_seed(value) == expected


def _write(path: Path, lines: list[str]) -> str:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_cli_paired_bs_json_and_text(tmp_path, capsys):
    ref = _write(tmp_path / "ref.en", REF)
    hyps = [_write(tmp_path / f"{name}.en", lines) for name, lines in SYSTEMS]
    argv = ["evaluate", *(x for h in hyps for x in ("--hyp", h)), "--ref", ref,
            "--paired", "bs", "--paired-n", "200", "--metrics", "bleu,chrf"]
    assert main([*argv, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    comp = report["comparison"]
    assert comp["baseline"] == hyps[0] and comp["n_samples"] == 200 and comp["seed"] == 12345
    _, theirs = _sacrebleu_paired("bs", 200, "12345",
                                  systems=[(h, lines) for h, (_, lines) in
                                           zip(hyps, SYSTEMS, strict=True)])
    for i in range(3):
        for name in ("BLEU", "chrF2"):
            p = comp["systems"][i]["scores"][name]["p_value"]
            expected = theirs[name][i].p_value
            assert p == (None if expected is None else pytest.approx(expected))
    assert report["settings"]["paired"] == "bs"

    assert main([*argv, "--baseline", hyps[1]]) == 0
    text = capsys.readouterr().out
    assert f"Baseline: {Path(hyps[1]).name}" in text  # the table names files, not paths
    assert "BLEU (μ ± 95% CI)" in text and "p = " in text
    assert "Paired bootstrap resampling, 200 resamples, seed 12345" in text


def test_cli_paired_matches_sacrebleu_command_line(tmp_path, capsys):
    exe = Path(sys.executable).parent / "sacrebleu"
    if not exe.exists():
        pytest.skip("sacrebleu command line not next to this Python")
    ref = _write(tmp_path / "ref.en", REF)
    hyps = [_write(tmp_path / f"{name}.en", lines) for name, lines in SYSTEMS]
    proc = subprocess.run(
        [str(exe), ref, "-i", *hyps, "-m", "bleu", "--paired-bs", "--paired-bs-n", "100",
         "-f", "latex", "-w", "4", "-q"], capture_output=True, text=True, check=True,
        env=dict(os.environ, NO_COLOR="1", SACREBLEU_SEED="12345"))
    p_cli = [float(x) for x in re.findall(r"p = ([0-9.]+)", proc.stdout)]
    assert main(["evaluate", *(x for h in hyps for x in ("--hyp", h)), "--ref", ref,
                 "--metrics", "bleu", "--paired", "bs", "--paired-n", "100",
                 "--format", "json"]) == 0
    comp = json.loads(capsys.readouterr().out)["comparison"]
    ours = [round(s["scores"]["BLEU"]["p_value"], 4) for s in comp["systems"][1:]]
    assert ours == p_cli
