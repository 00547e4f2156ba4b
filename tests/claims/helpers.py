"""Small builders for claims tests: claim_lines CSV files, 837P and 835 texts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from infusionkit.claims.x12_write import RemitClaim, RemitService

RATES = Path(__file__).resolve().parents[2] / "rate_models"
CURRENT = RATES / "acme_current.yaml"
PROPOSED = RATES / "acme_proposed.yaml"
SAMPLE = RATES / "sample_claims"
HEADER = (
    "claim_id,line_number,patient_id,payer_id,service_from,service_to,hcpcs,modifiers,units,"
    "billed_charge,ndc,line_type"
)


def write_claims(folder: Path, rows: list[str], header: str = HEADER) -> Path:
    """``folder/claim_lines.csv`` with ``rows`` (CSV text lines); returns the file."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "claim_lines.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def service(
    code: str,
    charge: str,
    paid: str,
    units: str,
    day: date,
    *,
    mods: tuple[str, ...] = (),
    end: date | None = None,
    adjustments: tuple[tuple[str, str, str], ...] = (),
    ref: str | None = None,
    remarks: tuple[str, ...] = (),
) -> RemitService:
    """An SVC loop; adjustment amounts as text."""
    return RemitService(
        code,
        mods,
        Decimal(charge),
        Decimal(paid),
        Decimal(units),
        day,
        end or day,
        tuple((g, r, Decimal(a)) for g, r, a in adjustments),
        ref,
        None,
        remarks,
    )


def claim(claim_id: str, *services: RemitService, status: str = "1", **extra: object) -> RemitClaim:
    """A CLP loop whose totals are the sums of its services."""
    charge = sum((s.charge for s in services), Decimal(0))
    paid = sum((s.paid for s in services), Decimal(0))
    pr = sum((a for s in services for g, _, a in s.adjustments if g == "PR"), Decimal(0))
    return RemitClaim(
        claim_id, status, charge, paid, pr, f"PCN-{claim_id}", services=services, **extra
    )  # type: ignore[arg-type]
