"""Shared helpers for redline tests: pandoc views and package inspection."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
_INLINE = {
    "Str",
    "Emph",
    "Strong",
    "Underline",
    "Strikeout",
    "Superscript",
    "Subscript",
    "SmallCaps",
    "Span",
}
_BREAKS = {"Space", "SoftBreak", "LineBreak"}


def pandoc_words(docx: bytes, mode: str, tmp_path: Path) -> list[str]:
    """Words of ``docx`` as pandoc reads it with ``--track-changes=mode``."""
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc is not installed")
    path = tmp_path / f"pandoc-{mode}.docx"
    path.write_bytes(docx)
    raw = subprocess.run(
        ["pandoc", f"--track-changes={mode}", "-t", "json", str(path)],
        check=True,
        capture_output=True,
        timeout=60,
    ).stdout
    out: list[str] = []
    _walk(json.loads(raw), out)
    return "".join(out).split()


def _walk(node: object, out: list[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _walk(item, out)
    elif isinstance(node, dict):
        kind = node.get("t")
        if kind == "Str":
            out.append(node["c"])
            return
        if kind in _BREAKS:
            out.append(" ")
            return
        boundary = kind is not None and kind not in _INLINE
        if boundary:
            out.append(" ")
        for key, value in node.items():
            if key != "t":
                _walk(value, out)
        if boundary:
            out.append(" ")


def part(docx: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        return etree.fromstring(zf.read(name))


def parts(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def marks(docx: bytes) -> list[etree._Element]:
    root = part(docx, "word/document.xml")
    return root.xpath("//w:ins | //w:del", namespaces=NS)


def all_ids(docx: bytes) -> list[str]:
    """Every ``w:id`` on change marks, bookmarks starts and comments, across XML parts."""
    ids: list[str] = []
    for name, data in parts(docx).items():
        if not name.endswith(".xml") or not name.startswith("word/"):
            continue
        root = etree.fromstring(data)
        for el in root.xpath(
            "//w:ins | //w:del | //w:pPrChange | //w:bookmarkStart | //w:comment",
            namespaces=NS,
        ):
            ids.append(el.get(f"{{{W}}}id"))
    return ids


def rewrite(
    docx: bytes, replace: dict[str, bytes | None], extra: dict[str, bytes] | None = None
) -> bytes:
    """A copy of ``docx`` with parts replaced (``None`` drops a part) or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            if name in replace:
                if replace[name] is not None:
                    dst.writestr(name, replace[name])  # type: ignore[arg-type]
            else:
                dst.writestr(name, src.read(name))
        for name, data in (extra or {}).items():
            dst.writestr(name, data)
    return out.getvalue()
