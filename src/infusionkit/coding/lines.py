"""Coded claim lines: the output of coding, the input of pricing (column arrays per line type)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import numpy.typing as npt

from infusionkit.coding.intervals import IntArray

LINE_TYPES = ("per_diem", "infrequent", "nursing", "drug", "other")
NO_BILLED = -1  # billed_cents value for "no billed charge given on the input row"


@dataclass(frozen=True)
class LineBlock:
    """Claim lines of one line type, as parallel arrays.

    Per line: ``first``..``last`` (inclusive days since 1970-01-01) and ``units_milli`` (units ×
    1000, exact: units carry at most 3 decimals). The other attributes belong to a *group* of lines
    that share them (a run of per diem days split into calendar-month lines): ``group[i]`` is the
    group of line i (``None`` = one group per line), and the ``group_*`` arrays hold one value per
    group. The per-line views (``row``, ``code``, ``level``, ``ais``, ``recoded``, ``scheduled``,
    ``billed_cents``) are gathered on first use.

    ``row`` indexes the source table (therapies for per diem/infrequent, nursing, drugs, other);
    ``billed_cents`` is the row's own billed charge or NO_BILLED; ``level`` is the concurrency
    :class:`~infusionkit.coding.concurrency.Level`; ``codes[code]`` is the HCPCS.

    ``tags[tag]`` names the coding rules that made or changed a line (``"C01 C05"``, see
    :mod:`infusionkit.coding.rules`): the start of the claim line's ``rule`` text.
    ``group_tag`` holds one index per group (None = every line ``tags[0]``).

    Payer policies: ``group_bundled`` marks groups a policy bundles (allowed 0.00; None = none),
    ``modifier_59`` says SH/SJ lines also carry modifier 59.
    """

    line_type: str
    codes: tuple[str, ...]
    first: IntArray
    last: IntArray
    units_milli: IntArray
    group_row: IntArray
    group_code: IntArray
    group_billed_cents: IntArray
    group_level: IntArray
    group_ais: npt.NDArray[np.bool_]
    group_recoded: npt.NDArray[np.bool_]
    group_scheduled: npt.NDArray[np.bool_]
    group: IntArray | None = None
    whole_units: bool = False  # units are whole numbers and no line has its own billed charge
    tags: tuple[str, ...] = ("",)
    group_tag: IntArray | None = None
    group_bundled: npt.NDArray[np.bool_] | None = None
    modifier_59: bool = False

    def __len__(self) -> int:
        return len(self.first)

    def _per_line(self, values: np.ndarray) -> np.ndarray:
        return values if self.group is None else np.take(values, self.group)

    @cached_property
    def row(self) -> IntArray:
        return self._per_line(self.group_row)

    @cached_property
    def code(self) -> IntArray:
        return self._per_line(self.group_code)

    @cached_property
    def billed_cents(self) -> IntArray:
        return self._per_line(self.group_billed_cents)

    @cached_property
    def level(self) -> IntArray:
        return self._per_line(self.group_level)

    @cached_property
    def ais(self) -> npt.NDArray[np.bool_]:
        return self._per_line(self.group_ais)

    @cached_property
    def recoded(self) -> npt.NDArray[np.bool_]:
        return self._per_line(self.group_recoded)

    @cached_property
    def scheduled(self) -> npt.NDArray[np.bool_]:
        return self._per_line(self.group_scheduled)

    @cached_property
    def bundled(self) -> npt.NDArray[np.bool_]:
        if self.group_bundled is None:
            return np.zeros(len(self), dtype=bool)
        return self._per_line(self.group_bundled)

    @cached_property
    def tag(self) -> IntArray:
        if self.group_tag is None:
            return np.zeros(len(self), dtype=np.int64)
        return self._per_line(self.group_tag)

    def rule_texts(self, prices: tuple[str, ...], price: IntArray) -> tuple[list[str], IntArray]:
        """The claim line's ``rule``: coding rule ids, then how the price was found.

        ``prices[price[i]]`` says how line i was priced; returns the texts and each line's
        index, e.g. ``"C01 C05 per_diem.rates.S9500 $95.00 × SH 50%"``.
        """
        texts = [f"{tag} {text}" if tag else text for tag in self.tags for text in prices]
        return texts, self.tag * len(prices) + price

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
        group: IntArray | None = None,
        whole_units: bool = False,
        bundled: npt.NDArray[np.bool_] | None = None,
        modifier_59: bool = False,
    ) -> LineBlock:
        """Make a block, filling optional columns with their neutral values.

        ``row``, ``code``, ``billed_cents``, ``level``, ``ais``, ``recoded``, ``scheduled`` and
        ``bundled`` are per group when ``group`` is given, else per line.
        """
        n = len(row)

        def ints(values: IntArray | None, fill: int) -> IntArray:
            if values is None:
                return np.full(n, fill, dtype=np.int64)
            return values.astype(np.int64, copy=False)

        def bools(values: npt.NDArray[np.bool_] | None) -> npt.NDArray[np.bool_]:
            return np.zeros(n, dtype=bool) if values is None else values.astype(bool, copy=False)

        return cls(
            line_type=line_type,
            codes=codes,
            first=first.astype(np.int64, copy=False),
            last=last.astype(np.int64, copy=False),
            units_milli=units_milli.astype(np.int64, copy=False),
            group_row=row.astype(np.int64, copy=False),
            group_code=code.astype(np.int64, copy=False),
            group_billed_cents=ints(billed_cents, NO_BILLED),
            group_level=ints(level, 0),
            group_ais=bools(ais),
            group_recoded=bools(recoded),
            group_scheduled=bools(scheduled),
            group=None if group is None else group.astype(np.int64, copy=False),
            whole_units=whole_units,
            group_bundled=None if bundled is None else bundled.astype(bool, copy=False),
            modifier_59=modifier_59,
        )


@dataclass(frozen=True)
class CodedLines:
    """All coded lines of one scenario, by line type."""

    blocks: dict[str, LineBlock] = field(default_factory=dict)

    def __len__(self) -> int:
        return sum(len(block) for block in self.blocks.values())
