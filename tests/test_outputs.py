"""open_output: atomic for regular files, never replaces links, FIFOs or devices."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from transalign.cli import main
from transalign.errors import OutputError
from transalign.outputs import check_output, open_output


def test_regular_file_is_replaced_atomically_keeping_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old\n")
    target.chmod(0o600)
    with open_output(str(target)) as out:
        out.write("new\n")
    assert target.read_text() == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary left


def test_failure_half_way_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old\n")
    with pytest.raises(RuntimeError), open_output(str(target)) as out:
        out.write("half")
        raise RuntimeError("boom")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_symlink_is_followed_not_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("original\n")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    with open_output(str(link)) as out:
        out.write("new\n")
    assert link.is_symlink()
    assert real.read_text() == "new\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_written_to_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()))
    reader.start()
    with open_output(str(fifo)) as out:
        out.write("through the pipe\n")
    reader.join(timeout=10)
    assert got == ["through the pipe\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_full_disk_is_an_output_error_and_the_device_stays() -> None:
    with pytest.raises(OutputError, match="/dev/full: cannot write"), \
            open_output("/dev/full") as out:
        out.write("x" * 100_000)
    assert stat.S_ISCHR(Path("/dev/full").stat().st_mode)


@pytest.mark.parametrize(("make", "message"), [
    (lambda d: str(d), "is a directory, expected a file name"),
    (lambda d: str(d / "missing" / "out.txt"), "does not exist"),
])
def test_check_output_refuses_bad_paths(tmp_path: Path, make, message: str) -> None:
    with pytest.raises(OutputError, match=message):
        check_output(make(tmp_path))


def test_translate_refuses_a_bad_output_before_loading_the_model(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    src = tmp_path / "in.txt"
    src.write_text("Ein Satz.\n", encoding="utf-8")

    def no_model(args):  # the check must come first: loading a model is the slow part
        raise AssertionError("model loaded before the output path was checked")

    monkeypatch.setattr("transalign.commands._common.load_translator_from_args", no_model)
    for cmd in (["translate", str(src)], ["align", str(src), str(src)]):
        assert main([*cmd, "-o", str(tmp_path), "-q"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "is a directory, expected a file name" in err


def test_a_folder_that_cannot_be_written_is_refused_before_any_work(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    import errno

    src = tmp_path / "in.txt"
    src.write_text("Ein Satz.\n", encoding="utf-8")

    def read_only(*args, **kwargs):  # a read-only file system (root ignores chmod)
        raise OSError(errno.EROFS, "Read-only file system")

    def no_model(args):
        raise AssertionError("model loaded before the output path was checked")

    monkeypatch.setattr("transalign.outputs._create", read_only)
    monkeypatch.setattr("transalign.commands._common.load_translator_from_args", no_model)
    out = tmp_path / "out.txt"
    with pytest.raises(OutputError, match=r"out.txt: cannot write \(Read-only file system\)"):
        check_output(str(out))
    for cmd in (["translate", str(src)], ["align", str(src), str(src)], ["segment", str(src)]):
        assert main([*cmd, "-o", str(out), "-q"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "cannot write (Read-only file system)" in err
    assert not out.exists()


def test_an_output_that_is_an_input_is_refused_and_the_input_kept(
        tmp_path: Path, capsys) -> None:
    src = tmp_path / "in.txt"
    src.write_text("Ein Satz. Noch einer.\n", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(src)
    os.link(src, tmp_path / "hard.txt")
    with pytest.raises(OutputError, match="is also an input"):
        check_output(str(tmp_path / "hard.txt"), inputs=["-", None, str(src)])
    check_output(str(tmp_path / "new.txt"), inputs=[str(src)])  # a new file is fine
    ref = tmp_path / "ref.txt"
    ref.write_text("A sentence.\n", encoding="utf-8")
    beads = tmp_path / "b.beads"
    beads.write_text("[0]:[0]\n", encoding="utf-8")
    link = str(tmp_path / "link.txt")
    for argv in [
        ["segment", str(src), "-o", str(src)],
        ["segment", link, "-o", str(src)],
        ["translate", str(src), "-q", "-o", link],
        ["align", str(src), str(ref), "--bridge", "none", "-o", str(ref)],
        ["evaluate", "--hyp", str(ref), "--ref", str(src), "-o", str(src)],
        ["evaluate", "--hyp", str(ref), "--ref", str(src), "-o", str(tmp_path / "r.txt"),
         "--per-sentence", str(ref)],
        ["evaluate-alignment", "--gold", str(beads), "--test", str(beads), "-o", str(beads)],
    ]:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "is also an input" in err, (argv, err)
    assert src.read_text(encoding="utf-8") == "Ein Satz. Noch einer.\n"
    assert ref.read_text(encoding="utf-8") == "A sentence.\n"
    assert beads.read_text(encoding="utf-8") == "[0]:[0]\n"


def test_stdout_is_utf8_with_surrogates_escaped_and_sys_stdout_left_alone(capsys) -> None:
    import sys

    errors = sys.stdout.errors
    with open_output(None) as out:
        out.write("Straße, a\udcff.txt\n")  # a file name that is not UTF-8, as Python holds it
    assert sys.stdout.errors == errors
    assert capsys.readouterr().out == "Straße, a\\udcff.txt\n"
    print("\u00fc")  # sys.stdout still writes (the wrapper did not close it)
    assert capsys.readouterr().out == "\u00fc\n"


@pytest.mark.parametrize("when", ["created", "locked"])
def test_a_signal_while_the_temporary_is_made_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    """SIGTERM becomes an exception wherever the program is (``cli``); one that lands
    just after the temporary file exists, before its name reaches ``open_output`` (which
    ``tempfile.mkstemp`` allowed) or before the lock is taken, leaves no file behind."""
    import fcntl

    import transalign.outputs as outputs

    real_create, real_flock = outputs._create, fcntl.flock

    def create_then_signal(name: str) -> int:
        os.close(real_create(name))
        assert Path(name).exists()
        raise KeyboardInterrupt  # as the CLI's handler raises it

    def flock_then_signal(fd: int, op: int) -> None:
        real_flock(fd, op)
        raise KeyboardInterrupt

    if when == "created":
        monkeypatch.setattr(outputs, "_create", create_then_signal)
    else:
        monkeypatch.setattr(outputs.fcntl, "flock", flock_then_signal)
    out = tmp_path / "out.txt"
    with pytest.raises(KeyboardInterrupt), open_output(str(out)) as handle:
        handle.write("never\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == []
