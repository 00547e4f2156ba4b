"""The HCPCS code catalog used by home infusion billing: kinds, families, volume tiers, intervals.

The data lives in ``codes.csv`` beside this module: descriptors in our own words, faithful to the
HCPCS meaning (sources: CMS HCPCS files 2020 and 2025, NHIA coding standard). Read once, lazily.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Literal

__all__ = [
    "KINDS",
    "NURSING_KINDS",
    "PER_DIEM_MAX_INTERVAL_HOURS",
    "CodeInfo",
    "Misfit",
    "Place",
    "all_codes",
    "drug_descriptor",
    "family_codes",
    "get",
    "is_drug_code",
    "is_hcpcs_level2",
    "is_per_diem",
    "misfit",
    "normalize",
    "nursing_codes",
    "search",
    "volume_tier_bounds",
    "volume_tier_code",
    "volume_tiers",
]

KINDS = (
    "per_diem",
    "catheter_care",
    "supply_kit",
    "insertion_nursing",
    "pump_service",
    "pharmacy_hourly",
    "delivery",
    "nursing_visit",
    "nursing_hourly",
    "modifier",
)

NURSING_KINDS = ("nursing_visit", "nursing_hourly")
PER_DIEM_MAX_INTERVAL_HOURS = 72
"""A therapy dosed at most this many hours apart is billed per diem; less often, per
administration (IVIG, anti-TNF)."""
_OWN_PLACE = ("per_diem", "nursing_visit", "modifier")  # kinds that never stand among "other"

Place = Literal["per_diem", "nursing", "other", "drug"]

_LEVEL2 = re.compile(r"^[A-V]\d{4}$")


@dataclass(frozen=True)
class CodeInfo:
    """One catalog entry (a HCPCS/CPT code or a modifier)."""

    code: str
    kind: str
    family: str
    descriptor: str
    general: bool = False  # general code not to be billed beside its specific/tier codes
    min_ml: int | None = None
    max_ml: int | None = None
    interval_hours: int | None = None


def normalize(code: str) -> str:
    """Upper-case a code and remove spaces: ``" s9500 "`` -> ``"S9500"``."""
    return "".join(str(code).split()).upper()


def _int_or_none(text: str) -> int | None:
    return int(text) if text.strip() else None


@cache
def _table() -> dict[str, CodeInfo]:
    text = resources.files(__package__).joinpath("codes.csv").read_text(encoding="utf-8")
    table: dict[str, CodeInfo] = {}
    for row in csv.DictReader(text.splitlines()):
        info = CodeInfo(
            code=row["code"],
            kind=row["kind"],
            family=row["family"],
            descriptor=row["descriptor"],
            general=row["general"] == "1",
            min_ml=_int_or_none(row["min_ml"]),
            max_ml=_int_or_none(row["max_ml"]),
            interval_hours=_int_or_none(row["interval_hours"]),
        )
        table[info.code] = info
    return table


def get(code: str) -> CodeInfo | None:
    """The catalog entry of ``code`` (case-insensitive, spaces ignored), or ``None``."""
    return _table().get(normalize(code))


def all_codes() -> tuple[CodeInfo, ...]:
    """Every catalog entry, in file order."""
    return tuple(_table().values())


def search(query: str | None) -> list[CodeInfo]:
    """Entries whose code, family, kind or descriptor contains ``query`` (case-insensitive)."""
    if query is None or not query.strip():
        return list(all_codes())
    needle = query.strip().lower()
    return [
        info
        for info in all_codes()
        if any(
            needle in field.lower()
            for field in (info.code, info.family, info.kind, info.descriptor)
        )
    ]


@dataclass(frozen=True)
class Misfit:
    """What a code is, where it does not fit: its catalog kind (None when it is not in the
    catalog) and whether it is written as a HCPCS Level II code."""

    code: str
    kind: str | None
    level2: bool


def misfit(code: str, place: Place) -> Misfit | None:
    """None when ``code`` may be listed or billed as a ``place`` code, else what it is.

    The one table of which code goes where (contract sections, episode tables, review values):
    ``per_diem`` takes the catalog's per diem codes; ``nursing`` its nursing visit and hourly
    codes; ``other`` any other catalog code (not per diem, nursing visit or modifier) or a Level II
    code outside the catalog; ``drug`` a Level II code outside the catalog.
    """
    info = get(code)
    kind = info.kind if info is not None else None
    level2 = is_hcpcs_level2(code)
    if place == "per_diem":
        fits = kind == "per_diem"
    elif place == "nursing":
        fits = kind in NURSING_KINDS
    elif place == "other":
        fits = kind not in _OWN_PLACE if kind is not None else level2
    else:
        fits = kind is None and level2
    return None if fits else Misfit(normalize(code), kind, level2)


def nursing_codes() -> tuple[str, ...]:
    """The nursing codes (visit and hourly), in file order: 99601, 99602, S9123, S9124."""
    return tuple(info.code for info in all_codes() if info.kind in NURSING_KINDS)


def is_per_diem(code: str) -> bool:
    """True for per diem therapy codes (S9325 … S9504 families)."""
    return misfit(code, "per_diem") is None


def is_hcpcs_level2(code: str) -> bool:
    """True for the HCPCS Level II form: one letter A-V and four digits (J1569, B4189, S9500)."""
    return bool(_LEVEL2.match(normalize(code)))


def is_drug_code(code: str) -> bool:
    """True for Level II codes outside this catalog (drug and supply codes: J-codes, B-codes …)."""
    return misfit(code, "drug") is None


def volume_tiers(code: str) -> tuple[CodeInfo, ...]:
    """The volume-tier codes of ``code``'s family (TPN, hydration), smallest first; ``()`` if none.

    The bounds are the ``min_ml``/``max_ml`` columns of ``codes.csv``: a daily volume belongs to
    the first tier whose ``max_ml`` it does not exceed; the last tier has no ``max_ml``.
    """
    info = get(code)
    return _volume_tiers(info.family) if info is not None else ()


@cache
def _volume_tiers(family: str) -> tuple[CodeInfo, ...]:
    tiers = [i for i in family_codes(family) if i.min_ml is not None or i.max_ml is not None]
    return tuple(sorted(tiers, key=lambda i: (i.max_ml is None, i.max_ml or 0)))


def volume_tier_bounds(code: str) -> tuple[int, ...]:
    """The ``max_ml`` of each volume tier of ``code``'s family but the last (which has none):
    a daily volume belongs to the first tier whose bound it does not exceed."""
    return tuple(t.max_ml for t in volume_tiers(code) if t.max_ml is not None)


def volume_tier_code(code: str, daily_volume_ml: int | float | Decimal | None) -> str | None:
    """The TPN or hydration tier code for a daily volume; ``None`` for other codes or no volume."""
    tiers = volume_tiers(code)
    volume = _as_decimal(daily_volume_ml) if tiers and daily_volume_ml is not None else None
    if volume is None:
        return None
    return next(t.code for t in tiers if t.max_ml is None or volume <= t.max_ml)


def _as_decimal(value: object) -> Decimal | None:
    """A finite Decimal for a volume (int, float, Decimal, numpy scalar); None for NaN/NA/junk."""
    if isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def family_codes(family: str) -> tuple[CodeInfo, ...]:
    """Every entry of one family (e.g. ``"tpn"``), in file order."""
    return tuple(info for info in all_codes() if info.family == family)


@cache
def _drugs() -> dict[str, str]:
    text = resources.files(__package__).joinpath("drugs.csv").read_text(encoding="utf-8")
    return {row["code"]: row["descriptor"] for row in csv.DictReader(text.splitlines())}


def drug_descriptor(code: str) -> str | None:
    """The descriptor of a common home infusion drug or nutrition code (``drugs.csv``: J-codes
    and B-codes with their billing unit, in our own words), or ``None``.

    Drug codes are kept out of the main table: :func:`get` stays ``None`` for them, so
    :func:`is_drug_code` still tells drug codes from per diem and service codes.
    """
    return _drugs().get(normalize(code))
