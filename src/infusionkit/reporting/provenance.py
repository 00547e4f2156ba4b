"""Provenance: the SHA-256 digest of every input file behind a simulation."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from infusionkit.reporting.model import InputFile

if TYPE_CHECKING:
    from infusionkit.simulation import Simulation


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _shown(path: Path) -> str:
    """The path relative to the working folder when it lies inside it."""
    resolved = path.resolve()
    cwd = Path.cwd().resolve()
    return str(resolved.relative_to(cwd)) if resolved.is_relative_to(cwd) else str(path)


def input_files(sim: Simulation) -> tuple[InputFile, ...]:
    """Episode files, contract files and price files, each with its digest."""
    entries: list[tuple[str, Path]] = []
    entries += [("episodes", Path(p)) for p in getattr(sim.episodes, "files", ())]
    entries += [(f"contract {s.name}", Path(s.path)) for s in sim.scenarios if s.path is not None]
    entries += [("prices", Path(p)) for p in getattr(sim.prices, "files", ())]
    seen: set[tuple[str, Path]] = set()
    files = []
    expanded = []
    for role, path in entries:
        if path.is_dir():
            expanded += [(role, p) for p in sorted(path.iterdir()) if p.is_file()]
        else:
            expanded.append((role, path))
    for role, path in expanded:
        if (role, path) in seen or not path.is_file():
            continue
        seen.add((role, path))
        files.append(InputFile(role, _shown(path), sha256(path)))
    return tuple(files)
