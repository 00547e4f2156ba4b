"""Expected vs paid (spec §8): each claim line's contract allowed against what the payer paid.

``expected`` is the line priced as billed under the contract (:func:`reprice`); payment data come
from matched 835 service payments (:mod:`infusionkit.claims.matching`), else from the table's own
``paid`` / ``payer_allowed`` / ``patient_responsibility`` / ``carc`` columns. ``variance`` =
payer_allowed − expected, where payer_allowed = paid + patient responsibility when the 835 (or
the table) gives no allowed amount of its own. Status, first match wins:

1. ``no_remittance`` — no payment data for the line;
2. ``unpriced`` — the contract gives no expected amount;
3. ``denied`` — paid = 0 and expected > 0;
4. ``underpaid`` / ``overpaid`` — variance below −tolerance / above +tolerance;
5. ``as_expected`` otherwise.

``shortfall`` (what a billing team chases) is −variance for underpaid and denied lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from infusionkit.claims import ClaimLines
from infusionkit.claims.matching import match_remits
from infusionkit.claims.reasons import describe_many
from infusionkit.claims.x835 import Remittances, load_remits
from infusionkit.money import ZERO
from infusionkit.simulation.reprice import Repricing, load_claim_history, reprice

if TYPE_CHECKING:
    from infusionkit.episodes.mapping import ExportMapping
    from infusionkit.pricing import PriceBook

STATUSES = ("underpaid", "denied", "overpaid", "as_expected", "no_remittance", "unpriced")
WORKLIST_STATUSES = ("underpaid", "denied")
LINE_COLUMNS = (
    "claim_id",
    "line_number",
    "patient_ref",
    "payer_id",
    "service_from",
    "service_to",
    "hcpcs",
    "modifiers",
    "units",
)
"""The billed line a variance row is about (variance.csv and the worklist start with them)."""
AMOUNT_COLUMNS = ("billed_charge", "expected", "payer_allowed", "paid", "patient_responsibility")
"""The line's money as billed, expected and paid (after :data:`LINE_COLUMNS`)."""
COLUMNS = (
    *LINE_COLUMNS,
    *AMOUNT_COLUMNS,
    "variance",
    "status",
    "carc",
    "rule",
    # beyond the spec's columns
    "shortfall",
    "carc_meaning",
    "rarc",
    "rarc_meaning",
    "allowed_b6",
    "line_type",
    "ndc",
    "reason",
    "remittance",
    "source_line",
)
MONEY_COLUMNS = (*AMOUNT_COLUMNS, "variance", "shortfall", "allowed_b6")
SUMMARY_COLUMNS = (
    "section",
    "key",
    "meaning",
    "lines",
    "billed_charge",
    "expected",
    "payer_allowed",
    "paid",
    "variance",
    "shortfall",
)


@dataclass(frozen=True, eq=False)
class Variance:
    """One row per claim line (:data:`COLUMNS`, money as Decimal) and the payments matched to none.

    ``unmatched`` lists every 835 service payment that matched no claim line, with its file,
    segment and reason; ``provider_adjustments`` the PLB totals per 835 file.
    """

    frame: pd.DataFrame
    unmatched: pd.DataFrame
    repricing: Repricing
    tolerance: Decimal = ZERO
    remittances: Remittances | None = None
    provider_adjustments: dict[str, Decimal] = field(default_factory=dict)

    @property
    def scenario(self) -> str:
        return self.repricing.names[0]

    @cached_property
    def total_shortfall(self) -> Decimal:
        return sum(self.frame["shortfall"], ZERO)

    @cached_property
    def worklist(self) -> pd.DataFrame:
        """Underpaid and denied lines, largest shortfall first."""
        rows = self.frame[self.frame["status"].isin(WORKLIST_STATUSES)]
        order = sorted(
            range(len(rows)),
            key=lambda i: (
                -rows["shortfall"].iloc[i],
                rows["claim_id"].iloc[i],
                int(rows["line_number"].iloc[i]),
            ),
        )
        return rows.iloc[order].reset_index(drop=True)

    @cached_property
    def summary(self) -> pd.DataFrame:
        """Totals by status, payer, code and CARC (:data:`SUMMARY_COLUMNS`)."""
        return summarise(self.frame)


def _money_sum(values: pd.Series) -> Decimal:
    return sum((v for v in values if v is not None), ZERO)


def summarise(frame: pd.DataFrame) -> pd.DataFrame:
    """Totals by status, payer, code and CARC pair (a line with two pairs counts under both)."""
    rows: list[dict[str, object]] = []

    def add(section: str, key: str, meaning: str, part: pd.DataFrame) -> None:
        rows.append(
            {
                "section": section,
                "key": key,
                "meaning": meaning,
                "lines": len(part),
                **{c: _money_sum(part[c]) for c in SUMMARY_COLUMNS[4:]},
            }
        )

    for status in STATUSES:
        add("status", status, "", frame[frame["status"] == status])
    for payer, part in frame.groupby(frame["payer_id"].fillna(""), sort=True):
        add("payer", str(payer), "", part)
    for code, part in frame.groupby("hcpcs", sort=True):
        add("code", str(code), "", part)
    pairs = frame["carc"].fillna("").str.split()
    for pair in sorted({p for items in pairs for p in items}):
        add("carc", pair, describe_many(pair), frame[pairs.map(lambda items, p=pair: p in items)])
    add("all", "all", "", frame)
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))


def _status(
    expected: object, paid: object, allowed: object, tolerance: Decimal
) -> tuple[str, Decimal | None]:
    if paid is None:
        return "no_remittance", None
    if expected is None:
        return "unpriced", None
    assert isinstance(expected, Decimal) and isinstance(allowed, Decimal)
    assert isinstance(paid, Decimal)
    difference = allowed - expected
    if paid == 0 and expected > 0:
        return "denied", difference
    if difference < -tolerance:
        return "underpaid", difference
    if difference > tolerance:
        return "overpaid", difference
    return "as_expected", difference


def _optional(frame: pd.DataFrame, column: str) -> list[object]:
    values = frame[column].astype(object).tolist()
    return [None if v is None or v is pd.NA else v for v in values]


def variance(
    claims: ClaimLines | str | Path,
    contract: object,
    *,
    remits: list[str | Path] | Remittances | None = None,
    rates: str | Path | PriceBook | None = None,
    payer: str | None = None,
    mapping: ExportMapping | str | Path | None = None,
    tolerance: Decimal = ZERO,
    include_phi: bool = False,
    key: bytes | None = None,
) -> Variance:
    """Expected (the contract, as billed) vs payer allowed and paid, for every claim line.

    ``remits``: 835 files or folders (or loaded :class:`Remittances`); without them the claims
    table's own payment columns are used. Payments are matched against the whole history, then
    lines are kept to ``payer`` when given (so another payer's payment is not reported unmatched).
    """
    if tolerance < 0:
        raise ValueError("tolerance must not be negative")
    history = load_claim_history(claims, None, mapping)
    payments = remits if isinstance(remits, Remittances) or remits is None else load_remits(remits)
    frame = history.frame
    n = len(frame)
    paid = _optional(frame, "paid")
    pr = _optional(frame, "patient_responsibility")
    allowed = _optional(frame, "payer_allowed")
    carc = _optional(frame, "carc")
    rarc: list[object] = [None] * n
    b6: list[object] = [None] * n
    source: list[object] = [None] * n
    unmatched = pd.DataFrame()
    if payments is not None:
        matched = match_remits(frame, payments.frame)
        unmatched = matched.unmatched
        for row in np.flatnonzero(matched.remits > 0).tolist():
            paid[row] = matched.paid[row]
            pr[row] = matched.patient_responsibility[row]
            allowed[row] = None
            carc[row] = matched.carc[row]
            rarc[row] = matched.rarc[row]
            b6[row] = matched.allowed_b6[row]
            source[row] = matched.where[row]
    for row in range(n):
        if allowed[row] is None and paid[row] is not None:
            allowed[row] = paid[row] + (pr[row] or ZERO)  # type: ignore[operator]
    keep = np.ones(n, dtype=bool)
    if payer is not None:
        load_claim_history(history, payer)  # the same "no such payer" error as reprice
        keep = (frame["payer_id"] == payer).fillna(False).to_numpy(dtype=bool)
    kept = history if payer is None else history.filter_payer(payer)
    priced = reprice(kept, contract, rates=rates, include_phi=include_phi, key=key)
    out = _rows(
        priced,
        [i for i in range(n) if keep[i]],
        paid,
        pr,
        allowed,
        carc,
        rarc,
        b6,
        source,
        tolerance,
    )
    return Variance(
        frame=out,
        unmatched=unmatched,
        repricing=priced,
        tolerance=tolerance,
        remittances=payments if isinstance(payments, Remittances) else None,
        provider_adjustments=dict(payments.provider_adjustments) if payments else {},
    )


def _rows(
    priced: Repricing,
    kept: list[int],
    paid: list[object],
    pr: list[object],
    allowed: list[object],
    carc: list[object],
    rarc: list[object],
    b6: list[object],
    source: list[object],
    tolerance: Decimal,
) -> pd.DataFrame:
    table = priced.table
    lines = {c: table[c].to_pylist() for c in table.column_names}
    out: dict[str, list[object]] = {c: [] for c in COLUMNS}
    for i, row in enumerate(kept):
        expected = lines["allowed"][i]
        status, difference = _status(expected, paid[row], allowed[row], tolerance)
        shortfall = -difference if status in WORKLIST_STATUSES and difference else ZERO
        values = {
            "claim_id": lines["claim_id"][i],
            "line_number": lines["line_number"][i],
            "patient_ref": lines["patient_ref"][i],
            "payer_id": lines["payer_id"][i],
            "service_from": lines["service_from"][i],
            "service_to": lines["service_to"][i],
            "hcpcs": lines["hcpcs"][i],
            "modifiers": lines["modifiers"][i],
            "units": lines["units"][i],
            "billed_charge": lines["billed_charge"][i],
            "expected": expected,
            "payer_allowed": allowed[row],
            "paid": paid[row],
            "patient_responsibility": pr[row],
            "variance": difference,
            "status": status,
            "carc": carc[row],
            "rule": lines["rule"][i],
            "shortfall": max(shortfall, ZERO),
            "carc_meaning": describe_many(str(carc[row])) if carc[row] else None,
            "rarc": rarc[row],
            "rarc_meaning": describe_many(str(rarc[row]), "rarc") if rarc[row] else None,
            "allowed_b6": b6[row],
            "line_type": lines["line_type"][i],
            "ndc": lines["ndc"][i],
            "reason": lines["reason"][i] or None,
            "remittance": source[row],
            "source_line": lines["source_line"][i],
        }
        for column, value in values.items():
            out[column].append(value)
    return pd.DataFrame(out, columns=list(COLUMNS))
