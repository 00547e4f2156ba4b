"""YAML files users write, in and out with exact numbers, and the line of every key path.

A base module: contract files, review recommendations, export mappings, proposals and
templates' rationales are all read here (:func:`read_user_file`, :func:`read_yaml_mapping`).

``read_yaml`` composes the node tree once, records where each key path starts (for error
messages), then constructs plain Python data in which every YAML float is a :class:`Decimal` made
from the text as written. ``dump_yaml`` writes Decimals back as plain decimals.

Numbers are decimal numbers only: YAML 1.1's other implicit forms (``1:20`` base 60 = 80,
``1_000``, ``0x10``, ``0o17``, ``.inf``, ``.nan``, ``1.5e+3``) stay text, so a money or percent
value written that way is an error naming its line and key instead of a silent surprise.
Untrusted files are bounded (:mod:`infusionkit.bounds`): size, nesting depth, aliases and the
number of nodes once aliases are expanded, so alias bombs and deep nesting fail fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from infusionkit.bounds import MAX_YAML_ALIASES, MAX_YAML_BYTES, MAX_YAML_DEPTH, MAX_YAML_NODES
from infusionkit.errors import InputError, InputErrors, input_error, join_path

_DECIMAL_INT = re.compile(r"^[-+]?[0-9]+$")
_DECIMAL = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # no document can hold them
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"


class YamlLimitError(yaml.MarkedYAMLError):
    """A YAML file over one of the bounds (size, depth, aliases, nodes)."""

    def __init__(self, problem: str, mark: yaml.Mark | None, allowed: str):
        super().__init__(problem=problem, problem_mark=mark)
        self.allowed = allowed


class DecimalLoader(yaml.SafeLoader):
    """SafeLoader without floats: decimals as written, ints in base 10, bad dates as text.

    Only plain decimal numbers resolve to numbers; composition is bounded in depth and aliases.
    """

    yaml_implicit_resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_INT_TAG, _FLOAT_TAG)]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0
        self._aliases = 0

    def fetch_flow_collection_start(self, TokenClass: Any) -> None:
        """The scanner's own nesting counter: deep ``[[[[`` fails before it is scanned further."""
        super().fetch_flow_collection_start(TokenClass)
        if self.flow_level > MAX_YAML_DEPTH:
            raise YamlLimitError(
                f"nested more than {MAX_YAML_DEPTH} levels deep",
                self.get_mark(),
                f"at most {MAX_YAML_DEPTH} levels of nesting",
            )

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_YAML_ALIASES:
                raise YamlLimitError(
                    f"more than {MAX_YAML_ALIASES} aliases (*name)",
                    self.peek_event().start_mark,
                    f"at most {MAX_YAML_ALIASES} aliases; write the values out",
                )
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                raise YamlLimitError(
                    f"nested more than {MAX_YAML_DEPTH} levels deep",
                    self.peek_event().start_mark,
                    f"at most {MAX_YAML_DEPTH} levels of nesting",
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


DecimalLoader.add_implicit_resolver(_INT_TAG, _DECIMAL_INT, list("-+0123456789"))
DecimalLoader.add_implicit_resolver(_FLOAT_TAG, _DECIMAL, list("-+0123456789."))


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    text = str(loader.construct_scalar(node))
    if not _DECIMAL.match(text) and not _DECIMAL_INT.match(text):
        return text  # an explicit !!float in another form (.inf, 1e3, 1:20): left as text
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the patterns guard this
        return text


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    text = str(loader.construct_scalar(node))
    if _DECIMAL_INT.match(text):
        return int(text, 10)  # "012" is twelve, not octal ten
    return text  # an explicit !!int in another form (0x10, 1_000, 1:20): left as text


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
    control: list[tuple[str, int]] = field(default_factory=list)  # text with control characters

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
    if isinstance(node, yaml.ScalarNode):
        if isinstance(node.value, str) and _CONTROL.search(node.value):
            doc.control.append((path, node.start_mark.line + 1))
    elif isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = normalize_key(path, _key_text(key_node))
            child = join_path(path, key)
            line = key_node.start_mark.line + 1
            if key in seen:
                doc.duplicates.append((child, line))
            seen.add(key)
            doc.lines.setdefault(child, line)
            if isinstance(key_node, yaml.ScalarNode):
                _walk(key_node, child, doc, normalize_key)
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
    size = len(text.encode("utf-8"))
    if size > MAX_YAML_BYTES:
        raise YamlLimitError(
            f"{size:,} bytes of YAML", None, f"at most {MAX_YAML_BYTES:,} bytes per file"
        )
    loader = DecimalLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except RecursionError:  # pragma: no cover - the depth bound comes first
            raise YamlLimitError(
                "nested too deeply", None, f"at most {MAX_YAML_DEPTH} levels of nesting"
            ) from None
        if node is None:
            return YamlDocument(data=None)
        _check_expanded_size(node)
        doc = YamlDocument(data=None, lines={"": node.start_mark.line + 1})
        _walk(node, "", doc, key_fn)
        doc.data = loader.construct_document(node)
        return doc
    finally:
        loader.dispose()


def _check_expanded_size(root: yaml.Node) -> None:
    """Refuse a document whose nodes, counted with every alias expanded, exceed the bound."""
    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        total = 1
        if isinstance(node, yaml.MappingNode):
            total += sum(size(key) + size(value) for key, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            total += sum(size(item) for item in node.value)
        sizes[id(node)] = total = min(total, MAX_YAML_NODES + 1)
        return total

    if size(root) > MAX_YAML_NODES:
        raise YamlLimitError(
            f"more than {MAX_YAML_NODES:,} values once aliases are expanded (an alias bomb?)",
            root.start_mark,
            f"at most {MAX_YAML_NODES:,} values",
        )


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
    except YamlLimitError as exc:
        mark = exc.problem_mark
        raise InputErrors(
            [
                InputError(
                    file=source,
                    line=mark.line + 1 if mark is not None else None,
                    message=f"YAML file too large or deep: {exc.problem}",
                    allowed=exc.allowed,
                )
            ]
        ) from None
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
    ] + [
        InputError(
            file=source,
            line=line,
            column=path or None,
            message="text holds a control character (written as an escape like \\x01)",
            allowed="printable text (tabs and line breaks are fine)",
        )
        for path, line in doc.control
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
