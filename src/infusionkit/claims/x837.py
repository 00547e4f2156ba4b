"""X12 837P (005010X222A1) professional claims → ``claim_lines`` rows as text, with positions.

Read per claim (CLM, loop 2300) and service line (LX/SV1, loop 2400):

=====================  ==============================================================
claim_lines column     837P element
=====================  ==============================================================
claim_id               CLM01 (patient control number)
line_number            LX01
patient_id             subscriber member id NM109 of NM1*IL (loop 2010BA); a dependent
                       patient (loop 2000C) adds name and birth date, so siblings differ
payer_id               NM109 of NM1*PR (loop 2010BB)
service_from / _to     DTP*472 (D8 date or RD8 range)
hcpcs, modifiers       SV101-2, SV101-3 … SV101-6 (qualifier HC)
billed_charge, units   SV102, SV104 (unit basis SV103 UN)
ndc                    LIN03 when LIN02 is N4
=====================  ==============================================================

The patient's names and member id are PHI: they only form ``patient_id`` (pseudonymised on
output) and never appear in a message. Each row keeps the position of every segment it came
from so validation can name the segment and element of a bad value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from infusionkit.claims.x12 import Segment, X12File, paused_gc, read_x12
from infusionkit.errors import InputError

KIND = "837"
VERSION = "005010X222A1"

# claim_lines column -> (segment of its position, element named in messages)
ELEMENTS = {
    "claim_id": ("CLM", "CLM01"),
    "line_number": ("LX", "LX01"),
    "patient_id": ("NM1", "NM109 of NM1*IL"),
    "payer_id": ("NM1", "NM109 of NM1*PR"),
    "service_from": ("DTP", "DTP03 of DTP*472"),
    "service_to": ("DTP", "DTP03 of DTP*472"),
    "hcpcs": ("SV1", "SV101-2"),
    "modifiers": ("SV1", "SV101-3..6"),
    "units": ("SV1", "SV104"),
    "billed_charge": ("SV1", "SV102"),
    "ndc": ("LIN", "LIN03"),
    "line_control": ("REF", "REF02 of REF*6R"),
}
COLUMNS = tuple(ELEMENTS)


@dataclass
class ParsedRows:
    """Text rows of one or more X12 files and, per row, the position of each column's segment."""

    rows: list[dict[str, str]] = field(default_factory=list)
    positions: list[dict[str, int]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # the file of each row
    errors: list[InputError] = field(default_factory=list)


def x12_date(text: str) -> str:
    """``CCYYMMDD`` → ``CCYY-MM-DD``; other text is returned as is (validation reports it)."""
    if len(text) == 8 and text.isdigit():
        return f"{text[:4]}-{text[4:6]}-{text[6:]}"
    return text


def date_range(segment: Segment, format_at: int, value_at: int) -> tuple[str, str]:
    """(from, to) of a D8 date or RD8 range element."""
    qualifier, value = segment.element(format_at), segment.element(value_at)
    if qualifier == "RD8" and "-" in value:
        start, _, end = value.partition("-")
        return x12_date(start), x12_date(end)
    return x12_date(value), ""


def read_837(paths: list[Path]) -> ParsedRows:
    """Every service line of the 837P files, in file order."""
    out = ParsedRows()
    with paused_gc():
        for path in paths:
            _read_file(read_x12(path, kind=KIND, version=VERSION), out)
    return out


class _State:
    """What the segments read so far say about the current subscriber, patient and claim."""

    def __init__(self) -> None:
        self.level = ""  # HL03 of the current hierarchical level
        self.subscriber = ("", 0)
        self.patient: list[str] = []
        self.payer = ("", 0)
        self.claim: tuple[str, int] | None = None
        self.claim_lines = 0
        self.line: dict[str, str] | None = None
        self.where: dict[str, int] = {}


def _read_file(parsed: X12File, out: ParsedRows) -> None:
    file = parsed.path

    def problem(segment: Segment, message: str, column: str | None = None) -> None:
        out.errors.append(
            InputError(file=file, message=message, segment=segment.position, column=column)
        )

    for transaction in parsed.transactions:
        state = _State()
        for segment in transaction.segments:
            sid = segment.id
            if sid in ("HL", "CLM", "SE"):
                _end_claim(state, out, file)
            if sid == "HL":
                state.level = segment.element(3)
                if state.level == "22":
                    state.subscriber, state.patient, state.payer = ("", 0), [], ("", 0)
                elif state.level == "23":
                    state.patient = []
            elif sid == "NM1":
                _name(segment, state)
            elif sid == "DMG" and state.level == "23" and state.patient:
                state.patient.append(segment.element(2))
            elif sid == "CLM":
                if not state.subscriber[0]:
                    problem(
                        segment,
                        "claim without a subscriber (no NM1*IL with a member id before it)",
                        "NM109 of NM1*IL",
                    )
                state.claim = (segment.element(1), segment.position)
            elif sid == "LX":
                _end_line(state, out, file)
                if state.claim is None:
                    problem(segment, "service line (LX) outside a claim (no CLM before it)")
                    continue
                state.line = {"line_number": segment.element(1)}
                state.where = {"line_number": segment.position}
            elif state.line is not None:
                _line_segment(parsed, segment, state)
            elif sid == "SV1":
                problem(segment, "SV1 outside a service line (no LX before it)")


def _name(segment: Segment, state: _State) -> None:
    entity = segment.element(1)
    if entity == "IL":
        state.subscriber = (segment.element(9), segment.position)
    elif entity == "PR":
        state.payer = (segment.element(9), segment.position)
    elif entity == "QC" and state.level == "23":
        state.patient = [segment.element(3), segment.element(4), segment.element(5)]


def _line_segment(parsed: X12File, segment: Segment, state: _State) -> None:
    line, where = state.line, state.where
    assert line is not None
    sid = segment.id
    if sid == "SV1":
        parts = parsed.components(segment.element(1))
        line["qualifier"] = parts[0] if parts else ""
        line["hcpcs"] = parts[1] if len(parts) > 1 else ""
        line["modifiers"] = " ".join(p for p in parts[2:6] if p)
        line["billed_charge"] = segment.element(2)
        line["unit_basis"] = segment.element(3)
        line["units"] = segment.element(4)
        for column in ("hcpcs", "modifiers", "billed_charge", "units"):
            where[column] = segment.position
    elif sid == "DTP" and segment.element(1) == "472":
        line["service_from"], line["service_to"] = date_range(segment, 2, 3)
        where["service_from"] = where["service_to"] = segment.position
    elif sid == "REF" and segment.element(1) == "6R":
        line["line_control"] = segment.element(2)
        where["line_control"] = segment.position
    elif sid == "LIN" and segment.element(2) == "N4":
        line["ndc"] = segment.element(3)
        where["ndc"] = segment.position


def _line_problems(line: dict[str, str], where: dict[str, int], file: str) -> list[InputError]:
    """Problems of one service line that only its segments can show."""
    errors = []
    if "hcpcs" not in line:
        errors.append(
            InputError(
                file=file,
                segment=where["line_number"],
                column="SV1",
                message="service line has no SV1 (professional service) segment",
            )
        )
        return errors
    if line["qualifier"] not in ("HC", ""):
        errors.append(
            InputError(
                file=file,
                segment=where["hcpcs"],
                column="SV101-1",
                message=f"procedure code qualifier {line['qualifier']!r} is not supported",
                allowed="HC (HCPCS / CPT)",
            )
        )
    if line["unit_basis"] not in ("UN", ""):
        errors.append(
            InputError(
                file=file,
                segment=where["units"],
                column="SV103",
                message=f"unit basis {line['unit_basis']!r} is not supported",
                allowed="UN (units)",
            )
        )
    if "service_from" not in line:
        errors.append(
            InputError(
                file=file,
                segment=where["line_number"],
                column="DTP*472",
                message="service line has no service date (DTP*472)",
            )
        )
    return errors


def _end_line(state: _State, out: ParsedRows, file: str) -> None:
    line, where = state.line, state.where
    state.line = None
    if line is None or state.claim is None:
        return
    state.claim_lines += 1
    problems = _line_problems(line, where, file)
    if problems:
        out.errors.extend(problems)
        return
    claim_id, claim_at = state.claim
    patient = state.subscriber[0]
    if state.patient:
        patient = "|".join([patient, *state.patient])
    row = {
        "claim_id": claim_id,
        "patient_id": patient,
        "payer_id": state.payer[0],
        **{k: v for k, v in line.items() if k not in ("qualifier", "unit_basis")},
    }
    out.rows.append(row)
    out.positions.append(
        {
            **where,
            "claim_id": claim_at,
            "patient_id": state.subscriber[1] or claim_at,
            "payer_id": state.payer[1] or claim_at,
        }
    )
    out.files.append(file)


def _end_claim(state: _State, out: ParsedRows, file: str) -> None:
    _end_line(state, out, file)
    if state.claim is not None and state.claim_lines == 0:
        out.errors.append(
            InputError(
                file=file,
                segment=state.claim[1],
                column="LX",
                message="claim has no service lines (no LX/SV1 after CLM)",
            )
        )
    state.claim = None
    state.claim_lines = 0
