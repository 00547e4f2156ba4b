"""Price and charge files (spec §1): ``drug_prices.csv`` and ``chargemaster.csv``.

Read exactly and checked like episode tables: UTF-8, each column once, numbers inside the bounds
of :mod:`infusionkit.bounds`, and no two drug prices of one code (or NDC) and basis in force on
the same day (the later row would win silently).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from infusionkit import catalog
from infusionkit.bounds import MAX_MONEY, MAX_UNIT_PRICE, money_text
from infusionkit.catalog.ndc import ALLOWED as NDC_ALLOWED
from infusionkit.catalog.ndc import NdcError, normalize_ndc
from infusionkit.episodes.readers import header_problems, not_utf8
from infusionkit.errors import InputError, InputErrors
from infusionkit.money import MoneyError, parse_decimal, parse_money

BASES = ("AWP", "WAC", "ASP")
OPEN_END = date(9999, 12, 31)
CHARGEMASTER = "chargemaster.csv"
DRUG_PRICES = "drug_prices.csv"


@dataclass(frozen=True)
class DrugPrice:
    """One row of drug_prices.csv: a basis price per billing unit over an effective period."""

    hcpcs: str
    ndc: str | None
    basis: str
    unit_price: Decimal
    effective_from: date
    effective_to: date
    line: int
    descriptor: str = ""  # optional ``descriptor`` column: what the code is, in the file's words


@dataclass(frozen=True)
class PriceBook:
    """The provider's chargemaster and the drug price file, read exactly."""

    chargemaster: dict[str, Decimal] = field(default_factory=dict)
    drug_prices: tuple[DrugPrice, ...] = ()
    files: tuple[Path, ...] = ()

    def unit_charge(self, code: str) -> Decimal | None:
        """The chargemaster charge per unit of ``code``, if listed."""
        return self.chargemaster.get(code)

    def drug_descriptor(self, code: str) -> str | None:
        """The first non-empty ``descriptor`` of ``code`` in the drug price file, if any."""
        return next(
            (p.descriptor for p in self.drug_prices if p.hcpcs == code and p.descriptor), None
        )


Rows = list[tuple[int, dict[str, str]]]


def _read(path: Path, columns: tuple[str, ...]) -> tuple[Rows, list[InputError]]:
    """Non-blank rows as ``(line, {column: stripped text})``, or the header's problems."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            problems = header_problems(str(path), list(header))
            fields = [name.strip().lower() for name in header]
            problems += [
                InputError(file=str(path), line=1, column=c, message="missing column")
                for c in columns
                if c not in fields
            ]
            if problems:
                return [], problems
            rows = []
            for raw in reader:
                values = {fields[i]: v.strip() for i, v in enumerate(raw) if i < len(fields)}
                if any(values.values()):
                    rows.append((reader.line_num, values))
            return rows, []
    except UnicodeDecodeError:
        return [], [not_utf8(path)]
    except csv.Error as exc:
        return [], [InputError(file=str(path), message=f"cannot read CSV: {exc}")]


def _date(text: str) -> date:
    return date.fromisoformat(text)


def read_chargemaster(path: Path) -> tuple[dict[str, Decimal], list[InputError]]:
    """``hcpcs, unit_charge`` rows → {code: charge}."""
    rows, errors = _read(path, ("hcpcs", "unit_charge"))
    charges: dict[str, Decimal] = {}
    if errors:
        return charges, errors
    seen: set[str] = set()
    for line, row in rows:
        code = row["hcpcs"].upper()
        if code in seen:
            errors.append(InputError(str(path), f"{code} listed twice", line, code, "hcpcs"))
        seen.add(code)
        if not catalog.is_hcpcs_level2(code) and catalog.get(code) is None:
            errors.append(
                InputError(str(path), f"{code!r} is not a HCPCS or CPT code", line, code, "hcpcs")
            )
        try:
            charge = parse_money(row["unit_charge"])
            if charge < 0:
                raise MoneyError("must not be negative")
            if charge > MAX_MONEY:
                raise MoneyError(f"{row['unit_charge']!r} is out of range (too large)")
        except MoneyError as exc:
            allowed = f"dollars with at most 2 decimals, from 0 to {money_text(MAX_MONEY)}"
            errors.append(InputError(str(path), str(exc), line, code, "unit_charge", allowed))
            continue
        charges[code] = charge
    return charges, errors


def read_drug_prices(path: Path) -> tuple[list[DrugPrice], list[InputError]]:
    """drug_prices.csv rows → DrugPrice records (unit_price up to 5 decimals)."""
    rows, errors = _read(path, ("hcpcs", "basis", "unit_price", "effective_from"))
    prices: list[DrugPrice] = []
    if errors:
        return prices, errors
    for line, row in rows:
        code = row["hcpcs"].upper()
        problems: list[InputError] = []

        def problem(message: str, column: str, allowed: str | None = None) -> None:
            problems.append(InputError(str(path), message, line, code, column, allowed))  # noqa: B023

        if not catalog.is_hcpcs_level2(code):
            problem(
                f"{code!r} is not a HCPCS code", "hcpcs", "a letter and four digits, e.g. J1569"
            )
        basis = row["basis"].upper()
        if basis not in BASES:
            problem(f"unknown basis {basis!r}", "basis", "AWP, WAC, ASP")
        price = Decimal(0)
        allowed = f"dollars with at most 5 decimals, from 0 to {money_text(MAX_UNIT_PRICE)}"
        try:
            price = parse_decimal(row["unit_price"], places=5, what="unit price")
            if price < 0:
                problem("unit price must not be negative", "unit_price", allowed)
            elif price > MAX_UNIT_PRICE:
                problem(f"{row['unit_price']!r} is out of range (too large)", "unit_price", allowed)
        except MoneyError as exc:
            problem(str(exc), "unit_price", allowed)
        start = end = OPEN_END
        try:
            start = _date(row["effective_from"])
            end = _date(row["effective_to"]) if row.get("effective_to") else OPEN_END
            if end < start:
                problem("effective_to is before effective_from", "effective_to")
        except ValueError:
            problem("dates must be YYYY-MM-DD", "effective_from/effective_to")
        ndc = (row.get("ndc") or "").strip()
        if ndc:
            try:
                ndc = normalize_ndc(ndc)
            except NdcError as exc:
                problem(str(exc), "ndc", NDC_ALLOWED)
        if problems:
            errors.extend(problems)
            continue
        descriptor = " ".join((row.get("descriptor") or "").split())
        prices.append(DrugPrice(code, ndc or None, basis, price, start, end, line, descriptor))
    return prices, errors + overlaps(path, prices)


def overlaps(path: Path, prices: list[DrugPrice]) -> list[InputError]:
    """Two rows of one code (or NDC) and basis whose effective periods share a day."""
    groups: dict[tuple[str, str | None, str], list[DrugPrice]] = {}
    for price in prices:
        groups.setdefault((price.hcpcs, price.ndc, price.basis), []).append(price)
    errors = []
    for (code, ndc, basis), rows in groups.items():
        rows.sort(key=lambda p: (p.effective_from, p.line))
        latest = rows[0]
        for price in rows[1:]:
            if price.effective_from <= latest.effective_to:
                what = f"{code} NDC {ndc}" if ndc else code
                errors.append(
                    InputError(
                        str(path),
                        f"{what} {basis}: lines {latest.line} and {price.line} are both in force "
                        f"from {price.effective_from} (which price holds?)",
                        price.line,
                        code,
                        "effective_from",
                        "effective periods of one code (or NDC) and basis that do not overlap "
                        "(set effective_to on the earlier row)",
                    )
                )
            if price.effective_to > latest.effective_to:
                latest = price
    return errors


def load_price_book(rates_dir: str | Path | None) -> PriceBook:
    """Read ``chargemaster.csv`` and ``drug_prices.csv`` from ``rates_dir`` (each optional)."""
    if rates_dir is None:
        return PriceBook()
    folder = Path(rates_dir)
    if not folder.is_dir():
        raise InputErrors(
            [
                InputError(
                    str(folder),
                    "rates folder not found",
                    allowed="a folder holding chargemaster.csv and/or drug_prices.csv",
                )
            ]
        )
    errors: list[InputError] = []
    files: list[Path] = []
    charges: dict[str, Decimal] = {}
    prices: list[DrugPrice] = []
    if (folder / CHARGEMASTER).is_file():
        files.append(folder / CHARGEMASTER)
        charges, problems = read_chargemaster(folder / CHARGEMASTER)
        errors += problems
    if (folder / DRUG_PRICES).is_file():
        files.append(folder / DRUG_PRICES)
        prices, problems = read_drug_prices(folder / DRUG_PRICES)
        errors += problems
    if errors:
        raise InputErrors(errors)
    return PriceBook(chargemaster=charges, drug_prices=tuple(prices), files=tuple(files))
