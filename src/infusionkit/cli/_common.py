"""Shared CLI plumbing: user errors become a message and exit code 2, never a traceback."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

import typer

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


def fail(message: str) -> typer.Exit:
    """Print ``message`` on stderr and return the exit (code 2) to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(EXIT_BAD_INPUT)


def echo_written(paths: Iterable[object]) -> None:
    """``wrote PATH`` for each file a command wrote, in order."""
    for path in paths:
        typer.echo(f"wrote {path}")


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn input errors into readable messages on stderr and exit code 2."""
    from infusionkit.errors import InputErrors

    try:
        yield
    except InputErrors as exc:
        typer.echo(f"error: {exc.total} problem(s) in the input:", err=True)
        typer.echo(exc.render(), err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except FileNotFoundError as exc:
        typer.echo(f"error: file not found: {exc.filename or exc}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except (PermissionError, IsADirectoryError, NotADirectoryError) as exc:
        typer.echo(f"error: cannot use {exc.filename or ''}: {exc.strerror or exc}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except OSError as exc:
        if exc.filename is None:
            raise  # not about a file we were given (stdout, a socket): run_cli decides
        typer.echo(f"error: cannot write or read {exc.filename}: {exc.strerror or exc}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except KeyboardInterrupt:  # pragma: no cover
        typer.echo("interrupted", err=True)
        sys.exit(130)


def run_cli(app: Callable[[], object]) -> None:
    """Run the typer ``app``; a standard output that cannot be written (``> /dev/full``, a
    closed pipe) ends with a one-line message and exit 2 (a closed pipe: quietly), never a
    traceback, also when the failure shows only in the last flush."""
    code: int | str | None = EXIT_OK
    try:
        app()
    except SystemExit as exc:
        code = exc.code
    except OSError as exc:
        code = _stdout_failed(exc)
    try:
        sys.stdout.flush()
    except OSError as exc:
        code = _stdout_failed(exc)
    sys.exit(code)


def _stdout_failed(exc: OSError) -> int:
    """Report a failed write of standard output; later flushes go to the null device."""
    if exc.errno not in (errno.EPIPE, errno.ENOSPC, errno.EIO, errno.EBADF, errno.EFBIG):
        raise exc
    with contextlib.suppress(OSError, ValueError):  # stdout may have no file descriptor
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    if exc.errno == errno.EPIPE:
        return EXIT_OK  # the reader stopped reading (| head): nothing to report
    with contextlib.suppress(OSError):  # stderr may be gone too
        print(f"error: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
    return EXIT_BAD_INPUT
