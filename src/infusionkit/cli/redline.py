"""`infusionkit redline`: Word tracked changes between two .docx files, or check a marked one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from infusionkit.cli._common import EXIT_FINDINGS, fail, user_errors
from infusionkit.cli._options import AuthorOpt, DateOpt, parse_date_option

NAME = "redline"


def command(
    original: Annotated[
        Path, typer.Argument(help="ORIGINAL .docx (with --check: the document to check).")
    ],
    revised: Annotated[Path | None, typer.Argument(help="REVISED .docx.")] = None,
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="Where to write the redlined .docx.")
    ] = None,
    author: AuthorOpt = "infusionkit",
    date: DateOpt = None,
    check_only: Annotated[
        bool,
        typer.Option(
            "--check", help="Check a redlined .docx: view sizes and problems (exit 1 if any)."
        ),
    ] = False,
) -> None:
    """Compare two Word documents into one with tracked changes (accept all = REVISED).

    Example: infusionkit redline current.docx proposed.docx -o redline.docx --author "Acme"

    Check an existing redline: infusionkit redline --check redline.docx
    """
    from infusionkit import redline as rl

    with user_errors():
        if check_only:
            _check(original)
            return
        if revised is None or out is None:
            raise fail("comparing needs ORIGINAL, REVISED and -o OUT.docx (or use --check)")
        when = parse_date_option(date)
        result = rl.write_redline(original, revised, out, author=author, date=when)
        for warning in result.warnings:
            typer.echo(f"warning: {warning}", err=True)
        typer.echo(f"wrote {out} ({result.changes} tracked change marks)")


def _check(path: Path) -> None:
    from infusionkit import redline

    accepted = redline.accept_all_text(path).split("\n")
    rejected = redline.reject_all_text(path).split("\n")
    problems = redline.check(path)
    counts = redline.count_changes(path)
    typer.echo(f"accept-all: {len(accepted)} paragraphs; reject-all: {len(rejected)} paragraphs")
    typer.echo(
        f"tracked changes: {counts.insertions} insertion(s), {counts.deletions} deletion(s), "
        f"{counts.format_changes} formatting change(s); {counts.comments} comment(s)"
    )
    for problem in problems:
        typer.echo(f"problem: {problem}", err=True)
    if problems:
        raise typer.Exit(EXIT_FINDINGS)
    typer.echo("ok")
