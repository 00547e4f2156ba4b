"""The contract file model (spec §2): frozen pydantic models with exact Decimal money."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Literal, cast

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import InitErrorDetails, core_schema

from infusionkit.catalog import normalize
from infusionkit.contracts.codes_check import code_problems
from infusionkit.contracts.policies import Policies
from infusionkit.contracts.sections import SECTION_KEYS
from infusionkit.contracts.values import (
    CalendarDate,
    Money,
    Percent,
    SignedPercent,
    money_value,
    normalize_code_keys,
    percent_value,
    problem,
)
from infusionkit.money import percent_text

SCHEMA_ID = "infusionkit.contract/1"

PriceKind = Literal["rate", "percent_of_charges", "unpriced"]
Basis = Literal["AWP", "WAC", "ASP"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
_NUMBER = re.compile(r"^\$?[+-]?(\d[\d,]*(\.\d*)?|\.\d+)$")
_RULE_FORMS = "unpriced, a dollar rate (95.00), {rate: 95.00} or {percent_of_charges: 60}"


class PriceRule(BaseModel):
    """How lines without a listed rate are priced: a rate, a percent of charges, or unpriced."""

    model_config = _FROZEN

    kind: PriceKind
    value: Decimal | None = None

    @model_validator(mode="before")
    @classmethod
    def from_yaml_forms(cls, data: Any) -> Any:
        """A YAML form as ``{kind, value}`` with the value read exactly (problems at the rule)."""
        form = _rule_form(data)
        if isinstance(form, dict) and form.get("value") is not None:
            read = _VALUE_OF_KIND.get(form.get("kind", ""))
            if read is not None:
                form = {**form, "value": read(form["value"])}
        return form

    @model_validator(mode="after")
    def value_matches_kind(self) -> PriceRule:
        if self.kind == "unpriced" and self.value is not None:
            raise problem("price_rule", "unpriced takes no value", _RULE_FORMS)
        if self.kind != "unpriced" and self.value is None:
            raise problem("price_rule", f"{self.kind} needs a value", _RULE_FORMS)
        return self

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        number = {"anyOf": [{"type": "number"}, {"type": "string"}]}
        return {
            "title": "PriceRule",
            "description": f"One of: {_RULE_FORMS}.",
            "anyOf": [
                {"const": "unpriced"},
                {"type": "number", "minimum": 0},
                {
                    "type": "object",
                    "properties": {"rate": number},
                    "required": ["rate"],
                    "additionalProperties": False,
                },
                {
                    "type": "object",
                    "properties": {"percent_of_charges": number},
                    "required": ["percent_of_charges"],
                    "additionalProperties": False,
                },
            ],
        }

    def describe(self) -> str:
        """``"rate $95.00"``, ``"60% of charges"`` or ``"unpriced"``."""
        if self.kind == "rate" and self.value is not None:
            return f"rate ${self.value:,.2f}"
        if self.kind == "percent_of_charges" and self.value is not None:
            return f"{percent_text(self.value)} of charges"
        return "unpriced"


def _rule_form(data: Any) -> Any:
    if isinstance(data, str) and data.strip().lower() == "unpriced":
        return {"kind": "unpriced"}
    if isinstance(data, int | Decimal | float) and not isinstance(data, bool):
        return {"kind": "rate", "value": data}
    if isinstance(data, str) and _NUMBER.match(data.strip()):
        return {"kind": "rate", "value": data.strip()}
    if isinstance(data, dict) and len(data) == 1:
        ((key, value),) = data.items()
        if key in ("rate", "percent_of_charges"):
            return {"kind": key, "value": value}
    if isinstance(data, dict) and "kind" in data:
        return data
    if isinstance(data, PriceRule):
        return data
    raise problem("price_rule", f"{data!r} is not a price rule", _RULE_FORMS)


_VALUE_OF_KIND = {"rate": money_value, "percent_of_charges": percent_value}
UNPRICED = PriceRule(kind="unpriced")


class RateSection(BaseModel):
    """Rates per code plus a default rule (per diem infrequent, nursing, other)."""

    model_config = _FROZEN

    rates: dict[str, Money] = {}
    default: PriceRule = UNPRICED

    @field_validator("rates", mode="before")
    @classmethod
    def upper_case_codes(cls, value: Any) -> Any:
        return normalize_code_keys(value)

    def rule_for(self, code: str) -> tuple[PriceRule, str]:
        """The rule pricing ``code`` and where it came from (``"rates.S9500"`` or ``"default"``)."""
        key = normalize(code)
        if key in self.rates:
            return PriceRule(kind="rate", value=self.rates[key]), f"rates.{key}"
        return self.default, "default"


class ConcurrentTerms(BaseModel):
    """Which therapy of a day is primary and what SH / SJ days pay (% of the code's rate)."""

    model_config = _FROZEN

    primary: Literal["highest_rate", "first_started"] = "highest_rate"
    SH: Percent = Decimal(100)
    SJ: Percent = Decimal(100)
    modifier_59: bool | None = None  # payer policy: SH/SJ lines also carry modifier 59


class PerDiemTerms(RateSection):
    """Per diem rates, day counting, concurrency, AIS and infrequent (> 72 h) therapies."""

    day_count: Literal["access_days", "administration_days", "service_days"] = "access_days"
    concurrent: ConcurrentTerms = ConcurrentTerms()
    ais_percent: Percent = Decimal(100)
    infrequent: RateSection | None = None


class NursingTerms(RateSection):
    """Nursing rates; ``ais_percent`` (a payer policy): suite visits carry SS, paid at this %."""

    ais_percent: Percent | None = None


class DrugOverride(BaseModel):
    """Basis and percent for one drug code, replacing the general drug terms."""

    model_config = _FROZEN

    basis: Basis
    percent: SignedPercent


class DrugTerms(BaseModel):
    """Drugs priced at a basis price (AWP, WAC, ASP) plus/minus a percent."""

    model_config = _FROZEN

    basis: Basis
    percent: SignedPercent = Decimal(0)
    overrides: dict[str, DrugOverride] = {}

    @field_validator("overrides", mode="before")
    @classmethod
    def upper_case_codes(cls, value: Any) -> Any:
        return normalize_code_keys(value)

    def terms_for(self, hcpcs: str) -> tuple[str, Decimal, str]:
        """(basis, percent, source) for a drug code: its override or the general terms."""
        key = normalize(hcpcs)
        override = self.overrides.get(key)
        if override is not None:
            return override.basis, override.percent, f"drugs.overrides.{key}"
        return self.basis, self.percent, "drugs"


class Escalator(BaseModel):
    """Yearly rate increase: none, a fixed percent, or CPI."""

    model_config = _FROZEN

    type: Literal["none", "fixed_percent", "cpi"]
    percent: SignedPercent | None = None

    @model_validator(mode="after")
    def percent_iff_fixed(self) -> Escalator:
        if self.type == "fixed_percent" and self.percent is None:
            raise problem(
                "escalator", "fixed_percent needs a percent", "{type: fixed_percent, percent: 3}"
            )
        if self.type != "fixed_percent" and self.percent is not None:
            raise problem(
                "escalator", f"{self.type} takes no percent", "percent only with type fixed_percent"
            )
        return self


class Terms(BaseModel):
    """Non-rate terms read by the contract review."""

    model_config = _FROZEN

    timely_filing_days: int | None = Field(default=None, ge=0)
    clean_claim_payment_days: int | None = Field(default=None, ge=0)
    escalator: Escalator | None = None
    recoupment_lookback_months: int | None = Field(default=None, ge=0)
    termination_without_cause_days: int | None = Field(default=None, ge=0)
    most_favored_nation: bool | None = None


class Edit(BaseModel):
    """A text change to apply to the payer's document (``infusionkit propose --docx``)."""

    model_config = _FROZEN

    find: str = Field(min_length=1)
    replace: str
    regex: bool = False
    comment: str | None = None
    under_heading: str | None = None

    @model_validator(mode="after")
    def regex_compiles(self) -> Edit:
        if self.regex:
            try:
                re.compile(self.find)
            except re.error as exc:
                raise problem(
                    "regex",
                    f"find is not a valid regular expression: {exc}",
                    "a Python regular expression",
                ) from exc
        return self


class Contract(BaseModel):
    """One payer contract (``schema: infusionkit.contract/1``)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    schema_: Literal["infusionkit.contract/1"] = Field(alias="schema")
    payer: str = Field(min_length=1)
    name: str | None = None
    effective: CalendarDate
    per_diem: PerDiemTerms | None = None
    nursing: NursingTerms | None = None
    drugs: DrugTerms | None = None
    other: RateSection | None = None
    lesser_of_billed_charges: bool = False
    policies: Policies | None = None
    terms: Terms = Terms()
    edits: tuple[Edit, ...] = ()
    description: str | None = None

    def section(self, line_type: str) -> RateSection | None:
        """The rate section pricing ``line_type`` lines (at ``SECTION_KEYS``), None if absent.

        Drug lines have no rate section: they are priced by :attr:`drugs`.
        """
        if line_type not in SECTION_KEYS:
            raise ValueError(f"{line_type!r} lines are not priced by a rate section")
        node: Any = self
        for key in SECTION_KEYS[line_type].split("."):
            node = getattr(node, key)
            if node is None:
                return None
        return cast(RateSection, node)

    @model_validator(mode="after")
    def codes_fit_sections(self) -> Contract:
        found = code_problems(self.model_dump(by_alias=True))
        if found:
            details = [
                InitErrorDetails(type=problem("code_kind", message, allowed), loc=loc, input=code)
                for loc, code, message, allowed in found
            ]
            raise ValidationError.from_exception_data(type(self).__name__, details)
        return self
