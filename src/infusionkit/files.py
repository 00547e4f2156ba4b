"""Writing outputs safely: atomic files, a run's output set, and its manifest.

Every writer in the toolkit goes through this module:

- :func:`write_atomic` / :func:`atomic_path`: one file, written to a temporary name in the target
  folder and moved into place with :func:`os.replace` (readers never see half a file).
- :class:`OutputSet`: the files one command writes into one folder. Each is written to a temporary
  file; on success all are renamed into place together, files that an earlier run of the same
  command left there (listed in the folder's manifest, or any of the command's possible outputs)
  are removed, and the manifest ``.infusionkit-manifest.json`` records what this run wrote. On any
  failure, Ctrl-C or SIGTERM the temporary files are removed and the folder is as it was.
- :func:`refuse_input_as_output`: an output path that is one of the inputs is an input error.
"""

from __future__ import annotations

import json
import os
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType, TracebackType

from infusionkit.errors import InputError, InputErrors

MANIFEST = ".infusionkit-manifest.json"
_TEMP_SUFFIX = ".tmp"

PathLike = Path | str


def temp_name(final: Path) -> Path:
    """A new, empty temporary file beside ``final`` (hidden, ``.tmp`` suffix)."""
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{final.name}.", suffix=_TEMP_SUFFIX, dir=final.parent)
    os.close(fd)
    return Path(temp)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def refuse_input_as_output(
    outputs: Iterable[PathLike], inputs: Iterable[PathLike], option: str = "--out"
) -> None:
    """Raise :class:`InputErrors` when an output path is also one of the inputs."""
    ins = [Path(p) for p in inputs if p is not None]
    problems = []
    for out in outputs:
        out_path = Path(out)
        for source in ins:
            if _same_file(out_path, source):
                problems.append(
                    InputError(
                        file=str(out_path),
                        message=f"{option} is also an input ({source}); it would be overwritten",
                        allowed="an output path that is not one of the inputs",
                    )
                )
    if problems:
        raise InputErrors(problems)


@contextmanager
def cleanup_on_sigterm() -> Iterator[None]:
    """Turn SIGTERM into :class:`SystemExit` (143) while the block runs, so ``finally`` and
    ``except`` clauses clean up as they do for Ctrl-C. No-op outside the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def _terminate(signum: int, _frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def atomic_path(path: PathLike, inputs: Iterable[PathLike] = ()) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` in one step.

    On failure (or SIGINT/SIGTERM) the temporary file is removed and ``path`` is untouched.
    """
    final = Path(path)
    refuse_input_as_output([final], inputs)
    _refuse_folder(final)
    with cleanup_on_sigterm():
        temp = temp_name(final)
        try:
            yield temp
            os.replace(temp, final)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise


def write_atomic(path: PathLike, data: bytes | str, inputs: Iterable[PathLike] = ()) -> Path:
    """Write ``data`` (bytes, or text as UTF-8) to ``path`` atomically; return ``path``."""
    with atomic_path(path, inputs) as temp:
        if isinstance(data, str):
            temp.write_text(data, encoding="utf-8")
        else:
            temp.write_bytes(data)
    return Path(path)


def _refuse_folder(final: Path) -> None:
    if final.is_dir():
        raise InputErrors(
            [InputError(file=str(final), message="is a folder; expected a file path to write")]
        )


def read_manifest(folder: PathLike) -> dict[str, list[str]]:
    """``{command: [file names]}`` from the folder's manifest (empty when absent or unreadable)."""
    path = Path(folder) / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    runs = data.get("runs") if isinstance(data, dict) else None
    if not isinstance(runs, dict):
        return {}
    out: dict[str, list[str]] = {}
    for command, entry in runs.items():
        files = entry.get("files") if isinstance(entry, dict) else None
        if isinstance(files, list):
            out[str(command)] = [str(f) for f in files if isinstance(f, str)]
    return out


class OutputSet:
    """The files one run of ``command`` writes into ``folder``, committed together.

    ::

        with OutputSet(out_dir, "simulate", possible=["lines.csv", "lines.xlsx"]) as out:
            write_csv(out.path("lines.csv"))
            out.write_text("summary.csv", text)
        out.written  # final paths, in the order they were asked for

    ``possible`` names every file the command can write: any of them present in the folder but
    not written by this run is stale and removed (as is anything the manifest lists for the same
    command). ``inputs`` are paths that must never be written or removed.
    """

    def __init__(
        self,
        folder: PathLike,
        command: str,
        *,
        possible: Iterable[str] = (),
        inputs: Iterable[PathLike] = (),
    ):
        self.folder = Path(folder)
        self.command = command
        self.possible = list(possible)
        self.inputs = [Path(p) for p in inputs]
        self.written: list[Path] = []
        self._pending: dict[str, Path] = {}
        self._signals = cleanup_on_sigterm()

    # -- writing ------------------------------------------------------------------------------
    def path(self, name: str) -> Path:
        """A temporary file for output ``name`` (relative to the folder); renamed on commit."""
        final = self._final(name)
        if name in self._pending:
            return self._pending[name]
        refuse_input_as_output([final], self.inputs)
        _refuse_folder(final)
        temp = temp_name(final)
        self._pending[name] = temp
        self.written.append(final)
        return temp

    def write_bytes(self, name: str, data: bytes) -> Path:
        self.path(name).write_bytes(data)
        return self._final(name)

    def write_text(self, name: str, text: str) -> Path:
        self.path(name).write_text(text, encoding="utf-8")
        return self._final(name)

    def _final(self, name: str) -> Path:
        rel = Path(name)
        if rel.is_absolute() or ".." in rel.parts or not rel.parts:
            raise ValueError(f"output name must be relative to the folder: {name!r}")
        return self.folder / rel

    # -- commit / abort -----------------------------------------------------------------------
    def __enter__(self) -> OutputSet:
        if self.folder.exists() and not self.folder.is_dir():
            raise InputErrors(
                [
                    InputError(
                        file=str(self.folder),
                        message="output folder is an existing file",
                        allowed="a folder (created when missing)",
                    )
                ]
            )
        refuse_input_as_output([self.folder], self.inputs)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._signals.__enter__()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if kind is None:
                self._commit()
            else:
                self._abort()
        except BaseException:
            self._abort()
            raise
        finally:
            self._signals.__exit__(None, None, None)

    def _abort(self) -> None:
        for temp in self._pending.values():
            temp.unlink(missing_ok=True)
        self._pending.clear()

    def _commit(self) -> None:
        previous = read_manifest(self.folder).get(self.command, [])
        for name, temp in list(self._pending.items()):
            os.replace(temp, self._final(name))
            del self._pending[name]
        names = [p.relative_to(self.folder).as_posix() for p in self.written]
        self._remove_stale(set(previous) | set(self.possible), set(names))
        self._write_manifest(names)

    def _remove_stale(self, candidates: set[str], keep: set[str]) -> None:
        for name in sorted(candidates - keep):
            try:
                path = self._final(name)
            except ValueError:
                continue  # a hand-edited manifest never makes us delete outside the folder
            if not path.is_file() or any(_same_file(path, p) for p in self.inputs):
                continue
            path.unlink(missing_ok=True)

    def _write_manifest(self, names: list[str]) -> None:
        path = self.folder / MANIFEST
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or not isinstance(data.get("runs"), dict):
                raise ValueError
        except (OSError, ValueError):
            data = {"runs": {}}
        data["format"] = "infusionkit output manifest, version 1"
        data["runs"][self.command] = {
            "files": names,
            "written": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        write_atomic(path, json.dumps(data, indent=2, sort_keys=True) + "\n")


@contextmanager
def output_set(
    folder: PathLike,
    command: str,
    *,
    possible: Iterable[str] = (),
    inputs: Iterable[PathLike] = (),
) -> Iterator[Callable[[str], Path]]:
    """:class:`OutputSet` as a context yielding its ``path(name)`` function."""
    with OutputSet(folder, command, possible=possible, inputs=inputs) as out:
        yield out.path


__all__ = [
    "MANIFEST",
    "OutputSet",
    "atomic_path",
    "cleanup_on_sigterm",
    "output_set",
    "read_manifest",
    "refuse_input_as_output",
    "temp_name",
    "write_atomic",
]
