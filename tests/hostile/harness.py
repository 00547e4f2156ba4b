"""Run one hostile case and list what it did wrong (an empty list = handled as the spec asks).

A refused case must: exit 2, name the file (and row/column where given) on stderr, print no
traceback, finish inside its time limit, write nothing (the folder tree is unchanged), and show
no raw patient id anywhere (stdout, stderr, files written).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from typer.testing import CliRunner

from infusionkit.cli.main import app

TRACEBACK = "Traceback (most recent call last)"


@dataclass(frozen=True)
class Result:
    exit_code: int
    stdout: str
    stderr: str
    seconds: float
    exception: BaseException | None = None


@dataclass(frozen=True)
class Run:
    """How to run a case and what it must show."""

    args: list[str]
    exit_code: int = 2
    mentions: tuple[str, ...] = ()  # text stderr must hold: file name, "line N", the column
    secrets: tuple[str, ...] = ()  # raw PHI that must appear nowhere
    env: dict[str, str | None] = field(default_factory=dict)  # None = unset
    check: Callable[[Path, Result], list[str]] | None = None  # extra checks (e.g. exit-0 cases)
    subprocess: bool = False  # run ``python -m infusionkit.cli.main`` instead of in-process
    stdout_path: str | None = None  # subprocess only: where stdout goes (e.g. /dev/full)
    seconds: float = 10.0  # a hang, not a slow machine


@dataclass(frozen=True)
class Case:
    """One hostile input: its class (one test module each), a name, and how to build it."""

    klass: str
    name: str
    build: Callable[[Path], Run]

    @property
    def id(self) -> str:
        return f"{self.klass}:{self.name}"


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _invoke(run: Run, cwd: Path) -> Result:
    started = time.perf_counter()
    if run.subprocess:
        env = {**os.environ, **run.env}
        env = {name: value for name, value in env.items() if value is not None}
        code = "from infusionkit.cli.main import run; run()"
        if run.stdout_path:
            with open(run.stdout_path, "w") as sink:
                done = subprocess.run(
                    [sys.executable, "-c", code, *run.args],
                    cwd=cwd,
                    env=env,
                    stdout=sink,
                    stderr=subprocess.PIPE,
                    text=True,
                    timeout=max(run.seconds * 4, 30),
                )
            stdout = ""
        else:
            done = subprocess.run(
                [sys.executable, "-c", code, *run.args],
                cwd=cwd,
                env=env,
                capture_output=True,
                text=True,
                timeout=max(run.seconds * 4, 30),
            )
            stdout = done.stdout
        return Result(done.returncode, stdout, done.stderr, time.perf_counter() - started)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = CliRunner().invoke(app, run.args, env=run.env or None)
    seconds = time.perf_counter() - started
    exception = result.exception if not isinstance(result.exception, SystemExit) else None
    return Result(result.exit_code, result.stdout, result.stderr, seconds, exception)


def _texts(root: Path, before: dict[str, tuple[int, int]]) -> list[tuple[str, str]]:
    """Files written or changed by the run, as text (binary files decoded leniently)."""
    found = []
    for name, stamp in _snapshot(root).items():
        if before.get(name) != stamp:
            found.append((name, (root / name).read_bytes().decode("utf-8", "replace")))
    return found


def problems_of(case: Case, tmp: Path) -> list[str]:
    """Everything ``case`` did wrong when run in the empty folder ``tmp``."""
    run = case.build(tmp)
    before = _snapshot(tmp)
    result = _invoke(run, tmp)
    problems: list[str] = []
    if result.exception is not None:
        problems.append(f"raised {type(result.exception).__name__}: {result.exception}")
    if TRACEBACK in result.stdout + result.stderr:
        problems.append("traceback printed")
    if result.exit_code != run.exit_code:
        problems.append(
            f"exit {result.exit_code}, expected {run.exit_code}: {result.stderr[-600:]}"
        )
    for text in run.mentions:
        if text not in result.stderr:
            problems.append(f"stderr does not mention {text!r}: {result.stderr[-600:]}")
    if result.seconds > run.seconds:
        problems.append(f"took {result.seconds:.2f} s (limit {run.seconds} s)")
    written = _texts(tmp, before)
    if run.exit_code == 2:
        changed = [name for name, _ in written]
        if changed:
            problems.append(f"wrote files although refused: {changed}")
    for secret in run.secrets:
        if secret in result.stdout or secret in result.stderr:
            problems.append(f"raw patient id {secret!r} printed")
        for name, text in written:
            if secret in text:
                problems.append(f"raw patient id {secret!r} written to {name}")
    if run.check is not None:
        problems.extend(run.check(tmp, result))
    return problems
