"""``--contract`` values that may name their scenario: ``FILE`` or ``LABEL=FILE`` (spec §6).

:func:`labelled` turns the option values into (label, path) pairs that every library entry point
taking contracts accepts (``simulate``, ``forecast``, ``rate_matrix`` …); a pair without a label
is named by the file stem.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

LABEL_HELP = "LABEL=FILE names the scenario in every output (default: the file stem)."

LabelledContractsOpt = Annotated[
    list[str],
    typer.Option(
        "--contract",
        "-c",
        help=f"Contract YAML; repeat for side-by-side scenarios (the first is the baseline). "
        f"{LABEL_HELP}",
    ),
]
LabelledContractOpt = Annotated[
    str, typer.Option("--contract", "-c", help=f"Contract YAML. {LABEL_HELP}")
]


def split_label(value: str) -> tuple[str | None, Path]:
    """``"current=acme.yaml"`` -> ("current", acme.yaml); a plain (or existing) path has none."""
    from infusionkit.cli._common import fail

    if "=" not in value or Path(value).exists():
        return None, Path(value)
    label, _, file = value.partition("=")
    label = label.strip()
    if not label or not file.strip():
        raise fail(f"--contract {value!r}: use FILE or LABEL=FILE")
    return label, Path(file.strip())


def labelled(values: Sequence[str]) -> list[tuple[str | None, Path]]:
    """(label, path) for each ``--contract`` value."""
    return [split_label(value) for value in values]


def first_path(values: Sequence[str]) -> Path:
    """The file of the first contract (its folder is the default ``--rates``)."""
    return split_label(values[0])[1]
