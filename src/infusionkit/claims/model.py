"""The :class:`ClaimLines` record: a typed ``claim_lines`` table plus where it came from."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import pandas as pd

from infusionkit.episodes.model import isin_text


@dataclass(frozen=True, eq=False)  # DataFrames do not compare to a bool; identity is enough
class ClaimLines:
    """Billed claim lines (columns of :data:`infusionkit.claims.columns.SPEC`, typed).

    Besides the spec's columns, ``frame`` has ``source_file`` and ``source_line`` (the row's file
    and line, or for X12 the SV1 segment position) and ``line_control`` (837 REF*6R, else blank).
    ``service_to`` is filled (blank = service_from) and ``line_type`` is resolved from the code's
    kind where the source gave none; NDCs are 11 digits.
    """

    frame: pd.DataFrame
    source: Path | None = None
    files: tuple[Path, ...] = ()
    kind: Literal["table", "x12"] = "table"

    def __len__(self) -> int:
        return len(self.frame)

    def filter_payer(self, payer_id: str) -> ClaimLines:
        """Only the lines of ``payer_id``."""
        keep = isin_text(self.frame["payer_id"], [payer_id])
        return replace(self, frame=self.frame[keep].reset_index(drop=True))

    @property
    def payers(self) -> list[str]:
        """The payer ids present, sorted."""
        return sorted(set(self.frame["payer_id"].dropna().tolist()))
