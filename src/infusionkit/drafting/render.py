"""Render the clause templates for one contract in a sandboxed, strict Jinja2 environment.

A template that uses a value the contract does not provide, prints ``None``, or reaches for
anything the sandbox forbids is an input error naming the template file (and the variable).
"""

from __future__ import annotations

import re
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import (
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from infusionkit.contracts import Contract, load_contract
from infusionkit.drafting.fee_schedule import drug_descriptor, fee_rows
from infusionkit.drafting.filters import FILTERS, FilterValueError
from infusionkit.drafting.manifest import (
    MANIFEST_NAME,
    ClauseSpec,
    Manifest,
    default_templates_dir,
    load_manifest,
)
from infusionkit.drafting.model import Addendum, Block, Clause, FeeRow
from infusionkit.errors import InputError, InputErrors

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_SEPARATOR = re.compile(r"^:?-+:?$")
_UNDEFINED = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")


class NoneValueError(ValueError):
    """A template printed a value the contract leaves unstated (``None``)."""


def _finalize(value: Any) -> Any:
    if value is None:
        raise NoneValueError(
            "the template prints a value the contract does not state (None); "
            "guard it with {% if ... is none %}"
        )
    return value


def make_environment(templates_dir: Path) -> SandboxedEnvironment:
    """The sandboxed, strict environment used for every clause template."""
    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(templates_dir)),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters.update(FILTERS)
    return env


def render_addendum(
    contract: Contract | Path | str, templates_dir: Path | str | None = None
) -> Addendum:
    """Render every clause of the manifest for ``contract``; InputErrors lists every problem."""
    if not isinstance(contract, Contract):
        contract = load_contract(contract)
    folder = Path(templates_dir) if templates_dir is not None else default_templates_dir()
    manifest = load_manifest(folder)
    env = make_environment(folder)
    rows = fee_rows(contract)
    sections = {spec.id: n for n, spec in enumerate(manifest.clauses)}
    clauses: list[Clause] = []
    errors: list[InputError] = []
    first_cause: BaseException | None = None
    for number, spec in enumerate(manifest.clauses):
        context = _context(contract, manifest, spec, number, sections, rows)
        try:
            clauses.append(_render_clause(env, folder, spec, number, context))
        except _ClauseError as exc:
            errors.append(exc.error)
            first_cause = first_cause or exc.__cause__
    if errors:
        raise InputErrors(errors) from first_cause
    return Addendum(manifest.title, contract.payer, tuple(clauses), rows)


def _context(
    contract: Contract,
    manifest: Manifest,
    spec: ClauseSpec,
    number: int,
    sections: dict[str, int],
    rows: tuple[FeeRow, ...],
) -> dict[str, Any]:
    return {
        "contract": contract,
        "payer": contract.payer,
        "effective": contract.effective,
        "per_diem": contract.per_diem,
        "nursing": contract.nursing,
        "drugs": contract.drugs,
        "other": contract.other,
        "lesser_of_billed_charges": contract.lesser_of_billed_charges,
        "terms": contract.terms,
        "fee_schedule": rows,
        "drug_descriptors": {
            code: drug_descriptor(code)
            for code in (contract.drugs.overrides if contract.drugs else ())
        },
        "addendum_title": manifest.title,
        "number": number,
        "title": spec.title,
        "topic": spec.topic,
        "sections": sections,
    }


class _ClauseError(Exception):
    def __init__(self, error: InputError):
        super().__init__(str(error))
        self.error = error


def _render_clause(
    env: SandboxedEnvironment, folder: Path, spec: ClauseSpec, number: int, context: dict[str, Any]
) -> Clause:
    file = str(folder / spec.file)
    try:
        template = env.get_template(spec.file)
        text = template.render(context)
    except TemplateSyntaxError as exc:
        where = exc.filename or file
        raise _ClauseError(
            InputError(file=where, line=exc.lineno, message=f"template syntax error: {exc.message}")
        ) from exc
    except TemplateNotFound as exc:
        raise _ClauseError(
            InputError(
                file=str(folder / MANIFEST_NAME),
                column=f"clauses.{number}.file",
                message=f"template {exc.name!r} not found in {folder}",
            )
        ) from exc
    except SecurityError as exc:
        raise _ClauseError(
            InputError(
                file=file,
                line=_template_line(exc.__traceback__, file),
                message=f"not allowed in a sandboxed contract template: {exc}",
            )
        ) from exc
    except UndefinedError as exc:
        raise _ClauseError(
            InputError(
                file=file,
                line=_template_line(exc.__traceback__, file),
                column=_variable(str(exc)),
                message=f"the template uses a value the contract does not provide: {exc}",
            )
        ) from exc
    except (NoneValueError, FilterValueError, TemplateError) as exc:
        raise _ClauseError(
            InputError(file=file, line=_template_line(exc.__traceback__, file), message=str(exc))
        ) from exc
    blocks = parse_blocks(text)
    if not blocks or blocks[0].kind != "heading":
        raise _ClauseError(
            InputError(
                file=file,
                message="a clause template must start with its heading line",
                allowed="a first line such as '## {{ number }}. {{ title }}'",
            )
        )
    return Clause(spec.id, number, spec.title, spec.topic, file, tuple(blocks), spec.fields)


def _variable(message: str) -> str | None:
    match = _UNDEFINED.search(message)
    if match is None:
        return None
    return match.group(1) or match.group(2)


def _template_line(tb: TracebackType | None, file: str) -> int | None:
    """The template line of the innermost traceback frame that belongs to ``file``."""
    line = None
    target = str(Path(file).resolve())
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name == file or (name and Path(name).name == Path(file).name and _same(name, target)):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _same(name: str, target: str) -> bool:
    try:
        return str(Path(name).resolve()) == target
    except OSError:  # pragma: no cover
        return False


def parse_blocks(text: str) -> list[Block]:
    """Rendered text -> blocks: ``#`` lines are headings, ``|`` lines table rows, blank-line
    separated runs of other lines one paragraph each (lines joined by a space)."""
    blocks: list[Block] = []
    lines: list[str] = []
    rows: list[tuple[str, ...]] = []

    def flush_paragraph() -> None:
        if lines:
            blocks.append(Block("paragraph", " ".join(lines)))
            lines.clear()

    def flush_table() -> None:
        if rows:
            blocks.append(Block("table", rows=tuple(rows)))
            rows.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("|"):
            flush_paragraph()
            cells = tuple(cell.strip() for cell in line.strip("|").split("|"))
            if not all(_SEPARATOR.match(cell) for cell in cells):
                rows.append(cells)
            continue
        flush_table()
        heading = _HEADING.match(line)
        if not line or heading:
            flush_paragraph()
        if heading:
            blocks.append(Block("heading", heading.group(2).strip(), level=len(heading.group(1))))
        elif line:
            lines.append(" ".join(line.split()))
    flush_paragraph()
    flush_table()
    return blocks
