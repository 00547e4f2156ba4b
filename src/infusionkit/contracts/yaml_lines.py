"""YAML in and out with exact numbers, and the line of every key path.

``read_yaml`` composes the node tree once, records where each key path starts (for error
messages), then constructs plain Python data in which every YAML float is a :class:`Decimal` made
from the text as written. ``dump_yaml`` writes Decimals back as plain decimals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from infusionkit.errors import InputError, InputErrors, input_error, join_path

_PLAIN_INT = re.compile(r"^[-+]?[0-9][0-9_]*$")


class DecimalLoader(yaml.SafeLoader):
    """SafeLoader without floats: decimals as written, ints in base 10, bad dates as text."""


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation:  # sexagesimal and other rare YAML 1.1 forms: leave as text
        return text


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    text = str(loader.construct_scalar(node))
    if _PLAIN_INT.match(text):
        return int(text.replace("_", ""), 10)  # "012" is twelve, not octal ten
    return yaml.SafeLoader.construct_yaml_int(loader, node)


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:  # e.g. 2025-13-01: let validation report it with its line
        return loader.construct_scalar(node)


DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
DecimalLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
DecimalLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


@dataclass
class YamlDocument:
    """Data read from YAML, the 1-based line of each key path, and duplicate keys found."""

    data: Any
    lines: dict[str, int] = field(default_factory=dict)
    duplicates: list[tuple[str, int]] = field(default_factory=list)

    def line_of(self, path: str) -> int | None:
        """Line of ``path`` or of its nearest listed parent (``""`` is the document)."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = parent_path(path)


def parent_path(path: str) -> str:
    """``per_diem.rates.S9500`` -> ``per_diem.rates``; ``edits[0]`` -> ``edits``."""
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else ""


def _key_text(node: yaml.Node) -> str:
    value = node.value if isinstance(node, yaml.ScalarNode) else "?"
    return str(value).strip()


def _walk(node: yaml.Node, path: str, doc: YamlDocument, normalize_key: Any) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = normalize_key(path, _key_text(key_node))
            child = join_path(path, key)
            line = key_node.start_mark.line + 1
            if key in seen:
                doc.duplicates.append((child, line))
            seen.add(key)
            doc.lines.setdefault(child, line)
            _walk(value_node, child, doc, normalize_key)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = join_path(path, index)
            doc.lines.setdefault(child, item.start_mark.line + 1)
            _walk(item, child, doc, normalize_key)


def read_yaml(text: str, normalize_key: Any = None) -> YamlDocument:
    """Parse one YAML document exactly; raises ``yaml.YAMLError`` (with a mark) on bad syntax.

    ``normalize_key(parent_path, key)`` may rewrite keys in recorded paths (e.g. upper-case codes).
    """
    key_fn = normalize_key or (lambda _parent, key: key)
    loader = DecimalLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(data=None)
        doc = YamlDocument(data=None, lines={"": node.start_mark.line + 1})
        _walk(node, "", doc, key_fn)
        doc.data = loader.construct_document(node)
        return doc
    finally:
        loader.dispose()  # type: ignore[no-untyped-call]


def read_user_file(path: str | Path, what: str, *, max_bytes: int | None = None) -> str:
    """The UTF-8 text of a file the user wrote (``what``: "contract file" …).

    Raises :class:`InputErrors` naming the file when it is missing, unreadable, not UTF-8 or
    larger than ``max_bytes``.
    """
    file = Path(path)
    try:
        if max_bytes is not None and file.stat().st_size > max_bytes:
            raise input_error(file, f"{what} is too large")
        return file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise input_error(file, f"{what} not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise input_error(file, f"cannot read {what}: {exc}") from None


def read_yaml_mapping(
    text: str, source: str, *, what: str, schema_id: str, normalize_key: Any = None
) -> tuple[YamlDocument, list[InputError]]:
    """Parse a file that must be one YAML mapping; located errors for syntax and shape.

    Raises :class:`InputErrors` for a syntax error or a document that is not a mapping; returns
    the document and the errors found so far (keys given twice) for the caller to extend.
    """
    try:
        doc = read_yaml(text, normalize_key)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputErrors(
            [
                InputError(
                    file=source,
                    line=mark.line + 1 if mark is not None else None,
                    message=f"YAML syntax error: {getattr(exc, 'problem', None) or exc}",
                    allowed="valid YAML (check indentation, colons and quotes)",
                )
            ]
        ) from None
    if not isinstance(doc.data, dict):
        raise InputErrors(
            [
                InputError(
                    file=source,
                    line=doc.line_of(""),
                    message=f"a {what} must be a YAML mapping of keys",
                    allowed=f"a mapping starting with 'schema: {schema_id}'",
                )
            ]
        )
    duplicates = [
        InputError(
            file=source,
            line=line,
            column=path,
            message=f"key {path} appears twice",
            allowed="each key once",
        )
        for path, line in doc.duplicates
    ]
    return doc, duplicates


class _DecimalDumper(yaml.SafeDumper):
    """SafeDumper that writes Decimals as plain numbers and tuples as lists."""


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


def _represent_tuple(dumper: yaml.SafeDumper, value: tuple[Any, ...]) -> yaml.SequenceNode:
    return dumper.represent_list(list(value))


_DecimalDumper.add_representer(Decimal, _represent_decimal)
_DecimalDumper.add_representer(tuple, _represent_tuple)


def dump_yaml(data: Any) -> str:
    """YAML text of plain data, keys in the given order, Decimals exact."""
    return yaml.dump(
        data, Dumper=_DecimalDumper, sort_keys=False, allow_unicode=True, default_flow_style=False
    )
