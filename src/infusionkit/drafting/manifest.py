"""The addendum manifest (``addendum.yaml``): clause order, titles, topics and contract fields."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from infusionkit.errors import InputError, InputErrors, validation_errors
from infusionkit.yaml_files import read_yaml

MANIFEST_NAME = "addendum.yaml"

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class ClauseSpec(BaseModel):
    """One clause: its template file, title, review topic and the contract keys it states."""

    model_config = _FROZEN

    id: str = Field(min_length=1, pattern=r"^[a-z0-9_]+$")
    file: str = Field(min_length=1)
    title: str = Field(min_length=1)
    topic: str = Field(min_length=1)
    fields: tuple[str, ...] = ()  # dotted contract keys, e.g. per_diem.concurrent


class Manifest(BaseModel):
    """The whole manifest."""

    model_config = _FROZEN

    title: str = Field(min_length=1)
    clauses: tuple[ClauseSpec, ...] = Field(min_length=1)


def default_templates_dir() -> Path:
    """``contract_templates/`` at the top of the source tree."""
    import infusionkit

    return Path(infusionkit.__file__).parents[2] / "contract_templates"


def load_manifest(templates_dir: Path) -> Manifest:
    """Read and check ``templates_dir/addendum.yaml``; raises InputErrors naming every problem."""
    path = templates_dir / MANIFEST_NAME
    if not templates_dir.is_dir():
        raise InputErrors(
            [InputError(file=str(templates_dir), message="templates folder not found")]
        )
    try:
        doc = read_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputErrors(
            [InputError(file=str(path), message="manifest not found", allowed=MANIFEST_NAME)]
        ) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputErrors(
            [InputError(file=str(path), message=f"cannot read manifest: {exc}")]
        ) from None
    try:
        manifest = Manifest.model_validate(doc.data)
    except ValidationError as exc:
        errors = validation_errors(exc, str(path), line_of=doc.line_of, model=Manifest)
        raise InputErrors(errors) from None
    seen: set[str] = set()
    problems = []
    for n, spec in enumerate(manifest.clauses):
        if spec.id in seen:
            key = f"clauses[{n}].id"
            problems.append(
                InputError(str(path), f"id {spec.id!r} twice", doc.line_of(key), column=key)
            )
        seen.add(spec.id)
    if problems:
        raise InputErrors(problems)
    return manifest
