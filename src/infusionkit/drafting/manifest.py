"""The addendum manifest (``addendum.yaml``): clause order, titles, topics and contract fields."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from infusionkit.errors import InputError, InputErrors

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
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputErrors(
            [InputError(file=str(path), message="manifest not found", allowed=MANIFEST_NAME)]
        ) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputErrors(
            [InputError(file=str(path), message=f"cannot read manifest: {exc}")]
        ) from None
    try:
        manifest = Manifest.model_validate(data)
    except ValidationError as exc:
        errors = [
            InputError(
                file=str(path),
                column=".".join(str(p) for p in item["loc"]),
                message=str(item["msg"]),
            )
            for item in exc.errors(include_url=False)
        ]
        raise InputErrors(errors) from None
    seen: set[str] = set()
    problems = []
    for n, spec in enumerate(manifest.clauses):
        if spec.id in seen:
            problems.append(
                InputError(
                    file=str(path), column=f"clauses.{n}.id", message=f"id {spec.id!r} twice"
                )
            )
        seen.add(spec.id)
    if problems:
        raise InputErrors(problems)
    return manifest
