"""`infusionkit fees export` / `fees import`: a contract's fee schedule in Excel and back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from infusionkit.cli._common import user_errors

app = typer.Typer(
    help="Fee schedules in Excel: export a contract's rates, import edited or payer sheets.",
    no_args_is_help=True,
)


@app.command("export")
def export(
    contract: Annotated[Path, typer.Argument(help="Contract YAML.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The .xlsx file to write.")],
) -> None:
    """Write the contract's rates to sheet fee_schedule (section, code, descriptor, rate, unit).

    The other terms (defaults, SH/SJ, AIS, drugs, lesser-of, terms) are on a protected notes
    sheet: edit them in the contract file. Edit the rates, then bring them back with
    `infusionkit fees import`.

    Example:

        infusionkit fees export rate_models/acme_current.yaml -o acme_fees.xlsx
    """
    with user_errors():
        from infusionkit.contracts import load_contract
        from infusionkit.contracts.fee_sheet import export_fees, fee_rows
        from infusionkit.files import atomic_path

        loaded = load_contract(contract)
        with atomic_path(output, inputs=[contract]) as temp:
            export_fees(loaded, temp)
    typer.echo(f"wrote {output} ({len(fee_rows(loaded))} rates)")


@app.command("import")
def import_(
    fees: Annotated[Path, typer.Argument(help="The .xlsx fee schedule.")],
    into: Annotated[Path, typer.Option("--into", help="The contract YAML the rates go into.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The new contract YAML.")],
    sheet: Annotated[
        str | None, typer.Option(help="Sheet to read (default fee_schedule, or the only one).")
    ] = None,
    code_column: Annotated[
        str, typer.Option(help="Header of the code column (a payer's sheet: e.g. 'HCPCS').")
    ] = "code",
    rate_column: Annotated[
        str, typer.Option(help="Header of the rate column (e.g. 'Allowable').")
    ] = "rate",
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Drop the rates of a listed section that the sheet does not list "
            "(default: keep them).",
        ),
    ] = False,
) -> None:
    """Read a fee sheet's rates into a copy of a contract, exactly as typed.

    A number cell must hold whole cents (95.1 is $95.10; 95.123 is an error naming the
    cell). Without a section column each code goes to its kind's section (per diem codes to
    per_diem, 99601/99602 to nursing, the rest to other). Prints what was added and changed.

    Examples:

        infusionkit fees import acme_fees.xlsx --into rate_models/acme_current.yaml -o new.yaml

        infusionkit fees import payer_schedule.xlsx --into current.yaml -o offer.yaml
            --code-column HCPCS --rate-column Allowable
    """
    with user_errors():
        from infusionkit.contracts import load_contract
        from infusionkit.contracts.fee_sheet import import_fees
        from infusionkit.files import write_atomic

        result = import_fees(
            fees,
            load_contract(into),
            sheet=sheet,
            code_column=code_column,
            rate_column=rate_column,
            replace=replace,
        )
        write_atomic(output, result.yaml, inputs=[into, fees])
    from infusionkit.money import format_money

    for section, code, rate in result.added:
        typer.echo(f"added   {section} {code} {format_money(rate)}")
    for section, code, old, new in result.changed:
        typer.echo(f"changed {section} {code} {format_money(old)} -> {format_money(new)}")
    for section, code in result.removed:
        typer.echo(f"removed {section} {code}")
    typer.echo(
        f"{len(result.added)} added, {len(result.changed)} changed, {result.unchanged} unchanged, "
        f"{len(result.kept)} kept (not in the sheet), {len(result.removed)} removed"
    )
    typer.echo(f"wrote {output}")
