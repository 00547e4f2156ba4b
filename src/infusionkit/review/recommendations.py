"""The recommendation set: a YAML file users edit (one entry per rule), loaded with located errors.

Which file is used (:func:`resolve_recommendations`): an explicit path; else
``recommendations.yaml`` in the contract's folder; else the default set shipped inside the package
(``infusionkit/review/default_recommendations.yaml``, the same text as
``rate_models/recommendations.yaml``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from infusionkit.errors import InputError, InputErrors, validation_errors
from infusionkit.review.findings import SEVERITIES, TOPICS, Severity, Topic
from infusionkit.yaml_files import YamlDocument, read_user_file, read_yaml_mapping

SCHEMA_ID = "infusionkit.recommendations/1"
FILE_NAME = "recommendations.yaml"
DEFAULT_FILE = Path(__file__).with_name("default_recommendations.yaml")

_FROZEN = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Recommendation(BaseModel):
    """One entry: the rule it configures, what it checks, the recommended value and why.

    ``topic`` and ``title`` belong to the rule (:data:`infusionkit.review.RULES`): a file need
    not repeat them (files of earlier versions did; there they must match) and loading fills
    them in from the rule.
    """

    model_config = _FROZEN

    id: str = Field(pattern=r"^IK\d{3}$")
    topic: Topic | None = None
    severity: Severity
    severity_not_stated: Severity | None = None
    title: str = ""
    check: str = Field(min_length=1)
    recommended: Any
    rationale: str = Field(min_length=1)
    source: str = Field(min_length=1)
    enabled: bool = True

    def not_stated_severity(self) -> Severity:
        """Severity when the contract does not state the term: as set, else one step lower."""
        if self.severity_not_stated is not None:
            return self.severity_not_stated
        return SEVERITIES[min(SEVERITIES.index(self.severity) + 1, len(SEVERITIES) - 1)]


class RecommendationSet(BaseModel):
    """A whole recommendations file (``schema: infusionkit.recommendations/1``)."""

    model_config = _FROZEN

    schema_: Literal["infusionkit.recommendations/1"] = Field(alias="schema")
    description: str | None = None
    recommendations: tuple[Recommendation, ...]
    path: Path | None = Field(default=None, exclude=True)

    def get(self, rule_id: str) -> Recommendation | None:
        """The enabled entry of ``rule_id``, or None."""
        for entry in self.recommendations:
            if entry.id == rule_id and entry.enabled:
                return entry
        return None


def resolve_recommendations(explicit: str | Path | None, contract_path: str | Path | None) -> Path:
    """``explicit``; else recommendations.yaml beside the contract; else the packaged default."""
    if explicit is not None:
        return Path(explicit)
    if contract_path is not None:
        beside = Path(contract_path).parent / FILE_NAME
        if beside.is_file():
            return beside
    return DEFAULT_FILE


def load_recommendations(path: str | Path | None = None) -> RecommendationSet:
    """Read and validate a recommendations file (default: the packaged set).

    Raises InputErrors naming the file, YAML line and key of every problem.
    """
    file = Path(path) if path is not None else DEFAULT_FILE
    text = read_user_file(file, "recommendations file")
    return parse_recommendations(text, source=str(file), path=file)


def parse_recommendations(
    text: str, source: str = "<string>", path: Path | None = None
) -> RecommendationSet:
    """Validate recommendations YAML text; ``source`` names it in error messages."""
    doc, errors = read_yaml_mapping(text, source, what="recommendations file", schema_id=SCHEMA_ID)
    try:
        parsed = RecommendationSet.model_validate({**doc.data, "path": path})
    except ValidationError as exc:
        errors.extend(_structure_errors(exc, source, doc))
        raise InputErrors(errors) from None
    entries, problems = _validate_entries(parsed, source, doc)
    errors.extend(problems)
    if errors:
        raise InputErrors(sorted(errors, key=lambda e: (e.line or 0, e.column or "")))
    return parsed.model_copy(update={"recommendations": entries})


_ALLOWED = {
    "topic": ", ".join(TOPICS),
    "severity": ", ".join(SEVERITIES),
    "severity_not_stated": ", ".join(SEVERITIES),
    "schema": SCHEMA_ID,
    "id": "IK followed by three digits, e.g. IK103",
}


def _structure_errors(exc: ValidationError, source: str, doc: YamlDocument) -> list[InputError]:
    return validation_errors(
        exc, source, line_of=doc.line_of, model=RecommendationSet, allowed_for=_ALLOWED
    )


def _validate_entries(
    parsed: RecommendationSet, source: str, doc: YamlDocument
) -> tuple[tuple[Recommendation, ...], list[InputError]]:
    """Check each entry against its rule (known id, topic and title if given, valid recommended
    value) and fill in the rule's topic and title."""
    from infusionkit.review.rules import RULES

    errors: list[InputError] = []
    entries = []
    seen: set[str] = set()

    def error(index: int, key: str, message: str, allowed: str | None) -> None:
        path = f"recommendations[{index}].{key}"
        errors.append(
            InputError(
                file=source, line=doc.line_of(path), column=path, message=message, allowed=allowed
            )
        )

    for index, entry in enumerate(parsed.recommendations):
        rule = RULES.get(entry.id)
        if rule is None:
            error(index, "id", f"no rule has id {entry.id}", ", ".join(RULES))
            continue
        if entry.id in seen:
            error(index, "id", f"rule {entry.id} is listed twice", "each rule once")
        seen.add(entry.id)
        if entry.topic is not None and entry.topic != rule.topic:
            error(index, "topic", f"rule {entry.id} is about {rule.topic}", rule.topic)
        if entry.title and entry.title != rule.title:
            message = f"rule {entry.id} is titled {rule.title!r} (the title belongs to the rule)"
            error(index, "title", message, "leave title out")
        try:
            value = rule.adapter().validate_python(entry.recommended)
        except ValidationError as exc:
            where = f"recommendations[{index}].recommended"
            first, *_ = validation_errors(
                exc, source, line_of=doc.line_of, prefix=where, allowed=rule.value_help
            )
            errors.append(first)
            continue
        update = {"recommended": value, "topic": rule.topic, "title": rule.title}
        entries.append(entry.model_copy(update=update))
    return tuple(entries), errors
