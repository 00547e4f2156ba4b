"""Which codes each rate section of a contract may list (the catalog says which code goes where)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from infusionkit.catalog import Misfit, Place, is_hcpcs_level2, misfit, normalize, nursing_codes
from infusionkit.contracts.sections import RATE_LINE_TYPES, SECTION_KEYS

Loc = tuple[str | int, ...]
# (location, code, what is wrong, what is allowed)
CodeProblem = tuple[Loc, str, str, str]


def _per_diem(found: Misfit) -> str:
    if found.kind is None:
        return "is not a per diem code in the catalog"
    return f"is a {found.kind} code, not a per diem code"


def _nursing(found: Misfit) -> str:
    return f"is a {found.kind} code, not a nursing code" if found.kind else "is not a nursing code"


_BELONGS_ELSEWHERE = {
    "per_diem": "is a per diem code: list it under per_diem.rates",
    "nursing_visit": "is a nursing visit code: list it under nursing.rates",
    "modifier": "is a modifier, not a code",
}


def _other(found: Misfit) -> str:
    if found.kind is None:
        return "is neither a catalog code nor a HCPCS Level II code"
    return _BELONGS_ELSEWHERE[found.kind]


_PER_DIEM_ALLOWED = (
    "per diem codes of the catalog, e.g. S9500 (see: infusionkit codes --kind per_diem)"
)
_OTHER_ALLOWED = (
    "non-per-diem catalog codes (S5498, S5035 ...) or HCPCS Level II codes (letter + 4 digits)"
)
_RATE_SECTIONS: dict[str, tuple[Place, Callable[[Misfit], str], Callable[[], str]]] = {
    "per_diem": ("per_diem", _per_diem, lambda: _PER_DIEM_ALLOWED),
    "infrequent": ("per_diem", _per_diem, lambda: _PER_DIEM_ALLOWED),
    "nursing": ("nursing", _nursing, lambda: ", ".join(nursing_codes())),
    "other": ("other", _other, lambda: _OTHER_ALLOWED),
}
_DRUG_ALLOWED = "HCPCS Level II codes (letter A-V + 4 digits, e.g. J1561)"


def _at(data: Any, loc: Loc) -> Any:
    for key in loc:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _codes_at(data: Any, loc: Loc) -> list[str]:
    mapping = _at(data, loc)
    return [normalize(str(key)) for key in mapping] if isinstance(mapping, dict) else []


def code_problems(data: Any) -> list[CodeProblem]:
    """Every code listed in a section that does not take it (``data`` as read from YAML)."""
    found: list[CodeProblem] = []
    for line_type in RATE_LINE_TYPES:
        place, words, allowed = _RATE_SECTIONS[line_type]
        loc: Loc = (*SECTION_KEYS[line_type].split("."), "rates")
        for code in _codes_at(data, loc):
            wrong = misfit(code, place)
            if wrong is not None:
                found.append(
                    ((*loc, code, "[key]"), code, f"code {code} {words(wrong)}", allowed())
                )
    overrides: Loc = ("drugs", "overrides")
    for code in _codes_at(data, overrides):  # any Level II code: a format check, not a kind
        if not is_hcpcs_level2(code):
            problem = f"code {code} is not a HCPCS Level II code"
            found.append(((*overrides, code, "[key]"), code, problem, _DRUG_ALLOWED))
    return found
