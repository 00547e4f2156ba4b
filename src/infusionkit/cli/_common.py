"""Shared CLI plumbing: user errors become a message and exit code 2, never a traceback."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


def fail(message: str) -> typer.Exit:
    """Print ``message`` on stderr and return the exit (code 2) to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(EXIT_BAD_INPUT)


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
    except KeyboardInterrupt:  # pragma: no cover
        typer.echo("interrupted", err=True)
        sys.exit(130)
