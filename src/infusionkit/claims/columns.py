"""Column schema of the ``claim_lines`` table (one row per billed service line).

Kinds as for the episode tables (:mod:`infusionkit.episodes.columns`). Money columns are exact
decimals with at most two places; units carry at most three.
"""

from __future__ import annotations

from infusionkit.episodes.columns import Column, TableSpec

TABLE = "claim_lines"
LINE_TYPES = ("per_diem", "infrequent", "nursing", "drug", "other")
CAS_GROUPS = ("CO", "PR", "OA", "PI", "CR")

SPEC = TableSpec(
    TABLE,
    (
        Column("claim_id", required=True),
        Column("line_number", "int", required=True),
        Column("patient_id", required=True),
        Column("payer_id"),
        Column("service_from", "date", required=True),
        Column("service_to", "date"),
        Column("hcpcs", "code", required=True),
        Column("modifiers"),
        Column("units", "decimal", required=True, places=3),
        Column("billed_charge", "decimal", required=True, places=2),
        Column("ndc"),
        Column("line_type"),
        Column("paid", "decimal", places=2),
        Column("payer_allowed", "decimal", places=2),
        Column("patient_responsibility", "decimal", places=2),
        Column("carc"),
    ),
    ("claim_id",),
)

MONEY = ("billed_charge", "paid", "payer_allowed", "patient_responsibility")
REMIT_COLUMNS = ("paid", "payer_allowed", "patient_responsibility", "carc")
BILLED_COLUMNS = tuple(name for name in SPEC.names if name not in REMIT_COLUMNS)
"""The columns of a claim line as billed (an 837P's): every column but the remittance ones."""
