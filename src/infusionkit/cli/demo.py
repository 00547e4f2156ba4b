"""`infusionkit demo`: every step on the bundled sample data, and where each output is."""

from __future__ import annotations

from pathlib import Path

from infusionkit.cli._common import user_errors
from infusionkit.cli._options import OutOpt

NAME = "demo"


def command(
    out: OutOpt = Path("reports/demo"),
) -> None:
    """Run everything on the bundled sample data: simulate, review, propose, report, variance.

    Uses the Acme therapies (payer_id ACME) of rate_models/sample_episodes with the
    illustrative Acme contracts (current and proposed), and the sample claims with their 835
    for the underpayment worklist, and prints the totals and where each output is.
    propose/redline.docx and report/report.pdf are the versions to send the payer; brief/
    holds the internal negotiation brief and the redline with internal notes and values.

    Example:

        infusionkit demo --out reports/demo
    """
    from rich.console import Console
    from rich.table import Table

    from infusionkit.cli._tables import print_totals

    console = Console()
    with user_errors(), console.status("infusionkit demo") as status:
        from infusionkit.demo import run_demo

        result = run_demo(out, on_step=lambda name: status.update(f"Running {name}"))
    print_totals(result.simulation, console)
    table = Table(title=f"infusionkit demo: outputs in {out}", title_justify="left")
    table.add_column("step")
    table.add_column("output")
    for name, paths in result.outputs.items():
        table.add_row(name, "\n".join(str(p) for p in paths))
    console.print(table)
