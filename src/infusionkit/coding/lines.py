"""Coded claim lines: the output of coding, the input of pricing (column arrays per line type)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from infusionkit.coding.intervals import IntArray

LINE_TYPES = ("per_diem", "infrequent", "nursing", "drug", "other")
NO_BILLED = -1  # billed_cents value for "no billed charge given on the input row"


@dataclass(frozen=True)
class LineBlock:
    """Claim lines of one line type, as parallel arrays.

    ``row`` indexes the source table (therapies for per diem/infrequent, nursing, drugs, other);
    days are integers since 1970-01-01 (inclusive ``first``..``last``); ``units_milli`` is units ×
    1000 (exact: units carry at most 3 decimals); ``billed_cents`` is the row's own billed charge or
    NO_BILLED; ``level`` is the concurrency level (0 none, 1 SH, 2 SJ); ``codes[code]`` is the
    HCPCS.
    """

    line_type: str
    row: IntArray
    code: IntArray
    codes: tuple[str, ...]
    first: IntArray
    last: IntArray
    units_milli: IntArray
    billed_cents: IntArray
    level: IntArray
    ais: npt.NDArray[np.bool_]
    recoded: npt.NDArray[np.bool_]
    scheduled: npt.NDArray[np.bool_]
    whole_units: bool = False  # units are whole numbers and no line has its own billed charge

    def __len__(self) -> int:
        return len(self.row)

    @classmethod
    def build(
        cls,
        line_type: str,
        row: IntArray,
        code: IntArray,
        codes: tuple[str, ...],
        first: IntArray,
        last: IntArray,
        units_milli: IntArray,
        *,
        billed_cents: IntArray | None = None,
        level: IntArray | None = None,
        ais: npt.NDArray[np.bool_] | None = None,
        recoded: npt.NDArray[np.bool_] | None = None,
        scheduled: npt.NDArray[np.bool_] | None = None,
        whole_units: bool = False,
    ) -> LineBlock:
        """Make a block, filling optional columns with their neutral values."""
        n = len(row)

        def ints(values: IntArray | None, fill: int) -> IntArray:
            return (
                np.full(n, fill, dtype=np.int64)
                if values is None
                else values.astype(np.int64, copy=False)
            )

        def bools(values: npt.NDArray[np.bool_] | None) -> npt.NDArray[np.bool_]:
            return np.zeros(n, dtype=bool) if values is None else values.astype(bool, copy=False)

        return cls(
            line_type=line_type,
            row=row.astype(np.int64, copy=False),
            code=code.astype(np.int64, copy=False),
            codes=codes,
            first=first.astype(np.int64, copy=False),
            last=last.astype(np.int64, copy=False),
            units_milli=units_milli.astype(np.int64, copy=False),
            billed_cents=ints(billed_cents, NO_BILLED),
            level=ints(level, 0),
            ais=bools(ais),
            recoded=bools(recoded),
            scheduled=bools(scheduled),
            whole_units=whole_units,
        )


@dataclass(frozen=True)
class CodedLines:
    """All coded lines of one scenario, by line type."""

    blocks: dict[str, LineBlock] = field(default_factory=dict)

    def __len__(self) -> int:
        return sum(len(block) for block in self.blocks.values())
