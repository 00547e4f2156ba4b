"""Small generated inputs for the hostile cases: a valid episodes source, contract and price files.

Every builder writes into a folder it is given and returns the paths; cases change one thing.
Patient ids are distinctive (``MRN-...``) so a leak is found by a plain text search.
"""

from __future__ import annotations

from pathlib import Path

PATIENTS = ("MRN-884421", "MRN-551903")

THERAPIES = (
    "therapy_id,episode_id,patient_id,payer_id,hcpcs,start_date,end_date,"
    "dosing_interval_hours,site,daily_volume_ml\n"
    "T1,E1,MRN-884421,ACME,S9500,2025-01-01,2025-01-10,24,,\n"
    "T2,E2,MRN-551903,ACME,S9365,2025-01-05,2025-01-20,24,ais,1500\n"
)
VALID: dict[str, str] = {
    "therapies": THERAPIES,
    "holds": (
        "patient_id,therapy_id,start_date,end_date,reason\nMRN-884421,,2025-01-07,2025-01-08,inpt\n"
    ),
    "nursing": (
        "visit_id,episode_id,patient_id,visit_date,minutes,site\n"
        "V1,E1,MRN-884421,2025-01-01,150,\n"
        "V2,E2,MRN-551903,2025-01-06,90,home\n"
    ),
    "drugs": (
        "line_id,episode_id,therapy_id,service_date,hcpcs,ndc,units,billed_charge\n"
        "D1,E1,T1,2025-01-01,J3370,,8.125,120.00\n"
    ),
    "other": (
        "line_id,episode_id,hcpcs,service_date,units,billed_charge\nO1,E1,S5498,2025-01-01,10,150.00\n"
    ),
}

CONTRACT = """\
schema: infusionkit.contract/1
payer: Hostile Health
name: hostile test contract
effective: 2025-01-01
per_diem:
  rates: {S9500: 95.00, S9365: 250.00}
  default: unpriced
nursing: {rates: {"99601": 180.00, "99602": 80.00}, default: unpriced}
drugs: {basis: AWP, percent: -18}
other: {rates: {S5498: 12.00}, default: {percent_of_charges: 50}}
lesser_of_billed_charges: true
"""

DRUG_PRICES = (
    "hcpcs,ndc,basis,unit_price,effective_from,effective_to\n"
    "J3370,,AWP,6.12000,2024-01-01,2024-12-31\n"
    "J3370,,AWP,6.50000,2025-01-01,\n"
)
CHARGEMASTER = "hcpcs,unit_charge\nS9500,200.00\nS9365,400.00\n99601,250.00\n"


def episodes(folder: Path, **changes: str | None) -> Path:
    """The valid CSV tables in ``folder/episodes``; ``name=text`` replaces one (None: left out)."""
    target = folder / "episodes"
    target.mkdir(parents=True, exist_ok=True)
    for name, text in {**VALID, **changes}.items():
        if text is not None:
            path = target / (name if "." in name else f"{name}.csv")
            path.write_text(text, encoding="utf-8", newline="")
    return target


def rates(
    folder: Path, *, drug_prices: str | bytes | None = None, chargemaster: str | bytes | None = None
) -> Path:
    """A rates folder with drug_prices.csv and chargemaster.csv (given text replaces one)."""
    target = folder / "rates"
    target.mkdir(parents=True, exist_ok=True)
    for name, data in (
        ("drug_prices.csv", DRUG_PRICES if drug_prices is None else drug_prices),
        ("chargemaster.csv", CHARGEMASTER if chargemaster is None else chargemaster),
    ):
        path = target / name
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8", newline="")
    return target


def contract(folder: Path, text: str = CONTRACT, name: str = "contract.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def simulate_args(
    folder: Path,
    *,
    source: Path | None = None,
    contract_path: Path | None = None,
    rates_dir: Path | None = None,
    out: Path | None = None,
    extra: tuple[str, ...] = (),
) -> list[str]:
    """``simulate`` on the valid inputs, any of them replaced."""
    return [
        "simulate",
        str(source or episodes(folder)),
        "-c",
        str(contract_path or contract(folder)),
        "--rates",
        str(rates_dir or rates(folder)),
        "--out",
        str(out or folder / "out"),
        *extra,
    ]
