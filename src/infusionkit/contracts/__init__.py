"""Contract files: the pydantic model (spec §2), loading with located errors, JSON Schema."""

from infusionkit.contracts.loading import (
    contract_to_yaml,
    load_contract,
    parse_contract,
    with_changes,
)
from infusionkit.contracts.model import (
    SCHEMA_ID,
    UNPRICED,
    ConcurrentTerms,
    Contract,
    DrugOverride,
    DrugTerms,
    Edit,
    Escalator,
    NursingTerms,
    PerDiemTerms,
    PriceKind,
    PriceRule,
    RateSection,
    Terms,
)
from infusionkit.contracts.policies import NotConcurrent, Policies
from infusionkit.contracts.schema import contract_json_schema
from infusionkit.contracts.sections import RATE_LINE_TYPES, SECTION_KEYS

__all__ = [
    "RATE_LINE_TYPES",
    "SCHEMA_ID",
    "SECTION_KEYS",
    "UNPRICED",
    "ConcurrentTerms",
    "Contract",
    "DrugOverride",
    "DrugTerms",
    "Edit",
    "Escalator",
    "NotConcurrent",
    "NursingTerms",
    "PerDiemTerms",
    "Policies",
    "PriceKind",
    "PriceRule",
    "RateSection",
    "Terms",
    "contract_json_schema",
    "contract_to_yaml",
    "load_contract",
    "parse_contract",
    "with_changes",
]
