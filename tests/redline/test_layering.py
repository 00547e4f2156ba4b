"""Raw XML stays behind redline/_ooxml: the public modules never import lxml."""

from __future__ import annotations

import ast
from pathlib import Path

import infusionkit.redline

PACKAGE = Path(infusionkit.redline.__file__).parent


def test_public_modules_do_not_touch_xml() -> None:
    offenders = []
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "lxml"]
    assert offenders == []
    assert {p.name for p in PACKAGE.glob("*.py")} >= {"engine.py", "edits.py", "build.py", "api.py"}
