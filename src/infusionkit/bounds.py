"""Sane bounds of every number and size read from a user's file (one place; docs/inputs.md).

A value outside its bound is an input error naming file, row and column: it is a typo or a
hostile file, and letting it through gives wrong lines, overflow, or runs that never end.

========================  ======================================  ==============================
what                      bound                                   why
========================  ======================================  ==============================
money (per line / rate)   0 … 10,000,000.00 dollars               no claim line or rate is larger
unit prices               0 … 10,000,000 per unit, 5 decimals     drug_prices.csv
units                     0 … 1,000,000, at most 3 decimals       billing units of one line
dosing_interval_hours     0 … 8,760 (one year)
daily_volume_ml           more than 0 … 20,000 (20 litres a day)
minutes                   1 … 1,440 per visit (one day)
percentages               −100 … 1,000                            contract terms
dates                     1900-01-01 … 2199-12-31
therapy / hold span       at most 3,660 days (ten years a row)    every day becomes a claim day
xlsx workbook             ≤ 100 MB file, ≤ 500 MB unpacked XML    reads stay bounded in time
table width               ≤ 1,000 columns (CSV, xlsx)
synth                     ≤ 2,000,000 therapies, 1 … 120 months,  ``infusionkit synth``
                          seed 0 … 2**63 − 1, window in the dates
YAML file                 ≤ 2 MB, depth ≤ 64, ≤ 100 aliases,      alias bombs, deep nesting
                          ≤ 200,000 nodes after aliases
========================  ======================================  ==============================
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

MAX_MONEY = Decimal("10000000.00")
MAX_UNIT_PRICE = Decimal("10000000")
MAX_UNITS = Decimal("1000000")
UNITS_PLACES = 3
MAX_INTERVAL_HOURS = 8760.0
MAX_DAILY_VOLUME_ML = 20000.0
MAX_VISIT_MINUTES = 1440
MIN_PERCENT = Decimal(-100)
MAX_PERCENT = Decimal(1000)
FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2199, 12, 31)
MAX_SPAN_DAYS = 3660

MAX_XLSX_BYTES = 100 * 1024 * 1024
MAX_XLSX_XML_BYTES = 500 * 1024 * 1024
MAX_COLUMNS = 1000

MAX_SYNTH_THERAPIES = 2_000_000
MAX_SYNTH_MONTHS = 120
MAX_SYNTH_SEED = 2**63 - 1

MAX_YAML_BYTES = 2 * 1024 * 1024
MAX_YAML_DEPTH = 64
MAX_YAML_ALIASES = 100
MAX_YAML_NODES = 200_000


def money_text(amount: Decimal) -> str:
    """``10,000,000.00`` for messages."""
    return f"{amount:,.2f}"
