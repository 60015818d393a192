"""Progress bars : what they count, when they show, and that the
final counts are the summary's: unique sentences for ``translate``, documents and
shards for ``batch`` (a resumed job's finished shards included)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from transalign.cli import main
from transalign.progress import progress_bar, wanted

#: The long sentence: over the tiny model's 128 source positions, so it is long-split.
LONG = ", und ".join(" ".join(f"Wort{i % 50}" for i in range(k, k + 60)) for k in (0, 60, 120))
REPEATED = "Der Minister sprach am Montag in Berlin."
ARTICLE = (f"{REPEATED} Die Sitzung ist öffentlich.\n\n{LONG}.\n\n{REPEATED} "
           "Vielen Dank für Ihre Aufmerksamkeit.")
# 5 sentences, 4 unique (the repeated one), one of them in pieces

TRANSLATE_BAR = re.compile(r"unique sentences: +(\d+)%\|[^|]*\| (\d+)/(\d+) "
                           r"\[(\d\d:\d\d)<(\d\d:\d\d|\?), +([\d.]+|\?) sentences/s\]")
BATCH_BAR = re.compile(r"documents: +(\d+)%\|[^|]*\| (\d+)/(\d+) "
                       r"\[[\d:]+<[\d:?]+, +(?:[\d.]+|\?) documents/s, shards (\d+)/(\d+)\]")
SUMMARY = re.compile(r"(\d+) documents?, (\d+) sentences? \((\d+) unique\)")


def screens(err: str) -> list[str]:
    """What a terminal showed, update by update (tqdm redraws its line after ``\\r``)."""
    return [s for s in re.split(r"[\r\n]", err) if s.strip()]


def bars(err: str, pattern: re.Pattern[str]) -> list[tuple[str, ...]]:
    return [m.groups() for s in screens(err) if (m := pattern.search(s))]


def looks_like_progress(err: str) -> bool:
    return "\r" in err or "%|" in err or "/s]" in err


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.de.txt"
    path.write_text(ARTICLE + "\n", encoding="utf-8")
    return path


def test_translate_bar_ends_at_the_summarys_unique_count(article, tiny_model, fast_config,
                                                         capsys) -> None:
    code = main(["translate", str(article), "--model", str(tiny_model), "--config",
                 str(fast_config), "--format", "jsonl", "--progress"])
    out, err = capsys.readouterr()
    assert code == 0, err
    records = [json.loads(x) for x in out.split("\n")[1:] if x]
    assert len(records) == 5
    assert sum("long_split" in r["flags"] for r in records) == 1  # really split in pieces
    shown = bars(err, TRANSLATE_BAR)
    assert shown, err
    # the first screen already knows the total; the counts only go up, to 4 of 4
    assert {total for _, _, total, *_ in shown} == {"4"}
    counts = [int(n) for _, n, *_ in shown]
    assert counts == sorted(counts) and counts[0] < 4
    percent, done, total, _elapsed, eta, rate = shown[-1]
    assert (percent, done, total, eta) == ("100", "4", "4", "00:00")
    assert rate != "?"
    # ...and the summary says the same
    assert SUMMARY.findall(err) == [("1", "5", "4")]
    # after the bar: the summary, then the one line that counts the flags
    summary, flags = err.rstrip("\n").split("\n")[-2:]
    assert summary.startswith("transalign: 1 document, "), err
    assert flags.startswith("transalign: flags: ") and "long_split" in flags, err


def test_translate_without_progress_and_not_a_terminal_shows_no_bar(article, tiny_model,
                                                                    fast_config,
                                                                    capsys) -> None:
    code = main(["translate", str(article), "--model", str(tiny_model), "--config",
                 str(fast_config)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert not looks_like_progress(err), err
    assert not bars(err, TRANSLATE_BAR)
    assert SUMMARY.findall(err) == [("1", "5", "4")]  # the summary still comes
    assert out.count("\n") == ARTICLE.count("\n") + 1


def test_quiet_silences_the_bar_even_with_progress(article, tiny_model, fast_config,
                                                   capsys) -> None:
    code = main(["translate", str(article), "--model", str(tiny_model), "--config",
                 str(fast_config), "--progress", "-q"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert err == ""
    assert out.strip()


def test_translator_counts_unique_sentences_not_pieces() -> None:
    from fakes import FakeBackend
    from transalign.config import TranslateOptions
    from transalign.translate.base import Translator

    backend = FakeBackend(max_source_tokens=8)
    translator = Translator(backend, TranslateOptions(model="fake", max_batch_tokens=8))
    long = ", ".join(" ".join(f"w{k}{i}" for i in range(5)) for k in range(6))
    calls: list[tuple[int, int]] = []
    results = translator.translate_detailed(["a b", long, "", "a  b", "c", "  "],
                                            progress=lambda d, t: calls.append((d, t)))
    assert "long_split" in results[1].flags
    assert (translator.stats.sentences, translator.stats.unique) == (6, 4)
    # longest first: six batches of one piece each, then "a b" and "c" together
    assert [len(b) for b in backend.batches] == [1, 1, 1, 1, 1, 1, 2]
    assert {t for _, t in calls} == {4}
    # known before the first batch, with the empty sentence done; the split one counts
    # once, with its last piece; the last batch brings two
    assert [d for d, _ in calls] == [1, 1, 1, 1, 1, 1, 2, 4]


def test_bar_only_on_a_terminal_unless_asked() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert wanted(False, False, Terminal()) is True
    assert wanted(False, True, Terminal()) is False  # --quiet wins
    assert wanted(False, False, io.StringIO()) is False
    assert wanted(True, False, io.StringIO()) is True
    assert wanted(True, True, io.StringIO()) is False


def test_disabled_bar_writes_nothing_and_enabled_one_counts() -> None:
    stream = io.StringIO()
    with progress_bar(None, "sentences", enabled=False, stream=stream) as bar:
        bar.set(3, 10)
        bar.update(2)
        bar(10, 10)
    assert stream.getvalue() == "" and bar.n == 0
    with progress_bar(None, "documents", enabled=True, stream=stream) as bar:
        bar.set(4, 10, postfix="shards 2/5")  # resumed: starts at 4
        bar.set(10, 10, postfix="shards 5/5")
    shown = bars(stream.getvalue(), BATCH_BAR)
    assert shown[0][1:] == ("4", "10", "2", "5")
    assert shown[-1] == ("100", "10", "10", "5", "5")


# -- the batch job ------------------------------------------------------------------------

DOCS = ["Der Minister sprach am Montag in Berlin.", "Die Sitzung ist öffentlich.",
        "Vielen Dank für Ihre Aufmerksamkeit.", "Die Preise steigen weiter."]


def batch_input(path: Path) -> Path:
    """11 rows: 9 documents and 2 bad rows (3 shards of 4 rows at --shard-size 4)."""
    lines = []
    for i in range(11):
        if i in (3, 8):
            lines.append(json.dumps({"id": f"bad{i}", "text": 17}))
        else:
            lines.append(json.dumps({"id": f"d{i}", "text": f"{DOCS[i % 4]} Meldung {i}."},
                                    ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_batch(capsys, src: Path, out: Path, tiny_model: Path, config: Path,
              *extra: str) -> str:
    code = main(["batch", "--input", str(src), "--output", str(out), "--model",
                 str(tiny_model), "--config", str(config), "--shard-size", "4", *extra])
    err = capsys.readouterr().err
    assert code == 0, err
    return err


def test_batch_bar_counts_documents_and_shards_and_resumes(tmp_path, tiny_model, fast_config,
                                                           capsys) -> None:
    src = batch_input(tmp_path / "in.jsonl")
    out = tmp_path / "out"
    err = run_batch(capsys, src, out, tiny_model, fast_config, "--progress")
    shown = bars(err, BATCH_BAR)
    assert shown, err
    assert shown[0][1:] == ("0", "11", "0", "3")
    assert shown[-1] == ("100", "11", "11", "3", "3")
    done = re.search(r"done: (\d+) documents, (\d+) errors", err)
    assert done and int(done[1]) + int(done[2]) == 11 and done.groups() == ("9", "2")
    # per-shard log lines still come, on lines of their own
    assert sum(s.startswith("transalign: shard ") for s in screens(err)) == 3

    # a job killed before its last shard: resumed, the bar starts at the 2 finished shards
    shard_files = sorted((out / "shards").glob("*.jsonl"))
    assert len(shard_files) == 3
    shard_files[-1].unlink()  # rows 8-10: 2 documents, 1 bad row
    err = run_batch(capsys, src, out, tiny_model, fast_config, "--progress")
    shown = bars(err, BATCH_BAR)
    assert shown[0][1:] == ("8", "11", "2", "3")
    assert shown[-1] == ("100", "11", "11", "3", "3")
    assert "resuming: 2 of 3 shards already done" in err

    # nothing left to do: the bar shows the finished job at once
    err = run_batch(capsys, src, out, tiny_model, fast_config, "--progress")
    shown = bars(err, BATCH_BAR)
    assert shown and set(shown) == {("100", "11", "11", "3", "3")}


def test_batch_bar_hidden_without_progress_or_with_quiet(tmp_path, tiny_model, fast_config,
                                                         capsys) -> None:
    src = batch_input(tmp_path / "in.jsonl")
    err = run_batch(capsys, src, tmp_path / "a", tiny_model, fast_config)
    assert not looks_like_progress(err), err
    assert "done: 9 documents, 2 errors" in err
    err = run_batch(capsys, src, tmp_path / "b", tiny_model, fast_config, "--progress", "-q")
    assert err == ""


RAY_LOG_LINE = re.compile(r"\b(?:DEBUG|INFO|WARNING|ERROR)\b \S+\.py:\d+ -- ")


@pytest.mark.ray
@pytest.mark.timeout(300)
def test_ray_batch_bar_and_no_ray_lines_without_debug(tmp_path, tiny_model, capfd) -> None:
    """The Ray engine: the same bar (a resumed run included), and none of Ray's own
    console lines ("Started a local Ray instance", Ray Data's execution plan, warnings)."""
    ray = pytest.importorskip("ray")
    pytest.importorskip("ray.data")
    if ray.is_initialized():
        pytest.skip("needs to start a Ray instance of its own")
    config = tmp_path / "ray.yaml"
    config.write_text("translate:\n  device: cpu\n  beams: 2\n  max_new_tokens_cap: 12\n"
                      "batch:\n  engine: ray\n"
                      "  ray: {num_gpus: 0, num_cpus: 1, reserve_cpus: 1, concurrency: 1}\n",
                      encoding="utf-8")
    src = batch_input(tmp_path / "in.jsonl")
    out = tmp_path / "out"
    args = ["batch", "--input", str(src), "--output", str(out), "--model", str(tiny_model),
            "--config", str(config), "--shard-size", "4", "--progress"]
    try:
        code = main(args)
        stdout, err = capfd.readouterr()
        assert code == 0, err
        # (shards are named by the input's content hash: issue 17)
        next((out / "shards").glob("000-*-000000008-000000011.jsonl")).unlink()
        code = main(args)  # resumed, on the Ray instance the first run started
        stdout2, err2 = capfd.readouterr()
        assert code == 0, err2
    finally:
        ray.shutdown()
    shown = bars(err, BATCH_BAR)
    assert shown[0][1:] == ("0", "11", "0", "3")
    assert shown[-1] == ("100", "11", "11", "3", "3")
    shown = bars(err2, BATCH_BAR)
    assert shown[0][1:] == ("8", "11", "2", "3")
    assert shown[-1] == ("100", "11", "11", "3", "3")
    for text in (err, err2):
        assert "done: 9 documents, 2 errors" in text
        assert not RAY_LOG_LINE.search(text), text
        assert "Ray instance" not in text and "Execution plan" not in text, text
    assert stdout == stdout2 == ""
