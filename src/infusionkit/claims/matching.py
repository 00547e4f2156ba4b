"""Match 835 service payments to claim lines (spec §7), in file order; none is dropped.

A payment goes to the claim whose ``claim_id`` is its CLP01, then to the line whose
``line_number`` (or 837 line control number) is its REF*6R when it has one, else to the first
line of the claim, not yet matched, with the same code, modifiers, service date and units. A
second payment for a line already matched (a reversal and its correction) adds to it. A claim
paid as a whole with nothing (no SVC loop, paid and patient share 0) denies each of its lines.
Every payment that finds no line is returned in ``unmatched`` with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

ZERO = Decimal(0)


@dataclass(frozen=True, eq=False)
class Matched:
    """Per claim line (arrays aligned with the lines): what the matched payments say."""

    paid: np.ndarray  # Decimal, or None where no payment matched
    patient_responsibility: np.ndarray
    carc: np.ndarray  # str or None
    rarc: np.ndarray
    allowed_b6: np.ndarray  # Decimal or None
    remits: np.ndarray  # int: number of payments matched
    where: np.ndarray  # "file segment N" of the first payment, or None
    unmatched: pd.DataFrame  # the payments that matched no line, with "reason"


def _text(values: pd.Series) -> list[str]:
    return [v if isinstance(v, str) else "" for v in values.astype(object).tolist()]


def _ref(text: str) -> str:
    text = text.strip()
    return str(int(text)) if text.isdigit() else text


def match_remits(lines: pd.DataFrame, remits: pd.DataFrame) -> Matched:
    """Match ``remits`` (rows of :class:`~infusionkit.claims.x835.Remittances`) to ``lines``."""
    n = len(lines)
    claim_ids = _text(lines["claim_id"])
    by_claim: dict[str, list[int]] = {}
    refs: dict[tuple[str, str], int] = {}
    for row, claim_id in enumerate(claim_ids):
        by_claim.setdefault(claim_id, []).append(row)
    numbers = lines["line_number"].astype(np.int64).tolist()
    controls = _text(lines["line_control"]) if "line_control" in lines else [""] * n
    for row in range(n):
        refs.setdefault((claim_ids[row], str(numbers[row])), row)
        if controls[row]:
            refs.setdefault((claim_ids[row], _ref(controls[row])), row)
    codes = _text(lines["hcpcs"])
    modifiers = [" ".join(m.split()) for m in _text(lines["modifiers"])]
    dates = _text(lines["service_from"].dt.strftime("%Y-%m-%d"))
    units = lines["units"].tolist()

    state = _State(n)
    unmatched: list[int] = []
    reasons: list[str] = []
    columns = {c: remits[c].tolist() for c in remits.columns}
    for i in range(len(remits)):
        claim_id = columns["claim_id"][i]
        rows = by_claim.get(claim_id)
        if not rows:
            unmatched.append(i)
            reasons.append(f"claim {claim_id} is not in the claims history")
            continue
        if columns["level"][i] == "claim":
            if columns["paid"][i] == ZERO and columns["patient_responsibility"][i] == ZERO:
                for row in rows:
                    state.add(row, columns, i)
            else:
                unmatched.append(i)
                reasons.append(
                    "claim-level payment without service lines: cannot be assigned to lines"
                )
            continue
        control = str(columns["line_control"][i] or "")
        found = refs.get((claim_id, _ref(control))) if control else None
        if found is None:
            found = _by_service(rows, state.count, columns, i, codes, modifiers, dates, units)
        if found is None:
            unmatched.append(i)
            reasons.append(
                f"no line of claim {claim_id} has this payment's code, modifiers, "
                "service date and units"
            )
            continue
        state.add(found, columns, i)
    left = remits.iloc[unmatched].reset_index(drop=True).copy()
    left["reason"] = pd.Series(reasons, dtype=object)
    return state.result(left)


def _by_service(
    rows: list[int],
    count: np.ndarray,
    columns: dict[str, list[object]],
    i: int,
    codes: list[str],
    modifiers: list[str],
    dates: list[str],
    units: list[object],
) -> int | None:
    code = columns["hcpcs"][i]
    mods = " ".join(str(columns["modifiers"][i]).split())
    day = columns["service_from"][i]
    quantity = columns["units"][i]
    fits = [
        row
        for row in rows
        if codes[row] == code
        and modifiers[row] == mods
        and (not day or dates[row] == day)
        and (quantity is None or units[row] == quantity)
    ]
    for row in fits:
        if count[row] == 0:
            return row
    return fits[0] if fits else None


class _State:
    """Sums of the payments matched to each line."""

    def __init__(self, n: int):
        self.paid = np.full(n, None, dtype=object)
        self.pr = np.full(n, None, dtype=object)
        self.carc: list[list[str]] = [[] for _ in range(n)]
        self.rarc: list[list[str]] = [[] for _ in range(n)]
        self.b6 = np.full(n, None, dtype=object)
        self.count = np.zeros(n, dtype=np.int64)
        self.where = np.full(n, None, dtype=object)

    def add(self, row: int, columns: dict[str, list[object]], i: int) -> None:
        first = self.count[row] == 0
        self.count[row] += 1
        paid = columns["paid"][i]
        pr = columns["patient_responsibility"][i]
        self.paid[row] = paid if first else self.paid[row] + paid
        self.pr[row] = pr if first else self.pr[row] + pr
        b6 = columns["allowed_b6"][i]
        if b6 is not None:
            self.b6[row] = b6 if self.b6[row] is None else self.b6[row] + b6
        for target, text in (
            (self.carc[row], columns["carc"][i]),
            (self.rarc[row], columns["rarc"][i]),
        ):
            for code in str(text or "").split():
                if code not in target:
                    target.append(code)
        if first:
            self.where[row] = f"{columns['file'][i]} segment {columns['segment'][i]}"

    def result(self, unmatched: pd.DataFrame) -> Matched:
        def joined(items: list[list[str]]) -> np.ndarray:
            return np.array([" ".join(x) if x else None for x in items] + [None], dtype=object)[:-1]

        return Matched(
            paid=self.paid,
            patient_responsibility=self.pr,
            carc=joined(self.carc),
            rarc=joined(self.rarc),
            allowed_b6=self.b6,
            remits=self.count,
            where=self.where,
            unmatched=unmatched,
        )
