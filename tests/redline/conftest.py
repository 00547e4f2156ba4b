"""The LibreOffice judge: one headless soffice per test session, driven through UNO."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("lo_judge.py")
RATE_MODELS = Path(__file__).resolve().parents[2] / "rate_models"
SYSTEM_PYTHON = "/usr/bin/python3"
# soffice processes per test process: the judge is CPU-bound and CI has two cores, which
# pytest-xdist workers already share
INSTANCES = 1 if os.environ.get("PYTEST_XDIST_WORKER") else 2
VIEW_KEYS = ("body", "footnotes", "endnotes", "pages", "images", "formulas")


def without_comments(docx: bytes) -> bytes:
    """``docx`` without comments: LibreOffice 7.4 headless crashes loading any document with
    comments through UNO (python-docx's own comments too), and the judge does not compare them."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("word/") and info.filename.endswith(".xml"):
                data = _COMMENT_MARKS.sub(b"", data)
            dst.writestr(info, data)
    return out.getvalue()


_COMMENT_MARKS = re.compile(
    rb"<w:commentRange(?:Start|End)\b[^>]*/>|<w:r>(?:<w:rPr>.*?</w:rPr>)?<w:commentReference\b[^>]*/></w:r>"
    rb"|<w:commentReference\b[^>]*/>"
)


@dataclass
class Judge:
    """Views of documents as LibreOffice reads them (see ``lo_judge.py``)."""

    pipes: list[str]  # one soffice per pipe; documents are judged in parallel
    folder: Path

    def views(
        self, docs: dict[str, bytes], modes: dict[str, str] | None = None
    ) -> dict[str, dict[str, dict[str, object]]]:
        """LibreOffice's views of each document (``modes``: name -> "as_is", "accept,reject")."""
        modes = modes or {}
        paths = {}
        for name, data in docs.items():
            path = self.folder / f"{uuid.uuid4().hex}-{name}.docx"
            path.write_bytes(without_comments(data))
            paths[name] = path
        items = [f"{modes.get(name, 'as_is')}:{path}" for name, path in paths.items()]
        chunks = [items[k :: len(self.pipes)] for k in range(len(self.pipes))]
        outs = [self.folder / f"{uuid.uuid4().hex}.json" for _ in chunks]
        running = [
            subprocess.Popen(
                [SYSTEM_PYTHON, str(SCRIPT), pipe, str(out), *chunk],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for pipe, out, chunk in zip(self.pipes, outs, chunks, strict=True)
            if chunk
        ]
        for process in running:
            _, err = process.communicate(timeout=180)
            assert process.returncode == 0, err[-2000:]
        raw: dict[str, object] = {}
        for out in outs:
            if out.exists():
                raw.update(json.loads(out.read_text(encoding="utf-8")))
        result = {name: raw[str(path)] for name, path in paths.items()}
        for name, views in result.items():
            assert "error" not in views, (name, views)
        return result

    def assert_round_trip(self, original: bytes, revised: bytes, redlined: bytes) -> None:
        """Accept all = REVISED and reject all = ORIGINAL, as LibreOffice reads them."""
        v = self.views({"a": original, "b": revised, "out": redlined}, {"out": "accept,reject"})
        for key in VIEW_KEYS:
            assert v["out"]["accept"][key] == v["b"]["as_is"][key], ("accept", key)
            assert v["out"]["reject"][key] == v["a"]["as_is"][key], ("reject", key)
        assert not v["out"]["accept"]["changes"] and not v["out"]["reject"]["changes"]


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Judge]:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("libreoffice")
    pipes, processes = [], []
    for n in range(INSTANCES):
        pipe = f"infusionkit-{os.getpid()}-{n}-{uuid.uuid4().hex[:8]}"
        processes.append(
            subprocess.Popen(
                [
                    exe,
                    f"-env:UserInstallation=file://{folder}/profile{n}",
                    "--headless",
                    "--invisible",
                    "--nologo",
                    "--norestore",
                    "--nodefault",
                    f"--accept=pipe,name={pipe};urp;",
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        pipes.append(pipe)
    try:
        yield Judge(pipes, folder)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=20)


@pytest.fixture(scope="session")
def proposal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's propose outputs (current.docx, proposed.docx, redline.docx)."""
    from typer.testing import CliRunner

    from infusionkit.cli.main import app

    out = tmp_path_factory.mktemp("propose")
    result = CliRunner().invoke(
        app,
        [
            "propose",
            str(RATE_MODELS / "acme_current.yaml"),
            "--proposal",
            str(RATE_MODELS / "acme_proposed.yaml"),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    return out
