"""Payer policies of the contract file (``policies:``): bundling edits beyond the national standard.

``bundled_codes`` lists codes of `other` lines that are not paid on a per diem day;
``not_concurrent`` lists therapies (a family name or a per diem code) not paid beside others.
Both are checked against the code catalog.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, field_validator

from infusionkit.catalog import all_codes, get, misfit, normalize
from infusionkit.contracts.values import problem

_FROZEN = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)
_BUNDLED_ALLOWED = (
    "codes of other lines: catheter care (S5497-S5502), kits, pump service, S9810 … or any HCPCS "
    "Level II code that is not a per diem, nursing visit or modifier code"
)


@cache
def per_diem_families() -> tuple[str, ...]:
    """Catalog families of per diem codes (``tpn``, ``enteral``, ``hydration`` …), in file order."""
    return tuple(dict.fromkeys(info.family for info in all_codes() if info.kind == "per_diem"))


def _therapy_allowed() -> str:
    return "a per diem code (e.g. S9374) or a family of per diem codes: " + ", ".join(
        per_diem_families()
    )


def _therapy(value: Any) -> str:
    """A per diem code (upper-cased) or a per diem family name (lower-cased)."""
    if not isinstance(value, str) or not value.strip():
        raise problem("therapy_kind", f"{value!r} is not a code or family name", _therapy_allowed())
    code = normalize(value)
    info = get(code)
    if misfit(code, "per_diem") is None:
        return code
    family = value.strip().lower()
    if family in per_diem_families():
        return family
    what = f"a {_kind(info.kind)} code" if info is not None else "not a per diem code or family"
    raise problem("therapy_kind", f"{value.strip()!r} is {what}", _therapy_allowed())


def _bundled(value: Any) -> str:
    """A code an `other` line may carry (not per diem, nursing visit or modifier)."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise problem("code_kind", f"{value!r} is not a code", _BUNDLED_ALLOWED)
    code = normalize(str(value))
    found = misfit(code, "other")
    if found is None:
        return code
    if found.kind is None:
        raise problem("code_kind", f"code {code} is not a HCPCS code", _BUNDLED_ALLOWED)
    message = f"code {code} is a {_kind(found.kind)} code, not a line beside a per diem"
    raise problem("code_kind", message, _BUNDLED_ALLOWED)


def _kind(kind: str) -> str:
    return kind.replace("_", " ")


TherapyTerm = Annotated[
    str,
    BeforeValidator(_therapy),
    WithJsonSchema(
        {
            "anyOf": [
                {"enum": list(per_diem_families())},
                {"type": "string", "pattern": "^[Ss][0-9]{4}$"},
            ],
            "description": "a family of per diem codes or a per diem code",
        }
    ),
]
"""A per diem code or a family of per diem codes, as listed in the catalog."""
BundledCode = Annotated[
    str,
    BeforeValidator(_bundled),
    WithJsonSchema({"type": "string", "pattern": "^[A-Va-v][0-9]{4}$"}),
]


def _once(items: tuple[str, ...], what: str) -> tuple[str, ...]:
    seen: set[str] = set()
    for item in items:
        if item in seen:
            raise problem("duplicate", f"{item} is listed twice in {what}", "each entry once")
        seen.add(item)
    return items


class NotConcurrent(BaseModel):
    """Therapy ``code`` is not paid on days another therapy of ``with`` has a per diem day."""

    model_config = _FROZEN

    code: TherapyTerm
    with_: tuple[TherapyTerm, ...] = Field(alias="with", json_schema_extra={"minItems": 1})

    @field_validator("with_")
    @classmethod
    def listed_once(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise problem("empty", "with lists no therapy", _therapy_allowed())
        return _once(value, "with")


class Policies(BaseModel):
    """Payer bundling policies (each is off when not listed)."""

    model_config = _FROZEN

    bundled_codes: tuple[BundledCode, ...] = Field(
        default=(), description="codes of other lines not paid on a per diem day of the patient"
    )
    not_concurrent: tuple[NotConcurrent, ...] = Field(
        default=(), description="therapies not paid beside other therapies on the same day"
    )

    @field_validator("bundled_codes")
    @classmethod
    def codes_once(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _once(value, "bundled_codes")

    @field_validator("not_concurrent")
    @classmethod
    def entries_once(cls, value: tuple[NotConcurrent, ...]) -> tuple[NotConcurrent, ...]:
        seen: set[tuple[str, tuple[str, ...]]] = set()
        for entry in value:
            key = (entry.code, tuple(sorted(entry.with_)))
            if key in seen:
                message = f"{entry.code} with {', '.join(key[1])} is listed twice"
                raise problem("duplicate", message, "each entry once")
            seen.add(key)
        return value


__all__ = ["BundledCode", "NotConcurrent", "Policies", "TherapyTerm", "per_diem_families"]
