"""Input error records: where a problem is (file, row or YAML line, column or key) and what it is.

Checks return lists of :class:`InputError`; callers raise :class:`InputErrors` once, with all of
them, and the CLI prints them and exits 2. No traceback reaches the user for bad input.
:func:`validation_errors` is the one conversion of pydantic validation errors (contract,
recommendations, mapping and manifest files) into located errors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import UnionType
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin

if TYPE_CHECKING:
    from pydantic import ValidationError

MAX_SHOWN = 50
"""The one cap on problems shown to a user; the others are counted ("... and 7 more")."""


@dataclass(frozen=True)
class InputError:
    """One problem in one input file."""

    file: str
    message: str
    line: int | None = None  # 1-based line in the file (CSV line incl. header, YAML line)
    row_id: str | None = None  # the row's own id (therapy_id, visit_id, ...) when it has one
    column: str | None = None  # column name or YAML key path ("per_diem.rates.S9500")
    allowed: str | None = None  # what would be accepted
    segment: int | None = None  # 1-based segment position in an X12 file (ISA = 1)

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.segment is not None:
            where.append(f"segment {self.segment}")
        if self.row_id:
            where.append(f"id {self.row_id}")
        if self.column:
            where.append(self.column)
        text = f"{', '.join(where)}: {self.message}"
        if self.allowed:
            text += f" (allowed: {self.allowed})"
        return text


class InputErrors(Exception):
    """Raised once with every problem found in the input.

    ``total`` counts every problem found; a check that stops storing them (at :data:`MAX_SHOWN`)
    passes its count, so the message says how many were not listed.
    """

    def __init__(self, errors: Sequence[InputError], total: int | None = None):
        self.errors: tuple[InputError, ...] = tuple(errors)
        self.total = max(total or 0, len(self.errors))
        super().__init__(self.render())

    def render(self) -> str:
        """The first :data:`MAX_SHOWN` problems, one a line, and a count of the others."""
        shown = [str(error) for error in self.errors[:MAX_SHOWN]]
        hidden = self.total - len(shown)
        if hidden > 0:
            shown.append(f"... and {hidden} more problem(s)")
        return "\n".join(shown)


def raise_if_any(errors: Iterable[InputError]) -> None:
    """Raise :class:`InputErrors` when the iterable holds any error."""
    collected = list(errors)
    if collected:
        raise InputErrors(collected)


def input_error(path: Path | str, message: str, **where: object) -> InputErrors:
    """Shorthand for a single-problem :class:`InputErrors`."""
    return InputErrors([InputError(file=str(path), message=message, **where)])  # type: ignore[arg-type]


# --- key paths and pydantic validation errors ---------------------------------------------------


def join_path(parent: str, key: str | int) -> str:
    """``per_diem`` + ``rates`` -> ``per_diem.rates``; sequence items as ``edits[0]``."""
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else str(key)


def key_path(loc: Iterable[str | int], prefix: str = "") -> str:
    """A pydantic location as a key path (below ``prefix``): ``per_diem.rates.S9500``, ``edits[0]``.

    Key markers and union/function tags are not keys (errors are located by alias, e.g.
    ``schema``).
    """
    path = prefix
    for part in loc:
        if not _is_marker(part):
            path = join_path(path, part)
    return path


_TYPE_HINTS = {
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "bool_parsing": "true or false",
    "bool_type": "true or false",
    "string_type": "text",
    "string_too_short": "non-empty text",
    "dict_type": "a mapping of keys",
    "model_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys",
}


def validation_errors(
    exc: ValidationError,
    source: str,
    *,
    line_of: Callable[[str], int | None] | None = None,
    model: type | None = None,
    allowed_for: Mapping[str, str] | None = None,
    allowed: str | None = None,
    prefix: str = "",
) -> list[InputError]:
    """Every problem of a pydantic validation as an :class:`InputError` with line and key path.

    ``line_of(path)`` gives the file line of a key path; ``model``, the validated model, lists the
    keys allowed beside an unknown key; ``allowed_for`` says what is allowed by (last) key name;
    ``allowed`` says it for every problem (a value validated on its own at key path ``prefix``).
    Otherwise what is allowed comes from the problem itself (its ``allowed`` context, the
    expected literals, or the expected type).
    """
    result = []
    for item in exc.errors(include_url=False):
        loc = tuple(item["loc"])
        path = key_path(loc, prefix)
        last = path.rsplit(".", 1)[-1]
        kind = item["type"]
        ctx = item.get("ctx") or {}
        message = str(item["msg"]).removeprefix("Value error, ")
        hint = ctx.get("allowed") or _TYPE_HINTS.get(kind)
        if kind == "extra_forbidden":
            message = f"unknown key {last!r}"
            hint = _model_keys(model, loc[:-1])
        elif kind == "missing":
            message = f"required key {last!r} is missing"
        elif kind == "literal_error":
            message = f"{item.get('input')!r} is not allowed"
            hint = str(ctx.get("expected", "")) or None
        if allowed_for and last in allowed_for and kind != "extra_forbidden":
            hint = allowed_for[last]
        result.append(
            InputError(
                file=source,
                line=line_of(path) if line_of is not None else None,
                column=path,
                message=message,
                allowed=allowed if allowed is not None else hint,
            )
        )
    return result


def _model_keys(model: Any, loc: tuple[Any, ...]) -> str | None:
    """The keys (aliases) of the model found at ``loc`` inside ``model``, comma-separated."""
    from pydantic import BaseModel

    node = model
    for part in (p for p in loc if not _is_marker(p)):
        node = _optional_inner(node)
        if isinstance(part, str) and isinstance(node, type) and issubclass(node, BaseModel):
            field = node.model_fields.get(part)
            if field is None:
                return None
            node = field.annotation
        else:  # a sequence index or a mapping key: the item type
            args = [arg for arg in get_args(node) if arg is not ...]
            if not args:
                return None
            node = args[-1]
    node = _optional_inner(node)
    if not (isinstance(node, type) and issubclass(node, BaseModel)):
        return None
    keys = [f.alias or name for name, f in node.model_fields.items() if f.exclude is not True]
    return ", ".join(keys) or None


def _is_marker(part: str | int) -> bool:
    return part == "[key]" or (isinstance(part, str) and ("[" in part or "(" in part))


def _optional_inner(annotation: Any) -> Any:
    """``X | None`` -> ``X``; anything else as it is."""
    if get_origin(annotation) in (Union, UnionType):
        rest = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return annotation
