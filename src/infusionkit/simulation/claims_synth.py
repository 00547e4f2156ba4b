"""Illustrative claims history and remittances for the sample data (``rate_models/sample_claims``).

The claims are the sample episodes coded and priced under the current sample contract, as a
billing system would bill them: one claim per patient, payer and calendar month, billed charges
from the chargemaster. The 835 pays the ACME claims with a realistic mix, each case made on
purpose so the variance worklist has something to find:

- most lines paid as expected (CO-45 write-off of billed − allowed; PR-2 coinsurance on
  nursing visits);
- per diem days underpaid by $5 a day (an old rate) on three claims;
- SH days paid at half the contract's SH percentage on three claims;
- a drug line denied (CO-197, RARC N54), and one claim denied as a whole (CO-29, no SVC);
- a partial payment: a per diem line paid for three days fewer than billed (CO-151, RARC N362);
- one line overpaid by $10;
- unpriced lines (no contract rate) paid at $400 by the payer;
- a payment for a kit that was never billed on its claim, and one for an unknown claim
  (unmatched payments);
- the last month's claims not yet paid (no remittance); REF*6R left out on every fifth claim.

Everything is invented: patients, names, identifiers and amounts. Regenerate with
``python -m infusionkit.simulation.claims_synth rate_models/sample_claims``.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from infusionkit.claims.columns import BILLED_COLUMNS
from infusionkit.claims.x12_write import RemitClaim, RemitService, write_835, write_837
from infusionkit.files import write_atomic
from infusionkit.money import plain_number, round_cents

if TYPE_CHECKING:
    from infusionkit.claims import ClaimLines
    from infusionkit.simulation.run import Simulation

_ORDER = {"per_diem": 0, "infrequent": 1, "nursing": 2, "drug": 3, "other": 4}
_SURNAMES = (
    "ABERNATHY",
    "BALOGUN",
    "CASTELLANO",
    "DUBROVSKY",
    "EKWUEME",
    "FAIRWEATHER",
    "GALLAGHER",
    "HOLLOWAY",
    "IBARRA",
    "JANKOWSKI",
    "KOWALCZYK",
    "LINDQVIST",
)
_GIVEN = ("AUGUSTINE", "BEATRIX", "CORNELIUS", "DELPHINE", "EVANDER", "FLORENTINE", "GIDEON")
ZERO = Decimal(0)
PAYER = "ACME"


def fictional_name(patient_id: str) -> tuple[str, str]:
    """A made-up (last, first) name for a sample patient id, the same every time."""
    number = sum(ord(c) * (i + 1) for i, c in enumerate(patient_id))
    return _SURNAMES[number % len(_SURNAMES)], _GIVEN[number % len(_GIVEN)]


def claims_from_simulation(sim: Simulation, scenario: str | None = None) -> pd.DataFrame:
    """The scenario's claim lines as ``claim_lines`` rows (``sim`` made with include_phi)."""
    name = scenario or sim.names[0]
    lines = sim.scenario_lines(name).to_pandas()
    episodes = sim.episodes
    therapies = episodes.therapies
    payer_of = dict(zip(therapies["episode_id"], therapies["payer_id"].fillna(""), strict=True))
    ndc_of = dict(zip(episodes.drugs["source_line"], episodes.drugs["ndc"], strict=True))
    frame = pd.DataFrame(
        {
            "patient_id": lines["patient_ref"],
            "payer_id": lines["episode_id"].map(payer_of).fillna(""),
            "service_from": pd.to_datetime(lines["service_from"]),
            "service_to": pd.to_datetime(lines["service_to"]),
            "hcpcs": lines["hcpcs"].astype(str),
            "modifiers": lines["modifiers"].astype(str),
            "units": lines["units"],
            "billed_charge": [
                billed if billed is not None else _markup(allowed)
                for billed, allowed in zip(lines["billed_charge"], lines["allowed"], strict=True)
            ],
            "ndc": [
                ndc_of.get(s) if t == "drug" else None
                for s, t in zip(lines["source_line"], lines["line_type"], strict=True)
            ],
            "line_type": lines["line_type"].astype(str),
            "order": lines["line_type"].astype(str).map(_ORDER),
        }
    )
    frame["month"] = frame["service_from"].dt.strftime("%Y-%m")
    frame = frame.sort_values(
        ["patient_id", "payer_id", "month", "service_from", "order", "hcpcs", "modifiers"],
        kind="stable",
    ).reset_index(drop=True)
    claim = frame.groupby(["patient_id", "payer_id", "month"], sort=False).ngroup()
    frame["claim_id"] = [f"CL{c + 1:06d}" for c in claim]
    frame["line_number"] = frame.groupby("claim_id").cumcount() + 1
    frame["ndc"] = frame["ndc"].where(frame["ndc"].notna(), None)
    return frame[list(BILLED_COLUMNS)]


def _markup(allowed: Decimal | None) -> Decimal:
    """A billed charge for a line the sample gives none (drugs): 1.5 × its allowed amount."""
    return round_cents(allowed * Decimal("1.5")) if allowed is not None else ZERO


@dataclass(frozen=True)
class _Line:
    row: int
    claim_id: str
    line_number: int
    hcpcs: str
    modifiers: tuple[str, ...]
    units: Decimal
    charge: Decimal
    start: date
    end: date
    line_type: str
    expected: Decimal | None


def _cents(value: Decimal) -> Decimal:
    return round_cents(value)


def _service(
    line: _Line,
    paid: Decimal,
    pr: Decimal = ZERO,
    *,
    ref: bool = True,
    extra: tuple[tuple[str, str, Decimal], ...] = (),
    remarks: tuple[str, ...] = (),
    paid_units: Decimal | None = None,
) -> RemitService:
    paid, pr = _cents(paid), _cents(pr)
    extra = tuple((group, reason, _cents(amount)) for group, reason, amount in extra)
    adjustments: list[tuple[str, str, Decimal]] = list(extra)
    write_off = line.charge - paid - pr - sum((a for _, _, a in extra), ZERO)
    if write_off:
        adjustments.insert(0, ("CO", "45", write_off))
    if pr:
        adjustments.append(("PR", "2", pr))
    return RemitService(
        hcpcs=line.hcpcs,
        modifiers=line.modifiers,
        charge=line.charge,
        paid=paid,
        units=line.units,
        service_from=line.start,
        service_to=line.end,
        adjustments=tuple(adjustments),
        line_control=str(line.line_number) if ref else None,
        allowed=paid + pr,
        remarks=remarks,
        paid_units=paid_units,
    )


def sample_remittances(claims: pd.DataFrame, expected: list[Decimal | None]) -> list[RemitClaim]:
    """The 835 claim payments of the sample (see the module docstring for the cases)."""
    rng = random.Random(2025)
    lines = [
        _Line(
            i,
            r.claim_id,
            int(r.line_number),
            r.hcpcs,
            tuple(str(r.modifiers or "").split()),
            Decimal(r.units),
            Decimal(r.billed_charge),
            r.service_from.date(),
            r.service_to.date(),
            r.line_type,
            expected[i],
        )
        for i, r in enumerate(claims.itertuples(index=False))
    ]
    by_claim: dict[str, list[_Line]] = {}
    payer = dict(zip(claims["claim_id"], claims["payer_id"], strict=False))
    patient = dict(zip(claims["claim_id"], claims["patient_id"], strict=False))
    for line in lines:
        by_claim.setdefault(line.claim_id, []).append(line)
    last_month = max(line.start for line in lines).strftime("%Y-%m")
    paid_claims = [
        c
        for c, ls in by_claim.items()
        if payer[c] == PAYER and ls[0].start.strftime("%Y-%m") != last_month
    ]
    cases = _pick_cases(paid_claims, by_claim)
    result = []
    for number, claim_id in enumerate(paid_claims):
        services = []
        ref = number % 5 != 4
        if claim_id == cases["claim_denial"]:
            charge = sum((x.charge for x in by_claim[claim_id]), ZERO)
            result.append(
                RemitClaim(
                    claim_id,
                    "4",
                    charge,
                    ZERO,
                    ZERO,
                    f"PCN{number:07d}",
                    fictional_name(patient[claim_id]),
                    patient[claim_id],
                    adjustments=(("CO", "29", charge),),
                )
            )
            continue
        for line in by_claim[claim_id]:
            services.append(_pay(line, cases, ref, rng))
        if claim_id == cases["unbilled_kit"]:
            first = by_claim[claim_id][0]
            kit = _Line(
                -1,
                claim_id,
                99,
                "S5520",
                (),
                Decimal(1),
                Decimal("150.00"),
                first.start,
                first.start,
                "other",
                Decimal("95.00"),
            )
            services.append(_service(kit, Decimal("95.00"), ref=False))
        result.append(_claim(claim_id, number, services, patient[claim_id]))
    first = lines[0]
    stray = _Line(
        -1,
        "CL999999",
        1,
        "S9500",
        (),
        Decimal(5),
        Decimal("600.00"),
        first.start,
        first.start,
        "per_diem",
        Decimal("425.00"),
    )
    result.append(_claim("CL999999", len(result), [_service(stray, Decimal("425.00"))], "P999999"))
    return result


def _claim(claim_id: str, number: int, services: list[RemitService], patient: str) -> RemitClaim:
    charge = sum((s.charge for s in services), ZERO)
    paid = sum((s.paid for s in services), ZERO)
    pr = sum((a for s in services for g, _, a in s.adjustments if g == "PR"), ZERO)
    return RemitClaim(
        claim_id,
        "1",
        charge,
        paid,
        pr,
        f"PCN{number:07d}",
        fictional_name(patient),
        patient,
        services=tuple(services),
    )


def _pick_cases(paid_claims: list[str], by_claim: dict[str, list[_Line]]) -> dict[str, object]:
    def having(test: object, count: int, skip: set[str]) -> list[str]:
        found = [c for c in paid_claims if c not in skip and any(test(x) for x in by_claim[c])]  # type: ignore[operator]
        return found[:count]

    used: set[str] = set()
    plain = having(lambda x: x.line_type == "per_diem" and not x.modifiers and x.expected, 3, used)
    used |= set(plain)
    second = having(lambda x: "SH" in x.modifiers and x.expected, 3, used)
    used |= set(second)
    drug = having(lambda x: x.line_type == "drug" and x.expected, 1, used)
    used |= set(drug)
    partial = having(
        lambda x: x.line_type == "per_diem" and x.units >= 10 and x.expected and not x.modifiers,
        1,
        used,
    )
    used |= set(partial)
    over = having(lambda x: x.line_type == "nursing" and x.expected, 1, used)
    used |= set(over)
    rest = [c for c in paid_claims if c not in used]
    return {
        "underpaid": set(plain),
        "wrong_sh": set(second),
        "denied_drug": set(drug),
        "partial": set(partial),
        "overpaid": set(over),
        "claim_denial": rest[len(rest) // 2] if rest else None,
        "unbilled_kit": rest[len(rest) // 3] if rest else None,
    }


def _pay(line: _Line, cases: dict[str, object], ref: bool, rng: random.Random) -> RemitService:
    claim = line.claim_id

    def inside(name: str) -> bool:
        return claim in cases[name]  # type: ignore[operator]

    expected = line.expected
    if expected is None:
        return _service(
            line, Decimal("400.00") if line.line_type == "infrequent" else ZERO, ref=ref
        )
    if inside("underpaid") and line.line_type == "per_diem" and not line.modifiers:
        return _service(line, max(expected - 5 * line.units, ZERO), ref=ref)
    if inside("wrong_sh") and "SH" in line.modifiers:
        return _service(line, _cents(expected / 2), ref=ref)
    if inside("denied_drug") and line.line_type == "drug":
        return _service(line, ZERO, ref=ref, extra=(("CO", "197", line.charge),), remarks=("N54",))
    if inside("partial") and line.line_type == "per_diem" and line.units >= 10:
        short = Decimal(3)
        paid = _cents(expected * (line.units - short) / line.units)
        return _service(
            line,
            paid,
            ref=ref,
            extra=(("CO", "151", expected - paid),),
            remarks=("N362",),
            paid_units=line.units - short,
        )
    if inside("overpaid") and line.line_type == "nursing":
        return _service(line, expected + 10, ref=ref)
    if line.line_type == "nursing" and rng.random() < 0.5:
        pr = (expected * Decimal("0.2")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return _service(line, expected - pr, pr, ref=ref)
    return _service(line, expected, ref=ref)


def write_sample(out: Path, rates: Path | None = None) -> list[Path]:
    """Write the sample claims (CSV and 837P) and the 835 into ``out``."""
    from infusionkit.simulation import simulate
    from infusionkit.simulation.reprice import reprice

    rates = rates or Path(__file__).resolve().parents[3] / "rate_models"
    sim = simulate(rates / "sample_episodes", [rates / "acme_current.yaml"], include_phi=True)
    claims = claims_from_simulation(sim)
    priced = reprice(_typed(claims), [rates / "acme_current.yaml"], include_phi=True)
    expected = priced.table["allowed"].to_pylist()
    names = {p: fictional_name(p) for p in claims["patient_id"].unique()}
    text = claims.copy()
    text["service_from"] = text["service_from"].dt.strftime("%Y-%m-%d")
    text["service_to"] = text["service_to"].dt.strftime("%Y-%m-%d")
    text["units"] = [plain_number(u) for u in text["units"]]
    return [
        write_atomic(out / "claim_lines.csv", text.to_csv(index=False, lineterminator="\n")),
        write_atomic(out / "acme_2025.837p.x12", write_837(_typed(claims).frame, names=names)),
        write_atomic(out / "acme_2025.835.x12", write_835(sample_remittances(claims, expected))),
    ]


def _typed(claims: pd.DataFrame) -> ClaimLines:
    """The rows as a validated :class:`~infusionkit.claims.ClaimLines` (through the loader)."""
    import tempfile

    from infusionkit.claims import load_claims

    with tempfile.TemporaryDirectory() as folder:
        text = claims.copy()
        text["service_from"] = text["service_from"].dt.strftime("%Y-%m-%d")
        text["service_to"] = text["service_to"].dt.strftime("%Y-%m-%d")
        text.to_csv(Path(folder) / "claim_lines.csv", index=False)
        return load_claims(folder)


def main(argv: list[str] | None = None) -> None:
    """Regenerate the sample: ``python -m infusionkit.simulation.claims_synth [OUT]``."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else Path("rate_models/sample_claims")
    for path in write_sample(out):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
