"""Read contract files with located errors, write them back, and derive changed copies."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, get_args

from pydantic import ValidationError

from infusionkit.catalog import normalize
from infusionkit.contracts.codes_check import code_problems
from infusionkit.contracts.model import SCHEMA_ID, Contract, PriceKind
from infusionkit.errors import InputError, InputErrors, key_path, validation_errors
from infusionkit.yaml_files import (
    YamlDocument,
    dump_yaml,
    read_user_file,
    read_yaml_mapping,
)

_CODE_MAPS = ("rates", "overrides")
_PRICE_KINDS = get_args(PriceKind)


def _normalize_key(parent: str, key: str) -> str:
    last = parent.rsplit(".", 1)[-1]
    return normalize(key) if last in _CODE_MAPS else key


def load_contract(path: str | Path) -> Contract:
    """Read and validate a contract YAML file; raises InputErrors listing every problem."""
    return parse_contract(read_user_file(path, "contract file"), source=str(Path(path)))


def parse_contract(text: str, source: str = "<string>") -> Contract:
    """Validate contract YAML text; ``source`` names it in error messages."""
    doc, errors = read_yaml_mapping(
        text, source, what="contract file", schema_id=SCHEMA_ID, normalize_key=_normalize_key
    )
    try:
        contract = Contract.model_validate(doc.data)
    except ValidationError as exc:
        errors.extend(_validation_errors(exc, source, doc))
        if not any(item["type"] == "code_kind" for item in exc.errors()):
            errors.extend(_code_errors(doc, source))
        raise InputErrors(_sorted(errors)) from None
    if errors:
        raise InputErrors(_sorted(errors))
    return contract


def _sorted(errors: list[InputError]) -> list[InputError]:
    return sorted(errors, key=lambda error: (error.line or 0, error.column or ""))


def _code_errors(doc: YamlDocument, source: str) -> list[InputError]:
    result = []
    for loc, _code, message, allowed in code_problems(doc.data):
        path = key_path(loc)
        result.append(
            InputError(
                file=source, line=doc.line_of(path), column=path, message=message, allowed=allowed
            )
        )
    return result


def _validation_errors(exc: ValidationError, source: str, doc: YamlDocument) -> list[InputError]:
    return validation_errors(
        exc, source, line_of=doc.line_of, model=Contract, allowed_for={"schema": SCHEMA_ID}
    )


def _plain(value: Any) -> Any:
    """Model dump -> YAML-friendly data: short price rules, no empty optional parts."""
    if isinstance(value, dict):
        if "kind" in value and set(value) <= {"kind", "value"} and value["kind"] in _PRICE_KINDS:
            if value["kind"] == "unpriced" or value.get("value") is None:
                return "unpriced"
            return {value["kind"]: value["value"]}
        return {key: _plain(item) for key, item in value.items() if item is not None}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def contract_to_yaml(contract: Contract) -> str:
    """YAML text of ``contract`` that :func:`parse_contract` reads back to an equal contract."""
    data = _plain(contract.model_dump(by_alias=True, exclude_none=True))
    if not data.get("edits"):
        data.pop("edits", None)
    if not data.get("terms"):
        data.pop("terms", None)
    return dump_yaml(data)


def with_changes(contract: Contract, **dotted: Any) -> Contract:
    """A validated copy with values set by key path, e.g. ``**{"per_diem.concurrent.SH": 50}``.

    Missing parent sections are created; raises InputErrors when the result is not valid.
    """
    data = copy.deepcopy(contract.model_dump(by_alias=True))
    for path, value in dotted.items():
        keys = path.split(".")
        target = data
        for key in keys[:-1]:
            if not isinstance(target.get(key), dict):
                target[key] = {}
            target = target[key]
        target[keys[-1]] = value
    try:
        return Contract.model_validate(data)
    except ValidationError as exc:
        raise InputErrors(_validation_errors(exc, "<changes>", YamlDocument(data=data))) from None
