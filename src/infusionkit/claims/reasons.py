"""Meanings of adjustment group codes, CARC and RARC codes (``reason_codes.csv``).

The list holds common codes of home infusion remittances, described in our own words; the
official code lists (X12 external code sources 139 and 411) are longer and change several times
a year. A code not in the list is shown as "not in infusionkit's short list", never dropped.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

UNKNOWN = "not in infusionkit's short list of codes"


@cache
def _table() -> dict[tuple[str, str], str]:
    text = resources.files(__package__).joinpath("reason_codes.csv").read_text(encoding="utf-8")
    return {
        (row["kind"], row["code"]): row["description"] for row in csv.DictReader(text.splitlines())
    }


def describe(kind: str, code: str) -> str:
    """The meaning of a code: ``kind`` is ``group``, ``carc`` or ``rarc``."""
    return _table().get((kind, code.strip().upper()), UNKNOWN)


def describe_pair(pair: str) -> str:
    """``"CO-45"`` → ``"Contractual obligation …: Charge exceeds the fee schedule …"``."""
    group, _, reason = pair.partition("-")
    return f"{group} ({describe('group', group).split(':')[0]}): {describe('carc', reason)}"


def describe_many(pairs: str, kind: str = "carc") -> str:
    """Meanings of space-separated CARC pairs (``CO-45 PR-2``) or RARC codes, joined by ``; ``."""
    items = pairs.split()
    if kind == "carc":
        return "; ".join(describe_pair(p) for p in items)
    return "; ".join(f"{code}: {describe(kind, code)}" for code in items)
