"""LibreOffice opens the redline (PDF export) and re-saves it with the same changes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from infusionkit.redline import accept_all_text, redline, reject_all_text

from .corpus import pair


def _soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return exe


def _convert(exe: str, src: Path, target: str, outdir: Path) -> Path:
    subprocess.run(
        [
            exe,
            f"-env:UserInstallation=file://{outdir}/profile",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return outdir / (src.stem + "." + target.split(":")[0])


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def test_libreoffice_smoke(tmp_path: Path) -> None:
    exe = _soffice()
    a, b = pair(2, paragraphs=40, rate=0.25)
    src = tmp_path / "red.docx"
    src.write_bytes(redline(a, b).docx_bytes)
    pdf = _convert(exe, src, "pdf", tmp_path / "pdf")
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    resaved = _convert(exe, src, "docx:MS Word 2007 XML", tmp_path / "docx")
    assert _lines(accept_all_text(resaved)) == _lines(accept_all_text(b))
    assert _lines(reject_all_text(resaved)) == _lines(reject_all_text(a))
