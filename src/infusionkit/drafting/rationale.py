"""Why a clause changes: for the payer, plain words from ``rationales.yaml`` beside the clause
templates; for the internal version, the review's findings and the recommendation set."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from infusionkit.contracts import Contract


def recommendation_rationales(contract_path: Path | str | None = None) -> dict[str, str]:
    """Topic -> rationale text from the recommendation set the review would use.

    The set is resolved as ``infusionkit review`` does (recommendations.yaml beside the contract,
    else the packaged default); the first entry of a topic wins.
    """
    from infusionkit.review import load_recommendations, resolve_recommendations

    recommendations = load_recommendations(resolve_recommendations(None, contract_path))
    result: dict[str, str] = {}
    for entry in recommendations.recommendations:
        if entry.topic and entry.topic not in result:
            result[entry.topic] = with_source(entry.rationale, entry.source)
    return result


def review_rationales(
    contract: Contract, contract_path: Path | str | None = None
) -> dict[str, str]:
    """Topic -> the review's finding on the current contract (message, rationale and source)."""
    from infusionkit.review import load_recommendations, resolve_recommendations, review

    recommendations = load_recommendations(resolve_recommendations(None, contract_path))
    result: dict[str, str] = {}
    for finding in review(contract, recommendations=recommendations).findings:
        if finding.topic not in result:
            text = f"{finding.message} {finding.rationale}"
            result[finding.topic] = with_source(text, finding.source)
    return result


def with_source(text: str, source: object) -> str:
    """``text`` plus ``(Source: ...)`` when a source is given."""
    text = " ".join(text.split())
    if isinstance(source, str) and source.strip():
        return f"{text} (Source: {' '.join(source.split())})"
    return text


def generic_rationale(title: str) -> str:
    """The fallback: ``Proposed change to <clause>.``"""
    return f"Proposed change to {title}."


def rationale_for(topic: str, title: str, *sources: Mapping[str, str]) -> str:
    """The first rationale for ``topic`` among ``sources``, else the generic one."""
    for source in sources:
        text = source.get(topic)
        if text:
            return text
    return generic_rationale(title)


RATIONALES_NAME = "rationales.yaml"


def payer_rationales(templates_dir: Path) -> dict[str, str]:
    """Clause id -> the payer-facing rationale (``rationales.yaml`` in the templates folder;
    none when the file is absent). A file that is not a mapping of text is an input error."""
    import yaml

    from infusionkit.errors import InputError, InputErrors
    from infusionkit.yaml_files import read_yaml

    path = Path(templates_dir) / RATIONALES_NAME
    if not path.is_file():
        return {}
    try:  # bounded reader: no alias bombs or deep nesting from an edited templates folder
        data = read_yaml(path.read_text(encoding="utf-8")).data or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputErrors([InputError(file=str(path), message=f"cannot read: {exc}")]) from None
    if not isinstance(data, dict):
        raise InputErrors(
            [InputError(file=str(path), message="must map clause ids to text",
                        allowed="clause_id: text")]
        )  # fmt: skip
    bad = [str(k) for k, v in data.items() if not isinstance(v, str) or not v.strip()]
    if bad:
        raise InputErrors(
            [InputError(file=str(path), column=key, message="needs a text") for key in bad]
        )
    return {str(k): " ".join(str(v).split()) for k, v in data.items()}
