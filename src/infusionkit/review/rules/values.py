"""Types of recommended values, with the catalog checks that make them safe to edit."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from infusionkit.catalog import all_codes, misfit, normalize, nursing_codes
from infusionkit.contracts.values import Percent, SignedPercent, problem

Basis = Literal["AWP", "WAC", "ASP"]
Section = Literal["per_diem", "infrequent", "nursing", "other"]


def _codes(value: object) -> object:
    if isinstance(value, list | tuple):
        return [normalize(str(item)) for item in value]
    return value


def _per_diem_codes(codes: list[str]) -> tuple[str, ...]:
    for code in codes:
        if misfit(code, "per_diem") is not None:
            raise problem("code_kind", f"{code} is not a per diem code", "per diem S-codes")
    return tuple(dict.fromkeys(codes))


def _nursing_codes(codes: list[str]) -> tuple[str, ...]:
    for code in codes:
        if misfit(code, "nursing") is not None:
            raise problem("code_kind", f"{code} is not a nursing code", ", ".join(nursing_codes()))
    return tuple(dict.fromkeys(codes))


def general_families() -> tuple[str, ...]:
    """Catalog families that have a general per diem code."""
    return tuple(dict.fromkeys(info.family for info in all_codes() if info.general))


def _families(families: list[str]) -> tuple[str, ...]:
    known = general_families()
    for family in families:
        if family not in known:
            raise problem(
                "family", f"{family!r} is not a family with a general code", ", ".join(known)
            )
    return tuple(dict.fromkeys(families))


PerDiemCodes = Annotated[list[str], BeforeValidator(_codes), AfterValidator(_per_diem_codes)]
NursingCodes = Annotated[list[str], BeforeValidator(_codes), AfterValidator(_nursing_codes)]
Families = Annotated[list[str], AfterValidator(_families)]
Bases = Annotated[list[Basis], Field(min_length=1)]
Sections = Annotated[list[Section], Field(min_length=1)]
Count = Annotated[int, Field(ge=0, strict=True)]
MinPercent = Percent


class DrugFloor(BaseModel):
    """Drug pricing no deeper than ``basis`` ``percent`` (e.g. AWP -20)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    basis: Basis
    percent: SignedPercent


class EscalatorTerms(BaseModel):
    """Accepted escalator types and the least fixed percent accepted."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    types: Annotated[list[Literal["fixed_percent", "cpi"]], Field(min_length=1)]
    min_percent: SignedPercent = Decimal(0)
