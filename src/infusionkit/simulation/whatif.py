"""The what-if service: the history's exact total allowed under any contract, coded once.

Every what-if valuation (review impacts, clause effects, waterfalls, solve, sensitivity,
forecast) goes through :class:`WhatIf`. The episodes are prepared once; per contract only what
the contract changes is redone:

* per diem lines are re-coded only when the contract's coding settings change (day count,
  primary policy, and the *order* of the per diem codes' full per-day values, which is all the
  ranking uses); so are nursing and other lines when the payer policies of
  :data:`CODING_KEYS` flag them (SS in the suite, bundled codes);
* each block of lines (per diem, infrequent, nursing, drug, other) is re-priced only when the
  contract keys it depends on change (see :data:`UNUSED_KEYS`).

Results are cached by contract (by value: equal contracts share one entry). Totals are kept for
every contract seen; priced lines (large arrays) only for the last few.
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from collections.abc import Hashable, Iterable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from infusionkit.coding import CodingSettings, PreparedEpisodes, code_episodes, prepare_episodes
from infusionkit.coding.intervals import compact_keys
from infusionkit.coding.lines import LINE_TYPES, CodedLines
from infusionkit.errors import InputError, InputErrors
from infusionkit.money import from_cents
from infusionkit.pricing import PriceBook, PricedBlock, PricedLines, coding_settings, price_coded
from infusionkit.pricing import load_price_book as _load_price_book
from infusionkit.simulation.lines import PatientRefs, scenario_table
from infusionkit.simulation.pseudonym import pseudonym_key, pseudonymize

if TYPE_CHECKING:
    import pyarrow as pa

    from infusionkit.contracts import Contract
    from infusionkit.episodes import Episodes

_NOT_PRICING = ("schema_", "payer", "name", "effective", "terms", "edits", "description")
CODING_KEYS = (
    "per_diem.day_count",
    "per_diem.concurrent.primary",
    "per_diem.concurrent.modifier_59",
    "nursing.ais_percent",
    "policies",
)
"""Contract keys that change coding (:func:`~infusionkit.pricing.coding_settings` reads them):
a block coded under them is cached under the coding key, so a change re-codes exactly the
blocks it affects. ``policies`` is read by coding only, yet it stays a pricing key of every
block below (a new policy value re-prices, never reuses a stale price)."""
_SECTIONS = ("per_diem", "nursing", "drugs", "other")
UNUSED_KEYS: dict[str, frozenset[str]] = {
    "per_diem": frozenset({*_NOT_PRICING, "nursing", "drugs", "other"}),
    "infrequent": frozenset({*_NOT_PRICING, "nursing", "drugs", "other"}),
    "nursing": frozenset({*_NOT_PRICING, "per_diem", "drugs", "other"}),
    "drug": frozenset({*_NOT_PRICING, "per_diem", "nursing", "other"}),
    "other": frozenset({*_NOT_PRICING, "per_diem", "nursing", "drugs"}),
}
"""Top-level contract keys that cannot change the price of a block's lines.

Any key not listed (a new contract section) counts for every block, so a new key can only cost
cache hits, never give a wrong total.
"""
_EPOCH = date(1970, 1, 1)
_STATIC = "static"


def freeze(value: Any) -> Hashable:
    """A hashable, order-independent form of a model dump (equal contracts give equal keys)."""
    if isinstance(value, dict):
        return tuple(sorted((str(k), freeze(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(freeze(v) for v in value)
    if isinstance(value, set | frozenset):
        return tuple(sorted(freeze(v) for v in value))  # type: ignore[type-var]
    return value


def contract_key(contract: Contract, exclude: Iterable[str] = ()) -> Hashable:
    """Cache key of a contract (optionally without some top-level keys)."""
    return freeze(contract.model_dump(exclude=set(exclude)))


class _Cache(OrderedDict[Hashable, Any]):
    """A small least-recently-used mapping."""

    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def get_fresh(self, key: Hashable) -> Any:
        if key not in self:
            return None
        self.move_to_end(key)
        return self[key]

    def put(self, key: Hashable, value: Any) -> None:
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)


class WhatIf:
    """Exact totals and claim lines of one history under any contract.

    Build it from episodes (or episodes already prepared) and a :class:`PriceBook`; a
    :class:`~infusionkit.simulation.Simulation` exposes its own as ``sim.what_if``.
    ``refs`` are the patient references used by :meth:`lines` (default: keyed pseudonyms).
    ``keep`` bounds how many priced and coded blocks are held for reuse.
    """

    def __init__(
        self,
        episodes: Episodes | PreparedEpisodes,
        prices: PriceBook,
        *,
        refs: PatientRefs | None = None,
        keep: int = 12,
    ):
        self.prepared = (
            episodes if isinstance(episodes, PreparedEpisodes) else prepare_episodes(episodes)
        )
        self.prices = prices
        self._refs = refs
        frame = self.prepared.frame
        combos, _ = compact_keys(frame.code * 2 + frame.ais.astype(np.int64))
        self._combos = [(frame.codes[int(c) // 2], bool(c % 2)) for c in combos]
        self._cents: dict[Hashable, dict[str, int]] = {}
        self._block_cents: dict[Hashable, int] = {}
        self._blocks = _Cache(keep)
        self._coded = _Cache(max(2, keep // 3))
        self.evaluations = 0
        """Contracts priced so far (cache misses of :meth:`total`)."""

    @property
    def episodes(self) -> Episodes:
        return self.prepared.episodes

    # -- totals -------------------------------------------------------------------------------

    def total(self, contract: Contract) -> Decimal:
        """Exact total allowed of the history under ``contract`` (sum of rounded lines)."""
        return from_cents(sum(self._cents_by_block(contract).values()))

    def totals_by_line_type(self, contract: Contract) -> dict[str, Decimal]:
        """Exact total allowed per line type (every line type present, zero when none)."""
        cents = self._cents_by_block(contract)
        return {name: from_cents(cents.get(name, 0)) for name in LINE_TYPES}

    def _cents_by_block(self, contract: Contract) -> dict[str, int]:
        data = contract.model_dump()
        key = freeze(data)
        found = self._cents.get(key)
        if found is None:
            self.evaluations += 1
            found = {name: cents for name, (_, cents) in self._price(contract, data).items()}
            self._cents[key] = found
        return found

    # -- lines --------------------------------------------------------------------------------

    def priced(self, contract: Contract) -> PricedLines:
        """Every priced block of the history under ``contract``."""
        data = contract.model_dump()
        blocks: dict[str, PricedBlock] = {}
        cents: dict[str, int] = {}
        for name, (block, amount) in self._price(contract, data, keep=True).items():
            assert block is not None
            blocks[name], cents[name] = block, amount
        self._cents.setdefault(freeze(data), cents)
        return PricedLines(blocks=blocks)

    def lines(self, contract: Contract, scenario: str = "what-if") -> pa.Table:
        """The claim-line table of the history under ``contract`` (``scenario`` column set)."""
        return scenario_table(scenario, self.priced(contract), self.episodes, self.refs)

    @property
    def refs(self) -> PatientRefs:
        """Patient references of :meth:`lines` (keyed pseudonyms unless given)."""
        if self._refs is None:
            self._refs = patient_refs(self.episodes, include_phi=False)
        return self._refs

    def period(self, contracts: Iterable[Contract]) -> tuple[date | None, date | None]:
        """First and last service date of the lines of the history under any of ``contracts``."""
        first: int | None = None
        last: int | None = None
        for contract in contracts:
            for block in self._coded_lines(contract)[1].blocks.values():
                if len(block):
                    low, high = int(block.first.min()), int(block.last.max())
                    first = low if first is None else min(first, low)
                    last = high if last is None else max(last, high)
        return (
            None if first is None else _EPOCH + timedelta(days=first),
            None if last is None else _EPOCH + timedelta(days=last),
        )

    def volumes(self, contract: Contract) -> dict[tuple[str, str], Decimal]:
        """Units of each (line type, code) of the history coded under ``contract`` (per diem
        days, administrations, nursing units, drug and other units)."""
        result: dict[tuple[str, str], Decimal] = {}
        for name, block in self._coded_lines(contract)[1].blocks.items():
            if not len(block):
                continue
            milli = np.zeros(len(block.codes), dtype=np.int64)
            np.add.at(milli, block.code, block.units_milli)
            for code, amount in zip(block.codes, milli.tolist(), strict=True):
                if amount:
                    result[(name, code)] = Decimal(amount) / 1000
        return result

    # -- internals ----------------------------------------------------------------------------

    def _coding_key(self, settings: CodingSettings) -> Hashable | None:
        """Equal keys give equal coded lines: the settings and the order of the per-day values
        of the history's (code, site) pairs (all that concurrency ranking uses); None when the
        settings cannot be compared."""
        rank: tuple[int, ...] | None = None
        if settings.per_day_value is not None:
            values = [settings.per_day_value(code, ais) for code, ais in self._combos]
            ordered = sorted({v for v in values if v is not None})
            ordinal = {v: i + 1 for i, v in enumerate(ordered)}
            rank = tuple(ordinal[v] if v is not None else 0 for v in values)
        key = (dataclasses.replace(settings, per_day_value=None), rank)
        try:
            hash(key)
        except TypeError:
            return None
        return key

    def _coded_lines(self, contract: Contract) -> tuple[Hashable | None, CodedLines]:
        """The coding key of ``contract`` and its coded lines (coded once per key)."""
        settings = coding_settings(contract, self.prices)
        key = self._coding_key(settings)
        coded = self._coded.get_fresh(key) if key is not None else None
        if coded is None:
            coded = code_episodes(self.prepared, settings)
            if key is not None:
                self._coded.put(key, coded)
        return key, coded

    def _price(
        self, contract: Contract, data: dict[str, Any], keep: bool = False
    ) -> dict[str, tuple[PricedBlock | None, int]]:
        """Per block: the priced block (when at hand, or always with ``keep``) and its exact
        allowed cents; each block priced only when the keys it depends on are new."""
        coding, coded = self._coded_lines(contract)
        result: dict[str, tuple[PricedBlock | None, int]] = {}
        for name, block in coded.blocks.items():
            static = self.prepared.static_blocks.get(name) is block
            unused = UNUSED_KEYS.get(name, frozenset(_NOT_PRICING))
            terms = freeze({k: v for k, v in data.items() if k not in unused})
            cacheable = static or coding is not None
            key = (name, _STATIC if static else coding, terms)
            priced = self._blocks.get_fresh(key) if cacheable else None
            if priced is None and (keep or not cacheable or key not in self._block_cents):
                lines = CodedLines(blocks={name: block})
                priced = price_coded(lines, self.episodes, contract, self.prices).blocks[name]
                if not cacheable:
                    result[name] = (priced, priced.allowed_total_cents())
                    continue
                self._blocks.put(key, priced)
                self._block_cents[key] = priced.allowed_total_cents()
            result[name] = (priced, self._block_cents[key])
        return result


def patient_refs(episodes: Episodes, *, include_phi: bool, key: bytes | None = None) -> PatientRefs:
    """Patient references of every table: raw ids with ``include_phi``, else keyed pseudonyms."""
    patients = sorted(
        set(episodes.therapies["patient_id"].dropna().tolist())
        | set(episodes.nursing["patient_id"].dropna().tolist())
    )
    refs = patients if include_phi else pseudonymize(patients, key or pseudonym_key())
    return PatientRefs(episodes, dict(zip(patients, refs, strict=True)))


def load_history(
    episodes: Episodes | str | Path, payer: str | None = None, *, include_phi: bool = False
) -> Episodes:
    """Episodes loaded from a source (or given), kept to therapies of ``payer`` when given.

    Input errors show patient ids as keyed pseudonyms unless ``include_phi``."""
    from infusionkit.episodes import Episodes, load_episodes

    if not isinstance(episodes, Episodes):
        episodes = load_episodes(episodes, include_phi=include_phi)
    if payer is None:
        return episodes
    known = sorted(set(episodes.therapies["payer_id"].dropna().tolist()))
    kept = episodes.filter_payer(payer)
    if len(kept.therapies) == 0:
        raise InputErrors(
            [
                InputError(
                    file=str(kept.source or "episodes"),
                    column="payer_id",
                    message=f"no therapy has payer_id {payer!r}",
                    allowed=", ".join(known) or "(the therapies table has no payer_id values)",
                )
            ]
        )
    return kept


def load_prices(rates: str | Path | PriceBook | None, folder: Path | None = None) -> PriceBook:
    """A PriceBook as given, or read from ``rates`` (default: ``folder``)."""
    if isinstance(rates, PriceBook):
        return rates
    return _load_price_book(rates if rates is not None else folder)


def what_if(
    episodes: Episodes | str | Path,
    *,
    rates: str | Path | PriceBook | None = None,
    payer: str | None = None,
) -> WhatIf:
    """A :class:`WhatIf` for an episodes source (``rates``: price folder or PriceBook)."""
    return WhatIf(load_history(episodes, payer), load_prices(rates))


__all__ = [
    "CODING_KEYS",
    "UNUSED_KEYS",
    "WhatIf",
    "contract_key",
    "load_history",
    "load_prices",
    "what_if",
]
