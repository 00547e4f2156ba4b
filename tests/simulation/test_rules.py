"""One named test per spec rule (§3 coding, §4 pricing), with amounts computed by hand."""

from __future__ import annotations

from decimal import Decimal

from .helpers import D, brief, contract, episodes, rows, run, therapy


def test_access_days_split_by_calendar_month() -> None:
    # 12 days Jan 25 – Feb 5 at $95.00: 7 in January, 5 in February
    sim = run(episodes([therapy("T1", "S9500", "2025-01-25", "2025-02-05")]))
    assert brief(sim) == [
        ("T1", "S9500", "", "2025-01-25", "2025-01-31", D(7), D("665.00")),
        ("T1", "S9500", "", "2025-02-01", "2025-02-05", D(5), D("475.00")),
    ]


def test_patient_level_hold_removes_days_from_every_therapy() -> None:
    eps = episodes(
        [
            therapy("T1", "S9500", "2025-02-01", "2025-02-10"),
            therapy("T2", "S9502", "2025-02-01", "2025-02-03", 8),
        ],
        holds=[
            {
                "patient_id": "P1",
                "therapy_id": "",
                "start_date": "2025-02-02",
                "end_date": "2025-02-03",
            }
        ],
    )
    sim = run(eps)
    # T2 (higher rate, $120) is primary on Feb 1; T1 gets SH that day; hold removes Feb 2-3 for both
    assert brief(sim) == [
        ("T1", "S9500", "SH", "2025-02-01", "2025-02-01", D(1), D("47.50")),
        ("T1", "S9500", "", "2025-02-04", "2025-02-10", D(7), D("665.00")),
        ("T2", "S9502", "", "2025-02-01", "2025-02-01", D(1), D("120.00")),
    ]


def test_therapy_level_hold_only_affects_that_therapy() -> None:
    eps = episodes(
        [
            therapy("T1", "S9500", "2025-03-01", "2025-03-05"),
            therapy("T2", "S9500", "2025-03-10", "2025-03-12", patient_id="P2"),
        ],
        holds=[
            {
                "patient_id": "P1",
                "therapy_id": "T1",
                "start_date": "2025-03-03",
                "end_date": "2025-03-03",
            }
        ],
    )
    assert [(b[0], b[3], b[4], b[5]) for b in brief(run(eps))] == [
        ("T1", "2025-03-01", "2025-03-02", D(2)),
        ("T1", "2025-03-04", "2025-03-05", D(2)),
        ("T2", "2025-03-10", "2025-03-12", D(3)),
    ]


def test_concurrency_highest_rate_primary() -> None:
    eps = episodes(
        [
            therapy("T1", "S9500", "2025-01-01", "2025-01-10"),
            therapy("T2", "S9502", "2025-01-03", "2025-01-05", 8),
        ]
    )
    assert brief(run(eps)) == [
        ("T1", "S9500", "", "2025-01-01", "2025-01-02", D(2), D("190.00")),
        ("T1", "S9500", "SH", "2025-01-03", "2025-01-05", D(3), D("142.50")),
        ("T1", "S9500", "", "2025-01-06", "2025-01-10", D(5), D("475.00")),
        ("T2", "S9502", "", "2025-01-03", "2025-01-05", D(3), D("360.00")),
    ]


def test_concurrency_first_started_primary() -> None:
    eps = episodes(
        [
            therapy("T1", "S9500", "2025-01-01", "2025-01-10"),
            therapy("T2", "S9502", "2025-01-03", "2025-01-05", 8),
        ]
    )
    sim = run(eps, contract(**{"per_diem.concurrent.primary": "first_started"}))
    assert brief(sim) == [
        ("T1", "S9500", "", "2025-01-01", "2025-01-10", D(10), D("950.00")),
        ("T2", "S9502", "SH", "2025-01-03", "2025-01-05", D(3), D("180.00")),
    ]


def test_third_concurrent_therapy_gets_sj() -> None:
    eps = episodes(
        [
            therapy("T1", "S9502", "2025-01-01", "2025-01-02", 8),
            therapy("T2", "S9500", "2025-01-01", "2025-01-02"),
            therapy("T3", "S9494", "2025-01-02", "2025-01-02", 48),
        ]
    )
    # Jan 2: T1 $120 primary, T2 $95 SH (50 %), T3 $80 SJ (25 % = $20.00)
    assert brief(run(eps)) == [
        ("T1", "S9502", "", "2025-01-01", "2025-01-02", D(2), D("240.00")),
        ("T2", "S9500", "SH", "2025-01-01", "2025-01-02", D(2), D("95.00")),
        ("T3", "S9494", "SJ", "2025-01-02", "2025-01-02", D(1), D("20.00")),
    ]


def test_tie_on_rate_goes_to_earlier_start_then_therapy_id() -> None:
    eps = episodes(
        [
            therapy("T2", "S9500", "2025-01-01", "2025-01-01"),
            therapy("T1", "S9500", "2025-01-01", "2025-01-01"),
        ]
    )
    assert [(b[0], b[2]) for b in brief(run(eps))] == [("T2", "SH"), ("T1", "")]


def test_half_cent_rounds_up_once_per_line() -> None:
    # $95.01 × SH 50 % = $47.505 a day; 3 days = $142.515 → $142.52 (not 3 × $47.51 = $142.53)
    c = contract(**{"per_diem.rates.S9500": D("95.01")})
    eps = episodes(
        [
            therapy("T1", "S9502", "2025-01-01", "2025-01-03", 8),
            therapy("T2", "S9500", "2025-01-01", "2025-01-03"),
        ]
    )
    assert [b[6] for b in brief(run(eps, c)) if b[0] == "T2"] == [D("142.52")]
    one_day = episodes(
        [
            therapy("T1", "S9502", "2025-01-01", "2025-01-01", 8),
            therapy("T2", "S9500", "2025-01-01", "2025-01-01"),
        ]
    )
    assert [b[6] for b in brief(run(one_day, c)) if b[0] == "T2"] == [D("47.51")]


def test_ais_site_gets_ss_and_ais_percent() -> None:
    eps = episodes(
        [
            therapy("T1", "S9502", "2025-01-01", "2025-01-02", 8),
            therapy("T2", "S9500", "2025-01-02", "2025-01-03", site="ais"),
        ]
    )
    # T2 at AIS: $95 × 90 % = $85.50; on Jan 2 it is second: $95 × 50 % × 90 % = $42.75
    assert brief(run(eps))[1:] == [
        ("T2", "S9500", "SH SS", "2025-01-02", "2025-01-02", D(1), D("42.75")),
        ("T2", "S9500", "SS", "2025-01-03", "2025-01-03", D(1), D("85.50")),
    ]


def test_volume_tier_recoding_flags_line() -> None:
    eps = episodes([therapy("T1", "S9364", "2025-01-01", "2025-01-02", 0, daily_volume_ml="1500")])
    (line,) = rows(run(eps))
    assert (line["hcpcs"], line["flags"], line["allowed"]) == ("S9366", "recoded", D("500.00"))


def test_q48h_under_administration_days_counts_dose_days_only() -> None:
    eps = episodes([therapy("T1", "S9494", "2025-01-01", "2025-01-07", 48)])
    admin = contract(**{"per_diem.day_count": "administration_days"})
    assert [(b[3], b[5], b[6]) for b in brief(run(eps, admin))] == [
        ("2025-01-01", D(1), D("80.00")),
        ("2025-01-03", D(1), D("80.00")),
        ("2025-01-05", D(1), D("80.00")),
        ("2025-01-07", D(1), D("80.00")),
    ]
    assert [(b[3], b[4], b[6]) for b in brief(run(eps))] == [
        ("2025-01-01", "2025-01-07", D("560.00"))
    ]


def test_administration_days_uses_administrations_when_given() -> None:
    eps = episodes(
        [therapy("T1", "S9494", "2025-01-01", "2025-01-07", 48)],
        administrations=[
            {"therapy_id": "T1", "date": d} for d in ("2025-01-02", "2025-01-03", "2025-01-09")
        ],
    )
    admin = contract(**{"per_diem.day_count": "administration_days"})
    # Jan 2 and 3 are consecutive: one line of 2 units; Jan 9 is outside the therapy and ignored
    assert [(b[3], b[4], b[5]) for b in brief(run(eps, admin))] == [
        ("2025-01-02", "2025-01-03", D(2))
    ]


def test_infrequent_therapy_from_schedule() -> None:
    # every 672 h = 28 days from Jan 1 to Mar 1: Jan 1, Jan 29, Feb 26 — $400 per administration
    sim = run(episodes([therapy("T1", "S9338", "2025-01-01", "2025-03-01", 672)]))
    lines = rows(sim)
    assert [(r["line_type"], r["service_from"], r["units"], r["allowed"]) for r in lines] == [
        ("infrequent", "2025-01-01", D(1), D("400.00")),
        ("infrequent", "2025-01-29", D(1), D("400.00")),
        ("infrequent", "2025-02-26", D(1), D("400.00")),
    ]
    assert all("scheduled" in r["flags"] for r in lines)


def test_infrequent_therapy_with_administrations_skips_hold_days() -> None:
    eps = episodes(
        [therapy("T1", "S9338", "2025-01-01", "2025-03-01", 672)],
        administrations=[
            {"therapy_id": "T1", "date": d} for d in ("2025-01-02", "2025-02-01", "2025-03-15")
        ],
        holds=[
            {
                "patient_id": "P1",
                "therapy_id": "",
                "start_date": "2025-02-01",
                "end_date": "2025-02-01",
            }
        ],
    )
    lines = rows(run(eps))
    assert [(r["service_from"], r["flags"]) for r in lines] == [("2025-01-02", "")]


def test_nursing_units_99601_and_99602() -> None:
    eps = episodes(
        [therapy("T1", "S9500", "2025-01-01", "2025-01-01")],
        nursing=[
            {
                "visit_id": "V1",
                "episode_id": "E1",
                "patient_id": "P1",
                "visit_date": "2025-01-01",
                "minutes": "151",
            },
            {
                "visit_id": "V2",
                "episode_id": "E1",
                "patient_id": "P1",
                "visit_date": "2025-01-02",
                "minutes": "150",
            },
            {
                "visit_id": "V3",
                "episode_id": "E1",
                "patient_id": "P1",
                "visit_date": "2025-01-03",
                "minutes": "211",
            },
        ],
    )
    assert [(b[1], b[3], b[5], b[6]) for b in brief(run(eps), line_type="nursing")] == [
        ("99601", "2025-01-01", D(1), D("180.00")),
        ("99602", "2025-01-01", D(1), D("80.00")),
        ("99601", "2025-01-02", D(1), D("180.00")),
        ("99601", "2025-01-03", D(1), D("180.00")),
        ("99602", "2025-01-03", D(2), D("160.00")),
    ]


def _drug_rows(**drug: str) -> list[dict]:
    base = {
        "line_id": "D1",
        "episode_id": "E1",
        "therapy_id": "T1",
        "service_date": "2025-01-01",
        "hcpcs": "J0696",
        "ndc": "",
        "units": "4",
        "billed_charge": "",
    }
    base.update(drug)
    return [base]


def test_drug_awp_minus_percent_effective_on_service_date() -> None:
    t = [therapy("T1", "S9500", "2025-01-01", "2025-01-01")]
    # 2025 price $2.50 × 4 units × 82 % = $8.20; the 2024 price is $2.00 → $6.56
    assert rows(run(episodes(t, drugs=_drug_rows())), line_type="drug")[0]["allowed"] == D("8.20")
    assert rows(run(episodes(t, drugs=_drug_rows(service_date="2024-06-01"))), line_type="drug")[0][
        "allowed"
    ] == D("6.56")


def test_drug_price_by_ndc_then_hcpcs_and_overrides() -> None:
    t = [therapy("T1", "S9500", "2025-01-01", "2025-01-01")]
    by_ndc = _drug_rows(hcpcs="J1569", ndc="00944270003", units="2.5")
    # $110.12345 × 2.5 × 0.82 = $225.7530725 → $225.75
    assert rows(run(episodes(t, drugs=by_ndc)), line_type="drug")[0]["allowed"] == D("225.75")
    by_code = _drug_rows(hcpcs="J1569", ndc="11111111111", units="2.5")
    assert rows(run(episodes(t, drugs=by_code)), line_type="drug")[0]["allowed"] == D("205.00")
    override = contract(**{"drugs.overrides": {"J1569": {"basis": "ASP", "percent": D(6)}}})
    # ASP $90 × 2.5 × 1.06 = $238.50
    assert rows(run(episodes(t, drugs=by_code), override), line_type="drug")[0]["allowed"] == D(
        "238.50"
    )


def test_other_lines_rate_and_percent_of_charges() -> None:
    t = [therapy("T1", "S9500", "2025-01-01", "2025-01-01")]
    other = [
        {
            "line_id": "O1",
            "episode_id": "E1",
            "hcpcs": "S5498",
            "service_date": "2025-01-01",
            "units": "3",
            "billed_charge": "",
        },
        {
            "line_id": "O2",
            "episode_id": "E1",
            "hcpcs": "S5035",
            "service_date": "2025-01-01",
            "units": "1",
            "billed_charge": "",
        },
    ]
    # S5498 $12 × 3; S5035 default 50 % of chargemaster $41.25 = $20.625 → $20.63
    assert [(b[1], b[6]) for b in brief(run(episodes(t, other=other)), line_type="other")] == [
        ("S5498", D("36.00")),
        ("S5035", D("20.63")),
    ]


def test_per_diem_percent_of_charges_uses_chargemaster() -> None:
    eps = episodes([therapy("T1", "S9348", "2025-01-01", "2025-01-03", 0)])
    (line,) = rows(run(eps))
    # default 60 % × $200.00 × 3 days
    assert (line["billed_charge"], line["allowed"]) == (D("600.00"), D("360.00"))
    assert "60% of charges" in line["rule"]


def test_lesser_of_billed_charges() -> None:
    t = [therapy("T1", "S9500", "2025-01-01", "2025-01-01")]
    drugs = _drug_rows(billed_charge="7.99")
    lesser = contract(lesser_of_billed_charges=True)
    (line,) = rows(run(episodes(t, drugs=drugs), lesser), line_type="drug")
    assert (line["allowed"], line["flags"]) == (D("7.99"), "lesser_of")
    (per_diem,) = rows(run(episodes(t), lesser), line_type="per_diem")
    assert per_diem["allowed"] == D("95.00")  # chargemaster $150 is above the rate


def test_unpriced_lines_are_kept_with_a_reason() -> None:
    t = [therapy("T1", "S9500", "2025-01-01", "2025-01-01")]
    drugs = _drug_rows(hcpcs="J9999")
    nursing = [
        {
            "visit_id": "V1",
            "episode_id": "E1",
            "patient_id": "P1",
            "visit_date": "2025-01-01",
            "minutes": "60",
        }
    ]
    c = contract(nursing=None)
    sim = run(episodes(t, drugs=drugs, nursing=nursing), c)
    unpriced = [r for r in rows(sim) if r["allowed"] is None]
    assert [(r["line_type"], r["flags"]) for r in unpriced] == [
        ("nursing", "unpriced"),
        ("drug", "unpriced"),
    ]
    assert "no nursing section" in unpriced[0]["reason"]
    assert "J9999" in unpriced[1]["reason"]
    totals = sim.totals.set_index(["scenario", "line_type"])
    assert totals.loc[("c0", "all"), "unpriced_lines"] == 2
    assert totals.loc[("c0", "nursing"), "unpriced_billed"] == D("250.00")


def test_patient_ids_are_pseudonymized_unless_asked() -> None:
    eps = episodes([therapy("T1", "S9500", "2025-01-01", "2025-01-01")])
    (line,) = rows(run(eps))
    assert line["patient_ref"].startswith("PT-") and line["patient_ref"] != "P1"
    (raw,) = rows(run(eps, include_phi=True))
    assert raw["patient_ref"] == "P1"


def test_every_line_names_its_rule() -> None:
    eps = episodes([therapy("T1", "S9500", "2025-01-01", "2025-01-02")])
    (line,) = rows(run(eps))
    assert line["rule"] == "C01 per_diem.rates.S9500 $95.00"  # coding rule, then the price
    assert isinstance(line["allowed"], Decimal)


def test_therapy_with_every_day_on_hold_is_reported_unbilled() -> None:
    eps = episodes(
        [
            therapy("T1", "S9500", "2025-03-01", "2025-03-02"),
            therapy("T2", "S9338", "2025-03-01", "2025-03-05", 672),
        ],
        holds=[
            {
                "patient_id": "P1",
                "therapy_id": "",
                "start_date": "2025-03-01",
                "end_date": "2025-03-03",
            }
        ],
    )
    sim = run(eps)
    assert rows(sim) == []
    unbilled = sim.unbilled.set_index("therapy_id")
    assert unbilled.loc["T1", "reason"] == "every day from start_date to end_date is on hold"
    assert "no administration date" in unbilled.loc["T2", "reason"]
    assert unbilled.loc["T1", "patient_ref"].startswith("PT-")
