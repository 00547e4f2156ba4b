"""Write 837P and 835 files (for sample data and tests): the segments our readers read.

The output is a plausible 005010 interchange (envelopes, counts, the loops our readers use); it is
not a certified implementation of the guides. Every identifier in it (submitter, provider, NPI,
tax id, trace numbers) is invented.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pandas as pd

from infusionkit.money import plain_number

_ELEMENT, _COMPONENT, _REPETITION, _SEGMENT = "*", ":", "^", "~"


def _money(value: Decimal) -> str:
    return format(value, "f")


def _d8(day: date) -> str:
    return day.strftime("%Y%m%d")


def _dates(start: date, end: date) -> list[str]:
    if start == end:
        return ["D8", _d8(start)]
    return ["RD8", f"{_d8(start)}-{_d8(end)}"]


class _Writer:
    def __init__(self) -> None:
        self.segments: list[str] = []

    def add(self, *elements: object) -> None:
        parts = ["" if e is None else str(e) for e in elements]
        while parts and parts[-1] == "":
            parts.pop()
        self.segments.append(_ELEMENT.join(parts))

    def text(self) -> str:
        return "".join(f"{s}{_SEGMENT}\n" for s in self.segments)


def _isa(writer: _Writer, sender: str, receiver: str, when: date, control: int) -> None:
    writer.add(
        "ISA",
        "00",
        " " * 10,
        "00",
        " " * 10,
        "ZZ",
        sender.ljust(15),
        "ZZ",
        receiver.ljust(15),
        when.strftime("%y%m%d"),
        "1200",
        _REPETITION,
        "00501",
        f"{control:09d}",
        "0",
        "P",
        _COMPONENT,
    )


def _close(writer: _Writer, st_index: int, control: int) -> None:
    count = len(writer.segments) - st_index + 1
    writer.add("SE", count, "0001")
    writer.add("GE", 1, 1)
    writer.add("IEA", 1, f"{control:09d}")


def write_837(
    lines: pd.DataFrame,
    *,
    names: Mapping[str, tuple[str, str]] | None = None,
    when: date = date(2026, 1, 15),
    control: int = 1,
) -> str:
    """An 837P interchange of claim lines (typed ``claim_lines`` columns), claims in row order.

    ``names`` gives each patient_id a (last, first) name for NM1*IL; the member id is the
    patient_id. Lines of one claim must share patient and payer.
    """
    writer = _Writer()
    _isa(writer, "SAMPLEHIT", "ACMEHP", when, control)
    writer.add("GS", "HC", "SAMPLEHIT", "ACMEHP", _d8(when), "1200", 1, "X", "005010X222A1")
    st_index = len(writer.segments)
    writer.add("ST", "837", "0001", "005010X222A1")
    writer.add("BHT", "0019", "00", f"B{control:06d}", _d8(when), "1200", "CH")
    writer.add("NM1", "41", "2", "SAMPLE HOME INFUSION", "", "", "", "", "46", "SUBMIT01")
    writer.add("PER", "IC", "BILLING OFFICE", "TE", "5555550100")
    writer.add("NM1", "40", "2", "ACME HEALTH PLAN", "", "", "", "", "46", "ACMEHP")
    writer.add("HL", 1, "", "20", 1)
    writer.add("PRV", "BI", "PXC", "3336H0001X")
    writer.add("NM1", "85", "2", "SAMPLE HOME INFUSION", "", "", "", "", "XX", "1234567893")
    writer.add("N3", "1 SAMPLE WAY")
    writer.add("N4", "SPRINGFIELD", "IL", "62701")
    writer.add("REF", "EI", "123456789")
    level = 1
    frame = lines.reset_index(drop=True)
    order = pd.unique(frame["claim_id"])
    by_claim = {cid: part for cid, part in frame.groupby("claim_id", sort=False)}
    subscriber: tuple[str, str] | None = None
    for claim_id in order:
        claim = by_claim[claim_id]
        first = claim.iloc[0]
        key = (str(first["patient_id"]), str(first["payer_id"] or ""))
        if key != subscriber:
            subscriber = key
            level += 1
            last, given = (names or {}).get(key[0], ("PATIENT", "SAMPLE"))
            writer.add("HL", level, 1, "22", 0)
            writer.add("SBR", "P", "18", "", "", "", "", "", "", "CI")
            writer.add("NM1", "IL", "1", last, given, "", "", "", "MI", key[0])
            writer.add("NM1", "PR", "2", "ACME HEALTH PLAN", "", "", "", "", "PI", key[1])
        total = sum((Decimal(v) for v in claim["billed_charge"]), Decimal(0))
        writer.add("CLM", claim_id, _money(total), "", "", "12:B:1", "Y", "A", "Y", "Y")
        writer.add("HI", "ABK:Z452")
        for _, line in claim.iterrows():
            _line_837(writer, line)
    _close(writer, st_index, control)
    return writer.text()


def _line_837(writer: _Writer, line: pd.Series) -> None:
    modifiers = str(line["modifiers"]).split() if pd.notna(line["modifiers"]) else []
    procedure = _COMPONENT.join(["HC", str(line["hcpcs"]), *modifiers])
    writer.add("LX", int(line["line_number"]))
    units = plain_number(Decimal(line["units"]))
    writer.add("SV1", procedure, _money(Decimal(line["billed_charge"])), "UN", units, "", "", "1")
    start = pd.Timestamp(line["service_from"]).date()
    end = pd.Timestamp(line["service_to"]).date() if pd.notna(line["service_to"]) else start
    writer.add("DTP", "472", *_dates(start, end))
    writer.add("REF", "6R", int(line["line_number"]))
    if pd.notna(line.get("ndc")) and line.get("ndc"):
        writer.add("LIN", "", "N4", line["ndc"])
        writer.add("CTP", "", "", "", units, "UN")


@dataclass(frozen=True)
class RemitService:
    """One SVC loop of an 835."""

    hcpcs: str
    modifiers: tuple[str, ...]
    charge: Decimal
    paid: Decimal
    units: Decimal
    service_from: date
    service_to: date
    adjustments: tuple[tuple[str, str, Decimal], ...] = ()  # (group, reason, amount)
    line_control: str | None = None
    allowed: Decimal | None = None  # AMT*B6
    remarks: tuple[str, ...] = ()  # LQ*HE
    paid_units: Decimal | None = None  # SVC05 when the payer paid other units (SVC07 = units)


@dataclass(frozen=True)
class RemitClaim:
    """One CLP loop of an 835."""

    claim_id: str
    status: str  # CLP02: 1 processed as primary, 4 denied, 22 reversal ...
    charge: Decimal
    paid: Decimal
    patient_responsibility: Decimal
    payer_claim_id: str
    patient_name: tuple[str, str] = ("PATIENT", "SAMPLE")
    member_id: str = ""
    services: tuple[RemitService, ...] = ()
    adjustments: tuple[tuple[str, str, Decimal], ...] = ()  # claim-level CAS
    extra: dict[str, str] = field(default_factory=dict)


def _cas(writer: _Writer, adjustments: Iterable[tuple[str, str, Decimal]]) -> None:
    by_group: dict[str, list[tuple[str, Decimal]]] = {}
    for group, reason, amount in adjustments:
        by_group.setdefault(group, []).append((reason, amount))
    for group, items in by_group.items():
        for start in range(0, len(items), 6):
            elements: list[object] = ["CAS", group]
            for reason, amount in items[start : start + 6]:
                elements += [reason, _money(amount), ""]
            writer.add(*elements)


def write_835(
    claims: Iterable[RemitClaim], *, paid_on: date = date(2026, 2, 10), control: int = 2
) -> str:
    """An 835 interchange with one payment (BPR) covering ``claims``."""
    claims = list(claims)
    writer = _Writer()
    _isa(writer, "ACMEHP", "SAMPLEHIT", paid_on, control)
    writer.add("GS", "HP", "ACMEHP", "SAMPLEHIT", _d8(paid_on), "1200", 1, "X", "005010X221A1")
    st_index = len(writer.segments)
    writer.add("ST", "835", "0001")
    total = sum((c.paid for c in claims), Decimal(0))
    writer.add(
        "BPR",
        "I",
        _money(total),
        "C",
        "ACH",
        "CCP",
        "01",
        "999999999",
        "DA",
        "000123456",
        "1512345678",
        "",
        "01",
        "999999999",
        "DA",
        "000654321",
        _d8(paid_on),
    )
    writer.add("TRN", "1", f"EFT{control:07d}", "1512345678")
    writer.add("DTM", "405", _d8(paid_on))
    writer.add("N1", "PR", "ACME HEALTH PLAN")
    writer.add("N3", "100 PAYER PLAZA")
    writer.add("N4", "SPRINGFIELD", "IL", "62701")
    writer.add("PER", "BL", "PROVIDER SERVICES", "TE", "5555550199")
    writer.add("N1", "PE", "SAMPLE HOME INFUSION", "XX", "1234567893")
    writer.add("LX", 1)
    for claim in claims:
        writer.add(
            "CLP",
            claim.claim_id,
            claim.status,
            _money(claim.charge),
            _money(claim.paid),
            _money(claim.patient_responsibility),
            "12",
            claim.payer_claim_id,
        )
        _cas(writer, claim.adjustments)
        last, first = claim.patient_name
        writer.add("NM1", "QC", "1", last, first, "", "", "", "MI", claim.member_id)
        for service in claim.services:
            procedure = _COMPONENT.join(["HC", service.hcpcs, *service.modifiers])
            units = [plain_number(service.units)]  # SVC05: units paid, SVC07: units billed
            if service.paid_units is not None and service.paid_units != service.units:
                units = [plain_number(service.paid_units), "", *units]
            writer.add("SVC", procedure, _money(service.charge), _money(service.paid), "", *units)
            if service.service_from == service.service_to:
                writer.add("DTM", "472", _d8(service.service_from))
            else:
                writer.add("DTM", "150", _d8(service.service_from))
                writer.add("DTM", "151", _d8(service.service_to))
            _cas(writer, service.adjustments)
            if service.line_control:
                writer.add("REF", "6R", service.line_control)
            if service.allowed is not None:
                writer.add("AMT", "B6", _money(service.allowed))
            for remark in service.remarks:
                writer.add("LQ", "HE", remark)
    _close(writer, st_index, control)
    return writer.text()
