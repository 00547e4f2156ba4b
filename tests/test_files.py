"""infusionkit.files: atomic replace, nothing left on failure, stale outputs, SIGTERM, out == in."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from infusionkit.errors import InputErrors
from infusionkit.files import (
    MANIFEST,
    OutputSet,
    atomic_path,
    read_manifest,
    refuse_input_as_output,
    write_atomic,
)


def _visible(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != MANIFEST)


def test_write_atomic_replaces_in_one_step(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "out.txt"
    write_atomic(target, "old")
    inode_before = target.stat().st_ino
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_ino != inode_before  # a new file renamed over the old one
    assert sorted(p.name for p in target.parent.iterdir()) == ["out.txt"]


def test_atomic_path_failure_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(target) as temp:
        temp.write_text("half")
        raise RuntimeError("boom")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_output_set_commits_all_files_and_a_manifest(tmp_path: Path) -> None:
    with OutputSet(tmp_path / "run", "simulate") as out:
        out.write_text("a.csv", "1")
        out.path("b.csv").write_text("2")
        assert not (tmp_path / "run" / "a.csv").exists()  # nothing final before the commit
    assert _visible(tmp_path / "run") == ["a.csv", "b.csv"]
    assert out.written == [tmp_path / "run" / "a.csv", tmp_path / "run" / "b.csv"]
    assert read_manifest(tmp_path / "run") == {"simulate": ["a.csv", "b.csv"]}


def test_nothing_is_left_on_failure(tmp_path: Path) -> None:
    folder = tmp_path / "run"
    folder.mkdir()
    (folder / "a.csv").write_text("earlier run")
    with pytest.raises(ValueError), OutputSet(folder, "simulate", possible=["a.csv"]) as out:
        out.write_text("a.csv", "new")
        out.write_text("b.csv", "new")
        raise ValueError("writer failed")
    assert _visible(folder) == ["a.csv"]
    assert (folder / "a.csv").read_text() == "earlier run"
    assert not (folder / MANIFEST).exists()


def test_stale_outputs_of_the_same_command_are_removed(tmp_path: Path) -> None:
    folder = tmp_path / "run"
    with OutputSet(folder, "simulate") as out:
        out.write_text("lines.parquet", "old")
        out.write_text("summary.csv", "old")
    with OutputSet(folder, "report") as out:
        out.write_text("report.pdf", "other command")
    (folder / "notes.txt").write_text("the user's own file")
    with OutputSet(folder, "simulate") as out:
        out.write_text("summary.csv", "new")
    assert _visible(folder) == ["notes.txt", "report.pdf", "summary.csv"]
    assert (folder / "summary.csv").read_text() == "new"
    manifest = json.loads((folder / MANIFEST).read_text())
    assert manifest["runs"]["simulate"]["files"] == ["summary.csv"]
    assert manifest["runs"]["report"]["files"] == ["report.pdf"]


def test_possible_outputs_without_a_manifest_are_stale(tmp_path: Path) -> None:
    folder = tmp_path / "run"
    folder.mkdir()
    (folder / "lines.xlsx").write_text("from a run before manifests")
    (folder / "keep.csv").write_text("not ours")
    with OutputSet(folder, "simulate", possible=["lines.csv", "lines.xlsx"]) as out:
        out.write_text("lines.csv", "new")
    assert _visible(folder) == ["keep.csv", "lines.csv"]


def test_a_manifest_never_deletes_outside_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "run"
    folder.mkdir()
    outside = tmp_path / "precious.txt"
    outside.write_text("x")
    (folder / MANIFEST).write_text(
        json.dumps({"runs": {"simulate": {"files": ["../precious.txt", str(outside)]}}})
    )
    with OutputSet(folder, "simulate") as out:
        out.write_text("a.csv", "1")
    assert outside.read_text() == "x"


def test_output_that_is_an_input_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "revised.docx"
    source.write_bytes(b"input")
    with pytest.raises(InputErrors, match="is also an input"):
        write_atomic(tmp_path / "." / "revised.docx", b"x", inputs=[source])
    with pytest.raises(InputErrors, match="is also an input"):
        refuse_input_as_output([tmp_path / "revised.docx"], [source], option="-o")
    assert source.read_bytes() == b"input"
    with pytest.raises(InputErrors, match="is also an input"):  # noqa: SIM117
        with OutputSet(tmp_path, "propose", inputs=[source]) as out:
            out.write_bytes("revised.docx", b"x")
    assert source.read_bytes() == b"input"
    refuse_input_as_output([tmp_path / "other.docx"], [source])  # a different path is fine


def test_out_folder_that_is_a_file_is_an_input_error(tmp_path: Path) -> None:
    existing = tmp_path / "file.txt"
    existing.write_text("x")
    with pytest.raises(InputErrors, match="existing file"), OutputSet(existing, "simulate"):
        pass


_CHILD = """
import sys, time
from infusionkit.files import OutputSet
with OutputSet(sys.argv[1], "simulate") as out:
    out.path("lines.csv").write_bytes(b"x" * 1_000_000)
    print("writing", flush=True)
    time.sleep(30)
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_temp_files_are_removed_on_sigterm_and_sigint(tmp_path: Path, signum: int) -> None:
    folder = tmp_path / "run"
    with subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")},
    ) as child:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == b"writing"
        assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
        child.send_signal(signum)
        child.wait(timeout=10)
    assert child.returncode != 0
    assert list(folder.iterdir()) == []
