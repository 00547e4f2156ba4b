"""The HCPCS catalog: every code of domain.md §3, tiers, intervals, lookups."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from infusionkit import catalog

_PER_DIEM_TEXT = (
    "S9325 S9326 S9327 S9328 S9329 S9330 S9331 S9335 S9339 S9336 S9372 S9338 S9563 "
    "S9340 S9341 S9342 S9343 S9345 S9346 S9347 S9348 S9349 S9351 S9370 S9353 S9355 S9357 "
    "S9359 S9361 S9363 S9490 S9537 S9538 S9542 S9558 S9559 S9560 S9562 S9590 S9061 S9379 "
    "S9364 S9365 S9366 S9367 S9368 S9373 S9374 S9375 S9376 S9377 "
    "S9494 S9497 S9504 S9503 S9502 S9501 S9500"
)
PER_DIEM = tuple(_PER_DIEM_TEXT.split())
OTHER = {
    "S5497": "catheter_care",
    "S5498": "catheter_care",
    "S5501": "catheter_care",
    "S5502": "catheter_care",
    "S5517": "supply_kit",
    "S5518": "supply_kit",
    "S5520": "supply_kit",
    "S5521": "supply_kit",
    "S5522": "insertion_nursing",
    "S5523": "insertion_nursing",
    "S5035": "pump_service",
    "S5036": "pump_service",
    "S9810": "pharmacy_hourly",
    "S9381": "delivery",
    "99601": "nursing_visit",
    "99602": "nursing_visit",
    "S9123": "nursing_hourly",
    "S9124": "nursing_hourly",
    "SH": "modifier",
    "SJ": "modifier",
    "SS": "modifier",
    "SD": "modifier",
    "SV": "modifier",
}


def test_every_domain_code_is_present_with_its_kind() -> None:
    for code in PER_DIEM:
        info = catalog.get(code)
        assert info is not None, code
        assert info.kind == "per_diem"
        assert catalog.is_per_diem(code)
    for code, kind in OTHER.items():
        info = catalog.get(code)
        assert info is not None, code
        assert info.kind == kind
        assert not catalog.is_per_diem(code)
    assert len(catalog.all_codes()) == len(PER_DIEM) + len(OTHER)


def test_codes_are_unique_and_fields_valid() -> None:
    codes = [info.code for info in catalog.all_codes()]
    assert len(codes) == len(set(codes))
    for info in catalog.all_codes():
        assert info.kind in catalog.KINDS
        assert info.descriptor and info.family


def test_get_is_case_insensitive_and_strips_spaces() -> None:
    assert catalog.get(" s9500 ") == catalog.get("S9500")
    assert catalog.get("S 9500") is not None
    assert catalog.get("sh") is not None
    assert catalog.get("S9999") is None


def test_codeinfo_is_frozen() -> None:
    info = catalog.get("S9500")
    assert info is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.code = "X"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("code", "hours"),
    [
        ("S9497", 3),
        ("S9504", 4),
        ("S9503", 6),
        ("S9502", 8),
        ("S9501", 12),
        ("S9500", 24),
        ("S9494", None),
    ],
)
def test_anti_infective_intervals(code: str, hours: int | None) -> None:
    info = catalog.get(code)
    assert info is not None and info.interval_hours == hours
    assert info.family == "anti_infective"


def test_general_codes() -> None:
    general = {info.code for info in catalog.all_codes() if info.general}
    assert general == {"S9325", "S9329", "S9340", "S9364", "S9373", "S9494"}


@pytest.mark.parametrize(
    ("code", "low", "high"),
    [
        ("S9365", None, 1000),
        ("S9366", 1001, 2000),
        ("S9367", 2001, 3000),
        ("S9368", 3001, None),
        ("S9374", None, 1000),
        ("S9375", 1001, 2000),
        ("S9376", 2001, 3000),
        ("S9377", 3001, None),
    ],
)
def test_tier_bounds(code: str, low: int | None, high: int | None) -> None:
    info = catalog.get(code)
    assert info is not None
    assert (info.min_ml, info.max_ml) == (low, high)


@pytest.mark.parametrize(
    ("code", "volume", "expected"),
    [
        ("S9364", 1000, "S9365"),
        ("S9365", 1001, "S9366"),
        ("S9368", 2000, "S9366"),
        ("S9364", Decimal("2000.5"), "S9367"),
        ("S9364", 3000.0, "S9367"),
        ("S9365", 3001, "S9368"),
        ("S9373", 500, "S9374"),
        ("S9374", 1500, "S9375"),
        ("S9377", 2500, "S9376"),
        ("S9373", 5000, "S9377"),
        ("S9364", None, None),
        ("S9364", float("nan"), None),
        ("S9374", Decimal("NaN"), None),
        ("S9500", 1000, None),
        ("J1569", 1000, None),
    ],
)
def test_volume_tier_code(code: str, volume: object, expected: str | None) -> None:
    assert catalog.volume_tier_code(code, volume) == expected  # type: ignore[arg-type]


def test_level2_and_drug_codes() -> None:
    for code in ("J1569", "B4189", "Q2052", "S9500", "j0696", "V2020"):
        assert catalog.is_hcpcs_level2(code)
    for code in ("99601", "W1234", "J156", "J15690", "SH", ""):
        assert not catalog.is_hcpcs_level2(code)
    assert catalog.is_drug_code("J1569")
    assert catalog.is_drug_code("b4189")
    assert not catalog.is_drug_code("S9500")
    assert not catalog.is_drug_code("S5498")
    assert not catalog.is_drug_code("99601")


def test_search() -> None:
    assert len(catalog.search(None)) == len(catalog.all_codes())
    hits = {info.code for info in catalog.search("antifungal")}
    assert hits == {"S9494", "S9497", "S9504", "S9503", "S9502", "S9501", "S9500"}
    assert {info.code for info in catalog.search("s950")} == {
        "S9500",
        "S9501",
        "S9502",
        "S9503",
        "S9504",
    }
    assert {info.code for info in catalog.search("MODIFIER")} == {"SH", "SJ", "SS", "SD", "SV"}
    assert catalog.search("no such thing at all") == []


def test_family_codes() -> None:
    assert [info.code for info in catalog.family_codes("tpn")] == [
        "S9364",
        "S9365",
        "S9366",
        "S9367",
        "S9368",
    ]
    assert [info.code for info in catalog.family_codes("pain")] == [
        "S9325",
        "S9326",
        "S9327",
        "S9328",
    ]
    assert catalog.family_codes("nope") == ()


@pytest.mark.parametrize("family_code", ["S9364", "S9373"])
def test_volume_tiers_come_from_the_catalog_columns(family_code: str) -> None:
    tiers = catalog.volume_tiers(family_code)
    info = catalog.get(family_code)
    assert info is not None and info.general
    assert len(tiers) == 4 and all(t.family == info.family for t in tiers)
    assert tiers[0].min_ml is None and tiers[-1].max_ml is None
    for lower, upper in zip(tiers, tiers[1:], strict=False):
        assert lower.max_ml is not None and upper.min_ml == lower.max_ml + 1
        assert catalog.volume_tier_code(family_code, lower.max_ml) == lower.code
        assert catalog.volume_tier_code(family_code, lower.max_ml + 1) == upper.code
    assert catalog.volume_tiers("S9500") == () == catalog.volume_tiers("J1569")


@pytest.mark.parametrize(
    ("code", "fits"),
    [
        ("S9500", {"per_diem"}),
        ("s9338 ", {"per_diem"}),
        ("99601", {"nursing"}),
        ("S9123", {"nursing", "other"}),
        ("S5498", {"other"}),
        ("SH", set()),
        ("J1569", {"other", "drug"}),
        ("B4189", {"other", "drug"}),
        ("123", set()),
    ],
)
def test_which_code_goes_where(code: str, fits: set[str]) -> None:
    places: tuple[catalog.Place, ...] = ("per_diem", "nursing", "other", "drug")
    assert {p for p in places if catalog.misfit(code, p) is None} == fits
    info = catalog.get(code)
    for place in (p for p in places if p not in fits):
        found = catalog.misfit(code, place)
        assert found is not None and found.code == catalog.normalize(code)
        assert found.kind == (info.kind if info else None)
        assert found.level2 == catalog.is_hcpcs_level2(code)
    assert catalog.is_per_diem(code) == ("per_diem" in fits)
    assert catalog.is_drug_code(code) == ("drug" in fits)


def test_nursing_codes_are_the_nursing_kinds() -> None:
    assert catalog.nursing_codes() == ("99601", "99602", "S9123", "S9124")
    kinds = {info.kind for info in catalog.all_codes() if info.code in catalog.nursing_codes()}
    assert kinds == set(catalog.NURSING_KINDS)
