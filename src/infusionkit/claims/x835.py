"""X12 835 (005010X221A1) remittances → one row per service payment, exact money, with positions.

Per claim payment (CLP, loop 2100) and service payment (SVC, loop 2110):

======================  ========================================================================
column                  835 element
======================  ========================================================================
claim_id                CLP01 (the provider's patient control number = 837 CLM01)
claim_status            CLP02 (1 primary, 2 secondary, 4 denied, 22 reversal …)
hcpcs, modifiers        the submitted procedure: SVC06 when the payer adjudicated another code,
                        else SVC01 (``HC:code:mod…``); ``paid_hcpcs`` is SVC01's code
charge, paid            SVC02, SVC03
units                   the submitted units: SVC07 when given, else SVC05 (blank = 1)
service_from / _to      DTM*472, or DTM*150 / DTM*151, else the claim's DTM*232 / DTM*233
patient_responsibility  sum of the CAS amounts of group PR
carc                    every CAS group-reason pair, e.g. ``CO-45 PR-2``
rarc                    LQ*HE remark codes
allowed_b6              AMT*B6 (the payer's stated allowed amount)
line_control            REF*6R (the 837 line control number)
======================  ========================================================================

A claim payment with no SVC loop (a claim denied as a whole) is one row with ``level`` "claim"
and the claim's own amounts and adjustments. Patient names and member ids (NM1*QC, NM1*IL) are
not read. Provider-level adjustments (PLB) are summed per file: they belong to no claim line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pandas as pd

from infusionkit.claims.x12 import Segment, X12File, paused_gc, read_x12
from infusionkit.claims.x837 import x12_date
from infusionkit.errors import InputError, InputErrors
from infusionkit.money import MoneyError, parse_money

KIND = "835"
VERSION = "005010X221A1"
COLUMNS = (
    "file",
    "segment",
    "level",
    "claim_id",
    "claim_status",
    "payer_claim_id",
    "hcpcs",
    "modifiers",
    "paid_hcpcs",
    "units",
    "service_from",
    "service_to",
    "charge",
    "paid",
    "patient_responsibility",
    "carc",
    "rarc",
    "allowed_b6",
    "line_control",
    "claim_carc",
)
ZERO = Decimal(0)
_PLAIN_MONEY = re.compile(r"-?\d{1,15}(\.\d{1,2})?$")
_READ = frozenset({"CLP", "SVC", "CAS", "DTM", "REF", "AMT", "LQ", "SE", "LX", "PLB"})


@dataclass(frozen=True, eq=False)
class Remittances:
    """Service payments of one or more 835 files, in file order (columns :data:`COLUMNS`).

    Money columns hold exact :class:`~decimal.Decimal` values; dates are ISO text ("" unknown).
    ``provider_adjustments`` is the PLB total of each file (not attributable to a claim line).
    """

    frame: pd.DataFrame
    files: tuple[Path, ...] = ()
    provider_adjustments: dict[str, Decimal] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.frame)


def load_remits(paths: list[str | Path] | str | Path) -> Remittances:
    """Read 835 files (a file, a folder of files starting with ISA, or a list of either)."""
    from infusionkit.claims.x12 import looks_like_x12

    items = paths if isinstance(paths, list) else [paths]
    files: list[Path] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and looks_like_x12(p))
            if not found:
                raise InputErrors(
                    [InputError(file=str(path), message="no 835 file (content starting with ISA)")]
                )
            files.extend(found)
        elif not path.exists():
            raise InputErrors([InputError(file=str(path), message="remittance file not found")])
        else:
            files.append(path)
    reader = _Reader()
    with paused_gc():
        for file in files:
            reader.read(read_x12(file, kind=KIND, version=VERSION))
    if reader.errors:
        raise InputErrors(reader.errors)
    frame = pd.DataFrame(reader.rows, columns=list(COLUMNS))
    return Remittances(frame, tuple(files), reader.plb)


class _Reader:
    def __init__(self) -> None:
        self.rows: list[list[object]] = []
        self.errors: list[InputError] = []
        self.plb: dict[str, Decimal] = {}

    def read(self, parsed: X12File) -> None:
        for transaction in parsed.transactions:
            self._transaction(parsed, transaction.segments)

    def problem(
        self,
        file: str,
        segment: Segment,
        message: str,
        *,
        column: str | None = None,
        allowed: str | None = None,
    ) -> None:
        """An input error at ``segment`` of ``file`` (all are raised together at the end)."""
        self.errors.append(
            InputError(
                file=file,
                segment=segment.position,
                column=column,
                message=message,
                allowed=allowed,
            )
        )

    def money(
        self, file: str, segment: Segment, n: int, *, blank: Decimal | None = None
    ) -> Decimal:
        elements = segment.elements
        text = elements[n] if n < len(elements) else ""
        if _PLAIN_MONEY.match(text):
            return Decimal(text)
        text = text.strip()
        if not text and blank is not None:
            return blank
        try:
            return parse_money(text)
        except MoneyError as exc:
            self.problem(
                file,
                segment,
                str(exc) if text else "required amount is blank",
                column=f"{segment.id}{n:02d}",
                allowed="dollars with at most 2 decimals",
            )
            return ZERO

    def _transaction(self, parsed: X12File, segments: list[Segment]) -> None:
        file = parsed.path
        claim: dict[str, object] | None = None
        service: list[object] | None = None
        services = 0
        for segment in segments:
            sid = segment.id
            if sid not in _READ:
                continue
            if sid in ("CLP", "SE", "LX", "PLB"):
                if service is not None:
                    self._end_service(service)
                    service = None
                if claim is not None and services == 0:
                    self.rows.append(self._claim_row(claim))
            if sid == "CLP":
                claim = self._claim(file, segment)
                services = 0
            elif sid == "SVC":
                if claim is None:
                    self.problem(
                        file, segment, "service payment (SVC) outside a claim payment (no CLP)"
                    )
                    continue
                if service is not None:
                    self._end_service(service)
                service = self._service(parsed, segment, claim)
                services += 1
            elif sid == "PLB":
                for n in range(4, len(segment.elements), 2):
                    amount = self.money(file, segment, n, blank=ZERO)
                    self.plb[file] = self.plb.get(file, ZERO) + amount
            elif service is not None:
                elements = segment.elements
                if len(elements) < 3:
                    continue
                qualifier = elements[1]
                if sid == "CAS":
                    service[15] += self._cas(file, segment)  # type: ignore[operator]
                elif sid == "DTM":
                    if qualifier == "472" or qualifier == "150":
                        day = elements[2].strip()
                        service[10] = f"{day[:4]}-{day[4:6]}-{day[6:]}" if len(day) == 8 else day
                        if qualifier == "472" or not service[11]:
                            service[11] = service[10]
                    elif qualifier == "151":
                        service[11] = x12_date(elements[2].strip())
                elif sid == "REF" and qualifier == "6R":
                    service[18] = elements[2].strip()
                elif sid == "AMT" and qualifier == "B6":
                    service[17] = self.money(file, segment, 2)
                elif sid == "LQ" and qualifier == "HE":
                    service[16].append(elements[2].strip())  # type: ignore[attr-defined]
            elif claim is not None:
                self._claim_detail(file, segment, claim)
            if sid in ("SE", "LX", "PLB"):
                claim = None

    def _claim(self, file: str, segment: Segment) -> dict[str, object]:
        claim_id = segment.element(1)
        if not claim_id:
            self.problem(
                file,
                segment,
                "claim payment without a claim id (patient control number)",
                column="CLP01",
            )
        return {
            "file": file,
            "segment": segment.position,
            "claim_id": claim_id,
            "status": segment.element(2),
            "charge": self.money(file, segment, 3),
            "paid": self.money(file, segment, 4),
            "pr": self.money(file, segment, 5, blank=ZERO),
            "payer_claim_id": segment.element(7),
            "cas": [],
            "from": "",
            "to": "",
        }

    def _claim_detail(self, file: str, segment: Segment, claim: dict[str, object]) -> None:
        if segment.id == "CAS":
            claim["cas"] += self._cas(file, segment)  # type: ignore[operator]
        elif segment.id == "DTM" and segment.element(1) in ("232", "233"):
            claim["from" if segment.element(1) == "232" else "to"] = x12_date(segment.element(2))

    def _claim_row(self, claim: dict[str, object]) -> list[object]:
        cas: list[tuple[str, str, Decimal]] = claim["cas"]  # type: ignore[assignment]
        pairs = " ".join(f"{g}-{r}" for g, r, _ in cas)
        start = claim["from"]
        return [
            claim["file"],
            claim["segment"],
            "claim",
            claim["claim_id"],
            claim["status"],
            claim["payer_claim_id"],
            "",
            "",
            "",
            None,
            start,
            claim["to"] or start,
            claim["charge"],
            claim["paid"],
            claim["pr"],
            pairs,
            "",
            None,
            "",
            pairs,
        ]

    def _service(self, parsed: X12File, segment: Segment, claim: dict[str, object]) -> list[object]:
        file = parsed.path
        elements = segment.elements + [""] * (8 - len(segment.elements))
        paid_code = parsed.components(elements[1])
        original = parsed.components(elements[6]) if elements[6].strip() else paid_code
        if len(paid_code) < 2 or paid_code[0] not in ("HC", ""):
            self.problem(
                file,
                segment,
                f"procedure {segment.element(1)!r} is not a HCPCS (HC) code",
                column="SVC01",
                allowed="HC:code[:modifiers]",
            )
        units_text = elements[7].strip() or elements[5].strip() or "1"
        try:
            units = Decimal(units_text)
        except ArithmeticError:
            units = None
        if units is None or not units.is_finite():
            self.problem(file, segment, f"{units_text!r} is not a number of units", column="SVC05")
        claim_cas: list[tuple[str, str, Decimal]] = claim["cas"]  # type: ignore[assignment]
        return [
            file,
            segment.position,
            "service",
            claim["claim_id"],
            claim["status"],
            claim["payer_claim_id"],
            original[1] if len(original) > 1 else "",
            " ".join(p for p in original[2:6] if p),
            paid_code[1] if len(paid_code) > 1 else "",
            units,
            claim["from"],
            claim["to"] or claim["from"],
            self.money(file, segment, 2),
            self.money(file, segment, 3),
            [],
            [],
            [],
            None,
            "",
            " ".join(f"{g}-{r}" for g, r, _ in claim_cas),
        ]

    def _end_service(self, service: list[object]) -> None:
        cas: list[tuple[str, str, Decimal]] = service[15]  # type: ignore[assignment]
        service[14] = sum((a for g, _, a in cas if g == "PR"), ZERO)
        service[15] = " ".join(f"{g}-{r}" for g, r, _ in cas)
        service[16] = " ".join(service[16])  # type: ignore[arg-type]
        self.rows.append(service)

    def _cas(self, file: str, segment: Segment) -> list[tuple[str, str, Decimal]]:
        group = segment.element(1)
        if group not in ("CO", "PR", "OA", "PI", "CR"):
            self.problem(
                file,
                segment,
                f"adjustment group {group!r} is not known",
                column="CAS01",
                allowed="CO, PR, OA, PI, CR",
            )
        items = []
        elements = segment.elements
        for n in range(2, min(len(elements), 20), 3):
            reason = elements[n].strip()
            if reason:
                items.append((group, reason, self.money(file, segment, n + 1)))
        if not items:
            self.problem(file, segment, "adjustment without a reason code", column="CAS02")
        return items
