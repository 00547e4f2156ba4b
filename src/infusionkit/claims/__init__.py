"""Claims history and remittances: ``claim_lines`` tables, X12 837P claims and 835 payments.

Load billed lines with :func:`load_claims` (a CSV/Parquet/XLSX ``claim_lines`` table or 837P
files), payments with :func:`load_remits` (835 files), match them with :func:`match_remits`, and
derive an episodes source from a claims history with :func:`derive_episodes`.
"""

from __future__ import annotations

from infusionkit.claims.columns import LINE_TYPES, SPEC, TABLE
from infusionkit.claims.loading import load_claims
from infusionkit.claims.model import ClaimLines

__all__ = ["LINE_TYPES", "SPEC", "TABLE", "ClaimLines", "load_claims"]
