"""Alias bombs and deep nesting in any YAML a user gives (contract, proposal, mapping) fail fast
with exit 2 naming the file and line: aliases, nodes and depth are bounded."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from infusionkit.yaml_files import YamlLimitError, read_yaml

from . import builders
from .harness import Case, Run, problems_of

KLASS = "yaml_bombs"
# Before: 492 bytes grew to 4.3 GB in 60 s; 5,000-deep nesting raised RecursionError. Now each
# is refused in milliseconds; the limit leaves room for a loaded test machine.
LIMIT = 3.0


def billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        name, prev = chr(97 + i), chr(96 + i)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def _where(kind: str, text: str, *mentions: str) -> object:
    def build(tmp: Path) -> Run:
        if kind == "contract":
            path = builders.contract(tmp, builders.CONTRACT + text)
            args = builders.simulate_args(tmp, contract_path=path)
        elif kind == "proposal":
            current = builders.contract(tmp)
            path = builders.contract(tmp, builders.CONTRACT + text, name="proposal.yaml")
            args = ["propose", str(current), "--proposal", str(path), "--out", str(tmp / "out")]
        else:
            path = tmp / "mapping.yaml"
            path.write_text("schema: infusionkit.mapping/1\n" + text)
            args = builders.simulate_args(tmp, extra=("--map", str(path)))
        return Run(args, mentions=(path.name, *mentions), seconds=LIMIT)

    return build


DEEP_FLOW = "x: " + "[" * 5000 + "]" * 5000 + "\n"
DEEP_MAP = "x: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n"
DEEP_BLOCK = "x:\n" + "".join("  " * i + "- \n" for i in range(1, 200)) + "  " * 200 + "- 1\n"
MANY_ALIASES = "a: &a 1\nb: [" + ",".join(["*a"] * 150) + "]\n"
CASES = [
    Case(KLASS, "billion laughs in a contract", _where("contract", billion_laughs(), "alias")),  # type: ignore[arg-type]
    Case(KLASS, "billion laughs in a proposal", _where("proposal", billion_laughs(), "alias")),  # type: ignore[arg-type]
    Case(KLASS, "billion laughs in a mapping", _where("mapping", billion_laughs(), "alias")),  # type: ignore[arg-type]
    Case(KLASS, "5,000-deep [[[ in a contract", _where("contract", DEEP_FLOW, "line 12", "levels")),  # type: ignore[arg-type]
    Case(KLASS, "5,000-deep {a: in a contract", _where("contract", DEEP_MAP, "line 12", "levels")),  # type: ignore[arg-type]
    Case(KLASS, "200-deep block lists in a proposal", _where("proposal", DEEP_BLOCK, "levels")),  # type: ignore[arg-type]
    Case(KLASS, "5,000-deep [[[ in a mapping", _where("mapping", DEEP_FLOW, "levels")),  # type: ignore[arg-type]
    Case(KLASS, "150 aliases in a contract", _where("contract", MANY_ALIASES, "100 aliases")),  # type: ignore[arg-type]
    Case(KLASS, "3 MB contract", _where("contract", "# " + "x" * 3_000_000 + "\n", "bytes")),  # type: ignore[arg-type]
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_refused_fast(case: Case, tmp_path: Path) -> None:
    assert problems_of(case, tmp_path) == []


@pytest.mark.parametrize("text", [billion_laughs(), DEEP_FLOW, DEEP_MAP, MANY_ALIASES])
def test_reader_refuses_in_well_under_a_second(text: str) -> None:
    started = time.perf_counter()
    with pytest.raises(YamlLimitError):
        read_yaml(text)
    assert time.perf_counter() - started < 0.5


def test_a_few_aliases_are_fine() -> None:
    assert read_yaml("a: &r 95.00\nb: *r\n").data == {"a": 95, "b": 95}
