"""The user documentation in docs/: generated pages fresh, hand-written pages complete, no link
leaving the repository."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from infusionkit.cli.docs import PAGES, REGENERATE, cli_reference, main, rules_reference

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
STALE = (
    "docs/{name} is stale: run `" + REGENERATE + "` (python -m infusionkit.cli.docs) "
    "and commit docs/{name}."
)


@pytest.mark.parametrize("name", list(PAGES))
def test_generated_page_is_fresh(name: str) -> None:
    path = DOCS / name
    current = path.read_text(encoding="utf-8") if path.is_file() else ""
    if current != PAGES[name]():
        pytest.fail(STALE.format(name=name), pytrace=False)


def test_docs_command_writes_then_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(tmp_path)]) == 0
    assert {p.name for p in tmp_path.iterdir()} == set(PAGES)
    assert main(["--check", str(tmp_path)]) == 0
    page = tmp_path / "cli.md"
    page.write_text(page.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["--check", str(tmp_path)]) == 1
    assert REGENERATE in capsys.readouterr().err
    assert main([str(tmp_path)]) == 0 and main(["--check", str(tmp_path)]) == 0


def test_cli_reference_has_every_command_and_option() -> None:
    from typer.main import get_command

    from infusionkit.cli.main import app

    text = cli_reference()
    root = get_command(app)

    def walk(group: Any, path: str) -> None:
        for name, command in group.commands.items():
            heading = f"## {path} {name}"
            assert heading + "\n" in text, heading
            for param in command.params:
                for opt in getattr(param, "opts", []):
                    if opt.startswith("--") and opt != "--help":
                        assert opt in text, (heading, opt)
            if isinstance(getattr(command, "commands", None), dict):
                walk(command, f"{path} {name}")

    walk(root, "infusionkit")


def test_rules_reference_has_every_rule_with_its_problem_and_fix() -> None:
    from infusionkit.coding.rules import RULES as LINE_RULES
    from infusionkit.review import RULES as REVIEW_RULES

    text = rules_reference()
    for rule in LINE_RULES.values():
        assert f"### {rule.id} {rule.title}\n" in text
        assert rule.doc.sections["Source"] in text
    for rule in REVIEW_RULES.values():
        assert f"### {rule.id} {rule.title}\n" in text
        assert rule.problem[1:] in text and rule.fix[1:] in text


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n#", start + len(heading))
    return text[start : end if end >= 0 else len(text)]


def test_every_episode_table_and_column_is_in_inputs() -> None:
    from infusionkit.episodes import SPECS

    text = (DOCS / "inputs.md").read_text(encoding="utf-8")
    for name, spec in SPECS.items():
        section = _section(text, f"### {name} ")
        for column in spec.columns:
            rows = [
                line for line in section.splitlines() if line.startswith(f"| `{column.name}` |")
            ]
            assert len(rows) == 1, (name, column.name)
            assert ("**required**" in rows[0]) == column.required, (name, column.name)
            high = getattr(column, "high", None)
            if high is not None:
                assert f"{int(high):,}" in rows[0], (name, column.name, "bound")
    for price_file in ("chargemaster.csv", "drug_prices.csv"):
        assert f"### {price_file}" in text


def _contract_keys() -> list[str]:
    """Every key path of the contract JSON Schema (a price rule is one value)."""
    from infusionkit.contracts import contract_json_schema

    schema = contract_json_schema()
    defs = schema.get("$defs", {})
    found: list[str] = []

    def walk(node: dict[str, Any], path: str) -> None:
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            if name == "PriceRule":
                return
            node = defs[name]
        for key in ("anyOf", "allOf", "oneOf"):
            for sub in node.get(key, []):
                walk(sub, path)
        for key, sub in node.get("properties", {}).items():
            found.append(path + key)
            walk(sub, path + key + ".")
        extra = node.get("additionalProperties")
        if isinstance(extra, dict) and path.endswith("overrides."):
            walk(extra, path + "CODE.")
        items = node.get("items")
        if isinstance(items, dict):
            walk(items, path.rstrip(".") + "[].")

    walk(schema, "")
    return list(dict.fromkeys(found))


def test_every_contract_key_is_in_contracts() -> None:
    text = (DOCS / "contracts.md").read_text(encoding="utf-8")
    keys = _contract_keys()
    assert "per_diem.concurrent.SH" in keys and "edits[].find" in keys
    missing = [key for key in keys if f"`{key}`" not in text]
    assert not missing, f"document these contract keys in docs/contracts.md: {missing}"


_LINK = re.compile(r"\]\(([^)#\s]+)(#[^)]*)?\)")


@pytest.mark.parametrize(
    "page",
    [ROOT / "README.md", *sorted(DOCS.glob("*.md"))],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_links_stay_inside_the_repository(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    assert "../shared" not in text and "spec.md" not in text
    for target, _ in _LINK.findall(text):
        if re.match(r"^[a-z]+:", target):  # https:, mailto:
            continue
        resolved = (page.parent / target).resolve()
        assert resolved.is_relative_to(ROOT), (page.name, target)
        assert resolved.exists(), (page.name, target)


def test_docs_index_links_every_page() -> None:
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    for page in DOCS.glob("*.md"):
        if page.name != "README.md":
            assert f"]({page.name})" in index, page.name
