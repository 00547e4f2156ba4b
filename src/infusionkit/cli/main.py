"""The ``infusionkit`` application: registers one command per module.

Command modules import heavy libraries (pandas, docx, matplotlib) inside their functions so that
``infusionkit --help`` stays fast.
"""

from __future__ import annotations

import typer

from infusionkit.cli import (
    codes,
    demo,
    episodes,
    fees,
    forecast,
    propose,
    rates,
    redline,
    report,
    reprice,
    review,
    schema,
    sensitivity,
    simulate,
    solve,
    synth,
    variance,
)

app = typer.Typer(
    name="infusionkit",
    help=(
        "Home infusion therapy payer contracts: simulate what historical episodes pay under a "
        "contract, review a contract, draft redlines, and report rate comparisons.\n\n"
        "Start with: infusionkit demo"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
)

for module in (simulate, review, propose, redline, report, demo, synth, codes):
    app.command(name=module.NAME, help=module.command.__doc__)(module.command)
for module in (solve, sensitivity, forecast, rates):  # negotiation analytics
    app.command(name=module.NAME, help=module.command.__doc__)(module.command)
for module in (reprice, variance):  # claims history and remittances
    app.command(name=module.NAME, help=module.command.__doc__)(module.command)
app.add_typer(episodes.app, name="episodes")
app.add_typer(fees.app, name="fees")
app.add_typer(schema.app, name="schema")


def run() -> None:
    """Console-script entry point (an unwritable standard output is a message, not a traceback)."""
    from infusionkit.cli._common import run_cli

    run_cli(app)
