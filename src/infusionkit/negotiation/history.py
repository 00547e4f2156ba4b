"""The history every negotiation question is valued on: one what-if service."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from infusionkit.contracts import Contract, load_contract
from infusionkit.simulation import Simulation, WhatIf, what_if

if TYPE_CHECKING:
    from infusionkit.episodes import Episodes
    from infusionkit.pricing import PriceBook

ContractLike = Contract | str | Path


def contract_of(contract: ContractLike) -> tuple[Contract, Path | None]:
    """A contract as given, or read from its file (and the file's path)."""
    if isinstance(contract, Contract):
        return contract, None
    path = Path(contract)
    return load_contract(path), path


def service_for(
    history: WhatIf | Simulation | Episodes | str | Path,
    *,
    rates: str | Path | PriceBook | None = None,
    payer: str | None = None,
    contract_path: Path | None = None,
) -> WhatIf:
    """The what-if service of ``history``: a ready service, a simulation's own, or a new one
    for an episodes source (``rates`` default: the folder of ``contract_path``)."""
    if isinstance(history, WhatIf):
        return history
    if isinstance(history, Simulation):
        return history.what_if
    if rates is None and contract_path is not None:
        rates = contract_path.parent
    return what_if(history, rates=rates, payer=payer)
