"""Episodes derived from a claims history (spec §7, ``episodes from-claims``).

So every command can re-code a billed history under other rules:

- per diem lines of one patient, payer, code and site whose dates touch or overlap are merged
  into one therapy (start = first date, end = last date); SH/SJ are dropped (coding re-ranks) and
  SS gives site ``ais``; the dosing interval is the code's own (S9497 3 h … S9500 24 h) or 24 h;
- per diem codes billed one unit on isolated dates at least 7 days apart (two or more such dates
  in a row) become one infrequent therapy (interval 168 h) with those dates as
  ``administrations``; lines billed with ``line_type`` infrequent always do (one therapy per
  patient, payer, code and site);
- each 99601 unit of a patient and date is one nursing visit of 120 minutes, and that date's
  99602 units are added to its first visit as 60 minutes each;
- drug and other lines are copied (``line_id`` = claim_id-line_number).

Episodes are one per patient and payer. Patient ids become keyed pseudonyms unless asked
otherwise. What was inferred for each therapy and visit is returned as ``derivation``, with
every claim line that could not be derived (e.g. a 99602 on a date without a 99601).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pandas as pd

from infusionkit import catalog
from infusionkit.claims.columns import BILLED_COLUMNS
from infusionkit.claims.model import ClaimLines
from infusionkit.episodes import Episodes, from_frames

if TYPE_CHECKING:
    from collections.abc import Callable

ISOLATED_DAYS = 7
INFREQUENT_HOURS = 168
VISIT_MINUTES = 120
EXTRA_HOUR_MINUTES = 60
DERIVATION_COLUMNS = (
    "table",
    "id",
    "patient_ref",
    "payer_id",
    "hcpcs",
    "site",
    "start_date",
    "end_date",
    "dosing_interval_hours",
    "claim_lines",
    "sources",
    "inferred",
)


@dataclass(frozen=True, eq=False)
class Derived:
    """The derived episodes, what was inferred (:data:`DERIVATION_COLUMNS`) and a summary."""

    episodes: Episodes
    derivation: pd.DataFrame
    counts: dict[str, int] = field(default_factory=dict)
    not_derived: int = 0


@dataclass
class _Line:
    row: int
    claim_id: str
    line_number: int
    start: date
    end: date
    units: Decimal
    modifiers: tuple[str, ...]

    @property
    def ref(self) -> str:
        return f"{self.claim_id}#{self.line_number}"


@dataclass
class _Run:
    lines: list[_Line]
    start: date
    end: date

    @property
    def single(self) -> bool:
        return self.start == self.end and sum(x.units for x in self.lines) == 1


class _Builder:
    def __init__(self, refs: Callable[[str], str]):
        self.refs = refs
        self.episode_ids: dict[tuple[str, str], str] = {}
        self.therapies: list[dict[str, object]] = []
        self.administrations: list[dict[str, object]] = []
        self.nursing: list[dict[str, object]] = []
        self.drugs: list[dict[str, object]] = []
        self.other: list[dict[str, object]] = []
        self.derivation: list[dict[str, object]] = []
        self.not_derived = 0

    def episode(self, patient: str, payer: str) -> str:
        key = (patient, payer)
        if key not in self.episode_ids:
            self.episode_ids[key] = f"E{len(self.episode_ids) + 1:06d}"
        return self.episode_ids[key]

    def note(
        self,
        table: str,
        ident: str,
        key: tuple[str, str, str, str],
        lines: list[_Line],
        inferred: str,
        **extra: object,
    ) -> None:
        patient, payer, code, site = key
        self.derivation.append(
            {
                "table": table,
                "id": ident,
                "patient_ref": self.refs(patient),
                "payer_id": payer,
                "hcpcs": code,
                "site": site,
                "claim_lines": len(lines),
                "sources": " ".join(x.ref for x in lines),
                "inferred": inferred,
                **extra,
            }
        )

    def therapy(
        self,
        key: tuple[str, str, str, str],
        lines: list[_Line],
        start: date,
        end: date,
        interval: int,
        inferred: list[str],
    ) -> str:
        patient, payer, code, site = key
        therapy_id = f"T{len(self.therapies) + 1:06d}"
        self.therapies.append(
            {
                "therapy_id": therapy_id,
                "episode_id": self.episode(patient, payer),
                "patient_id": self.refs(patient),
                "payer_id": payer,
                "hcpcs": code,
                "start_date": start.isoformat(),
                "end_date": end.isoformat(),
                "dosing_interval_hours": str(interval),
                "site": site,
            }
        )
        self.note(
            "therapies",
            therapy_id,
            key,
            lines,
            "; ".join(inferred),
            start_date=start.isoformat(),
            end_date=end.isoformat(),
            dosing_interval_hours=interval,
        )
        return therapy_id


def _interval(code: str) -> tuple[int, str]:
    info = catalog.get(code)
    if info is not None and info.interval_hours:
        return info.interval_hours, f"interval {info.interval_hours} h ({code}'s own)"
    return 24, f"interval 24 h ({code} names none)"


def _runs(lines: list[_Line]) -> list[_Run]:
    """Lines sorted by date, merged where their dates touch or overlap."""
    runs: list[_Run] = []
    for line in sorted(lines, key=lambda x: (x.start, x.end, x.row)):
        if runs and line.start <= runs[-1].end + timedelta(days=1):
            runs[-1].lines.append(line)
            runs[-1].end = max(runs[-1].end, line.end)
        else:
            runs.append(_Run([line], line.start, line.end))
    return runs


def _per_diem(builder: _Builder, key: tuple[str, str, str, str], lines: list[_Line]) -> None:
    code = key[2]
    interval, why = _interval(code)
    chain: list[_Run] = []

    def flush() -> None:
        if len(chain) >= 2:
            _infrequent(
                builder,
                key,
                [x for run in chain for x in run.lines],
                f"{len(chain)} single-unit dates at least {ISOLATED_DAYS} days apart",
            )
        else:
            for run in chain:
                _per_diem_run(builder, key, run, interval, why)
        chain.clear()

    for run in _runs(lines):
        if run.single and (not chain or (run.start - chain[-1].end).days >= ISOLATED_DAYS):
            chain.append(run)
            continue
        flush()
        if run.single:
            chain.append(run)
        else:
            _per_diem_run(builder, key, run, interval, why)
    flush()


def _per_diem_run(
    builder: _Builder, key: tuple[str, str, str, str], run: _Run, interval: int, why: str
) -> None:
    inferred = [
        f"{len(run.lines)} per diem line(s) merged (dates touch or overlap)"
        if len(run.lines) > 1
        else "1 per diem line"
    ]
    dropped = sorted({m for x in run.lines for m in x.modifiers if m in ("SH", "SJ")})
    if dropped:
        inferred.append(f"{'/'.join(dropped)} dropped (re-ranked when coded)")
    if key[3] == "ais":
        inferred.append("SS → site ais")
    days = (run.end - run.start).days + 1
    units = sum((x.units for x in run.lines), Decimal(0))
    if units != days:
        inferred.append(f"{units.normalize():f} unit(s) billed over {days} dates: all dates taken")
    inferred.append(why)
    builder.therapy(key, run.lines, run.start, run.end, interval, inferred)


def _infrequent(
    builder: _Builder, key: tuple[str, str, str, str], lines: list[_Line], why: str
) -> None:
    dates = sorted({x.start for x in lines})
    inferred = [f"{why} → infrequent therapy, interval {INFREQUENT_HOURS} h"]
    inferred.append(f"{len(dates)} administration(s)")
    if len(dates) < len(lines):
        inferred.append(f"{len(lines) - len(dates)} line(s) on a date already counted")
    if any(x.end != x.start for x in lines):
        inferred.append("lines spanning several dates: their first date taken")
    if key[3] == "ais":
        inferred.append("SS → site ais")
    therapy_id = builder.therapy(key, lines, dates[0], dates[-1], INFREQUENT_HOURS, inferred)
    builder.administrations.extend({"therapy_id": therapy_id, "date": d.isoformat()} for d in dates)


def _whole(units: Decimal) -> int | None:
    return int(units) if units == units.to_integral_value() and units >= 0 else None


def _nursing(
    builder: _Builder,
    patient: str,
    payer: str,
    day: date,
    visits: list[_Line],
    extra: list[_Line],
) -> None:
    starts: list[tuple[_Line, str]] = []
    for line in visits:
        count = _whole(line.units)
        if count is None:
            builder.not_derived += 1
            why = f"{line.units} units of 99601 is not a whole number of visits"
            builder.note("not derived", line.ref, (patient, payer, "99601", ""), [line], why)
            continue
        site = "ais" if "SS" in line.modifiers else "home"
        starts.extend((line, site) for _ in range(count))
    hours = sum((x.units for x in extra), Decimal(0))
    if not starts:
        for line in extra:
            builder.not_derived += 1
            why = "99602 on a date without a 99601 visit: no visit to add it to"
            builder.note("not derived", line.ref, (patient, payer, "99602", ""), [line], why)
        return
    added = _whole(hours)
    if added is None:
        for line in extra:
            builder.not_derived += 1
            why = f"{hours} hours of 99602 is not a whole number"
            builder.note("not derived", line.ref, (patient, payer, "99602", ""), [line], why)
        added = 0
    for number, (line, site) in enumerate(starts):
        visit_id = f"V{len(builder.nursing) + 1:06d}"
        minutes = VISIT_MINUTES + (added * EXTRA_HOUR_MINUTES if number == 0 else 0)
        builder.nursing.append(
            {
                "visit_id": visit_id,
                "episode_id": builder.episode(patient, payer),
                "patient_id": builder.refs(patient),
                "visit_date": day.isoformat(),
                "minutes": str(minutes),
                "site": site,
            }
        )
        sources = [line, *extra] if number == 0 else [line]
        inferred = f"99601 unit → visit of {VISIT_MINUTES} min"
        if number == 0 and added:
            inferred += f", + {added} × 99602 → {minutes} min"
        builder.note(
            "nursing",
            visit_id,
            (patient, payer, "99601", site),
            sources,
            inferred,
            start_date=day.isoformat(),
            end_date=day.isoformat(),
        )


def derive_episodes(claims: ClaimLines, refs: Callable[[str], str] | None = None) -> Derived:
    """An episodes source from ``claims`` (see the module docstring for the rules).

    ``refs(patient_id)`` gives the patient id written into the episodes (default: the raw id;
    the CLI passes keyed pseudonyms). Raises InputErrors if the result is not a valid source.
    """
    builder = _Builder(refs or (lambda p: p))
    frame = claims.frame
    per_diem: dict[tuple[str, str, str, str], list[_Line]] = {}
    infrequent: dict[tuple[str, str, str, str], list[_Line]] = {}
    nursing: dict[tuple[str, str, date], tuple[list[_Line], list[_Line]]] = {}
    for row, record in enumerate(_records(frame)):
        line_type = record["line_type"]
        patient, payer = record["patient_id"], record["payer_id"] or ""
        code = record["hcpcs"]
        line = _Line(
            row,
            record["claim_id"],
            record["line_number"],
            record["service_from"],
            record["service_to"],
            record["units"],
            tuple(record["modifiers"].split()),
        )
        site = "ais" if "SS" in line.modifiers else "home"
        if line_type in ("per_diem", "infrequent"):
            target = per_diem if line_type == "per_diem" else infrequent
            target.setdefault((patient, payer, code, site), []).append(line)
        elif line_type == "nursing" and code in ("99601", "99602"):
            pair = nursing.setdefault((patient, payer, line.start), ([], []))
            pair[0 if code == "99601" else 1].append(line)
        else:
            table = builder.drugs if line_type == "drug" else builder.other
            copied = {
                "line_id": f"{line.claim_id}-{line.line_number}",
                "episode_id": builder.episode(patient, payer),
                "service_date": line.start.isoformat(),
                "hcpcs": code,
                "units": line.units,
                "billed_charge": record["billed_charge"],
            }
            if line_type == "drug":
                copied["ndc"] = record["ndc"] or ""
            table.append(copied)
    for key, lines in sorted(per_diem.items()):
        _per_diem(builder, key, lines)
    for key, lines in sorted(infrequent.items()):
        _infrequent(builder, key, lines, f"{len(lines)} line(s) billed as infrequent")
    for (patient, payer, day), (visits, extra) in sorted(nursing.items()):
        _nursing(builder, patient, payer, day, visits, extra)
    for name, rows in (("drugs", builder.drugs), ("other", builder.other)):
        if rows:
            builder.derivation.append(
                {
                    "table": name,
                    "id": "",
                    "claim_lines": len(rows),
                    "inferred": f"{len(rows)} {name} line(s) copied as billed",
                }
            )
    episodes = from_frames(**_frames(builder))
    derivation = pd.DataFrame(builder.derivation, columns=list(DERIVATION_COLUMNS))
    counts = {
        "therapies": len(builder.therapies),
        "infrequent": sum(1 for t in builder.therapies if t["dosing_interval_hours"] == "168"),
        "administrations": len(builder.administrations),
        "nursing": len(builder.nursing),
        "drugs": len(builder.drugs),
        "other": len(builder.other),
    }
    return Derived(episodes, derivation, counts, builder.not_derived)


def _records(frame: pd.DataFrame) -> Iterable[dict[str, Any]]:
    columns = [c for c in BILLED_COLUMNS if c not in ("service_from", "service_to")]
    data = {c: frame[c].astype(object).where(frame[c].notna(), None).tolist() for c in columns}
    data["modifiers"] = [m or "" for m in data["modifiers"]]
    data["service_from"] = [d.date() for d in pd.to_datetime(frame["service_from"])]
    data["service_to"] = [d.date() for d in pd.to_datetime(frame["service_to"])]
    names = list(data)
    for values in zip(*data.values(), strict=True):
        yield dict(zip(names, values, strict=True))


def _frames(builder: _Builder) -> dict[str, pd.DataFrame]:
    from infusionkit.episodes import SPECS

    tables = {
        "therapies": builder.therapies,
        "administrations": builder.administrations,
        "nursing": builder.nursing,
        "drugs": builder.drugs,
        "other": builder.other,
    }
    frames = {}
    for name, rows in tables.items():
        columns = list(SPECS[name].names)
        frame = pd.DataFrame(rows, columns=columns, dtype=object)
        frames[name] = frame.where(frame.notna(), "")
    return frames
