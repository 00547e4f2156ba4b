"""Which codes each rate section of a contract may list (checked against the catalog)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from infusionkit.catalog import get, is_hcpcs_level2, normalize
from infusionkit.contracts.sections import RATE_LINE_TYPES, SECTION_KEYS

Loc = tuple[str | int, ...]
# (location, code, what is wrong, what is allowed)
CodeProblem = tuple[Loc, str, str, str]

NURSING_CODES = ("99601", "99602", "S9123", "S9124")


def _per_diem(code: str) -> str | None:
    info = get(code)
    if info is None:
        return "is not a per diem code in the catalog"
    if info.kind != "per_diem":
        return f"is a {info.kind} code, not a per diem code"
    return None


def _nursing(code: str) -> str | None:
    if code in NURSING_CODES:
        return None
    info = get(code)
    return f"is a {info.kind} code, not a nursing code" if info else "is not a nursing code"


def _other(code: str) -> str | None:
    info = get(code)
    if info is None:
        return (
            None if is_hcpcs_level2(code) else "is neither a catalog code nor a HCPCS Level II code"
        )
    if info.kind == "per_diem":
        return "is a per diem code: list it under per_diem.rates"
    if info.kind == "nursing_visit":
        return "is a nursing visit code: list it under nursing.rates"
    if info.kind == "modifier":
        return "is a modifier, not a code"
    return None


def _drug(code: str) -> str | None:
    return None if is_hcpcs_level2(code) else "is not a HCPCS Level II code"


_PER_DIEM_ALLOWED = (
    "per diem codes of the catalog, e.g. S9500 (see: infusionkit codes --kind per_diem)"
)
_RATE_CHECKS: dict[str, tuple[Callable[[str], str | None], str]] = {
    "per_diem": (_per_diem, _PER_DIEM_ALLOWED),
    "infrequent": (_per_diem, _PER_DIEM_ALLOWED),
    "nursing": (_nursing, ", ".join(NURSING_CODES)),
    "other": (
        _other,
        "non-per-diem catalog codes (S5498, S5035 ...) or HCPCS Level II codes (letter + 4 digits)",
    ),
}
_SECTIONS: tuple[tuple[Loc, Callable[[str], str | None], str], ...] = (
    *(
        ((*SECTION_KEYS[line_type].split("."), "rates"), *_RATE_CHECKS[line_type])
        for line_type in RATE_LINE_TYPES
    ),
    (("drugs", "overrides"), _drug, "HCPCS Level II codes (letter A-V + 4 digits, e.g. J1561)"),
)


def _at(data: Any, loc: Loc) -> Any:
    for key in loc:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def code_problems(data: Any) -> list[CodeProblem]:
    """Every code listed in a section that does not take it (``data`` as read from YAML)."""
    found: list[CodeProblem] = []
    for loc, check, allowed in _SECTIONS:
        mapping = _at(data, loc)
        if not isinstance(mapping, dict):
            continue
        for key in mapping:
            code = normalize(str(key))
            wrong = check(code)
            if wrong:
                found.append(((*loc, code, "[key]"), code, f"code {code} {wrong}", allowed))
    return found
